"""The ``communique`` command: a thin layer over the Python API.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds its parser
and sets ``func`` to a function taking the parsed arguments and returning the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from communique.errors import CommuniqueError

COMMAND_MODULES = (
    "communique.cli.extract",
    "communique.cli.evaluate",
    "communique.cli.serve",
    "communique.cli.ingest",
    "communique.cli.query",
    "communique.cli.batch",
)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand of ``COMMAND_MODULES``."""
    parser = argparse.ArgumentParser(
        prog="communique",
        description="Turn news reports about international politics into sourced event data.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; its exit code (2 for a CommuniqueError)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CommuniqueError as exc:
        print(f"communique: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
