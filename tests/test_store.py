"""The SQLite store: merging reports across outlets, idempotence, queries, exports, schema.

Events are built by hand here, so these tests pin the store's behaviour, not the engine's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import sys
import types
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from communique.dedup.cross import cluster_rows, event_row
from communique.errors import StoreError
from communique.model import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Place,
    RecordError,
    Span,
)
from communique.store import EventQuery, open_store
from communique.store.export import export, plover_record
from communique.store.schema import MIGRATIONS
from communique.store.sqlite import SQLiteStore

PLACES = {
    "Beijing": Place("Beijing", "CHN", latitude=39.9, longitude=116.4, geonameid=1816670),
    "Moscow": Place("Moscow", "RUS", latitude=55.75, longitude=37.62, geonameid=524901),
    "Brussels": Place("Brussels", "BEL", latitude=50.85, longitude=4.35, geonameid=2800866),
}
ACTORS = {
    "Wang Yi": Actor("Wang Yi", country="CHN", kind="person"),
    "Sergey Lavrov": Actor("Sergey Lavrov", country="RUS", kind="person"),
    "European Union": Actor("European Union", org="EU", kind="organisation"),
    "Iran": Actor("Iran", country="IRN"),
}


def span_of(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def sentence_of(text: str, trigger: Span) -> Span:
    start = text.rfind(". ", 0, trigger.start)
    start = 0 if start < 0 else start + 2
    end = text.index(".", trigger.end) + 1
    return Span(start, end, text[start:end])


def make_event(text: str, kind: str, source: str, target: str, trigger: str, date: str,
               place: str | None) -> Event:
    trigger_span = span_of(text, trigger)
    located = PLACES[place] if place else None
    return Event(
        type=kind, trigger=trigger_span, evidence=sentence_of(text, trigger_span),
        source=Actor(**{**ACTORS[source].__dict__, "span": span_of(text, source)}),
        target=Actor(**{**ACTORS[target].__dict__, "span": span_of(text, target)}),
        date=EventDate(date, "day"),
        location=(Place(**{**located.__dict__, "span": span_of(text, place)})
                  if located and place else None))


def report(article_id: str, outlet: str, text: str, published: str,
           events: list[tuple[str, str, str, str, str, str | None]],
           url: str | None = None) -> tuple[Article, ArticleResult]:
    article = Article(id=article_id, text=text, published=dt.date.fromisoformat(published),
                      url=url or f"https://{outlet.lower().replace(' ', '')}.example/{article_id}",
                      title=text[:40], outlet=outlet)
    return article, ArticleResult(article, [make_event(text, *spec) for spec in events])


BEIJING_MEETING = [
    report("gw-1", "Global Wire",
           "Wang Yi met Sergey Lavrov in Beijing on Sunday. They discussed trade.",
           "2025-03-10", [("CONSULT", "Wang Yi", "Sergey Lavrov", "met", "2025-03-09",
                           "Beijing")]),
    report("ht-1", "Harbour Times",
           "Talks were held today. Sergey Lavrov held talks with Wang Yi in Beijing.",
           "2025-03-09", [("CONSULT", "Sergey Lavrov", "Wang Yi", "held talks", "2025-03-09",
                           "Beijing")]),
    report("el-1", "Eastern Ledger",
           "Wang Yi and Sergey Lavrov met on March 9. Analysts were not surprised.",
           "2025-03-10", [("CONSULT", "Wang Yi", "Sergey Lavrov", "met", "2025-03-10", None)]),
]
MOSCOW_MEETING = report(
    "cp-1", "Continental Post", "Wang Yi met Sergey Lavrov in Moscow on Monday.", "2025-03-25",
    [("CONSULT", "Wang Yi", "Sergey Lavrov", "met", "2025-03-24", "Moscow")])
SANCTION = report(
    "gw-2", "Global Wire", "The European Union imposed sanctions on Iran in Brussels.",
    "2025-03-17", [("SANCTION", "European Union", "Iran", "imposed sanctions", "2025-03-17",
                    "Brussels")])


@pytest.fixture
def store() -> SQLiteStore:
    return SQLiteStore(":memory:")


def add_all(store: SQLiteStore, reports: list[tuple[Article, ArticleResult]]) -> None:
    for article, result in reports:
        store.add_result(article, result)


def test_three_outlets_on_one_meeting_give_one_event_with_three_mentions(store) -> None:
    outcomes = [store.add_result(article, result) for article, result in BEIJING_MEETING]
    assert outcomes == [(1, 0), (0, 1), (0, 1)]
    [event] = store.events(EventQuery())
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (3, 3, 3)
    full = store.event(event["event_id"])
    assert full is not None
    assert full["urls"] == sorted(article.url for article, _ in BEIJING_MEETING)
    assert {m["outlet"] for m in full["mentions"]} == {"Global Wire", "Harbour Times",
                                                       "Eastern Ledger"}


def test_merge_explains_which_fields_matched(store) -> None:
    add_all(store, BEIJING_MEETING)
    [event] = store.events(EventQuery())
    merges = [m["merge"] for m in store.mentions(event["event_id"])]
    assert merges[0]["new_event"] is True
    assert merges[1]["merged_into"] == event["event_id"]
    assert merges[1]["matched"]["place"] == "Beijing"
    assert "either order" in merges[1]["matched"]["parties"]
    assert merges[2]["date_gap_days"] == 1
    assert merges[2]["matched"]["place"] == "unknown in one report"


def test_two_meetings_on_different_days_stay_two_events(store) -> None:
    add_all(store, [*BEIJING_MEETING, MOSCOW_MEETING])
    events = store.events(EventQuery(dyad=("RUS", "CHN")))
    assert [(e["date"], e["num_mentions"]) for e in events] == [("2025-03-09", 3),
                                                                 ("2025-03-24", 1)]


def test_event_id_is_the_first_reports_and_is_reproducible(store) -> None:
    article, result = BEIJING_MEETING[0]
    store.add_result(article, result)
    [first] = store.events(EventQuery())
    add_all(store, BEIJING_MEETING[1:])
    assert [e["event_id"] for e in store.events(EventQuery())] == [first["event_id"]]
    again = SQLiteStore(":memory:")
    add_all(again, BEIJING_MEETING)
    assert [e["event_id"] for e in again.events(EventQuery())] == [first["event_id"]]


def test_store_merges_exactly_like_the_batch_clustering(store) -> None:
    reports = [*BEIJING_MEETING, MOSCOW_MEETING, SANCTION]
    add_all(store, reports)
    rows = [{**event_row(event), "event_id": f"{article.id}:{n}"}
            for article, result in reports for n, event in enumerate(result.events)]
    clusters = list(cluster_rows(rows).values())
    sizes = sorted(clusters.count(head) for head in set(clusters))
    assert sorted(e["num_articles"] for e in store.events(EventQuery())) == sizes == [1, 1, 3]


def test_same_text_or_same_url_is_stored_once(store) -> None:
    article, result = MOSCOW_MEETING
    assert store.add_result(article, result) == (1, 0)
    assert store.add_result(article, result) is None
    copy = Article(id="other-id", text=article.text, url="https://elsewhere.example/x")
    assert store.add_result(copy, ArticleResult(copy, result.events)) is None
    updated = Article(id="cp-1b", text=article.text + " Updated.", url=article.url)
    assert store.add_result(updated, ArticleResult(updated, result.events)) is None
    assert store.stats()["documents"] == 1
    assert store.events(EventQuery())[0]["num_mentions"] == 1


def test_failed_write_leaves_nothing_behind(store, monkeypatch) -> None:
    def broken(event_id: str) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "refresh_counts", broken)
    article, result = SANCTION
    with pytest.raises(StoreError, match="could not store gw-2: disk I/O error"):
        store.add_result(article, result)
    counts = store.stats()
    assert (counts["documents"], counts["events"], counts["mentions"]) == (0, 0, 0)
    assert store.actors() == []


def test_mentions_keep_offsets_into_the_article(store) -> None:
    article, result = SANCTION
    store.add_result(article, result)
    [event] = store.events(EventQuery())
    [mention] = store.mentions(event["event_id"])
    offsets = mention["offsets"]
    text = article.text
    assert text[offsets["trigger"]["start"]:offsets["trigger"]["end"]] == "imposed sanctions"
    assert text[offsets["target"]["start"]:offsets["target"]["end"]] == "Iran"
    assert text[offsets["place"]["start"]:offsets["place"]["end"]] == "Brussels"
    assert mention["sentence_text"] == text[mention["sentence_start"]:mention["sentence_end"]]


def test_queries_filter_by_actor_dyad_type_dates_text_and_sort(store) -> None:
    add_all(store, [*BEIJING_MEETING, MOSCOW_MEETING, SANCTION])

    def dates(**filters: Any) -> list[str]:
        return [e["date"] for e in store.events(EventQuery(**filters))]

    assert dates() == ["2025-03-09", "2025-03-17", "2025-03-24"]
    assert dates(actor="IRN") == ["2025-03-17"]
    assert dates(actor="lavrov") == ["2025-03-09", "2025-03-24"]
    assert dates(dyad=("EU", "IRN")) == ["2025-03-17"]
    assert dates(type="consult") == ["2025-03-09", "2025-03-24"]
    assert dates(since=dt.date(2025, 3, 10), until=dt.date(2025, 3, 20)) == ["2025-03-17"]
    assert dates(text="Moscow") == ["2025-03-24"]
    assert dates(status="planned") == []
    assert dates(sort="-num_sources", limit=1) == ["2025-03-09"]
    assert dates(sort="-date", offset=1) == ["2025-03-17", "2025-03-09"]
    assert store.count_events(EventQuery(type="CONSULT")) == 2
    with pytest.raises(StoreError, match="sort"):
        store.events(EventQuery(sort="sideways"))


def test_actors_timeline_network_and_stats(store) -> None:
    add_all(store, [*BEIJING_MEETING, MOSCOW_MEETING, SANCTION])
    actors = {a["party"]: a for a in store.actors()}
    assert actors["CHN"]["events"] == 2 and actors["EU"]["events_as_source"] == 1
    assert store.actors(search="Iran")[0]["party"] == "IRN"
    assert store.timeline("RUS", "CHN", "day") == [
        {"period": "2025-03-09", "events": 1, "mean_score": 1.0},
        {"period": "2025-03-24", "events": 1, "mean_score": 1.0}]
    network = store.network(None, None, min_events=2)
    assert [(e["source"], e["target"], e["weight"]) for e in network["edges"]] == [
        ("CHN", "RUS", 2)]
    assert network["nodes"] == [{"id": "CHN", "events": 2}, {"id": "RUS", "events": 2}]
    stats = store.stats()
    assert (stats["documents"], stats["events"], stats["mentions"]) == (5, 3, 5)
    assert stats["by_type"] == [{"type": "CONSULT", "events": 2},
                                {"type": "SANCTION", "events": 1}]
    assert stats["by_month"] == [{"month": "2025-03", "events": 3}]


def test_errors_are_stored_once_each(store) -> None:
    error = RecordError("wires.jsonl:9", "the record has no text", "ingest")
    store.add_error(error)
    store.add_error(error)
    store.add_error(RecordError("wires.jsonl:9", "the record has no text", "extract"))
    assert [(e["record"], e["stage"]) for e in store.errors()] == [
        ("wires.jsonl:9", "ingest"), ("wires.jsonl:9", "extract")]


def export_text(store: SQLiteStore, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def test_exports_carry_every_event_with_its_sources(store, tmp_path: Path) -> None:
    add_all(store, [*BEIJING_MEETING, SANCTION])
    lines = [json.loads(line) for line in export_text(store, "jsonl").splitlines()]
    assert [(e["type"], len(e["mentions"])) for e in lines] == [("CONSULT", 3), ("SANCTION", 1)]
    assert lines[0]["record"]["trigger"]["text"] == "met"
    rows = list(csv.DictReader(io.StringIO(export_text(store, "csv"))))
    assert [r["source_party"] for r in rows] == ["CHN", "EU"]
    assert len(rows[0]["urls"].split(";")) == 3
    assert export(store, "parquet", tmp_path / "events.parquet") == 2
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column("num_mentions").to_pylist() == [3, 1]
    assert table.column("urls").to_pylist()[1] == [SANCTION[0].url]


def test_plover_records_have_actor_recipient_and_cite_info(store) -> None:
    add_all(store, [*BEIJING_MEETING, SANCTION])
    records = [json.loads(line) for line in export_text(store, "plover").splitlines()]
    sanction = records[1]
    assert sanction["event_type"] == "SANCTION"
    assert [a["code"] for a in sanction["actor"]] == ["EU"]
    assert [a["name"] for a in sanction["recipient"]] == ["Iran"]
    assert sanction["date"] == "2025-03-17"
    assert sanction["cite_info"]["urls"] == [SANCTION[0].url]
    assert sanction["cite_info"]["sentences"][0]["text"] == SANCTION[0].text
    assert len(records[0]["cite_info"]["sentences"]) == 3


def test_plover_record_without_recipient_has_an_empty_list() -> None:
    event = {"event_id": "x", "type": "PROTEST", "mode": None, "date": None,
             "date_precision": None, "status": "occurred", "source_party": "BEL",
             "source_name": "farmers", "source_country": "BEL", "source_org": None,
             "source_sector": "agriculture", "target_party": None, "location_name": None,
             "topics": [], "cameo": "140", "quad_class": 3, "score": -6.5, "num_sources": 1,
             "num_mentions": 1, "num_articles": 1, "urls": [], "mentions": []}
    record = plover_record(event)
    assert record["recipient"] == [] and record["actor"][0]["sector"] == "agriculture"


def test_reopening_a_file_keeps_data_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    first = SQLiteStore(path)
    add_all(first, BEIJING_MEETING)
    first.close()
    reopened = open_store(f"sqlite:///{path}")
    assert reopened.stats()["events"] == 1
    versions = sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchall()
    assert versions == [(m.version,) for m in MIGRATIONS]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'from the future', 'now')")
    with pytest.raises(StoreError, match="upgrade communique"):
        SQLiteStore(path)


def test_postgres_urls_go_to_the_postgres_back_end(monkeypatch) -> None:
    module = types.ModuleType("communique.store.postgres")

    class FakePostgresStore:
        def __init__(self, url: str, **options: Any) -> None:
            self.url = url
            self.options = options

    module.PostgresStore = FakePostgresStore  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "communique.store.postgres", module)
    opened = open_store("postgresql://user@localhost/events")
    assert isinstance(opened, FakePostgresStore) and opened.url.endswith("/events")
