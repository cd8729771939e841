"""Why each missed gold event of the *develop* split was missed: a cause per false negative.

Runs the engine in this process on develop articles only (ids from eval/train_split.json; the
blind articles are filtered out before anything is read of them), scores them with the shared
scorer, and gives every unmatched gold event of status occurred one cause:

    e-unlocated   the gold evidence is not found in the text (annotation wording)
    c-type        an event between the same parties, in the evidence sentence, has another type
    d-source      the right type in the evidence sentence, the target right, the source wrong
    d-target      the right type, the source right, the target wrong (or missing)
    d-both        the right type in the evidence sentence, neither party right
    b-taken       a prediction matching it exists but scored against another gold event
    b-dropped     a trigger of the gold type in the sentence, no event from it (the engine's
                  drop reason, kept as data in ``skipped``, is printed beside it)
    b-other-type  triggers of other types only in the sentence, none of them gave an event
                  between these parties
    a-no-trigger  no trigger of any type in the evidence sentence(s)

The flag "split" marks evidence the parser cut into several sentences, "quote" evidence inside
a quotation.

    python tools/diagnose_misses.py [--eval-dir ../shared/eval] [--show 5] [--cause d-source]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from evaluate_sets import load_scorer, split_ids

from communique.events.finder import find_mentions
from communique.nlp.quotes import inside_quote
from communique.pipeline import Pipeline, as_record, validated

ROOT = Path(__file__).resolve().parent.parent
CAUSES = ("e-unlocated", "c-type", "d-source", "d-target", "d-both", "b-taken", "b-dropped",
          "b-other-type", "a-no-trigger")


@dataclass
class Miss:
    """One missed gold event and what the engine made of its sentence."""

    doc_id: str
    gold: dict[str, Any]
    cause: str = ""
    flags: list[str] = field(default_factory=list)
    near: list[dict[str, Any]] = field(default_factory=list)  # predictions in its sentence
    triggers: list[str] = field(default_factory=list)  # "word/TYPE" found in its sentence
    skipped: list[str] = field(default_factory=list)  # the engine's drop reasons there


def develop_records(eval_dir: Path) -> list[dict[str, Any]]:
    """The develop articles of train.jsonl; a blind line is dropped unread beyond its id."""
    keep = split_ids("develop")
    rows = []
    for line in (eval_dir / "train.jsonl").read_text(encoding="utf-8").splitlines():
        match = re.match(r'\{"id": "([^"]+)"', line)
        if match and match.group(1) in keep:
            rows.append(json.loads(line))
    return rows


def locate(text: str, evidence: str) -> tuple[int, int] | None:
    """The character range of the gold evidence in the text, whitespace-insensitive."""
    if not evidence:
        return None
    start = text.find(evidence)
    if start >= 0:
        return start, start + len(evidence)
    words = [re.escape(w) for w in evidence.split()]
    found = re.search(r"\s+".join(words), text)
    return (found.start(), found.end()) if found else None


def overlaps(span: dict[str, Any] | None, lo: int, hi: int) -> bool:
    return bool(span) and span["start"] < hi and span["end"] > lo  # type: ignore[index]


def event_spans(pred: dict[str, Any]) -> list[dict[str, Any]]:
    """The evidence sentence of a prediction and the further sentences merged into it."""
    return [pred["evidence_span"], *pred.get("mentions", [])]


def diagnose_article(row: dict[str, Any], pipeline: Pipeline, scorer: ModuleType,
                     recorder: PartyRecorder) -> list[Miss]:
    article = validated(as_record(row, 1))
    if not hasattr(article, "text"):
        return []
    doc = pipeline.nlp(article.text)
    recorder.seen.clear()
    result = pipeline.engine.extract_doc(article, doc)  # type: ignore[arg-type]
    preds = [e.to_dict() for e in result.events]
    gold, _ = scorer.split_gold(row.get("events") or [])
    pairs = scorer.max_matching(gold, preds, scorer.event_match, scorer.agreement)
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j: i for i, j in pairs}
    skipped = result.to_dict()["skipped"]
    misses = []
    for i, g in enumerate(gold):
        if i in matched_gold:
            continue
        miss = Miss(row["id"], g)
        classify(miss, article.text, doc, preds, matched_pred, skipped, pipeline, scorer)
        if miss.cause == "b-dropped":
            miss.flags.append(why_dropped(miss, doc, recorder))
        misses.append(miss)
    return misses


def classify(miss: Miss, text: str, doc: Any, preds: list[dict[str, Any]],
             matched_pred: dict[int, int], skipped: list[dict[str, Any]], pipeline: Pipeline,
             scorer: ModuleType) -> None:
    g = miss.gold
    if any(scorer.event_match(g, p) for j, p in enumerate(preds) if j in matched_pred):
        miss.cause = "b-taken"
        return
    where = locate(text, g.get("evidence") or "")
    if where is None:
        miss.cause = "e-unlocated"
        return
    lo, hi = where
    sents = [s for s in doc.sents if s.start_char < hi and s.end_char > lo]
    if len(sents) > 1:
        miss.flags.append("split")
    if any(inside_quote(s[len(s) // 2]) for s in sents):
        miss.flags.append("quote")
    lo, hi = min(s.start_char for s in sents), max(s.end_char for s in sents)
    near = [p for p in preds if any(overlaps(sp, lo, hi) for sp in event_spans(p))]
    miss.near = near
    mentions = [m for s in sents for m in find_mentions(s, pipeline.engine.lexicon)]
    miss.triggers = [f"{m.token.text}/{m.trigger.type}" for m in mentions]
    miss.skipped = [s["reason"] for s in skipped if overlaps(s["span"], lo, hi)]
    gtype = scorer.etype(g)
    gs, gt = scorer.dyad(g)
    if any(scorer.dyad_match(g, p) for p in near):
        miss.cause = "c-type"
    elif any(scorer.etype(p) == gtype for p in near):
        same = [scorer.dyad(p) for p in near if scorer.etype(p) == gtype]
        src_ok = any(ps == gs for ps, _ in same) or (
            gtype in scorer.SYMMETRIC and any(pt == gs or ps == gt for ps, pt in same))
        tgt_ok = any(pt == gt for _, pt in same)
        miss.cause = "d-target" if src_ok else "d-source" if tgt_ok else "d-both"
    elif any(m.trigger.type == gtype for m in mentions):
        miss.cause = "b-dropped"
    elif mentions:
        miss.cause = "b-other-type"
    else:
        miss.cause = "a-no-trigger"


class PartyRecorder:
    """Wraps the engine's party finding to note, per trigger word, which side came back
    empty in the real run (its document context as it stood at that sentence)."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.original = engine._parties
        self.seen: dict[int, str] = {}
        engine._parties = self.parties

    def parties(self, mention: Any, ctx: Any, doers: Any) -> Any:
        pairs = self.original(mention, ctx, doers)
        if not pairs:
            self.seen[mention.token.idx] = self.why(mention, ctx)
        return pairs

    def why(self, mention: Any, ctx: Any) -> str:
        engine = self.engine
        sources = [a for tok in mention.sources for a in engine.resolver.resolve(tok, ctx)]
        targets = engine._first_actors(mention.targets, ctx, sources) or \
            engine._indirect_targets(mention, ctx, sources)
        if not mention.sources:
            return "no-src-words"
        if not sources:
            return "src-unresolved:" + " ".join(t.text for t in mention.sources)
        if not mention.targets and not targets:
            return "no-tgt-words"
        if not targets:
            return "tgt-unresolved:" + " ".join(t.text for g in mention.targets for t in g)
        return "same-party"


def why_dropped(miss: Miss, doc: Any, recorder: PartyRecorder) -> str:
    """The recorded failure of the gold type's trigger in the evidence sentence."""
    lo = doc.text.find((miss.gold.get("evidence") or "")[:40])
    sent = next((s for s in doc.sents if s.start_char <= lo < s.end_char), None)
    if sent is None:
        return "no-sentence"
    mentions = [m for m in find_mentions(sent, recorder.engine.lexicon)
                if m.trigger.type == miss.gold["type"]]
    reasons = [recorder.seen.get(m.token.idx, "event-removed") for m in mentions]
    return min(reasons, key=len) if reasons else "no-mention"


def party_text(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "-"
    code = actor.get("country") or actor.get("org") or ""
    return f"{actor.get('name')}[{code}]"


def show(miss: Miss) -> str:
    g = miss.gold
    lines = [f"  {miss.doc_id} {g['type']} {party_text(g.get('source'))} -> "
             f"{party_text(g.get('target'))} {' '.join(miss.flags)}",
             f"    evidence: {(g.get('evidence') or '')[:300]}"]
    if miss.triggers:
        lines.append(f"    triggers: {', '.join(miss.triggers)}")
    for p in miss.near[:4]:
        lines.append(f"    predicted: {p['type']} {party_text(p['source'])} -> "
                     f"{party_text(p['target'])} ({p['trigger']['text']})")
    if miss.skipped:
        lines.append(f"    skipped: {'; '.join(miss.skipped)}")
    return "\n".join(lines)


def report(misses: list[Miss], shown: int, only: str | None) -> None:
    by_cause = Counter(m.cause for m in misses)
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for m in misses:
        by_type[m.gold["type"]][m.cause] += 1
    print(f"missed gold events (develop, status occurred): {len(misses)}")
    print(f"{'cause':<14} {'n':>4}  split quote")
    for cause in CAUSES:
        group = [m for m in misses if m.cause == cause]
        print(f"{cause:<14} {len(group):>4}  {sum('split' in m.flags for m in group):>5} "
              f"{sum('quote' in m.flags for m in group):>5}")
    print("\nper type:")
    print(f"{'type':<10} " + " ".join(f"{c[:12]:>12}" for c in CAUSES))
    for etype in sorted(by_type):
        print(f"{etype:<10} " + " ".join(f"{by_type[etype][c]:>12}" for c in CAUSES))
    dropped = Counter(next((f.split(":")[0] for f in m.flags if f not in ("split", "quote")),
                           "?") for m in misses if m.cause == "b-dropped")
    print("\nb-dropped, which side failed:", dict(dropped.most_common()))
    for cause in CAUSES:
        if (only and cause != only) or not by_cause[cause] or not shown:
            continue
        print(f"\n== {cause} ==")
        for m in [m for m in misses if m.cause == cause][:shown]:
            print(show(m))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--show", type=int, default=0, help="examples printed per cause")
    parser.add_argument("--cause", help="print examples of this cause only")
    parser.add_argument("--type", help="only gold events of this type")
    parser.add_argument("--limit", type=int, help="first N develop articles only")
    args = parser.parse_args()
    scorer = load_scorer(args.eval_dir)
    pipeline = Pipeline.load()
    rows = develop_records(args.eval_dir)[: args.limit]
    recorder = PartyRecorder(pipeline.engine)
    misses = [m for row in rows for m in diagnose_article(row, pipeline, scorer, recorder)]
    if args.type:
        misses = [m for m in misses if m.gold["type"] == args.type]
    report(misses, args.show, args.cause)
    return 0


if __name__ == "__main__":
    sys.exit(main())
