"""Scoring predicted events against gold annotations, the way GUIDELINES.md defines matching.

An actor is reduced to its party (country, else org, else lower-cased name; "unknown" is no
party). At the event level type and both parties must match (in either order for CONSULT,
AGREE and COOPERATE); at the dyad level only the parties. Only gold events with status
"occurred" are scored; a prediction matching an unscored gold event (planned, background...) is
neither rewarded nor penalised. Matching is one-to-one and maximal, preferring pairs that agree
on date, place and names; attribute accuracy is measured on event-level matches.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from communique.errors import InputError
from communique.model import SYMMETRIC_TYPES

Row = dict[str, Any]
UNKNOWN_NAMES = frozenset({"unknown", "unidentified", "unknown attackers", "unknown perpetrator"})
SCORED_STATUSES = frozenset({None, "", "occurred"})
ATTRIBUTES = ("source_name", "target_name", "date", "location_country", "location_name")


def fold(text: Any) -> str | None:
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").replace(".", " ").split()) or None


def party(actor: Row | None) -> str | None:
    if not actor:
        return None
    for key in ("country", "org"):
        if actor.get(key):
            return str(actor[key]).upper()
    name = fold(actor.get("name"))
    return None if name in UNKNOWN_NAMES else name


def parties_match(gold: Row, pred: Row, symmetric: bool) -> bool:
    g = (party(gold.get("source")), party(gold.get("target")))
    p = (party(pred.get("source")), party(pred.get("target")))
    return g == p or (symmetric and g == p[::-1])


def event_match(gold: Row, pred: Row) -> bool:
    kind = str(gold.get("type") or "").upper()
    return kind == str(pred.get("type") or "").upper() and parties_match(
        gold, pred, kind in SYMMETRIC_TYPES)


def dyad_match(gold: Row, pred: Row) -> bool:
    return parties_match(gold, pred, True)


def date_agrees(gold: Row, pred: Row) -> bool | None:
    value = gold.get("date")
    if not value:
        return None
    return bool(pred.get("date")) and str(pred["date"])[: len(value)] == value


def place_agrees(gold: Row, pred: Row, key: str) -> bool | None:
    wanted = (gold.get("location") or {}).get(key)
    if not wanted:
        return None
    got = (pred.get("location") or {}).get(key)
    if key == "name":
        return fold(wanted) == fold(got)
    return str(wanted).upper() == str(got or "").upper()


def names_agree(gold: Row | None, pred: Row | None) -> bool:
    g, p = fold((gold or {}).get("name")), fold((pred or {}).get("name"))
    if not g or not p:
        return g == p
    gt, pt = g.split(), p.split()
    return set(gt) <= set(pt) or set(pt) <= set(gt) or gt[-1] == pt[-1]


def attribute_checks(gold: Row, pred: Row) -> dict[str, bool | None]:
    flipped = (party(gold.get("source")), party(gold.get("target"))) != (
        party(pred.get("source")), party(pred.get("target")))
    src, tgt = ("target", "source") if flipped else ("source", "target")
    return {
        "source_name": names_agree(gold["source"], pred.get(src)) if gold.get("source") else None,
        "target_name": names_agree(gold["target"], pred.get(tgt)) if gold.get("target") else None,
        "date": date_agrees(gold, pred),
        "location_country": place_agrees(gold, pred, "country"),
        "location_name": place_agrees(gold, pred, "name"),
    }


def agreement(gold: Row, pred: Row) -> float:
    checks = [v for v in attribute_checks(gold, pred).values() if v is not None]
    return sum(checks) / len(checks) if checks else 0.0


def max_matching(gold: list[Row], pred: list[Row], ok: Callable[[Row, Row], bool],
                 bonus: Callable[[Row, Row], float] | None = None) -> list[tuple[int, int]]:
    """The largest one-to-one matching; among the largest, the most attribute agreement."""
    if not gold or not pred:
        return []
    cost = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if ok(g, p):
                cost[i, j] = -(1000.0 + (bonus(g, p) if bonus else 0.0))
    rows, cols = linear_sum_assignment(cost)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if ok(gold[i], pred[j])]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def prf(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 4),
                "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class Report:
    levels: dict[str, Tally] = field(default_factory=lambda: {"dyad": Tally(), "event": Tally()})
    per_type: dict[str, Tally] = field(default_factory=dict)
    attributes: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0] for k in ATTRIBUTES})
    per_doc: list[dict[str, Any]] = field(default_factory=list)

    def macro_f1(self, level: str) -> float:
        scores = [2 * c.tp / (2 * c.tp + c.fp + c.fn) for c in
                  (row[level] for row in self.per_doc) if c.tp + c.fp + c.fn]
        return round(sum(scores) / len(scores), 4) if scores else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.per_doc),
            "levels": {k: v.prf() for k, v in self.levels.items()},
            "doc_macro_f1": {k: self.macro_f1(k) for k in self.levels},
            "per_type": {k: v.prf() for k, v in sorted(self.per_type.items())},
            "attribute_accuracy": {k: {"correct": c, "of": n,
                                       "accuracy": round(c / n, 4) if n else None}
                                   for k, (c, n) in self.attributes.items()},
        }


def match_scored(gold: list[Row], ignored: list[Row], pred: list[Row],
                 ok: Callable[[Row, Row], bool]) -> tuple[list[tuple[int, int]], list[Row]]:
    """Match scored gold first, then forgive leftovers that match unscored gold."""
    pairs = max_matching(gold, pred, ok, agreement)
    matched = {j for _, j in pairs}
    rest = [j for j in range(len(pred)) if j not in matched]
    forgiven = {rest[j] for _, j in max_matching(ignored, [pred[j] for j in rest], ok)}
    keep = [j for j in range(len(pred)) if j not in forgiven]
    index = {j: k for k, j in enumerate(keep)}
    return [(i, index[j]) for i, j in pairs], [pred[j] for j in keep]


def score(gold_docs: dict[str, list[Row]], pred_docs: dict[str, list[Row]]) -> Report:
    report = Report()
    for doc_id, gold_all in gold_docs.items():
        gold = [e for e in gold_all if e.get("status") in SCORED_STATUSES]
        ignored = [e for e in gold_all if e.get("status") not in SCORED_STATUSES]
        preds = [p for p in pred_docs.get(doc_id, []) if isinstance(p, dict)]
        row: dict[str, Any] = {"id": doc_id}
        for level, ok in (("dyad", dyad_match), ("event", event_match)):
            pairs, kept = match_scored(gold, ignored, preds, ok)
            counts = Tally(len(pairs), len(kept) - len(pairs), len(gold) - len(pairs))
            report.levels[level].add(counts.tp, counts.fp, counts.fn)
            row[level] = counts
            if level == "event":
                _tally_event_level(report, gold, kept, pairs)
        report.per_doc.append(row)
    return report


def _tally_event_level(report: Report, gold: list[Row], pred: list[Row],
                       pairs: list[tuple[int, int]]) -> None:
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, g in enumerate(gold):
        report.per_type.setdefault(str(g.get("type")).upper(), Tally()).add(
            int(i in matched_g), 0, int(i not in matched_g))
    for j, p in enumerate(pred):
        if j not in matched_p:
            report.per_type.setdefault(str(p.get("type")).upper(), Tally()).add(0, 1, 0)
    for i, j in pairs:
        for key, ok in attribute_checks(gold[i], pred[j]).items():
            if ok is not None:
                report.attributes[key][0] += int(ok)
                report.attributes[key][1] += 1


def load_events(path: Path) -> dict[str, list[Row]]:
    """{document id: events} from a JSONL (or JSON array) file of {"id", "events"} records."""
    text = path.read_text(encoding="utf-8")
    try:
        rows = json.loads(text) if text.lstrip().startswith("[") else [
            json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise InputError(str(path),
                         f"not JSON lines ({exc}); give one JSON object per line") from exc
    return {str(row["id"]): row.get("events") or [] for row in rows}


def format_report(report: Report) -> str:
    data = report.to_dict()
    lines = [f"documents: {data['documents']}", "per type (event level):"]
    for kind, v in data["per_type"].items():
        lines.append(f"  {kind:<10} P {v['precision']:.2f}  R {v['recall']:.2f}  "
                     f"F1 {v['f1']:.2f}  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})")
    lines.append("attribute accuracy on matched events:")
    for key, v in data["attribute_accuracy"].items():
        acc = "n/a" if v["accuracy"] is None else f"{v['accuracy']:.2f}"
        lines.append(f"  {key:<17} {acc}  ({v['correct']}/{v['of']})")
    for level in ("dyad", "event"):
        v = data["levels"][level]
        lines.append(f"{level} level: P {v['precision']:.3f}  R {v['recall']:.3f}  "
                     f"F1 {v['f1']:.3f}  (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})  "
                     f"per-document mean F1 {data['doc_macro_f1'][level]:.3f}")
    return "\n".join(lines)
