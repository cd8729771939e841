"""``POST /api/ingest``: extract and store articles sent as JSON; mounted only with a token."""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from pydantic import BaseModel, Field

from communique.api.stores import store_for
from communique.ingest import validate
from communique.model import Article
from communique.store.loader import Extractor, ingest_records

PipelineFactory = Callable[[], Extractor]


class ArticleIn(BaseModel):
    """One article as posted; ``text`` is required, the rest is metadata."""

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    published: dt.date | None = None
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=20)

    def to_article(self) -> Article:
        """The posted article as an ``Article``, its origin naming the request."""
        return Article(id=self.id, text=self.text, published=self.published, url=self.url,
                       title=self.title, outlet=self.outlet, language=self.language,
                       origin=f"POST /api/ingest article {self.id!r}")


class IngestRequest(BaseModel):
    """The body of ``POST /api/ingest``: at least one article."""

    articles: list[ArticleIn] = Field(min_length=1)


class LazyPipeline:
    """Loads the extraction pipeline on the first ingest, once, whichever thread asks first."""

    def __init__(self, factory: PipelineFactory) -> None:
        self._factory = factory
        self._pipeline: Extractor | None = None
        self._lock = threading.Lock()

    def get(self) -> Extractor:
        """The pipeline, built by the first caller."""
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self._factory()
            return self._pipeline


def build_router(token: str) -> APIRouter:
    """The router of ``POST /api/ingest``, accepting only ``token``."""
    router = APIRouter(prefix="/api", tags=["ingest"])

    @router.post("/ingest")
    def ingest(request: Request, body: IngestRequest,
               authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        """Validate, extract and store the posted articles (documents already stored are
        skipped and counted as duplicates; bad records come back in ``errors``). Needs
        ``Authorization: Bearer <token>`` with the token the server was started with."""
        check_token(authorization, token)
        check_articles(request, body)
        records = [validate(item.to_article()) for item in body.articles]
        summary = ingest_records(records, store_for(request), request.app.state.pipeline.get())
        return asdict(summary)

    return router


def check_token(authorization: str | None, token: str) -> None:
    """Raise 401 unless the header is ``Bearer <token>``."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             token.encode()):
        raise HTTPException(401, "ingest needs the header 'Authorization: Bearer <token>' with "
                                 "the token given to 'communique serve --token'",
                            headers={"www-authenticate": "Bearer"})


def check_articles(request: Request, body: IngestRequest) -> None:
    """Raise 413 for too many articles or one too long, naming the limit."""
    limits = request.app.state.limits
    if len(body.articles) > limits.max_articles_per_ingest:
        raise HTTPException(413, f"{len(body.articles)} articles in one request; send at most "
                                 f"{limits.max_articles_per_ingest} per request")
    for item in body.articles:
        if len(item.text) > limits.max_article_chars:
            raise HTTPException(413, f"article {item.id!r} has {len(item.text)} characters; "
                                     f"the limit is {limits.max_article_chars}")
