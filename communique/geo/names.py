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
    found = [key]
    while len(words) > 1 and (words[0] in DETERMINERS or words[0] in DIRECTION_WORDS):
        words = words[1:]
        found.append(" ".join(words))
    while len(words) > 1 and words[-1] in GENERIC_WORDS:
        words = words[:-1]
        found.append(" ".join(words))
    return found
