"""Finding event mentions in a parsed sentence: triggers and the tokens of their arguments.

A trigger is a verb or noun listed in the lexicon; its source is found through the subject
(or the passive agent, or the subject of the clause it completes), its target through the
slots the lexicon names for it (direct object, a preposition, the possessor of the object).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from communique.events.dateline import in_dateline
from communique.events.lexicon import CHILD_SLOTS, Lexicon, Trigger
from communique.nlp.quotes import inside_quote, speaker_of
from communique.nlp.tree import first_with_lemma, word_after
from communique.nlp.words import words_of

Part = TypeVar("Part", Token, "Mention")

# -- finding sources ---------------------------------------------------------------------
SUBJECTS = frozenset({"nsubj", "csubj"})
# "X arrived after visits to Y", "X, during talks with Y, said": the subject's own act.
OWN_ACT_PREPS = frozenset({"during", "in", "at", "after", "before", "following", "on"})
# Things given: "aid from X", "support from X" name the giver after "from".
GIVEN_TYPES = frozenset({"AID", "SUPPORT", "AGREE"})
# Acts whose doer, left out of a passive, is whoever announces them ("India said six Canadian
# diplomats would be expelled").
ANNOUNCED_BY_DOER = frozenset({"SANCTION", "COERCE", "RETREAT", "AID", "CONCEDE", "ACCUSE"})
# "Troops were deployed": what is moved is the actor of these events.
SELF_MOVED_TYPES = frozenset({"MOBILIZE"})
# Relative pronouns ("the group that seized ..."): they stand for the noun the clause modifies.
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# Clauses that share the subject of the verb they hang from ("X agreed to meet").
INHERITS_SUBJECT = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp"})

# Positions in which an event noun is the act of a light verb ("held talks", "talks began").
LIGHT_NOUN_HEADS = frozenset({"dobj", "pobj", "nsubjpass", "attr", "appos", "conj", "nsubj"})
# Events whose parties may be named together ("X and Y met"): every pair takes part.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "ASSAULT"})
# "X said Y must stop Z": modals that make a reported clause a request.
OBLIGATION_MODALS = frozenset({"must", "should"})
# Named parties a directive may address; "ordered troops to withdraw" addresses its own.
ADDRESSABLE_ENTITIES = frozenset({"PERSON", "GPE", "ORG", "NORP"})
# "Thursday's coup", "last week's talks": possessors that say when, not who.
TIME_ENTITIES = frozenset({"DATE", "TIME"})

# -- verbal acts and their content -----------------------------------------------------------
# Verbal acts whose complement clause states what was promised, demanded, threatened...
GOVERNING_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT", "ACCUSE", "CONCEDE"})
# The dependencies a trigger may climb to reach the verbal act whose content it is.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl",
                             "compound", "amod", "advcl", "acomp"})
# Acts whose promise is a threat: "vowed to retaliate", "swore to fight".
VIOLENT_CONTENT = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
MAX_COMPLEMENT_STEPS = 4  # how far up a content trigger may sit below its verbal act
MAX_COMPLEMENT_DEPTH = 6  # how far down the objects of a verbal act's content are searched

# -- finding targets -------------------------------------------------------------------------
# Last slots of some types: acts done to a place are done to its state ("lifted the curfew
# in Montenegro"); an attack is aimed at whoever "at" names ("hurled rocks at the police")
# before the place it happened in; a threat is aimed at whoever its condition names
# ("threatened to quit the talks if the US goes ahead").
TYPE_FALLBACK: dict[str, tuple[str, ...]] = {
    **{t: ("in",) for t in ("CONCEDE", "COERCE", "MOBILIZE", "RETREAT")},
    "ASSAULT": ("at", "in"),
    "THREATEN": ("condition",)}
CONDITION_MARKS = frozenset({"if", "unless"})
# Where a recipient usually stands, tried after the lexicon's own slots.
FALLBACK_SLOTS = ("obj", "obj:to", "obj:with", "obj:for", "obj:against", "obj:on", "to",
                  "with", "against", "dative", "obj:poss", "obj:from",
                  # what a threat, promise or refusal is about: "threatened to cut off power to X"
                  "xcomp:obj", "xcomp:to", "xcomp:with", "xcomp:against", "xcomp:on",
                  "xcomp:obj:to", "xcomp:obj:of", "xcomp:in")
# Parts of speech a trigger may have, as the lexicon names them.
TRIGGER_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}


@dataclass
class Mention:
    """One trigger in a sentence with the tokens standing for its parties."""

    token: Token
    trigger: Trigger
    sources: list[Token] = field(default_factory=list)
    targets: list[list[Token]] = field(default_factory=list)  # candidates, best slot first
    passive: bool = False
    governed_by: Mention | None = None  # the verbal act whose content this trigger is
    inherited: list[list[Token]] = field(default_factory=list)  # targets of its content

    @property
    def exclusive(self) -> bool:
        """Whether the lexicon keeps the target to its own slots ("=ccomp:nsubj")."""
        return bool(self.trigger.targets) and self.trigger.targets[0].startswith("=")

    def complement_targets(self) -> list[list[Token]]:
        """Last-resort targets of a verbal act: the objects of what it is about, then the
        party it was said to ("told Russia that it would not accept ...")."""
        if self.exclusive:
            return []
        inside = [[t] for t in complement_objects(self.token)] if governs(self.trigger) else []
        return inside + [[t] for t in addressees(self.token)]


def find_mentions(sent: SpacySpan, lexicon: Lexicon) -> list[Mention]:
    """Every trigger of the sentence, with its argument tokens. A trigger noun that is the
    object of a trigger verb ("imposed sanctions") is part of the verb's mention."""
    found = [(tok, match_trigger(tok, lexicon)) for tok in sent]
    matched = [(tok, trig) for tok, trig in found if trig is not None]
    # "imposed sanctions", "held talks": the noun is the verb's own act; "condemned the
    # attack" reports two acts
    covered = {i for tok, trig in matched if trig.pos == "VERB" and not reports_other_act(trig)
               for c in object_words(tok) for i in (c.i, *_split_attack_noun(c))}
    mentions = [build_mention(tok, trig) for tok, trig in matched
                if trig.pos == "VERB" or tok.i not in covered]
    attacks = {tok.i for tok, trig in matched if trig.pos == "NOUN" and trig.type == "ASSAULT"}
    for mention in mentions:
        if reports_other_act(mention.trigger) and mention.trigger.type == "ACCUSE":
            _aim_at_attackers(mention, attacks)
    nouns = {tok.i: trig for tok, trig in matched if trig.pos == "NOUN" and tok.i in covered}
    for mention in mentions:
        # "seized power in a coup against X": the verb takes the covered noun's recipients
        for noun in object_words(mention.token) if mention.trigger.pos == "VERB" else []:
            if noun.i in nouns:
                mention.targets += [t for t in slot_targets(
                    noun, nouns[noun.i].targets, False, mention.trigger.type)
                    if t not in mention.targets]
    mentions += [m for m in construction_mentions(sent) if m.token.i not in {x.token.i for x in
                                                                            mentions}]
    link_complements(mentions)
    link_protest_demands(mentions)
    kept = [m for m in mentions if m.governed_by is None]
    return kept + allegation_mentions(kept)


def allegation_mentions(mentions: list[Mention]) -> list[Mention]:
    """The accusations the sentence's acts make, construction by construction, in the order
    of ``ACCUSING_CONSTRUCTIONS``; the acts stay events of their own."""
    return [found for construction in ACCUSING_CONSTRUCTIONS for m in mentions
            for found in construction.mentions(m)]


def _reported_attack(mention: Mention) -> list[Mention]:
    """ "X said that Y attacked Z": saying another party attacked is an accusation of it."""
    verb = mention.token.head
    if mention.trigger.type != "ASSAULT" or mention.token.dep_ != "ccomp" or \
            mention.passive or \
            verb.lemma_.lower() not in words_of(verb).union("say_verbs", "say_verbs_reporting"):
        return []
    accused = [c for c in mention.token.children if c.dep_ == "nsubj"
               and c.ent_type_ in ADDRESSABLE_ENTITIES]
    if not accused:
        return []
    return [Mention(verb, made_trigger(verb, "ACCUSE", "allege"), verb_subjects(verb),
                    [accused])]


def _split_attack_noun(noun: Token) -> tuple[int, ...]:
    """ "killed in Israeli tank shelling" parsed with "tank" as the object: "shelling" too
    belongs to the verb's mention."""
    following = word_after(noun)
    return (following.i,) if following.lower_ in words_of(noun)["attack_nouns"] else ()


def _aim_at_attackers(mention: Mention, attacks: set[int]) -> None:
    """ "condemned the terrorist attack on two Aramco facilities": a condemnation of an
    attack is aimed at the attackers, not at its victims."""
    condemned = [c for c in mention.token.children if c.dep_ == "dobj" and c.i in attacks]
    if condemned:
        mention.targets = [noun_sources(condemned[0], "ASSAULT")]


def reports_other_act(trigger: Trigger) -> bool:
    """Whether a verb's object noun is another party's act: condemning, praising or
    investigating an attack, not imposing sanctions."""
    return not trigger.objects and trigger.type in ("ACCUSE", "SUPPORT") and \
        not governs(trigger)


def _quoted_condemnation(mention: Mention) -> list[Mention]:
    """ "'This is another barbaric attack by Russia,' Kallas said": naming another party's
    attack in a quotation accuses it."""
    if mention.trigger.type != "ASSAULT" or mention.trigger.pos != "NOUN" or \
            not mention.sources or not inside_quote(mention.token):
        return []
    speaker = speaker_of(mention.token)
    if speaker is None or speaker in mention.sources:
        return []
    trigger = made_trigger(mention.token, "ACCUSE", "allege", pos="NOUN")
    return [Mention(mention.token, trigger, [speaker], [mention.sources])]


def governs(trigger: Trigger) -> bool:
    """Whether what a trigger's clause says is only its content: a promise, demand, threat,
    refusal or allegation. Condemning an attack reports the attack too."""
    return trigger.type in GOVERNING_TYPES and not (
        trigger.type == "ACCUSE" and trigger.mode == "disapprove")


def construction_mentions(sent: SpacySpan) -> list[Mention]:
    """The mentions the sentence's constructions make, word by word, each word tried with
    every construction of ``WORD_CONSTRUCTIONS`` in order."""
    return [m for tok in sent for construction in WORD_CONSTRUCTIONS
            for m in construction.mentions(tok)]


def _obligation_requests(tok: Token) -> list[Mention]:
    """ "X said Y must stop Z": a speaker saying what another party must or should do makes a
    REQUEST from the speaker to that party."""
    if tok.lemma_.lower() not in words_of(tok).union("say_verbs", "say_verbs_reporting"):
        return []
    return [_request_mention(tok, clause) for clause in _obligation_clauses(tok)]


def _directives(tok: Token) -> list[Mention]:
    """ "X wants Y to withdraw", "X ordered Y to stop": a directive to another party."""
    if tok.lemma_.lower() not in words_of(tok)["directive_verbs"] or tok.pos_ != "VERB":
        return []
    return _directive_mentions(tok)


def _departures(tok: Token) -> list[Mention]:
    """ "gave Qatari citizens two weeks to leave": an expulsion or a deportation."""
    if tok.lemma_.lower() not in words_of(tok)["departure_verbs"] or tok.pos_ != "VERB":
        return []
    return _departure_mentions(tok)


def _departure_mentions(leave: Token) -> list[Mention]:
    """ "gave Qatari citizens two weeks to leave", "six Canadian diplomats would have to leave
    the country, India announced", "were ordered to leave": an expulsion (SANCTION) of
    diplomats, a deportation (COERCE) of anyone else."""
    parties = _ordered_departure(leave)
    if parties is None:
        return []
    sources, leavers = parties
    if not sources or not leavers or not all(
            t.lemma_.lower() in words_of(leave)["departing_people"] or t.ent_type_ == "PERSON"
            for t in leavers):
        return []
    diplomatic = any(t.lemma_.lower() in words_of(leave)["diplomatic_people"] for t in leavers)
    trigger = made_trigger(leave, "SANCTION", "expel") if diplomatic else \
        made_trigger(leave, "COERCE", "deport")
    return [Mention(leave, trigger, sources, [leavers])]


def _ordered_departure(leave: Token) -> tuple[list[Token], list[Token]] | None:
    """(who orders, who must leave) when a clause makes leaving an order, else None."""
    head = leave.head
    lemma = head.lemma_.lower()
    if leave.dep_ not in ("xcomp", "advcl") or head.i == leave.i:
        return None
    if lemma in words_of(leave)["giving_verbs"]:
        return verb_subjects(head), addressed(head)
    if lemma in words_of(leave)["ordering_verbs"]:
        told = [c for c in head.children if c.dep_ == "nsubjpass"]
        if told:
            return agent_of(head) or announcer_of(head), told
        return verb_subjects(head), addressed(head)
    if lemma in ("need", "have"):
        return announcer_of(head), [c for c in head.children if c.dep_ == "nsubj"]
    return None


def _directive_mentions(verb: Token) -> list[Mention]:
    """ "X wants Y to attack Z": a REQUEST from X to the named party told to act; the act
    itself is only what was asked for."""
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp") or not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        told = [c for c in clause.children if c.dep_ == "nsubj"] or addressed(verb)
        if told and all(t.ent_type_ in ADDRESSABLE_ENTITIES for t in told):
            return [Mention(verb, made_trigger(verb, "REQUEST"), verb_subjects(verb), [told])]
    return []


def made_trigger(word: Token, event_type: str, mode: str | None = None, pos: str = "VERB",
                 targets: tuple[str, ...] = ("=obj",)) -> Trigger:
    """A trigger the engine reads from a construction rather than the lexicon ("X wants Y
    to ...", "X said Y must ..."); its parties are found by the construction itself."""
    return Trigger(word.lemma_.lower(), None, pos, frozenset(), event_type, mode, targets, None)


def _obligation_clauses(verb: Token) -> list[Token]:
    """The clauses a verb of saying governs that say what someone must or should do."""
    return [c for c in verb.children if c.dep_ == "ccomp" and any(
        a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS for a in c.children) and any(
        a.dep_ == "nsubj" for a in c.children)]  # "conflicts must be resolved" asks no one


def _request_mention(verb: Token, clause: Token) -> Mention:
    """A REQUEST from the speaker to the subject of the obligation clause."""
    trigger = made_trigger(verb, "REQUEST", targets=("ccomp:nsubj",))
    return Mention(verb, trigger, verb_subjects(verb),
                   [[c for c in clause.children if c.dep_ == "nsubj"]])


def link_complements(mentions: list[Mention]) -> None:
    """ "promised to continue aid", "threatened to break relations", "agreed to resign": the
    inner trigger is what the verbal act is about, not an event of its own. The outer act
    takes the inner one's target when it names none itself; vowing violence is a threat."""
    governing: dict[int, list[int]] = {}  # token index -> positions of the acts on it
    for n, outer in enumerate(mentions):
        if governs(outer.trigger):  # stays true: AGREE becomes THREATEN, both govern
            governing.setdefault(outer.token.i, []).append(n)
    for inner in mentions:
        found = sorted(n for i in complement_heads(inner.token) for n in governing.get(i, ())
                       if mentions[n] is not inner)
        if found:
            outer = mentions[found[0]]
            if outer.trigger.type == "AGREE" and inner.trigger.type in VIOLENT_CONTENT \
                    and inner.token.dep_ == "xcomp" and inner.token.head.i == outer.token.i:
                outer.trigger = replace(outer.trigger, type="THREATEN", mode=None)
            _govern(outer, inner)


def link_protest_demands(mentions: list[Mention]) -> None:
    """ "staged demonstrations to demand reforms by Suharto's government", "rallied against
    Abbas, saying he must resign": what protesters demand is what their protest is about;
    the protest takes its target, and no separate request is made."""
    protests = [m for m in mentions if m.trigger.type == "PROTEST" and m.governed_by is None]
    for demand in mentions:
        if demand.trigger.type != "REQUEST" or demand.governed_by is not None:
            continue
        protest = next((p for p in protests if _purpose_of(demand.token, p.token)), None)
        if protest is not None:
            _govern(protest, demand)


def _govern(outer: Mention, inner: Mention) -> None:
    """Make the inner mention the outer one's content: no event of its own, its targets the
    outer act's last resort."""
    inner.governed_by = outer
    outer.inherited += [[t for t in group if t not in outer.sources] for group in inner.targets]


def _purpose_of(clause: Token, act: Token) -> bool:
    """Whether a clause hangs from an act, or from the light verb of an act noun, as its
    purpose or accompaniment ("to demand ...", "..., demanding ...", "..., saying ...")."""
    heads = {act.i, act.head.i} if act.dep_ in ("dobj", "pobj") else {act.i}
    return clause.dep_ in ("advcl", "xcomp", "conj", "acl") and clause.head.i in heads


def complement_heads(inner: Token) -> list[int]:
    """The token indices of the acts whose complement a trigger may sit in, a few steps
    below them, nearest first. A participle clause right on an act ("summoned X, warning
    that ...") is an act of its own, not that act's content."""
    heads: list[int] = []
    tok, steps = inner, 0
    while tok.head.i != tok.i and steps < MAX_COMPLEMENT_STEPS:
        if tok.dep_ not in COMPLEMENT_DEPS:
            break
        participle = tok.dep_ == "advcl" and tok.tag_ == "VBG"  # an act of its own
        tok, steps = tok.head, steps + 1
        if not participle:
            heads.append(tok.i)
    return heads


def match_trigger(tok: Token, lexicon: Lexicon) -> Trigger | None:
    """The first lexicon row the word matches, its particle, collocate and noun conditions
    met; the word's own forms are tried before the lemma."""
    pos = TRIGGER_POS.get(tok.pos_)
    if pos is None:
        return None
    forms = [tok.lower_] if pos == "NOUN" else verb_forms(tok)
    candidates = next((c for c in (lexicon.candidates(f, pos) for f in forms) if c), [])
    if pos == "VERB" and is_adjectival_participle(tok):
        candidates = lexicon.candidates(tok.lower_, "ADJ") or candidates
    for trigger in candidates or lexicon.candidates(tok.lemma_, pos):
        if not meets_condition(tok, trigger):
            continue
        if trigger.objects and not (collocates(tok, pos) & trigger.objects):
            continue
        if _won_a_contest(tok, trigger) or _called_a_gathering(tok, trigger):
            continue
        if pos == "NOUN" and not _noun_is_eventive(tok):
            continue
        return trigger
    return None


def _won_a_contest(tok: Token, trigger: Trigger) -> bool:
    """ "X beat Y in the election", "defeated the leader in the runoff": a contest won is
    no attack."""
    return trigger.type == "ASSAULT" and trigger.pos == "VERB" and bool(
        collocates(tok, "VERB") & words_of(tok)["contest_nouns"])


def _called_a_gathering(tok: Token, trigger: Trigger) -> bool:
    """ "the protests called by the opposition", "called a general strike", "called snap
    elections": calling a gathering is no phone call."""
    return trigger.type == "CONSULT" and trigger.mode == "phone" and trigger.pos == "VERB" and \
        bool(collocates(tok, "VERB") & words_of(tok)["called_gatherings"])


def is_adjectival_participle(tok: Token) -> bool:
    """ "Israel is opposed to ...", "X is committed to ...": a participle the parser read as a
    passive verb, with no agent, that states a stance."""
    return any(c.dep_ == "auxpass" for c in tok.children) and \
        not agent_of(tok) and any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children)


def build_mention(tok: Token, trigger: Trigger) -> Mention:
    """A trigger word with the tokens that may stand for its source and target."""
    if trigger.pos != "VERB":
        return _nominal_mention(tok, trigger)
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        if any(c.dep_ == "dobj" for c in tok.children):
            # "A Russian strike killed one person" read as a participle: it has an object,
            # so the noun does the act
            return Mention(tok, trigger, [tok.head],
                           slot_targets(tok, trigger.targets, False, trigger.type))
        # "Americans detained in Russia": the noun a participle modifies suffers the act
        targets = [[tok.head], *slot_targets(tok, trigger.targets, True, trigger.type)]
        mention = Mention(tok, trigger, agent_of(tok), targets, True)
    else:
        mention = _verbal_mention(tok, trigger)
    return _parties_between(mention)


def _parties_between(mention: Mention) -> Mention:
    """ "Agreement was reached between X and Y", "the meeting held between X, Y and Z",
    "the deal between X and Y, signed on Monday": a reciprocal act whose doers stand only
    after "between" is done by them together."""
    if mention.sources or mention.trigger.type not in RECIPROCAL_TYPES:
        return mention
    tok = mention.token
    holders = [tok, *object_words(tok), *([tok.head] if tok.dep_ in ("acl", "relcl") else []),
               *(c for c in tok.children if c.dep_ == "acl")]  # "the meeting held between"
    between = [o for h in holders for p in h.children if p.dep_ == "prep" and
               p.lower_ == "between" for o in p.children if o.dep_ == "pobj"]
    if not between:
        return mention
    return replace(mention, targets=[between, *mention.targets])


def _nominal_mention(tok: Token, trigger: Trigger) -> Mention:
    """The mention of a noun or adjective trigger."""
    # "a mediation effort between X and Y": the effort carries the mediation's parties
    head = tok.head if tok.dep_ == "compound" and tok.head.lemma_.lower() in \
        words_of(tok)["transparent_heads"] else tok
    sources = noun_sources(head, trigger.type) if trigger.pos == "NOUN" else \
        _stance_holders(head) or verb_subjects(head)
    targets = slot_targets(head, trigger.targets, False, trigger.type)
    if trigger.mode == "release":
        # "announced the release of citizens imprisoned in Russia": Russia releases them
        sources = [h for group in targets[:1] for t in group for h in holders_of(t)] or sources
    if head.dep_ == "dobj" and is_doer_verb(head.head):
        # "opened investigations against X": the light verb carries the recipient
        targets += [t for t in slot_targets(head.head, trigger.targets, False, trigger.type)
                    if t != [head] and t not in targets]
    return Mention(tok, trigger, sources, targets)


def _stance_holders(adjective: Token) -> list[Token]:
    """ "Chile is opposed to X": the parser hangs the subject on the word or on its "is"."""
    holders = [adjective, *(c for c in adjective.children if c.dep_ == "auxpass")]
    return [c for t in holders for c in t.children if c.dep_ in ("nsubjpass", "nsubj")]


def _verbal_mention(tok: Token, trigger: Trigger) -> Mention:
    """The mention of a verb trigger, active or passive."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    sources = agent_of(tok) if passive else verb_subjects(tok)
    if passive and not sources and trigger.type in ANNOUNCED_BY_DOER:
        sources = announcer_of(tok)
    if passive and not sources and trigger.type == "ASSAULT":
        sources = _attacks_it_happened_in(tok)
    if passive and not sources and trigger.type in SELF_MOVED_TYPES:
        sources = [c for c in tok.children if c.dep_ == "nsubjpass"]
        passive = False
    targets = slot_targets(tok, trigger.targets, passive, trigger.type)
    return Mention(tok, trigger, sources, targets, passive)


def _attacks_it_happened_in(verb: Token) -> list[Token]:
    """ "were killed in Turkish shelling": the attack names who did the killing. The small
    model often parses "in Israeli tank shelling" with the weapon as the object."""
    return [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "during")
            for o in p.children if o.dep_ == "pobj" and _names_attack(o)]


def _names_attack(noun: Token) -> bool:
    """Whether a noun, or the word after it, is an attack ("shelling", "tank shelling") that
    names its side ("Israeli", "NATO"); "the attack" names no one."""
    named = any(c.ent_type_ in ("NORP", "GPE", "ORG") for c in noun.lefts)
    attacks = words_of(noun)["attack_nouns"]
    return named and (noun.lower_ in attacks or word_after(noun).lower_ in attacks)


def holders_of(captive: Token) -> list[Token]:
    """Who holds a captive, from a clause on them: "Americans imprisoned in Russia",
    "hostages held by Hamas"."""
    holding = words_of(captive)["holding_verbs"]
    for clause in captive.children:
        if clause.dep_ in ("relcl", "acl") and clause.lemma_.lower() in holding:
            return agent_of(clause) or prep_objects(clause, "in")
    return []


def verb_forms(tok: Token) -> list[str]:
    """The lemma, then base forms guessed from the inflection: the small model's lemmatiser
    sometimes errs ("staged" -> "stag")."""
    word = tok.lower_
    forms = [tok.lemma_.lower()]
    if forms[0].startswith("re") and len(forms[0]) > 6:
        forms.append(forms[0].removeprefix("re-").removeprefix("re"))  # "reimposed"
    for suffix, base in (("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""),
                         ("s", ""), ("ied", "y")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + base)
    return forms


def is_one_of(tok: Token, lemmas: frozenset[str]) -> bool:
    """Whether a word is one of these verbs, whatever the small model's lemmatiser made of
    it ("hoped" -> "hop")."""
    return tok.lemma_.lower() in lemmas or (tok.pos_ in ("VERB", "AUX") and bool(
        set(verb_forms(tok)) & lemmas))


def is_doer_verb(tok: Token) -> bool:
    """Whether a verb's subject does what its object names ("held talks")."""
    return any(form in words_of(tok)["doer_verbs"] for form in verb_forms(tok))


def meets_condition(tok: Token, trigger: Trigger) -> bool:
    """Whether a verb has the lexicon row's particle ("call on"), or a child of the
    dependency its condition names ("[dative]"), or none of those "[!xcomp,ccomp]" names
    ("helped Iraq", not "helped identify")."""
    if trigger.forbidden_deps:
        return not any(c.dep_ in trigger.forbidden_deps for c in tok.children)
    if trigger.required_dep:
        return any(c.dep_ == trigger.required_dep for c in tok.children)
    if trigger.particle:
        return any(c.lower_ == trigger.particle and not _introduces_time(c)
                   for c in tok.children)
    return True


def _introduces_time(prep: Token) -> bool:
    """ "called X on Tuesday": a preposition of time is no particle."""
    return any(o.ent_type_ in ("DATE", "TIME") for o in prep.children if o.dep_ == "pobj")


def collocates(tok: Token, pos: str) -> set[str]:
    """The words a collocation row checks: a verb's object ("took to the streets",
    "engaged them in a firefight" count the object of the preposition), a noun's modifiers."""
    if pos == "NOUN":
        return {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    found: set[str] = set()
    # "the deal signed by X and Y": a participle acts on the noun it modifies
    acted_on = [tok.head] if tok.dep_ == "acl" and tok.tag_ == "VBN" else []
    for child in (*object_words(tok), *acted_on):
        # "700 kg of medicine", "a state of emergency": what the measure word measures
        measured = [o for p in child.children if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children if o.dep_ == "pobj"]
        for word in (child, *measured):
            found.update((word.lemma_.lower(), word.lower_))
            found.update(c.lower_ for c in word.children if c.dep_ in ("compound", "amod"))
    return found


def object_words(verb: Token) -> list[Token]:
    """What a verb acts on: its object, and the object of "to" or "in" ("took to the
    streets", "engaged them in a firefight")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    return objects + [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "in")
                      for o in p.children if o.dep_ == "pobj"]


def _noun_is_eventive(tok: Token) -> bool:
    """A trigger noun counts when something ties it to parties: a possessor or a preposition.
    Compounds that name a thing, not an act ("press release"), never count."""
    if any(c.lower_ in words_of(tok)["not_event_modifiers"] for c in tok.lefts):
        return False
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in words_of(tok)["transparent_heads"]:
        return _noun_is_eventive(tok.head)  # "a mediation effort between X and Y"
    return any(c.dep_ in ("poss", "prep", "compound", "amod") for c in tok.children) or (
        tok.dep_ in LIGHT_NOUN_HEADS and tok.head.pos_ == "VERB") or _state_of_verb(tok)


def _state_of_verb(noun: Token) -> bool:
    """ "remained on alert", "went on strike", "put under siege": a state the subject is in."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("on", "under") and prep.head.pos_ in (
        "VERB", "AUX")


def verb_subjects(verb: Token) -> list[Token]:
    """The subject of a verb, or of the clause it completes ("X agreed to meet" -> X)."""
    for _ in range(6):  # a few clauses up at most: a bad parse may loop far
        own = _own_subject(verb)
        if own is not None:
            return own
        if verb.dep_ == "relcl":
            return [verb.head]
        if (verb.dep_ not in INHERITS_SUBJECT and verb.dep_ != "acomp") or verb.head.i == verb.i:
            return []
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return noun_owner(verb.head)
        if verb.dep_ == "xcomp" and (controller := _controlling_passive_subject(verb.head)):
            return controller
        verb = verb.head
    return []


def _controlling_passive_subject(verb: Token) -> list[Token]:
    """ "X is scheduled to attend", "X was forced to withdraw": the passive subject does what
    the clause below says."""
    if agent_of(verb):
        return []
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


def _own_subject(verb: Token) -> list[Token] | None:
    """The subject a verb has itself (a passive's agent); None when it has none."""
    for child in verb.children:
        if in_dateline(child):
            continue  # "NAIROBI, March 3 (AP) - Somalia's president accused": not Nairobi
        if child.dep_ in SUBJECTS and child.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
            return [verb.head]  # "the group that seized": the group
        if child.dep_ in SUBJECTS:
            return [child]
        if child.dep_ == "nsubjpass":
            return agent_of(verb)
    return None


def announcer_of(verb: Token) -> list[Token]:
    """The subject of the reporting verb a passive clause hangs from; a relative clause
    ("citizens who were imprisoned in Russia") describes, it announces nothing."""
    if verb.dep_ in ("relcl", "acl"):
        return []
    # "she hoped French officials would be indicted": a hope announces no act of her own
    between = [a for a in verb.ancestors if a.pos_ == "VERB"]
    words = words_of(verb)
    announcers = words.union("say_verbs", "say_verbs_reporting", "announcing_verbs")
    announcer = next((a for a in between if a.lemma_.lower() in announcers), None)
    if announcer is None or any(is_one_of(a, words["attitude_verbs"])
                                for a in between[:between.index(announcer)]):
        return []
    return [c for c in announcer.children if c.dep_ in SUBJECTS]


def noun_owner(noun: Token) -> list[Token]:
    """Whose a statement or decision is: "its decision to expel" -> its (not "Monday's
    decision"); "X issued a declaration demanding" -> X; else the noun itself."""
    owner = [c for c in noun.children if c.dep_ == "poss" and c.ent_type_ not in TIME_ENTITIES]
    if owner:
        return owner
    if noun.dep_ == "dobj" and is_doer_verb(noun.head):
        return verb_subjects(noun.head)
    return [noun]


def agent_of(verb: Token) -> list[Token]:
    """The agent of a passive verb: "attacked by X" -> X."""
    for child in verb.children:
        if child.dep_ == "agent":
            return [c for c in child.children if c.dep_ == "pobj"]
    return []


def noun_sources(noun: Token, event_type: str = "") -> list[Token]:
    """Who acts in a nominal event: "Pyongyang's support", "US sanctions", "attack by X",
    "aid from the Chinese government"."""
    for child in noun.children:
        if child.dep_ == "poss" and child.ent_type_ not in TIME_ENTITIES:
            return [child]
    agent_preps = ("by", "from") if event_type in GIVEN_TYPES else ("by",)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in agent_preps:
            return [c for c in child.children if c.dep_ == "pobj"]
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod") and (child.ent_type_ in ("GPE", "NORP", "ORG")):
            return [child]
    if noun.dep_ in ("dobj", "nsubjpass") and is_doer_verb(noun.head):
        return verb_subjects(noun.head)
    if noun.dep_ == "pobj" and noun.head.lower_ in OWN_ACT_PREPS and \
            noun.head.head.pos_ == "VERB" and (
                event_type != "PROTEST" or noun.head.lower_ == "in"):
        # "Kim, during the meeting, said ...", "staged a strike in protest at ..."; a protest
        # the subject acted "after" or "during" was others'
        return verb_subjects(noun.head.head)
    if noun.dep_ == "pobj" and noun.head.lower_ == "for" and \
            noun.head.head.lemma_.lower() in words_of(noun)["travel_verbs"]:
        return verb_subjects(noun.head.head)  # "arrived in Moscow for talks with X"
    return []


def slot_targets(tok: Token, slots: tuple[str, ...], passive: bool = False,
                 event_type: str = "") -> list[list[Token]]:
    """Candidate targets slot by slot: the lexicon's slots first, then the usual places a
    recipient stands; the event builder keeps the first candidate that is an actor."""
    found = []
    if slots and slots[0].startswith("="):
        slots = (slots[0][1:], *slots[1:])
        fallback: tuple[str, ...] = ()
    else:
        fallback = (*FALLBACK_SLOTS, *TYPE_FALLBACK.get(event_type, ()))
    for slot in (*slots, *fallback):
        tokens = fill_slot(tok, slot, passive)
        if tokens and tokens not in found:
            found.append(tokens)
    return found


def addressees(tok: Token) -> list[Token]:
    """Who a statement containing the trigger was addressed to: "told X", "assured X"."""
    verb = first_with_lemma(tok.ancestors, words_of(tok)["addressing_verbs"])
    return addressed(verb) if verb is not None else []


def addressed(verb: Token) -> list[Token]:
    """The object or indirect object of a verb: whom it tells, orders or gives to."""
    return [c for c in verb.children if c.dep_ in ("dobj", "dative")]


def complement_objects(tok: Token) -> list[Token]:
    """Objects inside what a promise, demand or threat is about, nearest first: "agreed to
    provide 70 million dollars of aid for Romania" reaches Romania."""
    found: list[Token] = []
    frontier = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
    for _ in range(MAX_COMPLEMENT_DEPTH):
        found.extend(t for t in frontier if t.dep_ in ("dobj", "pobj", "dative"))
        frontier = [c for t in frontier for c in t.children
                    if c.dep_ not in ("nsubj", "nsubjpass", "conj", "advcl", "relcl")]
    return found


def fill_slot(tok: Token, slot: str, passive: bool) -> list[Token]:
    """The tokens in one lexicon slot of a trigger: a dependency, a preposition, or a path of
    them joined by ":" ("obj:to": the object of "to" on the direct object)."""
    if slot == "obj":
        return _object_slot(tok, passive)
    if slot == "condition":
        return condition_subjects(tok)
    if slot in CHILD_SLOTS:
        return [c for c in tok.children if c.dep_ in CHILD_SLOTS[slot]]
    if ":" in slot:
        inner, _, rest = slot.partition(":")
        heads = fill_slot(tok, inner, passive)
        return [t for head in heads for t in fill_slot(head, rest, passive)]
    return prep_objects(tok, slot)


def condition_subjects(tok: Token) -> list[Token]:
    """The subjects of "if" and "unless" clauses on a verb or the clause it governs."""
    verbs = [tok, *(c for c in tok.children if c.dep_ in ("xcomp", "ccomp"))]
    clauses = [c for v in verbs for c in conditional_clauses(v, CONDITION_MARKS)]
    return [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]


def conditional_clauses(verb: Token, marks: frozenset[str]) -> list[Token]:
    """The adverbial clauses on a verb that one of these words marks ("if", "unless")."""
    return [c for c in verb.children if c.dep_ == "advcl" and any(
        m.lower_ in marks for m in c.children)]


def _object_slot(tok: Token, passive: bool) -> list[Token]:
    """The direct object, which a passive makes its subject."""
    deps = ("nsubjpass",) if passive else ("dobj",)
    found = [c for c in tok.children if c.dep_ in deps]
    # "Americans who were imprisoned": the relative pronoun stands for its antecedent
    return [tok.head if c.tag_ in RELATIVE_TAGS and tok.dep_ == "relcl" else c for c in found]


def prep_objects(tok: Token, prep: str) -> list[Token]:
    """The objects of a preposition (or particle) on the token, also through a clause or
    a second preposition ("to stop attacking X", "out of X")."""
    found: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "dative", "agent") and child.lower_ == prep:
            found.extend(c for c in child.children if c.dep_ == "pobj")
            found.extend(s for c in child.children if c.dep_ == "pcomp" for s in c.children
                         if s.dep_ in ("nsubj", "dobj"))
            found.extend(p for c in child.children if c.dep_ == "prep" for p in c.children
                         if p.dep_ == "pobj")
    return found


@dataclass(frozen=True)
class Construction(Generic[Part]):
    """A sentence construction that reports an event no trigger word of the lexicon does: its
    name, the example it handles, and what finds its mentions (in a word, or in a mention)."""

    name: str
    example: str
    mentions: Callable[[Part], list[Mention]]


# Constructions tried on every word of a sentence, in this order.
WORD_CONSTRUCTIONS: tuple[Construction[Token], ...] = (
    Construction("obligation", "China said Japan must stop its patrols (REQUEST)",
                 _obligation_requests),
    Construction("directive", "Russia ordered Ukraine to withdraw its troops (REQUEST)",
                 _directives),
    Construction("departure", "India told six Canadian diplomats to leave (SANCTION)",
                 _departures),
)
# Constructions tried on every mention a sentence kept, in this order.
ACCUSING_CONSTRUCTIONS: tuple[Construction[Mention], ...] = (
    Construction("quoted condemnation",
                 "'This is another barbaric attack by Russia,' Kallas said (ACCUSE)",
                 _quoted_condemnation),
    Construction("reported attack", "Syria said that Israel attacked Damascus (ACCUSE)",
                 _reported_attack),
)
