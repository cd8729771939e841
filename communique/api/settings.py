"""Limits that keep one request from exhausting the server, gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiLimits:
    """Upper bounds on what a client may ask for; raise them for trusted, local use."""

    default_page_size: int = 50
    max_page_size: int = 500  # rows per /api/events page; exports stream in pages of this size
    max_offset: int = 5_000_000
    max_body_bytes: int = 2_000_000  # request bodies (only POST /api/ingest has one)
    max_articles_per_ingest: int = 100
    max_article_chars: int = 200_000
    max_network_nodes: int = 150
    max_network_edges: int = 1_000
    max_map_events: int = 5_000  # events aggregated into map points per request
    max_export_rows: int = 1_000_000
    count_cap: int = 10_000  # /api/events counts matches up to this many ("total_exact")
