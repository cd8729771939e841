"""Articles/s of the batch job: the single-process engine, Spark local[1] and local[2].

    python benchmarks/batch.py [--articles 600] [--masters local[1] local[2]] [--json FILE]

Every run extracts the same generated corpus (written here, no outside text) and must write
the same events; the time of a Spark run is the job itself, after the session has started
(starting the JVM takes ~5-10 s once per job, whatever its size), but it includes each
executor loading its own pipeline, which is what a real job pays. Ratios are against the
single-process engine, so >1 means faster than one process.
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


def write_corpus(folder: Path, count: int, length: int) -> Path:
    rng = random.Random(20240506)
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps(article(number, rng, length)) + "\n")
    return path


def timed_run(corpus: Path, out: Path, master: str | None) -> dict[str, Any]:
    if master is None:
        summary = run_batch(str(corpus), out, engine="local")
    else:
        spark = spark_session(master, {})
        try:
            summary = run_batch(str(corpus), out, engine="spark", spark=spark)
        finally:
            spark.stop()
    return {"engine": master or "single process", "documents": summary.documents,
            "events": summary.events, "seconds": summary.seconds,
            "articles_per_second": round(summary.articles_per_second, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--sentences", type=int, default=15,
                        help="context sentences per article (15: about 350 words)")
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(folder, args.articles, args.sentences)
        runs = [timed_run(corpus, folder / "single", None)]
        runs += [timed_run(corpus, folder / f"spark-{n}", m) for n, m in enumerate(args.masters)]
    base = runs[0]["articles_per_second"]
    for run in runs:
        run["ratio_to_single_process"] = round(run["articles_per_second"] / base, 2)
    report = {"articles": args.articles, "sentences": args.sentences, "cpus": os.cpu_count(),
              "runs": runs,
              "same_events": len({(r["documents"], r["events"]) for r in runs}) == 1}
    print(f"{'engine':<16} {'articles/s':>10} {'ratio':>6} {'seconds':>8}  events")
    for run in runs:
        print(f"{run['engine']:<16} {run['articles_per_second']:>10.2f} "
              f"{run['ratio_to_single_process']:>6.2f} {run['seconds']:>8.1f}  {run['events']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["same_events"] else 1


if __name__ == "__main__":
    sys.exit(main())
