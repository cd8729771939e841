"""Extraction speed and memory: the full pipeline against spaCy alone on the same texts.

    python benchmarks/extract.py [--n 300] [--repeats 2] [--json FILE]    # about a minute
    python benchmarks/extract.py --only-workers --input ../shared/eval/train.jsonl --n 120

Workers: ``--workers 1 2`` (default: 1 and the number of cores) times ``--workers`` runs of
``communique.parallel.ParallelPipeline`` on the same articles in one run, after a warm-up that
loads every worker's pipeline, checks that every run gives the same output, and reports the
rate of each against one worker and the peak RSS of a worker. ``--input FILE`` takes the
articles from a JSONL file of real reports (read as opaque records, never printed; copies
made distinct when ``--n`` exceeds it); without it they are the generated ones below.

Every pipeline has to pay for the spaCy parse, so the baseline is ``nlp.pipe`` of the same
model over the same texts, with the pipeline's batch size, run in this process alternately
with the full ``Pipeline.process_many``; figures are reported as ratios against it. The
corpus is generated here from templates filled with the knowledge base's own countries and
office holders (no outside text), published between 2025-10 and 2026-10, some 230 words an
article.

Besides throughput it reports: latency (one article at a time, on articles neither run has
seen, so the date cache is as cold as for a new article), the one-off load times, peak memory
(``ru_maxrss`` and a tracemalloc peak over a small sub-run; tracing slows spaCy several-fold,
so that sub-run is timed nowhere), and where an article's time goes, stage by stage, on a
further held-out sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy

from communique.actors.knowledge import FAMILY_NAME_FIRST, CountryEntry, KnowledgeBase
from communique.events.finder import find_mentions
from communique.events.lexicon import Lexicon
from communique.geo import Gazetteer, find_places
from communique.model import Article, ArticleResult
from communique.parallel import ParallelPipeline, default_workers
from communique.pipeline import Pipeline, PipelineConfig
from communique.time import DateResolver, find_date_mentions

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workers import (
    add_worker_arguments,
    print_runs,
    read_articles,
    real_records,
    timed,
    words_per_article,
    write_records,
)

SEED = 20261126
FIRST_DAY = dt.date(2025, 10, 1)  # everyone in the cast holds office from here on
DAYS = 390
MIB = 1024 * 1024

# ------------------------------------------------------------------ the generated corpus

ROLE_TITLES = {
    "president": "President", "prime minister": "Prime Minister",
    "foreign minister": "Foreign Minister", "defence minister": "Defence Minister",
    "chancellor": "Chancellor",
}
US_TITLES = {"foreign minister": "Secretary of State", "defence minister": "Defense Secretary"}
NAMES_WITH_THE = ("United ", "Netherlands", "Philippines", "Czech Republic", "Dominican",
                  "Central African", "Democratic Republic", "Gambia", "Bahamas")
SURNAME_PARTICLES = frozenset({"de", "van", "von", "der", "da", "al", "el", "bin", "le", "la"})
OUTLETS = ("Global Wire Service", "Continental Post", "Harbour Times", "Eastern Ledger")
TOPICS = ("trade", "energy security", "the war in Ukraine", "climate finance", "grain exports",
          "maritime security", "the ceasefire in Gaza", "nuclear safety", "migration",
          "critical minerals", "debt relief", "arms control")
GRIEVANCES = ("its nuclear programme", "its support for armed groups", "human rights abuses",
              "cyber attacks on government networks", "the detention of journalists",
              "election interference")
DEMANDS = ("release detained aid workers", "withdraw its troops from the border",
           "return to negotiations", "open its crossings to aid convoys",
           "halt missile tests")
ORGS = ("United Nations", "European Union", "African Union", "International Monetary Fund",
        "World Health Organization")
MOODS = ("cautious", "tense", "constructive", "cordial", "guarded", "frank")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Official:
    """An office holder from the knowledge base, with the words a report uses for them."""

    name: str
    surname: str
    title: str  # "Russian Foreign Minister"
    country: str  # "Russia", "the United States"
    demonym: str
    capital: str


def country_name(entry: CountryEntry) -> str:
    short = next((a for a in entry.aliases if a == "Britain"), entry.name)
    return f"the {short}" if short.startswith(NAMES_WITH_THE) else short


def surname(name: str, iso3: str) -> str:
    """What a second mention calls them: "Wang", "Lavrov", "De Wever", "el-Sisi"."""
    words = name.split()
    if iso3 in FAMILY_NAME_FIRST:
        return words[0]
    if len(words) > 2 and words[-2].lower() in SURNAME_PARTICLES:
        return " ".join(words[-2:])
    return words[-1]


def official(kb: KnowledgeBase, name: str, iso3: str, role: str) -> Official | None:
    entry = kb.countries.get(iso3)
    if entry is None or not entry.demonyms or not entry.capitals:
        return None
    demonym = next((d for d in entry.demonyms if d.isupper() and "." not in d),
                   entry.demonyms[0])
    office = US_TITLES.get(role, ROLE_TITLES[role]) if iso3 == "USA" else ROLE_TITLES[role]
    return Official(name, surname(name, iso3), f"{demonym} {office}", country_name(entry),
                    entry.demonyms[0], entry.capitals[0])


def cast(kb: KnowledgeBase) -> list[Official]:
    """Heads of state and government, foreign and defence ministers in office all year."""
    people = (official(kb, p.name, p.country, p.role) for p in kb.people
              if p.role in ROLE_TITLES and p.country and p.end is None and p.held_on(FIRST_DAY))
    return [p for p in people if p is not None]


@dataclass(frozen=True)
class Scene:
    """The parties and circumstances one generated article is about."""

    a: Official
    b: Official
    c: Official
    day: str  # "on Tuesday", "on March 3"
    city: str
    topic: str
    topic2: str
    grievance: str
    demand: str
    org: str
    mood: str
    month: str
    n: int


LEADS = (
    "{a.title} {a.name} met {b.title} {b.name} in {city} {day}, and the two sides discussed "
    "{topic}.",
    "{a.country} imposed new sanctions on {b.country} {day} over {grievance}, {a.title} "
    "{a.name} said.",
    "{a.title} {a.name} accused {b.country} {day} of {grievance}.",
    "{a.country} and {b.country} signed an agreement on {topic} in {city} {day}.",
    "{a.title} {a.name} pledged ${n} million in humanitarian aid to {b.country} during a visit "
    "to {b.capital} {day}.",
    "{a.title} {a.name} warned {day} that {a.country} would retaliate if {b.country} did not "
    "{demand}.",
    "{a.title} {a.name} urged {b.country} {day} to {demand}.",
    "{b.country} rejected a proposal by {a.country} on {topic} {day}, {b.title} {b.name} said.",
    "Thousands of protesters marched to the {b.demonym} embassy in {a.capital} {day} to "
    "denounce {grievance}.",
    "{a.demonym} forces launched air strikes near the border with {b.country} {day}, killing "
    "at least {n} people, officials in {b.capital} said.",
    "{a.country} expelled {n} {b.demonym} diplomats {day}, accusing them of espionage.",
    "{a.title} {a.name} spoke by phone with {b.title} {b.name} {day} about {topic}.",
)
FOLLOW_UPS = (
    "{a.surname} told reporters that relations with {b.country} were {mood} but improving.",
    "According to a statement from the {a.demonym} Foreign Ministry, the two sides also "
    "covered {topic2}.",
    "{b.surname} said {b.country} was ready to work with {a.country} on {topic2}.",
    "The {b.demonym} government did not immediately respond to a request for comment.",
    "{b.country} condemned the move and said it would respond in kind.",
    "Analysts in {c.capital} said the dispute could delay talks on {topic2} planned for {month}.",
    "{a.surname} arrived in {city} a day earlier after a visit to {c.country}.",
    "Earlier this month, {c.country} called on both sides to show restraint.",
    "The {org} said it was monitoring the situation closely.",
    "{c.title} {c.name} praised the outcome and offered to host a further round in "
    "{c.capital}.",
    "Officials said a further round of talks on {topic2} was expected in {month}.",
    "Markets in {a.capital} were little changed after the announcement.",
    "The mood at the talks was described as {mood} by diplomats briefed on the discussions.",
    "{b.surname} is expected to visit {c.capital} later in {month} for talks on {topic}.",
)


def when(rng: random.Random, published: dt.date) -> str:
    """A date phrase for a day in the week before publication, as wires write them."""
    day = published - dt.timedelta(days=rng.randrange(1, 7))
    if rng.random() < 0.6:
        return f"on {day.strftime('%A')}"
    return f"on {MONTHS[day.month - 1]} {day.day}"


def scene(rng: random.Random, people: list[Official], published: dt.date) -> Scene:
    a, b, c = rng.sample(people, 3)
    topic, topic2 = rng.sample(TOPICS, 2)
    return Scene(a, b, c, when(rng, published), rng.choice((a.capital, b.capital, c.capital)),
                 topic, topic2, rng.choice(GRIEVANCES), rng.choice(DEMANDS), rng.choice(ORGS),
                 rng.choice(MOODS), MONTHS[(published.month + 1) % 12], rng.randrange(3, 90))


def paragraph(rng: random.Random, lead: str, s: Scene, follow_ups: int) -> str:
    sentences = (t.format(**vars(s)) for t in [lead, *rng.sample(FOLLOW_UPS, follow_ups)])
    return " ".join(t[0].upper() + t[1:] for t in sentences)


def article(number: int, rng: random.Random, people: list[Official]) -> Article:
    """A short wire report: a dateline, three or four paragraphs on two or three events."""
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    first = scene(rng, people, published)
    scenes = [first, *(scene(rng, [first.a, first.b, *rng.sample(people, 3)], published)
                       for _ in range(rng.randrange(2, 4)))]
    leads = rng.sample(LEADS, len(scenes))
    paragraphs = [paragraph(rng, lead, s, rng.randrange(2, 5))
                  for lead, s in zip(leads, scenes, strict=True)]
    outlet = OUTLETS[number % len(OUTLETS)]
    if rng.random() < 0.5:
        paragraphs[0] = f"{first.a.capital.upper()} ({outlet}) - {paragraphs[0]}"
    return Article(id=f"bench-{number}", text="\n\n".join(paragraphs), published=published,
                   url=f"https://bench.example/{number}", title=f"Report {number}",
                   outlet=outlet)


def corpus(count: int, seed: int, first_number: int = 0) -> list[Article]:
    rng = random.Random(seed)
    people = cast(KnowledgeBase.load())
    return [article(first_number + i, rng, people) for i in range(count)]


# ------------------------------------------------------------------ measurements


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def max_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load_times(rss: dict[str, float]) -> tuple[dict[str, float], Any, Pipeline]:
    """One-off load times: spaCy alone first, then the pipeline (which loads its own spaCy),
    then each of the pipeline's other resources again on its own."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    nlp = spacy.load(PipelineConfig().model)
    timings["spacy_load_s"] = time.perf_counter() - start
    rss["after_spacy_load"] = max_rss_mib()
    start = time.perf_counter()
    pipeline = Pipeline.load()
    timings["pipeline_load_s"] = time.perf_counter() - start
    rss["after_pipeline_load"] = max_rss_mib()
    timings["ratio"] = timings["pipeline_load_s"] / timings["spacy_load_s"]
    timings["knowledge_base_s"] = seconds(KnowledgeBase.load)
    timings["lexicon_s"] = seconds(Lexicon.load)
    timings["gazetteer_s"] = seconds(Gazetteer.load)
    timings["date_resolver_s"] = seconds(DateResolver)
    return timings, nlp, pipeline


@dataclass
class Run:
    """One timed pass over the corpus."""

    name: str
    seconds: float
    articles: int
    tokens: int
    tries: tuple[float, ...] = ()  # every repeat's seconds; ``seconds`` is the best

    def row(self, base: Run) -> dict[str, Any]:
        return {"name": self.name, "seconds": round(self.seconds, 3),
                "tries_s": [round(t, 3) for t in self.tries],
                "articles_per_s": round(self.articles / self.seconds, 2),
                "tokens_per_s": round(self.tokens / self.seconds),
                "ratio_to_baseline": round(self.seconds / base.seconds, 2)}


def baseline_run(nlp: Any, articles: list[Article], batch_size: int) -> Run:
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe((a.text for a in articles),
                                               batch_size=batch_size))
    return Run("spaCy alone (nlp.pipe)", time.perf_counter() - start, len(articles), tokens)


def full_run(pipeline: Pipeline, articles: list[Article], tokens: int) -> tuple[Run, int]:
    start = time.perf_counter()
    results = list(pipeline.process_many(articles))
    elapsed = time.perf_counter() - start
    failed = [r for r in results if not isinstance(r, ArticleResult)]
    if failed:
        raise SystemExit(f"the pipeline failed on {len(failed)} articles, first: {failed[0]}")
    events = sum(len(r.events) for r in results if isinstance(r, ArticleResult))
    return Run("full pipeline (process_many)", elapsed, len(articles), tokens), events


def best(runs: list[Run]) -> Run:
    fastest = min(runs, key=lambda run: run.seconds)
    return replace(fastest, tries=tuple(run.seconds for run in runs))


def throughput(nlp: Any, pipeline: Pipeline, articles: list[Article],
               repeats: int) -> tuple[Run, Run, int]:
    """Baseline and full run, alternating ``repeats`` times so that a burst of load from
    elsewhere on the machine hits both; the best of each counts."""
    warm = articles[: pipeline.config.batch_size]  # first-call costs (language model, parsers)
    list(nlp.pipe(a.text for a in warm))
    list(pipeline.process_many(warm))
    bases: list[Run] = []
    fulls: list[Run] = []
    for _ in range(repeats):
        bases.append(baseline_run(nlp, articles, pipeline.config.batch_size))
        full, events = full_run(pipeline, articles, bases[-1].tokens)
        fulls.append(full)
    return best(bases), best(fulls), events


def latency(nlp: Any, pipeline: Pipeline, articles: list[Article]) -> dict[str, Any]:
    """ms per article, one at a time, spaCy and the pipeline alternating on each article."""
    base: list[float] = []
    full: list[float] = []
    for article in articles:
        base.append(1000 * seconds(partial(nlp, article.text)))
        full.append(1000 * seconds(partial(pipeline.process, article)))
    summary = {name: {"p50_ms": round(statistics.median(values), 1),
                      "p95_ms": round(percentile(values, 0.95), 1)}
               for name, values in (("baseline", base), ("full", full))}
    return {"articles": len(articles), **summary,
            "p50_ratio": round(statistics.median(full) / statistics.median(base), 2)}


def traced_peak(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def memory_peaks(nlp: Any, pipeline: Pipeline, articles: list[Article]) -> dict[str, Any]:
    """Peak Python-heap bytes (numpy buffers included) of each run over the same articles;
    "stages" is the extraction alone on docs parsed beforehand, what the pipeline adds."""
    size = pipeline.config.batch_size
    base = traced_peak(lambda: sum(len(doc) for doc in nlp.pipe((a.text for a in articles),
                                                                 batch_size=size)))
    full = traced_peak(lambda: list(pipeline.process_many(articles)))
    docs = list(pipeline.engine.nlp.pipe(a.text for a in articles))
    stages = traced_peak(lambda: [pipeline.engine.extract_doc(a, d)
                                  for a, d in zip(articles, docs, strict=True)])
    return {"articles": len(articles), "baseline_peak_mib": round(base, 1),
            "full_peak_mib": round(full, 1), "ratio": round(full / base, 2),
            "stages_peak_mib": round(stages, 1)}


# ------------------------------------------------------------------ where the time goes

STAGES = ("nlp", "actors", "events", "dates", "places", "rest")


def stage_times(pipeline: Pipeline, article: Article) -> dict[str, float]:
    """One article's seconds per stage, measured on the engine's own objects in its order.

    Dates are timed before ``extract_doc`` (cold, as a new article meets them) and again after
    it (cached) so that "rest" (event assembly, attributes, merging) = ``extract_doc`` minus
    the stages as they cost inside it (floored at 0 against timer noise).
    """
    engine, published = pipeline.engine, article.published
    start = time.perf_counter()
    doc = engine.nlp(article.text)
    times = {"nlp": time.perf_counter() - start}
    times["actors"] = seconds(lambda: engine.resolver.read_document(doc, published))
    sents = list(doc.sents)
    times["dates"] = seconds(lambda: [find_date_mentions(engine.dates, s, published)
                                      for s in sents])
    times["places"] = seconds(lambda: [find_places(s, engine.gazetteer) for s in sents])
    times["events"] = seconds(lambda: [find_mentions(s, engine.lexicon) for s in sents])
    extraction = seconds(lambda: engine.extract_doc(article, doc))
    cached_dates = seconds(lambda: [find_date_mentions(engine.dates, s, published) for s in sents])
    inside = times["actors"] + times["places"] + times["events"] + cached_dates
    times["rest"] = max(0.0, extraction - inside)
    return times


def stage_split(pipeline: Pipeline, articles: list[Article]) -> dict[str, Any]:
    totals = dict.fromkeys(STAGES, 0.0)
    for article in articles:
        for stage, value in stage_times(pipeline, article).items():
            totals[stage] += value
    whole = sum(totals.values())
    return {"articles": len(articles),
            "stages": {s: {"ms_per_article": round(1000 * t / len(articles), 2),
                           "share": round(t / whole, 3)} for s, t in totals.items()}}


# ------------------------------------------------------------------ report


def print_report(report: dict[str, Any]) -> None:
    corpus_info, runs = report["corpus"], report["throughput"]
    print(f"corpus: {corpus_info['articles']} articles, {corpus_info['tokens']} tokens "
          f"({corpus_info['tokens_per_article']:.0f}/article), {report['cpus']} CPUs, "
          f"{report['events']} events found")
    print(f"\nthroughput, best of {report['repeats']} alternating passes (x base: seconds "
          f"against spaCy alone's)")
    print(f"{'run':<30} {'articles/s':>10} {'tokens/s':>9} {'seconds':>8} {'x base':>7}")
    for run in runs:
        print(f"{run['name']:<30} {run['articles_per_s']:>10.1f} {run['tokens_per_s']:>9} "
              f"{run['seconds']:>8.2f} {run['ratio_to_baseline']:>7.2f}")
    print_latency(report["latency"])
    print_loads(report["load"])
    print_memory(report["memory"])
    print_stages(report["stages"])


def print_latency(lat: dict[str, Any]) -> None:
    print(f"\nlatency, one article at a time ({lat['articles']} unseen articles):")
    for name in ("baseline", "full"):
        figures = lat[name]
        print(f"  {name:<9} p50 {figures['p50_ms']:>7.1f} ms   p95 {figures['p95_ms']:>7.1f} ms")
    print(f"  full/baseline at p50: x{lat['p50_ratio']:.2f}")


def print_loads(load: dict[str, float]) -> None:
    print(f"\nload: spacy.load {load['spacy_load_s']:.2f} s, Pipeline.load "
          f"{load['pipeline_load_s']:.2f} s (x{load['ratio']:.2f}); of which, loaded again on "
          f"their own: knowledge base {load['knowledge_base_s']:.2f} s, lexicon "
          f"{load['lexicon_s']:.2f} s, gazetteer {load['gazetteer_s']:.2f} s, date resolver "
          f"{load['date_resolver_s']:.2f} s")


def print_memory(mem: dict[str, Any]) -> None:
    rss, traced = mem["max_rss_mib"], mem["tracemalloc"]
    print(f"\npeak RSS (ru_maxrss, MiB): {rss['before_loads']:.0f} before loading, "
          f"{rss['after_spacy_load']:.0f} after spacy.load (+{rss['spacy_mib']:.0f}), "
          f"{rss['after_pipeline_load']:.0f} after Pipeline.load (+{rss['pipeline_mib']:.0f}), "
          f"{rss['after_runs']:.0f} after the runs")
    print(f"tracemalloc peak over {traced['articles']} articles (tracing slows spaCy several-fold,"
          f" so these runs are not timed): spaCy {traced['baseline_peak_mib']:.1f} MiB, pipeline "
          f"{traced['full_peak_mib']:.1f} MiB (x{traced['ratio']:.2f}); the stages alone on "
          f"parsed docs {traced['stages_peak_mib']:.1f} MiB")


def print_stages(split: dict[str, Any]) -> None:
    print(f"\nwhere an article's time goes ({split['articles']} unseen articles, one at a time):")
    for stage, figures in split["stages"].items():
        print(f"  {stage:<7} {figures['ms_per_article']:>8.2f} ms  {100 * figures['share']:5.1f} %")


# ------------------------------------------------------------------ main


def parse_args(argv: Iterable[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles in the timed corpus")
    parser.add_argument("--repeats", type=int, default=2,
                        help="timed passes of each run over the corpus (the best counts)")
    parser.add_argument("--latency-sample", type=int, default=40,
                        help="unseen articles timed one at a time")
    parser.add_argument("--stage-sample", type=int, default=30,
                        help="unseen articles split stage by stage")
    parser.add_argument("--trace-sample", type=int, default=20,
                        help="articles run under tracemalloc")
    parser.add_argument("--json", type=Path, help="also write the results here")
    add_worker_arguments(parser)
    return parser.parse_args(None if argv is None else list(argv))


# ------------------------------------------------------------------ workers


def worker_articles(args: argparse.Namespace, folder: Path) -> list[Article]:
    if args.input is None:
        return corpus(args.n, SEED)
    return read_articles(write_records(real_records(args.input, args.n), folder / "real.jsonl"))


def worker_scaling(args: argparse.Namespace) -> dict[str, Any]:
    """Articles/s with 1 and N workers on the same articles, the outputs checked equal."""
    import tempfile

    counts = sorted(set(args.workers or [1, default_workers()]) | {1})
    with tempfile.TemporaryDirectory() as folder:
        articles = worker_articles(args, Path(folder))
    # Not timed: loads every worker's pipeline before the run, on other articles.
    warm_up = corpus(2 * max(counts) * PipelineConfig.batch_size, SEED + 2, first_number=10**6)
    runs = []
    for workers in counts:
        pool = ParallelPipeline(PipelineConfig(batch_size=args.batch_size), workers)
        list(pool.process_many(warm_up))
        runs.append(timed(pool, len(articles),
                          lambda pool=pool: [o.to_dict() for o in pool.process_many(articles)]))
    rows = print_runs(f"\nworkers: {len(articles)} articles "
                      f"({'from ' + str(args.input) if args.input else 'generated'}, "
                      f"{words_per_article(articles)} words each), {os.cpu_count()} CPUs, "
                      f"batches of {args.batch_size}", runs)
    same = all(run.output == runs[0].output for run in runs)
    print(f"same output with every worker count: {same}")
    return {"articles": len(articles), "input": str(args.input) if args.input else "generated",
            "words_per_article": words_per_article(articles), "runs": rows, "same_output": same}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    articles = corpus(args.n, SEED)
    unseen = corpus(args.latency_sample + args.stage_sample, SEED + 1, first_number=args.n)
    rss = {"before_loads": max_rss_mib()}
    load, nlp, pipeline = load_times(rss)
    rss["spacy_mib"] = rss["after_spacy_load"] - rss["before_loads"]
    rss["pipeline_mib"] = rss["after_pipeline_load"] - rss["after_spacy_load"]
    base, full, events = throughput(nlp, pipeline, articles, args.repeats)
    rss["after_runs"] = max_rss_mib()
    return {
        "cpus": os.cpu_count(), "events": events,
        "repeats": args.repeats, "corpus": {"articles": args.n, "tokens": base.tokens,
                   "tokens_per_article": base.tokens / args.n, "seed": SEED},
        "throughput": [base.row(base), full.row(base)],
        "latency": latency(nlp, pipeline, unseen[: args.latency_sample]),
        "stages": stage_split(pipeline, unseen[args.latency_sample:]),
        "load": {k: round(v, 3) for k, v in load.items()},
        "memory": {"max_rss_mib": {k: round(v, 1) for k, v in rss.items()},
                   "tracemalloc": memory_peaks(nlp, pipeline, articles[: args.trace_sample])},
    }


def main(argv: Iterable[str] | None = None) -> int:
    args = parse_args(argv)
    report = {} if args.only_workers else measure(args)
    if report:
        print_report(report)
    report["workers"] = worker_scaling(args)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if report["workers"]["same_output"] else 1


if __name__ == "__main__":
    sys.exit(main())
