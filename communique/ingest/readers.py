"""``read_path``: any supported file, gzip-compressed file or folder in, articles out.

The format comes from the suffix (``.jsonl.gz`` is gzip-compressed JSON lines) and, for names
without a known suffix, from the first bytes of the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trafilatura.utils import decode_file

from communique.errors import InputError
from communique.ingest.formats import (
    DocumentInfo,
    Output,
    read_csv_records,
    read_feed,
    read_html_document,
    read_json_records,
    read_text_document,
)
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits
from communique.ingest.records import RecordBuilder
from communique.ingest.streams import (
    READ_FAILURES,
    open_binary,
    open_text,
    read_document,
    unreadable_reason,
)
from communique.model import RecordError

SUFFIX_FORMATS = {
    ".jsonl": "json", ".ndjson": "json", ".json": "json", ".csv": "csv", ".tsv": "tsv",
    ".txt": "text", ".html": "html", ".htm": "html", ".xml": "feed", ".rss": "feed",
    ".atom": "feed",
}
SNIFF_BYTES = 4096
FEED_TAGS = ("<rss", "<feed", "<rdf:rdf")


@dataclass(frozen=True)
class FileRequest:
    """One file to read, with what the caller said about it (for single text/HTML files)."""

    path: Path
    published: dt.date | None = None
    record_id: str | None = None
    url: str | None = None
    title: str | None = None
    inside_folder: bool = False
    limits: InputLimits = DEFAULT_LIMITS


def read_path(path: Path, *, published: dt.date | None = None, record_id: str | None = None,
              url: str | None = None, title: str | None = None,
              limits: InputLimits = DEFAULT_LIMITS) -> Output:
    """Articles and record errors from a file or, recursively and sorted, a folder.

    ``published``, ``record_id``, ``url`` and ``title`` describe a single text or HTML file
    (``record_id`` defaults to the file's stem); for a folder only ``published`` is passed
    on, to each text and HTML file in it. ``limits`` bounds what one record or file may hold.
    Raises InputError at once when the path is missing or a folder holds no supported file;
    a bad record, or a file that cannot be read to the end, comes back as a RecordError.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file or folder; check the path")
    if not path.is_dir():
        request = FileRequest(path, published, record_id, url, title, limits=limits)
        return _read_file(request)
    files = supported_files(path)
    if not files:
        raise InputError(str(path), "the folder holds no supported file; supported suffixes "
                                    f"are {', '.join(sorted(SUFFIX_FORMATS))} (and .gz)")
    return _read_files([FileRequest(file, published, inside_folder=True, limits=limits)
                        for file in files])


def read_paths(paths: Sequence[Path], **options: Any) -> Output:
    """Articles and record errors from several files or folders, in the order given.

    Every path is checked before the first record is read, so a typo fails fast.
    """
    streams = [read_path(path, **options) for path in paths]
    return itertools.chain.from_iterable(streams)


def supported_files(folder: Path) -> list[Path]:
    """The files under ``folder`` with a supported suffix, hidden ones left out, sorted."""
    return sorted(
        file for file in folder.rglob("*")
        if file.is_file() and _format_suffix(file) in SUFFIX_FORMATS
        and not any(part.startswith(".") for part in file.relative_to(folder).parts)
    )


def file_format(path: Path, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """json, csv, tsv, text, html or feed: from the suffix, else from the first bytes."""
    return SUFFIX_FORMATS.get(_format_suffix(path)) or sniff_format(_head(path, limits))


def sniff_format(head: bytes) -> str:
    """The format the first bytes of a file look like; plain text when nothing else fits."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    first_line = text.split("\n", 1)[0]
    if text.startswith(("{", "[")):
        return "json"
    if text.startswith("<"):
        return "feed" if any(tag in text for tag in FEED_TAGS) else "html"
    for delimiter, name in (("\t", "tsv"), (",", "csv")):
        columns = {column.strip().strip('"') for column in first_line.split(delimiter)}
        if "id" in columns and columns & {"text", "html"}:
            return name
    return "text"


def _read_files(requests: list[FileRequest]) -> Output:
    for request in requests:
        yield from _read_file(request)


def _read_file(request: FileRequest) -> Output:
    produced = False
    try:
        for record in READERS[file_format(request.path, request.limits)](request):
            produced = True
            yield record
    except READ_FAILURES as err:
        # A file in a folder is one record of the batch; a file named alone is the whole input.
        if not produced and not request.inside_folder:
            raise InputError(str(request.path), unreadable_reason(err)) from err
        yield RecordError(str(request.path), unreadable_reason(err), stage="ingest")


def _format_suffix(path: Path) -> str:
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _stem(path: Path) -> str:
    return path.name.split(".")[0] or path.name


def _head(path: Path, limits: InputLimits) -> bytes:
    with open_binary(path, limits) as stream:
        return stream.read(SNIFF_BYTES)


def _builder(request: FileRequest) -> RecordBuilder:
    return RecordBuilder(source=str(request.path), limits=request.limits)


def _read_json(request: FileRequest) -> Output:
    with open_text(request.path, request.limits) as stream:
        yield from read_json_records(stream, _builder(request))


def _read_delimited(request: FileRequest, delimiter: str) -> Output:
    with open_text(request.path, request.limits) as stream:
        yield from read_csv_records(stream, _builder(request), delimiter)


def _read_feed(request: FileRequest) -> Output:
    yield from read_feed(read_document(request.path, request.limits), _builder(request))


def _document_info(request: FileRequest) -> DocumentInfo:
    return DocumentInfo(record_id=request.record_id or _stem(request.path),
                        origin=f"{request.path}:1", published=request.published,
                        url=request.url, title=request.title)


def _read_text(request: FileRequest) -> Output:
    text = read_document(request.path, request.limits).decode("utf-8-sig", "replace")
    yield read_text_document(text.replace("\r\n", "\n"), _document_info(request),
                             request.limits)


def _read_html(request: FileRequest) -> Output:
    html = decode_file(read_document(request.path, request.limits))
    yield read_html_document(html, _document_info(request), request.limits)


READERS: dict[str, Callable[[FileRequest], Output]] = {
    "json": _read_json, "csv": functools.partial(_read_delimited, delimiter=","),
    "tsv": functools.partial(_read_delimited, delimiter="\t"), "feed": _read_feed,
    "text": _read_text, "html": _read_html,
}
