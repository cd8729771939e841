"""References back: pronouns, "the two sides", "the countries", "dozens", "the decision".

What a word that names no one itself stands for, from what the article said before it: the
nearest fitting actor, the last pair that met, the last list of states, the last group, the
doers of the last act.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from communique.actors.context import DocumentContext
from communique.model import Actor
from communique.nlp.index import sentence_of
from communique.nlp.quotes import speaker_of
from communique.nlp.spans import token_span
from communique.nlp.tree import (
    conjuncts,
    first_with_lemma,
    noun_phrase,
    prep_objects_of,
    previous_sentence_start,
)
from communique.nlp.words import words_of

# Pronouns by what they may stand for: people, things (states, bodies), groups, the speaker.
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
SPEAKER_PRONOUNS = frozenset({"we", "our", "us", "i", "my", "me"})
# "officials from Australia, Albania and France": prepositions naming a group's states.
ORIGIN_PREPS = frozenset({"from", "of", "including"})
# Spelled-out numbers a group noun may carry ("two dozen nations").
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dozens": 24}
POINTING_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "such"})


class ReferenceResolver:
    """The resolver's readings of words that refer back; ``ActorResolver`` supplies the
    readings of words that name someone."""

    def resolve(self, token: Token, ctx: DocumentContext) -> list[Actor]:
        raise NotImplementedError

    def _resolve_one(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        raise NotImplementedError

    def _last_groups(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "arresting dozens": the group of people the story just mentioned. The two latest
        groups come back; the event builder drops the one that is the event's own source."""
        found: list[Actor] = []
        for actor in ctx.groups_before(tok.i):
            if all(not (a.name == actor.name and a.party == actor.party) for a in found):
                found.append(replace(actor, confidence=0.5))
            if len(found) == 2:
                break
        return found

    # -- named mentions ---------------------------------------------------------------


    def _pronoun(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """What a pronoun stands for: the speaker, a plural antecedent or the last pair, else
        the nearest earlier actor of its kind."""
        word = tok.lower_
        if word in SPEAKER_PRONOUNS or (tok.dep_ == "nsubj" and word in THING_PRONOUNS):
            speaker = self._speaker_actors(tok, ctx)
            if speaker is not None:
                return speaker
        if word in PLURAL_PRONOUNS:
            plural = self._plural_actors(tok, ctx)
            if plural:
                return plural
        return self._nearest_antecedent(tok, ctx, word in PERSON_PRONOUNS | SPEAKER_PRONOUNS)

    def _speaker_actors(self, tok: Token, ctx: DocumentContext) -> list[Actor] | None:
        """ "we will ...", and "the ministry said it summoned ...": the speaker. None lets other
        readings try; a "we" whose speaker resolves to no actor stands for no one."""
        speaker = speaker_of(tok)
        if speaker is None or speaker.i == tok.i or speaker.pos_ == "PRON":
            return None
        actors = self._resolve_one(speaker, ctx)
        return actors if actors or tok.lower_ in SPEAKER_PRONOUNS else None

    def _plural_actors(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "they": the nearest plural antecedent that resolves, else the last pair."""
        for group in plural_antecedents(tok):
            actors = self.resolve(group, ctx)
            if actors:
                return actors
        return list(ctx.last_pair) if ctx.last_pair else []

    def _nearest_antecedent(self, tok: Token, ctx: DocumentContext,
                            wanted_person: bool) -> list[Actor]:
        """The nearest earlier actor of the pronoun's kind (person or not), preferring subjects
        of this sentence or the one before."""
        own_subject = clause_subject(tok)
        fitting = ((i, a) for i, a in ctx.mentions_before(tok.i)
                   if (a.kind == "person") == wanted_person and i not in own_subject)
        nearest = next(fitting, None)
        if nearest is None:
            return []
        # a mention's sentence starts at or after the previous sentence's start exactly when
        # the mention itself does
        start = previous_sentence_start(tok)
        nearby = itertools.chain([nearest], itertools.takewhile(lambda m: m[0] >= start, fitting))
        subject = next(((i, a) for i, a in nearby if i >= start
                        and tok.doc[i].dep_ in ("nsubj", "nsubjpass")), nearest)
        return [replace(subject[1], span=token_span(tok), confidence=0.6)]

    def _pair_reference(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "the two sides", "both countries", "the parties" stand for the two parties named
        just before in the same sentence, else for the pair met most often."""
        if tok.lower_ not in words_of(tok)["pair_words"]:
            return []
        mods = {c.lower_ for c in tok.children}
        if not ({"two", "both"} & mods or tok.lower_ in ("sides", "parties")):
            return []
        named = ctx.mentions_between(sentence_of(tok).start, tok.i)
        in_sentence = unique_parties([a for _, a in named if a.kind == "state"])
        if len(in_sentence) == 2:
            return in_sentence
        return list(ctx.last_pair) if ctx.last_pair is not None else []

    def _definite_state(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "... cut ties with Qatar and accused the country of ...": "the country" is the
        state last named as someone's object."""
        if tok.lemma_.lower() not in words_of(tok)["state_nouns"] or tok.tag_ != "NN" or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
            return []
        for i, actor in ctx.mentions_before(tok.i):
            if actor.kind == "state" and tok.doc[i].dep_ in ("dobj", "pobj"):
                return [replace(actor, span=token_span(tok), confidence=0.5)]
        return []

    def _pronoun_owners(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "their diplomatic missions", "its troops": the owners the pronoun stands for."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is None or tok.lemma_.lower() in words_of(tok)["relational_nouns"]:
            return []  # "its partners" are others, not itself
        return [replace(a, confidence=min(a.confidence, 0.5)) for a in self._pronoun(owner, ctx)]

    def _enumerated_states(self, tok: Token, ctx: DocumentContext,
                           count: int | None = None) -> list[Actor]:
        """ "23 countries" stands for the list of about 23 states the article spells out;
        "the countries" (no number) for the last list of states named before it."""
        groups = words_of(tok)["group_nouns"]
        group = tok if tok.lemma_.lower() in groups else first_with_lemma(
            origin_objects(tok), groups)
        if group is None or group.tag_ != "NNS" or not ctx.enumerations:
            return []
        listed = fitting_list(group, ctx, count or stated_count(group))
        if listed is None:
            return []
        ctx.last_listed = [replace(a, confidence=0.6) for a in listed]
        return ctx.last_listed

    def _same_envoys(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "... heads of missions from 23 countries. The diplomats were handed notes": a
        definite plural of envoys with no state of its own is the group just listed."""
        envoys = words_of(tok)["envoy_nouns"]
        if tok.tag_ != "NNS" or tok.lemma_.lower() not in envoys or not ctx.last_listed \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) \
                or len(noun_phrase(tok)) > 2:
            return []
        return list(ctx.last_listed)


# Where a pronoun is the object of its clause, and so cannot stand for the clause's subject.
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})


def clause_subject(pronoun: Token) -> set[int]:
    """The token indices of the subject of the clause whose object the pronoun is: in "X
    urged him to stay away" (and "X said ... and urged him") "him" is not X. Empty for other
    pronouns, and through "to"-clauses, whose object may be the subject above ("X asked
    them to back him": him is X)."""
    if pronoun.dep_ not in OBJECT_DEPS:
        return set()
    verb = pronoun.head
    for _ in range(4):  # up a chain of coordinated verbs ("said ... and urged him")
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return {t.i for s in subjects for t in s.subtree}
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return set()
        verb = verb.head
    return set()


# -- counting groups and lists -------------------------------------------------------------
def takes_a_side(tok: Token) -> bool:
    """Whether a word is the second half of "pro-Iranian", "anti-Western"."""
    before = [t.lower_ for t in tok.doc[max(tok.i - 2, 0):tok.i]]
    return before[-2:] in (["pro", "-"], ["anti", "-"]) or before[-1:] in (["pro-"], ["anti-"])


def points_at_act(tok: Token) -> bool:
    """ "the decision", "this move": an act noun pointing back, naming no doer of its own."""
    return tok.lower_ in words_of(tok)["act_nouns"] and any(
        c.dep_ == "det" and c.lower_ in POINTING_DETERMINERS for c in tok.children) and not any(
        c.dep_ in ("poss", "prep", "compound", "acl", "relcl") for c in tok.children)


def is_happening(tok: Token) -> bool:
    """Whether a noun names a happening (a crash, a blast) rather than someone acting."""
    return tok.lower_ in words_of(tok)["happening_nouns"]


def lead_end(doc: Doc) -> int:
    """Where the lead (the first two sentences) ends: what it names counts double."""
    sents = list(doc.sents)[:2]
    return sents[-1].end if sents else 0


def stated_count(group: Token) -> int | None:
    """The number a group noun carries: "23 countries", "two dozen nations", "dozens"."""
    words = [c for c in group.subtree if c.i <= group.i and c.dep_ in (
        "nummod", "quantmod", "compound", "pobj")] + [group]
    number = stated_count_of_words([w for w in words if w.i != group.i])
    if any(w.lower_ in words_of(group)["dozen_words"] for w in words):
        return 12 * (number or 2)
    return number


def stated_count_of_words(words: list[Token]) -> int | None:
    """The first number among the words, in digits or spelled out."""
    for word in words:
        text = word.lower_.replace(",", "")
        if text.isdigit():
            return int(text)
        if text in NUMBER_WORDS:
            return NUMBER_WORDS[text]
    return None


def fitting_list(group: Token, ctx: DocumentContext, count: int | None) -> list[Actor] | None:
    """The spelled-out list a group noun stands for: the longest about as long as its
    number, else, after "the", the last list before it."""
    if count is not None:
        return ctx.list_of_about(count)
    if any(c.lower_ in ("the", "these", "those") for c in group.children):
        return ctx.list_before(group.i)
    return None


def origin_objects(tok: Token) -> list[Token]:
    """ "officials from Australia, Albania and France", "allies, including Germany and
    Poland": the states a group is drawn from."""
    return prep_objects_of(tok, ORIGIN_PREPS)


def partitive_member(tok: Token) -> Token | None:
    """ "contingents of police officers", "dozens of protesters": the members are the actor;
    "Sudan's army of ..." has its owner already ("accused Sudan's army of bombing civilians")."""
    if tok.lower_ not in words_of(tok).union("quantity_words", "partitive_words") or any(
            c.dep_ == "poss" for c in tok.children):
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def unique_parties(actors: list[Actor]) -> list[Actor]:
    """Actors once each: one per state, and groups or people of a state told apart by name
    ("the Ethiopian government and regional forces" are two parties of one state)."""
    seen: set[tuple[str | None, str]] = set()
    result = []
    for actor in actors:
        key = (actor.party, "" if actor.kind == "state" else actor.name.lower())
        if key not in seen:
            seen.add(key)
            result.append(actor)
    return result


def plural_antecedents(pronoun: Token) -> Iterator[Token]:
    """What "they"/"their" may stand for, nearest first: plural nouns before it in its
    sentence ("diplomats from 23 countries ... their missions"), then plural subjects of the
    sentence before (a list of names or a plural noun)."""
    sent_start = sentence_of(pronoun).start
    for i in range(pronoun.i - 1, sent_start - 1, -1):
        tok = pronoun.doc[i]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "conj", "appos") and (
                conjuncts(tok) or tok.tag_ in ("NNS", "NNPS")):
            yield tok
    start = previous_sentence_start(pronoun)
    for i in range(sent_start - 1, start - 1, -1):
        tok = pronoun.doc[i]
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON" and (
                conjuncts(tok) or tok.tag_ in ("NNS", "NNPS")):
            yield tok
