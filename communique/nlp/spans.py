"""Offsets and text of parsed words, phrases and sentences, as the model's ``Span``."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from communique.model import Span
from communique.nlp.index import doc_index


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
    return Span(start, end, doc_index(words[0].doc).text[start:end])


def token_span(tok: Token) -> Span:
    """The offsets and text of one token."""
    return Span(tok.idx, tok.idx + len(tok), tok.text)


def char_span(ent: SpacySpan) -> Span:
    """The offsets and text of an entity."""
    return Span(ent.start_char, ent.end_char, ent.text)


def sentence_span(sent: SpacySpan) -> Span:
    """A sentence's offsets and text without its surrounding whitespace."""
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return Span(start, start + len(text), text)
