"""One record (a JSON object, a CSV row, a feed entry) to an Article or a RecordError."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from communique.ingest.checks import parse_published, validate
from communique.ingest.html import html_to_text
from communique.ingest.jsontext import JsonTooDeep
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits, over_limit_reason
from communique.model import Article, RecordError


@dataclass
class RecordBuilder:
    """Builds the articles of one file, remembering its ids to catch duplicates."""

    source: str  # the file's path as the user wrote it, for origins and messages
    seen: dict[str, str] = field(default_factory=dict)  # id -> origin of its first record
    limits: InputLimits = DEFAULT_LIMITS

    def build(self, fields: Mapping[str | None, object], position: str) -> Article | RecordError:
        """The record at ``position`` (a line number, "item 3"...) as an article or an error."""
        origin = f"{self.source}:{position}"
        record_id = clean_field(fields.get("id"))
        label = record_id or origin
        if record_id and record_id in self.seen:
            return RecordError(label, _duplicate_reason(record_id, self.seen[record_id]))
        if record_id:
            self.seen[record_id] = origin
        try:
            article = _article(fields, record_id or "", origin)
        except ValueError as err:
            return RecordError(label, f"{err}", stage="ingest")
        return validate(article, self.limits)

    def error(self, position: str, reason: str) -> RecordError:
        """An error for a record that could not even be read (broken JSON, bad CSV quoting)."""
        return RecordError(f"{self.source}:{position}", reason, stage="ingest")

    def invalid_json(self, position: str, err: json.JSONDecodeError) -> RecordError:
        """The error for JSON line number ``position`` that does not parse."""
        # json's messages may end in "at" ("Unterminated string starting at").
        return self.error(position, f"line {position} is not valid JSON "
                                    f"({err.msg.removesuffix(' at')} at column {err.colno}); "
                                    "fix the line or remove it")

    def unparsable_json(self, position: str, err: ValueError) -> RecordError:
        """The error for JSON at ``position`` that is broken or nested too deeply."""
        if isinstance(err, json.JSONDecodeError):
            return self.invalid_json(position, err)
        limit = err.limit if isinstance(err, JsonTooDeep) else self.limits.max_json_depth
        return self.error(position, over_limit_reason(
            f"line {position} nests its JSON deeper than", "max_json_depth", limit, "levels"))

    def too_long(self, position: str) -> RecordError:
        """The error for a line or row over ``max_record_chars``, which was skipped unread."""
        limit = self.limits.max_record_chars
        return self.error(position, over_limit_reason(f"line {position} is longer than",
                                                      "max_record_chars", limit, "characters"))


def _duplicate_reason(record_id: str, first_origin: str) -> str:
    return (f"id {record_id!r} was already used by the record at {first_origin}; "
            "ids must be unique within a file, so rename or drop one of them")


def _article(fields: Mapping[str | None, object], record_id: str, origin: str) -> Article:
    text, page = _text_and_page(fields)
    published = fields.get("published")
    return Article(
        id=record_id,
        text=text,
        published=parse_published(published) if _present(published) else page_date(page),
        url=clean_field(fields.get("url")) or page.get("url"),
        title=clean_field(fields.get("title")) or page.get("title"),
        outlet=clean_field(fields.get("outlet")) or page.get("sitename"),
        origin=origin,
    )


def _text_and_page(fields: Mapping[str | None, object]) -> tuple[str, dict[str, str | None]]:
    """The article text, plus the page metadata when it came from an 'html' field."""
    text, html = fields.get("text"), fields.get("html")
    for name, value in (("text", text), ("html", html)):
        if _present(value) and not isinstance(value, str):
            raise ValueError(f"the '{name}' field is a {type(value).__name__}, not a string; "
                             "give the article as one string")
    if isinstance(text, str) and text.strip():
        return text, {}
    if isinstance(html, str) and html.strip():
        return html_to_text(html)
    return "", {}


def page_date(page: Mapping[str, str | None]) -> dt.date | None:
    """The date trafilatura found on a page, or None when it found none it could read."""
    # A date trafilatura guessed from the page is a hint, not the user's claim: a bad one is
    # dropped instead of failing the record.
    value = page.get("date")
    try:
        return parse_published(value) if value else None
    except ValueError:
        return None


def _present(value: object) -> bool:
    return value is not None and value != ""


def clean_field(value: object) -> str | None:
    """A field (an id, a URL...) as stripped text, or None when it is missing, blank or nested."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
