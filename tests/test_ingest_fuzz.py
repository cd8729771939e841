"""Fuzzing the readers and validation (issue 10): random bytes, random JSON and random HTML,
CSV and feed text, read under small limits, must never raise out of a record. Every record
ends as an Article or a RecordError, and a bad file in a folder never stops the folder."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.batch.inputs import (
    JSON_LINE,
    ArticleRecord,
    FailedRecord,
    InputRecord,
    parse_record,
    read_local,
)
from communique.errors import InputError
from communique.ingest import InputLimits, read_path, validate
from communique.model import Article, RecordError

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = InputLimits(max_chars=3000, max_lines=40, max_json_depth=8, max_record_chars=4000,
                    max_document_bytes=20_000, max_unpacked_bytes=60_000)
SENTINEL = {"id": "zz-sentinel", "text": "Peru and Chile signed a fisheries accord in Lima."}
SUFFIXES = (".jsonl", ".json", ".csv", ".tsv", ".txt", ".html", ".xml", ".rss", ".atom",
            ".jsonl.gz", ".csv.gz", ".txt.gz", ".html.gz", ".rss.gz")

WORDS = st.sampled_from(["Iran", "met", "Chile", "on", "Monday", "talks", ",", ".", " ", "\n",
                         "\r\n", "\t", '"', "'", "\\", "\x00", "\ufffd", "é", "\u2028", "{",
                         "]", "<", ">", "&amp;", "&#0;", "2025-01-01"])
FREE_TEXT = st.lists(WORDS, max_size=60).map("".join) | st.text(max_size=200)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | FREE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(FREE_TEXT, inner, max_size=4),
    max_leaves=40)
RECORDS = st.fixed_dictionaries({}, optional={
    "id": FREE_TEXT | st.integers() | st.none(), "text": FREE_TEXT | JSON_VALUES,
    "html": FREE_TEXT, "published": FREE_TEXT | st.integers(), "url": FREE_TEXT,
    "title": FREE_TEXT | JSON_VALUES, "outlet": FREE_TEXT})
TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<br>",
                        "<!--", "-->", "<html>", "<head>", "<title>", "</title>", "<body>",
                        "<meta charset='latin-9'>", "<![CDATA[", "]]>", "<?xml ?>", "<a href=",
                        "<article>", "<table><tr><td>", "&nbsp;", "&bogus;"])
HTML = st.lists(TAGS | WORDS, max_size=80).map("".join)


def assert_records(records: list[Any], limits: InputLimits = SMALL) -> None:
    """Each record is an Article within the limits or a RecordError with a reason."""
    for record in records:
        assert isinstance(record, Article | RecordError), record
        if isinstance(record, Article):
            assert record.id.strip() and record.text.strip()
            assert len(record.text) <= limits.max_chars
        else:
            assert record.record and record.reason


def read_in_folder(name: str, data: bytes) -> list[Article | RecordError]:
    """The records of one file read from a folder, after which a good file must still come."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        (Path(folder) / "zz.jsonl").write_text(json.dumps(SENTINEL) + "\n")
        records = list(read_path(Path(folder), limits=SMALL))
    assert_records(records)
    last = records[-1]
    assert isinstance(last, Article) and last.id == SENTINEL["id"]
    return records[:-1]


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_in_any_format(data: bytes, suffix: str) -> None:
    read_in_folder("input" + suffix, data)


@FUZZ
@given(values=st.lists(RECORDS, max_size=20), data=st.data())
def test_corrupt_gzip_streams(values: list[dict[str, Any]], data: st.DataObject) -> None:
    packed = bytearray(gzip.compress("\n".join(map(json.dumps, values)).encode()))
    for _ in range(data.draw(st.integers(1, 4))):
        packed[data.draw(st.integers(0, len(packed) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(2, len(packed)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl.gz"
        path.write_bytes(bytes(packed[:cut]))
        (Path(folder) / "zz.jsonl").write_text(json.dumps(SENTINEL) + "\n")
        records = list(read_path(Path(folder), limits=SMALL))
        assert_records(records)
        assert isinstance(records[-1], Article) and records[-1].id == SENTINEL["id"]
        for record in read_local(folder, "jsonl", SMALL):
            assert isinstance(parse_record(record, limits=SMALL),
                              ArticleRecord | FailedRecord | None)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_without_a_suffix_are_sniffed(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "download"
        path.write_bytes(data)
        try:
            records = list(read_path(path, limits=SMALL))
        except InputError:  # a file named alone that cannot be read at all
            return
    assert_records(records)


@FUZZ
@given(values=st.lists(JSON_VALUES | RECORDS, max_size=8))
def test_random_json_lines(values: list[Any]) -> None:
    lines = [json.dumps(value) for value in values]
    records = read_in_folder("lines.jsonl", "\n".join(lines).encode())
    assert len(records) >= sum(1 for value in values if not isinstance(value, list))
    for number, line in enumerate(lines, start=1):
        record = InputRecord(number, "/in/lines.jsonl", str(number), line, JSON_LINE)
        parsed = parse_record(record, limits=SMALL)
        assert isinstance(parsed, ArticleRecord | FailedRecord)


@FUZZ
@given(values=st.lists(RECORDS, min_size=1, max_size=6))
def test_random_records_each_give_exactly_one_record(values: list[dict[str, Any]]) -> None:
    records = read_in_folder("records.jsonl", "\n".join(map(json.dumps, values)).encode())
    assert len(records) == len(values)


@FUZZ
@given(page=HTML)
def test_random_html_pages_and_html_fields(page: str) -> None:
    read_in_folder("page.html", page.encode("utf-8", "surrogatepass"))
    field = json.dumps({"id": "h", "html": page})
    assert len(read_in_folder("pages.jsonl", field.encode())) == 1


@FUZZ
@given(rows=st.lists(st.lists(FREE_TEXT, min_size=1, max_size=4), max_size=8),
       delimiter=st.sampled_from([",", "\t"]))
def test_random_csv_text(rows: list[list[str]], delimiter: str) -> None:
    text = "id,text,published\n" if delimiter == "," else "id\ttext\tpublished\n"
    text += "".join(delimiter.join(row) + "\n" for row in rows)
    suffix = ".csv" if delimiter == "," else ".tsv"
    read_in_folder("rows" + suffix, text.encode("utf-8", "surrogatepass"))
    if delimiter == ",":
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "rows.csv").write_text(text, encoding="utf-8", errors="replace")
            for record in read_local(folder, "csv", SMALL):
                assert isinstance(parse_record(record, limits=SMALL),
                                  ArticleRecord | FailedRecord | None)


ITEM_PARTS = st.fixed_dictionaries({}, optional={
    "title": FREE_TEXT, "guid": FREE_TEXT, "link": FREE_TEXT, "pubDate": FREE_TEXT,
    "description": HTML})


def rss(items: list[dict[str, str]], raw: bool) -> str:
    def tag(name: str, value: str) -> str:
        body = value if raw else (value.replace("&", "&amp;").replace("<", "&lt;")
                                  .replace(">", "&gt;"))
        return f"<{name}>{body}</{name}>"

    entries = "".join("<item>" + "".join(tag(k, v) for k, v in item.items()) + "</item>"
                      for item in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}' \
           "</channel></rss>"


@FUZZ
@given(items=st.lists(ITEM_PARTS, max_size=5), raw=st.booleans())
def test_random_feeds(items: list[dict[str, str]], raw: bool) -> None:
    text = rss(items, raw).encode("utf-8", "surrogatepass")
    records = read_in_folder("feed.rss", text)
    if not raw and items:
        assert len(records) == len(items)  # no item is dropped for lacking an id


@FUZZ
@given(text=FREE_TEXT | HTML, ident=FREE_TEXT)
def test_validation_of_random_text(text: str, ident: str) -> None:
    assert_records([validate(Article(id=ident, text=text), SMALL)])
