"""The batch job on Apache Spark: the local engine's steps, spread over executors.

Data flow (each arrow a distributed step; "shuffle" marks where rows move between executors):

    input files -> numbered records -> articles (parse, validate, hash)
      -> first copy per content hash, then per URL                       (2 shuffles)
      -> extraction, one pipeline per executor process                  (mapPartitions)
      -> events grouped by their dedup block group, clustered in order  (shuffle)
      -> event ids numbered per document, joined back                   (2 shuffles)
      -> events / mentions / documents / failed as partitioned Parquet

pyspark is imported only here, so the rest of communique never needs it.
"""

from __future__ import annotations

import functools
import os
import site
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from communique.batch.inputs import (
    JSON_LINE,
    ROW_FIELDS,
    ArticleRecord,
    FailedRecord,
    InputRecord,
    display_source,
    id_claims,
    parse_record,
    position_name,
    repeated_ids,
    sequence,
)
from communique.batch.steps import (
    PipelineSettings,
    cluster_group,
    dedup_group,
    extract_partition,
    failed_row,
    first_seen,
    group_tables,
    id_claim,
    is_first_report,
    renumbered,
    url_key,
)
from communique.batch.tables import PARTITION, TABLES, partitioned, row_values, spark_schema
from communique.dedup.cross import DedupConfig
from communique.errors import CommuniqueError

LOCAL_DEFAULTS = {
    # No web UI and no network beyond the loopback interface in local mode.
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.showConsoleProgress": "false",
    # A local job's JVM is driver and executor at once and lives for one job: its own CPU
    # (compiling Spark's code paths with the C2 JIT, mostly) competed with the Python
    # workers for the same cores. C1 alone compiles far less and halved the JVM's CPU
    # seconds of a job (docs/scaling.md); serial GC spares the idle GC threads.
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}
COMMON_DEFAULTS = {"spark.sql.session.timeZone": "UTC"}
PARTITIONS_PER_CORE = 2


def spark_session(master: str | None, conf: dict[str, str]) -> Any:
    """A SparkSession with the user's settings over communique's defaults.

    ``master`` None keeps the master spark-submit (or spark-defaults.conf) set, else local[*].
    """
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise CommuniqueError("--engine spark needs pyspark: pip install 'communique[spark]' "
                              "(or use --engine local)") from exc
    effective = master or conf.get("spark.master") or SparkConf().get("spark.master", "local[*]")
    builder = SparkSession.builder.master(effective).appName("communique-batch")
    for key, value in {**session_defaults(effective), **conf}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(conf.get("communique.logLevel", "ERROR"))
    return session


def session_defaults(master: str) -> dict[str, str]:
    """communique's Spark settings for a master (local ones keep off the network)."""
    if not master.startswith("local"):
        return dict(COMMON_DEFAULTS)
    # Local Python workers must run this interpreter and import this copy of communique,
    # even when it is not installed (a source checkout).
    # Spark starts workers through the interpreter's resolved path, which loses a virtual
    # environment, so its site-packages travel on PYTHONPATH too.
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [package_root, *site.getsitepackages()]
    return {**COMMON_DEFAULTS, **LOCAL_DEFAULTS, "spark.pyspark.python": sys.executable,
            "spark.executorEnv.PYTHONPATH": os.pathsep.join(paths)}


def run_spark(spark: Any, source: str, fmt: str, out_dir: Path, settings: PipelineSettings,
              dedup: DedupConfig, partitions: int | None) -> dict[str, int]:
    """Run the job on ``spark`` and write the four tables under ``out_dir``."""
    records = numbered_records(spark, source, fmt)
    # Repeated ids are rare: only they come back to the driver, to fail their later uses.
    repeats = dict(records.flatMap(id_claims).groupByKey()
                   .flatMap(lambda claim: repeated_ids(claim[1])).collect())
    parsed = (records.map(lambda record: parse_record(record, repeats))
              .filter(lambda item: item is not None).persist())
    articles = parsed.filter(lambda item: isinstance(item, ArticleRecord))
    slices = extraction_partitions(spark, partitions)
    kept = evenly(first_copies(articles, slices), slices)
    extracted = kept.mapPartitions(lambda items: extract_partition(items, settings)).persist()
    reports = extracted.filter(lambda pair: pair[0] == "mention").values()
    mentions, events = deduplicate(reports, dedup)
    events = events.persist()
    failed = [parsed.filter(lambda item: isinstance(item, FailedRecord)).map(failed_row),
              extracted.filter(lambda pair: pair[0] == "failed").values().map(failed_row)]
    documents = extracted.filter(lambda pair: pair[0] == "document").values()
    tables = {"documents": [documents], "events": [events], "mentions": [mentions],
              "failed": failed}
    for name, parts in tables.items():
        write_table(spark, parts, out_dir, name)
    counts = job_counts(parsed, extracted)
    counts["events"] = events.count()
    for cached in (parsed, extracted, events):
        cached.unpersist()
    return counts


def extraction_partitions(spark: Any, partitions: int | None) -> int:
    """How many pieces extraction runs in: ``--partitions``, else a few per core.

    Several per core (not one) keep a core from idling at the end while another finishes
    a piece of long articles; each piece costs little more, as a worker keeps its pipeline.
    """
    return partitions or spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE


def evenly(items: Any, slices: int) -> Any:
    """The items dealt round-robin into ``slices`` partitions of equal counts.

    A small input file is one partition, and so are the first copies drawn from it; hashing
    them into partitions leaves some with twice the articles of others, and the job then
    waits on the slowest core. Dealing by rank costs one small job (counting each partition).
    """
    return (items.zipWithIndex().map(lambda pair: (pair[1], pair[0]))
            .partitionBy(slices, lambda rank: rank % slices).values())


def job_counts(parsed: Any, extracted: Any) -> dict[str, int]:
    """The summary's counts, from the cached steps (two small jobs, no table read back)."""
    read = parsed.map(lambda item: type(item).__name__).countByValue()
    made = extracted.flatMap(output_weights).reduceByKey(lambda a, b: a + b).collectAsMap()
    failed_read, failed_made = read.get("FailedRecord", 0), made.get("failed", 0)
    documents = made.get("document", 0)
    return {"records": sum(read.values()), "articles": read.get("ArticleRecord", 0),
            "duplicates": read.get("ArticleRecord", 0) - documents - failed_made,
            "documents": documents, "reports": made.get("mention", 0),
            "mentions": made.get("sentences", 0), "failed": failed_read + failed_made}


def output_weights(pair: tuple[str, Any]) -> list[tuple[str, int]]:
    """What an extraction output adds to the counts: one row, and a report its sentences."""
    kind, value = pair
    if kind == "mention":
        return [(kind, 1), ("sentences", len(value["sentences"]))]
    return [(kind, 1)]


def first_copies(articles: Any, partitions: int | None) -> Any:
    """The first copy of each document by content hash, then by URL, as the store keeps."""
    by_hash = articles.keyBy(lambda item: item.digest).reduceByKey(earlier, partitions).values()
    return by_hash.keyBy(url_key).reduceByKey(earlier, partitions).values()


def earlier(a: ArticleRecord, b: ArticleRecord) -> ArticleRecord:
    """The copy first in the input of two copies of a document."""
    return first_seen((a, b))


def deduplicate(reports: Any, dedup: DedupConfig) -> tuple[Any, Any]:
    """Mention rows and merged event rows: the same steps as the local engine.

    One shuffle brings each dedup group together (a cluster never spans two groups); the
    rare first reports that clash on their id are collected to number them as the store does.
    """
    clustered = (reports.keyBy(lambda row: dedup_group(row, dedup)).groupByKey()
                 .map(lambda group: cluster_group(group[1], dedup)).persist())
    clashes = (clustered.flatMap(lambda rows: [id_claim(r) for r in rows if is_first_report(r)])
               .groupByKey().filter(lambda claim: len(claim[1]) > 1).collect())
    renames = {key: event_id for base_id, found in clashes
               for key, event_id in renumbered(found, base_id).items()}
    tables = clustered.map(lambda rows: group_tables(rows, renames))
    return tables.flatMap(lambda pair: pair[0]), tables.flatMap(lambda pair: pair[1])


def write_table(spark: Any, parts: list[Any], out_dir: Path, name: str) -> None:
    """Write one table, its rows from ``parts``, as Parquet (partitioned by year if it has one).

    The parts are joined as DataFrames, not as RDDs: a Python step over a union of Python RDDs
    needs two Python workers per task (each importing communique) where one does.
    """
    schema = TABLES[name]
    frames = [spark.createDataFrame(rows.map(lambda row: row_values(schema, row)),
                                    spark_schema(schema)) for rows in parts]
    frame = functools.reduce(lambda a, b: a.union(b), frames)
    writer = frame.write.mode("overwrite")
    if partitioned(name):
        writer = writer.partitionBy(PARTITION)
    writer.parquet(output_uri(out_dir, name))


def output_uri(out_dir: Path | str, name: str) -> str:
    """Where a table goes: under a URL as given, else under the absolute folder."""
    text = str(out_dir)
    return f"{text.rstrip('/')}/{name}" if "://" in text else str(Path(text).resolve() / name)


# -- input -----------------------------------------------------------------------------------

def numbered_records(spark: Any, source: str, fmt: str) -> Any:
    """InputRecords with each file's records numbered in file order, as the local engine does.

    Spark packs files and file splits into partitions in a stable order, so a file's records
    come partition by partition in file order; counting them per (partition, file) gives every
    record its index in its file.
    """
    rows = input_frame(spark, source, fmt).rdd.map(tuple).persist()
    counts = rows.mapPartitionsWithIndex(count_by_file).collect()
    # Files in name order, as the local engine lists them.
    files = sorted({file for _, file, _ in counts}, key=display_source)
    starts = partition_starts(counts)
    kind = JSON_LINE if fmt == "jsonl" else ROW_FIELDS
    ranks = {file: rank for rank, file in enumerate(files)}
    return rows.mapPartitionsWithIndex(
        lambda index, part: number_partition(index, part, starts, ranks, kind))


def input_frame(spark: Any, source: str, fmt: str) -> Any:
    """(file, payload) rows: JSONL lines as text, CSV and Parquet rows as JSON objects."""
    from pyspark.sql import functions as F

    file = F.col("_metadata.file_path").alias("file")
    if fmt == "jsonl":
        return spark.read.text(source).select(file, F.col("value").alias("payload"))
    if fmt == "csv":
        frame = (spark.read.option("header", True).option("multiLine", True)
                 .option("escape", '"').csv(source))
    else:
        frame = spark.read.parquet(source)
    payload = F.to_json(F.struct(*[F.col(f"`{name}`") for name in frame.columns]))
    return frame.select(file, payload.alias("payload"))


def count_by_file(index: int, rows: Iterator[tuple[str, str]]) -> Iterator[tuple[int, str, int]]:
    """(partition, file, records) for each file with records in the partition."""
    counts = Counter(file for file, _ in rows)
    return ((index, file, count) for file, count in counts.items())


def partition_starts(counts: list[tuple[int, str, int]]) -> dict[tuple[int, str], int]:
    """For each (partition, file), the index in its file of the partition's first record."""
    starts: dict[tuple[int, str], int] = {}
    seen: Counter[str] = Counter()
    for index, file, count in sorted(counts):
        starts[(index, file)] = seen[file]
        seen[file] += count
    return starts


def number_partition(index: int, rows: Iterator[tuple[str, str]],
                     starts: dict[tuple[int, str], int], ranks: dict[str, int],
                     kind: str) -> Iterator[InputRecord]:
    """The partition's rows as InputRecords numbered in file order."""
    offsets: Counter[str] = Counter()
    for file, payload in rows:
        record_index = starts[(index, file)] + offsets[file]
        offsets[file] += 1
        yield InputRecord(sequence(ranks[file], record_index), display_source(file),
                          position_name(kind, record_index), payload or "", kind)
