"""``communique evaluate``: score predicted events against gold annotations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from communique.evaluation import format_report, load_events, score


def register(sub: Any) -> None:
    """Add ``communique evaluate``."""
    parser = sub.add_parser(
        "evaluate", help="score predicted events against gold events",
        description="Event- and dyad-level precision, recall and F1 (micro and per document), "
                    "per-type scores and attribute accuracy, as GUIDELINES.md defines them.")
    parser.add_argument("gold", type=Path, help="JSONL of {id, events} gold annotations")
    parser.add_argument("pred", type=Path, help="JSONL of {id, events} predictions")
    parser.add_argument("--json", type=Path, help="also write the full report here")
    parser.add_argument("--min-event-f1", type=float,
                        help="exit 1 when event-level F1 is below this floor (a quality gate)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the scores; exit code 1 when below ``--min-event-f1``."""
    report = score(load_events(args.gold), load_events(args.pred))
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
    f1 = float(report.levels["event"].prf()["f1"])
    if args.min_event_f1 is not None and f1 < args.min_event_f1:
        print(f"quality gate: event-level F1 {f1:.3f} is below the floor {args.min_event_f1:.3f}")
        return 1
    return 0
