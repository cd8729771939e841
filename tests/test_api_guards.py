"""The server's guards: the ingest token is checked before the body is read, only the hosts the
server was started for are answered (DNS rebinding), and ``serve`` refuses a missing store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_corpus import write_corpus_store
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.api.middleware import served_hosts
from communique.cli.main import build_parser, main

TOKEN = "correct horse battery staple"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus_store(tmp_path_factory.mktemp("guards") / "events.db")


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json()["error"])


# -- the token comes before the body ---------------------------------------------------------

class PipelineThatMustNotRun:
    def process_many(self, records: Any) -> Any:
        raise AssertionError("an unauthenticated request reached extraction")


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(str(tmp_path / "w.db"), ingest_token=TOKEN,
                     pipeline_factory=PipelineThatMustNotRun)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer guess"},
                                     {"authorization": f"Basic {TOKEN}"}])
def test_a_body_of_the_wrong_shape_without_the_token_gets_401(writer: TestClient,
                                                             headers: dict[str, str]) -> None:
    response = writer.post("/api/ingest", json={"x": 1}, headers=headers)
    error = error_of(response, 401)
    assert error["code"] == "unauthorized" and "--token" in error["message"]
    assert "articles" not in response.text  # nothing about the expected body leaks
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_body_that_is_not_json_without_the_token_gets_401(writer: TestClient) -> None:
    response = writer.post("/api/ingest", content=b"{not json",
                           headers={"content-type": "application/json"})
    error_of(response, 401)


def test_an_oversized_body_without_the_token_gets_401(writer: TestClient) -> None:
    response = writer.post("/api/ingest", content=b"x" * 5_000_000,
                           headers={"content-type": "application/json"})
    error_of(response, 401)


def test_with_the_token_the_body_is_validated(writer: TestClient) -> None:
    response = writer.post("/api/ingest", json={"x": 1}, headers=AUTH)
    assert error_of(response, 422)["code"] == "invalid_request"


def test_reading_needs_no_token(writer: TestClient) -> None:
    assert writer.get("/api/stats").status_code == 200


# -- Host check ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_server(db: Path) -> Iterator[TestClient]:
    app = create_app(str(db), allowed_hosts=served_hosts("127.0.0.1", ["events.example.org"]))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000",
                                  "127.0.0.1", "events.example.org", "Events.Example.org:443"])
def test_the_servers_own_names_are_answered(local_server: TestClient, host: str) -> None:
    assert local_server.get("/api/stats", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000",
                                  "localhost.attacker.example", "127.0.0.2:8000",
                                  "events.example.org.attacker.example", "0.0.0.0:8000"])
@pytest.mark.parametrize("path", ["/api/events", "/", "/static/common.js"])
def test_other_hosts_get_400(local_server: TestClient, host: str, path: str) -> None:
    response = local_server.get(path, headers={"host": host})
    error = error_of(response, 400)
    assert error["code"] == "bad_host" and "--allowed-host" in error["message"]
    assert "content-security-policy" in response.headers


def test_served_hosts_of_a_wildcard_binding_and_ipv6() -> None:
    assert served_hosts("0.0.0.0") == {"localhost", "127.0.0.1", "[::1]"}
    assert "[fe80::1]" in served_hosts("fe80::1")
    assert "10.0.0.5" in served_hosts("0.0.0.0", ["10.0.0.5"])


def serve_app(db: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> Any:
    import uvicorn

    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    args = build_parser().parse_args(["serve", "--db", str(db), *options])
    assert args.func(args) == 0
    return calls[0]


def test_serve_answers_only_its_hosts(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = serve_app(db, monkeypatch, "--host", "192.168.7.7", "--allowed-host", "news.example",
                    "--allowed-host", "10.1.1.1")
    with TestClient(app, base_url="http://192.168.7.7:8000") as client:
        assert client.get("/api/stats").status_code == 200
        for host in ("localhost:8000", "news.example", "10.1.1.1:8000"):
            assert client.get("/api/stats", headers={"host": host}).status_code == 200
        assert client.get("/api/stats", headers={"host": "rebound.example"}).status_code == 400


# -- serve refuses a store that does not exist ----------------------------------------------

@pytest.mark.parametrize("form", ["{}", "sqlite:///{}"])
def test_serve_refuses_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: pytest.fail("served a missing store"))
    missing = tmp_path / "typo.db"
    assert main(["serve", "--db", form.format(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "communique ingest" in err
    assert not missing.exists()
