"""JSON text to values with bounded nesting: a record nested too deeply is refused before
the parser recurses into it."""

from __future__ import annotations

import json
import re
from typing import Any

# A JSON string (escapes included) or one bracket: strings are skipped whole, so brackets
# inside article text do not count as nesting.
STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class JsonTooDeep(ValueError):
    """The JSON text nests arrays and objects deeper than the limit allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"nested more than {limit} levels deep")
        self.limit = limit


def json_value(text: str, max_depth: int) -> Any:
    """The value of ``text``; raises json.JSONDecodeError, or JsonTooDeep past ``max_depth``."""
    if nesting_exceeds(text, max_depth):
        raise JsonTooDeep(max_depth)
    try:
        return json.loads(text)
    except RecursionError as err:  # only when max_depth is set past the interpreter's own
        raise JsonTooDeep(max_depth) from err


def nesting_exceeds(text: str, max_depth: int) -> bool:
    """True when arrays and objects in ``text`` nest deeper than ``max_depth``."""
    # Counting brackets is one fast pass and settles almost every record; only text with
    # that many brackets is scanned, skipping strings, to find how deep they really go.
    if text.count("[") + text.count("{") <= max_depth:
        return False
    depth = 0
    for match in STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > max_depth:
                return True
        elif bracket in ("]", "}"):
            depth -= 1
    return False
