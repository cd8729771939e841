"""Quotations and their speakers: whether a word is quoted, and who said the clause it is in."""

from __future__ import annotations

from spacy.tokens import Token

from communique.nlp.index import doc_index
from communique.nlp.words import words_of

MAX_QUOTE_SENTENCES = 8  # how far ahead a quotation's closing attribution is looked for


def speaker_of(tok: Token) -> Token | None:
    """The subject of the reporting verb a quoted clause hangs from ("we ...", he said)."""
    saying = words_of(tok).union("say_verbs", "say_verbs_quoting")
    speaker = next((c for anc in tok.ancestors if anc.lemma_ in saying
                    for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if speaker is not None:
        return speaker
    root = doc_index(tok.doc).sentence_root(tok.i)
    if root.lemma_ in saying:
        return next((c for c in root.children if c.dep_ == "nsubj"), None)
    return quote_attribution(tok) if inside_quote(tok) else None


def inside_quote(tok: Token) -> bool:
    """Whether a word stands inside a quotation: the last curly mark before it opens one (a
    quote running over paragraphs reopens each), or an odd number of straight marks does."""
    return doc_index(tok.doc).is_quoted(tok)


def quote_attribution(tok: Token) -> Token | None:
    """The speaker named where a quotation closes: "..., President X added." after the
    paragraphs it runs over."""
    index = doc_index(tok.doc)
    sents, start = index.sents, index.sentence_number(tok)
    for sent in sents[start:start + MAX_QUOTE_SENTENCES]:
        if not any(t.text in ("\u201d", '"') and t.i > tok.i for t in sent):
            continue
        saying = words_of(tok).union("say_verbs", "say_verbs_quoting")
        verb = next((t for t in sent if t.lemma_ in saying and t.i > tok.i), None)
        if verb is None:
            return None
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None
