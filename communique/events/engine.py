"""The events stage: a parsed article's events, found sentence by sentence, their fields filled,
dated (``events.dating``), placed and merged. ``communique.pipeline`` runs it on each parsed
article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import combinations, permutations
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from communique.actors.context import DocumentContext
from communique.actors.knowledge import KnowledgeBase
from communique.actors.references import is_happening, unique_parties
from communique.actors.resolver import (
    HOME_GUESS_CONFIDENCE,
    MINORITY_ROLE,
    ActorResolver,
)
from communique.deadline import Deadline
from communique.events.attributes import choose_place, topics_of
from communique.events.dating import choose_date, date_from_story
from communique.events.finder import RECIPROCAL_TYPES, Mention, find_mentions
from communique.events.lexicon import Lexicon
from communique.events.merge import merge_events
from communique.events.retype import Facts, retype, stated_type
from communique.events.status import decide_status, read_clues
from communique.geo import Gazetteer, PlaceMention, find_places
from communique.model import (
    SYMMETRIC_TYPES,
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Place,
    Skipped,
    Span,
)
from communique.nlp import load_model
from communique.nlp.spans import sentence_span, token_span
from communique.nlp.words import words_of
from communique.time import DateMention, DateResolver, find_date_mentions

# Groups a state may act on at home: rebels, the opposition, civilians.
NON_STATE_SECTORS = frozenset({"REB", "OPP", "CVL"})
# Acts of force whose doer a later passive in the same sentence leaves out.
FORCE_TYPES = frozenset({"COERCE", "ASSAULT"})
# Types whose reports often name no recipient: the event still stands with target null.
TARGETLESS_TYPES = frozenset({"PROTEST", "MOBILIZE", "RETREAT"})
# What follows the city of a dateline ("MOSCOW, March 30", "NAIROBI:", "GAZA (Reuters)").
DATELINE_MARKS = frozenset({":", ",", "-", "--", "—", "("})
# The attacker of a passive attack that names none ("blown up by a missile").
UNKNOWN = Actor(name="unknown", kind="group", confidence=0.5)
INFERRED_STATE_CONFIDENCE = 0.4  # a state the text implies (aided, protested to, deployed in)


@dataclass
class SentenceFacts:
    """What the time and place stages found in one sentence, shared by its events."""

    sent: SpacySpan
    dates: list[DateMention]
    places: list[PlaceMention]
    doers: list[Actor] = field(default_factory=list)  # who coerced or attacked in it so far
    attacks: dict[int, list[Event]] = field(default_factory=dict)  # by the attack's verb

    @cached_property
    def evidence(self) -> Span:
        """The sentence as every event's evidence, cut out once."""
        return sentence_span(self.sent)


@dataclass
class Episode:
    """The running date and place of the story, for events whose sentence names neither."""

    published: dt.date | None
    date: EventDate | None = None
    place: Place | None = None
    dateline: Place | None = None
    participants: set[str | None] = field(default_factory=set)  # who is at the story's place
    skipped: list[Skipped] = field(default_factory=list)

    def advance(self, status: str, date: EventDate | None, place: Place | None,
                event: Event) -> None:
        """The story's date is its first occurred event dated by its own sentence; its place
        the first place a sentence names, where that event's actor (both sides of a meeting)
        is."""
        if status == "occurred" and date is not None and date.basis == "sentence" \
                and self.date is None:
            self.date = date
        if place is not None and place.span is not None and self.place is None:
            self.place = place
            sides = [event.source, event.target] if event.type in SYMMETRIC_TYPES else [
                event.source]
            self.participants = {a.party for a in sides if a is not None}


class EventEngine:
    """Holds the loaded resources and turns parsed articles into events."""

    def __init__(self, nlp: Any, kb: KnowledgeBase, lexicon: Lexicon,
                 gazetteer: Gazetteer, dates: DateResolver) -> None:
        self.nlp = nlp
        self.resolver = ActorResolver(kb, gazetteer)
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.dates = dates

    @classmethod
    def load(cls, model: str, knowledge_dirs: Iterable[Path] = ()) -> EventEngine:
        """Load the model, knowledge base, lexicon and gazetteer, with the user's extra files."""
        extra = list(knowledge_dirs)
        lexicon_files = [d / "triggers.tsv" for d in extra if (d / "triggers.tsv").exists()]
        places = [d / "places_extra.tsv" for d in extra if (d / "places_extra.tsv").exists()]
        return cls(load_model(model), KnowledgeBase.load(extra),
                   Lexicon.load(lexicon_files), Gazetteer.load(places), DateResolver())

    def extract_doc(self, article: Article, doc: Doc,
                    deadline: Deadline | None = None) -> ArticleResult:
        """The merged events of one parsed article, sentence by sentence; ``deadline`` is
        checked between sentences (it raises RecordTimeout once spent)."""
        # The story carries the publication date to every stage from here on.
        episode = Episode(published=article.published, dateline=self._dateline(doc))
        ctx = self.resolver.read_document(doc, episode.published)
        events: list[Event] = []
        for sent in doc.sents:
            if deadline is not None:
                deadline.check()
            mentions = find_mentions(sent, self.lexicon)
            if not mentions:
                continue  # dates and places only serve a sentence's events
            facts = SentenceFacts(sent, find_date_mentions(self.dates, sent, episode.published),
                                  find_places(sent, self.gazetteer))
            found = [e for mention in mentions
                     for e in self._events_of(mention, facts, ctx, episode)]
            events.extend(without_protests_told_again(found, events, doc))
        return ArticleResult(article=article, events=merge_events(date_from_story(events)),
                             skipped=episode.skipped)

    def _events_of(self, mention: Mention, facts: SentenceFacts, ctx: DocumentContext,
                   episode: Episode) -> list[Event]:
        """The events of one mention, one per pair of parties; a mention without parties is
        noted as skipped."""
        pairs = self._parties(mention, ctx, facts.doers)
        if not pairs:
            episode.skipped.append(Skipped(token_span(mention.token),
                                           f"{mention.trigger.type} trigger without parties"))
            return []
        events = [self._event(mention, src, tgt, facts, episode) for src, tgt in pairs]
        if mention.trigger.type == "ASSAULT":
            events = _victims_of_the_attack(mention.token, events, facts.attacks)
        if mention.trigger.type in FORCE_TYPES:
            facts.doers.extend(e.source for e in events if e.source and e.source is not UNKNOWN)
        events = [self._protest_target(e) for e in events]
        self._remember_pair(events, ctx)
        if mention.trigger.type not in SYMMETRIC_TYPES:
            ctx.note_act(mention.token.i, unique_parties([e.source for e in events if e.source]),
                         unique_parties([e.target for e in events if e.target]))
        return events

    def _parties(self, mention: Mention, ctx: DocumentContext,
                 doers: list[Actor]) -> list[tuple[Actor, Actor | None]]:
        """The (source, target) pairs of a mention; target None where its type allows none.
        A passive act naming no doer in a sentence whose force acted already is that force's
        ("seized power in a coup against X, who was detained")."""
        sources = [a for tok in mention.sources for a in self.resolver.resolve(tok, ctx)]
        if not sources and mention.passive and mention.trigger.type in FORCE_TYPES:
            sources = list(doers)
        if not mention.sources and mention.trigger.type == "PROTEST":
            sources = unnamed_protesters(ctx.home_country)
        targets = self._first_actors(mention.targets, ctx, sources)
        etype = mention.trigger.type
        reciprocal = _reciprocal_pairs(mention, sources, targets)
        if reciprocal:
            return reciprocal
        if not targets:
            targets = self._indirect_targets(mention, ctx, sources)
        if not sources and retaliated_for(mention.token):
            sources = ctx.recipients_before(mention.token.i)
        if etype == "ASSAULT" and attacker_unknown(mention, sources, targets):
            sources = [UNKNOWN]
        pairs: list[tuple[Actor, Actor | None]] = [
            (s, t) for s in sources for t in targets if not same_actor(s, t)
            and not (etype in ("CONSULT", "AGREE") and t.sector == "MED")]  # the press
        if not targets and (etype in TARGETLESS_TYPES or mention.trigger.mode == "exercise"):
            pairs = [(s, None) for s in sources]
        return pairs

    def _indirect_targets(self, mention: Mention, ctx: DocumentContext,
                          sources: list[Actor]) -> list[Actor]:
        """Targets a mention names only through what it is about or whom it addresses; aid
        naming neither goes to the story's state."""
        inherited = [] if mention.exclusive else mention.inherited
        targets = self._first_actors(inherited + mention.complement_targets(), ctx, sources)
        if not targets and mention.trigger.type == "AID":
            targets = self._aided_state(ctx, sources)
        return targets

    def _protest_target(self, event: Event) -> Event:
        """Protesters naming no one protest to the government of the state they march in."""
        if event.type != "PROTEST" or event.target is not None:
            return event
        state = (event.location.country if event.location else None) or (
            event.source.country if event.source else None)
        actor = self._state_actor(state, INFERRED_STATE_CONFIDENCE)
        if actor is None:
            return event
        government = replace(actor, name=f"{actor.name} government", sector="GOV")
        return replace(event, target=government)

    def _foreign_ground(self, source: Actor, place: Place | None) -> Actor | None:
        """Forces deployed or exercising in another state act toward that state."""
        if place is None or place.span is None or not place.country or \
                place.country == source.country:
            return None
        return self._state_actor(place.country, INFERRED_STATE_CONFIDENCE)

    def _aided_state(self, ctx: DocumentContext, sources: list[Actor]) -> list[Actor]:
        """Aid that names no recipient goes to the state the story is about (the country hit
        by the disaster the article reports), when that is not the donor."""
        home = ctx.home_country
        state = self._state_actor(home, INFERRED_STATE_CONFIDENCE)
        if state is None or any(s.country == home for s in sources):
            return []
        return [state]

    def _state_actor(self, code: str | None, confidence: float) -> Actor | None:
        """The state with this ISO3 code as an actor; None for no code or an unknown one."""
        country = self.resolver.kb.country_by_code(code) if code else None
        if country is None:
            return None
        return Actor(name=country.name, country=country.iso3, kind="state",
                     confidence=confidence)

    def _first_actors(self, candidates: list[list[Token]], ctx: DocumentContext,
                      sources: list[Actor]) -> list[Actor]:
        """The actors of the first candidate slot that names any besides the sources."""
        for tokens in candidates:
            # "vows US help for Haiti": the help's modifier names its giver, not a recipient
            actors = [a for tok in tokens if tok.lemma_.lower() not in words_of(tok)["given_nouns"]
                      for a in self.resolver.resolve(tok, ctx)]
            actors = [a for a in actors if not any(same_actor(a, s) for s in sources)]
            if actors:
                return actors
        return []

    def _event(self, mention: Mention, source: Actor, target: Actor | None,
               facts: SentenceFacts, episode: Episode) -> Event:
        """One event of a mention between two parties, with its date, place and status."""
        tok = mention.token
        date, date_future = choose_date(tok, facts.dates, episode)
        status, etype = status_and_type(mention, source, target,
                                        date.value if date else None, episode.published,
                                        date_future)
        place = choose_place(tok, mention, target, facts.places, episode, self.gazetteer,
                             source)
        target = located_victims(target, place)
        if etype == "PROTEST" and not mention.sources:
            source = located_victims(source, place) or source  # "protests erupted in Minsk"
        if source.role == MINORITY_ROLE and place is not None and place.country:
            source = replace(source, country=place.country)  # "ethnic Albanians in Serbia"
        if etype == "MOBILIZE" and target is None:
            target = self._foreign_ground(source, place)
        mode = "riot" if etype == "PROTEST" and mention.trigger.type != "PROTEST" else \
            mention.trigger.mode
        event = Event(
            type=etype, mode=mode, source=source, target=target,
            evidence=facts.evidence, trigger=token_span(tok), date=date,
            location=place, status=status,
            topics=topics_of(tok), confidence=event_confidence(source, target))
        episode.advance(status, date, place, event)
        return event

    def _remember_pair(self, events: list[Event], ctx: DocumentContext) -> None:
        """Note who met whom, for a later "the two sides"."""
        for event in events:
            if event.type in SYMMETRIC_TYPES and event.target is not None and event.source:
                ctx.note_pair(event.source, event.target)

    def _dateline(self, doc: Doc) -> Place | None:
        """ "MOSCOW, March 30 (Xinhua) --" or "NAIROBI:" at the top of the article."""
        for ent in doc[:8].ents:
            follower = doc[ent.end].text if ent.end < len(doc) else ""
            if ent.label_ == "GPE" and ent.start <= 1 and follower in DATELINE_MARKS and (
                    (ent.text.isupper() and len(ent.text) > 3) or follower == ":"):
                return self.gazetteer.lookup(ent.text.title())
        return None


def status_and_type(mention: Mention, source: Actor, target: Actor | None,
                    date_value: str | None, published: dt.date | None,
                    date_future: bool) -> tuple[str, str]:
    """(status, type) of one event: the status its clause's clues give the type the lexicon
    states, then the type the retyping rules make of it."""
    etype, negated = stated_type(mention)
    clues = read_clues(mention.token, negated, date_future)
    status = decide_status(clues, etype, date_value, published)
    return status, retype(Facts(mention, clues, etype, source, target))


def attacker_unknown(mention: Mention, sources: list[Actor], targets: list[Actor]) -> bool:
    """Whether an attack's doer is unknown (GUIDELINES ruling 5): only alleged ("the alleged
    Israeli airstrike"), or not named, by a passive ("blown up by a missile") or by an attack
    noun ("the attack on two Aramco facilities"). A crash is no attacker."""
    if any(is_alleged(t) for t in [mention.token, *mention.sources]):
        return True
    if sources:
        return False
    unnamed_agent = mention.passive and bool(mention.sources) and \
        not any(is_happening(t) for t in mention.sources)
    attack_nouns = words_of(mention.token)["attack_nouns"]
    bare_attack = mention.trigger.pos == "NOUN" and mention.token.lower_ in attack_nouns and \
        bool(targets)
    return unnamed_agent or bare_attack


def is_alleged(tok: Token) -> bool:
    """ "the alleged airstrike", "a suspected attack": an act whose doer is only alleged."""
    alleging = words_of(tok)["alleging_words"]
    return any(c.lower_ in alleging for c in tok.children if c.dep_ in ("amod", "advmod"))


def retaliated_for(tok: Token) -> bool:
    """ "in retaliation for the ejections of Russian officials": an act named as the cause of
    a retaliation was done by those retaliated against."""
    causes = words_of(tok)["retaliation_nouns"]
    return any(a.lemma_.lower() in causes for a in list(tok.ancestors)[:5])


# Parties acting together in such numbers do so as a multilateral gathering (ruling 7), not
# as pairs: a meeting of three named parties is still one CONSULT per pair.
MULTILATERAL_CROWD = 4


def _reciprocal_pairs(mention: Mention, sources: list[Actor],
                      targets: list[Actor]) -> list[tuple[Actor, Actor | None]]:
    """ "X and Y met": every pair of the sources; "a conversation between X and Y": every pair
    of the targets; "X and Y accused each other": each source toward each other source, both
    ways. Empty when the mention names its parties the usual way."""
    if len(sources) > 1 and _toward_each_other(mention.token):
        return [(s, t) for s, t in permutations(sources, 2) if not same_actor(s, t)]
    if mention.trigger.type not in RECIPROCAL_TYPES or _attends_a_gathering(mention.token):
        return []
    if not targets and len(sources) > 1:
        if len(unique_parties(sources)) >= MULTILATERAL_CROWD:
            return []  # "A, B, C and D signed the declaration": a multilateral act (ruling 7)
        return list(combinations(sources, 2))
    if not sources and len(targets) > 1 and _named_between(mention):
        return list(combinations(targets, 2))
    return []


def _toward_each_other(trigger: Token) -> bool:
    """Whether the trigger's object or a preposition's object is "each other" or "one
    another" ("accused each other", "fired at one another")."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "obj", "dative", "prep")]
    objects += [g for c in objects if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    pairs = {("each", "other"), ("one", "another"), ("another", "one")}
    return any((d.lower_, o.lower_) in pairs for o in objects for d in o.children)


def _attends_a_gathering(trigger: Token) -> bool:
    """ "The leaders of A, B and C attended the summit": attending a gathering together is no
    meeting of each pair (ruling 7)."""
    words = words_of(trigger)
    return trigger.lemma_.lower() in words["attending_verbs"] and any(
        c.dep_ == "dobj" and c.lemma_.lower() in words["gathering_nouns"]
        for c in trigger.children)


def _named_between(mention: Mention) -> bool:
    """Whether the mention's first target slot is the object of "between"."""
    return any(tok.head.lower_ == "between" for group in mention.targets[:1] for tok in group)


def _victims_of_the_attack(tok: Token, events: list[Event],
                           attacks: dict[int, list[Event]]) -> list[Event]:
    """ "launched a missile attack on Kyiv, killing nine people": the people the participle
    kills, given no state of their own, are the attacked side's, where it was attacked.
    Records the events under the verb they hang on for the participles after them."""
    verb = tok.head if tok.pos_ == "NOUN" else tok
    earlier = attacks.get(verb.head.i, []) if verb.dep_ in ("advcl", "xcomp") else []
    struck = next((e for e in earlier if e.target is not None and e.target.country), None)
    if struck is not None and struck.target is not None:
        events = [_moved_to(e, e.target, struck) if _unplaced_victims(e.target) else e
                  for e in events]
    attacks.setdefault(verb.i, []).extend(events)
    return events


def _moved_to(event: Event, victims: Actor | None, struck: Event) -> Event:
    """The event with its victims given the struck side's state and place."""
    if victims is None or struck.target is None:
        return event
    return replace(event, target=replace(victims, country=struck.target.country),
                   location=struck.location)


def _unplaced_victims(target: Actor | None) -> bool:
    """Whether a target is people the text gave no state: the article's state is a guess."""
    return target is not None and target.kind == "group" and \
        target.confidence <= HOME_GUESS_CONFIDENCE


UNNAMED_PROTESTERS = "protesters"  # the name of the protesters a protest names no one for


def unnamed_protesters(home: str | None) -> list[Actor]:
    """ "Mass protests erupted in 30 cities", "the demonstrations continued": protests that
    name no one are the protesters' of the article's state, until the event's place says
    where they marched."""
    if home is None:
        return []
    return [Actor(name=UNNAMED_PROTESTERS, country=home, sector="CVL", kind="group",
                  confidence=HOME_GUESS_CONFIDENCE)]


def without_protests_told_again(found: list[Event], earlier: list[Event],
                               doc: Doc) -> list[Event]:
    """A sentence's events less the unnamed protesters' protests that repeat a protest whose
    protesters are named: in the same sentence, any ("demonstrators rioted after a peaceful
    demonstration"); in an earlier one, those a definite noun refers back to ("Farmers
    protested in Brussels. ... Police said the demonstration remained peaceful."). The same
    crowd told again is no other crowd, nor the place's protesters against its government."""
    if _names_protesters(found):
        return [e for e in found if not _unnamed_protest(e)]
    if _names_protesters(earlier):
        return [e for e in found if not (_unnamed_protest(e) and _definite(e.trigger, doc))]
    return found


def _names_protesters(events: list[Event]) -> bool:
    return any(e.type == "PROTEST" and not _unnamed(e.source) for e in events)


def _unnamed_protest(event: Event) -> bool:
    return event.type == "PROTEST" and _unnamed(event.source)


def _definite(trigger: Span, doc: Doc) -> bool:
    """Whether the trigger noun has a definite or demonstrative determiner ("the protest",
    "this demonstration"), read from the parser's morphology, not a word list."""
    words = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if words is None or not len(words):
        return False
    return any(child.dep_ == "det" and ("Def" in child.morph.get("Definite", [])
                                        or "Dem" in child.morph.get("PronType", []))
               for child in words.root.children)


def _unnamed(actor: Actor | None) -> bool:
    """Whether an actor is the unnamed protesters (no words of the text stand for them)."""
    return actor is not None and actor.span is None and actor.name == UNNAMED_PROTESTERS


def located_victims(target: Actor | None, place: Place | None) -> Actor | None:
    """ "killed 12 people in Gaza": people the text gives no state take the state where the
    event happened, rather than the article's main state."""
    if target is None or place is None or place.span is None or not place.country:
        return target
    if target.kind == "group" and target.confidence <= HOME_GUESS_CONFIDENCE:
        return replace(target, country=place.country)
    return target


def same_actor(a: Actor, b: Actor) -> bool:
    """Two mentions of one party: the same state, or the same named group or person.
    Kenyan police firing on Kenyan protesters is an event; Russia acting on Russia is not,
    but Croatia investigating Croatian extremists is."""
    if a.party != b.party:
        return False
    if a.kind == "state" or b.kind == "state":
        other = b if a.kind == "state" else a
        return not (other.kind == "group" and other.sector in NON_STATE_SECTORS)
    return a.name.lower() == b.name.lower() or a.sector == b.sector


def event_confidence(source: Actor | None, target: Actor | None) -> float:
    """An event is as sure as its least sure party."""
    parts = [a.confidence for a in (source, target) if a is not None]
    return min(parts) if parts else 0.5


