"""Extract and score the shared evaluation sets; fail when event-level F1 drops below a floor.

Run from the repository root after the test suite: python .ci/quality_gate.py [SHARED_EVAL_DIR]

A floor named ``FILE#PART`` scores the part of FILE listed in eval/train_split.json
(tools/split_train.py): ``train.jsonl#blind`` is the blind third of train.jsonl, of which the
gate prints only the aggregate figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / ".ci" / "quality-floors.json").read_text())


def split_gold(eval_dir: Path, name: str, out_dir: Path) -> Path:
    """The gold file for a floor: FILE itself, or for FILE#PART the articles of that part."""
    if "#" not in name:
        return eval_dir / name
    file_name, part = name.split("#", 1)
    ids = set(json.loads((ROOT / "eval" / "train_split.json").read_text())[part])
    subset = out_dir / f"{file_name.replace('/', '_')}.{part}.gold.jsonl"
    with (eval_dir / file_name).open(encoding="utf-8") as source, \
            subset.open("w", encoding="utf-8") as target:
        target.writelines(line for line in source
                          if line.strip() and str(json.loads(line)["id"]) in ids)
    return subset


def gate(eval_dir: Path, name: str, floor: float, out_dir: Path) -> bool:
    gold = split_gold(eval_dir, name, out_dir)
    pred = out_dir / (name.replace("/", "_").replace("#", ".") + ".pred.jsonl")
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
