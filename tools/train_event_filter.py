"""Train the keep/drop event filter (communique/events/event_filter.py) on the develop split.

Labels come from scoring the engine's own predictions on develop with the shared scorer's
matching: an event matched to a scored gold event is a keeper, one matched to nothing is a
drop, one that only matches an unscored gold event (planned, background...) is left out.
A logistic regression (numpy, L2, full-batch gradient descent) is fitted; the threshold is
chosen by 5-fold cross-validation on develop (fixed seed) to maximise event F1 there.
Features seen fewer than --min-count times are dropped. Blind articles are never read.

    python tools/evaluate_sets.py --sets develop     # extracts train.jsonl into out/eval
    python tools/train_event_filter.py [--pred out/eval/train.jsonl.pred.jsonl] [-o MODEL]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate_sets import load_scorer, split_ids  # noqa: E402

from communique.events.event_filter import features  # noqa: E402

SEED = 12


def labelled(scorer: Any, gold_path: Path, pred_path: Path) -> tuple[list[dict[str, float]],
                                                                      list[int], list[str], int]:
    """(features, labels, doc ids, number of scored gold events) of develop's predictions."""
    develop = split_ids("develop")
    gold_docs = {k: v for k, v in scorer.load(str(gold_path)).items() if k in develop}
    pred_docs = scorer.load(str(pred_path))
    rows, labels, docs, gold_total = [], [], [], 0
    for doc_id, gold_all in gold_docs.items():
        gold, ignored = scorer.split_gold(gold_all)
        gold_total += len(gold)
        pred = [p for p in pred_docs.get(doc_id, []) if isinstance(p, dict)]
        matched = {j for _, j in scorer.max_matching(gold, pred, scorer.event_match,
                                                     scorer.agreement)}
        rest = [j for j in range(len(pred)) if j not in matched]
        forgiven = {rest[j] for _, j in scorer.max_matching(
            ignored, [pred[j] for j in rest], scorer.event_match)}
        for j, event in enumerate(pred):
            if j in forgiven:
                continue
            rows.append(features(event, len(pred)))
            labels.append(int(j in matched))
            docs.append(doc_id)
    return rows, labels, docs, gold_total


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000) -> np.ndarray:
    w = np.zeros(x.shape[1])
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) / len(y) + l2 * w
        w -= rate * grad
    return w


def f1_at(probs: np.ndarray, y: np.ndarray, threshold: float, gold_total: int) -> float:
    keep = probs >= threshold
    tp = int((keep & (y == 1)).sum())
    fp = int((keep & (y == 0)).sum())
    return 2 * tp / (2 * tp + fp + (gold_total - tp)) if tp else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--pred", type=Path,
                        default=ROOT / "out" / "eval" / "train.jsonl.pred.jsonl")
    parser.add_argument("-o", "--output", type=Path,
                        default=ROOT / "communique" / "events" / "data" / "event_filter.json")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--l2", type=float, default=0.03)
    args = parser.parse_args()
    scorer = load_scorer(args.eval_dir)
    rows, labels, docs, gold_total = labelled(scorer, args.eval_dir / "train.jsonl", args.pred)
    counts = Counter(name for row in rows for name in row)
    names = sorted(n for n, c in counts.items() if c >= args.min_count)
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        for name, value in row.items():
            if name in index:
                x[i, index[name]] = value
    y = np.array(labels, dtype=float)
    rng = np.random.default_rng(SEED)
    doc_ids = sorted(set(docs))
    fold_of = dict(zip(doc_ids, rng.permutation(len(doc_ids)) % 5, strict=True))
    folds = np.array([fold_of[d] for d in docs])
    probs = np.zeros(len(y))
    for k in range(5):
        w = fit(x[folds != k], y[folds != k], args.l2)
        probs[folds == k] = 1.0 / (1.0 + np.exp(-np.clip(x[folds == k] @ w, -30, 30)))
    grid = [round(t, 2) for t in np.arange(0.0, 0.71, 0.02)]
    scores = {t: f1_at(probs, y, t, gold_total) for t in grid}
    best = max(grid, key=lambda t: (scores[t], -t))
    print(f"develop events {len(y)} (kept-worthy {int(y.sum())}), gold {gold_total}, "
          f"features {len(names)}")
    print(f"cross-validated develop event F1: keep all {scores[0.0]:.3f}, "
          f"threshold {best:.2f} -> {scores[best]:.3f}")
    w = fit(x, y, args.l2)
    model = {"_comment": "Trained by tools/train_event_filter.py on the develop split of "
                         f"train.jsonl, seed {SEED}, l2 {args.l2}; cross-validated develop "
                         f"event F1 {scores[0.0]:.3f} -> {scores[best]:.3f}.",
             "threshold": best,
             "weights": {n: round(float(v), 5) for n, v in zip(names, w, strict=True)
                         if abs(v) > 1e-5}}
    args.output.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
