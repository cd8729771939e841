"""CSV and TSV rows from a text stream, each with the line it starts on, or the reason it fails.

A quote that is never closed makes the csv module read on into the following rows and hand
them back glued to the broken one. A row spanning several lines is therefore read again with
strict quoting; if that fails, the row is reported on its first line and the lines after it
are read again as rows of their own, so one stray quote costs one row, not the rest.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from communique.ingest.limits import InputLimits, over_limit_reason
from communique.ingest.streams import Line, bounded_lines

# Articles can be long; the csv module's default cap of 128 KiB per field would fail them.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
Fields = dict[str | None, str | list[str] | None]


@dataclass(frozen=True)
class CsvRow:
    """A row as {column: value} (like csv.DictReader), or the reason it cannot be read."""

    line: int
    fields: Fields | None = None
    problem: str | None = None


class RowTooLong(Exception):
    """Raised into the csv module when a row's lines pass ``max_record_chars``."""


class _RowLines:
    """The physical lines csv.reader pulls, remembering the current row's so they can be
    read again, and stopping a row that grows past the record limit."""

    def __init__(self, lines: Iterator[Line], max_chars: int) -> None:
        self.lines, self.max_chars = lines, max_chars
        self.again: deque[Line] = deque()
        self.taken: list[Line] = []
        self.size = 0

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        line = self.again.popleft() if self.again else next(self.lines)
        self.taken.append(line)
        self.size += len(line.text)
        if line.too_long or self.size > self.max_chars:
            raise RowTooLong
        return line.text

    def start_row(self) -> None:
        self.taken, self.size = [], 0

    def read_again_after_first(self) -> None:
        self.again.extendleft(reversed(self.taken[1:]))


def csv_rows(stream: TextIO, delimiter: str = ",",
             limits: InputLimits | None = None) -> tuple[list[str], Iterator[CsvRow]]:
    """The header's column names and the data rows after it (blank lines skipped)."""
    max_chars = (limits or InputLimits()).max_record_chars
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT, max_chars))
    lines = _RowLines(bounded_lines(stream, max_chars), max_chars)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, [])
    except (csv.Error, RowTooLong):
        header = []
    return header, _data_rows(reader, lines, header, delimiter)


def _data_rows(reader: Iterator[list[str]], lines: _RowLines, header: list[str],
               delimiter: str) -> Iterator[CsvRow]:
    while True:
        lines.start_row()
        try:
            values = next(reader)
        except StopIteration:
            return
        except (csv.Error, RowTooLong) as err:
            yield CsvRow(_first_line(lines), problem=_unreadable(lines, err))
            lines.read_again_after_first()
            continue
        if not values:
            continue
        problem = _quoting_problem(lines.taken, delimiter)
        if problem:
            yield CsvRow(lines.taken[0].number, problem=problem)
            lines.read_again_after_first()
            continue
        yield CsvRow(lines.taken[0].number, fields=_as_fields(header, values))


def _first_line(lines: _RowLines) -> int:
    return lines.taken[0].number if lines.taken else 0


def _unreadable(lines: _RowLines, err: Exception) -> str:
    start = _first_line(lines)
    if isinstance(err, RowTooLong):
        what = f"the CSV row starting on line {start} is longer than"
        return over_limit_reason(what, "max_record_chars", lines.max_chars, "characters")
    return f"the CSV row starting on line {start} cannot be read ({err}); check its quoting"


def _quoting_problem(taken: list[Line], delimiter: str) -> str | None:
    """Why a row spanning several lines is a quote left open, or None when it is sound."""
    if len(taken) < 2:
        return None
    try:
        for _ in csv.reader((line.text for line in taken), delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        start, end = taken[0].number, taken[-1].number
        return (f"the CSV row starting on line {start} opens a quote that is not closed where "
                f"its field ends ({err}, by line {end}); close or double the quote. The lines "
                f"after line {start} were read again as rows of their own")
    return None


def _as_fields(header: list[str], values: list[str]) -> Fields:
    """What csv.DictReader makes of a row: extra values under None, missing columns None."""
    fields: Fields = dict(zip(header, values, strict=False))
    if len(values) > len(header):
        fields[None] = values[len(header):]
    for name in header[len(values):]:
        fields[name] = None
    return fields
