"""Actor resolution: a noun phrase in a parsed sentence to the person, organisation or state it is.

Resolution uses the knowledge base (countries, organisations, groups, office holders, role
words) and what the article itself says: "Russian counterpart Sergey Lavrov" gives Lavrov his
state, a later "Lavrov" or "Wang" is the full name met before, "he" and "it" are the nearest
fitting actor before them, and "the two sides" is the last pair that met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from communique.actors.knowledge import KnowledgeBase, OrgEntry, PersonEntry, RoleEntry
from communique.geo import Gazetteer
from communique.model import Actor, Span

# Pronouns by what they may stand for: people, things (states, bodies), groups, the speaker.
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
SPEAKER_PRONOUNS = frozenset({"we", "our", "us", "i", "my", "me"})
# Heads of "the two sides", "both countries": references to the last pair that met.
PAIR_WORDS = frozenset({"side", "sides", "party", "parties", "country", "countries", "leader",
                        "leaders", "nation", "nations", "minister", "ministers", "government",
                        "governments", "neighbour", "neighbours", "neighbor", "neighbors"})
# Dependents that belong to a noun phrase before its head (what noun_phrase collects).
NP_MODIFIERS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod",
                          "case", "punct", "predet"})
# Verbs whose subject is the speaker of the clause they govern ("we ...", he said).
REPORTING_LEMMAS = frozenset({"say", "tell", "state", "add", "announce", "declare", "write",
                              "insist", "stress", "note"})
# "arresting dozens": a bare quantity stands for the group the story just mentioned.
QUANTITY_WORDS = frozenset({"dozens", "hundreds", "thousands", "scores", "many", "some",
                            "others", "several"})
# "contingents of police", "dozens of protesters": the members after "of" are the actor.
PARTITIVE_WORDS = QUANTITY_WORDS | frozenset({
    "contingents", "contingent", "group", "groups", "members", "member", "units", "unit",
    "hundred", "thousand", "dozen", "number", "team", "delegation", "band", "crowd",
    "crowds", "army", "battalion", "battalions", "squad", "squads", "delegates", "delegations",
    "representatives", "negotiators", "envoys"})
# Sectors of people who hold office: an unplaced official more likely serves the home state.
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})
# "the country", "this kingdom": a definite reference to the state last named as an object.
# Representatives whose state a listed group gives ("the diplomats", "the envoys").
ENVOY_NOUNS = frozenset({"diplomat", "envoy", "ambassador", "head", "representative",
                         "official"})
STATE_NOUNS = frozenset({"country", "state", "kingdom", "nation", "emirate", "republic"})
# "officials from Australia, Albania and France": prepositions naming a group's states.
ORIGIN_PREPS = frozenset({"from", "of", "including"})
# "23 countries", "member states": nouns that may stand for a list of states.
GROUP_NOUNS = frozenset({"country", "nation", "state", "government", "member", "ally"})
# Spelled-out numbers a group noun may carry ("two dozen nations").
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dozens": 24}
# Heads of groups of states or observers named only collectively ("Western countries").
COLLECTIVE_HEADS = frozenset({"country", "nation", "power", "state", "government", "ally",
                              "observer", "monitor", "donor", "mediator", "partner"})
VAGUE_ADJECTIVES = frozenset({"other", "several", "many", "some", "various", "numerous", "few",
                              "certain", "all", "both", "more", "most", "such"})
# Nouns for the others a party deals with: "its partners" are not itself.
RELATIONAL_NOUNS = frozenset({"partner", "ally", "neighbour", "neighbor", "rival", "enemy",
                              "adversary", "counterpart", "friend", "foe"})
# Words of address before a surname, beside the roles the knowledge base lists.
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "gen", "general", "sheikh",
                        "king", "queen", "prince", "princess", "emir", "sultan", "lord",
                        "madam", "col", "colonel", "adm", "admiral", "lt", "maj", "major"})
MINORITY_ROLE = "ethnic minority"  # "ethnic Albanians": acting, they belong where they live
HOME_GUESS_CONFIDENCE = 0.5  # an actor whose state is only the article's main state
MAX_QUOTE_SENTENCES = 8  # how far ahead a quotation's closing attribution is looked for
MIN_LIST = 3  # two states are a pair named in passing, not a list
# Entity labels that may name an actor (a place names its state, a facility its owner).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
# Documents that speak for whoever issued them ("a report released in Kigali alleged ...").
DOCUMENT_NOUNS = frozenset({"report", "statement", "communique", "communiqué", "declaration",
                            "document", "dossier", "resolution", "white paper"})
# Nouns that point back at an act the article reported: "Qatar called the decision unjust".
ACT_NOUNS = frozenset({"decision", "decisions", "move", "moves", "step", "steps", "measure",
                       "measures", "action", "actions"})
POINTING_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "such"})
# Happenings, not actors: "killed by the Air France crash" names no one who killed.
HAPPENING_NOUNS = frozenset({"crash", "accident", "explosion", "blast", "earthquake", "flood",
                             "floods", "storm", "collapse", "fire", "disaster", "outbreak"})


@dataclass
class DocumentContext:
    """What the resolver has learnt about one article; lives as long as the article does."""

    published: dt.date | None
    people: dict[str, Actor] = field(default_factory=dict)  # full name and surname, folded
    mentions: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor)
    last_pair: tuple[Actor, Actor] | None = None
    home_country: str | None = None
    groups: list[tuple[int, Actor]] = field(default_factory=list)  # groups met so far
    pair_counts: dict[frozenset[str | None], int] = field(default_factory=dict)
    enumerations: list[tuple[int, list[Actor]]] = field(default_factory=list)  # state lists
    last_listed: list[Actor] = field(default_factory=list)  # the last group read as a list
    acts: list[tuple[int, list[Actor], list[Actor]]] = field(
        default_factory=list)  # (trigger, doers, recipients) of each act so far

    def groups_before(self, token_index: int) -> list[Actor]:
        """Groups mentioned before a token, nearest first."""
        return _nearest_first(self.groups, token_index)

    def note_pair(self, source: Actor, target: Actor) -> None:
        """Remember who met whom; "the two sides" is the pair met most often, latest first."""
        key = frozenset((source.party, target.party))
        self.pair_counts[key] = self.pair_counts.get(key, 0) + 1
        best = max(self.pair_counts.values())
        if self.pair_counts[key] == best:
            self.last_pair = (source, target)

    def note_act(self, token_index: int, doers: list[Actor], recipients: list[Actor]) -> None:
        """Remember who did an act to whom, for a later "the decision" or "in retaliation"."""
        if doers:
            self.acts.append((token_index, doers, recipients))

    def act_before(self, token_index: int) -> list[Actor]:
        """The doers of the latest act reported before a token."""
        return self._latest_act(token_index)[0]

    def recipients_before(self, token_index: int) -> list[Actor]:
        """The recipients of the latest act reported before a token."""
        return self._latest_act(token_index)[1]

    def _latest_act(self, token_index: int) -> tuple[list[Actor], list[Actor]]:
        """(doers, recipients) of the latest act before a token; empty lists if none."""
        earlier = [(doers, recipients) for i, doers, recipients in self.acts if i < token_index]
        return earlier[-1] if earlier else ([], [])

    def remember_person(self, actor: Actor) -> None:
        """Index a person by full name, surname and first word, keeping the placed mention."""
        parts = actor.name.split()
        for key in {actor.name.lower(), parts[-1].lower(), parts[0].lower()}:
            known = self.people.get(key)
            if known is None or (known.country is None and actor.country):
                self.people[key] = actor

    def before(self, token_index: int) -> list[Actor]:
        """Actors mentioned before a token, nearest first."""
        return _nearest_first(self.mentions, token_index)


def _nearest_first(indexed: list[tuple[int, Actor]], token_index: int) -> list[Actor]:
    """The actors of (token index, actor) pairs that come before a token, nearest first."""
    return [a for i, a in reversed(indexed) if i < token_index]


class ActorResolver:
    """Turns tokens (heads of noun phrases) into actors, using the knowledge base and context.
    The gazetteer gives places their state ("Tigray regional forces", "Nairobi police")."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer | None = None) -> None:
        self.kb = kb
        self.gazetteer = gazetteer

    def read_document(self, doc: Doc, published: dt.date | None) -> DocumentContext:
        """Resolve every named mention once, in order, so later sentences can refer back."""
        ctx = DocumentContext(published=published)
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            actor = self._entity_actor(ent, ctx)
            if actor is None:
                continue
            if actor.kind == "person":
                ctx.remember_person(actor)
            ctx.mentions.append((ent.root.i, actor))
        ctx.home_country = self._home_country(doc, ctx)
        ctx.enumerations = self._enumerations(doc, ctx)
        self._place_officials(ctx)
        return ctx

    def _enumerations(self, doc: Doc, ctx: DocumentContext) -> list[tuple[int, list[Actor]]]:
        """Every list of states the article spells out ("Australia, Albania, ..."), in order,
        with the index of its first member."""
        by_index = dict(ctx.mentions)
        found = []
        for tok in doc:
            if tok.dep_ == "conj" or _is_list_member(tok.head, tok) or tok.i not in by_index \
                    or by_index[tok.i].kind != "state":
                continue
            members = unique_parties([by_index[t.i] for t in [tok, *conjuncts(tok)]
                                      if t.i in by_index and by_index[t.i].kind == "state"])
            if len(members) >= MIN_LIST:
                found.append((tok.i, members))
        return found

    def _place_officials(self, ctx: DocumentContext) -> None:
        """A person the knowledge base lacks and the text gives no state ("Foreign Minister X",
        "Lt. Gen. Y") most likely belongs to the state the article is about; officials with a
        title more so than others."""
        if ctx.home_country is None:
            return
        for _, actor in ctx.mentions:
            if actor.kind == "person" and not actor.country and not actor.org:
                actor.country = ctx.home_country
                official = actor.sector in OFFICIAL_SECTORS
                actor.confidence = min(actor.confidence, 0.4 if official else 0.3)
                ctx.remember_person(actor)

    def _home_country(self, doc: Doc, ctx: DocumentContext) -> str | None:
        """The state the article is about: the most named state, counting states, demonyms
        and places (not people, who travel). The default for "police" or "the president"."""
        lead_end = _lead_end(doc)
        counts: dict[str, int] = {}
        for i, actor in ctx.mentions:
            if actor.country and actor.kind != "person":
                counts[actor.country] = counts.get(actor.country, 0) + (2 if i < lead_end else 1)
        for ent in doc.ents:
            country = self._place_country(ent.root, ent.text) if ent.label_ in (
                "GPE", "LOC") and self.kb.country(ent.text) is None else None
            if country:
                counts[country] = counts.get(country, 0) + 1
        return max(counts, key=lambda c: counts[c]) if counts else None

    def resolve(self, token: Token, ctx: DocumentContext) -> list[Actor]:
        """The actors a token stands for, its conjuncts included ("the US and France")."""
        actors = self._resolve_one(token, ctx)
        for tok in conjuncts(token):
            actors.extend(self._shared_modifier(self._resolve_one(tok, ctx), tok, actors))
        return unique_parties(actors)

    def _shared_modifier(self, found: list[Actor], conjunct: Token,
                         first: list[Actor]) -> list[Actor]:
        """ "Togolese traders and residents": a bare conjunct shares the first one's state
        rather than take the article's main state."""
        if not first or first[0].country is None or any(
                c.dep_ in ("amod", "compound", "poss") for c in conjunct.children):
            return found
        return [replace(a, country=first[0].country) if a.kind == "group" and
                a.confidence <= HOME_GUESS_CONFIDENCE else a for a in found]

    def _resolve_one(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """The actors one token (its conjuncts aside) stands for, likeliest reading first."""
        if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
            return self._pronoun(tok, ctx)
        if is_happening(tok):
            return []
        pair = self._pair_reference(tok, ctx)
        if pair:
            return pair
        named = self._named_actor(tok, ctx)
        if named is not None:
            return [named]
        member = _partitive_member(tok)
        if member is not None:
            listed = self._enumerated_states(member, ctx, _stated_count(tok))
            return listed or self._resolve_one(member, ctx)
        if tok.lower_ in QUANTITY_WORDS:
            return self._last_groups(tok, ctx)
        if _points_at_act(tok):
            return [replace(a, confidence=min(a.confidence, 0.6))
                    for a in ctx.act_before(tok.i)]
        issuer = self._document_issuer(tok, ctx)
        if issuer:
            return issuer
        known = ctx.people.get(tok.lower_) if tok.pos_ == "PROPN" else None
        if known is not None:
            return [replace(known, span=token_span(tok), confidence=0.8)]
        return self._noun_phrase_actors(tok, ctx)

    def _named_actor(self, tok: Token, ctx: DocumentContext) -> Actor | None:
        """The named entity a token heads; a proper name in apposition to a common noun
        ("the envoy, Wang") comes first."""
        named = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                 and tok.pos_ != "PROPN"]
        for candidate in [*named, tok]:
            ent = entity_of(candidate)
            if ent is not None and ent.label_ in ENTITY_LABELS:
                actor = self._entity_actor(ent, ctx)
                if actor is not None:
                    return actor
        return None

    def _document_issuer(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """An unsigned document released in a state's capital speaks for that state, as
        "Kigali said" does: "a report released in the Rwandan capital"."""
        if tok.lemma_.lower() not in DOCUMENT_NOUNS or any(
                c.dep_ in ("poss", "agent") or c.lower_ == "by" for c in tok.children):
            return []
        places = [o for verb in tok.children if verb.dep_ == "acl" and verb.tag_ == "VBN"
                  for o in prep_objects_of(verb, ("in",))]
        states = [a for place in places for a in self._resolve_one(place, ctx)
                  if a.kind == "state" or place.lemma_ == "capital"]
        return [replace(a, confidence=min(a.confidence, 0.5)) for a in states[:1]]

    def _last_groups(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "arresting dozens": the group of people the story just mentioned. The two latest
        groups come back; the event builder drops the one that is the event's own source."""
        found: list[Actor] = []
        for actor in ctx.groups_before(tok.i):
            if all(not (a.name == actor.name and a.party == actor.party) for a in found):
                found.append(replace(actor, confidence=0.5))
        return found[:2]

    # -- references back: pronouns, pairs, lists --------------------------------------

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
        fitting = [(i, a) for i, a in reversed(ctx.mentions)
                   if i < tok.i and (a.kind == "person") == wanted_person]
        subjects = [(i, a) for i, a in fitting if tok.doc[i].dep_ in ("nsubj", "nsubjpass")
                    and tok.doc[i].sent.start >= _previous_sentence_start(tok)]
        return [replace(actor, span=token_span(tok), confidence=0.6)
                for _, actor in (subjects or fitting)[:1]]

    def _pair_reference(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "the two sides", "both countries", "the parties" stand for the two parties named
        just before in the same sentence, else for the pair met most often."""
        if tok.lower_ not in PAIR_WORDS:
            return []
        mods = {c.lower_ for c in tok.children}
        if not ({"two", "both"} & mods or tok.lower_ in ("sides", "parties")):
            return []
        in_sentence = unique_parties([a for i, a in ctx.mentions
                                      if tok.sent.start <= i < tok.i and a.kind == "state"])
        if len(in_sentence) == 2:
            return in_sentence
        return list(ctx.last_pair) if ctx.last_pair is not None else []

    def _definite_state(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "... cut ties with Qatar and accused the country of ...": "the country" is the
        state last named as someone's object."""
        if tok.lemma_.lower() not in STATE_NOUNS or tok.tag_ != "NN" or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
            return []
        for i, actor in reversed(ctx.mentions):
            if i < tok.i and actor.kind == "state" and tok.doc[i].dep_ in ("dobj", "pobj"):
                return [replace(actor, span=token_span(tok), confidence=0.5)]
        return []

    def _pronoun_owners(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "their diplomatic missions", "its troops": the owners the pronoun stands for."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return []
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is None or tok.lemma_.lower() in RELATIONAL_NOUNS:
            return []  # "its partners" are others, not itself
        return [replace(a, confidence=min(a.confidence, 0.5)) for a in self._pronoun(owner, ctx)]

    def _enumerated_states(self, tok: Token, ctx: DocumentContext,
                           count: int | None = None) -> list[Actor]:
        """ "23 countries" stands for the list of about 23 states the article spells out;
        "the countries" (no number) for the last list of states named before it."""
        group = tok if tok.lemma_.lower() in GROUP_NOUNS else first_with_lemma(
            _origin_objects(tok), GROUP_NOUNS)
        if group is None or group.tag_ != "NNS" or not ctx.enumerations:
            return []
        fitting = _fitting_lists(group, ctx.enumerations, count or _stated_count(group))
        if not fitting:
            return []
        ctx.last_listed = [replace(a, confidence=0.6) for a in max(fitting, key=len)]
        return ctx.last_listed

    def _same_envoys(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "... heads of missions from 23 countries. The diplomats were handed notes": a
        definite plural of envoys with no state of its own is the group just listed."""
        if tok.tag_ != "NNS" or tok.lemma_.lower() not in ENVOY_NOUNS or not ctx.last_listed \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) \
                or len(noun_phrase(tok)) > 2:
            return []
        return list(ctx.last_listed)

    # -- named mentions ---------------------------------------------------------------

    def _entity_actor(self, ent: SpacySpan, ctx: DocumentContext) -> Actor | None:
        """A named entity as an actor: a known person, organisation or state, else an unknown
        person or a body named after its state."""
        text = clean_name(ent.text)
        if not text:
            return None
        chain = proper_name_chain(ent.root, ent)
        actor = self._consistent_known_person(chain, ent, ctx)
        if actor is not None:
            return actor
        for lookup in (self._organisation, self._state):
            actor = lookup(text, ent, ctx)
            if actor is not None:
                return replace(actor, span=char_span(ent))
        if ent.label_ == "PERSON":
            return self._unknown_person(self._bare_name(chain) or text, ent, ctx)
        if ent.label_ == "ORG":
            return self._national_body(text, ent)
        return None

    def _consistent_known_person(self, chain: list[Token], ent: SpacySpan,
                                 ctx: DocumentContext) -> Actor | None:
        """A person already known by this name, unless the words around give them another
        state (a namesake)."""
        actor = self._known_person(chain, ent.label_, ctx)
        if actor is None:
            return None
        stated = self._modifier_country(ent)
        if stated is None or actor.country in (None, stated):
            return replace(actor, span=words_span(chain))
        return None

    def _known_person(self, chain: list[Token], label: str,
                      ctx: DocumentContext) -> Actor | None:
        """A person the knowledge base or the article already knows, by full name or surname;
        a bare surname is first the person the article named in full ("Farhan Haq ... Haq")."""
        if len(chain) == 1 and self.kb.person(chain[0].text, ctx.published) is None:
            earlier = self._named_earlier(chain[0].text, ctx)
            if earlier is not None:
                return earlier
        for start in range(len(chain)):
            name = clean_name(" ".join(t.text for t in chain[start:]).replace(" - ", "-"))
            # a mislabelled surname is a whole entity, not the end of "Saudi Arabia"; and
            # "Michel Suleiman" is not Omar Suleiman: a given name before a surname rules it out
            whole_or_person = start == 0 or label == "PERSON"
            after_given_name = start > 0 and not self._is_title(chain[start - 1].text)
            surname_ok = whole_or_person and not (after_given_name and " " not in name)
            actor = self._person(name, label if surname_ok else "", ctx)
            if actor is not None:
                return actor
        if label in ("PERSON", "ORG", "GPE"):
            return self._named_earlier(chain[-1].text, ctx)
        return None

    def _named_earlier(self, word: str, ctx: DocumentContext) -> Actor | None:
        """The person the article already named in full whose surname this word is."""
        known = ctx.people.get(word.lower())
        if known is None or self.kb.country(word) is not None:
            return None
        return replace(known, confidence=0.9)

    def _is_title(self, word: str) -> bool:
        """Whether a word before a name is a title ("President", "Mr.", "Russian")."""
        return word.rstrip(".").lower() in HONORIFICS or self.kb.role(word) is not None or \
            self.kb.country(word) is not None

    def _bare_name(self, chain: list[Token]) -> str:
        """A name without the titles and state words before it."""
        words = [t.text for t in chain]
        while words and (self.kb.role(" ".join(words[:2])) or self.kb.role(words[0])
                         or self.kb.country(words[0])):
            words = words[2:] if self.kb.role(" ".join(words[:2])) and len(words) > 2 \
                else words[1:]
        return " ".join(words).replace(" - ", "-")

    def _person(self, text: str, label: str, ctx: DocumentContext) -> Actor | None:
        """A person of the knowledge base by name, or by a surname only one office holder has."""
        entry = self.kb.person(text, ctx.published)
        if entry is None and " " not in text and self._may_be_surname(text, label):
            entry = self._unique_surname(text, ctx.published)
        if entry is None:
            return None
        return Actor(name=entry.name, country=entry.country, org=entry.org, sector=entry.sector,
                     role=entry.role, kind="person")

    def _may_be_surname(self, text: str, label: str) -> bool:
        """The small model tags many surnames as places or organisations ("Scholz said"); a
        single word no gazetteer or state list knows may still be an office holder's surname."""
        if label == "PERSON":
            return True
        if label not in ("GPE", "ORG", "NORP") or self.kb.country(text) is not None:
            return False
        return self.gazetteer is None or self.gazetteer.lookup(text) is None

    def _unique_surname(self, surname: str, on: dt.date | None) -> PersonEntry | None:
        """The one person in office on a day with this surname, if only one is; with no day,
        the latest of namesakes who all served one state ("President Bush")."""
        people = self.kb.people_with_surname(surname)
        in_office = [p for p in people if on is None or p.held_on(on)]
        if len({p.name for p in in_office}) == 1:
            return in_office[0]
        if on is None and in_office and len({(p.country, p.org) for p in in_office}) == 1:
            return max(in_office, key=lambda p: p.start or dt.date.min)
        return None

    def _organisation(self, text: str, ent: SpacySpan, ctx: DocumentContext) -> Actor | None:
        """A listed organisation or group by name."""
        org = self.kb.organisation(text)
        if org is not None:
            return Actor(name=org.name, org=org.code, sector=org.sector, kind="organisation")
        group = self.kb.group(text)
        if group is not None:
            return Actor(name=group.name, country=group.country, org=group.org,
                         sector=group.sector, kind="group")
        return None

    def _state(self, text: str, ent: SpacySpan, ctx: DocumentContext) -> Actor | None:
        """A state by name or demonym; a plural demonym is the state's people."""
        country = self.kb.country(text)
        if country is None:
            return None
        sector = "GOV" if ent.label_ in ("GPE", "FAC") else None
        # "Albanians demonstrated": a people, not its state.
        people = ent.label_ == "NORP" and ent.root.tag_ in ("NNPS", "NNS")
        home = self._where_they_live(ent.root) if people else None
        # "ethnic Albanians demonstrated in Serbia": a minority, whose state is where it lives
        minority = people and home is None and any(
            c.lower_ == "ethnic" for c in ent.root.lefts)
        return Actor(name=text, country=home or country.iso3, sector="CVL" if people else sector,
                     kind="group" if people else "state",
                     role=MINORITY_ROLE if minority else None)

    def _where_they_live(self, head: Token) -> str | None:
        """ "Ethnic Albanians in south Serbia", "the Albanians of southern Serbia": a people
        named with a place belongs, as a party, to the state it lives in."""
        for obj in prep_objects_of(head, ("in", "of")):
            found = self._token_country(obj)
            if found:
                return found
        return None

    def _unknown_person(self, text: str, ent: SpacySpan, ctx: DocumentContext) -> Actor:
        """A person missing from the knowledge base: their state comes from the words around."""
        # "Russian counterpart X"; else a state word inside the name itself ("Bosnian Serbs")
        country = self._modifier_country(ent) or self._country_within(ent)
        role = self._title_role(ent)
        org = None if country else self._modifier_org(ent)
        sector = role.sector if role else None
        return Actor(name=text, country=country, org=org, sector=sector,
                     role=role.role if role else None, kind="person", span=char_span(ent),
                     confidence=0.8 if country else 0.5)

    def _national_body(self, text: str, ent: SpacySpan) -> Actor | None:
        """An unlisted organisation named after its state: "the Russian Foreign Ministry"."""
        country = self._country_within(ent)
        if country is None:
            return None
        role = self.kb.role(strip_country_words(text, self.kb))
        return Actor(name=text, country=country, sector=role.sector if role else "GOV",
                     kind="organisation", span=char_span(ent), confidence=0.8)

    # -- common noun phrases ----------------------------------------------------------

    def _noun_phrase_actors(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "the Chinese and Russian top diplomats" is two actors, one per state."""
        words = noun_phrase(tok)
        states = [c for w in words if w.i != tok.i and w.dep_ in ("amod", "compound", "nmod")
                  for c in conjuncts(w) if self._token_country(c)]
        states += self._listed_states(_origin_objects(tok))
        listed = self._enumerated_states(tok, ctx) or self._pronoun_owners(tok, ctx) or \
            self._definite_state(tok, ctx) or self._same_envoys(tok, ctx) or \
            self._included(tok, ctx)
        if listed:
            return listed
        actor = self._noun_phrase_actor(tok, words, ctx) or self._modifier_entity(tok, ctx)
        members = self._listed_states(prep_objects_of(tok, ("including",)))
        if actor is None and members:
            # "the African allies, including Ghana and Senegal": the states named
            return [a for c in members for a in self._resolve_one(c, ctx)]
        if actor is None and not states:
            return self._collective(tok, words)
        if actor is None or not states or actor.country is None:
            return [actor] if actor else []
        others = [self._same_role_in(actor, c, tok, ctx) for c in members or states
                  if members or self._token_country(c) != actor.country]
        ctx.groups.append((tok.i, actor))
        # "the US allies, including Germany and Poland": the members, not the US
        return others if members else [actor, *others]

    def _listed_states(self, heads: list[Token]) -> list[Token]:
        """The words among these and their conjuncts that name a state ("from Chile and
        Peru", "including Ghana and Senegal")."""
        return [c for head in heads for c in [head, *conjuncts(head)] if self._token_country(c)]

    def _collective(self, tok: Token, words: list[Token]) -> list[Actor]:
        """ "Western countries", "international observers": a group named only collectively
        is one actor under that name, with no state (GUIDELINES ruling 2)."""
        if tok.lemma_.lower() not in COLLECTIVE_HEADS or tok.tag_ != "NNS" or not any(
                w.dep_ == "amod" and w.i < tok.i and w.lower_ not in VAGUE_ADJECTIVES
                for w in words):
            return []
        # "all brotherly countries and companies": plural nouns joined to it share the name
        joined = [t for c in tok.children if c.dep_ == "conj" and c.tag_ == "NNS"
                  for t in (*(x for x in tok.children if x.dep_ == "cc"), c)]
        name = clean_name(phrase_text([w for w in [*words, *joined]
                                       if w.dep_ != "det" and w.lower_ not in VAGUE_ADJECTIVES]))
        return [Actor(name=name, kind="group", span=phrase_span(words), confidence=0.6)]

    def _included(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "The 16 prisoners Russia released include four Americans and five Germans": the
        members a group is said to include."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.lemma_.lower() not in ("include", "comprise"):
            return []
        members = [m for o in verb.children if o.dep_ == "dobj" for m in [o, *conjuncts(o)]]
        return unique_parties([a for m in members for a in self._resolve_one(m, ctx)])

    def _same_role_in(self, actor: Actor, state: Token, head: Token,
                      ctx: DocumentContext) -> Actor:
        """The other state's holder of the same role: "the Chinese and Russian top diplomats"."""
        country = self._token_country(state)
        holder = self.kb.office_holder(country, actor.role, ctx.published) if (
            actor.kind == "person" and actor.role and country and ctx.published) else None
        if holder is not None:
            return holder_actor(holder, country, 0.7)
        return replace(actor, country=country, name=f"{state.text} {head.text}", span=None)

    def _noun_phrase_actor(self, tok: Token, words: list[Token],
                           ctx: DocumentContext) -> Actor | None:
        """The actor a common noun phrase names by its role and state ("the foreign minister",
        "Chinese troops"); groups are remembered for later "dozens"."""
        text = clean_name(phrase_text(words))
        role = self._head_role(text, tok)
        country = self._country_of_phrase(tok, words)
        if role is None:
            return self._country_only(text, country, tok) if country else None
        actor = self._role_actor(text, role, country, tok, words, ctx)
        if actor is not None and actor.kind == "group":
            ctx.groups.append((tok.i, actor))
        return actor

    def _role_actor(self, text: str, role: RoleEntry, country: str | None, tok: Token,
                    words: list[Token], ctx: DocumentContext) -> Actor | None:
        """A role phrase as an actor: the state's office holder, an organisation's officials,
        the role in the state named, else the role as context places it."""
        span = phrase_span(words)
        if role.is_person and country and ctx.published:  # undated: keep the role
            holder = self.kb.office_holder(country, role.role, ctx.published)
            if holder is not None:
                return holder_actor(holder, country, 0.8, span)
        org = self._org_within(words) if country is None else None
        if org is not None:
            return Actor(name=text, org=org.code, sector=role.sector or org.sector,
                         role=role.role, kind="organisation", span=span, confidence=0.8)
        if country is None:
            return self._contextual_role(text, role, tok, span, ctx)
        return Actor(name=text, country=country, sector=role.sector, role=role.role,
                     kind="person" if role.is_person else "group", span=span,
                     confidence=0.85)

    def _modifier_entity(self, tok: Token, ctx: DocumentContext) -> Actor | None:
        """A named actor inside a phrase: "the APEC forum", "a Security Council resolution",
        "Russia's proposal"."""
        for word in tok.children:
            if word.dep_ in ("compound", "poss", "nmod", "appos") and word.ent_type_ in (
                    "ORG", "GPE", "NORP", "PERSON"):
                ent = entity_of(word)
                actor = self._entity_actor(ent, ctx) if ent is not None else None
                if actor is not None:
                    return replace(actor, confidence=min(actor.confidence, 0.7))
        return None

    def _head_role(self, text: str, head: Token) -> RoleEntry | None:
        """The role a phrase names, when it names its head: "military officers" and "the
        foreign minister" are roles, "further military support" is not."""
        role = self.kb.role(strip_country_words(text, self.kb))
        if role is not None and (head.lower_ in role.phrase.lower().split() or head.lemma_.lower()
                                 in role.phrase.lower().split() or head.tag_ == "NNS"):
            return role
        return self.kb.role(head.lemma_)

    def _contextual_role(self, text: str, role: RoleEntry, tok: Token, span: Span,
                         ctx: DocumentContext) -> Actor | None:
        """A role with no state in its phrase: the last such person, else the article's state."""
        if role.is_person:
            for actor in ctx.before(tok.i):
                if actor.kind == "person" and actor.role == role.role:
                    return replace(actor, span=span, confidence=0.6)
        if ctx.home_country is None:
            return None
        return Actor(name=text, country=ctx.home_country, sector=role.sector, role=role.role,
                     kind="group", span=span, confidence=HOME_GUESS_CONFIDENCE)

    def _country_only(self, text: str, country: str, tok: Token) -> Actor | None:
        """A state's people, acts or places ("Qatari citizens", "an Israeli air strike",
        "targets in Jericho")."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        return Actor(name=text, country=country, kind="group", span=token_span(tok),
                     confidence=0.7)

    def _country_of_phrase(self, head: Token, words: list[Token]) -> str | None:
        """The state a phrase's modifiers name, else the state after "of", "from" or "in"."""
        for word in words:
            if word.i != head.i or len(words) == 1:
                found = self._token_country(word)
                if found:
                    return found
        for obj in prep_objects_of(head, ("of", "from", "in")):
            found = self._token_country(obj) or self._country_within_tokens(noun_phrase(obj))
            if found:
                return found
        return None

    # -- the states, organisations and roles words name -------------------------------

    def _token_country(self, tok: Token) -> str | None:
        """The state a word names: a state, a listed group's state, a known person's or a
        place's. "pro-Iranian" and "anti-American" name a stance, not a state."""
        if _takes_a_side(tok):
            return None
        ent = entity_of(tok)
        text = clean_name(ent.text if ent is not None else tok.text)
        entry = self.kb.country(text) or self.kb.country(tok.text)
        if entry is not None:
            return entry.iso3
        group = self.kb.group(text)
        if group is not None:
            return group.country
        return self._person_country(text) if tok.ent_type_ == "PERSON" else \
            self._place_country(tok, text)

    def _person_country(self, name: str) -> str | None:
        """The state of a known person used as a modifier: "the Bush administration"."""
        person = self.kb.person(name)
        if person is not None:
            return person.country
        states = {p.country for p in self.kb.people_with_surname(name)}
        return states.pop() if len(states) == 1 else None

    def _place_country(self, tok: Token, text: str) -> str | None:
        """The state of a named place used as a modifier: "Tigray forces", "Bucha residents"."""
        if self.gazetteer is None or tok.ent_type_ not in ("GPE", "LOC", "FAC") or \
                not tok.text[:1].isupper():
            return None  # "metro projects": a lower-case word tagged as a place is no place
        place = self.gazetteer.lookup(text)
        return place.country if place is not None else None

    def _country_within(self, ent: SpacySpan) -> str | None:
        """The state named inside an entity ("Bosnian Serbs")."""
        return self._country_within_tokens(list(ent))

    def _country_within_tokens(self, words: list[Token]) -> str | None:
        """The state named by any run of up to three words, longest runs first."""
        for piece in word_runs(words, (3, 2, 1)):
            entry = self.kb.country(piece)
            if entry is not None:
                return entry.iso3
        return None

    def _modifier_country(self, ent: SpacySpan) -> str | None:
        """The state in the words before or around a name: "Russian counterpart Sergey Lavrov"."""
        head = ent.root
        words = [w for w in noun_phrase(head) if w.i < ent.start]
        found = self._country_within_tokens(words)
        if found:
            return found
        for child in head.children:
            if child.dep_ == "appos":
                found = self._country_within_tokens(list(child.subtree))
                if found:
                    return found
        if head.dep_ == "appos":
            return self._country_within_tokens(noun_phrase(head.head))
        # "King Hassan of Morocco"
        return self._country_within_tokens(prep_objects_of(head, ("of",)))

    def _org_within(self, words: list[Token],
                    widths: tuple[int, ...] = (4, 3, 2, 1)) -> OrgEntry | None:
        """The organisation named inside a phrase: "European Community foreign ministers",
        or a stateless group with an org code: "top al-Qaeda leaders"."""
        for piece in word_runs(words, widths):
            org = self.kb.organisation(piece)
            if org is not None:
                return org
            group = self.kb.group(piece)
            if group is not None and group.org and not group.country:
                return OrgEntry(code=group.org, name=group.name, sector=group.sector or "REB")
        return None

    def _modifier_org(self, ent: SpacySpan) -> str | None:
        """The organisation in the words before a name ("U.N. mediator Diego Cordovez") or in
        its apposition ("Farhan Haq, spokesman for the Secretary-General of the UN")."""
        words = [w for w in noun_phrase(ent.root) if w.i < ent.start]
        words += [w for a in ent.root.children if a.dep_ == "appos" for w in a.subtree]
        org = self._org_within(words, (3, 2, 1))
        return org.code if org is not None else None

    def _title_role(self, ent: SpacySpan) -> RoleEntry | None:
        """The role in the words before a name: "Foreign Minister" in "Foreign Minister X"."""
        words = [w for w in noun_phrase(ent.root) if w.i < ent.start]
        if not words:
            return None
        return self.kb.role(strip_country_words(" ".join(w.text for w in words), self.kb))


# -- counting groups and lists -------------------------------------------------------------
def _takes_a_side(tok: Token) -> bool:
    """Whether a word is the second half of "pro-Iranian", "anti-Western"."""
    before = [t.lower_ for t in tok.doc[max(tok.i - 2, 0):tok.i]]
    return before[-2:] in (["pro", "-"], ["anti", "-"]) or before[-1:] in (["pro-"], ["anti-"])


def _points_at_act(tok: Token) -> bool:
    """ "the decision", "this move": an act noun pointing back, naming no doer of its own."""
    return tok.lower_ in ACT_NOUNS and any(
        c.dep_ == "det" and c.lower_ in POINTING_DETERMINERS for c in tok.children) and not any(
        c.dep_ in ("poss", "prep", "compound", "acl", "relcl") for c in tok.children)


def is_happening(tok: Token) -> bool:
    """Whether a noun names a happening (a crash, a blast) rather than someone acting."""
    return tok.lower_ in HAPPENING_NOUNS


def _lead_end(doc: Doc) -> int:
    """Where the lead (the first two sentences) ends: what it names counts double."""
    sents = list(doc.sents)[:2]
    return sents[-1].end if sents else 0


def _stated_count(group: Token) -> int | None:
    """The number a group noun carries: "23 countries", "two dozen nations", "dozens"."""
    words = [c for c in group.subtree if c.i <= group.i and c.dep_ in (
        "nummod", "quantmod", "compound", "pobj")] + [group]
    number = _stated_count_of_words([w for w in words if w.i != group.i])
    if any(w.lower_ in ("dozen", "dozens") for w in words):
        return 12 * (number or 2)
    return number


def _stated_count_of_words(words: list[Token]) -> int | None:
    """The first number among the words, in digits or spelled out."""
    for word in words:
        text = word.lower_.replace(",", "")
        if text.isdigit():
            return int(text)
        if text in NUMBER_WORDS:
            return NUMBER_WORDS[text]
    return None


def _fitting_lists(group: Token, enumerations: list[tuple[int, list[Actor]]],
                   count: int | None) -> list[list[Actor]]:
    """The spelled-out lists a group noun may stand for: those about as long as its number,
    else, after "the", the last list before it."""
    if count is not None:
        return [m for _, m in enumerations if abs(len(m) - count) <= max(2, count // 5)]
    if any(c.lower_ in ("the", "these", "those") for c in group.children):
        return [m for i, m in enumerations if i < group.i][-1:]
    return []


def _origin_objects(tok: Token) -> list[Token]:
    """ "officials from Australia, Albania and France", "allies, including Germany and
    Poland": the states a group is drawn from."""
    return prep_objects_of(tok, ORIGIN_PREPS)


def _partitive_member(tok: Token) -> Token | None:
    """ "contingents of police officers", "dozens of protesters": the members are the actor;
    "Sudan's army of ..." has its owner already ("accused Sudan's army of bombing civilians")."""
    if tok.lower_ not in PARTITIVE_WORDS or any(c.dep_ == "poss" for c in tok.children):
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def conjuncts(token: Token) -> list[Token]:
    """Every token joined to this one by "and"/"or"/commas, in order. The parser sometimes
    hangs a list of names as apposition ("Saudi Arabia, Egypt, UAE and Bahrain"): a proper
    name in apposition to a name of the same kind counts as a list member."""
    found: list[Token] = []
    stack = [c for c in token.children if _is_list_member(token, c)]
    # "his counterpart, Sergey Lavrov, as well as NATO partners": the list runs on from the
    # name in apposition
    stack += [c for a in token.children if a.dep_ == "appos" and a.pos_ == "PROPN"
              for c in a.children if c.dep_ == "conj"]
    while stack:
        tok = stack.pop(0)
        found.append(tok)
        stack.extend(c for c in tok.children if _is_list_member(tok, c))
    return found


def _is_list_member(head: Token, child: Token) -> bool:
    """A conjunct, or a proper name in apposition to a name of the same entity type."""
    if child.dep_ == "conj":
        return True
    return child.dep_ == "appos" and child.pos_ == head.pos_ == "PROPN" and \
        bool(child.ent_type_) and child.ent_type_ == head.ent_type_


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


# -- finding words in the parse ------------------------------------------------------------
def proper_name_chain(tok: Token, ent: SpacySpan) -> list[Token]:
    """The run of proper nouns around an entity ("Foreign Minister Shah Mehmood Qureshi"),
    which repairs names the small model splits or mislabels."""
    doc = tok.doc
    start, end = ent.start, ent.end
    while start > tok.sent.start and _name_part(doc, start - 1):
        start -= 1
    while end < tok.sent.end and _name_part(doc, end):
        end += 1
    tokens = list(doc[start:end])
    while tokens and tokens[-1].pos_ == "PUNCT":
        tokens.pop()
    return tokens or list(ent)


def _name_part(doc: Doc, i: int) -> bool:
    """A capitalised proper noun, or a hyphen joining two ("Abu - Dhabi")."""
    tok = doc[i]
    if tok.pos_ == "PROPN" and tok.text[:1].isupper():
        return True
    return tok.text == "-" and 0 < i < len(doc) - 1 and doc[i - 1].pos_ == "PROPN" \
        and doc[i + 1].pos_ == "PROPN" and not doc[i].whitespace_


def noun_phrase(head: Token) -> list[Token]:
    """The head and its pre-modifiers (determiners, adjectives, compounds, possessors)."""
    words = {head.i: head}
    stack = [c for c in head.lefts if c.dep_ in NP_MODIFIERS]
    while stack:
        tok = stack.pop()
        words[tok.i] = tok
        stack.extend(c for c in tok.children if c.dep_ in NP_MODIFIERS and c.dep_ != "conj")
    return [words[i] for i in sorted(words)]


def entity_of(tok: Token) -> SpacySpan | None:
    """The named entity a token is part of, if any."""
    if not tok.ent_type_:
        return None
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def speaker_of(tok: Token) -> Token | None:
    """The subject of the reporting verb a quoted clause hangs from ("we ...", he said)."""
    speaker = next((c for anc in tok.ancestors if anc.lemma_ in REPORTING_LEMMAS
                    for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if speaker is not None:
        return speaker
    root = tok.sent.root
    if root.lemma_ in REPORTING_LEMMAS:
        return next((c for c in root.children if c.dep_ == "nsubj"), None)
    return quote_attribution(tok) if inside_quote(tok) else None


def inside_quote(tok: Token) -> bool:
    """Whether a word stands inside a quotation: the last curly mark before it opens one (a
    quote running over paragraphs reopens each), or an odd number of straight marks does."""
    before = tok.doc.text[:tok.idx]
    last_open, last_close = before.rfind("\u201c"), before.rfind("\u201d")
    if last_open >= 0 or last_close >= 0:
        return last_open > last_close
    return before.count('"') % 2 == 1


def quote_attribution(tok: Token) -> Token | None:
    """The speaker named where a quotation closes: "..., President X added." after the
    paragraphs it runs over."""
    sents = list(tok.doc.sents)
    start = next(n for n, sent in enumerate(sents) if sent.start <= tok.i < sent.end)
    for sent in sents[start:start + MAX_QUOTE_SENTENCES]:
        if not any(t.text in ("\u201d", '"') and t.i > tok.i for t in sent):
            continue
        verb = next((t for t in sent if t.lemma_ in REPORTING_LEMMAS and t.i > tok.i), None)
        if verb is None:
            return None
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def plural_antecedents(pronoun: Token) -> Iterator[Token]:
    """What "they"/"their" may stand for, nearest first: plural nouns before it in its
    sentence ("diplomats from 23 countries ... their missions"), then plural subjects of the
    sentence before (a list of names or a plural noun)."""
    for i in range(pronoun.i - 1, pronoun.sent.start - 1, -1):
        tok = pronoun.doc[i]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "conj", "appos") and (
                conjuncts(tok) or tok.tag_ in ("NNS", "NNPS")):
            yield tok
    start = _previous_sentence_start(pronoun)
    for i in range(pronoun.sent.start - 1, start - 1, -1):
        tok = pronoun.doc[i]
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ != "PRON" and (
                conjuncts(tok) or tok.tag_ in ("NNS", "NNPS")):
            yield tok


def _previous_sentence_start(tok: Token) -> int:
    """The first token index of the sentence before the token's (0 in the first sentence)."""
    start = tok.sent.start
    return tok.doc[start - 1].sent.start if start > 0 else 0


def prep_objects_of(tok: Token, preps: Collection[str]) -> list[Token]:
    """The objects of a token's prepositions among ``preps``, in order."""
    return [o for p in tok.children if p.dep_ == "prep" and p.lower_ in preps
            for o in p.children if o.dep_ == "pobj"]


def first_with_lemma(tokens: Iterable[Token], lemmas: Collection[str]) -> Token | None:
    """The first token whose lower-cased lemma is one of ``lemmas``."""
    return next((t for t in tokens if t.lemma_.lower() in lemmas), None)


def word_runs(words: list[Token], widths: tuple[int, ...]) -> Iterator[str]:
    """The texts of every run of consecutive words, for each width in turn, left to right."""
    for width in widths:
        for i in range(len(words) - width + 1):
            yield " ".join(w.text for w in words[i:i + width])


# -- names, phrases and spans --------------------------------------------------------------
def clean_name(text: str) -> str:
    """A mention without its leading article, possessive ending or stray punctuation."""
    text = text.strip().strip("\"'“”‘’(),.").lstrip("-–— ")
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    for article in ("the ", "The "):
        if text.startswith(article):
            text = text[len(article):]
    return " ".join(text.split())


def strip_country_words(text: str, kb: KnowledgeBase) -> str:
    """ "Russian Foreign Ministry" -> "Foreign Ministry", to look up the role alone."""
    words = text.split()
    kept = [w for w in words if kb.country(w.strip("'’s")) is None]
    return " ".join(kept)


def phrase_text(words: list[Token]) -> str:
    """A phrase as the article writes it ("al-Qaeda", not "al - Qaeda")."""
    return words_span(words).text


def phrase_span(words: list[Token]) -> Span:
    """The offsets of a phrase without its leading determiner, with the text they cover."""
    while len(words) > 1 and words[0].dep_ == "det":
        words = words[1:]
    return words_span(words)


def words_span(words: list[Token]) -> Span:
    """The offsets from the first word to the last, with the article's text between."""
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    return Span(start, end, words[0].doc.text[start:end])


def token_span(tok: Token) -> Span:
    """The offsets and text of one token."""
    return Span(tok.idx, tok.idx + len(tok), tok.text)


def char_span(ent: SpacySpan) -> Span:
    """The offsets and text of an entity."""
    return Span(ent.start_char, ent.end_char, ent.text)


def holder_actor(holder: PersonEntry, country: str | None, confidence: float,
                 span: Span | None = None) -> Actor:
    """The person holding an office, as the actor a role phrase stands for."""
    return Actor(name=holder.name, country=country, sector=holder.sector, role=holder.role,
                 kind="person", span=span, confidence=confidence)
