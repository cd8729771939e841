"""The typed records that flow between pipeline stages.

Every stage takes and returns these dataclasses, so a newcomer can read the whole data flow here:
Article (ingest) -> spaCy Doc (nlp) -> Actor / EventDate / Place (actors, time, geo) -> Event
(events) -> ArticleResult (pipeline), with RecordError for whatever could not be processed.
All offsets are character offsets into ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

# The PLOVER vocabulary's own module, re-exported so every stage finds the types here.
from communique.plover import EVENT_TYPES as EVENT_TYPES
from communique.plover import derive_codes

STATUSES = ("occurred", "planned", "hypothetical", "negated", "background", "multilateral")
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})


@dataclass(frozen=True)
class Span:
    """A stretch of the article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    """One news report with its metadata, as read by ``communique.ingest``."""

    id: str
    text: str
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    language: str | None = None
    origin: str | None = None  # file and line the record came from, for error messages
    # Set by ``ingest.validate``: the pipeline checks (and detects the language of) an article
    # only when this is False, so each article is validated once whichever way it arrived.
    validated: bool = False


@dataclass
class Actor:
    """A party to an event: a person, organisation or state, reduced to a country or org code."""

    name: str
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    role: str | None = None
    span: Span | None = None
    confidence: float = 1.0
    kind: str = "state"  # person | organisation | state | group

    @property
    def party(self) -> str | None:
        """What the scorer compares: country, else org, else the lower-cased name."""
        return self.country or self.org or (self.name.lower() if self.name else None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "country": self.country, "org": self.org, "sector": self.sector,
            "role": self.role, "kind": self.kind, "confidence": round(self.confidence, 3),
            "span": self.span.to_dict() if self.span else None,
        }


@dataclass
class EventDate:
    """When an event happened: ``value`` is YYYY-MM-DD, YYYY-MM or YYYY, per ``precision``."""

    value: str
    precision: str  # day | month | year
    span: Span | None = None
    basis: str = "sentence"  # sentence | episode | published
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value, "precision": self.precision, "basis": self.basis,
            "confidence": round(self.confidence, 3),
            "span": self.span.to_dict() if self.span else None,
        }


@dataclass
class Place:
    """A geocoded toponym: a city or region with its country, or a whole country."""

    name: str
    country: str | None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    feature: str = "city"  # city | admin | country | region
    span: Span | None = None
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = self.span.to_dict() if self.span else None
        data["confidence"] = round(self.confidence, 3)
        return data


@dataclass
class Event:
    """One PLOVER event with the evidence for each of its fields."""

    type: str
    source: Actor | None
    target: Actor | None
    evidence: Span
    trigger: Span
    mode: str | None = None
    date: EventDate | None = None
    location: Place | None = None
    status: str = "occurred"
    topics: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    confidence: float = 1.0
    mentions: list[Span] = field(default_factory=list)  # further sentences reporting it
    # Set from type and mode whenever the event is built (``dataclasses.replace`` included).
    cameo: str = field(init=False)
    quad_class: int = field(init=False)
    score: float = field(init=False)

    def __post_init__(self) -> None:
        codes = derive_codes(self.type, self.mode)
        self.cameo, self.quad_class, self.score = codes["cameo"], codes["quad_class"], \
            codes["score"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "mode": self.mode,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "date": self.date.value if self.date else None,
            "date_info": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "status": self.status, "topics": list(self.topics), "contexts": list(self.contexts),
            "evidence": self.evidence.text,
            "evidence_span": {"start": self.evidence.start, "end": self.evidence.end},
            "trigger": self.trigger.to_dict(),
            "mentions": [m.to_dict() for m in self.mentions],
            "confidence": round(self.confidence, 3),
            "cameo": self.cameo, "quad_class": self.quad_class, "score": self.score,
        }


@dataclass
class Skipped:
    """A sentence or candidate the engine set aside, with the reason (kept as data)."""

    span: Span | None
    reason: str


@dataclass
class RecordError:
    """A record that could not be processed; the batch goes on without it."""

    record: str  # the record's id, or file:line where it has none
    reason: str
    stage: str = "ingest"

    def to_dict(self) -> dict[str, str]:
        return {"record": self.record, "stage": self.stage, "reason": self.reason}


@dataclass
class ArticleResult:
    """What the engine made of one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        art = self.article
        return {
            "id": art.id,
            "published": art.published.isoformat() if art.published else None,
            "url": art.url, "title": art.title, "outlet": art.outlet, "language": art.language,
            "events": [e.to_dict() for e in self.events],
            "skipped": [{"reason": s.reason, "span": s.span.to_dict() if s.span else None}
                        for s in self.skipped],
        }
