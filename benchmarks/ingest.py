"""Full ingest vs extraction alone: articles/s and peak memory on the same synthetic corpus.

    python benchmarks/ingest.py            # 1,000 articles
    python benchmarks/ingest.py --n 5000 --memory-n 500
    python benchmarks/ingest.py --only-workers --input ../shared/eval/train.jsonl --n 120

The corpus is generated: short wire-style reports of meetings, accusations, sanctions,
protests and aid between varied countries on varied days, each story told by one to three
outlets in different words, so the store has real cross-outlet merges to do and no two
articles share a content hash. Timings run without tracing; peak Python heap (tracemalloc)
is measured in a second, traced pass over the first ``--memory-n`` articles, because tracing
slows spaCy down and would distort the rates.

Workers: the full ingest with ``--workers`` 1 and N (default: the number of cores) on the same
corpus in one run, each into a fresh store after a warm-up that loads every worker's pipeline;
the stores must hold the same events. ``--input FILE`` ingests real articles from a JSONL file
instead (read as opaque records, never printed; copies made distinct when ``--n`` exceeds it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.ingest import read_paths
from communique.model import Article, ArticleResult
from communique.parallel import ParallelPipeline, default_workers
from communique.pipeline import Pipeline, PipelineConfig
from communique.store import EventQuery
from communique.store.loader import ingest_paths
from communique.store.sqlite import SQLiteStore

sys.path.insert(0, str(Path(__file__).resolve().parent))

COUNTRIES = (
    ("China", "Chinese", "Beijing"), ("Russia", "Russian", "Moscow"),
    ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"),
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"),
    ("Brazil", "Brazilian", "Brasilia"), ("Turkey", "Turkish", "Ankara"),
    ("Egypt", "Egyptian", "Cairo"), ("Indonesia", "Indonesian", "Jakarta"),
    ("Kenya", "Kenyan", "Nairobi"), ("Mexico", "Mexican", "Mexico City"),
    ("Canada", "Canadian", "Ottawa"), ("Australia", "Australian", "Canberra"),
    ("South Africa", "South African", "Pretoria"), ("Vietnam", "Vietnamese", "Hanoi"),
)
OUTLETS = ("Global Wire Service", "The Harbour Times", "Eastern Ledger", "Continental Post",
           "Pacific Dispatch")
# Each story kind is told in three wordings, one per outlet that covers it.
STORIES = {
    "meeting": (
        "The foreign ministers of {A} and {B} held talks in {city} on {day}, officials said. "
        "They discussed trade, energy and regional security.",
        "{A_adj} and {B_adj} foreign ministers met in {city} on {day} to discuss trade and "
        "security, according to a statement issued after the meeting.",
        "{B}'s top diplomat met his {A_adj} counterpart in {city} on {day}. The two sides "
        "agreed to keep in close contact.",
    ),
    "accusation": (
        "{A} accused {B} on {day} of violating a ceasefire along their shared border. "
        "{B} rejected the accusation.",
        "The {A_adj} government on {day} accused {B} of breaking the ceasefire, a spokesman "
        "said in {capital_a}.",
        "{A} blamed {B} on {day} for the collapse of the truce, the {A_adj} foreign ministry "
        "said in a statement.",
    ),
    "sanction": (
        "{A} imposed sanctions on {B} on {day}, freezing the assets of several officials. "
        "{B} said it would respond.",
        "The {A_adj} government announced sanctions against {B} on {day}, targeting officials "
        "and state companies.",
        "{A} on {day} placed new sanctions on {B} over its military programme, the {A_adj} "
        "finance ministry said.",
    ),
    "protest": (
        "Thousands of people protested in {capital_a} on {day} against a rise in fuel prices. "
        "Police said the demonstration was peaceful.",
        "Demonstrators marched through {capital_a} on {day} to protest against higher fuel "
        "prices, witnesses said.",
        "Crowds took to the streets of {capital_a} on {day}, protesting the government's fuel "
        "price increase.",
    ),
    "aid": (
        "{A} pledged {amount} million dollars in humanitarian aid to {B} on {day} after severe "
        "floods.",
        "{A} will send {amount} million dollars of emergency aid to flood-hit {B}, the {A_adj} "
        "government said on {day}.",
        "The {A_adj} government on {day} announced {amount} million dollars in relief aid for "
        "{B} following the floods.",
    ),
}
CLOSINGS = ("Reporting by staff in {capital_a}.", "Additional reporting by agencies.",
            "The story was updated with official comment.", "Editing by the world desk.")


@dataclass(frozen=True)
class Story:
    kind: str
    a: tuple[str, str, str]
    b: tuple[str, str, str]
    day: dt.date
    amount: int


def random_story(rng: random.Random, start: dt.date) -> Story:
    a, b = rng.sample(COUNTRIES, 2)
    return Story(kind=rng.choice(sorted(STORIES)), a=a, b=b,
                 day=start + dt.timedelta(days=rng.randrange(365)), amount=rng.randrange(2, 90))


def tell(story: Story, wording: int, serial: int) -> str:
    city = story.a[2] if wording % 2 == 0 else story.b[2]
    values = {"A": story.a[0], "A_adj": story.a[1], "B": story.b[0], "B_adj": story.b[1],
              "capital_a": story.a[2], "city": city, "amount": story.amount,
              "day": f"{story.day.day} {story.day:%B}"}
    body = STORIES[story.kind][wording].format(**values)
    closing = CLOSINGS[serial % len(CLOSINGS)].format(**values)
    return f"{body}\n\n{closing} (ref {serial:06d})"


def synthetic_articles(n: int, seed: int = 0) -> list[Article]:
    """``n`` distinct articles; a story is covered by 1-3 outlets, published a day after."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    articles: list[Article] = []
    while len(articles) < n:
        story = random_story(rng, start)
        for wording, outlet in enumerate(rng.sample(OUTLETS, rng.randint(1, 3))):
            serial = len(articles)
            articles.append(Article(
                id=f"syn-{serial:06d}", text=tell(story, wording, serial),
                published=story.day + dt.timedelta(days=1), outlet=outlet,
                url=f"https://{outlet.lower().replace(' ', '')}.example/{serial:06d}",
                title=f"{story.kind} {story.a[0]} {story.b[0]}"))
    return articles[:n]


def write_jsonl(articles: list[Article], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for art in articles:
            out.write(json.dumps({"id": art.id, "text": art.text, "outlet": art.outlet,
                                  "url": art.url, "title": art.title,
                                  "published": art.published.isoformat() if art.published
                                  else None}) + "\n")
    return path


@dataclass
class Measure:
    seconds: float
    articles: int
    peak_bytes: int = 0

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def timed(run: Callable[[], int]) -> Measure:
    start = time.perf_counter()
    count = run()
    return Measure(time.perf_counter() - start, count)


def traced_peak(run: Callable[[], int]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def extraction_only(pipeline: Pipeline, articles: list[Article]) -> Callable[[], int]:
    def run() -> int:
        return sum(1 for _ in pipeline.process_many(articles))
    return run


def full_ingest(pipeline: Pipeline, corpus: Path, workdir: Path, name: str) -> Callable[[], int]:
    def run() -> int:
        store = SQLiteStore(workdir / f"{name}.db")
        try:
            summary = ingest_paths([corpus], store, pipeline, progress=False)
        finally:
            store.close()
        return summary.read
    return run


def main(argv: list[str] | None = None) -> int:
    from workers import add_worker_arguments

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to ingest (default 1000)")
    parser.add_argument("--memory-n", type=int, default=200,
                        help="articles in the traced memory pass (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    add_worker_arguments(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if not args.only_workers:
            run_benchmark(args.n, args.memory_n, args.seed, Path(folder))
        same = worker_scaling(args, Path(folder))
    return 0 if same else 1


def worker_scaling(args: argparse.Namespace, workdir: Path) -> bool:
    """Full ingests with 1 and N workers into fresh stores; True when they stored the same."""
    from workers import (
        print_runs,
        read_articles,
        real_records,
        timed,
        write_records,
    )

    if args.input is None:
        corpus = write_jsonl(synthetic_articles(args.n, args.seed), workdir / "w-corpus.jsonl")
    else:
        corpus = write_records(real_records(args.input, args.n), workdir / "w-corpus.jsonl")
    articles = len(read_articles(corpus))
    counts = sorted(set(args.workers or [1, default_workers()]) | {1})
    # Not timed: loads every worker's pipeline before the run, on other articles.
    warm_up = synthetic_articles(2 * max(counts) * PipelineConfig.batch_size, args.seed + 1)
    runs = []
    for workers in counts:
        pool = ParallelPipeline(PipelineConfig(batch_size=args.batch_size), workers)
        list(pool.process_many(warm_up))
        store = SQLiteStore(workdir / f"workers-{workers}.db")
        runs.append(timed(pool, articles,
                          lambda pool=pool, store=store: stored_events(corpus, store, pool)))
        store.close()
    print_runs(f"\nfull ingest by workers: {articles} articles "
               f"({'from ' + str(args.input) if args.input else 'generated'}), "
               f"batches of {args.batch_size}", runs)
    same = all(run.output == runs[0].output for run in runs)
    print(f"same store contents with every worker count: {same}")
    return same


def stored_events(corpus: Path, store: SQLiteStore, pool: ParallelPipeline) -> list[Any]:
    """Ingest the corpus; what the store then holds, to compare runs."""
    summary = ingest_paths([corpus], store, pool, progress=False)
    events = [(e["event_id"], e["type"], e["num_articles"], e["num_mentions"])
              for e in store.events(EventQuery(limit=1_000_000))]
    return [summary.new, summary.failed, summary.events_written, events]


def run_benchmark(n: int, memory_n: int, seed: int, workdir: Path) -> None:
    articles = synthetic_articles(n, seed)
    corpus = write_jsonl(articles, workdir / "corpus.jsonl")
    sample = write_jsonl(articles[:memory_n], workdir / "sample.jsonl")
    read = [r for r in read_paths([corpus]) if isinstance(r, Article)]
    pipeline = Pipeline.load()
    results = [r for r in pipeline.process_many(read) if isinstance(r, ArticleResult)]
    # Best of two interleaved runs each: the first pass over a text warms caches for both.
    extraction = best(timed(extraction_only(pipeline, read)) for _ in range(2))
    ingest = best(timed(full_ingest(pipeline, corpus, workdir, f"timed{i}")) for i in range(2))
    storing = timed(store_only(results, workdir / "store-only.db"))
    extraction.peak_bytes = traced_peak(extraction_only(pipeline, read[:memory_n]))
    ingest.peak_bytes = traced_peak(full_ingest(pipeline, sample, workdir, "traced"))
    report(n, min(n, memory_n), extraction, ingest, storing, workdir / "timed0.db")


def best(measures: Iterable[Measure]) -> Measure:
    return min(measures, key=lambda m: m.seconds)


def store_only(results: list[ArticleResult], db: Path) -> Callable[[], int]:
    """Writing already extracted results: the store's own share of an ingest."""
    def run() -> int:
        store = SQLiteStore(db)
        try:
            for result in results:
                store.add_result(result.article, result)
        finally:
            store.close()
        return len(results)
    return run


def report(n: int, memory_n: int, extraction: Measure, ingest: Measure, storing: Measure,
           db: Path) -> None:
    store = SQLiteStore(db)
    stats = store.stats()
    store.close()
    mib = 1024 * 1024
    print(f"corpus: {n} articles -> {stats['documents']} documents, {stats['events']} events, "
          f"{stats['mentions']} mentions; database {db.stat().st_size / mib:.1f} MiB")
    print(f"{'':24}{'articles/s':>12}{'seconds':>10}{'peak MiB':>10}")
    for label, m in (("extraction alone", extraction), ("full ingest", ingest)):
        print(f"{label:24}{m.rate:>12.1f}{m.seconds:>10.1f}{m.peak_bytes / mib:>10.1f}")
    print(f"{'store writes alone':24}{storing.rate:>12.1f}{storing.seconds:>10.1f}"
          f"{'':>10}  ({1000 * storing.seconds / max(storing.articles, 1):.2f} ms/article)")
    print(f"ratio ingest/extraction: time x{ingest.seconds / extraction.seconds:.2f}, "
          f"rate x{ingest.rate / extraction.rate:.2f}, "
          f"peak memory x{ingest.peak_bytes / max(extraction.peak_bytes, 1):.2f} "
          f"(memory traced on the first {memory_n} articles)")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
