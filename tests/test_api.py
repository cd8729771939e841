"""The REST API through FastAPI's test client, on a store filled from a hand-written corpus."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from api_corpus import (
    ARTICLES,
    XSS_IMG,
    XSS_OUTLET,
    XSS_SCRIPT,
    XSS_TITLE,
    Fact,
    build_event,
    write_corpus_store,
)
from fastapi.testclient import TestClient

from communique.api import ApiLimits, create_app
from communique.api.app import static_dir
from communique.cli.main import build_parser
from communique.model import Article, ArticleResult, RecordError
from communique.plover import derive_codes

TEXTS = {article.id: article.text for article, _ in ARTICLES}
MARKUP = re.compile(r"<\s*(script|img|b)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus_store(tmp_path_factory.mktemp("api") / "events.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as test_client:
        yield test_client


def get_json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def event_ids(client: TestClient, query: str) -> list[str]:
    return [e["event_id"] for e in get_json(client, f"/api/events?{query}")["events"]]


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]
    return dict(body["error"])


# -- events ---------------------------------------------------------------------------------

def test_pages_cover_every_event_once(client: TestClient) -> None:
    first = get_json(client, "/api/events?limit=2&sort=date")
    assert first["total"] == 5 and len(first["events"]) == 2
    pages = [event_ids(client, f"limit=2&offset={offset}&sort=date") for offset in (0, 2, 4)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({i for page in pages for i in page}) == 5


@pytest.mark.parametrize(("query", "expected"), [
    ("actor=CHN", {("AGREE", "CHN", "USA"), ("ACCUSE", "CHN", "USA")}),
    ("dyad=USA,CHN", {("AGREE", "CHN", "USA"), ("ACCUSE", "CHN", "USA")}),
    ("dyad=usa,chn", {("AGREE", "CHN", "USA"), ("ACCUSE", "CHN", "USA")}),
    ("type=ACCUSE", {("ACCUSE", "CHN", "USA"), ("ACCUSE", "RUS", "UKR")}),
    ("since=2025-05-01", {("ACCUSE", "CHN", "USA"), ("THREATEN", "FRA", "DEU")}),
    ("until=2025-04-09", {("AGREE", "CHN", "USA"), ("ASSAULT", "UKR", "RUS")}),
    ("text=Kharkiv", {("ACCUSE", "RUS", "UKR")}),
    ("actor=CHN&type=AGREE", {("AGREE", "CHN", "USA")}),
])
def test_filters_select_the_written_events(client: TestClient, query: str,
                                           expected: set[tuple[str, str, str]]) -> None:
    body = get_json(client, f"/api/events?{query}")
    found = {(e["type"], e["source_party"], e["target_party"]) for e in body["events"]}
    assert found == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize(("query", "types"), [
    ("actor=%25", []), ("actor=_", []), ("text=%25", []), ("actor=%5C", []),
    ("text=%25%25", []), ("text=_", ["THREATEN"]),  # only the article holding "window.__xss"
])
def test_like_wildcards_match_only_themselves(client: TestClient, query: str,
                                              types: list[str]) -> None:
    body = get_json(client, f"/api/events?{query}")
    assert [e["type"] for e in body["events"]] == types and body["total"] == len(types)


def test_total_says_when_counting_stopped(db: Path) -> None:
    with TestClient(create_app(str(db), limits=ApiLimits(count_cap=3))) as capped:
        body = get_json(capped, "/api/events?limit=2")
        assert (body["total"], body["total_exact"], len(body["events"])) == (3, False, 2)
        exact = get_json(capped, "/api/events?type=ACCUSE")
        assert (exact["total"], exact["total_exact"]) == (2, True)
        assert get_json(capped, "/api/info")["limits"]["count_cap"] == 3


def test_sorting_by_score_and_sources(client: TestClient) -> None:
    scores = [e["score"] for e in get_json(client, "/api/events?sort=score")["events"]]
    assert scores == sorted(scores) and scores[0] < 0 < scores[-1]
    most_sourced = get_json(client, "/api/events?sort=-num_sources&limit=1")["events"][0]
    assert (most_sourced["type"], most_sourced["num_sources"]) == ("AGREE", 2)


def test_event_lists_every_source_with_its_evidence(client: TestClient) -> None:
    [agree] = event_ids(client, "type=AGREE")
    event = get_json(client, f"/api/events/{agree}")
    outlets = {m["outlet"]: m for m in event["mentions"]}
    assert set(outlets) == {"Reuters", "AP"}
    for mention in event["mentions"]:
        text = TEXTS[mention["article_id"]]
        assert mention["url"].startswith("https://news.example/")
        assert text[mention["sentence_start"]:mention["sentence_end"]] == mention["sentence_text"]
        source = mention["offsets"]["source"]
        assert text[source["start"]:source["end"]] == source["text"]
    assert outlets["AP"]["offsets"]["source"]["text"] == "Washington"


def test_missing_event_is_a_404_in_the_error_shape(client: TestClient) -> None:
    error = assert_error(client.get("/api/events/ev-nothing"), 404, "not_found")
    assert "ev-nothing" in error["message"]


@pytest.mark.parametrize(("url", "status", "code"), [
    ("/api/events?type=GREET", 422, "invalid_request"),
    ("/api/events?sort=random", 422, "invalid_request"),
    ("/api/events?since=2025-06-01&until=2025-01-01", 422, "invalid_request"),
    ("/api/events?since=yesterday", 422, "invalid_request"),
    ("/api/events?limit=501", 422, "invalid_request"),
    ("/api/events?offset=-1", 422, "invalid_request"),
    ("/api/dyads/CHN/USA/timeline?bucket=century", 422, "invalid_request"),
    ("/api/network?min_events=9223372036854775808", 422, "invalid_request"),
    ("/api/network?max_nodes=99999999999999999999999", 422, "invalid_request"),
    ("/api/events?actor=%00", 422, "invalid_request"),
    ("/api/events?text=Kharkiv%00", 422, "invalid_request"),
    ("/api/events.csv?actor=CHN%00", 422, "invalid_request"),
    ("/api/no-such-endpoint", 404, "not_found"),
])
def test_bad_requests_share_one_error_shape(client: TestClient, url: str, status: int,
                                            code: str) -> None:
    assert_error(client.get(url), status, code)


def test_page_size_limit_names_the_limit_and_the_way_out(db: Path) -> None:
    with TestClient(create_app(str(db), limits=ApiLimits(max_page_size=3))) as small:
        error = assert_error(small.get("/api/events?limit=4"), 422, "invalid_request")
        assert "3" in error["message"] and "export" in error["message"]
        assert len(get_json(small, "/api/events?limit=3")["events"]) == 3
        assert len(get_json(small, "/api/actors?limit=100")["actors"]) == 3


def test_writing_is_off_without_a_token(client: TestClient) -> None:
    assert_error(client.post("/api/ingest", json={"articles": []}), 404, "not_found")
    assert get_json(client, "/api/info")["ingest"] is False
    assert "/api/ingest" not in get_json(client, "/api/openapi.json")["paths"]


# -- analysis -------------------------------------------------------------------------------

def test_actor_search(client: TestClient) -> None:
    parties = [a["party"] for a in get_json(client, "/api/actors?search=rus")["actors"]]
    assert parties == ["RUS"]
    everyone = {a["party"] for a in get_json(client, "/api/actors")["actors"]}
    assert everyone == {"CHN", "USA", "RUS", "UKR", "FRA", "DEU"}


def test_dyad_timeline_means_plover_scores_per_month(client: TestClient) -> None:
    body = get_json(client, "/api/dyads/USA/CHN/timeline?bucket=month")
    points = {p["period"]: p for p in body["points"]}
    assert set(points) == {"2025-03", "2025-06"}
    assert points["2025-03"]["mean_score"] == derive_codes("AGREE", None)["score"]
    assert points["2025-06"]["mean_score"] == derive_codes("ACCUSE", None)["score"]
    assert body["total"] == 2 and [e["type"] for e in body["events"]] == ["ACCUSE", "AGREE"]
    days = get_json(client, "/api/dyads/CHN/USA/timeline?bucket=day")["points"]
    assert [p["period"] for p in days] == ["2025-03-03", "2025-06-10"]


def test_network_edges_are_weighted_and_signed(client: TestClient) -> None:
    body = get_json(client, "/api/network")
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("CHN", "USA")]["weight"] == 2
    expected = (derive_codes("AGREE", None)["score"] + derive_codes("ACCUSE", None)["score"]) / 2
    assert edges[("CHN", "USA")]["score"] == pytest.approx(expected)
    assert edges[("RUS", "UKR")]["score"] < 0
    window = get_json(client, "/api/network?since=2025-05-01&until=2025-05-31")
    assert [(e["source"], e["target"]) for e in window["edges"]] == [("DEU", "FRA")]


def test_network_keeps_the_most_active_actors(client: TestClient) -> None:
    body = get_json(client, "/api/network?max_nodes=2")
    kept = {n["id"] for n in body["nodes"]}
    assert len(kept) == 2 and body["truncated"] is True and body["nodes_total"] == 6
    assert all(e["source"] in kept and e["target"] in kept for e in body["edges"])


def test_stats_and_places(client: TestClient) -> None:
    stats = get_json(client, "/api/stats")
    assert (stats["documents"], stats["events"], stats["mentions"]) == (5, 5, 6)
    points = get_json(client, "/api/places")["points"]
    assert {p["name"] for p in points} == {"Geneva", "Kharkiv", "Belgorod", "Paris"}
    assaults = get_json(client, "/api/places?type=ASSAULT")["points"]
    assert [(p["name"], p["events"]) for p in assaults] == [("Belgorod", 1)]


# -- downloads ------------------------------------------------------------------------------

def test_csv_download_of_a_filtered_view(client: TestClient) -> None:
    response = client.get("/api/events.csv?type=ACCUSE")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["event_id"] for r in rows} == set(event_ids(client, "type=ACCUSE"))
    assert {r["source_party"] for r in rows} == {"CHN", "RUS"}


def test_jsonl_download_streams_past_the_page_size(db: Path) -> None:
    with TestClient(create_app(str(db), limits=ApiLimits(max_page_size=2))) as small:
        lines = small.get("/api/events.jsonl?sort=date").text.splitlines()
        csv_rows = list(csv.DictReader(io.StringIO(small.get("/api/events.csv").text)))
    ids = [json.loads(line)["event_id"] for line in lines]
    assert len(ids) == len(set(ids)) == 5 and len(csv_rows) == 5


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    text = "=HYPERLINK(\"http://evil\") said France threatened Germany."
    article = Article("formula-1", text, url="https://news.example/f")
    result = ArticleResult(article, [build_event(text, Fact(
        "THREATEN", ("France", "FRA"), ("Germany", "DEU"), "threatened", "2025-01-02"))])
    db = write_corpus_store(tmp_path / "f.db")
    from communique.store import open_store

    store = open_store(db)
    store.add_result(article, result)
    store.close()
    with TestClient(create_app(str(db))) as formula_client:
        rows = list(csv.DictReader(io.StringIO(
            formula_client.get("/api/events.csv?text=HYPERLINK").text)))
    assert rows[0]["evidence"] == "'" + text


# -- untrusted article text -----------------------------------------------------------------

HOSTILE_URLS = [
    "/api/events?type=THREATEN", "/api/events?text=Hackers", "/api/events.jsonl?type=THREATEN",
    "/api/dyads/FRA/DEU/timeline", "/api/places?type=THREATEN",
]


def strings_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_markup_in_articles_is_escaped_in_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert not MARKUP.search(response.text), "raw markup reached the response body"
    assert response.headers["x-content-type-options"] == "nosniff"
    parsed = [json.loads(line) for line in response.text.splitlines()]
    assert any("<script>" in s or "<img" in s or s == "Paris" for s in strings_in(parsed))


def test_hostile_event_detail_round_trips_escaped(client: TestClient) -> None:
    [threat] = event_ids(client, "type=THREATEN")
    response = client.get(f"/api/events/{threat}")
    assert not MARKUP.search(response.text)
    assert "\\u003cscript\\u003e" in response.text
    [mention] = response.json()["mentions"]
    assert XSS_SCRIPT in mention["sentence_text"] and XSS_IMG in mention["sentence_text"]
    assert (mention["title"], mention["outlet"]) == (XSS_TITLE, XSS_OUTLET)


def test_error_messages_echoing_input_are_escaped(client: TestClient) -> None:
    response = client.get("/api/events/" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert_error(response, 404, "not_found")
    assert not MARKUP.search(response.text)


def test_pages_forbid_inline_script_and_build_text_as_text(client: TestClient) -> None:
    for page in ("/", "/dyad", "/network", "/map"):
        response = client.get(page)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for script in static_dir().glob("*.js"):
        source = script.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{script.name} uses {sink}"


def test_pages_load_nothing_from_other_hosts(client: TestClient) -> None:
    for page in ("/", "/dyad", "/network", "/map"):
        html = client.get(page).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert url.startswith("/"), f"{page} loads {url}"
            assert client.get(url).status_code == 200, url


# -- ingest ---------------------------------------------------------------------------------

class FakePipeline:
    """Stands in for the NLP pipeline: every article reports France threatening Germany."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process_many(self, records: Iterable[Article | RecordError]
                     ) -> Iterator[ArticleResult | RecordError]:
        for record in records:
            if isinstance(record, RecordError):
                yield record
                continue
            self.seen.append(record.id)
            fact = Fact("THREATEN", ("France", "FRA"), ("Germany", "DEU"), "threatened",
                        record.published.isoformat() if record.published else None)
            yield ArticleResult(record, [build_event(record.text, fact)])


TOKEN = "correct horse battery staple"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def ingest_payload(*ids: str) -> dict[str, Any]:
    return {"articles": [
        {"id": i, "text": f"In report {i}, France threatened Germany over tariffs on steel.",
         "published": f"2025-0{n + 1}-15", "url": f"https://news.example/{i}",
         "outlet": f"Outlet {n}"} for n, i in enumerate(ids)]}


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[tuple[TestClient, FakePipeline]]:
    pipeline = FakePipeline()
    app = create_app(str(tmp_path / "w.db"), ingest_token=TOKEN, pipeline_factory=lambda: pipeline,
                     limits=ApiLimits(max_body_bytes=4_000, max_articles_per_ingest=3))
    with TestClient(app) as test_client:
        yield test_client, pipeline


def test_ingest_needs_the_token(writer: tuple[TestClient, FakePipeline]) -> None:
    client, pipeline = writer
    assert_error(client.post("/api/ingest", json=ingest_payload("a")), 401, "unauthorized")
    wrong = {"authorization": "Bearer guess"}
    assert_error(client.post("/api/ingest", json=ingest_payload("a"), headers=wrong),
                 401, "unauthorized")
    assert pipeline.seen == [] and get_json(client, "/api/stats")["documents"] == 0


def test_ingest_stores_events_and_skips_repeats(writer: tuple[TestClient, FakePipeline]) -> None:
    client, pipeline = writer
    response = client.post("/api/ingest", json=ingest_payload("a", "b"), headers=AUTH)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert (summary["read"], summary["new"], summary["events_written"]) == (2, 2, 2)
    assert get_json(client, "/api/events?actor=FRA")["total"] == 2
    again = client.post("/api/ingest", json=ingest_payload("a"), headers=AUTH).json()
    assert (again["duplicates"], again["new"]) == (1, 0) and pipeline.seen == ["a", "b"]


def test_ingest_reports_bad_records_and_keeps_going(
        writer: tuple[TestClient, FakePipeline]) -> None:
    client, _ = writer
    payload = ingest_payload("good")
    payload["articles"].append({"id": "binary", "text": "\x00\x01\x02\x03" * 20})
    summary = client.post("/api/ingest", json=payload, headers=AUTH).json()
    assert (summary["new"], summary["failed"]) == (1, 1)
    assert summary["errors"][0]["record"] == "binary"


def test_ingest_limits(writer: tuple[TestClient, FakePipeline]) -> None:
    client, _ = writer
    too_many = ingest_payload("a", "b", "c", "d")
    assert_error(client.post("/api/ingest", json=too_many, headers=AUTH), 413, "body_too_large")
    huge = {"articles": [{"id": "big", "text": "France threatened Germany. " * 400}]}
    assert_error(client.post("/api/ingest", json=huge, headers=AUTH), 413, "body_too_large")
    chunks = (part for part in [json.dumps(huge).encode()])
    streamed = client.post("/api/ingest", content=chunks,
                           headers={**AUTH, "content-type": "application/json"})
    assert_error(streamed, 413, "body_too_large")
    assert_error(client.post("/api/ingest", json={"articles": [{"id": "x"}]}, headers=AUTH),
                 422, "invalid_request")


# -- command line ---------------------------------------------------------------------------

def test_serve_command_starts_uvicorn_with_the_app(db: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    args = build_parser().parse_args(["serve", "--db", str(db), "--port", "8765",
                                      "--token", "t0ken"])
    assert args.func(args) == 0
    [call] = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8765)
    assert {"/api/events", "/api/ingest"} <= set(call["app"].openapi()["paths"])
