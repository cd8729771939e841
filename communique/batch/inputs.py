"""The batch job's input: article records as (order, file, position, payload) tuples.

Both engines see the same records in the same order: the files sorted by name, then each file's
records in file order. ``seq`` encodes that order in one integer, so "first seen" (which copy
of a document wins, which report gives a merged event its id) means the same thing in a Spark
job and in one process. The payload is a JSON line (JSONL input) or a JSON object of the row's
columns (CSV and Parquet input); ``parse_record`` turns it into an Article with the ingest
module's own record rules.

Local files are read through the ingest readers' layer (``communique.ingest.streams``,
``delimited``, ``jsontext``), under the same ``InputLimits``: gzip inflated as a stream and
bounded, lines of bounded length, CSV quotes left open caught, JSON nesting bounded. A line or
file that fails becomes a READ_ERROR record whose payload is the reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TextIO
from urllib.parse import unquote

from communique.errors import InputError
from communique.ingest.checks import content_hash
from communique.ingest.delimited import csv_rows
from communique.ingest.jsontext import json_value
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits, over_limit_reason
from communique.ingest.records import RecordBuilder, clean_field
from communique.ingest.streams import (
    READ_FAILURES,
    bounded_lines,
    open_text,
    unreadable_reason,
)
from communique.model import Article, RecordError

FORMATS = ("jsonl", "csv", "parquet")
SUFFIX_FORMATS = {
    ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
    ".parquet": "parquet", ".pq": "parquet",
}
# seq = file rank * FILE_STRIDE + record index: room for 2**40 records in one file.
FILE_STRIDE = 1 << 40
JSON_LINE = "json"  # payload kinds
ROW_FIELDS = "fields"
READ_ERROR = "error"  # a line, row or file that could not be read; the payload is the reason


class InputRecord(NamedTuple):
    """One record before parsing; ``position`` is "line 12" or "row 3" for messages."""

    seq: int
    source: str
    position: str
    payload: str
    kind: str


class ArticleRecord(NamedTuple):
    """A parsed, valid article with its place in the input and its content hash."""

    seq: int
    article: tuple[Any, ...]
    digest: str
    url: str | None


@dataclass(frozen=True)
class FailedRecord:
    """A record that failed reading or extraction, in input order."""

    seq: int
    error: RecordError


def input_format(path: str, given: str | None) -> str:
    """The format named by ``--format``, else the one the path's suffix implies."""
    if given:
        if given not in FORMATS:
            raise InputError(path, f"format {given!r} is unknown; use one of {', '.join(FORMATS)}")
        return given
    found = suffix_format(path) or folder_format(path)
    if found is None:
        raise InputError(path, "cannot tell the input format from the name; pass --format "
                               f"({', '.join(FORMATS)})")
    return found


def suffix_format(name: str) -> str | None:
    """The input format a file name implies (``.gz``/``.bz2`` looked through)."""
    lowered = name.lower().removesuffix(".gz").removesuffix(".bz2")
    return next((fmt for suffix, fmt in SUFFIX_FORMATS.items() if lowered.endswith(suffix)), None)


def folder_format(path: str) -> str | None:
    """The one format of a local folder's files; None for remote URLs or mixed folders."""
    folder = Path(path)
    if "://" in path or not folder.is_dir():
        return None
    formats = {suffix_format(item.name) for item in input_files(folder)} - {None}
    return formats.pop() if len(formats) == 1 else None


def input_files(path: Path) -> list[Path]:
    """A file, or a folder's visible files (Spark also skips names starting with _ or .)."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(str(path), "no such file or folder; check the path")
    return sorted(item for item in path.iterdir()
                  if item.is_file() and not item.name.startswith(("_", ".")))


def display_source(uri: str) -> str:
    """A file as messages name it: Spark's file:/x/y becomes /x/y in both engines."""
    if not uri.startswith("file:"):
        return uri
    return unquote(uri.removeprefix("file://").removeprefix("file:"))


def sequence(file_rank: int, index: int) -> int:
    """The record's place in the whole input, as one sortable integer."""
    return file_rank * FILE_STRIDE + index


def position_name(kind: str, index: int) -> str:
    """How messages name a record's place in its file: ``7`` (a line) or ``row 7``."""
    # JSONL lines count every line, blank ones too, so "line 7" is line 7 in an editor.
    return f"{index + 1}" if kind == JSON_LINE else f"row {index + 1}"


# -- reading in one process ------------------------------------------------------------------

def read_local(path: str, fmt: str,
               limits: InputLimits = DEFAULT_LIMITS) -> Iterator[InputRecord]:
    """Every record of a local file or folder, in the order the Spark engine gives them."""
    # A READ_ERROR is named like the records around it: a line of JSONL, a row of a table.
    numbering = JSON_LINE if fmt == "jsonl" else ROW_FIELDS
    for rank, file in enumerate(input_files(Path(path))):
        source = str(file.resolve())
        for index, (kind, payload) in enumerate(file_payloads(file, fmt, limits)):
            yield InputRecord(sequence(rank, index), source, position_name(numbering, index),
                              payload, kind)


def file_payloads(file: Path, fmt: str,
                  limits: InputLimits = DEFAULT_LIMITS) -> Iterator[tuple[str, str]]:
    """(kind, payload) of each record of one local file, in file order; a file that fails
    part-way ends with one READ_ERROR, after the records read before the failure."""
    try:
        if fmt == "parquet":
            yield from parquet_payloads(file)
            return
        with open_text(file, limits) as stream:
            yield from (csv_payloads(stream, limits) if fmt == "csv"
                        else line_payloads(stream, limits))
    except READ_FAILURES as err:
        yield READ_ERROR, unreadable_reason(err)


def line_payloads(stream: TextIO,
                  limits: InputLimits = DEFAULT_LIMITS) -> Iterator[tuple[str, str]]:
    """Each JSONL line (blank ones too, so positions are line numbers); an over-long line
    is skipped unread and comes back as a READ_ERROR."""
    for line in bounded_lines(stream, limits.max_record_chars):
        if line.too_long:
            yield READ_ERROR, over_limit_reason(f"line {line.number} is longer than",
                                                "max_record_chars", limits.max_record_chars,
                                                "characters")
        else:
            yield JSON_LINE, line.text.rstrip("\r\n")


def csv_payloads(stream: TextIO,
                 limits: InputLimits = DEFAULT_LIMITS) -> Iterator[tuple[str, str]]:
    """Each CSV row as a JSON object of its non-empty columns, or a READ_ERROR for a row
    that cannot be read (a quote left open, a row over ``max_record_chars``)."""
    # Unlike ingest, batch does not check the header: each row fails on its own, as in Spark.
    _, rows = csv_rows(stream, ",", limits)
    for row in rows:
        if row.fields is None:
            yield READ_ERROR, row.problem or "the row cannot be read"
            continue
        fields = {key: value for key, value in row.fields.items() if key and value != ""}
        yield ROW_FIELDS, json.dumps(fields)


def parquet_payloads(file: Path) -> Iterator[tuple[str, str]]:
    """Each Parquet row as a JSON object of its non-null columns."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(file).iter_batches():
        for row in batch.to_pylist():
            fields = {key: value for key, value in row.items() if value is not None}
            yield ROW_FIELDS, json.dumps(fields, default=str)


# -- parsing (on an executor, or in the one process) -----------------------------------------

def parse_record(record: InputRecord, repeats: Mapping[int, str] | None = None,
                 limits: InputLimits = DEFAULT_LIMITS) -> ArticleRecord | FailedRecord | None:
    """The record as a validated article, as a failure, or None for a blank JSONL line.

    ``repeats`` maps the seq of each record whose id an earlier record of its file already
    used to that record's origin; it fails with the ingest readers' own message.
    """
    if record.kind == JSON_LINE and not record.payload.strip():
        return None
    builder = RecordBuilder(source=display_source(record.source), limits=limits)
    fields = payload_fields(record, builder)
    if isinstance(fields, RecordError):
        return FailedRecord(record.seq, fields)
    ident = clean_field(fields.get("id"))
    if repeats and ident and record.seq in repeats:
        builder.seen[ident] = repeats[record.seq]
    built = builder.build(fields, record.position)
    if isinstance(built, RecordError):
        return FailedRecord(record.seq, built)
    return ArticleRecord(record.seq, article_tuple(built), content_hash(built.text), built.url)


IdClaim = tuple[tuple[str, str], tuple[int, str]]


def id_claims(record: InputRecord) -> list[IdClaim]:
    """((file, id), (seq, origin)) of a record that names an id: ids are unique per file."""
    if record.kind == JSON_LINE and not record.payload.strip():
        return []
    source = display_source(record.source)
    fields = payload_fields(record, RecordBuilder(source=source))
    ident = None if isinstance(fields, RecordError) else clean_field(fields.get("id"))
    return [((source, ident), (record.seq, f"{source}:{record.position}"))] if ident else []


def repeated_ids(claims: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(seq, origin of the first use) for every later record claiming one file's id."""
    ordered = sorted(claims)
    return [(seq, ordered[0][1]) for seq, _ in ordered[1:]]


def payload_fields(record: InputRecord, builder: RecordBuilder) -> dict[Any, Any] | RecordError:
    """The record's fields, or the RecordError a read failure, broken or too deeply nested
    JSON, or a non-object gives."""
    if record.kind == READ_ERROR:
        return builder.error(record.position, record.payload)
    try:
        value = json_value(record.payload, builder.limits.max_json_depth)
    except ValueError as err:  # JSONDecodeError or JsonTooDeep
        return builder.unparsable_json(record.position, err)
    if not isinstance(value, dict):
        return builder.error(record.position, f"the record is a JSON {type(value).__name__}, "
                                              "not an object; write one JSON object per line")
    return value


def article_tuple(article: Article) -> tuple[Any, ...]:
    """An Article as plain values that pickle small and travel between Spark stages."""
    published = article.published.isoformat() if article.published else None
    return (article.id, article.text, published, article.url, article.title, article.outlet,
            article.language, article.origin)


def article_from_tuple(values: tuple[Any, ...]) -> Article:
    """The Article ``article_tuple`` packed (``parse_record`` validated it already)."""
    ident, text, published, url, title, outlet, language, origin = values
    return Article(id=ident, text=text, url=url, title=title, outlet=outlet, language=language,
                   origin=origin, published=dt.date.fromisoformat(published) if published else None,
                   validated=True)
