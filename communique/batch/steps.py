"""The job's steps as plain functions on Python values, shared by the Spark and local engines.

Each engine only decides where a step runs and how rows are grouped: Spark shuffles rows into
groups across executors, the local engine groups them in dicts. The step functions are the same,
so both engines write the same rows, and the dedup step applies ``communique.dedup.cross`` the
way the embedded store does (same order, same candidates, same ids and merge explanations).
"""

from __future__ import annotations

import functools
import gc
import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.batch.inputs import ArticleRecord, FailedRecord, article_from_tuple
from communique.dedup.cross import DedupConfig, blocking_keys, cluster_rows, same_event
from communique.model import Article, ArticleResult, RecordError
from communique.pipeline import Pipeline, PipelineConfig
from communique.store.loader import Extractor
from communique.store.rows import document_columns, event_columns, mention_rows, stable_event_id

SINGLE = "single:"  # group key of an event that has no blocking key: it is never merged


@dataclass(frozen=True)
class PipelineSettings:
    """A hashable PipelineConfig: what each executor process needs to build its pipeline."""

    model: str = PipelineConfig.model
    knowledge_dirs: tuple[str, ...] = ()
    batch_size: int = PipelineConfig.batch_size

    def config(self) -> PipelineConfig:
        """The PipelineConfig these settings describe."""
        return PipelineConfig(model=self.model, batch_size=self.batch_size,
                              knowledge_dirs=[Path(p) for p in self.knowledge_dirs])


@functools.lru_cache(maxsize=2)
def process_pipeline(settings: PipelineSettings) -> Pipeline:
    """The pipeline of this process, loaded on first use: one per executor, not per record.

    Spark reuses its Python worker processes between tasks, so every later partition a worker
    runs finds the pipeline already loaded.
    """
    pipeline = Pipeline.load(settings.config())
    # The pipeline lives as long as the process: freezing it (and the modules it imported)
    # leaves its millions of objects out of every later garbage collection. PySpark's daemon
    # runs a full gc.collect() after each task of a reused worker, which otherwise cost
    # 0.25 CPU s a task, more than extracting a few articles (docs/scaling.md).
    gc.collect()
    gc.freeze()
    return pipeline


# -- extraction --------------------------------------------------------------------------------

def extract_partition(records: Iterable[ArticleRecord], settings: PipelineSettings,
                      pipeline: Extractor | None = None) -> Iterator[tuple[str, Any]]:
    """("document", row), ("mention", one event of one article) and ("failed", FailedRecord).

    ``pipeline`` None extracts with this process's pipeline (a Spark executor's); the local
    engine passes a ParallelPipeline to spread the work over its worker processes.
    """
    # The pipeline reads ahead in batches; ``pending`` pairs each result with its record
    # without holding the whole partition in memory.
    pending: deque[ArticleRecord] = deque()

    def articles() -> Iterator[Article]:
        for item in records:
            pending.append(item)
            yield article_from_tuple(item.article)

    for result in (pipeline or process_pipeline(settings)).process_many(articles()):
        item = pending.popleft()
        if isinstance(result, RecordError):
            yield "failed", FailedRecord(item.seq, result)
        else:
            yield "document", document_row(item, result)
            yield from (("mention", row) for row in article_events(item, result))


def document_row(item: ArticleRecord, result: ArticleResult) -> dict[str, Any]:
    """The documents table row of an extracted article."""
    published = result.article.published
    return {**document_columns(result.article, item.digest), "num_events": len(result.events),
            "seq": item.seq, "year": published.year if published else None}


def article_events(item: ArticleRecord, result: ArticleResult) -> list[dict[str, Any]]:
    """One row per event the article reports: what dedup compares and what the tables keep."""
    art = result.article
    rows = []
    for index, event in enumerate(result.events):
        rows.append({
            **event_columns(event), "key": f"{item.digest}#{index}", "seq": item.seq,
            "event_index": index, "content_hash": item.digest, "article_id": art.id,
            "base_id": stable_event_id(item.digest, event),
            # The store counts sources as distinct outlets, else URLs, else documents.
            "source_key": art.outlet or art.url or item.digest,
            "sentences": [(primary, span.start, span.end, span.text, offsets)
                          for primary, span, offsets in mention_rows(event)],
        })
    return rows


# -- document dedup ----------------------------------------------------------------------------

def first_seen(items: Iterable[ArticleRecord]) -> ArticleRecord:
    """The copy of a document that the store would keep: the earliest in the input."""
    return min(items, key=lambda item: item.seq)


def keep_first_copies(items: Iterable[ArticleRecord]) -> list[ArticleRecord]:
    """One article per content hash, then one per URL (articles without a URL all stay).

    Two passes are what Spark can do in two shuffles; they equal the store's one-by-one
    "skip if its hash or URL is stored" except in chains where an article is a URL copy and
    a later one shares its text under a new URL (the store keeps that later one).
    """
    by_hash: dict[str, list[ArticleRecord]] = {}
    for item in items:
        by_hash.setdefault(item.digest, []).append(item)
    by_url: dict[str, list[ArticleRecord]] = {}
    for item in map(first_seen, by_hash.values()):
        by_url.setdefault(url_key(item), []).append(item)
    return sorted(map(first_seen, by_url.values()), key=lambda item: item.seq)


def url_key(item: ArticleRecord) -> str:
    """The key of the URL copy check; an article without URL only matches itself."""
    return item.url or f"hash:{item.digest}"


# -- event dedup -------------------------------------------------------------------------------

def dedup_group(row: dict[str, Any], config: DedupConfig) -> str:
    """The group an event is clustered in: its blocking keys without the date bucket.

    All blocking keys of one event share their type|dyad|precision part, and events in
    different groups share no key, so clustering each group on its own, in input order,
    gives exactly the clusters of the store's one-by-one merge.
    """
    keys = blocking_keys(row, config)
    if not keys:
        return SINGLE + row["key"]
    prefix, bucket = keys[0].rsplit("|", 1)
    return f"{prefix}|{bucket[0]}"


def order(row: dict[str, Any]) -> tuple[int, int]:
    """A report's place in the input: (record seq, event index)."""
    return row["seq"], row["event_index"]


def cluster_group(rows: Iterable[dict[str, Any]], config: DedupConfig) -> list[dict[str, Any]]:
    """The group's rows with ``cluster`` (key of the first report) and ``decision`` set."""
    ordered = sorted(rows, key=order)
    cluster_of = cluster_rows(ordered, id_key="key", config=config)
    firsts = {row["key"]: row for row in ordered}
    for row in ordered:
        row["cluster"] = cluster_of[row["key"]]
        row["event_id"] = firsts[row["cluster"]]["base_id"]
        if row["cluster"] == row["key"]:
            row["decision"] = {"new_event": True, "blocking_keys": blocking_keys(row, config)}
        else:
            decision = same_event(firsts[row["cluster"]], row, config)
            row["decision"] = decision.to_dict() if decision else {}
    return ordered


def is_first_report(row: dict[str, Any]) -> bool:
    """Whether the row opened its cluster (its event is new)."""
    return bool(row["cluster"] == row["key"])


def id_claim(row: dict[str, Any]) -> tuple[str, tuple[int, int, str]]:
    """(base id, (order, key)) of a first report: what id numbering looks at."""
    return row["base_id"], (row["seq"], row["event_index"], row["key"])


def renumbered(claims: Iterable[tuple[int, int, str]], base_id: str) -> dict[str, str]:
    """Ids for first reports sharing one base id, numbered as the store does.

    Two events of one article with the same type, parties and trigger (the base id's parts)
    get -2, -3... suffixes in input order; the first keeps the base id. Such clashes are rare,
    so the engines collect only them, and every other event keeps its base id.
    """
    ordered = sorted(claims)
    return {key: base_id if number == 1 else f"{base_id}-{number}"
            for number, (_, _, key) in enumerate(ordered, start=1)}


def group_tables(rows: list[dict[str, Any]],
                 renames: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Mention rows and event rows of one clustered dedup group (a cluster never spans two)."""
    by_event: dict[str, list[dict[str, Any]]] = {}
    mentions: list[dict[str, Any]] = []
    for row in rows:
        event_id = renames.get(row["cluster"], row["event_id"])
        by_event.setdefault(event_id, []).append(row)
        mentions.extend(mention_table_rows(row, event_id))
    events = [event_table_row(event_id, reports) for event_id, reports in by_event.items()]
    return mentions, events


def mention_table_rows(row: dict[str, Any], event_id: str) -> Iterator[dict[str, Any]]:
    """The mentions table rows of one article's event: its evidence and further sentences."""
    merge = (row["decision"] if row["decision"].get("new_event")
             else {"merged_into": event_id, **row["decision"]})
    for primary, start, end, text, offsets in row["sentences"]:
        yield {"event_id": event_id, "content_hash": row["content_hash"],
               "article_id": row["article_id"], "seq": row["seq"],
               "event_index": row["event_index"], "is_primary": bool(primary),
               "sentence_start": start, "sentence_end": end, "sentence_text": text,
               "offsets": json.dumps(offsets), "merge": json.dumps(merge, sort_keys=True),
               "record": row["record"] if primary else None, "year": event_year(row)}


def event_year(row: dict[str, Any]) -> int | None:
    """The partition year of a row: its event's first year, None when undated."""
    start = row.get("date_start")
    return int(start[:4]) if start else None


def event_table_row(event_id: str, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One merged event: the first report's fields and GDELT-style counts over all reports."""
    reports = sorted(rows, key=order)
    first = reports[0]
    fields = {name: first[name] for name in EVENT_FIELDS}
    return {
        **fields, "event_id": event_id, "topics": json.loads(first["topics"]),
        "num_mentions": sum(len(row["sentences"]) for row in reports),
        "num_articles": len({row["content_hash"] for row in reports}),
        "num_sources": len({row["source_key"] for row in reports}),
        "first_content_hash": first["content_hash"], "first_article_id": first["article_id"],
        "first_seq": first["seq"], "year": event_year(first),
    }


EVENT_FIELDS = (
    "type", "mode", "status", "source_party", "source_name", "source_country", "source_org",
    "source_sector", "target_party", "target_name", "target_country", "target_org",
    "target_sector", "date", "date_precision", "date_start", "date_end", "location_name",
    "location_country", "location_feature", "location_geonameid", "latitude", "longitude",
    "cameo", "quad_class", "score", "confidence", "record",
)


def failed_row(item: FailedRecord) -> dict[str, Any]:
    """The failed table row of a failed record."""
    return {**item.error.to_dict(), "seq": item.seq}
