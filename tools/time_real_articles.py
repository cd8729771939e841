"""Extraction time on real articles against spaCy's parse alone (issue 12's speed rule).

Times ``Pipeline.process_many`` and the pipeline's own ``nlp.pipe`` over the same texts, in
this process and alternately, on the develop split of train.jsonl plus dev.jsonl (no blind
text is read), and prints the ratio; the rule is at most 1.5.

    python tools/time_real_articles.py [--eval-dir ../shared/eval] [--repeats 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from communique.model import Article  # noqa: E402
from communique.pipeline import Pipeline  # noqa: E402


def articles(eval_dir: Path) -> list[Article]:
    develop = set(json.loads((ROOT / "eval" / "train_split.json").read_text())["develop"])
    found = []
    for name in ("dev.jsonl", "train.jsonl"):
        for line in (eval_dir / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if name == "dev.jsonl" or row["id"] in develop:
                found.append(Article(id=row["id"], text=row["text"]))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    docs = articles(args.eval_dir)
    pipeline = Pipeline.load()
    nlp = pipeline.engine.nlp
    parse, full = [], []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for _doc in nlp.pipe(a.text for a in docs):
            pass
        parse.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _result in pipeline.process_many(docs):
            pass
        full.append(time.perf_counter() - started)
    print(f"{len(docs)} real articles: spaCy parse {min(parse):.1f} s, full pipeline "
          f"{min(full):.1f} s, ratio {min(full) / min(parse):.2f} (best of {args.repeats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
