"""What a new user meets first on the command line: --version, help that says what each
command does, the README's sort options, exit codes that agree, and messages that fit the
input they talk about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_corpus import write_corpus_store

from communique import __version__
from communique.batch import load as batch_load
from communique.cli.main import build_parser, main
from communique.ingest import read_path
from communique.model import RecordError


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus_store(tmp_path_factory.mktemp("cli") / "events.db")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"communique {__version__}"


@pytest.mark.parametrize("command", ["events", "export", "stats", "serve", "ingest", "extract"])
def test_every_command_describes_itself(command: str) -> None:
    subparsers = build_parser()._subparsers
    assert subparsers is not None
    [choices] = [action.choices for action in subparsers._group_actions]
    assert len(choices[command].description or "") > 40


def test_sort_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["events", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--sort KEY date (default), num_sources or score" in help_text
    assert "--desc sort descending" in help_text


def sources_in_order(db: Path, capsys: pytest.CaptureFixture[str], *sort: str) -> list[int]:
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--format", "jsonl", *sort]) == 0
    return [json.loads(line)["num_sources"] for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("sort", [["--sort", "-num_sources"], ["--sort=-num_sources"],
                                  ["--sort", "num_sources", "--desc"],
                                  ["--desc", "--sort", "-num_sources"]])
def test_descending_sort_in_every_documented_form(db: Path, capsys: pytest.CaptureFixture[str],
                                                  sort: list[str]) -> None:
    ascending = sources_in_order(db, capsys, "--sort", "num_sources")
    descending = sources_in_order(db, capsys, *sort)
    assert descending == sorted(ascending, reverse=True) and len(set(descending)) > 1


def test_a_bad_sort_key_is_still_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["events", "--db", str(db), "--sort", "-loudness"])
    assert exit_info.value.code == 2
    assert "invalid choice: '-loudness'" in capsys.readouterr().err


@pytest.mark.parametrize("failures, code", [(0, 0), (2, 1)])
def test_load_exits_one_when_records_had_failed(db: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                failures: int, code: int) -> None:
    monkeypatch.setattr(batch_load, "load_output",
                        lambda folder, store: batch_load.LoadSummary(documents=3,
                                                                     errors=failures))
    assert main(["load", str(tmp_path), "--db", str(db)]) == code
    assert ("failed" in capsys.readouterr().err) == bool(failures)


def test_an_empty_text_file_is_told_about_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "statement.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    [error] = read_path(empty)
    assert isinstance(error, RecordError)
    assert str(empty) in error.reason and "is empty" in error.reason
    assert "field" not in error.reason


def test_a_json_error_reads_as_english(tmp_path: Path) -> None:
    broken = tmp_path / "wires.jsonl"
    broken.write_text('{"id": "a", "text": "Chile recalled its ambassador.\n', encoding="utf-8")
    [error] = read_path(broken)
    assert isinstance(error, RecordError)
    assert "Unterminated string starting at column 21" in error.reason
    assert "at at" not in error.reason
