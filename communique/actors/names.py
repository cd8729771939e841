"""Names as the article writes them, cleaned for lookup; office holders as actors."""

from __future__ import annotations

from communique.actors.knowledge import KnowledgeBase, PersonEntry
from communique.model import Actor, Span


# -- names, phrases and spans --------------------------------------------------------------
def clean_name(text: str) -> str:
    """A mention without its leading article, possessive ending or stray punctuation."""
    text = text.strip().strip("\"'“”‘’(),.").lstrip("-–— ")
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    for article in ("the ", "The "):
        if text.startswith(article):
            text = text[len(article):]
    return " ".join(text.split())


def strip_country_words(text: str, kb: KnowledgeBase) -> str:
    """ "Russian Foreign Ministry" -> "Foreign Ministry", to look up the role alone."""
    words = text.split()
    kept = [w for w in words if kb.country(w.strip("'’s")) is None]
    return " ".join(kept)


def holder_actor(holder: PersonEntry, country: str | None, confidence: float,
                 span: Span | None = None) -> Actor:
    """The person holding an office, as the actor a role phrase stands for."""
    return Actor(name=holder.name, country=country, sector=holder.sector, role=holder.role,
                 kind="person", span=span, confidence=confidence)
