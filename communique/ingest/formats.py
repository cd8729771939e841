"""Readers for each input format; each turns an open file into articles and record errors."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import feedparser

from communique.ingest.checks import validate
from communique.ingest.html import fragment_to_text, html_to_text
from communique.ingest.records import RecordBuilder, page_date
from communique.model import Article, RecordError

Output = Iterator[Article | RecordError]

# Articles can be long; the csv module's default cap of 128 KiB per field would fail them.
CSV_FIELD_LIMIT = 16 * 1024 * 1024


def read_json_records(stream: TextIO, builder: RecordBuilder) -> Output:
    """JSON lines, one object a line; a file holding one JSON array or object also works."""
    lines = iter(stream)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield from _read_json_from(line, number, lines, builder)
            return


def _read_json_from(first: str, number: int, rest: Iterator[str],
                    builder: RecordBuilder) -> Output:
    if _is_broken(first) and first.lstrip().startswith(("[", "{")):
        # A pretty-printed file: its first line alone is not a whole JSON value.
        text = first + "".join(rest)
        if not _is_broken(text):
            yield from _json_values(json.loads(text), number, builder)
            return
        # Split on "\n" only, as file iteration does: str.splitlines would also break
        # inside strings holding U+2028 and shift every line number after it.
        rest = iter(text.split("\n")[1:])
    yield from _json_line(first, number, builder)
    for later, line in enumerate(rest, start=number + 1):
        if line.strip():
            yield from _json_line(line, later, builder)


def _is_broken(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return True
    return False


def _json_line(line: str, number: int, builder: RecordBuilder) -> Output:
    try:
        value = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        yield builder.invalid_json(str(number), err)
        return
    yield from _json_values(value, number, builder)


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
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.DictReader(stream, delimiter=delimiter)
    header_problem = _header_problem(reader.fieldnames or [])
    if header_problem:
        yield builder.error("1", header_problem)
        return
    yield from _csv_rows(reader, builder)


def _header_problem(columns: Sequence[str]) -> str | None:
    names = {name.strip() for name in columns}
    if "id" in names and names & {"text", "html"}:
        return None
    return (f"the header row has columns {sorted(names)}; it needs an 'id' column and a "
            "'text' or 'html' column")


def _csv_rows(reader: csv.DictReader[str], builder: RecordBuilder) -> Output:
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield builder.error(str(start), f"the CSV row starting on line {start} cannot be "
                                            f"read ({err}); check its quoting")
        else:
            fields = {(k.strip() if k else k): v for k, v in row.items()}
            yield builder.build(fields, str(start))
        start = reader.line_num + 1


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
    return {
        "id": entry.get("id") or entry.get("link"),
        "text": fragment_to_text(_entry_html(entry)),
        "published": _entry_date(entry),
        "url": entry.get("link"),
        "title": entry.get("title"),
        "outlet": outlet,
    }


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


def read_text_document(text: str, info: DocumentInfo) -> Article | RecordError:
    """A plain-text file as one article."""
    if not text.strip():  # validate's words are for JSON records: say what to do with a file
        return RecordError(info.record_id, f"the file {info.origin.removesuffix(':1')} is "
                           "empty; put the article's text in it or leave it out")
    return validate(Article(id=info.record_id, text=text.strip(), published=info.published,
                            url=info.url, title=info.title, origin=info.origin))


def read_html_document(html: str, info: DocumentInfo) -> Article | RecordError:
    """An HTML page as one article; the caller's metadata wins over the page's own."""
    text, page = html_to_text(html)
    article = Article(id=info.record_id, text=text, published=info.published or page_date(page),
                      url=info.url or page["url"], title=info.title or page["title"],
                      outlet=page["sitename"], origin=info.origin)
    return validate(article)
