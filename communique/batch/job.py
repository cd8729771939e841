"""``run_batch``: the batch job's entry point, for the CLI, the benchmark and the tests."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from communique.batch.inputs import input_format
from communique.batch.steps import PipelineSettings
from communique.dedup.cross import DedupConfig
from communique.errors import CommuniqueError

ENGINES = ("spark", "local")
SUMMARY_FILE = "summary.json"


@dataclass
class BatchSummary:
    """What one batch run read and wrote; also saved as summary.json in the output folder."""

    engine: str
    input: str
    records: int = 0  # input records (blank JSONL lines not counted)
    articles: int = 0  # records that were valid articles
    duplicates: int = 0  # articles skipped as copies (same content hash or URL)
    documents: int = 0  # articles extracted and written
    reports: int = 0  # events found in single articles, before cross-outlet dedup
    events: int = 0  # events after dedup
    mentions: int = 0
    failed: int = 0
    seconds: float = 0.0  # the job itself, without starting Spark
    startup_seconds: float = 0.0  # starting the Spark session (0 for the local engine)
    spark_conf: dict[str, str] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        """Documents extracted per second of the job."""
        return self.documents / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data, with the rate."""
        return {**asdict(self), "articles_per_second": round(self.articles_per_second, 3)}


def run_batch(input: str, out_dir: str | Path, engine: str = "spark",
              master: str | None = "local[2]", partitions: int | None = None,
              spark_conf: dict[str, str] | None = None, input_format_name: str | None = None,
              pipeline: PipelineSettings | None = None, dedup: DedupConfig | None = None,
              spark: Any = None, workers: int | None = None) -> BatchSummary:
    """Extract every article of ``input`` and write documents/events/mentions/failed tables.

    ``spark`` may be a running SparkSession to reuse (the benchmark times jobs without the JVM
    start); otherwise one is started for ``master`` with ``spark_conf`` and stopped at the end.
    ``master`` None takes spark-submit's --master (or local[*] outside spark-submit).
    ``workers`` is the local engine's number of extracting processes (None: one per core).
    """
    if engine not in ENGINES:
        raise CommuniqueError(f"engine {engine!r} is unknown; use one of {', '.join(ENGINES)}")
    fmt = input_format(input, input_format_name)
    settings, rules = pipeline or PipelineSettings(), dedup or DedupConfig()
    summary = BatchSummary(engine=engine, input=input, spark_conf=dict(spark_conf or {}))
    out = Path(out_dir) if "://" not in str(out_dir) else out_dir
    if engine == "local":
        started = time.perf_counter()
        from communique.batch.local import run_local

        counts = run_local(input, fmt, Path(out), settings, rules, workers)
    else:
        counts, started = spark_job(input, fmt, out, settings, rules, partitions, master,
                                    summary, spark)
    summary.seconds = round(time.perf_counter() - started, 3)
    apply_counts(summary, counts)
    write_summary(out, summary)
    return summary


def spark_job(input: str, fmt: str, out: Any, settings: PipelineSettings, rules: DedupConfig,
              partitions: int | None, master: str | None, summary: BatchSummary,
              spark: Any) -> tuple[dict[str, int], float]:
    """Run the Spark engine; its counts and when the job itself started."""
    from communique.batch.spark import run_spark, spark_session

    started = time.perf_counter()
    session = spark or spark_session(master, summary.spark_conf)
    job_started = time.perf_counter()
    summary.startup_seconds = round(job_started - started, 3)
    try:
        counts = run_spark(session, input, fmt, out, settings, rules, partitions)
    finally:
        if spark is None:
            session.stop()
    return counts, job_started


def apply_counts(summary: BatchSummary, counts: dict[str, int]) -> None:
    """Copy an engine's row counts into the summary."""
    for name, value in counts.items():
        setattr(summary, name, int(value))


def write_summary(out: Any, summary: BatchSummary) -> None:
    """Save the summary as summary.json in a local output folder."""
    if isinstance(out, Path):
        out.mkdir(parents=True, exist_ok=True)
        (out / SUMMARY_FILE).write_text(json.dumps(summary.to_dict(), indent=2) + "\n")
