"""``create_app``: the API, the web pages and their static files in one FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from communique.api import routes_analysis, routes_events, routes_ingest
from communique.api.middleware import (
    BodySizeLimitMiddleware,
    HostCheckMiddleware,
    IngestTokenMiddleware,
    SecurityHeadersMiddleware,
)
from communique.api.responses import SafeJSONResponse, error_response
from communique.api.routes_ingest import LazyPipeline, PipelineFactory
from communique.api.settings import ApiLimits
from communique.api.stores import StoreOpener, StoreProvider
from communique.errors import CommuniqueError, InputError, StoreError
from communique.store.loader import Extractor

PAGES = {"/": "index.html", "/dyad": "dyad.html", "/network": "network.html",
         "/map": "map.html"}
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "body_too_large", 422: "invalid_request",
               500: "internal_error", 503: "store_unavailable"}


def static_dir() -> Path:
    """The folder of the web pages, scripts and styles shipped with the package."""
    return Path(str(resources.files("communique.api").joinpath("static")))


def create_app(store_url: str, *, ingest_token: str | None = None,
               limits: ApiLimits | None = None,
               pipeline_factory: PipelineFactory | None = None,
               store_opener: StoreOpener | None = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The whole server for the store at ``store_url``. ``POST /api/ingest`` exists only when
    ``ingest_token`` is given; ``pipeline_factory`` (default ``Pipeline.load``) builds the
    extraction pipeline on the first ingest; ``store_opener`` defaults to ``open_store``.
    With ``allowed_hosts`` (``communique serve`` always gives them, see ``served_hosts``)
    requests for any other Host get 400; without, the embedding server checks Host."""
    stores = StoreProvider(store_url, store_opener or _default_opener())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close_all()

    app = FastAPI(title="communique", version=_version(), lifespan=lifespan,
                  default_response_class=SafeJSONResponse, openapi_url="/api/openapi.json",
                  docs_url=None, redoc_url=None,  # their pages load from a CDN: offline, no
                  description="Sourced PLOVER event data: query events, dyads, the network.")
    app.state.stores = stores
    app.state.limits = limits or ApiLimits()
    app.state.ingest_token = ingest_token
    app.state.pipeline = LazyPipeline(pipeline_factory or _default_pipeline_factory)
    _add_routes(app, ingest_token)
    _add_error_handlers(app)
    # The last added runs first: headers on every answer, then Host, token and body size.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=app.state.limits.max_body_bytes)
    if ingest_token:
        app.add_middleware(IngestTokenMiddleware, token=ingest_token)
    if allowed_hosts is not None:
        app.add_middleware(HostCheckMiddleware, allowed=allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _add_routes(app: FastAPI, ingest_token: str | None) -> None:
    app.include_router(routes_events.router)
    app.include_router(routes_analysis.router)
    if ingest_token:
        app.include_router(routes_ingest.build_router(ingest_token))
    for route, filename in PAGES.items():
        app.add_api_route(route, _page(filename), include_in_schema=False)
    app.add_api_route("/favicon.ico", lambda: RedirectResponse("/static/favicon.svg"),
                      include_in_schema=False)
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")


def _page(filename: str) -> Any:
    path = static_dir() / filename

    def page() -> FileResponse:
        return FileResponse(path, media_type="text/html; charset=utf-8")

    return page


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> SafeJSONResponse:
        response = error_response(exc.status_code, ERROR_CODES.get(exc.status_code, "error"),
                                  str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> SafeJSONResponse:
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")}
                   for e in exc.errors()]
        message = "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in details)
        return error_response(422, "invalid_request", message, details)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> SafeJSONResponse:
        return error_response(503, "store_unavailable", str(exc))

    @app.exception_handler(CommuniqueError)
    async def communique_error(_: Request, exc: CommuniqueError) -> SafeJSONResponse:
        status = 400 if isinstance(exc, InputError) else 500
        return error_response(status, ERROR_CODES[status], str(exc))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> SafeJSONResponse:
        # Answer in the one error shape; the traceback goes to the server log, not the client.
        return error_response(500, "internal_error",
                              f"unexpected {type(exc).__name__}; see the server log")


def _default_opener() -> StoreOpener:
    from communique.store import open_store

    return open_store


def _default_pipeline_factory() -> Extractor:
    from communique.pipeline import Pipeline

    return Pipeline.load()


def _version() -> str:
    from communique import __version__

    return __version__
