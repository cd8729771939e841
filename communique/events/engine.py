"""Runs the stages on a stream of articles: validate, parse, find events, fill their fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from communique.model import Article, ArticleResult, RecordError

if TYPE_CHECKING:
    from communique.pipeline import PipelineConfig


class EventEngine:
    """Holds the loaded resources and turns parsed articles into events."""

    def __init__(self, nlp: object) -> None:
        self.nlp = nlp

    @classmethod
    def load(cls, config: PipelineConfig) -> EventEngine:
        import spacy

        return cls(spacy.load(config.model))

    def run(self, records: Iterable[Article | RecordError],
            batch_size: int) -> Iterator[ArticleResult | RecordError]:
        for record in records:
            if isinstance(record, RecordError):
                yield record
            else:
                yield ArticleResult(article=record)
