"""JSON that is safe to embed anywhere, and the one error shape every failure uses."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi.responses import JSONResponse

# "<", ">" and "&" only ever occur inside JSON strings, so escaping them keeps the document
# identical once parsed while no article text can read as markup to a sniffing client.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps_safe(content: Any) -> str:
    """Compact JSON with <, > and & escaped as \\u003c, \\u003e, \\u0026."""
    text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      default=_default)
    return text.translate(_HTML_SAFE)


class SafeJSONResponse(JSONResponse):
    """The API's response class: JSON with article text never readable as HTML."""

    def render(self, content: Any) -> bytes:
        """The content as HTML-safe UTF-8 JSON."""
        return dumps_safe(content).encode("utf-8")


def answer(content: dict[str, Any]) -> SafeJSONResponse:
    """``content`` rendered as the endpoint's response. Returned as is, it skips FastAPI's
    validation and re-encoding of a returned dict (a copy of every row, and a second trip
    through the thread pool), which cost as much CPU as the query behind a page of events."""
    return SafeJSONResponse(content)


def error_response(status: int, code: str, message: str,
                   details: list[Any] | None = None) -> SafeJSONResponse:
    """``{"error": {"status", "code", "message", "details"}}``: the one shape of every error."""
    body = {"error": {"status": status, "code": code, "message": message,
                      "details": details or []}}
    return SafeJSONResponse(body, status_code=status)
