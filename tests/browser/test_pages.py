"""Drive the web pages in a real headless Chromium against a live server on a written corpus.

Needs Debian's ``chromium`` at /usr/bin/chromium (``.ci/install-browser.sh`` installs it) and
the ``playwright`` package (its sync API only; never ``playwright install``). Screenshots go to
``test-output/screenshots/``.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests/api_corpus.py

from api_corpus import XSS_SCRIPT, write_corpus_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium; run "
                              ".ci/install-browser.sh (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="needs the playwright package (pip install -e .[dev])")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from communique.api import create_app

    db = write_corpus_store(tmp_path_factory.mktemp("pages") / "events.db")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


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


@pytest.fixture()
def page(browser: Any, base_url: str) -> Iterator[tuple[Any, PageProblems]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    new_page = context.new_page()
    new_page.set_default_timeout(10_000)
    problems = PageProblems(new_page, base_url)
    yield new_page, problems
    context.close()


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_filter_then_event_then_evidence(page: tuple[Any, PageProblems], base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/")
    tab.wait_for_selector("#events tbody tr")
    assert tab.locator("#events tbody tr").count() == 5
    tab.fill("input[name=actor]", "CHN")
    tab.select_option("select[name=type]", "AGREE")
    tab.click("#apply")
    sync_api.expect(tab.locator("#events tbody tr")).to_have_count(1)
    assert "of 1" in tab.inner_text("#status")
    tab.click("#events tbody tr")
    tab.wait_for_selector("#detail .mention")
    mentions = tab.locator("#detail .mention")
    assert mentions.count() == 2  # Reuters and AP reports merged into one event
    first, second = mentions.nth(0), mentions.nth(1)
    assert first.locator("mark.hl-source").inner_text() == "China"
    assert first.locator("mark.hl-target").inner_text() == "the United States"
    assert first.locator("mark.hl-trigger").inner_text() == "signed"
    assert first.locator("mark.hl-date").inner_text() == "Monday"
    assert first.locator("mark.hl-place").inner_text() == "Geneva"
    assert second.locator("mark.hl-source").inner_text() == "Washington"
    assert "Reuters" in first.inner_text() and "AP" in second.inner_text()
    assert "event=" in tab.url and "actor=CHN" in tab.url
    screenshot(tab, "explorer-event-evidence")
    problems.assert_none()


def test_hostile_article_text_stays_text(page: tuple[Any, PageProblems], base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/?type=THREATEN")
    sync_api.expect(tab.locator("#events tbody tr")).to_have_count(1)
    tab.click("#events tbody tr")
    tab.wait_for_selector("#detail .mention")
    sentence = tab.locator("#detail .mention .sentence").inner_text()
    assert XSS_SCRIPT in sentence  # shown literally, as text
    assert tab.locator("#detail script, #detail img, #detail b, #events script").count() == 0
    assert tab.locator("#detail .mention a").count() == 0  # the javascript: URL is not a link
    assert tab.evaluate("window.__xss") is None
    assert tab.locator(".mention mark.hl-source").inner_text() == "France"
    screenshot(tab, "explorer-hostile-text")
    problems.assert_none()


def test_dyad_timeline_renders_points(page: tuple[Any, PageProblems], base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/dyad?a=CHN&b=USA&bucket=month")
    tab.wait_for_selector("#chart svg .score-dots circle")
    assert tab.locator("#chart .bars rect").count() == 2  # March and June 2025
    assert tab.locator("#chart .score-dots circle").count() == 2
    fills = tab.eval_on_selector_all("#chart .score-dots circle",
                                     "cs => cs.map(c => c.getAttribute('fill'))")
    assert fills == ["#2f855a", "#c53030"]  # the agreement cooperates, the accusation conflicts
    assert tab.locator("#dyad-events tbody tr").count() == 2
    screenshot(tab, "dyad-timeline")
    problems.assert_none()


def test_network_draws_actors_and_pairs(page: tuple[Any, PageProblems], base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/network")
    tab.wait_for_selector("#graph svg .node")
    labels = sorted(tab.eval_on_selector_all("#graph .node text",
                                             "ts => ts.map(t => t.textContent)"))
    assert labels == ["CHN", "DEU", "FRA", "RUS", "UKR", "USA"]
    assert tab.locator("#graph .edges line").count() == 3
    screenshot(tab, "network")
    tab.locator("#graph .node", has_text="RUS").click()
    sync_api.expect(tab.locator("#events tbody tr")).to_have_count(2)
    assert "actor=RUS" in tab.url
    problems.assert_none()


def test_map_draws_offline_base_map_and_places(page: tuple[Any, PageProblems],
                                               base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/map")
    tab.wait_for_selector("#map circle.place")
    assert tab.locator("#map .countries path").count() > 100
    assert tab.locator("#map circle.place").count() == 4  # Geneva, Kharkiv, Belgorod, Paris
    tab.select_option("select[name=type]", "ASSAULT")
    tab.click("#apply")
    sync_api.expect(tab.locator("#map circle.place")).to_have_count(1)
    assert "Belgorod" in (tab.locator("#map circle.place title").text_content() or "")
    screenshot(tab, "map")
    problems.assert_none()
