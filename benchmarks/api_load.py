"""Load check of ``communique serve``: requests/s and latency percentiles at scale.

Fills a store (SQLite file or PostgreSQL URL) with synthetic events written in bulk: rows are
made by the store's own row helpers (``event_columns``, ``mention_rows``, blocking keys, actor
names), so they are what a real ingest writes, but they go in with ``executemany`` (SQLite) or
``COPY`` (PostgreSQL) in large transactions, without dedup look-ups; a million events take a few
minutes instead of hours. Then it starts the real ``communique serve`` on 127.0.0.1 and drives
``/api/events`` (filters, sorts, pages and evidence search as the explorer sends them), the dyad
timeline, the network and the map with a bounded number of concurrent httpx clients.

    python benchmarks/api_load.py                      # 100k events, 400 requests per endpoint
    python benchmarks/api_load.py --events 1000000 --db /tmp/bench-1m.db   # built once, reused
    python benchmarks/api_load.py --events 1000000 --db postgresql://user:pw@host/db
    python benchmarks/api_load.py --events 1000000 --db /tmp/bench-1m.db \\
        --db postgresql://user:pw@host/db      # both back ends, one table at the end
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from communique.dedup.cross import blocking_keys, event_row
from communique.model import (
    EVENT_TYPES,
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Place,
    Span,
)
from communique.store import open_store
from communique.store.rows import (
    document_columns,
    event_columns,
    mention_rows,
    party_identity,
    stable_event_id,
)
from communique.store.schema import now_utc

COUNTRIES = [
    ("China", "CHN"), ("the United States", "USA"), ("Russia", "RUS"), ("Ukraine", "UKR"),
    ("France", "FRA"), ("Germany", "DEU"), ("Japan", "JPN"), ("India", "IND"), ("Iran", "IRN"),
    ("Israel", "ISR"), ("Turkey", "TUR"), ("Brazil", "BRA"), ("Egypt", "EGY"),
    ("Pakistan", "PAK"), ("South Korea", "KOR"), ("North Korea", "PRK"), ("Mexico", "MEX"),
    ("Canada", "CAN"), ("Britain", "GBR"), ("Italy", "ITA"), ("Spain", "ESP"),
    ("Poland", "POL"), ("Saudi Arabia", "SAU"), ("Nigeria", "NGA"), ("Kenya", "KEN"),
    ("Ethiopia", "ETH"), ("Australia", "AUS"), ("Indonesia", "IDN"), ("Vietnam", "VNM"),
    ("the Philippines", "PHL"), ("Syria", "SYR"), ("Iraq", "IRQ"), ("Qatar", "QAT"),
    ("Venezuela", "VEN"), ("Colombia", "COL"), ("Argentina", "ARG"), ("South Africa", "ZAF"),
    ("Sudan", "SDN"), ("Serbia", "SRB"), ("Armenia", "ARM"),
]
CITIES = [("Geneva", 46.20, 6.15, "CH"), ("Beijing", 39.90, 116.40, "CN"),
          ("Kyiv", 50.45, 30.52, "UA"), ("Cairo", 30.04, 31.24, "EG"),
          ("Brasilia", -15.79, -47.88, "BR"), ("Jakarta", -6.21, 106.85, "ID"),
          ("Nairobi", -1.29, 36.82, "KE"), ("Washington", 38.90, -77.04, "US")]
TOPICS = ("tariffs", "grain", "pipelines", "fisheries", "refugees", "vaccines", "drones",
          "satellites", "elections", "hostages", "uranium", "wheat", "ports", "railways",
          "visas", "embassies", "troops", "warships", "borders", "rivers", "dams", "oil",
          "gas", "coal", "copper", "lithium", "steel", "chips", "banks", "debt", "loans",
          "aid", "famine", "floods", "wildfires", "cyberattacks", "spies", "sanctions",
          "minerals", "fertiliser", "shipping", "airspace", "islands", "missiles", "prisoners",
          "journalists", "diplomats", "students", "pilgrims", "monuments")
EVENTS_PER_ARTICLE = 20
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 4000
CHUNK_ARTICLES = 2_500  # articles per bulk transaction (50,000 events)
BULK_CACHE_KIB = 1_000_000  # SQLite page cache while filling (1 GB)


@dataclass
class Sentence:
    text: str
    event: Event


def synthetic_sentence(rng: random.Random, offset: int) -> Sentence:
    """One sentence and its event, with spans at ``offset`` in the article being built."""
    (a_name, a_code), (b_name, b_code) = rng.sample(COUNTRIES, 2)
    event_type = rng.choice(EVENT_TYPES)
    city, lat, lon, country = rng.choice(CITIES)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    verb = event_type.lower()
    text = f"{a_name} reported {verb} with {b_name} in {city} over {rng.choice(TOPICS)}."

    def at(words: str) -> Span:
        start = offset + text.index(words)
        return Span(start, start + len(words), words)

    event = Event(type=event_type, source=Actor(a_name, country=a_code, span=at(a_name)),
                  target=Actor(b_name, country=b_code, span=at(b_name)),
                  evidence=Span(offset, offset + len(text), text), trigger=at(verb),
                  date=EventDate(day.isoformat(), "day", basis="published"),
                  location=Place(city, country, latitude=lat, longitude=lon, span=at(city)))
    return Sentence(text, event)


def synthetic_result(rng: random.Random, number: int) -> ArticleResult:
    sentences: list[Sentence] = []
    offset = 0
    for _ in range(EVENTS_PER_ARTICLE):
        sentence = synthetic_sentence(rng, offset)
        sentences.append(sentence)
        offset += len(sentence.text) + 1
    first_date = sentences[0].event.date
    article = Article(id=f"synthetic-{number}", text=" ".join(s.text for s in sentences),
                      url=f"https://bench.example/{number}", outlet=f"Outlet {number % 50}",
                      published=dt.date.fromisoformat(first_date.value) if first_date else None)
    return ArticleResult(article, [s.event for s in sentences])


@dataclass
class Rows:
    """The rows of one bulk transaction, by table."""

    documents: list[dict[str, Any]]
    events: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    blocks: list[dict[str, Any]]


def article_rows(rng: random.Random, number: int, rows: Rows, actors: dict[str, list[Any]],
                 next_mention: int) -> int:
    """Add one synthetic article's rows; returns the next free mention id."""
    result = synthetic_result(rng, number)
    doc_id = number + 1
    digest = f"bench-{number:012d}"
    rows.documents.append({**document_columns(result.article, digest), "doc_id": doc_id,
                           "num_events": len(result.events), "ingested_at": now_utc()})
    for event in result.events:
        event_id = stable_event_id(digest, event)
        # A spread of source counts, so that sorting by them means something.
        sources = min(rng.choice((1, 1, 1, 2, 2, 3, 5, 8)), 50)
        rows.events.append({**event_columns(event), "event_id": event_id,
                            "num_sources": sources, "num_mentions": sources,
                            "num_articles": sources, "first_doc_id": doc_id,
                            "first_seen": now_utc()})
        rows.blocks.extend({"block_key": key, "event_id": event_id}
                           for key in blocking_keys(event_row(event)))
        for is_primary, sentence, offsets in mention_rows(event):
            rows.mentions.append({
                "mention_id": next_mention, "event_id": event_id, "doc_id": doc_id,
                "is_primary": int(is_primary), "sentence_start": sentence.start,
                "sentence_end": sentence.end, "sentence_text": sentence.text,
                "offsets": json.dumps(offsets), "merge": '{"new_event": true}'})
            next_mention += 1
        for actor, side in ((event.source, 5), (event.target, 6)):
            if actor and actor.party:
                entry = actors.setdefault(actor.party, [actor.party, *party_identity(actor),
                                                        actor.country, actor.org, 0, 0])
                entry[side] += 1
    return next_mention


def write_rows(store: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows in one go: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    names = list(rows[0])
    raw = getattr(store.conn, "raw", None)
    if raw is not None:
        with raw.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
        return
    marks = ", ".join("?" * len(names))
    store.conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                           [tuple(row[name] for name in names) for row in rows])


def fill_store(db: str, events: int, seed: int) -> float:
    """Write ``events`` synthetic events in bulk; returns the seconds it took."""
    rng = random.Random(seed)
    store = open_store(db)
    if getattr(store.conn, "raw", None) is None:
        # SQLite's default 2 MB page cache makes each insert into the events' dozen indexes
        # a read from disk once they outgrow it: the second 50,000 events took 7x the first.
        store.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    started = time.perf_counter()
    actors: dict[str, list[Any]] = {}
    articles = max(1, events // EVENTS_PER_ARTICLE)
    next_mention = 1
    try:
        for first in range(0, articles, CHUNK_ARTICLES):
            rows = Rows([], [], [], [])
            for number in range(first, min(articles, first + CHUNK_ARTICLES)):
                next_mention = article_rows(rng, number, rows, actors, next_mention)
            store.conn.execute("BEGIN")
            for table, table_rows in (("documents", rows.documents), ("events", rows.events),
                                      ("event_blocks", rows.blocks),
                                      ("mentions", rows.mentions)):
                write_rows(store, table, table_rows)
            store.conn.execute("COMMIT")
            print(f"  {min(articles, first + CHUNK_ARTICLES) * EVENTS_PER_ARTICLE} events "
                  f"written, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        finish_store(store, actors)
    finally:
        store.close()
    return time.perf_counter() - started


def finish_store(store: Any, actors: dict[str, list[Any]]) -> None:
    """Actor counts, identity sequences (PostgreSQL), derived tables and planner statistics."""
    store.conn.execute("BEGIN")
    store.conn.executemany(
        "INSERT INTO actors (party, name, kind, country, org, events_as_source, "
        "events_as_target) VALUES (?, ?, ?, ?, ?, ?, ?)", [tuple(row) for row in actors.values()])
    if getattr(store.conn, "raw", None) is not None:
        for table, key in (("documents", "doc_id"), ("mentions", "mention_id")):
            store.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                               f"(SELECT MAX({key}) FROM {table}))")
    store.conn.execute("COMMIT")
    rebuild = getattr(store, "rebuild_derived", None)
    if rebuild is not None:  # the summaries and search index, where the store has them
        rebuild()
    if getattr(store.conn, "raw", None) is not None:
        # What autovacuum would do a while after a bulk load: mark pages all-visible, so that
        # index-only scans and counts skip the table (without it a count reads the rows).
        store.conn.execute("VACUUM ANALYZE")
    else:
        store.conn.execute("ANALYZE")


def stored_events(db: str) -> int:
    """How many events the store at ``db`` holds (0 for none or a new one)."""
    if not db.startswith("postgres") and not Path(db).exists():
        return 0
    store = open_store(db)
    try:
        return int(store.stats()["events"])
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", db,
                               "--host", "127.0.0.1", "--port", str(port)])
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("communique serve did not answer within 300 s")


def pair(rng: random.Random) -> tuple[str, str]:
    (_, a), (_, b) = rng.sample(COUNTRIES, 2)
    return a, b


def year_window(rng: random.Random) -> str:
    year = rng.randrange(2015, 2026)
    return f"since={year}-01-01&until={year}-12-31"


def events_url(rng: random.Random) -> str:
    """A mix of what the explorer asks: plain pages, filters, sorts, deep pages, search."""
    a, b = pair(rng)
    choices = [
        "/api/events?limit=50",
        f"/api/events?limit=50&offset={rng.randrange(0, 5000, 50)}",
        f"/api/events?actor={a}&limit=50",
        f"/api/events?type={rng.choice(EVENT_TYPES)}&sort=-num_sources&limit=50",
        f"/api/events?dyad={a},{b}&limit=50",
        f"/api/events?{year_window(rng)}&sort=score&limit=50",
        f"/api/events?text={rng.choice(TOPICS)}&limit=50",
        f"/api/events?actor={a}&type={rng.choice(EVENT_TYPES)}&sort=-date&limit=50",
    ]
    return rng.choice(choices)


def timeline_url(rng: random.Random) -> str:
    a, b = pair(rng)
    bucket = rng.choice(["day", "week", "month"])
    return f"/api/dyads/{a}/{b}/timeline?bucket={bucket}"


def network_url(rng: random.Random) -> str:
    return rng.choice(["/api/network", f"/api/network?{year_window(rng)}",
                       "/api/network?min_events=100"])


def map_url(rng: random.Random) -> str:
    a, _ = pair(rng)
    return rng.choice(["/api/places", f"/api/places?type={rng.choice(EVENT_TYPES)}",
                       f"/api/places?actor={a}&{year_window(rng)}"])


ENDPOINTS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("events", events_url), ("timeline", timeline_url), ("network", network_url),
    ("map", map_url))


# The latency each endpoint should keep at the 95th percentile with 8 requests in flight on
# a million events (issue 13).
P95_TARGET_MS = {"events": 100, "timeline": 200, "network": 200, "map": 200}


@dataclass
class LoadResult:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    server_cpu_s: float = 0.0

    def cuts(self) -> list[float]:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")

    def line(self) -> str:
        cuts = self.cuts()
        return (f"{self.name:<10} {self.requests:>6} requests  {self.errors} errors  "
                f"{self.requests / self.seconds:8.1f} req/s  p50 {cuts[49]:7.1f} ms  "
                f"p95 {cuts[94]:7.1f} ms  p99 {cuts[98]:7.1f} ms  "
                f"CPU {self.server_cpu_s * 1000 / self.requests:5.1f} ms/request")


def backend_name(db: str) -> str:
    return "PostgreSQL" if db.startswith("postgres") else "SQLite"


def print_table(results: list[tuple[str, LoadResult]], events: int) -> None:
    """Every run's figures in one table, against the targets, with the machine's load."""
    print(f"\nsummary: {events} events; load average {load_average()} "
          f"on {os.cpu_count()} cores (latencies grow with other work on the machine)")
    print(f"{'backend':<11} {'endpoint':<9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'target':>7} {'CPU ms':>7}  errors")
    for backend, result in results:
        cuts = result.cuts()
        target = P95_TARGET_MS.get(result.name)
        verdict = "" if target is None else ("ok" if cuts[94] <= target else "over")
        print(f"{backend:<11} {result.name:<9} {result.requests / result.seconds:7.1f} "
              f"{cuts[49]:8.1f} {cuts[94]:8.1f} {cuts[98]:8.1f} "
              f"{target or '':>7} {result.server_cpu_s * 1000 / result.requests:7.1f}  "
              f"{result.errors} {verdict}")
    print("(CPU ms: CPU seconds per request of the server process and, on a local PostgreSQL, "
          "of the database's server processes: steadier than latency on a busy machine)")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def database_cpu_seconds(db: str) -> float:
    """CPU seconds so far of the local PostgreSQL server processes serving ``db``'s database
    (0 for SQLite, whose work is the server process's own, or a remote server)."""
    if not db.startswith("postgres"):
        return 0.0
    name = db.split("?")[0].rsplit("/", 1)[-1]
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            command = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres:") and f" {name} " in command:
            total += process_cpu_seconds(int(proc.name))
    return total


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drive(base: str, name: str, make_url: Callable[[random.Random], str], requests: int,
                concurrency: int, seed: int, timeout: float = 120) -> LoadResult:
    """``requests`` GETs with at most ``concurrency`` in flight at once."""
    rng = random.Random(seed)
    urls = [make_url(rng) for _ in range(requests)]
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            url = queue.get_nowait()
            started = time.perf_counter()
            response = await client.get(url)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors[f"{response.status_code} {url}"] += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    for failure, count in errors.most_common(3):
        print(f"  {count} x {failure}", file=sys.stderr)
    return LoadResult(name, requests, sum(errors.values()), seconds, latencies)


def run_load(db: str, args: argparse.Namespace) -> list[LoadResult]:
    port = free_port()
    server = start_server(db, port)
    results = []
    try:
        base = f"http://127.0.0.1:{port}"
        print(f"load on {backend_name(db)}: {args.requests} requests per endpoint, "
              f"{args.concurrency} in flight")
        for name, make_url in ENDPOINTS:
            if args.only and name not in args.only:
                continue
            cpu_before = process_cpu_seconds(server.pid) + database_cpu_seconds(db)
            result = asyncio.run(drive(base, name, make_url, args.requests,
                                       args.concurrency, args.seed, args.timeout))
            result.server_cpu_s = (process_cpu_seconds(server.pid) + database_cpu_seconds(db)
                                   - cpu_before)
            print(result.line(), flush=True)
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def prepare(db: str, args: argparse.Namespace) -> None:
    """Fill the store unless it already holds the events asked for (a reused --db)."""
    have = stored_events(db)
    if have >= args.events * 0.9:
        print(f"store: reusing {db} with {have} events")
        return
    if have:
        raise SystemExit(f"{db} holds {have} events, not {args.events}: give a new --db")
    seconds = fill_store(db, args.events, args.seed)
    started = time.perf_counter()
    count = stored_events(db)  # opening it applies any pending migration
    print(f"store: {count} events written in bulk in {seconds:.1f} s "
          f"({count / seconds:.0f} events/s); opened in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", action="append", default=None,
                        help="a SQLite file or postgresql:// URL to fill (or reuse when it "
                             "already holds the events); default: a temporary SQLite file. "
                             "Give it twice (a file and a URL) to compare both back ends in "
                             "one table")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds a request may take before the run fails")
    parser.add_argument("--only", nargs="*", choices=[name for name, _ in ENDPOINTS],
                        help="drive only these endpoints")
    args = parser.parse_args()
    results: list[tuple[str, LoadResult]] = []
    if args.db:
        for db in args.db:
            prepare(db, args)
            results += [(backend_name(db), result) for result in run_load(db, args)]
        print_table(results, args.events)
        return 0
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as folder:
        db = str(Path(folder) / "bench.db")
        prepare(db, args)
        results += [(backend_name(db), result) for result in run_load(db, args)]
    print_table(results, args.events)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
