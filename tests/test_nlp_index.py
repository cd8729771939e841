"""The per-document index answers as spaCy does, without a pass over the document per call."""

from __future__ import annotations

import pytest

from communique.nlp.index import doc_index, entities_in, entity_of, sentence_of
from communique.nlp.quotes import inside_quote
from communique.pipeline import Pipeline

TEXT = ("Talks in Geneva\n\n"
        "Foreign Minister Sergey Lavrov met Wang Yi in Moscow on Monday. \u201cWe will not "
        "accept interference,\u201d Lavrov said. Germany and Poland signed a deal.\n"
        'A spokesman said: "France will send troops." Chile agreed.')


@pytest.fixture(scope="module")
def doc(pipeline: Pipeline):
    return pipeline.engine.nlp(TEXT)


def test_entities_and_sentences_match_spacy(doc) -> None:
    for sent in doc.sents:
        assert [e.text for e in entities_in(sent)] == [e.text for e in sent.ents]
    for tok in doc:
        assert sentence_of(tok) == tok.sent
        found = entity_of(tok)
        expected = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        assert (found.text if found else None) == (expected.text if expected else None)


def test_curly_quotation_marks_open_and_close(doc) -> None:
    quoted = {tok.text for tok in doc if inside_quote(tok)}
    assert {"We", "interference"} <= quoted
    assert not {"Lavrov", "Germany", "Chile", "spokesman", "France"} & quoted


def test_straight_quotation_marks_count_when_no_curly_ones_came_before(
        pipeline: Pipeline) -> None:
    doc = pipeline.engine.nlp('A spokesman said: "France will send troops." Chile agreed.')
    quoted = {tok.text for tok in doc if inside_quote(tok)}
    assert {"France", "troops"} <= quoted
    assert not {"spokesman", "Chile"} & quoted


def test_index_is_built_once_per_document(doc) -> None:
    assert doc_index(doc) is doc_index(doc)
    assert doc_index(doc).text == TEXT


def test_every_line_starts_a_sentence_in_a_long_list(pipeline: Pipeline) -> None:
    lines = [f"Item {n} from Kenya." for n in range(300)]
    doc = pipeline.engine.nlp("\n".join(lines))
    assert [s.text.strip() for s in doc.sents] == lines
