"""Readers for each input format; each turns an open file into articles and record errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import feedparser

from communique.ingest.checks import validate
from communique.ingest.delimited import csv_rows
from communique.ingest.html import fragment_to_text, html_to_text
from communique.ingest.jsontext import JsonTooDeep, json_value
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits
from communique.ingest.records import RecordBuilder, page_date
from communique.ingest.streams import Line, bounded_lines
from communique.model import Article, RecordError

Output = Iterator[Article | RecordError]


def read_json_records(stream: TextIO, builder: RecordBuilder) -> Output:
    """JSON lines, one object a line; a file holding one JSON array or object also works."""
    lines = bounded_lines(stream, builder.limits.max_record_chars)
    for line in lines:
        if line.text.strip():
            yield from _read_json_from(line, lines, builder)
            return


def _read_json_from(first: Line, rest: Iterator[Line], builder: RecordBuilder) -> Output:
    if _is_partial(first, builder.limits) and first.text.lstrip().startswith(("[", "{")):
        # A pretty-printed file: its first line alone is not a whole JSON value.
        gathered, complete = _gather(first, rest, builder.limits.max_document_bytes)
        value = _whole_value(gathered, builder.limits) if complete else None
        if value is not None:
            yield from _json_values(value, first.number, builder)
            return
        rest = itertools.chain(gathered[1:], rest)
    yield from _json_line(first, builder)
    for line in rest:
        if line.text.strip():
            yield from _json_line(line, builder)


def _is_partial(line: Line, limits: InputLimits) -> bool:
    if line.too_long:
        return False
    try:
        json_value(line.text, limits.max_json_depth)
    except json.JSONDecodeError:
        return True
    except JsonTooDeep:
        return False
    return False


def _gather(first: Line, rest: Iterator[Line], max_chars: int) -> tuple[list[Line], bool]:
    """The lines of a file read whole, and whether they are all of it (within ``max_chars``)."""
    gathered, size = [first], len(first.text)
    for line in rest:
        gathered.append(line)
        size += len(line.text)
        if line.too_long or size > max_chars:
            return gathered, False
    return gathered, True


def _whole_value(lines: list[Line], limits: InputLimits) -> Any | None:
    """The one JSON value the lines make together, or None when they make none."""
    try:
        value = json_value("".join(line.text for line in lines), limits.max_json_depth)
    except ValueError:  # broken or too deep as a whole: read line by line instead
        return None
    return value


def _json_line(line: Line, builder: RecordBuilder) -> Output:
    position = str(line.number)
    if line.too_long:
        yield builder.too_long(position)
        return
    try:
        value = json_value(line.text.rstrip("\r\n"), builder.limits.max_json_depth)
    except ValueError as err:  # JSONDecodeError or JsonTooDeep
        yield builder.unparsable_json(position, err)
        return
    yield from _json_values(value, line.number, builder)


def _json_values(value: Any, number: int, builder: RecordBuilder) -> Output:
    """The records of one JSON value: an object, or an array of objects."""
    if not isinstance(value, list):
        yield _json_record(value, str(number), builder)
        return
    for index, item in enumerate(value, start=1):
        yield _json_record(item, f"{number} item {index}", builder)


def _json_record(value: Any, position: str, builder: RecordBuilder) -> Article | RecordError:
    if not isinstance(value, dict):
        return builder.error(position, f"the record is a JSON {type(value).__name__}, not an "
                                       "object; write one JSON object per record")
    return builder.build(value, position)


def read_csv_records(stream: TextIO, builder: RecordBuilder, delimiter: str = ",") -> Output:
    """A CSV or TSV file with a header row naming at least 'id' and 'text' (or 'html')."""
    header, rows = csv_rows(stream, delimiter, builder.limits)
    header_problem = _header_problem(header)
    if header_problem:
        yield builder.error("1", header_problem)
        return
    for row in rows:
        if row.fields is None:
            yield builder.error(str(row.line), row.problem or "the row cannot be read")
            continue
        fields = {(k.strip() if k else k): v for k, v in row.fields.items()}
        yield builder.build(fields, str(row.line))


def _header_problem(columns: Sequence[str]) -> str | None:
    names = {name.strip() for name in columns}
    if "id" in names and names & {"text", "html"}:
        return None
    return (f"the header row has columns {sorted(names)}; it needs an 'id' column and a "
            "'text' or 'html' column")


def read_feed(data: bytes, builder: RecordBuilder) -> Output:
    """An RSS or Atom feed: each entry an article, with the feed's title as outlet."""
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = feed.get("bozo_exception") or "it has no entries"
        yield builder.error("1", f"the file is not a readable RSS/Atom feed ({problem}); "
                                 "check that it is a complete feed")
        return
    outlet = feed.feed.get("title") or None
    for index, entry in enumerate(feed.entries, start=1):
        yield builder.build(_entry_fields(entry, outlet), f"entry {index}")


def _entry_fields(entry: Mapping[str, Any], outlet: str | None) -> dict[str | None, object]:
    html = _entry_html(entry)
    return {
        "id": entry.get("id") or entry.get("link") or derived_entry_id(entry, html),
        "text": fragment_to_text(html),
        "published": _entry_date(entry),
        "url": entry.get("link"),
        "title": entry.get("title"),
        "outlet": outlet,
    }


def derived_entry_id(entry: Mapping[str, Any], html: str) -> str:
    """A stable id for an entry with neither guid nor link (both optional in RSS 2.0).

    It hashes the title, the date as written and the content, so the same item read again
    gets the same id and a repeat of it within a feed is caught as a duplicate.
    """
    # dict.get reads the fields as parsed, past feedparser's deprecated updated/published alias.
    stored: dict[str, Any] = entry if isinstance(entry, dict) else dict(entry)
    date = dict.get(stored, "published") or dict.get(stored, "updated")
    parts = (entry.get("title"), date, html)
    digest = hashlib.sha256("\x1f".join(str(part or "") for part in parts).encode("utf-8"))
    return f"item-{digest.hexdigest()[:16]}"


def _entry_html(entry: Mapping[str, Any]) -> str:
    # Full content beats the summary, which is often a teaser of the same text.
    for content in entry.get("content") or []:
        if content.get("value"):
            return str(content["value"])
    return str(entry.get("summary") or "")


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
    # feedparser already parses every date format feeds use in the wild; an entry whose date
    # it cannot read keeps its text, undated, rather than being dropped.
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


@dataclass(frozen=True)
class DocumentInfo:
    """What the caller knows about a single text or HTML file."""

    record_id: str
    origin: str
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None


def read_text_document(text: str, info: DocumentInfo,
                       limits: InputLimits = DEFAULT_LIMITS) -> Article | RecordError:
    """A plain-text file as one article."""
    if not text.strip():  # validate's words are for JSON records: say what to do with a file
        return RecordError(info.record_id, f"the file {info.origin.removesuffix(':1')} is "
                           "empty; put the article's text in it or leave it out")
    return validate(Article(id=info.record_id, text=text.strip(), published=info.published,
                            url=info.url, title=info.title, origin=info.origin), limits)


def read_html_document(html: str, info: DocumentInfo,
                       limits: InputLimits = DEFAULT_LIMITS) -> Article | RecordError:
    """An HTML page as one article; the caller's metadata wins over the page's own."""
    text, page = html_to_text(html)
    article = Article(id=info.record_id, text=text, published=info.published or page_date(page),
                      url=info.url or page["url"], title=info.title or page["title"],
                      outlet=page["sitename"], origin=info.origin)
    return validate(article, limits)
