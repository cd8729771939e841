"""Per-document indexes over a parsed article, built once so every lookup stays cheap.

spaCy answers ``doc.text``, ``doc.ents``, ``span.ents`` and ``list(doc.sents)`` by walking the
whole document each time; asked once per mention or per token, that makes extraction grow with
the square of the article's length. ``doc_index(doc)`` computes each answer once per document
(lazily, on first use) and keeps it in the document's ``user_data``, so it lives and dies with
the parse.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

INDEX_KEY = "communique.doc_index"
OPENING_QUOTE, CLOSING_QUOTE, STRAIGHT_QUOTE = "\u201c", "\u201d", '"'


class DocIndex:
    """The text, entities, sentences and quotation marks of one parsed document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    @cached_property
    def text(self) -> str:
        """The article's text (spaCy rebuilds ``doc.text`` from the tokens on every call)."""
        return self.doc.text

    @cached_property
    def ents(self) -> tuple[SpacySpan, ...]:
        """The named entities, in order."""
        return tuple(self.doc.ents)

    @cached_property
    def _ent_starts(self) -> list[int]:
        return [ent.start for ent in self.ents]

    @cached_property
    def _entity_at(self) -> list[int]:
        """For each token, the position of its entity in ``ents``; -1 outside any."""
        at = [-1] * len(self.doc)
        for n, ent in enumerate(self.ents):
            at[ent.start:ent.end] = [n] * (ent.end - ent.start)
        return at

    def entity_of(self, tok: Token) -> SpacySpan | None:
        """The named entity a token is part of, if any."""
        n = self._entity_at[tok.i]
        return self.ents[n] if n >= 0 else None

    def entities_within(self, start: int, end: int) -> list[SpacySpan]:
        """The entities wholly inside tokens [start, end), as ``Span.ents`` gives them."""
        found = []
        for n in range(bisect_left(self._ent_starts, start), len(self.ents)):
            if self.ents[n].end > end:
                break
            found.append(self.ents[n])
        return found

    @cached_property
    def sents(self) -> list[SpacySpan]:
        """The sentences, in order."""
        return list(self.doc.sents)

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [sent.start for sent in self.sents]

    def sentence_number(self, tok: Token) -> int:
        """The position in ``sents`` of the sentence a token is in."""
        return bisect_right(self._sent_starts, tok.i) - 1

    def sentence_of(self, i: int) -> SpacySpan:
        """The sentence token ``i`` is in (``Token.sent`` walks to both of its ends)."""
        return self.sents[bisect_right(self._sent_starts, i) - 1]

    def sentence_root(self, i: int) -> Token:
        """The root of the sentence token ``i`` is in (``Span.root`` walks the sentence)."""
        n = bisect_right(self._sent_starts, i) - 1
        root = self._roots.get(n)
        if root is None:
            root = self._roots[n] = self.sents[n].root
        return root

    @cached_property
    def _roots(self) -> dict[int, Token]:
        return {}

    @cached_property
    def _quoted(self) -> list[bool]:
        """For each token, whether it stands inside a quotation (see ``nlp.quotes``)."""
        text, quoted = self.text, []
        last_open = last_close = -1
        straight, scanned = 0, 0
        for tok in self.doc:
            chunk = text[scanned:tok.idx]
            opening, closing = chunk.rfind(OPENING_QUOTE), chunk.rfind(CLOSING_QUOTE)
            last_open = scanned + opening if opening >= 0 else last_open
            last_close = scanned + closing if closing >= 0 else last_close
            straight += chunk.count(STRAIGHT_QUOTE)
            scanned = tok.idx
            curly = last_open >= 0 or last_close >= 0
            quoted.append(last_open > last_close if curly else straight % 2 == 1)
        return quoted

    def is_quoted(self, tok: Token) -> bool:
        """Whether the last curly mark before a token opens a quotation, or, with no curly
        marks before it, an odd number of straight marks does."""
        return self._quoted[tok.i]


def doc_index(doc: Doc) -> DocIndex:
    """The document's index, built on first use and kept with the document."""
    index = doc.user_data.get(INDEX_KEY)
    if index is None:
        index = doc.user_data[INDEX_KEY] = DocIndex(doc)
    return index


def entities_in(span: SpacySpan) -> list[SpacySpan]:
    """The entities wholly inside a span (a sentence), without a pass over the document."""
    return doc_index(span.doc).entities_within(span.start, span.end)


def entity_of(tok: Token) -> SpacySpan | None:
    """The named entity a token is part of, if any."""
    if not tok.ent_type_:
        return None
    return doc_index(tok.doc).entity_of(tok)


def sentence_of(tok: Token) -> SpacySpan:
    """The sentence a token is in."""
    return doc_index(tok.doc).sentence_of(tok.i)
