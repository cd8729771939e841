"""Shared fixtures: the default pipeline (spaCy model, knowledge base, gazetteer) loads once."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.model import Article, ArticleResult, RecordError
from communique.pipeline import Pipeline

# The publication day most engine tests use: a Monday, so "on Sunday" is 2025-07-13.
MONDAY = dt.date(2025, 7, 14)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The default pipeline, shared by every test module that asks for it."""
    return Pipeline.load()


@pytest.fixture(scope="session")
def run_texts(pipeline: Pipeline):
    """Extracts several texts in one batch: {text: ArticleResult}, all published on ``day``."""

    def run(texts: list[str], day: dt.date | None = MONDAY) -> dict[str, ArticleResult]:
        articles = [Article(id=f"t{n}", text=text, published=day) for n, text in enumerate(texts)]
        results = list(pipeline.process_many(articles))
        bad = [r for r in results if isinstance(r, RecordError)]
        assert not bad, bad
        return {text: r for text, r in zip(texts, results, strict=True)
                if isinstance(r, ArticleResult)}

    return run
