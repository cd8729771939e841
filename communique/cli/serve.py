"""``communique serve``: the REST API and web pages over an event store."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from communique.cli.ingest import add_db_argument
from communique.store import default_db

TOKEN_ENV = "COMMUNIQUE_INGEST_TOKEN"


def register(subparsers: Any) -> None:
    """Add ``communique serve``."""
    parser = subparsers.add_parser(
        "serve", help="serve the REST API and web pages over an event store",
        description="Serve the REST API (/api, OpenAPI at /api/openapi.json) and the web pages "
                    "(events explorer, dyad timeline, network, map) over an existing event "
                    "store. Read-only unless started with --token. Answers only requests "
                    "addressed to localhost, 127.0.0.1, [::1], the --host address and each "
                    "--allowed-host (a guard against DNS rebinding).")
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every "
                             "interface)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--token", default=None,
                        help="enable POST /api/ingest, requiring 'Authorization: Bearer TOKEN' "
                             f"(or set {TOKEN_ENV}, which keeps it out of the process list)")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="also answer requests whose Host header names NAME, e.g. the "
                             "public name of a proxy in front of the server (repeatable)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve the API and pages until interrupted."""
    import uvicorn

    from communique.api import create_app
    from communique.api.middleware import served_hosts
    from communique.store import open_store

    db = args.db or default_db()
    # Fail here, naming the file, rather than create an empty store or fail on a request.
    open_store(db, create=False).close()
    token = args.token or os.environ.get(TOKEN_ENV) or None
    app = create_app(db, ingest_token=token,
                     allowed_hosts=served_hosts(args.host, args.allowed_host))
    mode = "ingest enabled (token required)" if token else "read-only"
    print(f"communique: serving {db} on http://{args.host}:{args.port}/ ({mode})",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
