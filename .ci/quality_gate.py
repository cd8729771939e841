"""Extract and score the shared evaluation sets; fail when event-level F1 drops below a floor.

Run from the repository root after the test suite: python .ci/quality_gate.py [SHARED_EVAL_DIR]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / ".ci" / "quality-floors.json").read_text())


def gate(eval_dir: Path, name: str, floor: float, out_dir: Path) -> bool:
    gold = eval_dir / name
    pred = out_dir / (name.replace("/", "_") + ".pred.jsonl")
    cli = [sys.executable, "-m", "communique"]
    subprocess.run([*cli, "extract", str(gold), "-o", str(pred)], check=False)
    result = subprocess.run([*cli, "evaluate", str(gold), str(pred), "--min-event-f1",
                             str(floor)], check=False)
    print(f"quality gate {name}: floor {floor:.3f}: {'ok' if result.returncode == 0 else 'FAILED'}")
    return result.returncode == 0


def main() -> int:
    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval"
    if not eval_dir.is_dir():
        print(f"quality gate: {eval_dir} not found; the gate needs the shared evaluation sets")
        return 1
    out_dir = ROOT / "out" / "quality-gate"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [gate(eval_dir, name, floor, out_dir) for name, floor in FLOORS.items()
               if not name.startswith("_")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
