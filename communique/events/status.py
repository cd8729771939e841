"""Whether a reported event happened: occurred, planned, hypothetical, negated or background.

The clues are grammatical (negation, conditional clauses, modal and future auxiliaries, verbs
of scheduling) plus the resolved date (an event more than a month before publication is
background to the story).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Token

from communique.events.finder import conditional_clauses, is_one_of
from communique.nlp.words import words_of

# Verbal acts are themselves what happens: "X will support Y" is support given now.
VERBAL_TYPES = frozenset({"AGREE", "SUPPORT", "REQUEST", "REJECT", "THREATEN", "ACCUSE",
                          "CONCEDE"})
# Words that make a clause a condition: what it says may not happen.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
# Auxiliaries of what might happen, and of what will.
SPECULATIVE_MODALS = frozenset({"could", "might", "may", "would", "should"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
BACKGROUND_DAYS = 31  # older than a month before publication: background to the story
# Acts whose refusal is itself an act: "would not provide support" is a REJECT.
COOPERATIVE_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
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



@dataclass(frozen=True)
class Clues:
    """What the grammar of a trigger's clause says about whether its act happened."""

    negated: bool
    future: bool  # "will visit", "plans to visit", or a date still to come
    modal: bool  # the trigger carries a modal or future auxiliary
    refused: bool  # "refused to release", "failed to reach"
    hypothetical: bool  # "if X attacks", "X could attack"
    announced: bool  # "X said it will visit"
    continuing: bool  # "will continue to support"


def read_clues(tok: Token, negated: bool, date_is_future: bool) -> Clues:
    """The status clues of a trigger's clause, read once."""
    return Clues(negated=negated, future=is_future(tok) or date_is_future,
                 modal=_has_modal(tok), refused=_refused(tok),
                 hypothetical=is_hypothetical(tok), announced=is_announced(tok),
                 continuing=_governed_by(tok, words_of(tok)["continuing_verbs"]))


def refused_cooperation(clues: Clues, event_type: str) -> bool:
    """ "would not provide support", "refused to release": a cooperative act refused now."""
    return event_type in COOPERATIVE_TYPES and (
        clues.refused or (clues.negated and (clues.future or clues.modal)))


def promised_support(clues: Clues, event_type: str) -> bool:
    """ "will support" promises support now; "will continue to support" reaffirms it."""
    return event_type == "SUPPORT" and clues.future and not clues.continuing


def verbal_act_now(clues: Clues, event_type: str) -> bool:
    """ "X will support Y": a verbal act said, whatever its tense, is done now."""
    return event_type in VERBAL_TYPES and (clues.future or clues.hypothetical)


def announced_future_act(clues: Clues) -> bool:
    """ "X said it will visit": a future act announced now is itself an act."""
    return (clues.future or clues.modal) and clues.announced


def decide_status(clues: Clues, event_type: str, date_value: str | None,
                  published: dt.date | None) -> str:
    """Occurred, negated, hypothetical, planned or background. A refused, promised, verbal or
    announced act occurred now; ``events.retype`` says which type it then takes."""
    if refused_cooperation(clues, event_type):
        return "occurred"
    if clues.negated:
        return "negated"
    if promised_support(clues, event_type) or verbal_act_now(clues, event_type) or \
            announced_future_act(clues):
        return "occurred"
    if clues.hypothetical:
        return "hypothetical"
    if clues.future:
        return "planned"
    if is_background(date_value, published):
        return "background"
    return "occurred"


def _refused(tok: Token) -> bool:
    """ "failed to reach agreement", "refused to release": a refusal of the act."""
    return _governed_by(tok, words_of(tok)["refusal_verbs"])


def has_condition(tok: Token, marks: frozenset[str] = CONDITIONAL_MARKS) -> bool:
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
