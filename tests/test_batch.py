"""The batch job: Spark in local[2] writes exactly what the single-process engine writes, and
both agree with an ingest of the same corpus into the embedded store.

pyspark is optional: without it the Spark test skips on a workstation and FAILS in CI
(CI=true), where it is installed on purpose.
"""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from communique.batch import BatchSummary, run_batch, steps
from communique.batch.inputs import InputRecord, parse_record
from communique.batch.load import load_output
from communique.batch.tables import TABLES, read_table
from communique.cli.batch import parse_conf
from communique.cli.main import main
from communique.errors import CommuniqueError, InputError
from communique.model import ArticleResult
from communique.pipeline import Pipeline, PipelineConfig
from communique.store import EventQuery
from communique.store.loader import ingest_paths
from communique.store.sqlite import SQLiteStore

MEETING_TEXTS = (
    "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Beijing on "
    "Monday. The two ministers discussed trade.",
    "Russia's top diplomat Sergey Lavrov held talks with Chinese Foreign Minister Wang Yi in "
    "Beijing on Monday, the Russian Foreign Ministry said.",
    "Wang Yi and Sergey Lavrov met in the Chinese capital on May 6, according to state media. "
    "Analysts were not surprised.",
)
FRENCH = ("Le ministre chinois des Affaires étrangères a rencontré son homologue russe à Pékin "
          "lundi pour discuter du commerce et de la situation régionale, selon les médias.")


def record(ident: str, text: str, published: str, outlet: str, url: str | None) -> str:
    return json.dumps({"id": ident, "text": text, "published": published, "url": url,
                       "outlet": outlet})


def corpus_files() -> dict[str, list[str]]:
    """Two files: one meeting told by three outlets, another meeting, other events, a copy of
    an article under another URL, and four bad records (one reuses an id of its file)."""
    first = [
        record("gw-1", MEETING_TEXTS[0], "2024-05-07", "Global Wire", "https://gw.example/1"),
        record("ht-1", MEETING_TEXTS[1], "2024-05-07", "Harbour Times", "https://ht.example/1"),
        "",
        '{"id": "broken", "text": "Wang Yi',
        record("el-1", MEETING_TEXTS[2], "2024-05-09", "Eastern Ledger", None),
        record("fr-1", FRENCH, "2024-05-07", "Le Monde", "https://lm.example/1"),
    ]
    second = [
        record("gw-2", "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey "
               "Lavrov in Moscow on 20 June 2024 to discuss energy.", "2024-06-21",
               "Global Wire", "https://gw.example/2"),
        record("ht-2", "Japan and South Korea signed a defence agreement in Tokyo on Tuesday.",
               "2024-04-10", "Harbour Times", "https://ht.example/2"),
        record("cp-1", "North Korea accused the United States of raising tensions on the "
               "Korean Peninsula on Sunday.", "2024-02-12", "Continental Post",
               "https://cp.example/1"),
        record("copy", MEETING_TEXTS[0], "2024-05-08", "Aggregator", "https://agg.example/9"),
        record("ht-2", "Iran rejected the proposal on Monday.", "2024-04-10", "Harbour Times",
               "https://ht.example/3"),
        record("empty", "", "2024-05-08", "Aggregator", "https://agg.example/10"),
    ]
    return {"a.jsonl": first, "b.jsonl": second}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, lines in corpus_files().items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    out = tmp_path_factory.mktemp("local")
    return out, run_batch(str(corpus), out, engine="local")


def rows(out: Path, name: str) -> list[dict[str, Any]]:
    """A table's rows in a fixed order, so two outputs compare row by row."""
    table = read_table(out, name).to_pylist()
    return sorted(table, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def event_counts(events: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {e["event_id"]: (e["type"], e["date"], e["num_mentions"], e["num_articles"],
                            e["num_sources"]) for e in events}


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        message = "pyspark is not installed: pip install 'communique[spark]'"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


# -- the single-process engine ---------------------------------------------------------------

def test_local_run_reads_dedups_and_reports_failures(local_run: tuple[Path, BatchSummary]) -> None:
    out, summary = local_run
    assert (summary.records, summary.duplicates, summary.failed) == (11, 1, 4)
    assert summary.documents == 6 and summary.events >= 3
    failed = {row["record"]: row["reason"] for row in rows(out, "failed")}
    broken_line = f"{(Path(summary.input) / 'a.jsonl').resolve()}:4"
    assert "not valid JSON" in failed[broken_line]
    assert "no text" in failed["empty"] and "not in English" in failed["fr-1"]
    assert "already used by the record at" in failed["ht-2"]
    assert "copy" not in {row["article_id"] for row in rows(out, "documents")}


def test_one_meeting_told_by_several_outlets_is_one_event(
        local_run: tuple[Path, BatchSummary]) -> None:
    out, _ = local_run
    events = rows(out, "events")
    merged = [e for e in events if e["num_articles"] >= 2]
    assert merged, "the Beijing meeting should be one event reported by several articles"
    mentions = [m for m in rows(out, "mentions") if m["event_id"] == merged[0]["event_id"]]
    merges = [json.loads(m["merge"]) for m in mentions if m["is_primary"]]
    assert sum(1 for merge in merges if merge.get("merged_into")) == merged[0]["num_articles"] - 1
    assert all("type" in merge["matched"] for merge in merges if merge.get("merged_into"))


def test_tables_are_partitioned_parquet_with_the_declared_columns(
        local_run: tuple[Path, BatchSummary]) -> None:
    out, _ = local_run
    assert sorted(p.name for p in (out / "events").iterdir()) == ["year=2024"]
    for name, schema in TABLES.items():
        assert read_table(out, name).schema.names == schema.names
    assert json.loads((out / "summary.json").read_text())["documents"] == 6


def test_batch_events_equal_an_ingest_into_the_embedded_store(
        corpus: Path, local_run: tuple[Path, BatchSummary]) -> None:
    out, _ = local_run
    store = SQLiteStore(":memory:")
    ingest_paths([corpus], store, Pipeline.load(), progress=False)
    assert event_counts(store.events(EventQuery())) == event_counts(rows(out, "events"))


def test_load_puts_the_output_into_a_store_once(local_run: tuple[Path, BatchSummary]) -> None:
    out, summary = local_run
    store = SQLiteStore(":memory:")
    loaded = load_output(out, store)
    assert (loaded.documents, loaded.errors) == (summary.documents, summary.failed)
    assert event_counts(store.events(EventQuery())) == event_counts(rows(out, "events"))
    again = load_output(out, store)
    assert (again.documents, again.skipped) == (0, summary.documents)
    assert store.stats()["events"] == summary.events


def test_csv_and_parquet_input_give_the_jsonl_events(
        corpus: Path, local_run: tuple[Path, BatchSummary], tmp_path: Path) -> None:
    out, _ = local_run
    records = [json.loads(line) for lines in corpus_files().values() for line in lines
               if line.strip() and line.endswith("}") and '"broken"' not in line]
    table = pa.Table.from_pylist(records)
    pq.write_table(table, tmp_path / "articles.parquet")
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, tmp_path / "articles.csv")
    for name in ("articles.parquet", "articles.csv"):
        summary = run_batch(str(tmp_path / name), tmp_path / f"out-{name}", engine="local")
        assert event_counts(rows(tmp_path / f"out-{name}", "events")) == \
            event_counts(rows(out, "events")), name
        assert summary.failed == 3  # the French article, the empty one, the repeated id


def test_unknown_format_and_remote_local_input_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="--format"):
        run_batch(str(tmp_path / "notes.txt"), tmp_path / "out", engine="local")
    with pytest.raises(InputError, match="--engine spark"):
        run_batch("s3a://bucket/news.jsonl", tmp_path / "out", engine="local")


def test_only_bad_records_give_empty_tables_that_still_load(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": ""}\nnot json\n')
    summary = run_batch(str(tmp_path / "bad.jsonl"), tmp_path / "out", engine="local")
    assert (summary.documents, summary.events, summary.failed) == (0, 0, 2)
    assert read_table(tmp_path / "out", "events").num_rows == 0
    store = SQLiteStore(":memory:")
    assert load_output(tmp_path / "out", store).errors == 2
    assert store.stats()["errors"] == 2


def test_cli_batch_local_and_load(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "--engine", "local", "--out", str(out)]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["failed"] == 4 and printed["engine"] == "local"
    db = tmp_path / "events.db"
    assert main(["load", str(out), "--db", str(db)]) == 1  # the 4 failures, as ingest says
    loaded = capsys.readouterr()
    assert "loaded 6 documents" in loaded.out and "4 record(s) had failed" in loaded.err


def test_conf_pairs_must_be_key_value() -> None:
    assert parse_conf(["spark.executor.memory=4g", "a=b=c"]) == {
        "spark.executor.memory": "4g", "a": "b=c"}
    with pytest.raises(CommuniqueError, match="KEY=VALUE"):
        parse_conf(["spark.executor.memory"])


# -- Spark ---------------------------------------------------------------------------------

@pytest.mark.spark
def test_spark_local2_writes_exactly_the_single_process_tables(
        corpus: Path, local_run: tuple[Path, BatchSummary], tmp_path: Path) -> None:
    require_pyspark()
    local_out, local_summary = local_run
    out = tmp_path / "spark"
    summary = run_batch(str(corpus), out, engine="spark", master="local[2]", partitions=3,
                        spark_conf={"spark.sql.shuffle.partitions": "4"})
    assert rows(out, "events") == rows(local_out, "events")
    assert rows(out, "events"), "the corpus should give events"
    for name in ("documents", "mentions", "failed"):
        assert rows(out, name) == rows(local_out, name), name
    counted = ("records", "articles", "duplicates", "documents", "reports", "events", "mentions",
               "failed")
    assert [getattr(summary, n) for n in counted] == [getattr(local_summary, n) for n in counted]


# -- the pieces Spark relies on --------------------------------------------------------------

def test_each_process_loads_its_pipeline_once_not_per_partition(monkeypatch) -> None:
    loads: list[PipelineConfig] = []

    class CountingPipeline:
        def process_many(self, articles: Any) -> Any:
            return (ArticleResult(article=article) for article in articles)

    def load(config: PipelineConfig) -> CountingPipeline:
        loads.append(config)
        return CountingPipeline()

    monkeypatch.setattr(steps.Pipeline, "load", staticmethod(load))
    steps.process_pipeline.cache_clear()
    settings = steps.PipelineSettings(batch_size=3)
    partitions = [[parse_record(InputRecord(n, "/x.jsonl", str(n + 1), line, "json"))]
                  for n, line in enumerate(corpus_files()["b.jsonl"][:3])]
    outputs = [list(steps.extract_partition(part, settings)) for part in partitions]
    steps.process_pipeline.cache_clear()
    assert [kind for out in outputs for kind, _ in out] == ["document"] * 3
    assert len(loads) == 1 and loads[0].batch_size == 3


def test_a_loaded_pipeline_is_left_out_of_later_garbage_collections(monkeypatch) -> None:
    # PySpark collects garbage after every task of a reused worker: a pipeline still in the
    # collected generations made each task scan all of its objects again.
    class Model:
        def __init__(self) -> None:
            self.cycle = self  # a container the collector tracks

    monkeypatch.setattr(steps.Pipeline, "load", staticmethod(lambda config: Model()))
    steps.process_pipeline.cache_clear()
    try:
        pipeline = steps.process_pipeline(steps.PipelineSettings(batch_size=5))
        assert gc.get_freeze_count() > 0
        assert not any(found is pipeline for found in gc.get_objects())
    finally:
        steps.process_pipeline.cache_clear()
        gc.unfreeze()


def test_local_spark_jvms_compile_less_than_a_clusters() -> None:
    from communique.batch.spark import session_defaults

    local = session_defaults("local[2]")["spark.driver.extraJavaOptions"]
    assert "-XX:TieredStopAtLevel=1" in local
    # A cluster's long-lived executors keep the JVM's defaults.
    assert "spark.driver.extraJavaOptions" not in session_defaults("yarn")


def test_records_are_numbered_in_file_order_across_partitions() -> None:
    from communique.batch.spark import partition_starts

    # Partition 1 holds the end of a.jsonl and all of b.jsonl; partition 0 the start of a.jsonl.
    counts = [(1, "a", 2), (1, "b", 4), (0, "a", 5)]
    assert partition_starts(counts) == {(0, "a"): 0, (1, "a"): 5, (1, "b"): 0}


@pytest.mark.spark
def test_extraction_is_dealt_evenly_over_partitions() -> None:
    require_pyspark()
    from communique.batch.spark import evenly, extraction_partitions, spark_session

    spark = spark_session("local[2]", {})
    try:
        one_partition = spark.sparkContext.parallelize(range(50), 1)
        dealt = evenly(one_partition, 4).glom().collect()
        assert extraction_partitions(spark, None) == 2 * 2
        assert extraction_partitions(spark, 3) == 3
    finally:
        spark.stop()
    assert sorted(len(part) for part in dealt) == [12, 12, 13, 13]
    assert sorted(n for part in dealt for n in part) == list(range(50))
