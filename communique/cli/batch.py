"""``communique batch`` (extract a corpus on Spark or in one process, to Parquet) and
``communique load`` (put that Parquet output into a store)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from communique.errors import CommuniqueError


def register(subparsers: Any) -> None:
    register_batch(subparsers)
    register_load(subparsers)


def register_batch(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "batch", help="extract a large corpus on Apache Spark (or in one process) to Parquet",
        description="Extract JSONL, CSV or Parquet article records (a file, a folder or any "
                    "URL Spark reads: hdfs://, s3a://...) and write partitioned Parquet tables "
                    "documents/, events/, mentions/ and failed/ under --out, with cross-outlet "
                    "deduplication by the store's rules.")
    parser.add_argument("input", help="a file, a folder or a Hadoop URL of article records")
    parser.add_argument("--out", required=True, help="output folder (or URL for Spark)")
    parser.add_argument("--engine", choices=("spark", "local"), default="spark",
                        help="spark (default) or local: the same job in this one process")
    parser.add_argument("--master", default=None,
                        help="Spark master: local[N], spark://host:7077, yarn, k8s://... "
                             "(default: spark-submit's --master, else local[*])")
    parser.add_argument("--partitions", type=int, default=None,
                        help="number of partitions to extract in (default: Spark's)")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="a Spark setting, e.g. spark.executor.memory=4g (repeatable)")
    parser.add_argument("--format", choices=("jsonl", "csv", "parquet"), default=None,
                        help="input format (default: from the file names)")
    parser.add_argument("--model", help="spaCy model each executor loads")
    parser.add_argument("--knowledge", action="append", default=[], metavar="DIR",
                        help="a folder of extra knowledge files (repeatable; must exist on "
                             "every executor)")
    parser.set_defaults(func=run_batch_command)


def register_load(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "load", help="load the Parquet output of 'communique batch' into a store",
        description="Add the documents, events and failures of a 'communique batch' output "
                    "folder to a store (SQLite file or postgresql:// URL); documents already "
                    "in the store are skipped, so loading twice adds nothing.")
    parser.add_argument("folder", type=Path, metavar="DIR", help="the --out folder of a batch")
    parser.add_argument("--db", default=None,
                        help="database file or postgresql:// URL (default: $COMMUNIQUE_DB or "
                             "communique.db)")
    parser.set_defaults(func=run_load_command)


def parse_conf(pairs: list[str]) -> dict[str, str]:
    """--conf KEY=VALUE options as a dict; a pair without '=' is a usage error."""
    conf: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CommuniqueError(f"--conf {pair!r} is not KEY=VALUE; write e.g. "
                                  "--conf spark.executor.memory=4g")
        conf[key.strip()] = value
    return conf


def run_batch_command(args: argparse.Namespace) -> int:
    from communique.batch import PipelineSettings, run_batch

    settings = PipelineSettings(knowledge_dirs=tuple(args.knowledge))
    if args.model:
        settings = PipelineSettings(model=args.model, knowledge_dirs=settings.knowledge_dirs)
    summary = run_batch(args.input, args.out, engine=args.engine, master=args.master,
                        partitions=args.partitions, spark_conf=parse_conf(args.conf),
                        input_format_name=args.format, pipeline=settings)
    print(json.dumps(summary.to_dict(), indent=2))
    if summary.failed:
        print(f"{summary.failed} record(s) failed: see {args.out}/failed/", file=sys.stderr)
    return 1 if summary.failed else 0


def run_load_command(args: argparse.Namespace) -> int:
    from communique.batch.load import load_output
    from communique.store import open_store

    store = open_store(args.db)
    try:
        summary = load_output(args.folder, store)
    finally:
        store.close()
    print(f"loaded {summary.documents} documents ({summary.skipped} already stored), "
          f"{summary.events_new} new events, {summary.events_merged} merged, "
          f"{summary.errors} failures")
    return 0
