"""What the worker benchmarks share: a corpus of real-sized distinct articles, and timing
``--workers`` 1 against N in one run.

A corpus comes from a JSONL file of the user's (``--input``: read as opaque records, never
printed; only id, text, published, url, outlet and title are kept), repeated with each copy
made distinct (a line added to its text, a new id and URL) when more articles are asked for
than it holds. Without ``--input`` the caller's generated articles are used.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.ingest import read_paths
from communique.model import Article

KEPT_FIELDS = ("id", "text", "published", "url", "outlet", "title")


def real_records(path: Path, count: int) -> list[dict[str, Any]]:
    """``count`` distinct records from a JSONL file, its records repeated as needed."""
    source = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                record = json.loads(line)
                source.append({k: record.get(k) for k in KEPT_FIELDS})
    if not source:
        raise SystemExit(f"{path}: no records")
    records = []
    for number in range(count):
        record = dict(source[number % len(source)])
        copy = number // len(source)
        record["id"] = f"{record.get('id') or 'record'}-{number}"
        record["url"] = f"https://bench.example/{number}"
        if copy:  # a distinct text, so the store does not skip it as a copy
            record["text"] = f"{record['text']}\n\n(Copy {copy} of this report.)"
        records.append(record)
    return records


def write_records(records: Iterable[dict[str, Any]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def read_articles(path: Path) -> list[Article]:
    """The articles of a JSONL file, as ``communique`` reads them."""
    return [r for r in read_paths([path]) if isinstance(r, Article)]


def words_per_article(articles: list[Article]) -> int:
    return round(sum(len(a.text.split()) for a in articles) / max(len(articles), 1))


@dataclass
class WorkerRun:
    """One timed run with a number of workers."""

    workers: int
    seconds: float
    articles: int
    worker_peak_rss_mib: float
    output: Any = None

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def row(self, base: WorkerRun) -> dict[str, Any]:
        return {"workers": self.workers, "seconds": round(self.seconds, 2),
                "articles_per_s": round(self.rate, 2),
                "ratio_to_1_worker": round(self.rate / base.rate, 2) if base.rate else None,
                "worker_peak_rss_mib": round(self.worker_peak_rss_mib, 0)}


def peak_rss_mib(workers: int) -> float:
    """The largest peak RSS of a worker: this process's for one worker (it runs in-process),
    else the largest of the worker processes ended so far."""
    who = resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN
    return resource.getrusage(who).ru_maxrss / 1024


def timed(workers: int, articles: int, run: Callable[[], Any],
          after: Callable[[], None]) -> WorkerRun:
    """Time ``run``; ``after`` then ends the workers, so their peak RSS can be read."""
    started = time.perf_counter()
    output = run()
    seconds = time.perf_counter() - started
    after()
    return WorkerRun(workers, seconds, articles, peak_rss_mib(workers), output)


def print_runs(title: str, runs: list[WorkerRun]) -> list[dict[str, Any]]:
    base = next(r for r in runs if r.workers == 1)
    rows = [run.row(base) for run in runs]
    print(title)
    print(f"{'workers':>8}{'articles/s':>12}{'seconds':>10}{'x 1 worker':>12}"
          f"{'peak RSS/worker MiB':>21}")
    for row in rows:
        print(f"{row['workers']:>8}{row['articles_per_s']:>12.2f}{row['seconds']:>10.1f}"
              f"{row['ratio_to_1_worker']:>12.2f}{row['worker_peak_rss_mib']:>21.0f}")
    return rows
