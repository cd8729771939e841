"""Convert the CAMEO verb dictionary of PETRARCH-2 into trigger rows mapped to PLOVER.

Reads ../shared/knowledge/petrarch2/CAMEO.2.0.txt (MIT licence, Open Event Data Alliance; the
dictionary comes from the Computational Event Data System project) and the CAMEO -> PLOVER table
../shared/eval/plover_gsr/CAMEO2PLOVER-2021.txt, and writes
communique/events/data/triggers_cameo.tsv in the columns of triggers.tsv. The lexicon reads it
after triggers.tsv, so a hand-made row of the same lemma is tried first.

Chunks (--chunks, comma-separated):
- verbs    the verbs of every family whose code maps to PLOVER ("CONDEMN [111]" -> ACCUSE),
           as bare triggers, for lemmas triggers.tsv does not list;
- objects  the verb + object patterns of every family ("- * AID [070]" -> AID for "send aid"),
           with the noun synonym sets (&CEASEFIRE...) expanded; one-word objects only.
CAMEO codes 01 (statements) and 02 (appeals) have no PLOVER type and are left out.

    python tools/convert_cameo_verbs.py [PETRARCH2_DIR] [CAMEO2PLOVER] [--chunks verbs,objects]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TARGET = ROOT / "communique" / "events" / "data" / "triggers_cameo.tsv"
BUNDLED = ROOT / "communique" / "events" / "data" / "triggers.tsv"
_FAMILY = re.compile(r"^---\s+(\S+)\s+\[([0-9-]+)(?::[0-9]+)?\]\s+---")
_CODE = re.compile(r"\[(\d{2,4})(?::\d+)?\]")
_OBJECT = re.compile(r"^-\s+\*\s+(&?[A-Z][A-Z_-]*)\s+\[(\d{2,4})(?::\d+)?\]")
HEADER = ("trigger", "pos", "object", "type", "mode", "targets", "negated")


def plover_table(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, mode)."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*,\s*([\w-]*)", line)
        if match:
            table[match.group(1)] = (match.group(2), match.group(3))
    return table


def plover(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The PLOVER type of a code, else of its closest listed parent."""
    for size in range(len(code), 1, -1):
        if code[:size] in table:
            return table[code[:size]]
    return None


def synsets(lines: list[str]) -> dict[str, list[str]]:
    """&NAME -> its one-word members, lower-case."""
    found: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("&"):
            current = line.split()[0]
            found[current] = []
        elif line.startswith("+") and current:
            word = line[1:].split("#")[0].strip().rstrip("_")
            if word and "_" not in word and " " not in word:
                found[current].append(word.lower())
        elif not line.strip() or line.startswith("#"):
            continue
        else:
            current = None
    return found


def verb_of(line: str) -> str | None:
    """A family member line ("HURRY {HURRIES ...}", "+ASK_FOR {...} [020]") as a trigger."""
    word = line.lstrip("+").split("{")[0].split("[")[0].split("#")[0].strip()
    parts = word.lower().split("_")
    if not word or " " in word or len(parts) > 2 or not all(p.isalpha() for p in parts):
        return None
    return " ".join(parts)


def object_forms(word: str, sets: dict[str, list[str]]) -> list[str]:
    words = sets.get(word, []) if word.startswith("&") else [word.lower().rstrip("_")]
    forms = set()
    for w in words:
        if "-" in w or not w.isalpha():
            continue
        forms.add(w)
        if w.endswith("s") and len(w) > 3:
            forms.add(w[:-1])
    return sorted(forms)


def families(lines: list[str]) -> list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]]:
    """(family code, [(verb, own code)], [(object word, code)]) for every verb family."""
    result = []
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    for line in lines[start:]:
        header = _FAMILY.match(line)
        if header:
            result.append((header.group(2), [], []))
        elif not result or not line.strip() or line.startswith("#"):
            continue
        elif line.startswith("-"):
            pattern = _OBJECT.match(line)
            if pattern:
                result[-1][2].append((pattern.group(1), pattern.group(2)))
        else:
            verb = verb_of(line)
            own = _CODE.search(line.split("#")[0])
            if verb:
                result[-1][1].append((verb, own.group(1) if own else ""))
    return result


def bundled_lemmas() -> set[str]:
    rows = [r for r in BUNDLED.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    return {r.split("\t")[0].lower() for r in rows[1:] if r.strip()}


def bundled_modes() -> set[str]:
    rows = [r for r in BUNDLED.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    return {r.split("\t")[4] for r in rows[1:] if r.count("\t") >= 4}


def convert(cameo: Path, table_path: Path, chunks: set[str],
            types: set[str] | None = None) -> list[tuple[str, ...]]:
    lines = cameo.read_text(encoding="utf-8", errors="replace").splitlines()
    table, sets = plover_table(table_path), synsets(lines)
    known, modes = bundled_lemmas(), bundled_modes()
    verbs: dict[str, tuple[str, str]] = {}
    objects: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for family_code, members, patterns in families(lines):
        single = [v for v, _ in members if " " not in v]
        for verb, own in members:
            mapped = plover(own or family_code, table) if (own or family_code) != "---" else None
            if mapped and verb not in known and verb.split()[0] not in known:
                verbs.setdefault(verb, mapped)
        for word, code in patterns:
            mapped = plover(code, table)
            if mapped:
                for verb in single:
                    objects[(verb, *mapped)].update(object_forms(word, sets))
    rows: list[tuple[str, ...]] = []
    if "verbs" in chunks:
        rows += [(v, "VERB", "", t, m if m in modes else "", "", "")
                 for v, (t, m) in sorted(verbs.items())]
    if "objects" in chunks:
        rows += [(v, "VERB", "|".join(sorted(objs)), t, m if m in modes else "", "", "")
                 for (v, t, m), objs in sorted(objects.items()) if objs]
    return [row for row in rows if types is None or row[3] in types]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=SHARED / "knowledge" / "petrarch2")
    parser.add_argument("table", nargs="?", type=Path,
                        default=SHARED / "eval" / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    parser.add_argument("--chunks", default="verbs,objects")
    parser.add_argument("--types", help="PLOVER types to keep, comma-separated (default all)")
    args = parser.parse_args()
    types = set(args.types.split(",")) if args.types else None
    rows = convert(args.source / "CAMEO.2.0.txt", args.table, set(args.chunks.split(",")), types)
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        out.write("# Converted by tools/convert_cameo_verbs.py from CAMEO.2.0.txt of PETRARCH-2 "
                  "(MIT licence, Copyright (c) 2014 Open Event Data Alliance; dictionary by the "
                  "Computational Event Data System project), CAMEO codes mapped to PLOVER with "
                  "CAMEO2PLOVER-2021.txt (PLOVER project). Chunks: " + args.chunks
                  + (f"; types: {args.types}" if args.types else "") + "\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{TARGET.name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
