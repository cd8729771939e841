"""Load check of ``communique serve``: requests/s and latency percentiles on 100k events.

Fills a temporary SQLite store with synthetic events through the store's own ``add_result``
(so ids, dedup blocks, mentions and actor counts are what a real ingest writes), starts the
real ``communique serve`` on 127.0.0.1, and drives ``/api/events`` (mixed filters, sorts and
pages) and the dyad timeline with a bounded number of concurrent httpx clients.

    python benchmarks/api_load.py                      # 100k events, 2000 requests per endpoint
    python benchmarks/api_load.py --events 20000 --requests 500 --concurrency 4
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

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
EVENTS_PER_ARTICLE = 20
FIRST_DAY = dt.date(2015, 1, 1)


@dataclass
class Sentence:
    text: str
    event: Event


def synthetic_sentence(rng: random.Random, offset: int) -> Sentence:
    """One sentence and its event, with spans at ``offset`` in the article being built."""
    (a_name, a_code), (b_name, b_code) = rng.sample(COUNTRIES, 2)
    event_type = rng.choice(EVENT_TYPES)
    city, lat, lon, country = rng.choice(CITIES)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(4000))
    verb = event_type.lower()
    text = f"{a_name} reported {verb} with {b_name} in {city}."

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


def fill_store(path: Path, events: int, seed: int) -> float:
    """Write ``events`` synthetic events; returns the seconds it took."""
    rng = random.Random(seed)
    store = open_store(path)
    started = time.perf_counter()
    try:
        for number in range(max(1, events // EVENTS_PER_ARTICLE)):
            result = synthetic_result(rng, number)
            store.add_result(result.article, result)
    finally:
        store.close()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", str(db),
                               "--host", "127.0.0.1", "--port", str(port)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("communique serve did not answer within 60 s")


def events_url(rng: random.Random) -> str:
    """A mix of what the explorer asks: plain pages, filters, sorts, deep pages."""
    (_, a), (_, b) = rng.sample(COUNTRIES, 2)
    choices = [
        "/api/events?limit=50",
        f"/api/events?limit=50&offset={rng.randrange(0, 5000, 50)}",
        f"/api/events?actor={a}&limit=50",
        f"/api/events?type={rng.choice(EVENT_TYPES)}&sort=-num_sources&limit=50",
        f"/api/events?dyad={a},{b}&limit=50",
        "/api/events?since=2020-01-01&until=2020-12-31&sort=score&limit=50",
    ]
    return rng.choice(choices)


def timeline_url(rng: random.Random) -> str:
    (_, a), (_, b) = rng.sample(COUNTRIES, 2)
    bucket = rng.choice(["day", "week", "month"])
    return f"/api/dyads/{a}/{b}/timeline?bucket={bucket}"


@dataclass
class LoadResult:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def line(self) -> str:
        cuts = statistics.quantiles(self.latencies_ms, n=100, method="inclusive")
        return (f"{self.name:<10} {self.requests:>6} requests  {self.errors} errors  "
                f"{self.requests / self.seconds:8.1f} req/s  p50 {cuts[49]:7.1f} ms  "
                f"p95 {cuts[94]:7.1f} ms  p99 {cuts[98]:7.1f} ms")


async def drive(base: str, name: str, make_url: Callable[[random.Random], str], requests: int,
                concurrency: int, seed: int) -> LoadResult:
    """``requests`` GETs with at most ``concurrency`` in flight at once."""
    rng = random.Random(seed)
    urls = [make_url(rng) for _ in range(requests)]
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            url = queue.get_nowait()
            started = time.perf_counter()
            response = await client.get(url)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return LoadResult(name, requests, errors, seconds, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2_000, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as folder:
        db = Path(folder) / "bench.db"
        seconds = fill_store(db, args.events, args.seed)
        store = open_store(db)
        stored = store.stats()
        store.close()
        print(f"store: {stored['events']} events, {stored['documents']} documents, "
              f"{stored['mentions']} mentions written in {seconds:.1f} s "
              f"({stored['events'] / seconds:.0f} events/s)")
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            print(f"load: {args.requests} requests per endpoint, {args.concurrency} in flight")
            for name, make_url in (("events", events_url), ("timeline", timeline_url)):
                result = asyncio.run(drive(base, name, make_url, args.requests,
                                           args.concurrency, args.seed))
                print(result.line())
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
