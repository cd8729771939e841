"""Finding the places a sentence mentions, with where each attaches in the parse
("met ... in Beijing": preposition "in", head "met"), for the event builder to pick a location."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from communique.geo.gazetteer import Gazetteer, scaled
from communique.geo.names import DETERMINERS, DIRECTION_WORDS, GENERIC_WORDS
from communique.model import Place, Span
from communique.nlp.index import entities_in, entity_of, sentence_of

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# How big a city must be to trust a capitalised name the NER model did not tag as a place;
# a lone word opening a sentence may be a common word ("Nice", "Reading"), so it needs more.
UNTAGGED_MIN_POPULATION = 100_000
SENTENCE_INITIAL_MIN_POPULATION = 1_000_000
# Entities whose tokens are never read as places, even when a name matches ("Georgia Meloni").
_NOT_PLACE_LABELS = frozenset({"PERSON", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                               "ORDINAL", "CARDINAL", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE",
                               "PRODUCT"})


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence and the word it attaches to."""

    place: Place  # span = the mention's character offsets in the article
    head_token: int  # doc-level index of the verb or noun the place phrase attaches to
    preposition: str | None  # "in", "at", "to", "from", ... introducing it, if any


def find_places(sent: SpacySpan, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Places in one sentence, in text order: NER places, 'the Chinese capital' phrases, and
    capitalised names the model missed that the gazetteer knows well."""
    used: set[int] = set()
    found = [*_capital_phrases(sent, gazetteer, used), *_entity_places(sent, gazetteer, used),
             *_untagged_names(sent, gazetteer, used)]
    return sorted(found, key=lambda mention: mention.place.span.start if mention.place.span
                  else 0)


def _capital_phrases(sent: SpacySpan, gazetteer: Gazetteer,
                     used: set[int]) -> list[PlaceMention]:
    """'the Russian capital', "China's capital" -> that country's capital city."""
    mentions = []
    for token in sent:
        if token.lower_ != "capital" or token.pos_ != "NOUN" or token.i == sent.start:
            continue
        first, iso3 = _country_before(sent, token.i, gazetteer)
        capital = gazetteer.capital(iso3) if iso3 else None
        if capital is not None:
            mentions.append(_mention(sent.doc[first:token.i + 1], scaled(capital, 0.9)))
            used.update(range(first, token.i + 1))
    return mentions


def _country_before(sent: SpacySpan, end: int, gazetteer: Gazetteer) -> tuple[int, str | None]:
    """Start and ISO3 of the demonym or possessive country name just before token ``end``,
    longest first ("South Korean", "Korean")."""
    for width in (3, 2, 1):
        first = end - width
        if first < sent.start:
            continue
        words = sent.doc[first:end]
        if words[0].pos_ in ("DET", "ADP", "PUNCT"):
            continue
        iso3 = gazetteer.demonym_country(words.text.replace(" 's", "'s"))
        if iso3 is not None:
            return first, iso3
    return end, None


def _entity_places(sent: SpacySpan, gazetteer: Gazetteer,
                   used: set[int]) -> list[PlaceMention]:
    mentions = []
    for entity in entities_in(sent):
        if entity.label_ not in PLACE_LABELS or used.intersection(range(entity.start, entity.end)):
            continue
        phrase = _with_qualifiers(entity, used)
        # Buildings ("the White House") must be curated: GeoNames alternates include such
        # names for unrelated cities (Casablanca).
        minimum = UNTAGGED_MIN_POPULATION if entity.label_ == "FAC" else None
        place = gazetteer.lookup(phrase.text, min_population=minimum)
        if place is not None:
            mentions.append(_mention(phrase, place))
            used.update(range(phrase.start, phrase.end))
    return mentions


def _untagged_names(sent: SpacySpan, gazetteer: Gazetteer,
                    used: set[int]) -> list[PlaceMention]:
    """Runs of capitalised proper nouns outside place/person entities ("Goa and Hyderabad"
    tagged ORG by the small model), kept only when the gazetteer knows them well."""
    mentions = []
    for run in _proper_noun_runs(sent, used):
        lone_initial = len(run) == 1 and run.start == sent.start
        minimum = SENTENCE_INITIAL_MIN_POPULATION if lone_initial else UNTAGGED_MIN_POPULATION
        place = gazetteer.lookup(run.text, min_population=minimum)
        if place is not None:
            phrase = _with_qualifiers(run, used)
            mentions.append(_mention(phrase, scaled(place, 0.8)))
            used.update(range(phrase.start, phrase.end))
    return mentions


def _proper_noun_runs(sent: SpacySpan, used: set[int]) -> list[SpacySpan]:
    runs: list[SpacySpan] = []
    start: int | None = None
    for token in [*sent, None]:
        if token is not None and _is_candidate_name(token, used):
            start = token.i if start is None else start
            continue
        if start is not None:
            runs.append(sent.doc[start:token.i if token is not None else sent.end])
            start = None
    return runs


def _is_candidate_name(token: Token, used: set[int]) -> bool:
    if token.i in used or token.pos_ != "PROPN" or not token.text[:1].isupper():
        return False
    if token.ent_type_ in _NOT_PLACE_LABELS:
        return False
    # Names inside an organisation ("Bank of China") are not places; a bare list is.
    return token.ent_type_ != "ORG" or _is_name_list(token)


def _is_name_list(token: Token) -> bool:
    entity = entity_of(token)
    return entity is not None and all(t.pos_ in ("PROPN", "CCONJ", "PUNCT") for t in entity)


def _with_qualifiers(span: SpacySpan, used: set[int]) -> SpacySpan:
    """The span without a leading 'the', widened over 'northern' before it and 'city' after."""
    doc, start, end = span.doc, span.start, span.end
    while end - start > 1 and doc[start].lower_ in DETERMINERS:
        start += 1
    sent = sentence_of(doc[span.start])
    sent_start, sent_end = sent.start, sent.end
    while (start > sent_start and start - 1 not in used
           and doc[start - 1].lower_ in DIRECTION_WORDS):
        start -= 1
    while end < sent_end and end not in used and doc[end].lower_ in GENERIC_WORDS - {"capital"}:
        end += 1
    return doc[start:end]


def _mention(phrase: SpacySpan, place: Place) -> PlaceMention:
    text_span = Span(start=phrase.start_char, end=phrase.end_char, text=phrase.text)
    preposition, head = _attachment(phrase)
    return PlaceMention(place=dataclasses.replace(place, span=text_span), head_token=head.i,
                        preposition=preposition)


def _attachment(phrase: SpacySpan) -> tuple[str | None, Token]:
    """The preposition introducing the phrase, if any, and the word the phrase attaches to."""
    root = phrase.root
    # In "in Goa and Hyderabad" the second place attaches where the first does, and in
    # "in the Chinese city of Tianjin" the place attaches where "city" does.
    while (root.dep_ == "conj" and root.head.i != root.i) or _is_of_generic(root):
        root = root.head if root.dep_ == "conj" else root.head.head
    if root.dep_ == "pobj" and root.head.pos_ == "ADP":
        return root.head.lower_, root.head.head
    # A subject, object or modifier ("Beijing talks") attaches to its head; a ROOT to itself.
    return None, root.head


def _is_of_generic(token: Token) -> bool:
    preposition = token.head
    return (token.dep_ == "pobj" and preposition.lower_ == "of"
            and preposition.head.lower_ in GENERIC_WORDS)
