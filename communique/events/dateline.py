"""Datelines name where a report was filed, never a party to its events.

"NAIROBI, March 3 (AP) - Somalia's president accused Ethiopia ..." is parsed with NAIROBI as a
second subject of "accused"; the act is the president's, not Kenya's. A dateline is a place
written in capitals at the start of a sentence and followed by a comma, colon, dash or bracket.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# What follows the city of a dateline ("MOSCOW, March 30", "NAIROBI:", "GAZA (Reuters)").
DATELINE_MARKS = frozenset({":", ",", "-", "--", "—", "–", "("})
PLACE_LABELS = frozenset({"GPE", "LOC"})


def _entity_of(tok: Token) -> Span | None:
    if tok.ent_iob_ == "O":
        return None
    return next((ent for ent in tok.sent.ents if ent.start <= tok.i < ent.end), None)


def in_dateline(tok: Token) -> bool:
    """Whether the token belongs to the dateline place opening its sentence."""
    ent = _entity_of(tok)
    if ent is None or ent.label_ not in PLACE_LABELS:
        return False
    leading = [t for t in tok.doc[tok.sent.start:ent.start] if not t.is_space]
    letters = ent.text.replace(" ", "").replace("-", "")
    if leading or not (letters.isalpha() and letters.isupper() and len(letters) > 3):
        return False
    follower = tok.doc[ent.end].text if ent.end < len(tok.doc) else ""
    return follower in DATELINE_MARKS
