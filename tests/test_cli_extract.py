"""``communique extract`` end to end: good records written, each bad one reported in the errors
file and on stderr with its id or line and a reason, and the exit code saying whether any
failed; single text and HTML files with ``--published`` and ``--id``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from communique.cli.main import main
from communique.pipeline import Pipeline

GOOD_1 = {"id": "good-1", "published": "2025-07-14", "title": "Expulsions",
          "text": "Canada expelled two Indian diplomats on Sunday."}
GOOD_2 = {"id": "good-2", "published": "2025-07-14", "url": "https://example.org/kz",
          "text": "Kazakh President Kassym-Jomart Tokayev met Uzbek President Shavkat "
                  "Mirziyoyev in Astana on Sunday."}
GOOD_UNDATED = {"id": "good-3", "text": "Poland accused Belarus of orchestrating a migrant "
                                        "crisis on its border."}
# Written for this test: a French report of a meeting, long enough for a confident verdict.
FRENCH = ("Le ministre des Affaires étrangères du Sénégal a rencontré dimanche à Dakar son "
          "homologue malien pour discuter de la sécurité dans la région du Sahel et de la "
          "coopération économique entre les deux pays voisins.")
BAD = {
    "empty": {"id": "empty", "published": "2025-07-14", "text": "   "},
    "binary": {"id": "binary", "published": "2025-07-14",
               "text": "\u0000\u0001\u0002PK\u0003\u0004" * 20},
    "french": {"id": "french", "published": "2025-07-14", "text": FRENCH},
    "bad-date": {"id": "bad-date", "published": "2025-13-45",
                 "text": "Japan delivered food aid to Sudan on Sunday."},
}
BROKEN_LINE = '{"id": "broken", "text": "Iran released two British sailors.'
REASON_WORDS = {"empty": "no text", "binary": "binary", "french": "not in English",
                "bad-date": "2025-13-45", "3": "not valid JSON"}


@pytest.fixture
def cli(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]):
    """Runs ``communique ARGS`` in process with the shared pipeline: (exit code, stderr)."""
    monkeypatch.setattr(Pipeline, "load", classmethod(lambda cls, config=None: pipeline))

    def run(*args: Any) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        return code, capsys.readouterr().err

    return run


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def mixed_input(tmp_path: Path) -> Path:
    lines = [json.dumps(GOOD_1), json.dumps(BAD["empty"]), BROKEN_LINE,
             json.dumps(BAD["binary"]), json.dumps(GOOD_2), json.dumps(BAD["french"]),
             json.dumps(BAD["bad-date"]), json.dumps(GOOD_UNDATED)]
    return write_lines(tmp_path / "articles.jsonl", lines)


def test_bad_records_are_reported_and_good_ones_written(cli, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    code, err = cli("extract", mixed_input(tmp_path), "-o", out)
    assert code == 1
    written = read_jsonl(out)
    assert [r["id"] for r in written] == ["good-1", "good-2", "good-3"]
    errors = read_jsonl(tmp_path / "events.errors.jsonl")
    assert len(errors) == 5
    by_record = {e["record"].rsplit(":", 1)[-1]: e for e in errors}
    assert set(by_record) == set(REASON_WORDS)
    for key, words in REASON_WORDS.items():
        assert words in by_record[key]["reason"], by_record[key]
        assert f"record {by_record[key]['record']}: " in err
    assert by_record["3"]["record"].endswith("articles.jsonl:3")
    assert "3 articles written" in err and "5 failed" in err


def test_events_of_good_records_carry_their_fields(cli, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    cli("extract", mixed_input(tmp_path), "-o", out)
    rows = {r["id"]: r for r in read_jsonl(out)}
    (expel,) = rows["good-1"]["events"]
    assert (expel["type"], expel["source"]["country"], expel["target"]["country"]) == (
        "SANCTION", "CAN", "IND")
    assert expel["date"] == "2025-07-13"
    assert (expel["cameo"], expel["quad_class"]) == ("166", 4)
    assert expel["evidence"] == GOOD_1["text"]
    assert rows["good-1"]["title"] == "Expulsions"
    assert rows["good-2"]["url"] == "https://example.org/kz"
    (meeting,) = rows["good-2"]["events"]
    assert {meeting["source"]["country"], meeting["target"]["country"]} == {"KAZ", "UZB"}
    (accusation,) = rows["good-3"]["events"]
    assert accusation["date"] is None and rows["good-3"]["published"] is None


def test_errors_file_can_be_named(cli, tmp_path: Path) -> None:
    errors = tmp_path / "rejected.jsonl"
    code, _ = cli("extract", mixed_input(tmp_path), "-o", tmp_path / "out.jsonl",
                  "--errors", errors)
    assert code == 1
    assert len(read_jsonl(errors)) == 5
    assert all(set(e) == {"record", "stage", "reason"} for e in read_jsonl(errors))


def test_all_good_input_exits_zero_without_an_errors_file(cli, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "good.jsonl", [json.dumps(GOOD_1), json.dumps(GOOD_2)])
    out = tmp_path / "events.jsonl"
    (tmp_path / "events.errors.jsonl").write_text('{"record": "from an older run"}\n')
    code, err = cli("extract", source, "-o", out)
    assert code == 0
    assert len(read_jsonl(out)) == 2
    assert not (tmp_path / "events.errors.jsonl").exists()
    assert "failed" in err and "record " not in err


def test_plain_text_file_with_published_and_id(cli, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text("Russian President Vladimir Putin phoned Turkish President Recep Tayyip "
                      "Erdogan on Sunday.\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    code, _ = cli("extract", source, "-o", out, "--published", "2025-07-14", "--id", "call")
    assert code == 0
    (row,) = read_jsonl(out)
    assert (row["id"], row["published"]) == ("call", "2025-07-14")
    (event,) = row["events"]
    assert (event["type"], event["mode"], event["date"]) == ("CONSULT", "phone", "2025-07-13")


def test_plain_text_file_id_defaults_to_its_stem(cli, tmp_path: Path) -> None:
    source = tmp_path / "expulsion.txt"
    source.write_text(GOOD_1["text"], encoding="utf-8")
    out = tmp_path / "events.jsonl"
    assert cli("extract", source, "-o", out)[0] == 0
    assert read_jsonl(out)[0]["id"] == "expulsion"


def test_html_file_is_reduced_to_its_article_text(cli, tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(
        "<html><head><title>Border row</title><script>var x = 'Iran attacked Iraq';</script>"
        "</head><body><nav>Home | World | Sport</nav><article><h1>Border row</h1>"
        "<p>Poland accused Belarus of orchestrating a migrant crisis on its border.</p>"
        "<p>Canada expelled two Indian diplomats on Sunday.</p></article></body></html>",
        encoding="utf-8")
    out = tmp_path / "events.jsonl"
    code, _ = cli("extract", source, "-o", out, "--published", "2025-07-14", "--id", "page")
    assert code == 0
    (row,) = read_jsonl(out)
    kinds = {(e["type"], e["source"]["country"]) for e in row["events"]}
    assert kinds == {("ACCUSE", "POL"), ("SANCTION", "CAN")}


def test_malformed_published_option_is_refused(cli, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "story.txt"
    source.write_text(GOOD_1["text"], encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["extract", str(source), "-o", str(tmp_path / "o.jsonl"), "--published",
              "14/07/2025"])
    assert caught.value.code == 2
    assert "--published" in capsys.readouterr().err


def test_missing_input_file_is_a_clear_error(cli, tmp_path: Path) -> None:
    code, err = cli("extract", tmp_path / "nowhere.jsonl", "-o", tmp_path / "o.jsonl")
    assert code == 2
    assert "nowhere.jsonl" in err and "no such file" in err


def test_console_command_exits_one_when_a_record_failed(tmp_path: Path) -> None:
    """The real ``python -m communique extract`` process, not just main()'s return value."""
    source = write_lines(tmp_path / "articles.jsonl", [json.dumps(GOOD_1), BROKEN_LINE])
    out = tmp_path / "events.jsonl"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "communique", "extract", str(source), "-o",
                           str(out)], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert "articles.jsonl:2" in done.stderr and "not valid JSON" in done.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["good-1"]
