"""Corpus ingestion: read files, skip what the store already holds, extract the rest, store it.

Documents already stored are recognised before extraction (by content hash or URL), so
re-ingesting a corpus, or resuming a killed run, costs a read and a lookup per old article.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from communique.ingest import DEFAULT_LIMITS, InputLimits, content_hash, read_paths
from communique.model import Article, ArticleResult, RecordError
from communique.store.base import EventStore, IngestSummary


class Extractor(Protocol):
    """What ingest needs from a pipeline (``communique.pipeline.Pipeline`` is one)."""

    def process_many(self, records: Iterable[Article | RecordError]
                     ) -> Iterator[ArticleResult | RecordError]:
        """Each record's extracted result, or its RecordError, in input order."""
        ...


class Progress(Protocol):
    """A progress display (a tqdm bar is one)."""

    def update(self, n: int = 1) -> Any:
        """Count ``n`` more articles done."""
        ...

    def close(self) -> None:
        """Finish the display."""
        ...


class NoProgress:
    """The display when none is wanted: shows nothing."""

    def update(self, n: int = 1) -> None:
        """Show nothing."""
        return None

    def close(self) -> None:
        """Show nothing."""
        return None


@dataclass
class PendingDocuments:
    """Hashes and URLs sent to extraction but not stored yet, to catch repeats within a run."""

    keys: set[str] = field(default_factory=set)

    def claim(self, article: Article) -> bool:
        """True for the first copy of an article in flight, False for a repeat."""
        keys = document_keys(article)
        if keys & self.keys:
            return False
        self.keys |= keys
        return True

    def release(self, article: Article) -> None:
        """Forget a stored article: a later copy is then found in the store."""
        self.keys -= document_keys(article)


def document_keys(article: Article) -> set[str]:
    """The hash and URL keys that identify an article's document."""
    keys = {"hash:" + content_hash(article.text)}
    if article.url:
        keys.add("url:" + article.url)
    return keys


def ingest_paths(paths: Sequence[Path], store: EventStore, pipeline: Extractor,
                 progress: bool | None = None,
                 limits: InputLimits = DEFAULT_LIMITS) -> IngestSummary:
    """Ingest every article under ``paths``; ``progress`` None shows a bar only on a terminal.

    ``limits`` bounds what one record or file may hold while reading.
    """
    show = sys.stderr.isatty() if progress is None else progress
    bar = progress_bar(paths) if show else NoProgress()
    try:
        return ingest_records(read_paths(list(paths), limits=limits), store, pipeline, bar)
    finally:
        bar.close()


def ingest_records(records: Iterable[Article | RecordError], store: EventStore,
                   pipeline: Extractor, bar: Progress | None = None) -> IngestSummary:
    """Ingest a stream of read records; failures are stored and counted, never raised."""
    summary = IngestSummary()
    pending = PendingDocuments()
    tick = bar or NoProgress()
    fresh = new_articles(records, store, pending, summary, tick)
    for outcome in pipeline.process_many(fresh):
        if isinstance(outcome, RecordError):
            record_failure(store, outcome, summary)
        else:
            store_result(store, outcome, summary)
            pending.release(outcome.article)
        tick.update(1)
    return summary


def new_articles(records: Iterable[Article | RecordError], store: EventStore,
                 pending: PendingDocuments, summary: IngestSummary,
                 bar: Progress) -> Iterator[Article]:
    """The articles worth extracting: read errors are stored, known documents skipped."""
    for record in records:
        summary.read += 1
        if isinstance(record, RecordError):
            record_failure(store, record, summary)
        elif store.has_document(content_hash(record.text), record.url) or not pending.claim(record):
            summary.duplicates += 1
        else:
            yield record
            continue  # its tick comes once extraction has dealt with it
        bar.update(1)


def record_failure(store: EventStore, error: RecordError, summary: IngestSummary) -> None:
    """Store a failed record and count it in the summary."""
    store.add_error(error)
    summary.failed += 1
    summary.errors.append(error)


def store_result(store: EventStore, result: ArticleResult, summary: IngestSummary) -> None:
    """Store one extracted article and count what it added."""
    outcome = store.add_result(result.article, result)
    if outcome is None:  # another process stored it since we looked
        summary.duplicates += 1
        return
    summary.new += 1
    summary.events_written += outcome[0]
    summary.events_merged += outcome[1]


def progress_bar(paths: Sequence[Path]) -> Progress:
    """A tqdm bar in articles/s; the records are counted first so it can show an ETA."""
    from tqdm import tqdm

    total = sum(1 for _ in read_paths(list(paths)))
    return tqdm(total=total, unit=" articles", desc="ingest", file=sys.stderr,
                dynamic_ncols=True, smoothing=0.1)


def summary_line(summary: IngestSummary) -> str:
    """The one line printed when an ingest ends."""
    return (f"read {summary.read}, new {summary.new}, duplicates skipped {summary.duplicates}, "
            f"failed {summary.failed}; events written {summary.events_written}, "
            f"merged into existing events {summary.events_merged}")
