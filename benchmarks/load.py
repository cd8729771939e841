"""One-off load times: the gazetteer, the knowledge base, the spaCy model and a whole pipeline.

    python benchmarks/load.py [--repeats 3] [--json FILE]

These were wall-clock assertions in the tests (gazetteer < 3.0 s, knowledge base < 0.5 s);
a busy machine made them fail while the code was fine, so the figures live here. Each load
runs ``--repeats`` times in this process and the best and median are reported, with the old
limit beside them as a reference (a warning, never an error, when it is exceeded).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from communique.actors.knowledge import KnowledgeBase
from communique.geo import Gazetteer
from communique.pipeline import Pipeline, PipelineConfig

# The limits the tests used to assert, in seconds (None: never had one).
REFERENCE_LIMITS: dict[str, float | None] = {
    "gazetteer": 3.0, "knowledge_base": 0.5, "spacy_model": None, "pipeline": None,
}


def spacy_model() -> object:
    import spacy

    return spacy.load(PipelineConfig().model)


LOADERS: dict[str, Callable[[], object]] = {
    "gazetteer": Gazetteer.load, "knowledge_base": KnowledgeBase.load,
    "spacy_model": spacy_model, "pipeline": Pipeline.load,
}


def seconds_of(load: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        load()
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    print(f"{'load':<16}{'best s':>8}{'median s':>10}{'old limit':>10}")
    for name, load in LOADERS.items():
        times = seconds_of(load, args.repeats)
        limit = REFERENCE_LIMITS[name]
        report[name] = {"best": round(min(times), 3), "median": round(statistics.median(times), 3),
                        "reference_limit": limit}
        flag = "  (over the old limit)" if limit is not None and min(times) > limit else ""
        print(f"{name:<16}{min(times):>8.2f}{statistics.median(times):>10.2f}"
              f"{limit if limit is not None else '-':>10}{flag}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
