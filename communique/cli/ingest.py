"""``communique ingest PATH... [--db FILE]``: extract a corpus into the event store."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from communique.ingest.limits import add_limit_arguments, limits_from_args
from communique.parallel import add_workers_argument
from communique.store import default_db, open_store

ERRORS_SHOWN = 10


def register(subparsers: Any) -> None:
    """Add ``communique ingest``."""
    parser = subparsers.add_parser(
        "ingest", help="extract events from files and folders of articles into the store",
        description="Read JSONL/CSV records, text and HTML files, RSS/Atom feeds (gzip too), "
                    "extract their events and store them; articles already stored are skipped.")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="a file or a folder of article files")
    add_db_argument(parser)
    parser.add_argument("--model", help="spaCy model to load (default: the pipeline's)")
    parser.add_argument("--knowledge", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of extra knowledge files (repeatable)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar (default: only on a terminal)")
    add_limit_arguments(parser)
    add_workers_argument(parser)
    parser.set_defaults(func=run)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """Add the ``--db`` option every store command takes."""
    parser.add_argument("--db", default=None, metavar="FILE",
                        help=f"database file or postgresql:// URL (default: ${{COMMUNIQUE_DB}} "
                             f"or {default_db()})")


def run(args: argparse.Namespace) -> int:
    """Ingest the paths into the store; exit code 1 when any record failed."""
    from communique.parallel import ParallelPipeline
    from communique.pipeline import PipelineConfig
    from communique.store.loader import ingest_paths, summary_line

    config = PipelineConfig(knowledge_dirs=list(args.knowledge), limits=limits_from_args(args))
    if args.model:
        config.model = args.model
    # The pipeline's workers extract; this process alone writes to the store.
    with closing(open_store(args.db, knowledge_dirs=args.knowledge)) as store, \
            ParallelPipeline(config, args.workers) as pipeline:
        try:
            summary = ingest_paths(args.paths, store, pipeline, args.progress, config.limits)
        except KeyboardInterrupt:
            print("interrupted: every article stored so far is kept; run the same command "
                  "again to go on from there", file=sys.stderr)
            return 130
    for error in summary.errors[:ERRORS_SHOWN]:
        print(f"skipped {error.record} ({error.stage}): {error.reason}", file=sys.stderr)
    if len(summary.errors) > ERRORS_SHOWN:
        print(f"... and {len(summary.errors) - ERRORS_SHOWN} more failures: see "
              f"`communique stats --errors`", file=sys.stderr)
    print(summary_line(summary))
    # As for `communique extract`: 1 tells scripts that some records failed (see the errors).
    return 1 if summary.failed else 0
