"""The PostgreSQL store against a real server: the SQLite store's suite, the schema, and two
processes writing into one database at once.

The server comes from COMMUNIQUE_TEST_POSTGRES (a postgresql:// URL; `.ci/postgres.sh` sets
one up). Without it the tests skip on a workstation and FAIL in CI (CI=true), so a CI run
can never pass without having exercised the server. Each test gets its own schema.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_store as shared
import test_store_scale as scale_suite
from test_store import make_event

from communique.errors import StoreError
from communique.model import Article, ArticleResult, RecordError
from communique.store import EventQuery, open_store
from communique.store.schema import MIGRATIONS
from communique.store.sqlite import SQLiteStore

URL_ENV = "COMMUNIQUE_TEST_POSTGRES"
REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.postgres


def server_url() -> str:
    url = os.environ.get(URL_ENV)
    if url:
        return url
    message = (f"{URL_ENV} is not set: run `.ci/postgres.sh` and export the URL it prints "
               "to test the PostgreSQL store")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def with_search_path(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL whose tables land in a fresh schema, dropped after the test."""
    import psycopg

    url = server_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield with_search_path(url, schema)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(pg_url: str) -> Iterator[Any]:
    opened = open_store(pg_url)
    yield opened
    opened.close()


# -- the SQLite store's tests, run on PostgreSQL ------------------------------------------------
# Every test of tests/test_store.py written against the ``store`` fixture runs here again with
# the fixture above; the ones about SQLite files and URL dispatch stay there.

STORE_TESTS = [name for name in dir(shared) if name.startswith("test_")
               and "store" in shared.__dict__[name].__code__.co_varnames[
                   :shared.__dict__[name].__code__.co_argcount]]
for _name in STORE_TESTS:
    globals()[_name] = getattr(shared, _name)


# The listing, keyset, network and map checks of tests/test_store_scale.py, on a server.
SQLITE_ONLY = {"test_total_and_page_come_from_one_read_transaction",  # sqlite3 trace hooks
               "test_downloads_page_by_keyset_not_offset"}
SCALE_TESTS = [name for name in dir(scale_suite) if name.startswith("test_")
               and name not in SQLITE_ONLY
               and "scale" in scale_suite.__dict__[name].__code__.co_varnames[
                   :scale_suite.__dict__[name].__code__.co_argcount]]
for _name in SCALE_TESTS:
    globals()[_name] = getattr(scale_suite, _name)


@pytest.fixture(scope="module")
def scale_url() -> Iterator[str]:
    """A schema filled once with test_store_scale's generated events."""
    import psycopg

    url = server_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    filled_url = with_search_path(url, schema)
    filled = open_store(filled_url)
    rng = scale_suite.random.Random(13)
    for number in range(400):
        filled.add_result(*scale_suite.random_event(rng, number))
    filled.close()
    yield filled_url
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def scale(scale_url: str) -> Iterator[Any]:
    opened = open_store(scale_url)
    yield opened
    opened.close()


def test_the_shared_suite_was_picked_up() -> None:
    assert "test_network_from_the_summary_equals_counting_events" in SCALE_TESTS
    assert "test_three_outlets_on_one_meeting_give_one_event_with_three_mentions" in STORE_TESTS
    assert len(STORE_TESTS) >= 8


# -- schema and migrations -------------------------------------------------------------------

def columns_of_sqlite() -> dict[str, list[str]]:
    conn = SQLiteStore(":memory:").conn
    # The full-text search tables are SQLite's own (PostgreSQL indexes the events' words with
    # GIN); the map's copy of the places exists on both.
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name != 'event_text' "
        "AND name NOT LIKE 'events\\_fts%' ESCAPE '\\' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]  # planner statistics
    return {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for table in tables}


def columns_of_postgres(store: Any) -> dict[str, list[str]]:
    rows = store.conn.raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position").fetchall()
    found: dict[str, list[str]] = {}
    for row in rows:
        # SQLite's implicit rowid, made explicit; the words of the search index
        if row["column_name"] not in ("rowid", "search"):
            found.setdefault(row["table_name"], []).append(row["column_name"])
    return found


def test_schema_has_the_sqlite_tables_and_columns(store) -> None:
    assert columns_of_postgres(store) == columns_of_sqlite()


def test_reopening_keeps_data_and_migrates_once(pg_url: str) -> None:
    first = open_store(pg_url)
    shared.add_all(first, shared.BEIJING_MEETING)
    first.close()
    again = open_store(pg_url)
    assert again.stats()["events"] == 1
    versions = again.conn.raw.execute("SELECT version FROM schema_version").fetchall()
    assert [row["version"] for row in versions] == [m.version for m in MIGRATIONS]
    again.close()


def test_the_maps_copy_of_the_places_follows_the_events(store) -> None:
    scale_suite.check_places_follow_events(store)


def test_a_version_3_store_gets_the_maps_copy_of_its_places(pg_url: str) -> None:
    first = open_store(pg_url)
    rng = scale_suite.random.Random(3)
    for number in range(20):
        first.add_result(*scale_suite.random_event(rng, number))
    expected = first.places(EventQuery(), 100), first.network(None, None)
    for statement in ("DROP TRIGGER events_place ON events", "DROP FUNCTION event_place()",
                      "DROP TABLE event_places", "DELETE FROM dyad_periods WHERE grain = 'all'",
                      "DROP INDEX events_dyad",
                      "CREATE INDEX events_dyad ON events (source_party, target_party, date_start)",
                      "DELETE FROM schema_version WHERE version = 4"):
        first.conn.raw.execute(statement)
    first.close()
    migrated = open_store(pg_url)
    copy, events = scale_suite.located(migrated)
    assert copy == events and len(events) > 5
    assert (migrated.places(EventQuery(), 100), migrated.network(None, None)) == expected
    assert expected[1]["edges"]
    migrated.close()


def test_a_newer_schema_is_refused(pg_url: str) -> None:
    store = open_store(pg_url)
    store.conn.raw.execute("INSERT INTO schema_version VALUES (99, 'from the future', 'now')")
    store.close()
    with pytest.raises(StoreError, match="upgrade communique"):
        open_store(pg_url)


def test_same_events_and_ids_as_the_embedded_store(store) -> None:
    reports = [*shared.BEIJING_MEETING, shared.MOSCOW_MEETING, shared.SANCTION]
    embedded = SQLiteStore(":memory:")
    shared.add_all(embedded, reports)
    shared.add_all(store, reports)

    def listing(target: Any) -> list[tuple[Any, ...]]:
        return [(e["event_id"], e["date"], e["num_mentions"], e["num_sources"], e["score"])
                for e in target.events(EventQuery(sort="-date"))]
    assert listing(store) == listing(embedded)
    assert store.timeline("CHN", "RUS", "week") == embedded.timeline("CHN", "RUS", "week")
    assert store.network(None, None) == embedded.network(None, None)


def test_a_bad_url_names_the_server_and_the_fix() -> None:
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(caught.value)


# -- two processes writing at once -----------------------------------------------------------

MEETING_DAYS = 15
OUTLETS = ("Global Wire", "Harbour Times", "Eastern Ledger")


def meeting_reports() -> list[tuple[Article, ArticleResult]]:
    """Three outlets on each of MEETING_DAYS meetings, three days apart (never one event)."""
    reports = []
    for number in range(MEETING_DAYS):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=3 * number)
        for outlet in OUTLETS:
            text = (f"Wang Yi met Sergey Lavrov in Beijing on {day:%B %d}. "
                    f"{outlet} saw meeting number {number}.")
            article = Article(id=f"{outlet[:2]}-{number}", text=text, published=day,
                              url=f"https://{outlet.split()[0].lower()}.example/{number}",
                              outlet=outlet)
            event = make_event(text, "CONSULT", "Wang Yi", "Sergey Lavrov", "met",
                               day.isoformat(), "Beijing")
            reports.append((article, ArticleResult(article, [event])))
    return reports


def ingest_in_process(url: str, reverse: bool) -> None:
    """What one ingest process does: every report (in its own order), and one error."""
    store = open_store(url)
    reports = meeting_reports()
    for article, result in (reversed(reports) if reverse else reports):
        store.add_result(article, result)
    store.add_error(RecordError("feed.jsonl:3", "line 3 is not valid JSON"))
    store.close()


def test_two_processes_ingesting_at_once_lose_and_double_nothing(pg_url: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    workers = [subprocess.Popen([sys.executable, __file__, pg_url, direction], env=env,
                                stderr=subprocess.PIPE, text=True)
               for direction in ("forward", "reverse")]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr
    store = open_store(pg_url)
    stats = store.stats()
    assert (stats["documents"], stats["events"], stats["mentions"], stats["errors"]) == (
        3 * MEETING_DAYS, MEETING_DAYS, 3 * MEETING_DAYS, 1)
    events = store.events(EventQuery())
    assert [(e["num_mentions"], e["num_articles"], e["num_sources"]) for e in events] == [
        (3, 3, 3)] * MEETING_DAYS
    assert len({e["date"] for e in events}) == MEETING_DAYS
    store.close()


if __name__ == "__main__":
    ingest_in_process(sys.argv[1], reverse=sys.argv[2] == "reverse")


def test_search_words_follow_mentions_inserted_in_one_statement(store) -> None:
    shared.add_all(store, [shared.SANCTION])
    [listed] = store.events(EventQuery())
    store.conn.execute(
        "INSERT INTO mentions (event_id, doc_id, is_primary, sentence_start, sentence_end, "
        "sentence_text, offsets, merge) VALUES (?, ?, 0, 0, 16, 'Tehran protested', '{}', '{}'),"
        " (?, ?, 0, 0, 13, 'Oman mediated', '{}', '{}')",
        (listed["event_id"], listed["first_doc_id"], listed["event_id"], listed["first_doc_id"]))

    def found(text: str) -> list[str]:
        return [e["event_id"] for e in store.events(EventQuery(text=text))]

    assert found("tehran protested") == found("Oman mediated") == [listed["event_id"]]
    assert found("imposed sanctions") == [listed["event_id"]]  # the words stored before stay
