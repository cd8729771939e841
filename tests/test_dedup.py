"""Cross-outlet dedup rules: blocking keys and the pairwise decision, on rows written here."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from communique.dedup.cross import (
    DedupConfig,
    blocking_keys,
    cluster_rows,
    partition_key,
    same_event,
)


def row(**fields: Any) -> dict[str, Any]:
    base = {"event_id": "e1", "type": "CONSULT", "mode": None, "status": "occurred",
            "source_party": "CHN", "target_party": "RUS", "date": "2025-03-09",
            "date_precision": "day", "location_name": "Beijing", "location_country": "CHN",
            "location_feature": "city", "location_geonameid": 1816670}
    base.update(fields)
    return base


def test_same_meeting_reported_in_either_direction_merges_and_explains() -> None:
    decision = same_event(row(), row(source_party="RUS", target_party="CHN"))
    assert decision is not None
    assert decision.matched["type"] == "CONSULT"
    assert "either order" in decision.matched["parties"]
    assert decision.matched["place"] == "Beijing"
    assert decision.matched["date"] == "2025-03-09"


def test_directed_events_keep_their_direction() -> None:
    accuse = row(type="ACCUSE", source_party="JPN", target_party="CHN")
    assert same_event(accuse, dict(accuse)) is not None
    assert same_event(accuse, row(type="ACCUSE", source_party="CHN", target_party="JPN")) is None


def test_date_window_decides_between_one_and_two_meetings() -> None:
    assert same_event(row(), row(date="2025-03-10")) is not None
    assert same_event(row(), row(date="2025-03-11")) is None
    wide = DedupConfig(window_days=3)
    assert same_event(row(), row(date="2025-03-11"), wide) is not None


def test_gap_is_recorded_in_the_explanation() -> None:
    decision = same_event(row(), row(date="2025-03-10"))
    assert decision is not None and decision.date_gap_days == 1
    assert "1 day" in decision.matched["date"]


def test_places_must_be_compatible() -> None:
    moscow = row(location_name="Moscow", location_country="RUS", location_geonameid=524901)
    assert same_event(row(), moscow) is None
    shanghai = row(location_name="Shanghai", location_geonameid=1796236)
    assert same_event(row(), shanghai) is None
    country = row(location_name="China", location_feature="country", location_geonameid=None)
    assert same_event(row(), country) is not None
    unknown = row(location_name=None, location_country=None, location_geonameid=None)
    decision = same_event(row(), unknown)
    assert decision is not None and decision.matched["place"] == "unknown in one report"


def test_type_status_and_mode_must_agree() -> None:
    assert same_event(row(), row(type="AGREE")) is None
    assert same_event(row(), row(status="planned")) is None
    assert same_event(row(mode="visit"), row(mode="phone")) is None
    assert same_event(row(mode="visit"), row(mode=None)) is not None


def test_coarse_dates_only_match_the_same_period() -> None:
    month = row(date="2025-03", date_precision="month")
    assert same_event(month, dict(month)) is not None
    assert same_event(month, row(date="2025-04", date_precision="month")) is None
    assert same_event(month, row()) is None


def test_undated_or_partyless_rows_are_never_blocked() -> None:
    assert blocking_keys(row(date=None)) == []
    assert blocking_keys(row(source_party=None, target_party=None)) == []


def test_keys_are_direction_free_and_type_specific() -> None:
    forward = set(blocking_keys(row()))
    backward = set(blocking_keys(row(source_party="RUS", target_party="CHN")))
    assert forward == backward
    assert not forward & set(blocking_keys(row(type="AGREE")))


def test_every_matching_pair_shares_a_block() -> None:
    # The property blocking must keep: no pair same_event accepts is ever left uncompared.
    rng = random.Random(7)
    start = dt.date(2025, 1, 1)
    for window in (0, 1, 2, 5):
        config = DedupConfig(window_days=window)
        rows = [row(date=(start + dt.timedelta(days=rng.randrange(60))).isoformat())
                for _ in range(40)]
        for a, b in itertools.combinations(rows, 2):
            if same_event(a, b, config):
                assert set(blocking_keys(a, config)) & set(blocking_keys(b, config))


def test_cluster_rows_groups_reports_and_keeps_the_first_id() -> None:
    rows = [
        row(event_id="a1"),
        row(event_id="b1", date="2025-03-24", location_name="Moscow", location_country="RUS",
            location_geonameid=524901),
        row(event_id="a2", source_party="RUS", target_party="CHN", date="2025-03-10"),
        row(event_id="b2", date="2025-03-24", location_name="Moscow", location_country="RUS",
            location_geonameid=524901),
        row(event_id="c1", type="SANCTION", source_party="EU", target_party="IRN"),
    ]
    clusters = cluster_rows(rows)
    assert clusters == {"a1": "a1", "b1": "b1", "a2": "a1", "b2": "b1", "c1": "c1"}


def test_clustering_partitions_separately_gives_the_same_clusters() -> None:
    # What a distributed job does: group by partition key, cluster each group on its own.
    rng = random.Random(11)
    parties = ["CHN", "RUS", "USA", "IRN"]
    rows = []
    for number in range(300):
        a, b = rng.sample(parties, 2)
        rows.append(row(event_id=f"r{number}", type=rng.choice(["CONSULT", "ACCUSE"]),
                        source_party=a, target_party=b, location_name=None,
                        date=(dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(30)))
                        .isoformat()))
    whole = cluster_rows(rows)
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in rows:
        groups.setdefault(partition_key(item), []).append(item)
    parts: dict[str, str] = {}
    for group in groups.values():
        parts.update(cluster_rows(group))
    assert parts == whole
    assert len(set(whole.values())) < len(rows)  # some rows did merge
