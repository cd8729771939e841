"""The pages on a store as wide as a real one: 600 events among 60 states, a pair that went
quiet for ten years, events with unknown attackers, isolated pairs and long evidence.

Checks what a user saw go wrong: the dyad timeline must space periods by their dates, the
network must keep every actor on the canvas without overlap and must not draw "unknown" as a
state, and the events table must show the whole evidence sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests/api_corpus.py

from api_corpus import Fact, build_event, span
from browser_support import BROWSER_MARKS, PageProblems, screenshot, serve_store

from communique.api.settings import ApiLimits
from communique.model import Actor, Article, ArticleResult
from communique.store import open_store

pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="needs the playwright package (pip install -e .[dev])")

STATES = ("ARG", "AUS", "AUT", "BEL", "BRA", "CAN", "CHE", "CHL", "COL", "CZE", "DNK", "EGY",
          "ESP", "EST", "ETH", "FIN", "GHA", "GRC", "HUN", "IDN", "IND", "IRL", "IRN", "ISR",
          "ITA", "JOR", "KEN", "KOR", "LTU", "LVA", "MAR", "MEX", "MYS", "NGA", "NLD", "NZL",
          "PAK", "PER", "PHL", "POL", "PRT", "QAT", "ROU", "SAU", "SEN", "SGP", "SRB", "SVK",
          "THA", "TUN", "TUR", "UGA", "URY", "VNM", "ZAF", "ZMB", "ZWE", "CUB")
LONG_EVIDENCE = ("Norway and Sweden signed a fisheries accord in Tromsø on Monday that sets "
                 "quotas for cod, haddock and herring in the Barents Sea for the next six "
                 "years, creates a joint inspection service with powers to board vessels of "
                 "either flag, and commits both governments to publish catch data every "
                 "month so that scientists can check the stocks, officials said.")
QUIET_DECADE = ["2004-11-15", "2014-03-10", "2014-04-21"]  # NOR-SWE: ten quiet years, then two


def article(number: int, text: str, published: str) -> Article:
    return Article(f"wide-{number}", text, dt.date.fromisoformat(published),
                   f"https://news.example/wide-{number}", f"Report {number}",
                   f"Outlet {number % 7}")


def meeting(number: int, a: str, b: str, day: dt.date) -> ArticleResult:
    kind, verb = ("CONSULT", "met") if number % 3 else ("ACCUSE", "accused")
    text = f"Officials of {a} {verb} officials of {b} on {day:%d %B %Y}."
    fact = Fact(kind, (a, a), (b, b), verb, day.isoformat())
    return ArticleResult(article(number, text, day.isoformat()), [build_event(text, fact)])


def unknown_attack(number: int, target: str, day: dt.date) -> ArticleResult:
    text = f"Gunmen that nobody has named attacked a police post in {target} on {day:%d %B}."
    event = build_event(text, Fact("ASSAULT", ("Gunmen", "XXX"), (target, target), "attacked",
                                   day.isoformat()))
    unknown = Actor(name="unknown", kind="group", confidence=0.5, span=span(text, "Gunmen"))
    return ArticleResult(article(number, text, day.isoformat()),
                         [dataclasses.replace(event, source=unknown)])


def wide_corpus() -> Iterator[ArticleResult]:
    """About 600 events: busy pairs among the first states, a long tail of pairs, two isolated
    pairs, unknown attackers, the quiet decade and one long evidence sentence."""
    start = dt.date(2015, 1, 1)
    pairs = list(itertools.combinations(STATES[:12], 2)) * 6  # 396 events among 12 busy states
    pairs += [(STATES[n], STATES[(n * 7 + 3) % 40]) for n in range(12, len(STATES))] * 4  # tail
    pairs += [("ISL", "MLT")] * 3  # a pair on its own
    for number, (a, b) in enumerate(pairs):
        if a != b:
            yield meeting(number, a, b, start + dt.timedelta(days=3 * number))
    for n, target in enumerate(("NGA", "PAK", "COL") * 4):
        yield unknown_attack(1000 + n, target, start + dt.timedelta(days=5 * n + 1))
    for n, day in enumerate(QUIET_DECADE):
        text = f"Norway and Sweden signed a border treaty on {day}."
        yield ArticleResult(article(2000 + n, text, day), [build_event(
            text, Fact("AGREE", ("Norway", "NOR"), ("Sweden", "SWE"), "signed", day))])
    yield ArticleResult(article(3000, LONG_EVIDENCE, "2014-05-13"), [build_event(
        LONG_EVIDENCE, Fact("AGREE", ("Norway", "NOR"), ("Sweden", "SWE"), "signed",
                            "2014-05-12"))])


@pytest.fixture(scope="module")
def wide_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("wide") / "events.db"
    store = open_store(db)
    try:
        for result in wide_corpus():
            store.add_result(result.article, result)
        assert store.stats()["events"] >= 550
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def base_url(wide_db: Path) -> Iterator[str]:
    yield from serve_store(wide_db)


@pytest.fixture(scope="module")
def capped_url(wide_db: Path) -> Iterator[str]:
    """The same store behind a server that counts matches only up to 100, as a big store's
    server counts up to ApiLimits.count_cap."""
    yield from serve_store(wide_db, ApiLimits(count_cap=100))


def bar_edges(tab: Any, period: str) -> tuple[float, float]:
    box = tab.locator(f"#chart .bars rect[data-period='{period}']").bounding_box()
    return box["x"], box["x"] + box["width"]


def test_dyad_timeline_spaces_periods_by_their_dates(page: tuple[Any, PageProblems],
                                                    base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/dyad?a=NOR&b=SWE&bucket=month")
    tab.wait_for_selector("#chart .bars rect[data-period='2014-05']")
    assert tab.locator("#chart .bars rect").count() == 4  # 2004-11, 2014-03, 2014-04, 2014-05
    left_2004, right_2004 = bar_edges(tab, "2004-11")
    left_march, right_march = bar_edges(tab, "2014-03")
    left_april, _ = bar_edges(tab, "2014-04")
    month = left_april - left_march
    # Nine years and four months lie between November 2004 and March 2014: 112 months.
    assert (left_march - left_2004) / month == pytest.approx(112, rel=0.05)
    assert right_2004 < left_march and right_march <= left_april
    years = tab.eval_on_selector_all("#chart .time-axis .tick text",
                                     "ts => ts.map(t => t.textContent)")
    assert {"2006", "2008", "2010", "2012"} <= set(years)
    # The score line breaks over the quiet decade instead of joining 2004 to 2014.
    assert tab.get_attribute("#chart .score-line", "d").count("M") == 2
    screenshot(tab, "dyad-timeline-quiet-decade")
    problems.assert_none()


def drawn_nodes(tab: Any) -> list[dict[str, Any]]:
    return list(tab.eval_on_selector_all("#graph .node", """nodes => nodes.map(n => {
        const m = /translate\\(([-\\d.e]+),\\s*([-\\d.e]+)\\)/.exec(n.getAttribute('transform'));
        return {id: n.querySelector('text').textContent, x: Number(m[1]), y: Number(m[2]),
                r: Number(n.querySelector('circle').getAttribute('r')),
                coded: !n.classList.contains('uncoded')};
    })"""))


def test_network_keeps_actors_on_the_canvas_apart(page: tuple[Any, PageProblems],
                                                  base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/network?max_nodes=150")
    tab.wait_for_selector("#graph svg .node")
    nodes = drawn_nodes(tab)
    width, height = 960, 640  # the viewBox
    ids = {node["id"] for node in nodes}
    assert len(nodes) >= 55 and {"ISL", "MLT", "NOR", "SWE"} <= ids
    for node in nodes:
        assert node["r"] <= node["x"] <= width - node["r"], node
        assert node["r"] <= node["y"] <= height - node["r"], node
    for a, b in itertools.combinations(nodes, 2):
        assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= a["r"] + b["r"], (a, b)
    screenshot(tab, "network-wide")
    problems.assert_none()


def test_network_lists_unknown_parties_apart(page: tuple[Any, PageProblems],
                                             base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/network?max_nodes=150")
    tab.wait_for_selector("#graph svg .node")
    assert "unknown" not in {node["id"].lower() for node in drawn_nodes(tab)}
    aside = tab.inner_text("#unknown-parties")
    assert "Not drawn: 12 events with an unknown party" in aside
    assert {"NGA with an unknown party: 4 events", "PAK with an unknown party: 4 events"} <= set(
        aside.splitlines())
    assert "12 events with an unknown party listed below" in tab.inner_text("#status")
    tab.click("#unknown-events")
    sync_api.expect(tab.locator("#events tbody tr")).to_have_count(12)
    assert "actor=unknown" in tab.url
    problems.assert_none()


def test_events_table_shows_the_whole_evidence(page: tuple[Any, PageProblems],
                                               base_url: str) -> None:
    tab, problems = page
    tab.goto(base_url + "/?text=fisheries")
    sync_api.expect(tab.locator("#events tbody tr")).to_have_count(1)
    cell = tab.locator("#events tbody tr td.evidence")
    assert cell.inner_text() == LONG_EVIDENCE
    fits = cell.evaluate("td => td.scrollWidth <= td.clientWidth && "
                         "getComputedStyle(td).textOverflow !== 'ellipsis'")
    assert fits
    table = tab.locator("#events").bounding_box()
    box = cell.bounding_box()
    assert box["x"] + box["width"] <= table["x"] + table["width"] + 1
    assert box["height"] > 3 * 18  # wrapped over several lines, not cut to one
    screenshot(tab, "explorer-long-evidence")
    problems.assert_none()


def test_events_table_pages_past_the_count_cap(browser: Any, capped_url: str) -> None:
    """Over the cap the total is a lower bound: the status says "100+" and paging goes on
    past it while full pages come back."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    problems = PageProblems(tab, capped_url)
    tab.goto(capped_url + "/")
    status = tab.locator("#status")
    sync_api.expect(status).to_contain_text("Events 1–50 of 100+")
    for first in (51, 101):
        tab.click("#next")
        sync_api.expect(status).to_contain_text(f"Events {first}–{first + 49} of 100+")
    assert tab.locator("#next").is_enabled()
    problems.assert_none()
    context.close()
