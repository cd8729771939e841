"""The PLOVER vocabulary: the event types, and each type and mode's CAMEO code, quad class and
conflict/cooperation score (read from ``communique/events/data/plover_codes.tsv``).

It sits below every stage, beside ``model``, and imports nothing of communique's but the errors:
``model.Event`` takes its codes from here when it is built.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

from communique.errors import KnowledgeError

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

CodeTable = dict[tuple[str, str], dict[str, Any]]


@cache
def code_table() -> CodeTable:
    """The bundled mapping, keyed by (type, mode) with mode "" for the type's default."""
    text = resources.files("communique.events").joinpath("data/plover_codes.tsv").read_text()
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")),
                          delimiter="\t")
    table: CodeTable = {}
    for row in rows:
        if row["type"] not in EVENT_TYPES:
            raise KnowledgeError(f"plover_codes.tsv: unknown PLOVER type {row['type']!r}")
        table[(row["type"], row["mode"])] = {
            "cameo": row["cameo"], "quad_class": int(row["quad_class"]),
            "score": float(row["score"]),
        }
    return table


def derive_codes(event_type: str, mode: str | None) -> dict[str, Any]:
    """{"cameo", "quad_class", "score"} for a type and mode (the type's default if mode is new)."""
    table = code_table()
    return dict(table.get((event_type, mode or ""), table[(event_type, "")]))
