"""How place names are compared: folded to lower-case ASCII, with generic words stripped off."""

from __future__ import annotations

import re
import unicodedata

# Words that qualify a toponym without being part of it ("northern Tianjin city").
DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
    "north-eastern", "north-western", "south-eastern", "south-western", "upper", "lower",
    "greater", "downtown", "coastal", "rural", "occupied", "war-torn", "restive", "neighbouring",
    "neighboring", "nearby",
})
GENERIC_WORDS = frozenset({
    "city", "province", "region", "state", "county", "district", "prefecture", "municipality",
    "area", "oblast", "governorate", "territory", "capital", "town", "village", "port",
})
DETERMINERS = frozenset({"the", "a", "an"})

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """Lower-case ASCII key for a name: 'Île-de-France' and 'ile de france' give the same key."""
    if not name.isascii():  # most names are: skip the costly decomposition for them
        decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", name.lower().replace("'", "")).strip()


def is_latin(name: str) -> bool:
    """Whether a name folds to ASCII letters, so it can be matched against English text."""
    if name.isascii():
        return True
    decomposed = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in decomposed)


def qualifier_strips(key: str) -> list[str]:
    """The key after each qualifier dropped, one at a time: "occupied west bank", "west bank",
    "bank"; the first of them a gazetteer knows is the place meant."""
    words = key.split()
    lead = 0
    while lead < len(words) - 1 and (words[lead] in DETERMINERS or words[lead] in DIRECTION_WORDS):
        lead += 1
    tail = 0
    while tail < len(words) - 1 and words[len(words) - 1 - tail] in GENERIC_WORDS:
        tail += 1
    # fewest words dropped first: "the west bank city" tries "west bank" before "bank"
    cuts = sorted(((i, j) for i in range(lead + 1) for j in range(tail + 1)
                   if i + j < len(words)), key=lambda cut: (cut[0] + cut[1], cut[0]))
    return [" ".join(words[i:len(words) - j]) for i, j in cuts]
