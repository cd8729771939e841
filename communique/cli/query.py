"""``communique events``, ``communique export`` and ``communique stats``: read the store."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from communique.cli.ingest import add_db_argument
from communique.errors import InputError
from communique.store import EventQuery, open_store
from communique.store.base import EVENT_SORTS
from communique.store.export import FORMATS, LISTING_COLUMNS, csv_lines, export
from communique.store.sqlite import MAX_INTEGER

TABLE_COLUMNS = (("date", 10), ("type", 9), ("source", 14), ("target", 14), ("place", 14),
                 ("srcs", 4), ("ments", 5), ("event_id", 19), ("evidence", 60))
STATS_ROWS = 20
Command = Callable[[argparse.Namespace], int]


def piped(command: Command) -> Command:
    """Let ``communique events | head`` end quietly when the reader stops reading."""
    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except BrokenPipeError:
            # Python would complain again when flushing stdout at exit; point it at devnull.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    return run


def register(subparsers: Any) -> None:
    """Add ``events``, ``export`` and ``stats``."""
    register_events(subparsers)
    register_export(subparsers)
    register_stats(subparsers)


def register_events(subparsers: Any) -> None:
    """Add ``communique events``."""
    parser = subparsers.add_parser(
        "events", help="list stored events matching filters",
        description="List the stored events that match every filter given, as a table, JSON "
                    "lines or CSV, one row per real-world event with its counts of sources "
                    "and mentions and one evidence sentence.")
    add_db_argument(parser)
    add_filters(parser)
    parser.add_argument("--sort", default="date", choices=EVENT_SORTS, metavar="KEY",
                        help="date (default), num_sources or score; a leading '-' or --desc "
                             "sorts descending: --sort -num_sources")
    parser.add_argument("--desc", action="store_true", help="sort descending")
    parser.add_argument("--limit", type=event_limit, default=None, metavar="N",
                        help="at most this many events (a whole number, 0 or more)")
    parser.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    parser.set_defaults(func=piped(run_events))


def register_export(subparsers: Any) -> None:
    """Add ``communique export``."""
    parser = subparsers.add_parser(
        "export", help="write the whole dataset as JSON lines, CSV, Parquet or PLOVER JSON",
        description="Write the stored events that match the filters (all of them by default): "
                    "jsonl (every field with offsets, mentions and source URLs), csv or "
                    "parquet (one flat row per event), or plover (PLOVER JSON records).")
    add_db_argument(parser)
    add_filters(parser)
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="file to write (default: standard output; required for parquet)")
    parser.set_defaults(func=piped(run_export))


def register_stats(subparsers: Any) -> None:
    """Add ``communique stats``."""
    parser = subparsers.add_parser(
        "stats", help="counts of events by type, actor and month",
        description="Print the store's counts of documents, events, mentions and failures, "
                    "and of events by type, actor and month; --errors lists the failures.")
    add_db_argument(parser)
    parser.add_argument("--errors", action="store_true", help="also list stored failures")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(func=piped(run_stats))


def add_filters(parser: argparse.ArgumentParser) -> None:
    """Add the event filter options (``--actor``, ``--dyad``...)."""
    parser.add_argument("--actor", help="a party code (CHN, UN) or part of an actor's name")
    parser.add_argument("--dyad", type=parse_dyad, metavar="A,B",
                        help="events between two parties, either direction: CHN,RUS")
    parser.add_argument("--type", help="a PLOVER event type: CONSULT, ACCUSE...")
    parser.add_argument("--status", help="occurred, planned, negated...")
    parser.add_argument("--since", type=parse_date, metavar="YYYY-MM-DD",
                        help="events on or after this day")
    parser.add_argument("--until", type=parse_date, metavar="YYYY-MM-DD",
                        help="events on or before this day")
    parser.add_argument("--text", help="words the evidence sentence contains")


def event_limit(value: str) -> int:
    """``--limit N``: a whole number from 0 to the largest the store can take."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 0 <= number <= MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"{value} is out of range: give 0 to {MAX_INTEGER}")
    return number


def parse_dyad(value: str) -> tuple[str, str]:
    """``--dyad CHN,RUS`` as two upper-case party codes."""
    parts = [part.strip().upper() for part in value.split(",") if part.strip()]
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"--dyad {value!r}: give two party codes, e.g. CHN,RUS")
    return parts[0], parts[1]


def parse_date(value: str) -> dt.date:
    """A ``--since``/``--until`` day."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from exc


def query_from(args: argparse.Namespace) -> EventQuery:
    """The EventQuery the parsed options describe."""
    return EventQuery(actor=args.actor, dyad=args.dyad, type=args.type, status=args.status,
                      since=args.since, until=args.until, text=args.text,
                      limit=getattr(args, "limit", None), sort=sort_key(args))


def sort_key(args: argparse.Namespace) -> str:
    """The ``--sort`` key, made descending by ``--desc``."""
    key = str(getattr(args, "sort", "date"))
    return f"-{key.lstrip('-')}" if getattr(args, "desc", False) else key


def run_events(args: argparse.Namespace) -> int:
    """Print the selected events as a table, JSON lines or CSV."""
    with closing(open_store(args.db, create=False)) as store:
        rows = store.iter_events(query_from(args))
        if args.format == "jsonl":
            for row in rows:
                print(json.dumps(row, ensure_ascii=False, sort_keys=True))
        elif args.format == "csv":
            sys.stdout.writelines(csv_lines(rows, LISTING_COLUMNS))
        else:
            print_table(rows)
    return 0


def print_table(rows: Any) -> None:
    """Print rows as fixed-width columns, each cut to its width."""
    print("  ".join(name.ljust(width) for name, width in TABLE_COLUMNS).rstrip())
    for row in rows:
        cells = table_cells(row)
        print("  ".join(cell[:width].ljust(width)
                        for cell, (_, width) in zip(cells, TABLE_COLUMNS, strict=True)).rstrip())


def table_cells(row: dict[str, Any]) -> list[str]:
    """The table cells of one event row, as text."""
    return [str(row["date"] or "?"), row["type"], row["source_party"] or "-",
            row["target_party"] or "-", row["location_name"] or "-", str(row["num_sources"]),
            str(row["num_mentions"]), row["event_id"], " ".join(str(row["evidence"]).split())]


def run_export(args: argparse.Namespace) -> int:
    """Export the selected events to a file or standard output."""
    if args.format == "parquet" and args.output is None:
        raise InputError("--output", "parquet is binary: give a file, e.g. -o events.parquet")
    with closing(open_store(args.db, create=False)) as store:
        count = export(store, args.format, args.output or sys.stdout, query_from(args))
    if args.output is not None:
        print(f"wrote {count} events to {args.output}", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    """Print the store's counts (and its failures with ``--errors``)."""
    with closing(open_store(args.db, create=False)) as store:
        stats = store.stats()
        if args.errors:
            stats["error_list"] = store.errors()
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print_stats(stats)
    return 0


def print_stats(stats: dict[str, Any]) -> None:
    """Print the counts as text."""
    print(f"documents {stats['documents']}, events {stats['events']}, "
          f"mentions {stats['mentions']}, errors {stats['errors']}")
    print_counts("by type", [(row["type"], row["events"]) for row in stats["by_type"]])
    print_counts("by actor", [(f"{row['party']} ({row['name']})", row["events"])
                              for row in stats["by_actor"]])
    print_counts("by month", [(row["month"] or "undated", row["events"])
                              for row in stats["by_month"]])
    for error in stats.get("error_list", []):
        print(f"error  {error['record']} ({error['stage']}): {error['reason']}")


def print_counts(title: str, counts: list[tuple[str, int]]) -> None:
    """Print a titled list of (label, count), the first ``STATS_ROWS`` of it."""
    print(f"\n{title}:")
    for label, count in counts[:STATS_ROWS]:
        print(f"  {label:<40} {count:>6}")
