"""Extraction time and peak memory against article length: the cost must grow linearly.

    python benchmarks/length.py [--lengths 25000 50000 100000 200000] [--no-memory]
    python benchmarks/length.py --lines 100000     # the 100,000 one-word-lines text too

One article per length is built from the sentences below (self-written, political news with
names, states, quotations and line breaks), cycled in a seeded shuffled order until it reaches
the length; each is extracted through ``Pipeline.process`` (the spaCy parse included) and,
as the linear reference, parsed alone by the same spaCy pipeline; with ``--repeats`` the
fastest of several runs counts. The figure that matters is the ratio t(200k) / t(25k): linear
growth gives 8, the target is 12 or less; it is given for the whole extraction and for the
time beyond the parse. Peak memory is a tracemalloc peak over a second,
untimed run of the same article (tracing slows spaCy several-fold); ``--no-memory`` skips it.
spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters by default).

Timings taken on a shared machine vary; compare ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from communique.model import Article, RecordError
from communique.pipeline import Pipeline

SEED = 20261207
MIB = 1024 * 1024
PUBLISHED = dt.date(2026, 3, 14)

SENTENCES = (
    "Foreign Minister Sergey Lavrov met his Chinese counterpart Wang Yi in Moscow on Monday.",
    "The two sides agreed to expand trade and to hold further talks next month.",
    "\u201cWe will not accept any interference in our internal affairs,\u201d Lavrov told "
    "reporters after the meeting.",
    "Protesters marched through the streets of Nairobi on Tuesday, demanding the resignation "
    "of the interior minister.",
    "Kenyan police fired tear gas and arrested dozens of demonstrators near parliament.",
    "President Emmanuel Macron said France would send 200 troops to Chad to support the "
    "government.",
    "Germany and Poland signed a defence agreement in Warsaw, officials said.",
    "Israeli aircraft struck targets in Gaza overnight, killing at least 12 people, the "
    "health ministry said.",
    "Hamas accused Israel of violating the ceasefire and threatened to retaliate.",
    "The United Nations called on both parties to exercise restraint.",
    "\"This is another barbaric attack,\" the spokesman said, adding that the government "
    "would respond.",
    "India expelled six Canadian diplomats and ordered them to leave the country by Saturday.",
    "Canada said it rejected the accusations and would review its options.",
    "Ethiopian government forces clashed with regional forces in Tigray, residents said.",
    "The European Union imposed new sanctions on Iran over its nuclear programme.",
    "Iranian President Masoud Pezeshkian condemned the decision as unjust.",
    "Japan pledged $50 million in humanitarian aid for flood victims in Pakistan.",
    "Turkey deployed additional troops along its border with Syria.",
    "Russian forces shelled the city of Kharkiv, Ukrainian officials said on Wednesday.",
    "President Volodymyr Zelenskiy urged Western countries to deliver more air defence "
    "systems.",
    "The foreign ministers of Saudi Arabia, Egypt, Jordan and Qatar will meet in Riyadh "
    "next week.",
    "Venezuela recalled its ambassador from Argentina after a dispute over the election.",
    "North Korea fired a ballistic missile into the sea, South Korea's military said.",
    "Washington warned Pyongyang that further tests would bring tougher sanctions.",
    "Thousands of farmers blocked roads in Belgium to protest against new trade rules.",
    "The Brazilian government denied reports that it had suspended talks with Paraguay.",
    "Officials from Australia, Albania, France and Chile visited the region last week.",
    "The diplomats were handed notes demanding an explanation.",
    "Chinese and Russian naval vessels held joint exercises in the Sea of Japan.",
    "Mexico said it would not extradite the suspect unless the United States gave "
    "guarantees.",
)


def article_text(length: int, lines: int = 0) -> str:
    """An article of at least ``length`` characters, paragraphs of one to four sentences with
    a headline on its own line; or, with ``lines``, that many one-word lines."""
    if lines:
        return "\n".join(("Talks", "Moscow", "protest", "Kenya", "sanctions")[n % 5]
                         for n in range(lines))
    rng = random.Random(SEED + length)
    paragraphs = ["Ministers meet as tensions rise"]
    size = len(paragraphs[0])
    while size < length:
        paragraph = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:length].rsplit(" ", 1)[0] + "."


def extract_once(pipeline: Pipeline, text: str) -> int:
    """Extract one article; the number of events it gave."""
    result = pipeline.process(Article(id="long", text=text, published=PUBLISHED))
    if isinstance(result, RecordError):
        raise SystemExit(f"extraction failed: {result.reason}")
    return len(result.events)


def timed(run: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def measure(pipeline: Pipeline, text: str, memory: bool,
            repeats: int = 1) -> dict[str, float | int]:
    """Seconds (whole extraction, and the spaCy parse alone), event count and, optionally,
    the tracemalloc peak of one extraction."""
    seconds = timed(lambda: extract_once(pipeline, text), repeats)
    parse = timed(lambda: pipeline.engine.nlp(text), repeats)
    row: dict[str, float | int] = {"chars": len(text), "seconds": round(seconds, 2),
                                   "parse_seconds": round(parse, 2),
                                   "events": extract_once(pipeline, text)}
    if memory:
        gc.collect()
        tracemalloc.start()
        extract_once(pipeline, text)
        row["peak_mib"] = round(tracemalloc.get_traced_memory()[1] / MIB, 1)
        tracemalloc.stop()
    return row


def ratio(long: dict[str, float | int], short: dict[str, float | int], key: str) -> float:
    """How many times longer the long article took: whole, or beyond the parse ("engine")."""
    def value(row: dict[str, float | int]) -> float:
        if key == "engine":
            return float(row["seconds"]) - float(row["parse_seconds"])
        return float(row[key])
    return value(long) / max(value(short), 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+",
                        default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--lines", type=int, default=0,
                        help="also time a text of this many one-word lines")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--repeats", type=int, default=1, help="keep the fastest of N runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    pipeline = Pipeline.load()
    extract_once(pipeline, article_text(2_000))  # warm the caches
    rows = []
    for length in args.lengths:
        row = measure(pipeline, article_text(length), not args.no_memory, args.repeats)
        rows.append(row)
        print(json.dumps(row), flush=True)
    if args.lines:
        row = measure(pipeline, article_text(0, args.lines), not args.no_memory)
        row["lines"] = args.lines
        rows.append(row)
        print(json.dumps(row), flush=True)
    by_length = {int(r["chars"]): r for r in rows if "lines" not in r}
    if len(by_length) > 1:
        short, long = by_length[min(by_length)], by_length[max(by_length)]
        print(f"t({long['chars']}) / t({short['chars']}) = {ratio(long, short, 'seconds'):.1f}"
              f" whole, {ratio(long, short, 'engine'):.1f} beyond the parse (length ratio "
              f"{int(long['chars']) / int(short['chars']):.0f}; target: at most 12)")
    print(f"peak resident memory of the process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
