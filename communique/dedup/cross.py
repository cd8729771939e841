"""Cross-outlet deduplication: when do two extracted events report the same real-world event?

The rules are pure functions on plain dict rows (the columns of the store's ``events`` table),
so the embedded store, the PostgreSQL store and a distributed Spark job all share them:

* ``blocking_keys(row)``: the keys a row is filed under. Two rows that may be the same event
  always share at least one key, so only rows within a block are ever compared (no all-pairs).
  A key is (type, unordered party pair, date bucket).
* ``same_event(a, b)``: a ``MergeDecision`` naming every field that matched, or None.
* ``cluster_rows(rows)``: the reference batch clustering (first row of a cluster gives its id),
  which gives the same clusters as ingesting the rows one by one into a store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from communique.model import SYMMETRIC_TYPES, Event

Row = Mapping[str, Any]
NO_PARTY = "-"
COARSE_FEATURES = frozenset({"country", "region", "admin"})


@dataclass(frozen=True)
class DedupConfig:
    """How far apart two reports' dates may be and still describe one event."""

    window_days: int = 1


@dataclass
class MergeDecision:
    """Why two rows are one event: each compared field with what matched."""

    matched: dict[str, str] = field(default_factory=dict)
    date_gap_days: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready data, as stored with each mention."""
        return {"matched": dict(self.matched), "date_gap_days": self.date_gap_days}


def event_row(event: Event) -> dict[str, Any]:
    """The dedup-relevant columns of an engine event, named as in the ``events`` table."""
    place = event.location
    date = event.date
    return {
        "type": event.type, "mode": event.mode, "status": event.status,
        "source_party": event.source.party if event.source else None,
        "target_party": event.target.party if event.target else None,
        "date": date.value if date else None,
        "date_precision": date.precision if date else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_feature": place.feature if place else None,
        "location_geonameid": place.geonameid if place else None,
    }


def dyad_key(row: Row) -> str:
    """The row's two parties in sorted order, ``-`` for a missing one: ``CHN|USA``."""
    parties = sorted((row.get("source_party") or NO_PARTY, row.get("target_party") or NO_PARTY))
    return f"{parties[0]}|{parties[1]}"


def partition_key(row: Row) -> str:
    """The prefix all of a row's blocking keys share: (type, unordered party pair).

    Rows of different partitions can never merge, so a distributed job can group rows by this
    key and run ``cluster_rows`` on each group (sorted by first-seen order) independently:
    ``rdd.groupBy(partition_key).flatMap(lambda kv: cluster_rows(sorted(kv[1], key=order)))``.
    """
    return f"{row['type']}|{dyad_key(row)}"


def blocking_keys(row: Row, config: DedupConfig = DedupConfig()) -> list[str]:
    """The blocks a row belongs to; undated or party-less rows are never merged (no keys)."""
    if not row.get("date") or not (row.get("source_party") or row.get("target_party")):
        return []
    prefix = partition_key(row)
    precision = row.get("date_precision") or "day"
    if precision != "day":
        return [f"{prefix}|{precision[0]}{row['date']}"]
    return [f"{prefix}|d{bucket}" for bucket in day_buckets(str(row["date"]), config.window_days)]


def day_buckets(value: str, window_days: int) -> list[int]:
    """Buckets of ``window+1`` days touched by [date, date+window].

    For dates d1 <= d2 at most ``window`` apart, d2's own bucket is among d1's buckets, so the
    two rows always share a key; each row has at most two keys.
    """
    size = window_days + 1
    day = dt.date.fromisoformat(value[:10]).toordinal()
    return sorted({day // size, (day + window_days) // size})


def same_event(a: Row, b: Row, config: DedupConfig = DedupConfig()) -> MergeDecision | None:
    """A decision naming each matching field when a and b report one event, else None."""
    decision = MergeDecision()
    checks = (match_type, match_parties, match_status, match_mode, match_date, match_place)
    for check in checks:
        if not check(a, b, decision, config):
            return None
    return decision


def match_type(a: Row, b: Row, decision: MergeDecision, config: DedupConfig) -> bool:
    """Same PLOVER type."""
    if a["type"] != b["type"]:
        return False
    decision.matched["type"] = a["type"]
    return True


def match_parties(a: Row, b: Row, decision: MergeDecision, config: DedupConfig) -> bool:
    """Same source and target, or the reverse pair for a symmetric type."""
    if not (a.get("source_party") or a.get("target_party")):
        return False
    pair_a = (a.get("source_party"), a.get("target_party"))
    pair_b = (b.get("source_party"), b.get("target_party"))
    if pair_a == pair_b:
        decision.matched["parties"] = f"{pair_a[0] or NO_PARTY}->{pair_a[1] or NO_PARTY}"
        return True
    # A meeting or agreement has no direction: "A met B" and "B met A" are one event.
    if a["type"] in SYMMETRIC_TYPES and pair_a == pair_b[::-1]:
        decision.matched["parties"] = f"{dyad_key(a).replace('|', '<->')} (either order)"
        return True
    return False


def match_status(a: Row, b: Row, decision: MergeDecision, config: DedupConfig) -> bool:
    """Same status (occurred, planned...)."""
    if a.get("status") != b.get("status"):
        return False
    decision.matched["status"] = str(a.get("status"))
    return True


def match_mode(a: Row, b: Row, decision: MergeDecision, config: DedupConfig) -> bool:
    """Same mode, or a mode in only one of them."""
    mode_a, mode_b = a.get("mode"), b.get("mode")
    if mode_a and mode_b and mode_a != mode_b:
        return False
    decision.matched["mode"] = mode_a or mode_b or "unspecified"
    return True


def match_date(a: Row, b: Row, decision: MergeDecision, config: DedupConfig) -> bool:
    """Same precision, and days at most ``window_days`` apart (else equal values)."""
    value_a, value_b = a.get("date"), b.get("date")
    precision = a.get("date_precision") or "day"
    if not value_a or not value_b or precision != (b.get("date_precision") or "day"):
        return False
    if precision != "day":
        decision.matched["date"] = f"{value_a} ({precision})"
        return bool(value_a == value_b)
    gap = abs(dt.date.fromisoformat(value_a[:10]) - dt.date.fromisoformat(value_b[:10])).days
    if gap > config.window_days:
        return False
    decision.date_gap_days = gap
    window = config.window_days
    decision.matched["date"] = (value_a if gap == 0 else
                                f"{value_a} ~ {value_b} ({gap} day(s), window {window})")
    return True


def match_place(a: Row, b: Row, decision: MergeDecision, config: DedupConfig) -> bool:
    """No place in one report, the same place, or a coarse place (country, region, admin)
    and another in it; never two different countries."""
    if not a.get("location_name") or not b.get("location_name"):
        decision.matched["place"] = "unknown in one report"
        return True
    country_a, country_b = a.get("location_country"), b.get("location_country")
    if country_a and country_b and country_a != country_b:
        return False
    if same_place(a, b):
        decision.matched["place"] = str(a["location_name"])
        return True
    if COARSE_FEATURES & {a.get("location_feature"), b.get("location_feature")}:
        decision.matched["place"] = (f"{a['location_name']} / {b['location_name']} "
                                     "(one within the other)")
        return True
    return False


def same_place(a: Row, b: Row) -> bool:
    """Same GeoNames id when both have one, else the same name."""
    id_a, id_b = a.get("location_geonameid"), b.get("location_geonameid")
    if id_a and id_b:
        return bool(id_a == id_b)
    return str(a["location_name"]).casefold() == str(b["location_name"]).casefold()


def best_match(row: Row, candidates: Iterable[Row],
               config: DedupConfig = DedupConfig()) -> tuple[Row, MergeDecision] | None:
    """The candidate closest in date that is the same event; ties go to the earliest candidate."""
    best: tuple[Row, MergeDecision] | None = None
    for candidate in candidates:
        decision = same_event(candidate, row, config)
        if decision and (best is None or decision.date_gap_days < best[1].date_gap_days):
            best = (candidate, decision)
    return best


def cluster_rows(rows: Iterable[Row], id_key: str = "event_id",
                 config: DedupConfig = DedupConfig()) -> dict[str, str]:
    """Map each row's id to the id of its cluster's first row, comparing only within blocks.

    Rows are taken in the order given (the order they were first seen), exactly like the store's
    incremental merge, so a batch job and an ingest of the same rows agree.
    """
    blocks: dict[str, list[tuple[int, Row]]] = defaultdict(list)
    cluster_of: dict[str, str] = {}
    for position, row in enumerate(rows):
        keys = blocking_keys(row, config)
        # Candidates in the order they were first seen, as the store reads them back.
        candidates = sorted({p: c for key in keys for p, c in blocks[key]}.items())
        match = best_match(row, (c for _, c in candidates), config)
        row_id = str(row[id_key])
        cluster_of[row_id] = str(match[0][id_key]) if match else row_id
        if not match:
            for key in keys:
                blocks[key].append((position, row))
    return cluster_of
