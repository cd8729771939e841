"""``communique ingest`` end to end: idempotence, a real SIGKILL mid-run, queries and exports.

The engine's output is not the point here: assertions are about what the store guarantees
(nothing lost, nothing doubled, counts stable), plus the one merge the example corpus was
written to show (three outlets on one meeting, and a second meeting two weeks later).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow.parquet as pq
import pytest

from communique.cli.main import COMMAND_MODULES, main
from communique.model import Article, ArticleResult, RecordError
from communique.pipeline import Pipeline
from communique.store.loader import ingest_records, summary_line
from communique.store.schema import TIMESTAMP_COLUMNS
from communique.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"


def load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_ingest", REPO / "benchmarks" / "ingest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load()


@pytest.fixture
def shared_pipeline(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Pipeline.load()`` returns the module's pipeline instead of loading a new one."""
    monkeypatch.setattr(Pipeline, "load", classmethod(lambda cls, config=None: pipeline))


@pytest.fixture
def cli(shared_pipeline: None, capsys: pytest.CaptureFixture[str]):
    """Runs ``communique ARGS`` in process with the shared pipeline; returns (code, stdout)."""
    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        return code, capsys.readouterr().out
    return run


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the columns that record when they were written."""
    conn = sqlite3.connect(db)
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    contents = {}
    for table in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                   if row[1] not in TIMESTAMP_COLUMNS]
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        contents[table] = sorted(rows, key=repr)
    conn.close()
    return contents


def test_commands_are_registered() -> None:
    assert {"communique.cli.ingest", "communique.cli.query"} <= set(COMMAND_MODULES)


def test_ingesting_the_example_corpus_twice_changes_nothing(cli, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    code, out = cli("ingest", CORPUS, "--db", db)
    assert code == 1  # the corpus holds one broken record on purpose
    assert out.startswith("read 12, new 10, duplicates skipped 1, failed 1;")
    first = dump(db)
    code, out = cli("ingest", CORPUS, "--db", db)
    assert out.startswith("read 12, new 0, duplicates skipped 11, failed 1;")
    assert "events written 0, merged into existing events 0" in out
    assert dump(db) == first
    assert [row[1] for row in first["errors"]] == ["pd-0315-broken"]


@pytest.mark.usefixtures("shared_pipeline")
def test_progress_bar_shows_rate_and_total(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    main(["ingest", str(CORPUS), "--db", str(tmp_path / "events.db"), "--progress"])
    bar = capsys.readouterr().err
    assert "12/12" in bar and "articles/s" in bar


def test_one_meeting_from_three_outlets_is_one_event(cli, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    cli("ingest", CORPUS, "--db", db)
    _, out = cli("events", "--db", db, "--dyad", "RUS,CHN", "--type", "CONSULT",
                 "--format", "jsonl")
    meetings = [json.loads(line) for line in out.splitlines()]
    assert [(m["date"], m["num_articles"]) for m in meetings] == [("2025-03-09", 3),
                                                                  ("2025-03-24", 2)]
    assert meetings[0]["num_sources"] == 3
    assert meetings[0]["num_mentions"] >= 3


def test_events_filters_and_formats(cli, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    cli("ingest", CORPUS, "--db", db)
    _, table = cli("events", "--db", db, "--since", "2025-03-20")
    assert table.splitlines()[0].split()[:4] == ["date", "type", "source", "target"]
    assert all(line.startswith("2025-03-2") for line in table.splitlines()[1:])
    _, out = cli("events", "--db", db, "--actor", "CHN", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all("CHN" in (r["source_party"], r["target_party"]) for r in rows)
    _, out = cli("events", "--db", db, "--until", "2025-03-01", "--format", "jsonl")
    assert out == ""


def test_export_formats_hold_every_event(cli, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    cli("ingest", CORPUS, "--db", db)
    events = SQLiteStore(db).stats()["events"]
    for fmt in ("jsonl", "csv", "plover"):
        cli("export", "--db", db, "--format", fmt, "-o", tmp_path / f"out.{fmt}")
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == events
    plover = [json.loads(line) for line in (tmp_path / "out.plover").read_text().splitlines()]
    assert len(plover) == events
    assert all(r["cite_info"]["urls"] and r["cite_info"]["sentences"] for r in plover)
    assert len(list(csv.DictReader((tmp_path / "out.csv").open()))) == events
    cli("export", "--db", db, "--format", "parquet", "-o", tmp_path / "out.parquet")
    assert pq.read_table(tmp_path / "out.parquet").num_rows == events
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2


def test_stats_prints_counts_by_type_actor_and_month(cli, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    cli("ingest", CORPUS, "--db", db)
    _, out = cli("stats", "--db", db, "--errors")
    assert out.startswith("documents 10, events ")
    for heading in ("by type:", "by actor:", "by month:"):
        assert heading in out
    assert "2025-03" in out and "pd-0315-broken" in out
    _, out = cli("stats", "--db", db, "--format", "json")
    assert json.loads(out)["documents"] == 10


class FakeExtractor:
    """Returns no events, or an error for articles whose id says so."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process_many(self, records: Iterable[Article | RecordError]
                     ) -> Iterator[ArticleResult | RecordError]:
        for record in records:
            assert isinstance(record, Article)
            self.seen.append(record.id)
            if record.id.startswith("bad"):
                yield RecordError(record.id, "the parser gave up", "extract")
            else:
                yield ArticleResult(record)


def test_repeats_within_one_run_are_extracted_once(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "events.db")
    extractor = FakeExtractor()
    records: list[Article | RecordError] = [
        Article("a", "Text one."), Article("a-copy", "Text   one."),
        Article("b", "Text two.", url="https://x.example/b"),
        Article("b-update", "Text two, updated.", url="https://x.example/b"),
        RecordError("file.jsonl:5", "broken JSON"), Article("bad-1", "Text three."),
    ]
    summary = ingest_records(records, store, extractor)
    assert extractor.seen == ["a", "b", "bad-1"]
    assert (summary.read, summary.new, summary.duplicates, summary.failed) == (6, 2, 2, 2)
    assert [e["record"] for e in store.errors()] == ["file.jsonl:5", "bad-1"]
    assert summary_line(summary).startswith("read 6, new 2, duplicates skipped 2, failed 2")


def start_ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "communique", "ingest", str(corpus),
                             "--db", str(db), "--no-progress"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def documents_in(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def kill_after(process: subprocess.Popen[bytes], db: Path, documents: int) -> int:
    """SIGKILL the ingest once ``documents`` are stored; the count seen just before."""
    deadline = time.monotonic() + 120
    while documents_in(db) < documents:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return documents_in(db)


def run_to_end(process: subprocess.Popen[bytes]) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return out.decode()


def test_sigkill_mid_run_then_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    bench = load_benchmark()
    articles = bench.synthetic_articles(600, seed=3)
    corpus = bench.write_jsonl(articles, tmp_path / "corpus.jsonl")
    clean = tmp_path / "clean.db"
    assert f"new {len(articles)}," in run_to_end(start_ingest(corpus, clean))

    crashed = tmp_path / "crashed.db"
    stored = [kill_after(start_ingest(corpus, crashed), crashed, at) for at in (40, 300)]
    assert 0 < stored[0] < stored[1] < len(articles)  # both kills landed mid-run
    resumed = run_to_end(start_ingest(corpus, crashed))
    assert f"new {len(articles) - stored[1]}," in resumed
    assert_same_tables(dump(crashed), dump(clean))


def assert_same_tables(got: dict[str, list[tuple[Any, ...]]],
                       expected: dict[str, list[tuple[Any, ...]]]) -> None:
    """Equal dumps; on failure, name each differing table and the values that differ."""
    differing = {table: row_differences(got.get(table, []), rows)
                 for table, rows in expected.items() if got.get(table) != rows}
    assert not differing, f"tables differ (row key: [(got, expected)...]): {differing}"


def row_differences(got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> list[Any]:
    """For the first few rows that differ: the first column and each (got, expected) value."""
    extra = sorted(set(got) - set(expected), key=repr)
    missing = sorted(set(expected) - set(got), key=repr)
    pairs = list(zip(extra, missing, strict=False))[:3]
    return [(a[0], [(x, y) for x, y in zip(a, b, strict=True) if x != y])
            for a, b in pairs] + [("rows", len(got), len(expected))]
