"""Split ../shared/eval/train.jsonl into *develop* and *blind* by a fixed hash of the article id.

An article is blind when int(sha256(id).hexdigest(), 16) % 3 == 0, else develop (issue 12).
Rules, vocabulary and learned components are derived from develop only; of blind only the
aggregate figures of the scorer are read. Writes eval/train_split.json (ids only, no text).

    python tools/split_train.py [TRAIN_JSONL] [-o eval/train_split.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "train.jsonl"


def is_blind(article_id: str) -> bool:
    """The fixed rule: a third of the ids, chosen by their SHA-256."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def read_ids(train: Path) -> list[str]:
    """Only the ids are read; the texts stay unread."""
    ids = []
    with train.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                ids.append(str(json.loads(line)["id"]))
    return ids


def split(ids: list[str]) -> dict[str, list[str]]:
    return {"develop": [i for i in ids if not is_blind(i)],
            "blind": [i for i in ids if is_blind(i)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", nargs="?", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "eval" / "train_split.json")
    args = parser.parse_args()
    parts = split(read_ids(args.train))
    document = {"_comment": "Split of train.jsonl by tools/split_train.py: blind when "
                            "int(sha256(id).hexdigest(), 16) % 3 == 0. Never read blind articles.",
                **parts}
    args.output.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"develop {len(parts['develop'])}, blind {len(parts['blind'])} -> {args.output}")


if __name__ == "__main__":
    main()
