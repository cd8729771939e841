"""Whether a reported event happened: occurred, planned, hypothetical, negated or background.

The clues are grammatical (negation, conditional clauses, modal and future auxiliaries, verbs
of scheduling) plus the resolved date (an event more than a month before publication is
background to the story).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from communique.events.finder import conditional_clauses, is_one_of
from communique.nlp.words import words_of

# Verbal acts are themselves what happens: "X will support Y" is support given now.
VERBAL_TYPES = frozenset({"AGREE", "SUPPORT", "REQUEST", "REJECT", "THREATEN", "ACCUSE",
                          "CONCEDE"})
# Words that make a clause a condition: what it says may not happen.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
THREAT_MARKS = frozenset({"unless"})  # "will withdraw unless ...": a condition as pressure
# Hostile acts: announced on a condition, they are threats.
CONFLICT_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"})
# Auxiliaries of what might happen, and of what will.
SPECULATIVE_MODALS = frozenset({"could", "might", "may", "would", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
BACKGROUND_DAYS = 31  # older than a month before publication: background to the story
# Acts whose refusal is itself an act: "would not provide support" is a REJECT.
COOPERATIVE_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
# An act announced for the future is itself a verbal act now: a promised visit or aid is an
# AGREE, a promised withdrawal or release a CONCEDE, a promised attack a THREATEN. Announcing
# a sanction (expelling diplomats, cutting ties) is the sanction itself.
ANNOUNCED_AS = {"CONSULT": "AGREE", "AID": "AGREE", "COOPERATE": "AGREE", "RETREAT": "CONCEDE",
                "COERCE": "THREATEN", "ASSAULT": "THREATEN", "MOBILIZE": "THREATEN",
                "PROTEST": "THREATEN"}
# Days a date of each precision (year, month, day) spans.
PERIOD_DAYS = {1: 365, 2: 30, 3: 0}


def clause_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs it hangs from within its own clause chain."""
    chain = [tok]
    while tok.dep_ in ("xcomp", "acomp", "conj", "dobj", "pobj", "prep", "pcomp", "acl") \
            and tok.head.i != tok.i:
        tok = tok.head
        chain.append(tok)
    return chain


def is_negated(tok: Token) -> bool:
    """ "did not meet", "never attacked", "denied attacking"."""
    if _governed_by(tok, words_of(tok)["denial_verbs"]):
        return True
    return any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("neg", "det"))
               for t in clause_chain(tok)[:3] for c in t.children)


def _governed_by(tok: Token, lemmas: frozenset[str]) -> bool:
    """Whether one of the two verbs the trigger hangs from is one of ``lemmas``."""
    return any(is_one_of(t, lemmas) for t in clause_chain(tok)[1:3])


def is_hypothetical(tok: Token) -> bool:
    """Whether the act is a condition or a possibility: "if X attacks", "X could attack"."""
    if any(_is_conditional(t) for t in clause_chain(tok)):
        return True
    return any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in tok.children)


def _is_conditional(verb: Token) -> bool:
    """Whether a verb of the clause chain is marked as a condition ("if", "unless")."""
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
        return True
    return verb.dep_ == "advcl" and any(c.lower_ in CONDITIONAL_MARKS for c in verb.children)


def is_future(tok: Token) -> bool:
    """Whether the act is still to come: "will visit", "plans to visit"."""
    planning = words_of(tok)["planning_verbs"]
    return any(_has_future_aux(t) or (t.i != tok.i and is_one_of(t, planning))
               for t in clause_chain(tok))


def _has_future_aux(verb: Token) -> bool:
    """Whether a verb carries "will" or "shall"."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in verb.children)


def is_announced(tok: Token) -> bool:
    """A future act that someone announces or says it intends now ("X said it will visit",
    "X wants to attack Y", "X will visit, Y said") is itself an act."""
    words = words_of(tok)
    announcing = words.union("say_verbs", "say_verbs_announcing", "intent_verbs")
    if any(is_one_of(a, announcing) for a in tok.ancestors):
        return True
    return any(_trailing_attribution(c) for t in clause_chain(tok) for c in t.children
               if c.i > tok.i)


def _trailing_attribution(verb: Token) -> bool:
    """ "..., the ministry said": a verb of saying after the clause, with no content of its
    own, attributes the clause to its subject."""
    return verb.dep_ in ("conj", "parataxis", "ccomp", "advcl") and \
        is_one_of(verb, words_of(verb).union("say_verbs", "say_verbs_announcing")) and \
        not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)



def decide_status(tok: Token, event_type: str, date_value: str | None,
                  published: dt.date | None, date_is_future: bool,
                  negated: bool = False) -> tuple[str, str]:
    """(status, type): a future meeting someone announces becomes an AGREE that occurred."""
    future = is_future(tok) or date_is_future
    if event_type in COOPERATIVE_TYPES and (_refused(tok) or (negated and (
            future or _has_modal(tok)))):
        return "occurred", "REJECT"  # "would not provide support" refuses it now
    if negated:
        return "negated", event_type
    continuing = words_of(tok)["continuing_verbs"]
    if event_type == "SUPPORT" and future and not _governed_by(tok, continuing):
        return "occurred", "AGREE"  # "will support" promises; "will continue to" reaffirms
    if event_type in VERBAL_TYPES and (future or is_hypothetical(tok)):
        return "occurred", event_type
    if (future or _has_modal(tok)) and is_announced(tok):
        return "occurred", _announced_type(tok, event_type)
    if is_hypothetical(tok):
        return "hypothetical", event_type
    if future:
        return "planned", event_type
    if is_background(date_value, published):
        return "background", event_type
    return "occurred", event_type


def _announced_type(tok: Token, event_type: str) -> str:
    """What announcing a future act does now: "unless" makes it a threat ("will withdraw its
    force unless ..."), and so does any condition on a hostile act; "if" leaves an offer an
    offer ("will meet him if ..."); else ANNOUNCED_AS says."""
    if _conditional_clause(tok, THREAT_MARKS) or (
            event_type in CONFLICT_TYPES and _conditional_clause(tok)):
        return "THREATEN"  # "may halt its mediation if ...": a sanction held over someone
    return ANNOUNCED_AS.get(event_type, event_type)


def _refused(tok: Token) -> bool:
    """ "failed to reach agreement", "refused to release": a refusal of the act."""
    return _governed_by(tok, words_of(tok)["refusal_verbs"])


def _conditional_clause(tok: Token, marks: frozenset[str] = CONDITIONAL_MARKS) -> bool:
    """A condition hangs on the act: "... unless the president steps down"."""
    return any(conditional_clauses(t, marks) for t in clause_chain(tok)[:3])


def _has_modal(tok: Token) -> bool:
    """Whether the trigger itself carries a modal or future auxiliary."""
    return any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS | FUTURE_AUX
               for c in tok.children)


def is_background(date_value: str | None, published: dt.date | None) -> bool:
    """Whether a date ended more than a month before publication."""
    if not date_value or published is None:
        return False
    start = earliest_day(date_value)
    return (published - start).days > BACKGROUND_DAYS + _period_days(date_value)


def earliest_day(value: str) -> dt.date:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _period_days(value: str) -> int:
    """About how many days a date of this precision spans."""
    return PERIOD_DAYS[len(value.split("-"))]
