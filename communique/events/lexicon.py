"""The trigger lexicon: which words report which PLOVER events, read from a data file."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from communique.errors import KnowledgeError
from communique.model import EVENT_TYPES

# The columns of triggers.tsv, in order (the header must name them so).
COLUMNS = ("trigger", "pos", "object", "type", "mode", "targets", "negated")
# Parts of speech a trigger row may name.
TRIGGER_POS = ("VERB", "NOUN", "ADJ")
# Triggers converted from the CAMEO verb dictionary, read after triggers.tsv when present.
CONVERTED_FILE = "data/triggers_cameo.tsv"


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a lemma (with an optional particle) and the event it reports."""

    lemma: str
    particle: str | None
    pos: str
    objects: frozenset[str]
    type: str
    mode: str | None
    targets: tuple[str, ...]
    negated_type: str | None


class Lexicon:
    """Triggers indexed by (lemma, pos); several rows may share a lemma (call on / call for)."""

    def __init__(self, triggers: Iterable[Trigger]) -> None:
        self.by_key: dict[tuple[str, str], list[Trigger]] = {}
        for trig in triggers:
            self.by_key.setdefault((trig.lemma, trig.pos), []).append(trig)

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> Lexicon:
        """The bundled triggers.tsv plus the user's extra trigger files."""
        bundled = resources.files("communique.events").joinpath("data/triggers.tsv")
        rows = list(_read_rows(bundled.read_text(encoding="utf-8"), "triggers.tsv"))
        converted = resources.files("communique.events").joinpath(CONVERTED_FILE)
        if converted.is_file():  # tools/convert_cameo_verbs.py: after the hand-made rows
            rows.extend(_read_rows(converted.read_text(encoding="utf-8"), CONVERTED_FILE))
        for path in extra_files:
            rows.extend(_read_rows(path.read_text(encoding="utf-8"), str(path)))
        return cls(rows)

    def candidates(self, lemma: str, pos: str) -> list[Trigger]:
        """The rows for a lemma and part of speech, in file order."""
        return self.by_key.get((lemma.lower(), pos), [])


def _read_rows(text: str, name: str) -> Iterable[Trigger]:
    """The triggers of one file, skipping blank and comment lines; errors name the line."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t")
    header = next(reader, None)
    if header is None or tuple(header[:len(COLUMNS)]) != COLUMNS:
        raise KnowledgeError(f"{name}: the header must be {' '.join(COLUMNS)}")
    for (lineno, _), row in zip(lines[1:], reader, strict=True):
        yield _parse_row(row + [""] * (len(COLUMNS) - len(row)), f"{name}:{lineno}")


def _parse_row(row: list[str], where: str) -> Trigger:
    """One row as a Trigger, checked against the PLOVER types and parts of speech."""
    trigger, pos, objects, etype, mode, targets, negated = (c.strip() for c in row[:7])
    for value in (etype, negated):
        if (value and value not in EVENT_TYPES) or not etype:
            raise KnowledgeError(f"{where}: unknown PLOVER type {value!r}; use one of "
                                 f"{', '.join(EVENT_TYPES)}")
    if pos not in TRIGGER_POS:
        raise KnowledgeError(f"{where}: pos must be VERB, NOUN or ADJ, not {pos!r}")
    lemma, _, particle = trigger.partition(" ")
    return Trigger(
        lemma=lemma.lower(), particle=particle or None, pos=pos,
        objects=frozenset(o.lower() for o in objects.split("|") if o),
        type=etype, mode=mode or None,
        targets=tuple(t for t in targets.split("|") if t), negated_type=negated or None)
