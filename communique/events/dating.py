"""An event's date: decided in this module and nowhere else.

The publication date reaches it once, as ``StoryDates.published`` (the engine's ``Episode``,
seeded from ``Article.published``). Each date carries its basis, and the bases rank
sentence > episode > published (``DATE_BASIS_RANK``). Three steps, in the order the engine
runs them:

1. ``choose_date``, as each event is built: the time expression nearest the trigger in the
   parse, else the story's running date (basis "episode"), else the publication date (basis
   "published").
2. ``date_from_story``, once all the article's events are built: an event dated only by
   publication, or not at all, takes the story's date.
3. ``stronger_date``, as ``merge`` joins two mentions of one event: the date on the better
   basis wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Token

from communique.events.attributes import tree_distance
from communique.model import Event, EventDate, Span

if TYPE_CHECKING:
    from communique.time import DateMention

# Farther from the trigger in the parse than this, a date belongs to another act.
MAX_DATE_DISTANCE = 5
# How much a date's basis is trusted: a sentence's own date over the story's over publication.
DATE_BASIS_RANK = {"sentence": 3, "episode": 2, "published": 1}


class StoryDates(Protocol):
    """What dating reads of the running story: its publication date and its date so far."""

    published: dt.date | None
    date: EventDate | None


def choose_date(tok: Token, dates: list[DateMention],
                episode: StoryDates) -> tuple[EventDate | None, bool]:
    """The time expression nearest the trigger in the parse, else the story's date; and
    whether the date lies ahead of publication."""
    doc = tok.doc
    scored = sorted((tree_distance(tok, doc[d.head_token]), d.start, d) for d in dates)
    if scored and scored[0][0] <= MAX_DATE_DISTANCE:
        return _sentence_date(scored[0][2], 0.9)
    if len(dates) == 1 and not _in_other_clause(doc[dates[0].head_token], tok):
        # One time expression in the sentence dates its main event even across a bad parse.
        return _sentence_date(dates[0], 0.6)
    if episode.date is not None:
        return replace(episode.date, basis="episode", confidence=0.6), False
    if episode.published is not None:
        return EventDate(episode.published.isoformat(), "day", None, "published", 0.3), False
    return None, False


def _sentence_date(mention: DateMention, confidence: float) -> tuple[EventDate, bool]:
    """An event date read from its own sentence, and whether it lies ahead."""
    span = Span(mention.start, mention.end, mention.text)
    return EventDate(mention.value, mention.precision, span, "sentence", confidence), \
        mention.future


def _in_other_clause(word: Token, trigger: Token) -> bool:
    """Whether a word sits in a relative or adverbial clause that does not hold the trigger
    ("the war, which began in 2022")."""
    for anc in [word, *word.ancestors]:
        if anc.dep_ in ("relcl", "advcl", "acl") and trigger not in anc.subtree:
            return True
    return False


def date_from_story(events: list[Event]) -> list[Event]:
    """Events dated only by the publication date, or not at all (a headline, a lead before
    any date, an article without a date), take the story's date: that of its first event
    dated to the day by its own sentence."""
    story = next((e.date for e in events if e.date is not None and e.date.basis == "sentence"
                  and e.date.precision == "day" and e.status == "occurred"), None)
    if story is None:
        return events
    return [replace(e, date=replace(story, basis="episode", confidence=0.5))
            if e.date is None or e.date.basis == "published" else e for e in events]


def stronger_date(other: EventDate | None, kept: EventDate | None) -> bool:
    """Whether the other mention's date rests on a better basis than the kept one's."""
    if other is None:
        return False
    if kept is None:
        return True
    return DATE_BASIS_RANK.get(other.basis, 0) > DATE_BASIS_RANK.get(kept.basis, 0)
