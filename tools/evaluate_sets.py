"""Extract and score every evaluation set: dev, develop, blind, PLOVER and PETRARCH-2.

train.jsonl is split by eval/train_split.json (tools/split_train.py). For *blind* only the
aggregate figures are printed (event and dyad P/R/F1, attribute accuracy, per-type totals):
never its per-document scores, sentences or predictions.

    python tools/evaluate_sets.py [--eval-dir ../shared/eval]
        [--sets dev,develop,blind,plover,petrarch] [--knowledge DIR] [--json summary.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETS = {"dev": "dev.jsonl", "develop": "train.jsonl", "blind": "train.jsonl",
        "plover": "plover_gsr/gold.jsonl", "petrarch": "petrarch_gsr/gold.jsonl"}


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", eval_dir / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {eval_dir / 'score.py'}; give --eval-dir")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(gold: Path, pred: Path, knowledge: list[str]) -> float:
    """Run ``communique extract`` in a fresh process; return its wall time."""
    extra = [arg for k in knowledge for arg in ("--knowledge", k)]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "communique", "extract", str(gold), "-o", str(pred),
                    *extra], check=False, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def split_ids(part: str) -> set[str]:
    return set(json.loads((ROOT / "eval" / "train_split.json").read_text())[part])


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The aggregate lines only: what may be read of the blind split."""
    attrs = report["attribute_accuracy"]
    return {"documents": report["documents"], "event": report["levels"]["event"],
            "dyad": report["levels"]["dyad"], "doc_macro_f1": report["doc_macro_f1"],
            "date": attrs["date"]["accuracy"],
            "place_country": attrs["location_country"]["accuracy"],
            "source_name": attrs["source_name"]["accuracy"],
            "target_name": attrs["target_name"]["accuracy"], "per_type": report["per_type"]}


def score_set(scorer: ModuleType, name: str, gold: Path, pred: Path) -> dict[str, Any]:
    gold_docs, pred_docs = scorer.load(str(gold)), scorer.load(str(pred))
    if name in ("develop", "blind"):
        keep = split_ids(name)
        gold_docs = {k: v for k, v in gold_docs.items() if k in keep}
        pred_docs = {k: v for k, v in pred_docs.items() if k in keep}
    return summary(scorer.score(gold_docs, pred_docs))


def fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def print_table(results: dict[str, dict[str, Any]]) -> None:
    print(f"{'set':<9} {'docs':>4}  {'event F1':>8}  {'P':>5}  {'R':>5}  {'dyad F1':>7}  "
          f"{'date':>5}  {'place':>5}  {'src nm':>6}  {'tgt nm':>6}")
    for name, r in results.items():
        ev, dy = r["event"], r["dyad"]
        print(f"{name:<9} {r['documents']:>4}  {ev['f1']:>8.3f}  {ev['precision']:.3f}  "
              f"{ev['recall']:.3f}  {dy['f1']:>7.3f}  {fmt(r['date'])}  {fmt(r['place_country'])}"
              f"  {fmt(r['source_name'])}  {fmt(r['target_name'])}")


def print_types(results: dict[str, dict[str, Any]]) -> None:
    types = sorted({t for r in results.values() for t in r["per_type"]})
    print("per type, event-level F1 (tp/fp/fn):")
    print(f"{'type':<10} " + " ".join(f"{n:>18}" for n in results))
    for t in types:
        cells = []
        for r in results.values():
            v = r["per_type"].get(t)
            cells.append(f"{v['f1']:.2f} ({v['tp']}/{v['fp']}/{v['fn']})" if v else "-")
        print(f"{t:<10} " + " ".join(f"{c:>18}" for c in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--knowledge", action="append", default=[])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "eval")
    parser.add_argument("--json", type=Path, help="write the aggregate figures here")
    parser.add_argument("--no-extract", action="store_true", help="score the predictions in --out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    scorer = load_scorer(args.eval_dir)
    names = [n for n in args.sets.split(",") if n]
    results, extracted = {}, {}
    for name in names:
        gold = args.eval_dir / SETS[name]
        pred = args.out / (SETS[name].replace("/", "_") + ".pred.jsonl")
        if not args.no_extract and gold not in extracted:
            extracted[gold] = extract(gold, pred, args.knowledge)
            print(f"extracted {SETS[name]} in {extracted[gold]:.0f} s", file=sys.stderr)
        results[name] = score_set(scorer, name, gold, pred)
    print_table(results)
    print_types(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
