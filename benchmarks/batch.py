"""Articles/s of the batch job: the single-process engine, its workers, Spark local[1], local[2].

    python benchmarks/batch.py [--articles 120] [--masters local[1] local[2]] [--json FILE]
    python benchmarks/batch.py --input ../shared/eval/train.jsonl --articles 120

Every run extracts the same corpus and must write the same events. The corpus is real
articles from ``--input`` (a JSONL file read as opaque records, never printed; copies made
distinct when ``--articles`` exceeds it), else generated here (no outside text) at a real
report's size, some 350 words each, every text distinct. The runs: the local engine with one
worker (the single process), with ``--workers`` (default: the number of cores), then Spark
for each of ``--masters``. The time of a Spark run is the job itself, after the session has
started (starting the JVM takes ~5-10 s once per job, whatever its size), but it includes
each executor loading its own pipeline, which is what a real job pays. Ratios are against
the single process, so >1 means faster than one process; Spark's are also given against
its first master.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from communique.batch import run_batch
from communique.batch.spark import spark_session
from communique.parallel import default_workers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workers import real_records, write_records

PEOPLE = (
    ("Chinese Foreign Minister", "Wang Yi"), ("Russian Foreign Minister", "Sergey Lavrov"),
    ("US Secretary of State", "Antony Blinken"), ("French President", "Emmanuel Macron"),
    ("German Chancellor", "Olaf Scholz"), ("Indian Prime Minister", "Narendra Modi"),
    ("Japanese Prime Minister", "Fumio Kishida"), ("Turkish President", "Recep Tayyip Erdogan"),
)
CITIES = ("Beijing", "Moscow", "Paris", "Berlin", "New Delhi", "Tokyo", "Ankara", "Geneva")
TOPICS = ("trade", "energy security", "the war in Ukraine", "climate finance", "grain exports")
STATES = ("Iran", "North Korea", "Venezuela", "Syria", "Belarus")
SANCTIONERS = ("The United States", "The European Union", "Britain", "Canada", "Japan")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MOODS = ("cautious", "tense", "constructive", "cordial", "guarded")


def article(number: int, rng: random.Random, length: int) -> dict[str, Any]:
    """One generated news item: a meeting, or sanctions, then ``length`` sentences of context
    (a real report runs to some 500 words, and extraction time grows with the text)."""
    (title_a, name_a), (title_b, name_b) = rng.sample(PEOPLE, 2)
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(360))
    if number % 3:
        lead = (f"{title_a} {name_a} met {title_b} {name_b} in {rng.choice(CITIES)} on "
                f"{rng.choice(WEEKDAYS)}. The two sides discussed {rng.choice(TOPICS)}.")
    else:
        lead = (f"{rng.choice(SANCTIONERS)} imposed new sanctions on {rng.choice(STATES)} on "
                f"{rng.choice(WEEKDAYS)} over its support for armed groups.")
    filler = "".join(
        f" Officials said further talks on {rng.choice(TOPICS)} were expected later in the "
        f"year, and analysts in {rng.choice(CITIES)} described the mood as {rng.choice(MOODS)}."
        for _ in range(length))
    return {"id": f"bench-{number}", "text": f"{lead}{filler} Report {number}.",
            "published": published.isoformat(),
            "url": f"https://bench.example/{number}", "outlet": f"Outlet {number % 7}"}


def write_corpus(folder: Path, count: int, length: int, real: Path | None) -> Path:
    if real is not None:
        return write_records(real_records(real, count), folder / "corpus.jsonl")
    rng = random.Random(20240506)
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps(article(number, rng, length)) + "\n")
    return path


def process_class(cmdline: bytes) -> str:
    """Which part of a job a descendant process is: the JVM, a PySpark worker, or another."""
    if b"org.apache.spark" in cmdline or cmdline.split(b"\0")[0].endswith(b"java"):
        return "jvm"
    return "spark python" if b"pyspark.daemon" in cmdline else "workers"


def tree_cpu_seconds() -> dict[str, float]:
    """CPU seconds of this process (with its ended children) and of every live descendant (the
    Spark JVM, its Python workers, the local engine's workers) by class, from Linux's /proc."""
    own = os.times()
    seconds = {"driver": own.user + own.system + own.children_user + own.children_system}
    parents: dict[int, int] = {}
    times: dict[int, tuple[float, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        times[pid] = cpu, process_class(cmdline)
    mine = {os.getpid()}
    grew = True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in mine} - mine
        grew = bool(found)
        mine |= found
    for pid in mine - {os.getpid()}:
        cpu, kind = times[pid]
        seconds[kind] = seconds.get(kind, 0.0) + cpu
    return seconds


def cpu_spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds per process class between two readings (a class may appear meanwhile)."""
    return {kind: round(after[kind] - before.get(kind, 0.0), 1) for kind in after
            if after[kind] - before.get(kind, 0.0) >= 0.05}


def timed_run(corpus: Path, out: Path, master: str | None, workers: int = 1) -> dict[str, Any]:
    load = os.getloadavg()[0]  # other work on the machine: compare runs at similar loads
    if master is None:
        before = tree_cpu_seconds()
        summary = run_batch(str(corpus), out, engine="local", workers=workers)
        cpu = cpu_spent(before, tree_cpu_seconds())
    else:
        spark = spark_session(master, {})
        try:
            before = tree_cpu_seconds()
            summary = run_batch(str(corpus), out, engine="spark", spark=spark)
            cpu = cpu_spent(before, tree_cpu_seconds())
        finally:
            spark.stop()
    name = master or ("single process" if workers == 1 else f"local, {workers} workers")
    return {"engine": name, "documents": summary.documents,
            "cpu_seconds": round(sum(cpu.values()), 1), "cpu_by_process": cpu,
            "events": summary.events, "seconds": summary.seconds,
            "articles_per_second": round(summary.articles_per_second, 2),
            "load_average": round(load, 2)}


def same_tables(folder: Path, outputs: list[str]) -> bool:
    """Whether every output folder holds the same rows in its events, mentions and documents."""
    from communique.batch.tables import read_table

    def content(out: str) -> list[list[str]]:
        return [sorted(json.dumps(row, sort_keys=True, default=str)
                       for row in read_table(folder / out, name).to_pylist())
                for name in ("events", "mentions", "documents")]

    first = content(outputs[0])
    return all(content(out) == first for out in outputs[1:])


def cpu_text(run: dict[str, Any]) -> str:
    return ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in run["cpu_by_process"].items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--input", type=Path, help="JSONL of real articles (default: generated)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="workers of the local engine's parallel run (default: the cores)")
    parser.add_argument("--sentences", type=int, default=15,
                        help="context sentences per article (15: about 350 words)")
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(folder, args.articles, args.sentences, args.input)
        runs = [timed_run(corpus, folder / "single", None)]
        if args.workers > 1:
            runs.append(timed_run(corpus, folder / "workers", None, args.workers))
        spark_runs = [timed_run(corpus, folder / f"spark-{n}", m)
                      for n, m in enumerate(args.masters)]
        same = same_tables(folder, ["single", "workers"][: len(runs)]
                           + [f"spark-{n}" for n in range(len(spark_runs))])
    base = runs[0]["articles_per_second"]
    for run in runs + spark_runs:
        run["ratio_to_single_process"] = round(run["articles_per_second"] / base, 2)
    for run in spark_runs:
        run["ratio_to_first_master"] = round(
            run["articles_per_second"] / spark_runs[0]["articles_per_second"], 2)
    runs += spark_runs
    report = {"articles": args.articles, "input": str(args.input or "generated"),
              "sentences": args.sentences, "cpus": os.cpu_count(), "runs": runs,
              "same_events": same}
    print(f"{'engine':<20} {'articles/s':>10} {'x single':>8} {'x first master':>14} "
          f"{'seconds':>8} {'load':>5} {'CPU s':>7}  {'events':>6}  CPU s by process")
    for run in runs:
        print(f"{run['engine']:<20} {run['articles_per_second']:>10.2f} "
              f"{run['ratio_to_single_process']:>8.2f} "
              f"{run.get('ratio_to_first_master', ''):>14} {run['seconds']:>8.1f} "
              f"{run['load_average']:>5.1f} "
              f"{run['cpu_seconds']:>7.1f}  {run['events']:>6}  {cpu_text(run)}")
    print(f"same events, mentions and documents in every run: {same}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["same_events"] else 1


if __name__ == "__main__":
    sys.exit(main())
