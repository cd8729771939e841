"""Actor resolution: a noun phrase in a parsed sentence to the person, organisation or state it is.

Resolution uses the knowledge base (countries, organisations, groups, office holders, role
words) and what the article itself says: "Russian counterpart Sergey Lavrov" gives Lavrov his
state, a later "Lavrov" or "Wang" is the full name met before, "he" and "it" are the nearest
fitting actor before them, and "the two sides" is the last pair that met.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from communique.actors.context import DocumentContext
from communique.actors.knowledge import KnowledgeBase, OrgEntry, PersonEntry, RoleEntry
from communique.actors.names import clean_name, holder_actor, strip_country_words
from communique.actors.references import (
    PERSON_PRONOUNS,
    THING_PRONOUNS,
    ReferenceResolver,
    is_happening,
    lead_end,
    origin_objects,
    partitive_member,
    points_at_act,
    stated_count,
    takes_a_side,
    unique_parties,
)
from communique.geo import Gazetteer
from communique.model import Actor, Span
from communique.nlp.index import entity_of
from communique.nlp.spans import char_span, phrase_span, phrase_text, token_span, words_span
from communique.nlp.tree import (
    conjuncts,
    is_list_member,
    noun_phrase,
    prep_objects_of,
    proper_name_chain,
    word_runs,
)
from communique.nlp.words import attach_words

# Sectors of people who hold office: an unplaced official more likely serves the home state.
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP"})
MINORITY_ROLE = "ethnic minority"  # "ethnic Albanians": acting, they belong where they live
HOME_GUESS_CONFIDENCE = 0.5  # an actor whose state is only the article's main state
MIN_LIST = 3  # two states are a pair named in passing, not a list
# Entity labels that may name an actor (a place names its state, a facility its owner).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


class ActorResolver(ReferenceResolver):
    """Turns tokens (heads of noun phrases) into actors, using the knowledge base and context.
    The gazetteer gives places their state ("Tigray regional forces", "Nairobi police")."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer | None = None) -> None:
        self.kb = kb
        self.gazetteer = gazetteer

    def read_document(self, doc: Doc, published: dt.date | None) -> DocumentContext:
        """Resolve every named mention once, in order, so later sentences can refer back."""
        ctx = DocumentContext(published=published)
        attach_words(doc, self.kb.words)
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
            if tok.dep_ == "conj" or is_list_member(tok.head, tok) or tok.i not in by_index \
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
        lead = lead_end(doc)
        counts: dict[str, int] = {}
        for i, actor in ctx.mentions:
            if actor.country and actor.kind != "person":
                counts[actor.country] = counts.get(actor.country, 0) + (2 if i < lead else 1)
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
        named = self._vessel(tok) or self._named_actor(tok, ctx)
        if named is not None:
            return [named]
        member = partitive_member(tok)
        if member is not None:
            listed = self._enumerated_states(member, ctx, stated_count(tok))
            return listed or self._resolve_one(member, ctx)
        if tok.lower_ in self.kb.words["quantity_words"]:
            return self._last_groups(tok, ctx)
        if points_at_act(tok):
            return [replace(a, confidence=min(a.confidence, 0.6))
                    for a in ctx.act_before(tok.i)]
        issuer = self._document_issuer(tok, ctx)
        if issuer:
            return issuer
        known = ctx.people.get(tok.lower_) if tok.pos_ == "PROPN" else None
        if known is not None:
            return [replace(known, span=token_span(tok), confidence=0.8)]
        return self._noun_phrase_actors(tok, ctx)

    def _vessel(self, tok: Token) -> Actor | None:
        """A ship named with its navy's prefix, or a noun in apposition to one: "USS Carney",
        "the destroyer USS Milius" belong to the prefix's state's military."""
        names = [tok, *(c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN")]
        for name in names:
            prefix = next((c for c in name.children if c.dep_ == "compound"
                           and c.text in self.kb.vessel_prefixes), None)
            if prefix is not None and name.pos_ == "PROPN":
                return Actor(name=f"{prefix.text} {name.text}",
                             country=self.kb.vessel_prefixes[prefix.text], sector="MIL",
                             kind="group", span=phrase_span([prefix, name]), confidence=0.8)
        return None

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
        if tok.lemma_.lower() not in self.kb.words["document_nouns"] or any(
                c.dep_ in ("poss", "agent") or c.lower_ == "by" for c in tok.children):
            return []
        places = [o for verb in tok.children if verb.dep_ == "acl" and verb.tag_ == "VBN"
                  for o in prep_objects_of(verb, ("in",))]
        states = [a for place in places for a in self._resolve_one(place, ctx)
                  if a.kind == "state" or place.lemma_ == "capital"]
        return [replace(a, confidence=min(a.confidence, 0.5)) for a in states[:1]]

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
        return word.rstrip(".").lower() in self.kb.words["honorifics"] or \
            self.kb.role(word) is not None or self.kb.country(word) is not None

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
            c.lower_ in self.kb.words["minority_words"] for c in ent.root.lefts)
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
        states += self._listed_states(origin_objects(tok))
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
        vague = self.kb.words["vague_adjectives"]
        if tok.lemma_.lower() not in self.kb.words["collective_heads"] or tok.tag_ != "NNS" or \
                not any(w.dep_ == "amod" and w.i < tok.i and w.lower_ not in vague
                for w in words):
            return []
        # "all brotherly countries and companies": plural nouns joined to it share the name
        joined = [t for c in tok.children if c.dep_ == "conj" and c.tag_ == "NNS"
                  for t in (*(x for x in tok.children if x.dep_ == "cc"), c)]
        name = clean_name(phrase_text([w for w in [*words, *joined]
                                       if w.dep_ != "det" and w.lower_ not in vague]))
        return [Actor(name=name, kind="group", span=phrase_span(words), confidence=0.6)]

    def _included(self, tok: Token, ctx: DocumentContext) -> list[Actor]:
        """ "The 16 prisoners Russia released include four Americans and five Germans": the
        members a group is said to include."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.lemma_.lower() not in self.kb.words["inclusion_verbs"]:
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
        holder = ctx.role_holder_before(role.role, tok.i) if role.is_person else None
        if holder is not None:
            return replace(holder, span=span, confidence=0.6)
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
                found = self._token_country(word) or self._registry_country(word)
                if found:
                    return found
        for obj in prep_objects_of(head, ("of", "from", "in")):
            found = self._token_country(obj) or self._country_within_tokens(noun_phrase(obj))
            if found:
                return found
        return None

    def _registry_country(self, word: Token) -> str | None:
        """ "the Liberian-flagged tanker", "a Panama-registered ship": the state a ship flies
        the flag of."""
        if word.lower_ not in self.kb.words["registry_participles"]:
            return None
        return next((found for c in word.children if c.dep_ in ("npadvmod", "amod", "compound")
                     for found in [self._token_country(c)] if found), None)

    # -- the states, organisations and roles words name -------------------------------

    def _token_country(self, tok: Token) -> str | None:
        """The state a word names: a state, a listed group's state, a known person's or a
        place's. "pro-Iranian" and "anti-American" name a stance, not a state."""
        if takes_a_side(tok):
            return None
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and \
                tok.text in self.kb.vessel_prefixes:
            return self.kb.vessel_prefixes[tok.text]  # "USS Carney", "HMS Kent": that navy's ship
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


