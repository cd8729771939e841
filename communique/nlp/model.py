"""Loading spaCy with the components news text needs.

Headlines, datelines and paragraphs are separated by blank lines, not by full stops; without
help the parser runs a headline into the lead's first sentence. ``paragraph_breaks`` starts a
sentence after every line break (after every blank line in hard-wrapped text) so that each
sentence, and each event's evidence, stays within its paragraph.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAK = "\n\n"
SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "'", ":")
MIN_WRAPPED_LINES = 5  # fewer lines than this are never taken for hard-wrapped prose
WRAPPED_SHARE = 0.6  # share of lines that run on, past which the text is hard-wrapped


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a blank line a sentence start; when the text is not hard-wrapped,
    after any line break too (a headline on its own line, one paragraph per line)."""
    breaks = "\n" if not is_hard_wrapped(doc.text) else PARAGRAPH_BREAK
    starts = [tok.i + 1 for tok in doc[:-1] if breaks in tok.text_with_ws]
    if starts:
        # one array write: setting ``is_sent_start`` token by token checks the whole document
        # for a parse each time, a cost that grows with the square of the number of lines
        flags: Any = doc.to_array([SENT_START])  # one column, as from_array takes it
        flags[starts] = 1
        doc.from_array([SENT_START], flags)
    return doc


def is_hard_wrapped(text: str) -> bool:
    """Whether the lines of a text are cut mid-sentence at a fixed width, as in e-mails and
    wire copy: most lines then run on without a sentence end."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < MIN_WRAPPED_LINES:
        return False
    running_on = [line for line in lines if not line.endswith(SENTENCE_ENDS)]
    return len(running_on) >= WRAPPED_SHARE * len(lines)


def load_model(name: str) -> Any:
    """The named spaCy model with paragraph-aware sentence boundaries."""
    nlp = spacy.load(name)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
