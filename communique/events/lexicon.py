"""The trigger lexicon: which words report which PLOVER events, read from a data file."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from communique.errors import LexiconError
from communique.model import EVENT_TYPES

# The columns of triggers.tsv, in order (the header must name them so).
COLUMNS = ("trigger", "pos", "object", "type", "mode", "targets", "negated")
# Parts of speech a trigger row may name.
TRIGGER_POS = ("VERB", "NOUN", "ADJ")
# Target slots filled by the trigger's children of these dependencies.
CHILD_SLOTS = {"xcomp": ("xcomp",), "nsubj": ("nsubj", "nsubjpass"), "ccomp": ("ccomp",),
               "acl": ("acl",), "advcl": ("advcl",), "dative": ("dative", "iobj"),
               "poss": ("poss",), "compound": ("compound",), "amod": ("amod",)}
# The steps of a target slot path ("obj:to"): these, or a preposition.
SLOT_STEPS = frozenset({"obj", "condition", *CHILD_SLOTS})
PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "as",
    "at", "before", "behind", "below", "beside", "between", "beyond", "by", "despite", "down",
    "during", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "out",
    "outside", "over", "past", "since", "through", "to", "toward", "towards", "under", "until",
    "up", "upon", "via", "with", "within", "without"})
# The dependency labels of the English models, which a bracketed condition may name.
DEPENDENCY_LABELS = frozenset({
    "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass",
    "case", "cc", "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det",
    "dobj", "expl", "intj", "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass",
    "nummod", "oprd", "parataxis", "pcomp", "pobj", "poss", "preconj", "predet", "prep", "prt",
    "punct", "quantmod", "relcl", "xcomp"})
# Triggers converted from the CAMEO verb dictionary, read after triggers.tsv when present.
CONVERTED_FILE = "data/triggers_cameo.tsv"


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a lemma (with an optional particle or dependency condition) and the
    event it reports. A bracketed condition is parsed at load: "call [oprd]" needs a child of
    that dependency, "help [!xcomp,ccomp]" none of those."""

    lemma: str
    particle: str | None
    pos: str
    objects: frozenset[str]
    type: str
    mode: str | None
    targets: tuple[str, ...]
    negated_type: str | None
    required_dep: str | None = None
    forbidden_deps: frozenset[str] = frozenset()


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
        raise LexiconError(f"{name}: the header must be {' '.join(COLUMNS)}")
    for (lineno, _), row in zip(lines[1:], reader, strict=True):
        yield _parse_row(row + [""] * (len(COLUMNS) - len(row)), f"{name}:{lineno}")


def _parse_row(row: list[str], where: str) -> Trigger:
    """One row as a Trigger, checked against the PLOVER types and parts of speech."""
    trigger, pos, objects, etype, mode, targets, negated = (c.strip() for c in row[:7])
    for value in (etype, negated):
        if (value and value not in EVENT_TYPES) or not etype:
            raise LexiconError(f"{where}: unknown PLOVER type {value!r}; use one of "
                                 f"{', '.join(EVENT_TYPES)}")
    if pos not in TRIGGER_POS:
        raise LexiconError(f"{where}: pos must be VERB, NOUN or ADJ, not {pos!r}")
    lemma, _, particle = trigger.partition(" ")
    slots = tuple(t for t in targets.split("|") if t)
    for slot in slots:
        _check_slot(slot, where)
    required, forbidden = _condition(particle, where)
    return Trigger(
        lemma=lemma.lower(), particle=None if particle.startswith("[") else particle or None,
        pos=pos, objects=frozenset(o.lower() for o in objects.split("|") if o),
        type=etype, mode=mode or None, targets=slots, negated_type=negated or None,
        required_dep=required, forbidden_deps=forbidden)


def _check_slot(slot: str, where: str) -> None:
    """A target slot is a path of known steps ("obj:to", "=ccomp:nsubj"); a bare "=" keeps
    to no slot at all (a test fired at no one)."""
    if slot == "=":
        return
    for step in slot.removeprefix("=").split(":"):
        if step not in SLOT_STEPS and step not in PREPOSITIONS:
            raise LexiconError(
                f"{where}: unknown target slot {step!r} in {slot!r}; a slot is a path of "
                f"{', '.join(sorted(SLOT_STEPS))} or a preposition, joined by ':'")


def _condition(particle: str, where: str) -> tuple[str | None, frozenset[str]]:
    """(required dependency, forbidden dependencies) of a bracketed particle."""
    if not particle.startswith("["):
        return None, frozenset()
    forbid = particle.startswith("[!")
    labels = [label.strip() for label in particle.strip("[!]").split(",")]
    unknown = [label for label in labels if label not in DEPENDENCY_LABELS]
    if unknown or not particle.endswith("]") or (len(labels) > 1 and not forbid):
        raise LexiconError(
            f"{where}: unknown condition {particle!r}; write [label] for a dependent the "
            "trigger must have or [!label,label] for those it must not, with dependency "
            f"labels such as {', '.join(sorted(DEPENDENCY_LABELS)[:8])}, ...")
    return (None, frozenset(labels)) if forbid else (labels[0], frozenset())
