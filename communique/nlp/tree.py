"""Walking the dependency tree: noun phrases, lists of conjuncts, names, prepositions' objects."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from communique.nlp.index import sentence_of

# Dependents that belong to a noun phrase before its head (what noun_phrase collects).
NP_MODIFIERS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod",
                          "case", "punct", "predet"})


def conjuncts(token: Token) -> list[Token]:
    """Every token joined to this one by "and"/"or"/commas, in order. The parser sometimes
    hangs a list of names as apposition ("Saudi Arabia, Egypt, UAE and Bahrain"): a proper
    name in apposition to a name of the same kind counts as a list member."""
    found: list[Token] = []
    stack = [c for c in token.children if is_list_member(token, c)]
    # "his counterpart, Sergey Lavrov, as well as NATO partners": the list runs on from the
    # name in apposition
    stack += [c for a in token.children if a.dep_ == "appos" and a.pos_ == "PROPN"
              for c in a.children if c.dep_ == "conj"]
    while stack:
        tok = stack.pop(0)
        found.append(tok)
        stack.extend(c for c in tok.children if is_list_member(tok, c))
    return found


def is_list_member(head: Token, child: Token) -> bool:
    """A conjunct, or a proper name in apposition to a name of the same entity type."""
    if child.dep_ == "conj":
        return True
    return child.dep_ == "appos" and child.pos_ == head.pos_ == "PROPN" and \
        bool(child.ent_type_) and child.ent_type_ == head.ent_type_


# -- finding words in the parse ------------------------------------------------------------
def proper_name_chain(tok: Token, ent: SpacySpan) -> list[Token]:
    """The run of proper nouns around an entity ("Foreign Minister Shah Mehmood Qureshi"),
    which repairs names the small model splits or mislabels."""
    doc = tok.doc
    start, end = ent.start, ent.end
    sent = sentence_of(tok)
    while start > sent.start and _name_part(doc, start - 1):
        start -= 1
    while end < sent.end and _name_part(doc, end):
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


def previous_sentence_start(tok: Token) -> int:
    """The first token index of the sentence before the token's (0 in the first sentence)."""
    start = sentence_of(tok).start
    return sentence_of(tok.doc[start - 1]).start if start > 0 else 0


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


def word_after(tok: Token) -> Token:
    """The next word of the document; the word itself at the end."""
    return tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else tok
