"""Turning a time expression into a calendar value, resolved against the publication date.

``DateResolver.resolve`` answers ``(value, precision)``: ``"2025-07-13", "day"``, ``"2022-02",
"month"`` or ``"2011", "year"``. Relative words (yesterday, weekdays, weeks, weekends, the day
words) are computed here because their rules are simple and dateparser gets some of them wrong
(a weekday equal to the publication weekday, "set for Tuesday"); everything else goes to
dateparser, whose reported period decides the precision, so "February 2022" is "2022-02" and not
the day dateparser fills in.

Finding the expressions in a parsed sentence is ``communique.time.mentions.find_mentions``
(``find_date_mentions``), which uses this module; this module uses nothing of it.

Weeks and weekends cannot be written as one day. Their value is the month that holds most of
their days (the later month on a tie), precision "month": a week inside one month is exactly
right at month precision, and a straddling week is still placed by most of its days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from typing import Any

from dateparser.date import DateDataParser

from communique.time.cues import TimeCues

Resolution = tuple[str, str]  # (value, precision)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec")
SEASONS = ("spring", "summer", "autumn", "fall", "winter")
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night", "midnight", "noon", "overnight")
DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
             "this evening": 0, "yesterday": -1, "last night": -1, "last evening": -1,
             "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}
ANCHORED_DAYS = {"previous": -1, "before": -1, "earlier": -1, "prior": -1, "next": 1,
                 "following": 1, "after": 1, "later": 1, "same": 0, "that": 0}
YEAR = re.compile(r"\b(1[0-9]|20)\d\d\b")
DECADE = re.compile(r"\d0s\b|'\d0s\b|\bdecades?\b|\bcentur(y|ies)\b")
WEEKDAY_PHRASE = re.compile(r"^(?:(last|this|next|past|coming)\s+)?(" + "|".join(WEEKDAYS) + r")$")
WEEK_PHRASE = re.compile(r"^(?:(this|last|next|past|previous|coming|the)\s+)?(week|weekend)$")
DAY_RANGE = re.compile(r"(?<![\d-])(\d{1,2})\s*[-–]\s*\d{1,2}\b(?!-)")
CACHE_SIZE = 50_000
PARSER_CACHE_SIZE = 256


class DateResolver:
    """Resolves time expressions; build one and reuse it (parsers and results are kept)."""

    def __init__(self, cues: TimeCues | None = None) -> None:
        self.cues = cues or TimeCues.load()
        self._settings: dict[str, Any] = {"RETURN_TIME_AS_PERIOD": True,
                                          "PREFER_DAY_OF_MONTH": "first"}
        self._absolute_parser = DateDataParser(languages=["en"], settings=self._settings)
        self._parsers: OrderedDict[tuple[dt.date, bool], DateDataParser] = OrderedDict()
        self._results: OrderedDict[tuple[str, dt.date | None, bool], Resolution | None] = (
            OrderedDict())

    def resolve(self, expression: str, published: dt.date | None, *,
                prefer_future: bool = False) -> Resolution | None:
        """``(value, precision)`` of an expression, or None for durations, ages and non-dates.

        With ``published`` None only expressions that name their year resolve.
        """
        key = (expression.strip().lower(), published, prefer_future)
        if key in self._results:
            self._results.move_to_end(key)
            return self._results[key]
        result = self._resolve_text(key[0], published, prefer_future)
        self._results[key] = result
        if len(self._results) > CACHE_SIZE:
            self._results.popitem(last=False)
        return result

    def resolve_anchored(self, expression: str, anchor: dt.date) -> Resolution | None:
        """Expressions counted from another date ("the previous day", "the same day")."""
        text = expression.strip().lower()
        offset = anchored_offset(text)
        if offset is None:
            offset = anchored_offset(clean(text, self.cues))
        if offset is None:
            return None
        return (anchor + dt.timedelta(days=offset)).isoformat(), "day"

    def is_duration(self, expression: str) -> bool:
        """True for lengths of time and ages ("three-day", "for two years", "decades", "64")."""
        return is_non_date(clean(expression.lower(), self.cues), self.cues)

    def _resolve_text(self, text: str, published: dt.date | None,
                      future: bool) -> Resolution | None:
        if anchored_offset(text) is not None:
            return None
        text = clean(text, self.cues)
        if not text or is_non_date(text, self.cues) or anchored_offset(text) is not None:
            return None
        if published is None:
            return self._resolve_absolute(text)
        for rule in (day_word, weekday, week_span):
            result = rule(text, published, future)
            if result is not None:
                return result
        result = self._parse(text, self._parser(published, future), published)
        if result is not None and not weekday_agrees(text, result):
            return self._parse(text, self._parser(published, not future), published) or result
        if future and result is not None and result[1] == "day":
            # dateparser's future skips the publication day itself ("February 2" on February 2)
            backward = self._parse(text, self._parser(published, False), published)
            return backward if backward == format_value(published, "day") else result
        return result

    def _resolve_absolute(self, text: str) -> Resolution | None:
        if not YEAR.search(text) or self.cues.past_markers & set(text.split()):
            return None
        return self._parse(text, self._absolute_parser, None)

    def _parser(self, published: dt.date, future: bool) -> DateDataParser:
        """One parser per (publication date, direction): dateparser fixes its base at build."""
        key = (published, future)
        if key not in self._parsers:
            base = dt.datetime.combine(published, dt.time(12))
            settings = {**self._settings, "RELATIVE_BASE": base,
                        "PREFER_DATES_FROM": "future" if future else "past"}
            self._parsers[key] = DateDataParser(languages=["en"], settings=settings)
            if len(self._parsers) > PARSER_CACHE_SIZE:
                self._parsers.popitem(last=False)
        return self._parsers[key]

    def _parse(self, text: str, parser: DateDataParser,
               published: dt.date | None) -> Resolution | None:
        data = parser.get_date_data(text)
        if data.date_obj is None or not 1000 <= data.date_obj.year <= 2999:
            return None
        day = data.date_obj.date()
        period = data.period or "day"
        if period in ("time", "part_of_day") and not has_date_word(text):
            return None  # a clock time alone ("10 a.m.") says nothing about the date
        if period == "week":
            return span_value(*week_around(day, published))
        return format_value(day, {"month": "month", "year": "year"}.get(period, "day"))


def clean(text: str, cues: TimeCues) -> str:
    """Lower-case words without possessives, vague lead-ins ("late", "the end of"), day parts."""
    if text in DAY_WORDS:
        return text
    text = re.sub(r"['’]s\b", "", text.replace("mid-", "mid ")).replace(",", " ")
    text = DAY_RANGE.sub(r"\1", text)  # "March 3-5" is dated by its first day
    words = text.split()
    while words and words[0] in cues.fuzzy_modifiers:
        words.pop(0)
    if len(words) > 1 and words[0] in SEASONS and YEAR.fullmatch(words[1]):
        words.pop(0)
    if " ".join(words) not in DAY_WORDS:
        while len(words) > 1 and words[-1] in PARTS_OF_DAY:
            words.pop()
    return " ".join(words)


def is_non_date(text: str, cues: TimeCues) -> bool:
    """Ages, bare counts, decades and durations: nothing that names a point on the calendar."""
    if re.fullmatch(r"[\d.,]+", text):
        return not YEAR.fullmatch(text)
    if all(w in NUMBER_WORDS for w in text.split()):
        return True
    if DECADE.search(text):
        return True
    if has_date_word(text) or anchored_offset(text) is not None or WEEK_PHRASE.match(text):
        return False
    words = re.split(r"[\s-]+", text)
    units = [w for w in words if w.rstrip("s") in cues.duration_units]
    if not units or "ago" in words:
        return False
    counted = any(w.isdigit() or w in NUMBER_WORDS for w in words) or units[0].endswith("s")
    return counted or not set(words) & RELATIVE_WORDS


RELATIVE_WORDS = frozenset({"this", "last", "next", "previous", "coming", "past"})
NUMBER_WORDS = frozenset({"a", "an", "one", "two", "three", "four", "five", "six", "seven",
                          "eight", "nine", "ten", "eleven", "twelve", "several", "few",
                          "many", "couple", "dozen", "fifteen", "twenty", "thirty", "hundred"})


def has_date_word(text: str) -> bool:
    """Whether the text names a weekday, month, day word or year (so a clock time has a date)."""
    words = set(re.split(r"[\s.,-]+", text))
    return bool(words & set(WEEKDAYS) or words & set(MONTHS) or YEAR.search(text)
                or any(w in text for w in DAY_WORDS))


def anchored_offset(text: str) -> int | None:
    """Day offset of "the previous day"-style expressions, None for anything else."""
    words = text.split()
    core = [w for w in words if w not in ("the", "a", "one", "that", "day")]
    if text in DAY_WORDS or "day" not in words or len(core) > 1:
        return None
    if not core:
        return 0 if "that" in words else None
    return ANCHORED_DAYS.get(core[0])


def day_word(text: str, published: dt.date, future: bool) -> Resolution | None:
    """A day word (today, yesterday...) counted from the publication date."""
    offset = DAY_WORDS.get(text)
    if offset is None:
        return None
    return format_value(published + dt.timedelta(days=offset), "day")


def weekday(text: str, published: dt.date, future: bool) -> Resolution | None:
    """A named weekday: the latest on or before publication, or the next one for the future."""
    match = WEEKDAY_PHRASE.match(text)
    if not match:
        return None
    modifier, name = match.groups()
    back = (published.weekday() - WEEKDAYS.index(name)) % 7
    ahead = (7 - back) % 7
    if modifier in ("last", "past"):
        offset = -(back or 7)
    elif modifier in ("next", "coming"):
        offset = ahead or 7
    else:
        offset = ahead if future else -back
    return format_value(published + dt.timedelta(days=offset), "day")


def week_span(text: str, published: dt.date, future: bool) -> Resolution | None:
    """A week or weekend counted from the publication date."""
    match = WEEK_PHRASE.match(text)
    if not match:
        return None
    modifier, unit = match.groups()
    if unit == "weekend":
        return span_value(*weekend_span(published, modifier, future))
    if modifier == "past":
        return span_value(published - dt.timedelta(days=7), published - dt.timedelta(days=1))
    shift = {"last": -7, "previous": -7, "next": 7, "coming": 7}.get(modifier or "", 0)
    start = published - dt.timedelta(days=published.weekday() - shift)
    end = start + dt.timedelta(days=6)
    return span_value(start, min(end, published) if shift == 0 and not future else end)


def weekend_span(published: dt.date, modifier: str | None,
                 future: bool) -> tuple[dt.date, dt.date]:
    """The Saturday-Sunday meant: the latest one begun by publication, or the next one."""
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    in_weekend = published.weekday() >= 5
    forward = modifier in ("next", "coming") or (future and modifier not in ("last", "previous"))
    if forward and not (in_weekend and modifier != "next"):
        saturday += dt.timedelta(days=7)
    elif not forward and modifier in ("last", "previous", "past") and in_weekend:
        saturday -= dt.timedelta(days=7)
    sunday = saturday + dt.timedelta(days=1)
    return saturday, min(sunday, published) if saturday <= published else sunday


def week_around(day: dt.date, published: dt.date | None) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the day's week, cut at publication when it is under way."""
    start = day - dt.timedelta(days=day.weekday())
    end = start + dt.timedelta(days=6)
    return start, min(end, published) if published and start <= published else end


def span_value(start: dt.date, end: dt.date) -> Resolution:
    """A run of days as the month holding most of them (the later month on a tie)."""
    counts: dict[tuple[int, int], int] = {}
    for i in range((end - start).days + 1):
        day = start + dt.timedelta(days=i)
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
    year, month = max(counts, key=lambda ym: (counts[ym], ym))
    return f"{year:04d}-{month:02d}", "month"


def weekday_agrees(text: str, result: Resolution) -> bool:
    """False when the text names a weekday that the resolved day is not ("Sunday, July 13")."""
    named = [WEEKDAYS.index(w) for w in re.split(r"[\s.,]+", text) if w in WEEKDAYS]
    if not named or result[1] != "day":
        return True
    return dt.date.fromisoformat(result[0]).weekday() == named[0]


def format_value(day: dt.date, precision: str) -> Resolution:
    """A day as the value of the given precision: 2025-07-13, 2025-07 or 2025."""
    width = {"day": 10, "month": 7, "year": 4}[precision]
    return day.isoformat()[:width], precision
