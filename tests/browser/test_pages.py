"""Drive the web pages in a real headless Chromium against a live server on a written corpus
(see browser_support.py for what the tests need)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests/api_corpus.py

from api_corpus import XSS_SCRIPT, write_corpus_store
from browser_support import BROWSER_MARKS, PageProblems, screenshot, serve_store

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="needs the playwright package (pip install -e .[dev])")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve_store(write_corpus_store(tmp_path_factory.mktemp("pages") / "events.db"))


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
