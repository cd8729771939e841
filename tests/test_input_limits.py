"""Bad input never stops or poisons a run (issue 10, items 1-6): every long, deep, corrupt or
inflating input is built here, read, and must end as one RecordError naming the record or
file and the limit, while the records around it still come out."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from communique.batch.inputs import (
    JSON_LINE,
    READ_ERROR,
    FailedRecord,
    InputRecord,
    parse_record,
    read_local,
)
from communique.cli.main import main
from communique.errors import InputError
from communique.ingest import DEFAULT_LIMITS, InputLimits, read_path, validate
from communique.ingest.jsontext import nesting_exceeds
from communique.model import Article, RecordError
from communique.pipeline import Pipeline

ENGLISH = ("The prime minister of India met the president of Indonesia in Jakarta on Thursday "
           "to discuss maritime security and trade, the Indian foreign ministry said. ")
MIB = 1024 * 1024


def labels(records: list[Article | RecordError]) -> list[tuple[str, str]]:
    return [("error", r.record) if isinstance(r, RecordError) else ("article", r.id)
            for r in records]


def jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def error_of(records: list[Article | RecordError], record: str) -> RecordError:
    (found,) = [r for r in records if isinstance(r, RecordError) and r.record == record]
    return found


# --- 1. characters per article ----------------------------------------------------------------

def test_an_article_over_max_chars_is_refused_naming_length_limit_and_option() -> None:
    long_text = ENGLISH * (DEFAULT_LIMITS.max_chars // len(ENGLISH) + 1)
    error = validate(Article(id="long-read", text=long_text))
    assert isinstance(error, RecordError) and error.record == "long-read"
    assert f"{len(long_text):,} characters" in error.reason
    assert "500,000" in error.reason and "max_chars" in error.reason
    assert "--max-chars" in error.reason
    assert isinstance(validate(Article(id="long-read", text=long_text),
                              InputLimits(max_chars=len(long_text))), Article)


def test_a_long_record_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl({"id": "short", "text": ENGLISH}, {"id": "long", "text": ENGLISH * 3},
                          {"id": "after", "text": ENGLISH}))
    records = list(read_path(path, limits=InputLimits(max_chars=len(ENGLISH) * 2)))
    assert labels(records) == [("article", "short"), ("error", "long"), ("article", "after")]


def test_the_pipeline_validates_with_its_limits(pipeline: Pipeline,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "config",
                        replace(pipeline.config, limits=InputLimits(max_chars=len(ENGLISH))))
    (result,) = pipeline.process_many([Article(id="over", text=ENGLISH * 2)])
    assert isinstance(result, RecordError) and "max_chars" in result.reason


# --- 2. corrupt gzip --------------------------------------------------------------------------

def corrupt_gzip(count: int) -> bytes:
    """A gzip of ``count`` JSON lines, complete but corrupt: its first deflate block header
    (after the 10-byte gzip header) names a block type that does not exist."""
    lines = jsonl(*({"id": f"r{i}", "text": f"{ENGLISH}Item {i}."} for i in range(count)))
    data = bytearray(gzip.compress(lines.encode()))
    data[10] = 0xFF
    return bytes(data)


def test_a_corrupt_gzip_in_a_folder_is_one_error_and_the_folder_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "a.jsonl.gz"
    broken.write_bytes(corrupt_gzip(500))
    (tmp_path / "b.jsonl").write_text(jsonl({"id": "after", "text": ENGLISH}))
    records = list(read_path(tmp_path))
    error = error_of(records, str(broken))
    assert "gzip" in error.reason and "invalid block type" in error.reason
    assert labels(records)[-1] == ("article", "after")


def test_a_corrupt_gzip_named_alone_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "only.txt.gz"
    broken.write_bytes(corrupt_gzip(500))
    with pytest.raises(InputError, match="gzip"):
        list(read_path(broken))


# --- 3. JSON nesting --------------------------------------------------------------------------

def test_a_line_nested_100000_deep_is_one_error_and_the_next_lines_come_out(
        tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path.write_text(jsonl({"id": "before", "text": ENGLISH}) + deep + "\n"
                    + jsonl({"id": "after", "text": ENGLISH}))
    records = list(read_path(path))
    assert labels(records) == [("article", "before"), ("error", f"{path}:2"),
                               ("article", "after")]
    assert "max_json_depth" in records[1].reason  # type: ignore[union-attr]


def test_nesting_counts_brackets_outside_strings_only() -> None:
    text = json.dumps({"id": "a", "text": "[[[[" * 50 + "{{{{" * 50, "meta": {"a": {"b": 1}}})
    assert not nesting_exceeds(text, 3)
    assert nesting_exceeds(text, 2)


def test_a_lower_json_depth_refuses_a_nested_record_in_batch_too() -> None:
    payload = json.dumps({"id": "n", "text": ENGLISH, "meta": {"a": {"b": {"c": 1}}}})
    record = InputRecord(0, "/in/a.jsonl", "1", payload, JSON_LINE)
    assert not isinstance(parse_record(record), FailedRecord)
    failed = parse_record(record, limits=InputLimits(max_json_depth=3))
    assert isinstance(failed, FailedRecord) and "max_json_depth" in failed.error.reason


# --- 4. gzip bombs and long lines -------------------------------------------------------------

def test_a_gzip_bomb_line_is_cut_and_skipped_in_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"0" * (64 * MIB) + b"\n" + jsonl(
        {"id": "after", "text": ENGLISH}).encode()))
    tracemalloc.start()
    try:
        records = list(read_path(bomb, limits=InputLimits(max_record_chars=MIB)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert labels(records) == [("error", f"{bomb}:1"), ("article", "after")]
    assert "max_record_chars" in records[0].reason  # type: ignore[union-attr]
    assert peak < 16 * MIB  # the whole line would be 64 MiB


def test_a_gzip_that_inflates_past_the_limit_stops_with_the_file_named(tmp_path: Path) -> None:
    bomb = tmp_path / "a-bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"\n" * (8 * MIB)))
    (tmp_path / "b.jsonl").write_text(jsonl({"id": "after", "text": ENGLISH}))
    records = list(read_path(tmp_path, limits=InputLimits(max_unpacked_bytes=MIB)))
    error = error_of(records, str(bomb))
    assert "max_unpacked_bytes" in error.reason and "1,048,576" in error.reason
    assert labels(records)[-1] == ("article", "after")


def test_a_text_file_over_the_document_limit_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "a-page.txt.gz"
    page.write_bytes(gzip.compress(ENGLISH.encode() * 20_000))
    (tmp_path / "b.txt").write_text(ENGLISH)
    records = list(read_path(tmp_path, limits=InputLimits(max_document_bytes=MIB)))
    assert "max_document_bytes" in error_of(records, str(page)).reason
    assert labels(records)[-1] == ("article", "b")


def test_batch_reads_a_bomb_and_a_corrupt_gzip_as_failed_records(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b"0" * (2 * MIB)))
    (tmp_path / "b.jsonl.gz").write_bytes(corrupt_gzip(500))
    (tmp_path / "c.jsonl").write_text(jsonl({"id": "after", "text": ENGLISH}))
    records = list(read_local(str(tmp_path), "jsonl", InputLimits(max_record_chars=MIB)))
    errors = [r for r in records if r.kind == READ_ERROR]
    assert "max_record_chars" in errors[0].payload and errors[0].position == "1"
    assert errors[1].source.endswith("b.jsonl.gz") and "invalid block" in errors[1].payload
    last = parse_record(records[-1])
    assert not isinstance(last, FailedRecord) and last is not None
    failed = parse_record(errors[1])
    assert isinstance(failed, FailedRecord) and failed.error.record.startswith(errors[1].source)


# --- 5. lines per article ---------------------------------------------------------------------

def test_100000_one_word_lines_are_refused_by_the_line_limit() -> None:
    error = validate(Article(id="lines", text="Oil\n" * 100_000))
    assert isinstance(error, RecordError) and error.record == "lines"
    assert "the text has 100,000 lines" in error.reason and "max_lines" in error.reason
    assert "--max-lines" in error.reason


# --- 6. feeds without ids, CSV quotes left open -----------------------------------------------

RSS_WITHOUT_IDS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quay Post</title>
<item><title>Talks in Hanoi</title><pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate>
<description>Vietnam and the Philippines held coast guard talks in Hanoi.</description></item>
<item><title>Envoy recalled</title>
<description>Chile recalled its ambassador to Venezuela on Monday.</description></item>
<item><title>Envoy recalled</title>
<description>Chile recalled its ambassador to Venezuela on Monday.</description></item>
</channel></rss>"""


def test_rss_items_without_guid_or_link_get_a_stable_id(tmp_path: Path) -> None:
    feed = tmp_path / "quay.rss"
    feed.write_text(RSS_WITHOUT_IDS)
    first = list(read_path(feed))
    hanoi, chile, repeat = first
    assert isinstance(hanoi, Article) and isinstance(chile, Article)
    assert hanoi.id.startswith("item-") and hanoi.id != chile.id
    assert [r.id for r in list(read_path(feed))[:2]] == [hanoi.id, chile.id]  # type: ignore
    assert isinstance(repeat, RecordError) and "already used" in repeat.reason


def test_a_csv_quote_left_open_costs_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    path.write_text(f'id,text,published\na,"{ENGLISH},2025-01-01\nb,"{ENGLISH}",2025-01-02\n'
                    f'c,"{ENGLISH}",2025-01-03\n')
    records = list(read_path(path))
    assert labels(records) == [("error", f"{path}:2"), ("article", "b"), ("article", "c")]
    assert "line 2" in records[0].reason and "quote" in records[0].reason  # type: ignore
    assert [r.origin for r in records[1:]] == [f"{path}:3", f"{path}:4"]  # type: ignore


def test_a_csv_quote_open_to_the_end_of_the_file_costs_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "open-to-end.csv"
    path.write_text(f'id,text\na,"{ENGLISH}\nb,{ENGLISH}\nc,{ENGLISH}\n')
    assert labels(list(read_path(path))) == [("error", f"{path}:2"), ("article", "b"),
                                             ("article", "c")]


def test_a_quoted_field_over_several_lines_still_reads_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.csv"
    path.write_text(f'id,text\na,"{ENGLISH}\n\nSecond ""quoted"" paragraph."\nb,{ENGLISH}\n')
    records = list(read_path(path))
    assert labels(records) == [("article", "a"), ("article", "b")]
    assert records[0].text.endswith('Second "quoted" paragraph.')  # type: ignore[union-attr]
    assert records[1].origin == f"{path}:5"  # type: ignore[union-attr]


def test_a_csv_row_over_the_record_limit_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(f"id,text\na,{'x' * 5000}\nb,{ENGLISH}\n")
    records = list(read_path(path, limits=InputLimits(max_record_chars=1000)))
    assert labels(records) == [("error", f"{path}:2"), ("article", "b")]
    assert "max_record_chars" in records[0].reason  # type: ignore[union-attr]


# --- the limits themselves --------------------------------------------------------------------

def test_limits_must_be_positive_whole_numbers() -> None:
    with pytest.raises(InputError, match="--max-lines"):
        InputLimits(max_lines=0)


# --- the command line -------------------------------------------------------------------------

@pytest.fixture
def shared_pipeline(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    """``Pipeline.load`` in the commands returns the session's pipeline (no second load)."""
    monkeypatch.setattr(Pipeline, "load", classmethod(lambda cls, config=None: pipeline))
    return pipeline


@pytest.mark.usefixtures("shared_pipeline")
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_max_chars_on_the_command_line(command: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "short", "text": "Iran and Iraq signed a pact on Monday."},
                            {"id": "long", "text": ENGLISH * 3}))
    target = (["-o", str(tmp_path / "out.jsonl")] if command == "extract"
              else ["--db", str(tmp_path / "events.db")])
    code = main([command, str(source), *target, "--max-chars", str(len(ENGLISH) * 2)])
    stderr = capsys.readouterr().err
    assert code == 1
    assert "long" in stderr and "--max-chars" in stderr and "short" not in stderr
