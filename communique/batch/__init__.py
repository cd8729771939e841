"""Batch extraction of large corpora, on Apache Spark or in one process.

``run_batch(input, out_dir, engine="spark" | "local")`` reads JSONL, CSV or Parquet article
records, extracts their events with one pipeline per process, deduplicates documents and
events with the store's rules, and writes partitioned Parquet tables (documents, events,
mentions, failed) that ``load_output`` puts into any store.
"""

from communique.batch.job import BatchSummary, run_batch
from communique.batch.steps import PipelineSettings

__all__ = ["BatchSummary", "PipelineSettings", "run_batch"]
