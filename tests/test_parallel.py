"""Extraction over several worker processes: the same outcomes as one process, in input order,
with every failure (a bad record, an exception, a worker that dies) kept as a RecordError."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from communique.cli.main import main
from communique.errors import KnowledgeError
from communique.model import Article, RecordError
from communique.parallel import ParallelPipeline, balanced_tail, chunked, extract_chunk
from communique.pipeline import Pipeline, PipelineConfig
from communique.store import EventQuery
from communique.store.loader import ingest_records
from communique.store.sqlite import SQLiteStore

DAY = dt.date(2025, 7, 14)
TEXTS = (
    "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Beijing on "
    "Sunday. The two ministers discussed trade and energy.",
    "Canada expelled two Indian diplomats on Sunday, accusing them of espionage.",
    "Japan delivered food aid to Sudan on Saturday after severe floods.",
    "North Korea accused the United States of raising tensions on the Korean Peninsula.",
    "   ",  # no text: the pipeline's own RecordError
    "Thousands of protesters marched through Nairobi on Friday against higher fuel prices.",
    "Poland accused Belarus of orchestrating a migrant crisis on its border on Thursday.",
    "Turkish President Recep Tayyip Erdogan spoke by phone with French President Emmanuel "
    "Macron on Sunday about the war in Ukraine.",
)
CRASHING_ID = "kills-its-worker"


def records() -> list[Article | RecordError]:
    """The texts as articles, with a read error among them, as a reader yields them."""
    found: list[Article | RecordError] = [
        Article(id=f"art-{n}", text=text, published=DAY) for n, text in enumerate(TEXTS)]
    found.insert(3, RecordError("feed.jsonl:4", "not valid JSON"))
    return found


def as_data(outcomes: Any) -> list[dict[str, Any]]:
    return [o.to_dict() | {"kind": type(o).__name__} for o in outcomes]


@pytest.fixture(scope="module")
def two_workers() -> Iterator[ParallelPipeline]:
    """Two workers taking one record at a time, so neighbours land on different workers."""
    with ParallelPipeline(PipelineConfig(), workers=2, chunk_size=1) as pool:
        yield pool


def test_two_workers_give_one_process_outcomes_in_input_order(
        pipeline: Pipeline, two_workers: ParallelPipeline) -> None:
    expected = as_data(pipeline.process_many(records()))
    assert as_data(two_workers.process_many(records())) == expected
    kinds = [row["kind"] for row in expected]
    assert kinds.count("RecordError") == 2 and kinds.count("ArticleResult") == len(TEXTS) - 1
    assert any(row["events"] for row in expected if row["kind"] == "ArticleResult")


def test_outcomes_travel_between_processes_unchanged(pipeline: Pipeline) -> None:
    for outcome in pipeline.process_many(records()):
        assert pickle.loads(pickle.dumps(outcome)) == outcome


def test_one_worker_runs_in_this_process(pipeline: Pipeline) -> None:
    before = multiprocessing.active_children()
    single = ParallelPipeline(PipelineConfig(), workers=1, chunk_size=1,
                              load_local=lambda: pipeline)
    outcomes = as_data(single.process_many(records()))
    assert multiprocessing.active_children() == before
    assert outcomes == as_data(pipeline.process_many(records()))


def test_input_of_one_chunk_needs_no_workers(pipeline: Pipeline) -> None:
    before = multiprocessing.active_children()
    with ParallelPipeline(PipelineConfig(), workers=2, chunk_size=len(TEXTS) + 1,
                          load_local=lambda: pipeline) as pool:
        assert len(as_data(pool.process_many(records()))) == len(TEXTS) + 1
        assert multiprocessing.active_children() == before


def crash_on_marked_record(chunk: list[Article | RecordError]) -> list[Any]:
    """A worker task that dies, as a segfault would, on the marked record."""
    if any(isinstance(r, Article) and r.id == CRASHING_ID for r in chunk):
        os._exit(3)
    return extract_chunk(chunk)


def test_a_dead_worker_costs_only_its_record(pipeline: Pipeline) -> None:
    marked = records()
    marked.insert(5, Article(id=CRASHING_ID, text=TEXTS[0], published=DAY))
    with ParallelPipeline(PipelineConfig(), workers=2, chunk_size=2,
                          task=crash_on_marked_record) as pool:
        outcomes = list(pool.process_many(marked))
    assert [getattr(o, "record", None) or o.article.id for o in outcomes] == [
        r.id if isinstance(r, Article) else r.record for r in marked]
    lost = [o for o in outcomes if isinstance(o, RecordError) and o.stage == "worker"]
    assert [o.record for o in lost] == [CRASHING_ID]
    assert "--workers 1" in lost[0].reason
    expected = as_data(pipeline.process_many(records()))
    assert as_data(o for o in outcomes if o not in lost) == expected


def test_a_pipeline_that_cannot_load_fails_in_the_main_process(tmp_path: Path) -> None:
    config = PipelineConfig(knowledge_dirs=[tmp_path / "absent"])
    with pytest.raises(KnowledgeError, match="not a folder"):
        list(ParallelPipeline(config, workers=2, chunk_size=1).process_many(records()))


def test_ingest_with_workers_stores_what_one_process_stores(
        pipeline: Pipeline, two_workers: ParallelPipeline) -> None:
    stored = []
    for extractor in (pipeline, two_workers):
        store = SQLiteStore(":memory:")
        summary = ingest_records(records(), store, extractor)
        stored.append((summary.new, summary.failed, [
            (e["event_id"], e["type"], e["num_articles"]) for e in store.events(EventQuery())]))
        store.close()
    assert stored[0] == stored[1] and stored[0][0] == len(TEXTS) - 1


def test_cli_extract_with_two_workers_writes_the_one_worker_file(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"art-{n}", "text": text, "published": DAY.isoformat()})
             for n, text in enumerate(TEXTS * 3)]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join([*lines[:4], "{broken", *lines[4:]]) + "\n", encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}.jsonl"
        assert main(["extract", str(corpus), "-o", str(out), "--workers", workers]) == 1
        errors = out.with_suffix(".errors.jsonl").read_text(encoding="utf-8")
        outputs.append((out.read_text(encoding="utf-8"), errors))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0].splitlines()) == 3 * (len(TEXTS) - 1)
    assert len(outputs[0][1].splitlines()) == 4  # the broken line, three empty texts


def test_chunks_are_read_lazily() -> None:
    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    assert [next(chunked(endless(), 3)) for _ in range(2)] == [[0, 1, 2]] * 2  # type: ignore[arg-type]


def test_the_last_chunks_are_cut_so_that_the_workers_finish_together() -> None:
    pieces = list(balanced_tail(chunked(list(range(70)), 16), workers=2))  # type: ignore[arg-type]
    assert [n for piece in pieces for n in piece] == list(range(70))
    # The last two chunks (16 + 6 records) in eight pieces of at most three, four per worker.
    assert [len(piece) for piece in pieces] == [16, 16, 16, 3, 3, 3, 3, 3, 3, 3, 1]


def test_cutting_the_tail_reads_only_a_chunk_per_worker_ahead() -> None:
    read: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            read.append(n)
            yield n
            n += 1

    first = next(balanced_tail(chunked(endless(), 4), workers=2))  # type: ignore[arg-type]
    assert first == [0, 1, 2, 3] and len(read) == 12  # three chunks read: the first and two
