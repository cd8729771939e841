"""Finding the time expressions of a spaCy sentence, what each attaches to, and its tense.

A mention's ``head_token`` is the word the time phrase modifies ("met" in "met ... on Sunday"),
found by climbing the parse from the phrase's root through prepositions. Whether the phrase is
read forward ("set for Tuesday", "will visit on Tuesday") comes first from its own words ("next",
"last", "ago"), then from the verb governing it: a future auxiliary, a scheduling participle, an
infinitive of plan, or a present-tense verb (news writes fixed future events in the present).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from communique.model import EventDate
from communique.model import Span as ModelSpan
from communique.nlp.index import entities_in
from communique.time.resolve import DAY_WORDS, MONTHS, WEEKDAYS, YEAR

if TYPE_CHECKING:
    from communique.time.cues import TimeCues
    from communique.time.resolve import DateResolver

TIME_LABELS = ("DATE", "TIME")
SPLITTERS = frozenset({"and", "or", "to", "through", "until", "till", "–", "—", "&"})
RANGE_OPENERS = frozenset({"between", "from"})
CLIMB_TO_PREP = frozenset({"pobj", "pcomp"})
CLIMB_THROUGH = frozenset({"conj", "appos"})
LONE_DAY_WORDS = frozenset(set(WEEKDAYS) | {w for w in DAY_WORDS if " " not in w})
ANCHOR_DIRECTIONS = frozenset({"before", "after", "earlier", "later"})
CLOCK_WORDS = frozenset({"gmt", "utc", "hours", "hrs", "local", "cet", "est", "edt", "msk"})
MAX_CLIMB = 6


@dataclass(frozen=True)
class DateMention:
    """One resolved time expression of a sentence (offsets into the article text)."""

    start: int
    end: int
    text: str
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | month | year
    head_token: int  # doc index of the word the phrase attaches to
    future: bool  # read forward from the publication date, and not before it

    def to_event_date(self, basis: str = "sentence", confidence: float = 1.0) -> EventDate:
        """The mention as the ``EventDate`` of an event it dates."""
        return EventDate(value=self.value, precision=self.precision,
                         span=ModelSpan(self.start, self.end, self.text), basis=basis,
                         confidence=confidence)


def find_mentions(resolver: DateResolver, sent: Span,
                  published: dt.date | None) -> list[DateMention]:
    """Every resolvable time expression in ``sent``, in text order."""
    found: list[DateMention] = []
    for phrase in time_phrases(sent):
        mention = make_mention(resolver, phrase, published, found)
        if mention is not None:
            found.append(mention)
    return found


def time_phrases(sent: Span) -> list[Span]:
    """DATE/TIME entities split at "and"/"to", plus lone weekday and day words spaCy missed."""
    ents = entities_in(sent)
    phrases = [part for ent in ents if ent.label_ in TIME_LABELS
               for part in split(with_direction(ent))]
    phrases = [part for part in phrases if not is_clock_time(part)]
    covered = {tok.i for ent in ents for tok in ent}
    phrases += [sent.doc[tok.i:tok.i + 1] for tok in sent
                if tok.i not in covered and tok.lower_ in LONE_DAY_WORDS and is_date_use(tok)]
    return sorted(phrases, key=lambda span: span.start)


def with_direction(ent: Span) -> Span:
    """spaCy leaves "before" out of "the day before"; take it back so the offset is known."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if (after is not None and after.lower_ in ANCHOR_DIRECTIONS and after.head == ent.root
            and not list(after.children)):
        return ent.doc[ent.start:ent.end + 1]
    return ent


def is_clock_time(part: Span) -> bool:
    """"1800 GMT" is a time of day, not the year 1800."""
    after = part.doc[part.end] if part.end < len(part.doc) else None
    return after is not None and after.lower_ in CLOCK_WORDS


def is_date_use(tok: Token) -> bool:
    """A weekday name inside a proper name ("Sunday Times") is not a date."""
    return tok.lower_ not in WEEKDAYS or tok.dep_ not in ("compound", "nsubj", "poss")


def split(ent: Span) -> list[Span]:
    """Parts of a range or list ("between Monday and Wednesday"), possessive "'s" dropped."""
    parts: list[Span] = []
    start = ent.start
    for tok in ent:
        if tok.lower_ in SPLITTERS or tok.lower_ in RANGE_OPENERS or tok.tag_ == "POS":
            parts.append(ent.doc[start:tok.i])
            start = tok.i + 1
    parts.append(ent.doc[start:ent.end])
    return [trim(part) for part in parts if any(t.is_alpha or t.is_digit for t in part)]


def trim(part: Span) -> Span:
    """The part without leading and trailing punctuation."""
    start, end = part.start, part.end
    while part.doc[start].is_punct:
        start += 1
    while part.doc[end - 1].is_punct:
        end -= 1
    return part.doc[start:end]


def make_mention(resolver: DateResolver, phrase: Span, published: dt.date | None,
                 earlier: list[DateMention]) -> DateMention | None:
    """The phrase resolved as a DateMention, None when it names no date."""
    head = attachment(phrase)
    future = reads_forward(phrase, head, resolver.cues)
    result = resolver.resolve(with_inherited_year(phrase.text, earlier), published,
                              prefer_future=future)
    if result is None:
        result = resolve_from_anchor(resolver, phrase.text, earlier)
    if result is None:
        return None
    return DateMention(start=phrase.start_char, end=phrase.end_char, text=phrase.text,
                       value=result[0], precision=result[1], head_token=head.i,
                       future=future and not before(result[0], published))


def before(value: str, published: dt.date | None) -> bool:
    """Whether a value lies wholly before publication ("2011" in "the 2011 deal is...")."""
    return published is not None and value < published.isoformat()[:len(value)]


def with_inherited_year(text: str, earlier: list[DateMention]) -> str:
    """"March 21" after "March 18, 2014" in one sentence is in 2014, not the publication year."""
    named_year = [m for m in earlier if YEAR.search(m.text)]
    names_month = bool(set(re.split(r"[\s.,]+", text.lower())) & set(MONTHS))
    if not named_year or YEAR.search(text) or not names_month:
        return text
    return f"{text} {named_year[-1].value[:4]}"


def resolve_from_anchor(resolver: DateResolver, text: str,
                        earlier: list[DateMention]) -> tuple[str, str] | None:
    """"The previous day" counts from the sentence's last day-precise date, when it has one."""
    days = [m for m in earlier if m.precision == "day"]
    if not days:
        return None
    return resolver.resolve_anchored(text, dt.date.fromisoformat(days[-1].value))


def attachment(phrase: Span) -> Token:
    """The word a time phrase modifies: up from its root through conj/appos and prepositions."""
    tok = phrase.root
    for _ in range(MAX_CLIMB):
        if climbs(tok):
            tok = tok.head
        else:
            break
    return tok if tok.head is tok else tok.head


def climbs(tok: Token) -> bool:
    """Whether to go on up: out of a list of dates, or from a preposition's object to it."""
    if tok.dep_ in CLIMB_THROUGH:
        return tok.head.ent_type_ in TIME_LABELS or tok.head.like_num
    return tok.dep_ in CLIMB_TO_PREP and tok.head is not tok


def reads_forward(phrase: Span, head: Token, cues: TimeCues) -> bool:
    """Whether the phrase points after publication: its own words first, then its clause."""
    words = {tok.lower_ for tok in phrase}
    if words & cues.past_markers:
        return False
    if words & cues.future_markers:
        return True
    return clause_is_future(head, cues)


def clause_is_future(head: Token, cues: TimeCues) -> bool:
    """Future reading of the clause a phrase attaches to (a noun defers to its verb)."""
    tok = head
    for _ in range(MAX_CLIMB):
        if tok.lower_ == "due" or any(c.lower_ in cues.future_modifiers for c in tok.children
                                      if c.dep_ in ("amod", "compound")):
            return True
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            return verb_is_future(tok, cues)
        tok = tok.head
    return False


def verb_is_future(verb: Token, cues: TimeCues, depth: int = 0) -> bool:
    """Whether the verb's tense, auxiliaries and kind point after publication."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in cues.future_aux for a in auxes):
        return True
    if any(a.lemma_ == "have" or a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return False
    if verb.tag_ == "VBN" and verb.lemma_ in cues.future_lemmas and verb.lemma_ != "be":
        return True  # "set for Tuesday", "is scheduled for"
    if any(a.tag_ == "TO" for a in auxes) or verb.tag_ == "VB":
        return infinitive_is_future(verb, cues, depth)
    present = verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and any(
        a.tag_ in ("VBZ", "VBP") for a in auxes))
    return present and verb.lemma_ not in cues.speech_lemmas


def infinitive_is_future(verb: Token, cues: TimeCues, depth: int) -> bool:
    """"To be held", "plans to visit" look ahead; a purpose clause follows its verb."""
    governor = verb.head
    if verb.dep_ in ("acl", "relcl"):
        return True
    if governor is verb or depth > MAX_CLIMB:
        return False
    if verb.dep_ == "xcomp" and governor.lemma_ in cues.future_lemmas:
        return True
    return verb_is_future(governor, cues, depth + 1)
