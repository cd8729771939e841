"""The batch job in one process, without Spark: the reference the Spark engine must equal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from communique.batch.inputs import ArticleRecord, FailedRecord, parse_record, read_local
from communique.batch.steps import (
    PipelineSettings,
    cluster_group,
    dedup_group,
    event_table_row,
    extract_partition,
    failed_row,
    keep_first_copies,
    mention_table_rows,
    number_event_ids,
)
from communique.batch.tables import write_local
from communique.dedup.cross import DedupConfig
from communique.errors import InputError

Rows = list[dict[str, Any]]


def run_local(source: str, fmt: str, out_dir: Path, settings: PipelineSettings,
              dedup: DedupConfig) -> dict[str, int]:
    """Read, extract, deduplicate and write the four tables; returns the row counts."""
    if "://" in source and not source.startswith("file:"):
        raise InputError(source, "the local engine reads local files only; use --engine spark "
                                 "for URLs Spark's Hadoop layer reads (hdfs://, s3a://...)")
    parsed = [item for item in map(parse_record, read_local(source.removeprefix("file:"), fmt))
              if item is not None]
    articles = [item for item in parsed if isinstance(item, ArticleRecord)]
    failed = [item for item in parsed if isinstance(item, FailedRecord)]
    kept = keep_first_copies(articles)
    documents, reports = extract_all(kept, settings, failed)
    mentions, events = deduplicate(reports, dedup)
    tables = {"documents": documents, "events": events, "mentions": mentions,
              "failed": [failed_row(item) for item in sorted(failed, key=lambda f: f.seq)]}
    for name, rows in tables.items():
        write_local(out_dir, name, rows)
    counts = {name: len(rows) for name, rows in tables.items()}
    return {**counts, "records": len(parsed), "articles": len(articles),
            "duplicates": len(articles) - len(kept), "reports": len(reports)}


def extract_all(kept: Iterable[ArticleRecord], settings: PipelineSettings,
                failed: list[FailedRecord]) -> tuple[Rows, Rows]:
    """Document rows and one row per article event; extraction failures go to ``failed``."""
    documents: Rows = []
    reports: Rows = []
    for kind, value in extract_partition(kept, settings):
        if kind == "failed":
            failed.append(value)
        else:
            (documents if kind == "document" else reports).append(value)
    return documents, reports


def deduplicate(reports: Rows, dedup: DedupConfig) -> tuple[Rows, Rows]:
    """Mention rows and merged event rows, clustered group by group as Spark does."""
    groups: dict[str, Rows] = defaultdict(list)
    for row in reports:
        groups[dedup_group(row, dedup)].append(row)
    clustered = [row for group in groups.values() for row in cluster_group(group, dedup)]
    firsts: dict[str, Rows] = defaultdict(list)
    for row in clustered:
        if row["cluster"] == row["key"]:
            firsts[row["content_hash"]].append(row)
    ids = dict(pair for rows in firsts.values() for pair in number_event_ids(rows))
    by_event: dict[str, Rows] = defaultdict(list)
    mentions: Rows = []
    for row in clustered:
        event_id = ids[row["cluster"]]
        by_event[event_id].append(row)
        mentions.extend(mention_table_rows(row, event_id))
    events = [event_table_row(event_id, rows) for event_id, rows in by_event.items()]
    return mentions, events
