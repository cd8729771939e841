"""What the worker benchmarks share: a corpus of real-sized distinct articles, and timing
``--workers`` 1 against N in one run.

A corpus comes from a JSONL file of the user's (``--input``: read as opaque records, never
printed; only id, text, published, url, outlet and title are kept), repeated with each copy
made distinct (a line added to its text, a new id and URL) when more articles are asked for
than it holds. Without ``--input`` the caller's generated articles are used.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.ingest import read_paths
from communique.model import Article
from communique.parallel import ParallelPipeline
from communique.pipeline import PipelineConfig

KEPT_FIELDS = ("id", "text", "published", "url", "outlet", "title")


def add_worker_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of a worker comparison, shared by the extract and ingest benchmarks."""
    parser.add_argument("--workers", type=int, nargs="+", default=None,
                        help="worker counts to compare (default: 1 and the number of cores)")
    parser.add_argument("--input", type=Path,
                        help="JSONL of real articles for the worker runs (default: generated)")
    parser.add_argument("--only-workers", action="store_true",
                        help="run only the worker comparison")
    parser.add_argument("--batch-size", type=int, default=PipelineConfig.batch_size,
                        help="articles parsed together in the worker runs (default: the "
                             f"pipeline's, {PipelineConfig.batch_size}), to compare sizes")


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
    cpu_seconds: float  # this process and its workers, during the run only
    main_cpu_seconds: float  # this process alone: reading, ordering, writing
    worker_cpu_seconds: list[float]  # each worker process's (none for one: it runs in-process)
    output: Any = None

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def row(self, base: WorkerRun) -> dict[str, Any]:
        # On as many idle cores as workers, the run takes at least its CPU time shared by the
        # cores, and as long as this process's own work: one worker's CPU time over that is
        # the speed-up a machine of its own would show.
        path = max(self.main_cpu_seconds, self.cpu_seconds / self.workers)
        idle = base.cpu_seconds / path if self.workers > 1 else 1.0
        return {"workers": self.workers, "seconds": round(self.seconds, 2),
                "articles_per_s": round(self.rate, 2),
                "ratio_to_1_worker": round(self.rate / base.rate, 2) if base.rate else None,
                "cpu_seconds": round(self.cpu_seconds, 1),
                "cpu_ratio_to_1_worker": round(self.cpu_seconds / base.cpu_seconds, 2),
                "main_cpu_seconds": round(self.main_cpu_seconds, 1),
                "worker_cpu_seconds": [round(s, 1) for s in self.worker_cpu_seconds],
                "idle_cores_ratio_estimate": round(idle, 2) if idle else None,
                "worker_peak_rss_mib": round(self.worker_peak_rss_mib, 0)}


def peak_rss_mib(workers: int) -> float:
    """The largest peak RSS of a worker: this process's for one worker (it runs in-process),
    else the largest of the worker processes ended so far."""
    who = resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN
    return resource.getrusage(who).ru_maxrss / 1024


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a (Linux) process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def own_cpu_seconds() -> float:
    """User + system CPU seconds of this process, all its threads."""
    own = os.times()
    return own.user + own.system


def timed(pool: ParallelPipeline, articles: int, run: Callable[[], Any]) -> WorkerRun:
    """Time ``run`` (wall and CPU of each process), then end the pool so its workers' peak
    RSS can be read."""
    pids = pool.worker_pids()
    main_before = own_cpu_seconds()
    before = [process_cpu_seconds(pid) for pid in pids]
    started = time.perf_counter()
    output = run()
    seconds = time.perf_counter() - started
    main = own_cpu_seconds() - main_before
    workers = [process_cpu_seconds(pid) - b for pid, b in zip(pids, before, strict=True)]
    pool.close()
    return WorkerRun(pool.workers, seconds, articles, peak_rss_mib(pool.workers),
                     main + sum(workers), main, workers, output)


def print_runs(title: str, runs: list[WorkerRun]) -> list[dict[str, Any]]:
    base = next(r for r in runs if r.workers == 1)
    rows = [run.row(base) for run in runs]
    print(f"{title}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'workers':>8}{'articles/s':>12}{'seconds':>9}{'x 1 worker':>11}{'CPU s':>8}"
          f"{'main CPU s':>12}  {'CPU s per worker':<18}{'x on idle cores':>16}"
          f"{'peak RSS/worker MiB':>21}")
    for row in rows:
        each = " ".join(f"{s:.1f}" for s in row["worker_cpu_seconds"]) or "(in main)"
        print(f"{row['workers']:>8}{row['articles_per_s']:>12.2f}{row['seconds']:>9.1f}"
              f"{row['ratio_to_1_worker']:>11.2f}{row['cpu_seconds']:>8.1f}"
              f"{row['main_cpu_seconds']:>12.1f}  {each:<18}"
              f"{row['idle_cores_ratio_estimate']:>16.2f}{row['worker_peak_rss_mib']:>21.0f}")
    print("'x 1 worker' is what this machine gave, all runs in this one process; 'CPU s' is "
          "every process's, split into the main process's (reading, ordering, writing) and "
          "each worker's; 'x on idle cores' is one worker's CPU seconds over the longer of this "
          "run's CPU seconds / N and its main process's: the speed-up on N cores no other job "
          "uses.")
    return rows
