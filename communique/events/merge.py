"""One event per real-world event per article: repeated mentions merged.

Two events of one article are the same when their type and parties agree (in either order for
CONSULT, AGREE and COOPERATE) and their dates do not contradict each other; the first mention
keeps the evidence, later ones add their sentences and fill fields the first one lacked.
"""

from __future__ import annotations

from dataclasses import replace

from communique.events.dating import stronger_date
from communique.model import Actor, Event

# Dates a sentence gives its own event: two of them on different days mean two events.
STRONG_DATE_BASES = frozenset({"sentence"})
# Verbal acts a summit report lists one by one.
SEPARATE_VERBAL_TYPES = frozenset({"AGREE"})
# A meeting is one event whoever is named first; each side's pledge (AGREE) is its own act.
UNORDERED_MERGE_TYPES = frozenset({"CONSULT", "COOPERATE"})


def identity(actor: Actor | None, acting: bool = False) -> str | None:
    """A party, told apart by person: Wang meeting Lavrov and Li meeting Lavrov are two
    meetings of the same states. Civilian groups acting are told apart by name too: the
    pensioners' march and the students' march are two protests."""
    if actor is None:
        return None
    if actor.kind == "person" or (acting and actor.kind == "group" and actor.sector == "CVL"):
        return f"{actor.party}/{actor.name.lower()}"
    return actor.party


def party_key(event: Event) -> tuple[str | None, ...]:
    """The parties that make two events one, in order unless the type is unordered."""
    source = identity(event.source, acting=True)
    target = identity(event.target)
    if event.type in UNORDERED_MERGE_TYPES:
        return tuple(sorted((source, target), key=lambda p: p or ""))
    return source, target


def dates_compatible(a: Event, b: Event) -> bool:
    """Both dated by their own sentences to different days means two events."""
    if a.date is None or b.date is None:
        return True
    if a.date.basis not in STRONG_DATE_BASES or b.date.basis not in STRONG_DATE_BASES:
        return True
    short = min(len(a.date.value), len(b.date.value))
    return a.date.value[:short] == b.date.value[:short]


def same_event(a: Event, b: Event) -> bool:
    """Whether two events of one article report the same real-world event."""
    return a.type == b.type and modes_compatible(a, b) and parties_agree(a, b) and \
        dates_compatible(a, b) and (a.status == b.status or "occurred" in (a.status, b.status)) \
        and not distinct_statements(a, b)


def distinct_statements(a: Event, b: Event) -> bool:
    """Two agreements in two sentences with two different verbs ("signed six agreements",
    "agreed to hold a dialogue") are two agreements."""
    return a.type in SEPARATE_VERBAL_TYPES and a.evidence.start != b.evidence.start and \
        a.trigger.text.lower() != b.trigger.text.lower()


def modes_compatible(a: Event, b: Event) -> bool:
    """Expelling diplomats and closing a border are two sanctions; a meeting, the talks and a
    visit are one consultation."""
    return a.type == "CONSULT" or a.mode == b.mode or None in (a.mode, b.mode)


def parties_agree(a: Event, b: Event) -> bool:
    """Same parties, or one report names no target where the other names it."""
    if party_key(a) == party_key(b):
        return True
    same_source = identity(a.source, acting=True) == identity(b.source, acting=True)
    return same_source and (a.target is None or b.target is None)


def absorb(kept: Event, other: Event) -> Event:
    """The kept event with the other's sentence as a mention and its stronger fields. The
    sentence that dates the event itself is its evidence: "Wang met Lavrov in Beijing on
    Sunday" rather than a headline that says they "discussed" issues."""
    merged = replace(kept, mentions=[*kept.mentions, other.evidence, *other.mentions])
    if kept.target is None and other.target is not None:
        merged.target = other.target
    if stronger_date(other.date, kept.date):  # the date is chosen in events/dating.py
        merged.date = other.date
        merged.evidence, merged.trigger = other.evidence, other.trigger
        merged.mentions = [kept.evidence, *kept.mentions, *other.mentions]
    if other.location is not None and (
            kept.location is None or other.location.confidence > kept.location.confidence):
        merged.location = other.location
    if kept.status != "occurred" and other.status == "occurred":
        merged.status = "occurred"
    merged.topics = kept.topics + [t for t in other.topics if t not in kept.topics]
    merged.confidence = max(kept.confidence, other.confidence)
    return merged


def merge_events(events: list[Event]) -> list[Event]:
    """The events once each, in order of first mention, later mentions absorbed."""
    merged: list[Event] = []
    for event in events:
        for n, kept in enumerate(merged):
            if same_event(kept, event):
                merged[n] = absorb(kept, event)
                break
        else:
            merged.append(event)
    return merged
