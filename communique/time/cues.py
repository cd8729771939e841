"""The word lists that steer date resolution, read from ``data/cues.json`` (users may extend it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from communique.errors import KnowledgeError

CUES_FILE = Path(__file__).parent / "data" / "cues.json"
_FIELDS = ("future_aux", "future_lemmas", "future_modifiers", "past_markers", "future_markers",
           "fuzzy_modifiers", "duration_units", "speech_lemmas")


@dataclass(frozen=True)
class TimeCues:
    """Lower-case word sets; see the ``_about`` note in ``data/cues.json`` for what each does."""

    future_aux: frozenset[str]
    future_lemmas: frozenset[str]
    future_modifiers: frozenset[str]
    past_markers: frozenset[str]
    future_markers: frozenset[str]
    fuzzy_modifiers: frozenset[str]
    duration_units: frozenset[str]
    speech_lemmas: frozenset[str]

    @classmethod
    def load(cls, path: Path = CUES_FILE) -> TimeCues:
        """Read a cues file; a missing list or a non-list value is a KnowledgeError naming it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise KnowledgeError(f"{path}: cannot read time cues ({exc}); "
                                 "restore the file or fix its JSON") from exc
        return cls(**{name: _word_set(data, name, path) for name in _FIELDS})


def _word_set(data: dict[str, object], name: str, path: Path) -> frozenset[str]:
    words = data.get(name)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise KnowledgeError(f"{path}: '{name}' must be a list of strings; add it or fix its type")
    return frozenset(w.lower() for w in words)
