"""Fuzzing the extractor (issue 10): random texts, news-like word salads and random HTML go
through the real pipeline. No exception may escape a record: every record comes back, in
order, as an ArticleResult or a RecordError, and a well-formed article after the bad ones
still yields its event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.model import Article, ArticleResult, RecordError
from communique.pipeline import Pipeline, default_pipeline

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# Words the engine reacts to (states, people, titles, triggers, dates, quotes, negation),
# so the salads reach deep into actor resolution, event finding, status and dating.
NEWS_WORDS = st.sampled_from([
    "Iran", "Iranian", "Chile", "the United States", "NATO", "Russia's", "President", "Putin",
    "foreign minister", "he", "they", "the two sides", "23 countries", "met", "accused",
    "signed", "warned", "attacked", "expelled", "did not", "will", "if", "would", "agreement",
    "talks", "sanctions", "in", "Geneva", "on Monday", "last week", "2025-01-01", "said",
    "\u201c", "\u201d", '"', ",", ".", ";", " - ", "(Reuters)", "\n", "\n\n", "BRUSSELS", "of",
    "and", "with", "to", "against", "not", "x" * 40, "\u00e9", "\ufffd", "\u2028", "\t"])
SALAD = st.lists(NEWS_WORDS, min_size=1, max_size=120).map(" ".join)
TEXTS = SALAD | st.text(min_size=1, max_size=400)
HTML = st.lists(st.sampled_from([
    "<p>", "</p>", "<div>", "<script>alert(1)</script>", "<b>", "Iran met Chile in Geneva.",
    "&amp;", "&#0;", "<!--", "-->", "<html><body>", "<br>", "<title>Talks</title>"]),
    max_size=40).map("".join)
SENTINEL = Article("zz-last", "Iran's foreign minister met his Chilean counterpart in Geneva "
                   "on Monday.", dt.date(2025, 3, 10))


@pytest.fixture(scope="module")
def shared_pipeline() -> Pipeline:
    return default_pipeline()


def check_every_record_returns(pipeline: Pipeline, records: list[Any]) -> None:
    """Each record gives one result, in order; the sentinel's meeting is still found."""
    results = list(pipeline.process_many([*records, SENTINEL]))
    assert len(results) == len(records) + 1
    for result in results:
        assert isinstance(result, ArticleResult | RecordError)
    last = results[-1]
    assert isinstance(last, ArticleResult)
    assert [e.type for e in last.events] == ["CONSULT"]


@FUZZ
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_random_texts_never_escape_a_record(shared_pipeline: Pipeline, texts: list[str]) -> None:
    articles = [Article(f"fuzz-{n}", text, dt.date(2025, 3, 10)) for n, text in enumerate(texts)]
    check_every_record_returns(shared_pipeline, articles)


@FUZZ
@given(pages=st.lists(HTML, min_size=1, max_size=3),
       published=st.none() | st.sampled_from(["2025-03-10", "10/03/2025", "", "yesterday"]))
def test_random_html_records_never_escape_a_record(shared_pipeline: Pipeline, pages: list[str],
                                                   published: str | None) -> None:
    records = [{"id": f"page-{n}", "html": page, "published": published}
               for n, page in enumerate(pages)]
    check_every_record_returns(shared_pipeline, records)
