"""Deduplication: cross-outlet event matching (``cross``) shared by every store and batch job."""

from communique.dedup.cross import (
    DedupConfig,
    MergeDecision,
    blocking_keys,
    cluster_rows,
    event_row,
    partition_key,
    same_event,
)

__all__ = ["DedupConfig", "MergeDecision", "blocking_keys", "cluster_rows", "event_row",
           "partition_key", "same_event"]
