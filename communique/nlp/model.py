"""Loading spaCy with the components news text needs.

Headlines, datelines and paragraphs are separated by blank lines, not by full stops; without
help the parser runs a headline into the lead's first sentence. ``paragraph_breaks`` starts a
sentence after every blank line so that each sentence, and each event's evidence, stays within
its paragraph.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAK = "\n\n"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a blank line a sentence start."""
    for tok in doc[:-1]:
        if PARAGRAPH_BREAK in tok.text_with_ws:
            doc[tok.i + 1].is_sent_start = True
    return doc


def load_model(name: str) -> Any:
    """The named spaCy model with paragraph-aware sentence boundaries."""
    nlp = spacy.load(name)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
