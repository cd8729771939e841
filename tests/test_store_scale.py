"""The store's reading paths at scale and its holes (issues 9, 10, 11 and 13).

Each listing path is checked against a plain Python computation over the same store: pages read
by walking the sort index equal pages read through the filter indexes; keyset pages put
together equal one listing; the network read from the dyad summary equals counting events one
by one, for every window; the map equals grouping the listed events. The events are generated
here (seeded), with dates of every precision, undated events and ties in every sort.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from test_store import BEIJING_MEETING, SANCTION, add_all, store  # noqa: F401

from communique.cli.main import main
from communique.errors import StoreError
from communique.model import Actor, Article, ArticleResult, Event, EventDate, Place, Span
from communique.store import EventQuery, events_table, open_store, schema
from communique.store.export import FLAT_COLUMNS, LISTING_COLUMNS, csv_lines, export
from communique.store.queries import fts_query, tsquery
from communique.store.sqlite import SQLiteStore, connect

PARTIES = [("China", "CHN"), ("Russia", "RUS"), ("Iran", "IRN"), ("France", "FRA"),
           ("Brazil", "BRA"), ("Kenya", "KEN")]
TYPES = ["CONSULT", "ACCUSE", "AID", "SANCTION", "THREATEN"]
CITIES = [("Geneva", 46.2022, 6.1457, "CH"), ("Nairobi", -1.2864, 36.8172, "KE"),
          ("Lyon", 45.7578, 4.832, "FR")]
WORDS = ["tariffs", "grain", "pipelines", "sanctions", "drones"]


def random_event(rng: random.Random, number: int) -> tuple[Article, ArticleResult]:
    """One article with one event; dates of every precision, some undated, some unplaced."""
    (a_name, a_code), (b_name, b_code) = rng.sample(PARTIES, 2)
    kind, word = rng.choice(TYPES), rng.choice(WORDS)
    text = f"Report {number}: {a_name} {kind.lower()} {b_name} over {word}."
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
    precision = rng.choice(["day", "day", "day", "month", "year", None])
    date = None if precision is None else EventDate(
        {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision],
        precision)
    city = rng.choice([*CITIES, None])
    place = Place(city[0], city[3], latitude=city[1], longitude=city[2]) if city else None

    def at(words: str) -> Span:
        start = text.index(words)
        return Span(start, start + len(words), words)

    event = Event(type=kind, source=Actor(a_name, country=a_code, span=at(a_name)),
                  target=Actor(b_name, country=b_code, span=at(b_name)),
                  evidence=Span(0, len(text), text), trigger=at(kind.lower()), date=date,
                  location=place)
    article = Article(id=f"r{number}", text=text, url=f"https://wire.example/{number}",
                      outlet=f"Outlet {number % 3}")
    return article, ArticleResult(article, [event])


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 400 generated events (a file, so that the CLI can read it too)."""
    path = tmp_path_factory.mktemp("scale") / "scale.db"
    rng = random.Random(13)
    filled = SQLiteStore(path)
    for number in range(400):
        filled.add_result(*random_event(rng, number))
    filled.close()
    return path


@pytest.fixture
def scale(big: Path) -> Any:
    opened = SQLiteStore(big)
    yield opened
    opened.close()


QUERIES = [EventQuery(), EventQuery(type="ACCUSE"), EventQuery(actor="CHN"),
           EventQuery(actor="chn", type="AID"), EventQuery(dyad=("RUS", "IRN")),
           EventQuery(since=dt.date(2024, 6, 1), until=dt.date(2024, 12, 31)),
           EventQuery(text="grain"), EventQuery(actor="Fran", status="occurred")]
SORTS = ["date", "-date", "num_sources", "-num_sources", "score", "-score"]


# -- issue 13: the same rows whichever way a page is read ---------------------------------------

def page(opened: SQLiteStore, query: EventQuery, dense: bool) -> list[str]:
    sql, params = opened.select_page(query, dense, [], query.limit or 0, query.offset)
    return [row["event_id"] for row in opened.conn.execute(sql, params)]


@pytest.mark.parametrize("sort", SORTS)
def test_index_walk_and_filter_indexes_give_the_same_pages(scale: SQLiteStore, sort: str) -> None:
    for base in QUERIES:
        for offset in (0, 7):
            query = EventQuery(**{**base.__dict__, "sort": sort, "limit": 9, "offset": offset})
            assert page(scale, query, True) == page(scale, query, False), (base, sort, offset)


@pytest.mark.parametrize("sort", SORTS)
def test_keyset_pages_add_up_to_the_listing(scale: SQLiteStore, sort: str) -> None:
    for base in QUERIES:
        query = EventQuery(**{**base.__dict__, "sort": sort})
        pages, cursor = [], None
        while True:
            rows, cursor = scale.events_after(query, cursor, 7)
            pages.extend(row["event_id"] for row in rows)
            if cursor is None:
                break
        assert pages == [row["event_id"] for row in scale.events(query)], (base, sort)


def test_counts_agree_with_listings(scale: SQLiteStore) -> None:
    for query in QUERIES:  # a search alone is counted from the search index
        assert scale.count_events(query) == len(scale.events(query)), query
        assert scale.count_events(query, cap=5) == min(5, len(scale.events(query))), query


def test_undated_events_sort_first_ascending_and_last_descending(scale: SQLiteStore) -> None:
    dates = [row["date_start"] for row in scale.events(EventQuery(sort="date"))]
    assert dates[0] is None and dates[-1] is not None
    newest = [row["date_start"] for row in scale.events(EventQuery(sort="-date"))]
    assert newest[0] is not None and newest[-1] is None


def test_total_is_counted_up_to_the_cap(scale: SQLiteStore) -> None:
    everything = scale.count_events(EventQuery())
    assert everything == len(scale.events(EventQuery())) > 300  # some reports were merged
    capped = scale.listing(EventQuery(limit=5), cap=100)
    assert (capped["total"], capped["total_exact"], len(capped["events"])) == (100, False, 5)
    few = scale.listing(EventQuery(dyad=("RUS", "IRN"), limit=5), cap=100)
    assert few["total_exact"] is True
    assert few["total"] == scale.count_events(EventQuery(dyad=("RUS", "IRN")))


def test_total_and_page_come_from_one_read_transaction(scale: SQLiteStore) -> None:
    statements: list[str] = []
    scale.conn.set_trace_callback(statements.append)
    scale.listing(EventQuery(type="AID", limit=3))
    scale.conn.set_trace_callback(None)
    reads = [s.split()[0] for s in statements if not s.startswith("SELECT 1 FROM actors")]
    assert reads[0] == "BEGIN" and reads[-1] == "COMMIT"
    assert any("COUNT(*)" in s for s in statements)
    assert sum(s.startswith("SELECT page.seq") for s in statements) == 1


def test_downloads_page_by_keyset_not_offset(scale: SQLiteStore) -> None:
    from communique.api.export import iter_pages

    statements: list[str] = []
    scale.conn.set_trace_callback(statements.append)
    rows = list(iter_pages(lambda: scale, EventQuery(sort="-score"), 50, 10_000))
    scale.conn.set_trace_callback(None)
    stored = scale.count_events(EventQuery())
    assert len(rows) == stored and len({r["event_id"] for r in rows}) == stored
    offsets = [int(n) for s in statements for n in re.findall(r"OFFSET (\d+)", s)]
    assert len(offsets) >= stored // 50 and set(offsets) == {0}  # every page starts at its key


# -- issue 13: the network from the dyad summary, in SQL -----------------------------------------

def brute_network(rows: list[dict[str, Any]], since: dt.date | None, until: dt.date | None,
                  min_events: int) -> tuple[dict[tuple[str, str], tuple[int, float]], Counter]:
    pairs: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        a, b = row["source_party"], row["target_party"]
        if not a or not b or a == b:
            continue
        if since and (row["date_end"] is None or row["date_end"] < since.isoformat()):
            continue
        if until and (row["date_start"] is None or row["date_start"] > until.isoformat()):
            continue
        pairs.setdefault((min(a, b), max(a, b)), []).append(row["score"])
    edges = {pair: (len(scores), sum(scores) / len(scores)) for pair, scores in pairs.items()
             if len(scores) >= min_events}
    totals: Counter[str] = Counter()
    for (a, b), (weight, _) in edges.items():
        totals[a] += weight
        totals[b] += weight
    return edges, totals


WINDOWS = [(None, None), (dt.date(2024, 3, 15), None), (None, dt.date(2025, 2, 10)),
           (dt.date(2024, 5, 31), dt.date(2024, 6, 1)), (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
           (dt.date(2024, 7, 9), dt.date(2025, 1, 20)), (dt.date(2030, 1, 1), None),
           (dt.date(2024, 12, 31), dt.date(2025, 1, 1)), (None, dt.date(2024, 12, 31)),
           (dt.date(2025, 1, 1), None), (dt.date(2023, 6, 1), dt.date(2026, 3, 3)),
           # whole months at both ends: read from the month summary, not event by event
           (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
           (dt.date(2024, 3, 1), dt.date(2024, 4, 30)),
           (dt.date(2024, 11, 1), dt.date(2025, 2, 28)),
           (dt.date(1, 1, 1), dt.date(9999, 12, 31))]


@pytest.mark.parametrize(("since", "until"), WINDOWS)
def test_network_from_the_summary_equals_counting_events(scale: SQLiteStore, since: Any,
                                                         until: Any) -> None:
    rows = scale.events(EventQuery())
    for min_events in (1, 4):
        edges, totals = brute_network(rows, since, until, min_events)
        graph = scale.network(since, until, min_events)
        assert {(e["source"], e["target"]): e["weight"] for e in graph["edges"]} == {
            pair: weight for pair, (weight, _) in edges.items()}
        for edge in graph["edges"]:
            assert edge["score"] == pytest.approx(edges[(edge["source"], edge["target"])][1])
        assert {n["id"]: n["events"] for n in graph["nodes"]} == dict(totals)
        assert (graph["nodes_total"], graph["edges_total"]) == (len(totals), len(edges))


def test_the_summary_keeps_one_row_per_pair_over_all_dates(scale: SQLiteStore) -> None:
    def per_pair(grain: str) -> dict[tuple[str, str], tuple[int, int]]:
        rows = scale.conn.execute(
            "SELECT party_a, party_b, SUM(events) AS events, SUM(scored) AS scored "
            "FROM dyad_periods WHERE grain = ? GROUP BY party_a, party_b", (grain,))
        return {(r["party_a"], r["party_b"]): (int(r["events"]), int(r["scored"])) for r in rows}

    whole = per_pair("all")
    assert whole == per_pair("year") and len(whole) > 5
    assert scale.conn.execute("SELECT COUNT(*) FROM dyad_periods WHERE grain = 'all'"
                              ).fetchone()[0] == len(whole)


def test_network_keeps_the_busiest_parties_and_heaviest_pairs_in_sql(scale: SQLiteStore) -> None:
    edges, totals = brute_network(scale.events(EventQuery()), None, None, 1)
    graph = scale.network(None, None, 1, max_nodes=3, max_edges=2)
    busiest = sorted(totals, key=lambda party: (-totals[party], party))[:3]
    assert [n["id"] for n in graph["nodes"]] == busiest
    among = sorted(((pair, weight) for pair, (weight, _) in edges.items()
                    if set(pair) <= set(busiest)), key=lambda item: (-item[1], item[0]))[:2]
    assert [((e["source"], e["target"]), e["weight"]) for e in graph["edges"]] == among
    assert graph["nodes_total"] == len(totals)


def test_network_refuses_numbers_sqlite_cannot_hold(scale: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="min_events 9223372036854775808 is out of range"):
        scale.network(None, None, 2**63)


# -- issue 13: map points counted in the database -----------------------------------------------

def test_places_group_the_first_events_of_the_order(scale: SQLiteStore) -> None:
    query = EventQuery(type="ACCUSE", sort="-date")
    result = scale.places(query, max_events=30)
    listed = scale.events(EventQuery(**{**query.__dict__, "limit": 30}))
    expected: Counter[tuple[float, float]] = Counter(
        (round(r["latitude"], 3), round(r["longitude"], 3)) for r in listed
        if r["latitude"] is not None)
    assert {(p["latitude"], p["longitude"]): p["events"] for p in result["points"]} == expected
    assert result["events_scanned"] == 30
    assert result["truncated"] is (scale.count_events(query) > 30)
    point = result["points"][0]
    assert sum(point["types"].values()) == point["events"] and set(point["types"]) == {"ACCUSE"}


def located(opened: SQLiteStore) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The map's copy of the places and the same columns read from the events."""
    columns = schema.PLACE_COLUMNS
    copy = opened.conn.execute(f"SELECT event_rowid, {columns} FROM event_places ORDER BY 1")
    events = opened.conn.execute(f"SELECT rowid AS event_rowid, {columns} FROM events "
                                 f"WHERE {schema.LOCATED} ORDER BY 1")
    return [values(row) for row in copy], [values(row) for row in events]


def values(row: Any) -> tuple[Any, ...]:
    """A row's values in column order (a PostgreSQL store's rows are dicts)."""
    return tuple(dict(row).values())


def test_the_maps_copy_of_the_places_follows_the_events(tmp_path: Path) -> None:
    opened = SQLiteStore(tmp_path / "places.db")
    check_places_follow_events(opened)
    opened.close()


def check_places_follow_events(opened: SQLiteStore) -> None:
    """Inserts, moves, unlocates and deletes events and checks the map's copy after each
    (run on PostgreSQL too, whose copy a trigger of its own keeps)."""
    rng = random.Random(5)
    for number in range(60):
        opened.add_result(*random_event(rng, number))
    copy, events = located(opened)
    assert copy == events and len(events) > 10
    moved, unlocated, removed = (row[0] for row in events[:3])
    opened.conn.execute("UPDATE events SET location_name = 'Elsewhere', score = 1.5, "
                        "type = 'AID' WHERE rowid = ?", (moved,))
    opened.conn.execute("UPDATE events SET latitude = NULL WHERE rowid = ?", (unlocated,))
    opened.conn.execute("DELETE FROM event_blocks WHERE event_id = "
                        "(SELECT event_id FROM events WHERE rowid = ?)", (removed,))
    opened.conn.execute("DELETE FROM mentions WHERE event_id = "
                        "(SELECT event_id FROM events WHERE rowid = ?)", (removed,))
    opened.conn.execute("DELETE FROM events WHERE rowid = ?", (removed,))
    copy, events = located(opened)
    assert copy == events and len(events) == len(copy) and moved in [row[0] for row in copy]
    assert {unlocated, removed}.isdisjoint(row[0] for row in copy)
    opened.rebuild_derived()
    assert located(opened)[0] == copy


def test_the_listed_columns_are_the_event_tables(big: Path) -> None:
    opened = SQLiteStore(big)
    table = [row[1] for row in opened.conn.execute("PRAGMA table_info(events)")]
    opened.close()
    assert list(schema.EVENT_TABLE_COLUMNS) == table


def test_listing_rows_are_the_events_with_their_evidence(scale: SQLiteStore) -> None:
    listed = [name for name in schema.EVENT_TABLE_COLUMNS if name != "record"]
    for row in scale.events(EventQuery(limit=5, sort="-score")):
        record = scale.event(row["event_id"])
        assert record is not None
        assert row == {**{name: record[name] for name in listed},
                       "evidence": record["record"]["evidence"]}
        assert list(row) == [*listed, "evidence"]


# -- evidence search and LIKE wildcards (issue 13, issue 10 item 9) --------------------------------

def test_evidence_search_finds_whole_words_and_phrases(store) -> None:  # noqa: F811
    add_all(store, [*BEIJING_MEETING, SANCTION])

    def found(text: str) -> list[str]:
        return [e["type"] for e in store.events(EventQuery(text=text))]

    assert found("sanctions") == found("SANCTIONS") == found("imposed sanctions") == ["SANCTION"]
    assert found("Lavrov in Beijing") == found("lavrov, in beijing!") == ["CONSULT"]
    assert found("Beijing Lavrov") == []  # a phrase: the words in their order
    assert found("sanction") == found("ancti") == []  # whole words only
    assert len(found("Lavrov")) == 1  # the merged event, found by any of its sentences
    assert fts_query("Kharkiv's \"front\"") == '"kharkiv s front"'
    assert tsquery("imposed sanctions") == "imposed <-> sanctions"


def test_like_wildcards_match_only_themselves(store) -> None:  # noqa: F811
    add_all(store, [*BEIJING_MEETING, SANCTION])
    for wildcard in ("%", "_", "\\"):
        assert store.events(EventQuery(actor=wildcard)) == []
        assert store.events(EventQuery(text=wildcard)) == []
    percent = Article("pct-1", "The European Union imposed 100% tariffs on Iran.",
                      url="https://wire.example/pct")
    trigger = percent.text.index("imposed")
    store.add_result(percent, ArticleResult(percent, [
        Event("SANCTION", Actor("European Union", org="EU", kind="organisation"),
              Actor("Iran", country="IRN"), Span(0, len(percent.text), percent.text),
              Span(trigger, trigger + 7, "imposed"), date=EventDate("2025-04-01", "day"))]))
    assert [e["event_id"] for e in store.events(EventQuery(text="%"))] == [
        e["event_id"] for e in store.events(EventQuery(text="100% tariffs"))]
    assert len(store.events(EventQuery(text="%"))) == 1
    assert [e["type"] for e in store.events(EventQuery(actor="Union"))] == ["SANCTION"] * 2


# -- issue 10 item 12: migrations --------------------------------------------------------------

def test_a_stale_version_read_does_not_migrate_twice(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "race.db"
    SQLiteStore(path).close()
    # What a second process saw when it read the version before the first had finished.
    monkeypatch.setattr(schema, "peek_version", lambda conn, failures: 0)
    SQLiteStore(path).close()
    versions = sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchall()
    assert versions == [(m.version,) for m in schema.MIGRATIONS]


def test_first_opens_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "together.db"
    failures: list[BaseException] = []

    def open_once() -> None:
        try:
            SQLiteStore(path).close()
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=open_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    versions = sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchall()
    assert versions == [(m.version,) for m in schema.MIGRATIONS]


def test_a_failed_begin_reports_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    conn = connect(str(path))
    conn.execute("PRAGMA busy_timeout = 0")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match="database is locked") as caught:
        schema.apply_migration(conn, schema.MIGRATIONS[0], str(path))
    assert "no transaction" not in str(caught.value)
    blocker.execute("ROLLBACK")


def test_a_version_1_store_migrates_with_its_data(tmp_path: Path) -> None:
    current = SQLiteStore(tmp_path / "current.db")
    add_all(current, [*BEIJING_MEETING, SANCTION])
    current.close()
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute(schema.VERSION_TABLE)
    schema.apply_migration(conn, schema.MIGRATIONS[0], str(old))
    conn.execute("ATTACH DATABASE ? AS current", (str(tmp_path / "current.db"),))
    for table in ("documents", "events", "event_blocks", "actors", "mentions", "errors"):
        conn.execute(f"INSERT INTO {table} SELECT * FROM current.{table}")
    conn.execute("DETACH DATABASE current")
    conn.close()
    migrated = SQLiteStore(old)
    reference = SQLiteStore(tmp_path / "current.db")
    assert migrated.network(None, None) == reference.network(None, None)
    assert [e["type"] for e in migrated.events(EventQuery(text="sanctions"))] == ["SANCTION"]
    assert migrated.events(EventQuery(sort="-score")) == reference.events(EventQuery(sort="-score"))
    assert migrated.places(EventQuery(), 100) == reference.places(EventQuery(), 100)


# -- issue 11: reading commands never create a store; events for analysts -----------------------

def test_opening_a_missing_store_to_read_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=r"typo\.db: no such event store"):
        open_store(missing, create=False)
    assert not missing.exists()


@pytest.mark.parametrize("command", [["events"], ["export"], ["stats"]])
def test_reading_commands_refuse_a_missing_store(tmp_path: Path, capsys, command) -> None:
    missing = tmp_path / "typo.db"
    assert main([*command, "--db", str(missing)]) == 2
    assert f"{missing}: no such event store" in capsys.readouterr().err
    assert not missing.exists()


def test_events_table_gives_analysts_one_arrow_table(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    filled = open_store(path)
    add_all(filled, [*BEIJING_MEETING, SANCTION])
    table = events_table(filled, EventQuery(sort="date"))
    filled.close()
    assert table.column_names == list(FLAT_COLUMNS)
    assert table.column("type").to_pylist() == ["CONSULT", "SANCTION"]
    assert len(table.column("urls").to_pylist()[0]) == 3
    assert events_table(path).num_rows == 2
    pandas = pytest.importorskip("pandas")
    frame = events_table(path).to_pandas()
    assert isinstance(frame, pandas.DataFrame) and list(frame["num_mentions"]) == [3, 1]


# -- issue 9: stored names through the knowledge base ------------------------------------------

def test_stored_state_names_follow_the_users_knowledge(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "countries.tsv").write_text(
        "iso3\tname\taliases\tdemonyms\tcapitals\nIRN\tPersia (test name)\t\t\t\n")
    custom = open_store(tmp_path / "custom.db", knowledge_dirs=[folder])
    add_all(custom, [SANCTION])
    assert {a["party"]: a["name"] for a in custom.actors()}["IRN"] == "Persia (test name)"
    bundled = open_store(tmp_path / "bundled.db")
    add_all(bundled, [SANCTION])
    assert {a["party"]: a["name"] for a in bundled.actors()}["IRN"] == "Iran"


# -- issue 10 items 7 and 11: command-line limits and one CSV writer ---------------------------

@pytest.mark.parametrize("limit", ["99999999999999999999999", "-5", "ten"])
def test_events_limit_out_of_range_is_a_clear_error(big: Path, capsys, limit: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["events", "--db", str(big), "--limit", limit])
    assert caught.value.code == 2
    error = capsys.readouterr().err
    assert "--limit" in error and "Traceback" not in error


def formula_store(path: Path) -> Path:
    text = "=HYPERLINK(\"http://evil\") said France threatened Germany."
    article = Article("formula", text, url="https://wire.example/formula", outlet="+cmd|'x'")
    event = Event("THREATEN", Actor("@France", country="FRA", span=Span(31, 37, "France")),
                  Actor("Germany", country="DEU", span=Span(49, 56, "Germany")),
                  Span(0, len(text), text), Span(38, 48, "threatened"),
                  date=EventDate("2025-01-02", "day"))
    filled = open_store(path)
    filled.add_result(article, ArticleResult(article, [event]))
    filled.close()
    return path


def test_every_csv_quotes_formula_cells(tmp_path: Path, capsys) -> None:
    import csv

    db = formula_store(tmp_path / "formula.db")
    assert main(["export", "--db", str(db), "--format", "csv"]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["events", "--db", str(db), "--format", "csv"]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    for rows in (exported, listed):
        assert rows[0]["evidence"].startswith("'=HYPERLINK")
        assert rows[0]["source_name"] == "'@France"
    assert list(listed[0]) == list(LISTING_COLUMNS)
    assert list(exported[0]) == list(FLAT_COLUMNS)
    lines = list(csv_lines([{"a": "-1+1", "b": ["x", "=y"], "c": 3}], ["a", "b", "c"]))
    assert lines == ["a,b,c\r\n", "'-1+1,x;=y,3\r\n"]


def test_export_writes_every_event_once(scale: SQLiteStore) -> None:
    out = io.StringIO()
    stored = scale.count_events(EventQuery())
    assert export(scale, "csv", out) == stored
    assert len(out.getvalue().splitlines()) == stored + 1
