"""Engine records to table rows and back: shared by every back end, free of SQL."""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from communique.actors.knowledge import KnowledgeBase
from communique.dedup.cross import event_row
from communique.model import Actor, Article, Event, Span

ACTOR_FIELDS = ("party", "name", "country", "org", "sector")


def date_range(value: str | None, precision: str | None) -> tuple[str | None, str | None]:
    """The first and last day a date of some precision covers: ("2025-07-01", "2025-07-31")."""
    if not value:
        return None, None
    if precision == "year" or len(value) == 4:
        return f"{value[:4]}-01-01", f"{value[:4]}-12-31"
    if precision == "month" or len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        last = calendar.monthrange(year, month)[1]
        return f"{value[:7]}-01", f"{value[:7]}-{last:02d}"
    return value[:10], value[:10]


def stable_event_id(content_hash: str, event: Event) -> str:
    """An id fixed by the first report: its document, type, parties and trigger offsets."""
    parts = (content_hash, event.type, party(event.source), party(event.target),
             str(event.trigger.start), str(event.trigger.end))
    return "ev-" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


CountryNames = Callable[[str], str | None]


@cache
def knowledge_base(extra_dirs: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The actor knowledge base with the user's folders, loaded once per set of folders."""
    return KnowledgeBase.load(extra_dirs)


def knowledge_names(extra_dirs: Sequence[Path] = ()) -> CountryNames:
    """The stored name of a state from its ISO3 code, as the knowledge base (with the user's
    ``--knowledge`` folders) names it; loaded on first use."""
    folders = tuple(Path(folder) for folder in extra_dirs)

    def name_of(code: str) -> str | None:
        entry = knowledge_base(folders).country_by_code(code)
        return entry.name if entry else None
    return name_of


def country_name(code: str, names: CountryNames | None = None) -> str | None:
    """The short English name of an ISO3 code ("Russia"), None for an unknown code."""
    named = (names or knowledge_names())(code)
    if named:
        return named
    found = pycountry.countries.get(alpha_3=code)
    return str(getattr(found, "common_name", None) or found.name) if found else None


def party_identity(actor: Actor, names: CountryNames | None = None) -> tuple[str, str]:
    """(name, kind) of the party an actor counts for: "China"/state for Wang Yi."""
    if actor.country and actor.party == actor.country:
        return country_name(actor.country, names) or actor.name, "state"
    if actor.org and actor.party == actor.org:
        return (actor.name if actor.kind == "organisation" else actor.org), "organisation"
    return actor.name, actor.kind


def party(actor: Actor | None) -> str:
    """The actor's party code for ids, ``-`` for no actor."""
    return (actor.party if actor else None) or "-"


def actor_columns(prefix: str, actor: Actor | None) -> dict[str, Any]:
    """The ``{prefix}_party``... columns of an actor (all None for no actor)."""
    if actor is None:
        return {f"{prefix}_{name}": None for name in ACTOR_FIELDS}
    values = [actor.party, actor.name, actor.country, actor.org, actor.sector]
    return {f"{prefix}_{name}": value for name, value in zip(ACTOR_FIELDS, values, strict=True)}


def event_columns(event: Event) -> dict[str, Any]:
    """Every ``events`` column that comes from the engine's record (not ids or counts)."""
    record = event.to_dict()
    place = event.location
    start, end = date_range(record["date"], event.date.precision if event.date else None)
    return {
        **event_row(event),
        **actor_columns("source", event.source), **actor_columns("target", event.target),
        "date_start": start, "date_end": end,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "topics": json.dumps(record["topics"]),
        "cameo": record.get("cameo"), "quad_class": record.get("quad_class"),
        "score": record.get("score"), "confidence": record["confidence"],
        "record": json.dumps(record, sort_keys=True),
    }


def span_dict(span: Span | None) -> dict[str, Any] | None:
    """The span as a dict, None for no span."""
    return span.to_dict() if span else None


def primary_offsets(event: Event) -> dict[str, Any]:
    """Where in the article each field of the event was read."""
    return {
        "trigger": span_dict(event.trigger),
        "source": span_dict(event.source.span if event.source else None),
        "target": span_dict(event.target.span if event.target else None),
        "date": span_dict(event.date.span if event.date else None),
        "place": span_dict(event.location.span if event.location else None),
    }


def mention_rows(event: Event) -> list[tuple[bool, Span, dict[str, Any]]]:
    """(is_primary, sentence, offsets) for the evidence sentence and each further mention."""
    rows = [(True, event.evidence, primary_offsets(event))]
    rows.extend((False, span, {}) for span in event.mentions)
    return rows


def document_columns(article: Article, content_hash: str) -> dict[str, Any]:
    """The ``documents`` columns that come from the article and its hash."""
    return {
        "content_hash": content_hash, "article_id": article.id, "url": article.url,
        "outlet": article.outlet, "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language, "origin": article.origin, "text": article.text,
    }


JSON_COLUMNS = ("topics", "offsets", "merge", "record")


def plain_row(row: Any) -> dict[str, Any]:
    """A database row as a dict, with JSON columns parsed."""
    data = dict(row)
    for name in JSON_COLUMNS:
        if isinstance(data.get(name), str):
            data[name] = json.loads(data[name])
    return data
