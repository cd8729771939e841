"""Retyping: the ordered, named rules that change an event's type from the one its trigger
reports in the lexicon (``triggers.tsv``).

The lexicon gives each trigger a type and, for a negated trigger, the type its negation reports
("would not accept" is a REJECT). After that, the rules below run in order on every event, each
seeing the type the rules before it left: first what the clause's status clues make of the act
(a refused aid is a REJECT, a promised visit an AGREE), then what its parties make of it (a
government's protest is a complaint). A construction inside the finder retypes a mention too:
a promise of violence ("vowed to retaliate") is a THREATEN (``finder.link_complements``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from communique.events.finder import Mention
from communique.events.status import (
    CONDITIONAL_MARKS,
    Clues,
    announced_future_act,
    has_condition,
    is_negated,
    promised_support,
    refused_cooperation,
    verbal_act_now,
)
from communique.model import Actor

# An act announced for the future is itself a verbal act now: a promised visit or aid is an
# AGREE, a promised withdrawal or release a CONCEDE, a promised attack a THREATEN. Announcing
# a sanction (expelling diplomats, cutting ties) is the sanction itself.
ANNOUNCED_AS = {"CONSULT": "AGREE", "AID": "AGREE", "COOPERATE": "AGREE", "RETREAT": "CONCEDE",
                "COERCE": "THREATEN", "ASSAULT": "THREATEN", "MOBILIZE": "THREATEN",
                "PROTEST": "THREATEN"}
THREAT_MARKS = frozenset({"unless"})  # "will withdraw unless ...": a condition as pressure
# Hostile acts: announced on a condition, they are threats.
CONFLICT_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"})
# Sectors whose protest is a complaint (ACCUSE), and whose blockade a coercion.
OFFICIAL_PROTESTERS = frozenset({"GOV", "MIL", "COP", "NGO", "IGO"})


@dataclass(frozen=True)
class Facts:
    """What a retyping rule may look at: the mention, its clause's status clues, the type the
    lexicon stated (before any rule), and the event's parties."""

    mention: Mention
    clues: Clues
    stated_type: str
    source: Actor
    target: Actor | None


@dataclass(frozen=True)
class Retyping:
    """One named rule: the new type of an event, or None where it does not apply."""

    name: str
    rule: Callable[[str, Facts], str | None]


def stated_type(mention: Mention) -> tuple[str, bool]:
    """(type, negated): a negated trigger with a negated type in the lexicon reports that type,
    and is then no longer negated."""
    negated = is_negated(mention.token)
    if negated and mention.trigger.negated_type:
        return mention.trigger.negated_type, False
    return mention.trigger.type, negated


def _refusal(etype: str, facts: Facts) -> str | None:
    """ "would not provide support", "refused to release": refusing cooperation rejects it."""
    return "REJECT" if refused_cooperation(facts.clues, facts.stated_type) else None


def _promise_of_support(etype: str, facts: Facts) -> str | None:
    """ "will support Y" promises support: an AGREE ("will continue to support" is support)."""
    clues = facts.clues
    if clues.negated or refused_cooperation(clues, facts.stated_type):
        return None
    return "AGREE" if promised_support(clues, facts.stated_type) else None


def _announced_act(etype: str, facts: Facts) -> str | None:
    """ "X said it will visit": an announced future act is the act of announcing it now:
    "unless" makes it a threat ("will withdraw its force unless ..."), and so does any
    condition on a hostile act; "if" leaves an offer an offer ("will meet him if ...");
    else ANNOUNCED_AS says."""
    clues, stated = facts.clues, facts.stated_type
    if clues.negated or refused_cooperation(clues, stated) or promised_support(clues, stated) \
            or verbal_act_now(clues, stated) or not announced_future_act(clues):
        return None
    tok = facts.mention.token
    if has_condition(tok, THREAT_MARKS) or (
            stated in CONFLICT_TYPES and has_condition(tok, CONDITIONAL_MARKS)):
        return "THREATEN"  # "may halt its mediation if ...": a sanction held over someone
    return ANNOUNCED_AS.get(stated)


def _official_protest(etype: str, facts: Facts) -> str | None:
    """A government's or an organisation's protest is a complaint; its blockade, coercion."""
    source = facts.source
    if etype != "PROTEST" or not (source.sector in OFFICIAL_PROTESTERS
                                  or source.kind == "organisation"):
        return None
    return "COERCE" if facts.mention.trigger.mode == "obstruct" else "ACCUSE"


def _riot(etype: str, facts: Facts) -> str | None:
    """Protesters' violence is a riot: "protesters torched the embassy"; protesters massing
    or blocking a road demonstrate ("25,000 protesters massed outside parliament")."""
    if etype in ("ASSAULT", "COERCE", "MOBILIZE") and facts.source.role == "protesters":
        return "PROTEST"
    return None


def _lone_exercise(etype: str, facts: Facts) -> str | None:
    """Exercises held alone are a show of force (MOBILIZE), not cooperation."""
    return "MOBILIZE" if etype == "COOPERATE" and facts.target is None else None


RETYPING_RULES: tuple[Retyping, ...] = (
    Retyping("a refused cooperation is a rejection", _refusal),
    Retyping("a promise of support is an agreement", _promise_of_support),
    Retyping("an announced future act is done by announcing it", _announced_act),
    Retyping("an official protest is a complaint, its blockade coercion", _official_protest),
    Retyping("protesters' violence is a riot", _riot),
    Retyping("exercises held alone are a show of force", _lone_exercise),
)


def retype(facts: Facts) -> str:
    """The event's type after every rule, in order, from the lexicon's stated type."""
    etype = facts.stated_type
    for retyping in RETYPING_RULES:
        etype = retyping.rule(etype, facts) or etype
    return etype
