"""How much one input may hold: every bound the readers and ``validate`` enforce, in one place.

A record over a limit becomes a RecordError that names the limit and how to raise it; a file
over a limit becomes a RecordError for that file, and the folder it is in goes on. The
defaults keep the worst input a reader accepts to tens of megabytes of memory and an article
well under spaCy's own cap of 1,000,000 characters.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field, fields
from typing import Any

from communique.errors import InputError

MIB = 1024 * 1024


@dataclass(frozen=True)
class InputLimits:
    """The bounds on one input; set them from Python or with the CLI options of the same name.

    ``InputLimits(max_chars=800_000)`` (or ``--max-chars 800000``) raises one and keeps the
    others at their defaults.
    """

    max_chars: int = field(default=500_000, metadata={
        "help": "characters of one article's text, after HTML is reduced to text (spaCy "
                "refuses 1,000,000)"})
    max_lines: int = field(default=10_000, metadata={
        "help": "lines of one article's text (50-character lines fill max_chars in 10,000)"})
    max_json_depth: int = field(default=100, metadata={
        "help": "nesting depth of one JSON record (a flat record has depth 1)"})
    max_record_chars: int = field(default=16 * MIB, metadata={
        "help": "characters of one raw JSON line or CSV row, HTML included"})
    max_document_bytes: int = field(default=64 * MIB, metadata={
        "help": "bytes of a file read whole: text, HTML, feed, one pretty-printed JSON "
                "document"})
    max_unpacked_bytes: int = field(default=4096 * MIB, metadata={
        "help": "bytes a gzip file may inflate to (it is inflated as a stream meanwhile)"})

    def __post_init__(self) -> None:
        for limit in fields(self):
            value = getattr(self, limit.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InputError(limit.name, f"limit {value!r} is not a positive whole number; "
                                             f"give {option_name(limit.name)} a number >= 1")


DEFAULT_LIMITS = InputLimits()


class OverLimit(InputError):
    """A record or file over one of the InputLimits; the message names the limit and its fix."""

    def __init__(self, record: str, what: str, name: str, limit: int, unit: str) -> None:
        super().__init__(record, over_limit_reason(what, name, limit, unit))
        self.limit_name = name


def over_limit_reason(what: str, name: str, limit: int, unit: str) -> str:
    """"<what> the limit of N <unit> (name); ..." and the option that raises the limit.

    ``what`` ends where the limit is named: "line 3 is longer than", "the text is 612,345
    characters long, over".
    """
    return (f"{what} the limit of {limit:,} {unit} ({name}); split the input, or raise the "
            f"limit with {option_name(name)} (InputLimits.{name} from Python)")


def option_name(name: str) -> str:
    """The command-line option that sets the limit ``name``: max_chars -> --max-chars."""
    return "--" + name.replace("_", "-")


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one option per limit (--max-chars N ...) to a command that reads articles."""
    group = parser.add_argument_group("input limits", "bounds on one input; a record or file "
                                                      "over one is reported and skipped")
    for limit in fields(InputLimits):
        described = f"{limit.metadata['help']}; default {limit.default:,}"
        group.add_argument(option_name(limit.name), dest=f"limit_{limit.name}", type=int,
                           metavar="N", help=described)


def limits_from_args(args: argparse.Namespace) -> InputLimits:
    """The InputLimits the options of ``add_limit_arguments`` set, defaults for the rest."""
    given: dict[str, Any] = {limit.name: getattr(args, f"limit_{limit.name}", None)
                             for limit in fields(InputLimits)}
    return InputLimits(**{name: value for name, value in given.items() if value is not None})
