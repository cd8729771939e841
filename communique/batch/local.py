"""The batch job in one process, without Spark: the reference the Spark engine must equal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from communique.batch.inputs import (
    ArticleRecord,
    FailedRecord,
    InputRecord,
    id_claims,
    parse_record,
    read_local,
    repeated_ids,
)
from communique.batch.steps import (
    PipelineSettings,
    cluster_group,
    dedup_group,
    extract_partition,
    failed_row,
    group_tables,
    id_claim,
    is_first_report,
    keep_first_copies,
    process_pipeline,
    renumbered,
)
from communique.batch.tables import write_local
from communique.dedup.cross import DedupConfig
from communique.errors import InputError
from communique.parallel import ParallelPipeline
from communique.store.loader import Extractor

Rows = list[dict[str, Any]]


def run_local(source: str, fmt: str, out_dir: Path, settings: PipelineSettings,
              dedup: DedupConfig, workers: int | None = None) -> dict[str, int]:
    """Read, extract, deduplicate and write the four tables; returns the row counts.

    ``workers`` processes extract (None: one per core); 1 extracts in this process.
    """
    if "://" in source and not source.startswith("file:"):
        raise InputError(source, "the local engine reads local files only; use --engine spark "
                                 "for URLs Spark's Hadoop layer reads (hdfs://, s3a://...)")
    records = list(read_local(source.removeprefix("file:"), fmt))
    repeats = repeated_id_origins(records)
    parsed = [item for item in (parse_record(record, repeats) for record in records)
              if item is not None]
    articles = [item for item in parsed if isinstance(item, ArticleRecord)]
    failed = [item for item in parsed if isinstance(item, FailedRecord)]
    kept = keep_first_copies(articles)
    with ParallelPipeline(settings.config(), workers,
                          load_local=partial(process_pipeline, settings)) as pipeline:
        documents, reports = extract_all(kept, settings, failed, pipeline)
    mentions, events = deduplicate(reports, dedup)
    tables = {"documents": documents, "events": events, "mentions": mentions,
              "failed": [failed_row(item) for item in sorted(failed, key=lambda f: f.seq)]}
    for name, rows in tables.items():
        write_local(out_dir, name, rows)
    counts = {name: len(rows) for name, rows in tables.items()}
    return {**counts, "records": len(parsed), "articles": len(articles),
            "duplicates": len(articles) - len(kept), "reports": len(reports)}


def repeated_id_origins(records: Iterable[InputRecord]) -> dict[int, str]:
    """Seq of each record reusing an id earlier in its file -> origin of the first use."""
    claims: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for key, claim in (pair for record in records for pair in id_claims(record)):
        claims[key].append(claim)
    return dict(pair for found in claims.values() for pair in repeated_ids(found))


def extract_all(kept: Iterable[ArticleRecord], settings: PipelineSettings,
                failed: list[FailedRecord], pipeline: Extractor) -> tuple[Rows, Rows]:
    """Document rows and one row per article event; extraction failures go to ``failed``."""
    documents: Rows = []
    reports: Rows = []
    for kind, value in extract_partition(kept, settings, pipeline):
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
    clustered = [cluster_group(group, dedup) for group in groups.values()]
    claims: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in (row for group in clustered for row in group if is_first_report(row)):
        base_id, claim = id_claim(row)
        claims[base_id].append(claim)
    renames = {key: event_id for base_id, found in claims.items() if len(found) > 1
               for key, event_id in renumbered(found, base_id).items()}
    mentions: Rows = []
    events: Rows = []
    for group in clustered:
        group_mentions, group_events = group_tables(group, renames)
        mentions.extend(group_mentions)
        events.extend(group_events)
    return mentions, events
