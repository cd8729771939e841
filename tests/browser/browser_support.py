"""What the browser tests share: the live test server, the marks, problems a page may show
and screenshots. Needs Debian's ``chromium`` at /usr/bin/chromium (``.ci/install-browser.sh``
installs it) and the ``playwright`` package (its sync API only; never ``playwright install``).
Screenshots go to ``test-output/screenshots/``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium; run "
                              ".ci/install-browser.sh (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_store(db: Path, limits: Any = None) -> Iterator[str]:
    """Serves the store at ``db`` as ``communique serve`` would, on a free port (with the
    given ``ApiLimits``, if any); yields the base URL until the caller is done."""
    import uvicorn

    from communique.api import create_app
    from communique.api.middleware import served_hosts

    port = free_port()
    app = create_app(str(db), allowed_hosts=served_hosts("127.0.0.1"), limits=limits)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 15 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class PageProblems:
    """Console errors, uncaught exceptions and requests that left the test server."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith((base_url, "data:"))
                else self.foreign.append(r.url))

    def assert_none(self) -> None:
        assert self.errors == []
        assert self.foreign == []


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
