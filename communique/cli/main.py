"""The ``communique`` command: a thin layer over the Python API.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds its parser
and sets ``func`` to a function taking the parsed arguments and returning the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from communique import __version__
from communique.errors import CommuniqueError

COMMAND_MODULES = (
    "communique.cli.extract",
    "communique.cli.evaluate",
    "communique.cli.serve",
    "communique.cli.ingest",
    "communique.cli.query",
    "communique.cli.batch",
)

# Options whose values may start with '-' (a descending sort key).
SIGNED_VALUE_OPTIONS = frozenset({"--sort"})


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand of ``COMMAND_MODULES``."""
    parser = argparse.ArgumentParser(
        prog="communique",
        description="Turn news reports about international politics into sourced event data.")
    parser.add_argument("--version", action="version", version=f"communique {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; its exit code (2 for a CommuniqueError)."""
    args = build_parser().parse_args(join_signed_values(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.func(args))
    except CommuniqueError as exc:
        print(f"communique: error: {exc}", file=sys.stderr)
        return 2


def join_signed_values(argv: Sequence[str]) -> list[str]:
    """``--sort -num_sources`` as ``--sort=-num_sources``: argparse would take a value that
    starts with '-' for an option of its own and stop with "expected one argument"."""
    joined: list[str] = []
    for arg in argv:
        if joined and joined[-1] in SIGNED_VALUE_OPTIONS and arg[:1] == "-" and arg[1:2] != "-":
            joined[-1] = f"{joined[-1]}={arg}"
        else:
            joined.append(arg)
    return joined


if __name__ == "__main__":
    sys.exit(main())
