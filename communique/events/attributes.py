"""Filling an event's place and topics from its sentence, else from the running story.

(An event's date is chosen in ``communique.events.dating``.)
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from spacy.tokens import Doc, Token

from communique.model import Actor, Place
from communique.nlp.words import words_of

if TYPE_CHECKING:
    from communique.events.finder import Mention
    from communique.geo import Gazetteer, PlaceMention

# Farther from the trigger in the parse than this, a place belongs to another act.
MAX_PLACE_DISTANCE = 4
NO_PATH = 99  # the distance of tokens the parse does not connect
# Prepositions that say where an act happened ("in Beijing"), not where it was aimed.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout",
                            "on"})
# Prepositions that introduce what was discussed ("talks on trade").
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning", "including", "as"})
# Words whose direct object is a topic ("discussed trade and security").
DISCUSSION_LEMMAS = frozenset({"discuss", "exchange", "talk", "negotiate", "meeting", "talks",
                               "consult", "hold", "have"})
MAX_TOPICS = 8  # more than this is a parse running away with the sentence
# Topic heads too vague to report.
VAGUE_TOPICS = ("issues", "it")


class StoryPlaces(Protocol):
    """What place filling reads of the running story (the engine's ``Episode``)."""

    place: Place | None
    dateline: Place | None
    participants: set[str | None]


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i]
    return NO_PATH


# Material acts that land on the recipient's ground: aid delivered to a state, an attack on
# it, forces sent to it happen there when the text names no place.
DONE_ON_TARGET = frozenset({"AID", "ASSAULT", "MOBILIZE"})


def choose_place(tok: Token, mention: Mention, target: Actor | None,
                 places: list[PlaceMention], episode: StoryPlaces, gazetteer: Gazetteer,
                 source: Actor | None) -> Place | None:
    """Where the event happened: a locative phrase on the trigger, the visited state, else the
    story's place, its dateline, or the state of a domestic event."""
    if mention.trigger.mode == "phone":
        return None
    if mention.trigger.mode == "visit":
        visited = _visited_place(tok, places, target, gazetteer)
        if visited is not None:
            return visited
    local = _trip_destination(tok, places) or _attached_place(tok, places)
    if local is not None:
        return local
    if mention.trigger.type in DONE_ON_TARGET and target is not None and target.country \
            and target.kind != "person":  # "an attack on civilian targets" lands in their state
        ground = gazetteer.country_place(target.country)
        if ground is not None:
            return replace(ground, span=None, confidence=0.4)
    return _fallback_place(episode, gazetteer, source, target)


def _trip_destination(tok: Token, places: list[PlaceMention]) -> Place | None:
    """ "went to Moscow for talks": talks a trip is for are held where it went."""
    trip = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "for" else None
    if trip is None or trip.lemma_.lower() not in words_of(tok)["travel_verbs"]:
        return None
    return next((p.place for p in places if p.head_token == trip.i
                 and p.preposition in ("to", "in", "at")), None)


def _attached_place(tok: Token, places: list[PlaceMention]) -> Place | None:
    """The locative place nearest the trigger in the parse, if near enough."""
    doc = tok.doc
    scored = sorted((tree_distance(tok, doc[p.head_token]), n, p) for n, p in enumerate(places)
                    if _is_locative(p, doc))
    if scored and scored[0][0] <= MAX_PLACE_DISTANCE:
        return scored[0][2].place
    return None


def _is_object(place: PlaceMention, tok: Token) -> bool:
    """ "visited Beijing": the place is the visit's direct object (not its subject)."""
    span = place.place.span
    word = tok.doc.char_span(span.start, span.end, alignment_mode="expand") if span else None
    return word is not None and word.root.dep_ == "dobj"


def _is_locative(place: PlaceMention, doc: Doc) -> bool:
    """ "in Beijing", and "at a hotel of Geneva" (a place inside a locative phrase)."""
    if place.preposition in LOCATIVE_PREPS:
        return True
    head = doc[place.head_token]
    return place.preposition == "of" and head.dep_ == "pobj" and head.head.lower_ in \
        LOCATIVE_PREPS


def _visited_place(tok: Token, places: list[PlaceMention], target: Actor | None,
                   gazetteer: Gazetteer) -> Place | None:
    """Where a visit went: "visited Beijing", "a visit to Beijing", else the visited state."""
    for place in places:
        if place.head_token == tok.i and (place.preposition == "to" or _is_object(place, tok)):
            return place.place
    if target is not None and target.country and target.kind == "state":
        return gazetteer.country_place(target.country)
    return None


def _fallback_place(episode: StoryPlaces, gazetteer: Gazetteer, source: Actor | None,
                    target: Actor | None) -> Place | None:
    """The story's place for people and parties taking part in it; a state, ministry or
    group not at the story's place acts from home ("two dozen countries expelled Russian
    diplomats")."""
    home = source.country if source is not None else None
    for place in (episode.place, episode.dateline):
        if place is not None and (home is None or source is None or source.kind == "person"
                                  or place.country == home
                                  or source.party in episode.participants):
            return _inferred(place)
    if home:
        capital = gazetteer.capital(home) or gazetteer.country_place(home)
        return replace(capital, span=None, confidence=0.3) if capital else None
    return None


def _inferred(place: Place) -> Place:
    """A place taken from the story rather than the sentence, and trusted less."""
    return replace(place, confidence=min(place.confidence, 0.5))


def topics_of(tok: Token) -> list[str]:
    """Issues discussed or at stake: what a discussion verb governs ("discussed X and Y")."""
    heads: list[Token] = []
    if tok.lemma_.lower() in DISCUSSION_LEMMAS or tok.lower_ in DISCUSSION_LEMMAS:
        heads.extend(c for c in tok.children if c.dep_ == "dobj")
    for holder in [tok, *(c for c in tok.children if c.dep_ == "dobj")]:
        heads.extend(p for c in holder.children if c.dep_ == "prep"
                     and c.lower_ in TOPIC_PREPS for p in c.children if p.dep_ == "pobj")
    heads = [h for h in heads if h.ent_type_ not in ("DATE", "TIME")]
    return _phrases(heads)[:MAX_TOPICS]


def _phrases(heads: list[Token]) -> list[str]:
    """The phrases of the topic heads and their conjuncts, once each."""
    found: list[str] = []
    for head in heads:
        for item in [head, *(c for c in head.subtree if c.dep_ == "conj" and c.head.i >= head.i)]:
            phrase = _phrase_text(item)
            if phrase and phrase not in found and phrase.lower() not in VAGUE_TOPICS:
                found.append(phrase)
    return found


def _phrase_text(head: Token) -> str:
    """A topic head with its own dependents, cut before its conjuncts; a head alone when the
    phrase runs long."""
    words = [w for w in head.subtree
             if w.dep_ not in ("conj", "cc", "punct", "det", "appos") or w.i == head.i]
    cut = [w for w in words if not any(a.dep_ == "conj" and a.i != head.i and a.i > head.i
                                       for a in w.ancestors if a.i <= w.i)]
    text = " ".join(w.text for w in sorted(cut, key=lambda w: w.i))
    return text.strip(" ,\"“”") if len(text) < 80 else head.text
