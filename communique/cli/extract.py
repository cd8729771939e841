"""``communique extract``: articles in, one JSON line of events per article out."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Any

from communique.ingest import read_path
from communique.ingest.limits import add_limit_arguments, limits_from_args
from communique.model import RecordError
from communique.parallel import ParallelPipeline, add_workers_argument
from communique.pipeline import PipelineConfig


def register(sub: Any) -> None:
    """Add ``communique extract``."""
    parser = sub.add_parser(
        "extract", help="extract events from articles into a JSONL file",
        description="Read articles (JSONL, CSV, text, HTML, feeds, gzip) and write one line "
                    "per article: {id, events}. Failed records go to the errors file and "
                    "stderr; the exit code is 1 when any record failed.")
    parser.add_argument("input", type=Path, help="a file or folder of articles")
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSONL to write")
    parser.add_argument("--errors", type=Path,
                        help="where failed records go (default: OUTPUT with .errors.jsonl)")
    parser.add_argument("--published", type=dt.date.fromisoformat,
                        help="publication date (YYYY-MM-DD) of a single text or HTML file")
    parser.add_argument("--id", dest="record_id", help="id of a single text or HTML file")
    parser.add_argument("--knowledge", type=Path, action="append", default=[],
                        help="a folder of extra knowledge files (repeatable)")
    add_limit_arguments(parser)
    add_workers_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Extract every article to JSONL; exit code 1 when any record failed."""
    limits = limits_from_args(args)
    config = PipelineConfig(knowledge_dirs=args.knowledge, limits=limits)
    records = read_path(args.input, published=args.published, record_id=args.record_id,
                        limits=limits)
    errors_path = args.errors or args.output.with_suffix(".errors.jsonl")
    failed = written = 0
    with ParallelPipeline(config, args.workers) as pipeline, \
            args.output.open("w", encoding="utf-8") as out, \
            errors_path.open("w", encoding="utf-8") as errors:
        for result in pipeline.process_many(records):
            if isinstance(result, RecordError):
                failed += 1
                report_error(result, errors)
                continue
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            written += 1
    if not failed:
        errors_path.unlink(missing_ok=True)  # an errors file exists only when something failed
    print(f"communique: {written} articles written to {args.output}, {failed} failed"
          + (f" (see {errors_path})" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def report_error(error: RecordError, errors: IO[str]) -> None:
    """Write a failed record to the errors file and say so on stderr."""
    errors.write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
    print(f"communique: record {error.record}: {error.reason}", file=sys.stderr)
