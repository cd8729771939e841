"""``communique batch`` (extract a corpus on Spark or in one process, to Parquet) and
``communique load`` (put that Parquet output into a store)."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

from communique.cli.ingest import add_db_argument
from communique.errors import CommuniqueError
from communique.parallel import positive_int


def register(subparsers: Any) -> None:
    """Add the ``batch`` and ``load`` subcommands."""
    register_batch(subparsers)
    register_load(subparsers)


def register_batch(subparsers: Any) -> None:
    """Add ``communique batch``."""
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
    parser.add_argument("--workers", type=positive_int, default=None, metavar="N",
                        help="--engine local: worker processes extracting in parallel "
                             "(default: the number of cores; 1 runs in this process). Spark "
                             "sizes its own with --master local[N] or executor settings")
    parser.set_defaults(func=run_batch_command)


def register_load(subparsers: Any) -> None:
    """Add ``communique load``."""
    parser = subparsers.add_parser(
        "load", help="load the Parquet output of 'communique batch' into a store",
        description="Add the documents, events and failures of a 'communique batch' output "
                    "folder to a store (SQLite file or postgresql:// URL); documents already "
                    "in the store are skipped, so loading twice adds nothing.")
    parser.add_argument("folder", type=Path, metavar="DIR", help="the --out folder of a batch")
    add_db_argument(parser)
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
    """Run ``communique batch``; exit code 1 when any record failed."""
    from communique.batch import PipelineSettings, run_batch

    settings = PipelineSettings(knowledge_dirs=tuple(args.knowledge))
    if args.model:
        settings = replace(settings, model=args.model)
    summary = run_batch(args.input, args.out, engine=args.engine, master=args.master,
                        partitions=args.partitions, spark_conf=parse_conf(args.conf),
                        input_format_name=args.format, pipeline=settings,
                        workers=args.workers)
    print(json.dumps(summary.to_dict(), indent=2))
    if summary.failed:
        print(f"{summary.failed} record(s) failed: see {args.out}/failed/", file=sys.stderr)
    return 1 if summary.failed else 0


def run_load_command(args: argparse.Namespace) -> int:
    """Run ``communique load``: a batch output folder into the store."""
    from communique.batch.load import load_output
    from communique.store import open_store

    with closing(open_store(args.db)) as store:
        summary = load_output(args.folder, store)
    print(f"loaded {summary.documents} documents ({summary.skipped} already stored), "
          f"{summary.events_new} new events, {summary.events_merged} merged, "
          f"{summary.errors} failures")
    if summary.errors:
        print(f"{summary.errors} record(s) had failed in the batch: see "
              "`communique stats --errors`", file=sys.stderr)
    # As for `communique ingest` and `extract`: 1 tells scripts that some records failed.
    return 1 if summary.errors else 0
