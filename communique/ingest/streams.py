"""Opening input files as bounded streams: gzip inflated as it is read, lines of bounded length.

Nothing here holds more than one limit's worth of a file in memory: a gzip file is inflated
chunk by chunk and stops at ``max_unpacked_bytes``, a line over ``max_record_chars`` is cut and
the rest of it skipped, and a file read whole stops at ``max_document_bytes``.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO

from communique.ingest.limits import InputLimits, OverLimit

GZIP_MAGIC = b"\x1f\x8b"
SKIP_CHUNK_CHARS = 1024 * 1024
# What reading a file can raise part-way: an unreadable or truncated file, a corrupt gzip
# stream, a limit reached. Each ends the file as one RecordError, never the run.
READ_FAILURES = (OSError, EOFError, zlib.error, OverLimit)


def unreadable_reason(err: BaseException) -> str:
    """Why a file stopped part-way (one of READ_FAILURES), for its RecordError."""
    if isinstance(err, OverLimit):  # its reason names the limit and how to raise it
        return f"{err.reason} (records before it were kept)"
    kind = type(err)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    return (f"the file cannot be read to the end ({name}: {err}); check that it is readable "
            "and, if compressed, a complete and intact gzip file (records before the failure "
            "were kept)")


class Line(NamedTuple):
    """One physical line of a text stream, numbered from 1; ``too_long`` lines are cut short."""

    number: int
    text: str
    too_long: bool = False


def is_gzip(path: Path) -> bool:
    """True when the file starts with the gzip magic bytes, whatever its name."""
    with path.open("rb") as raw:
        return raw.read(2) == GZIP_MAGIC


def open_binary(path: Path, limits: InputLimits) -> BinaryIO:
    """The file's bytes, inflated as they are read when it is gzip-compressed."""
    if not is_gzip(path):
        return path.open("rb")
    # The caller closes the returned stream, which closes the gzip file under it.
    inflating = gzip.GzipFile(path, "rb")
    return io.BufferedReader(_CappedReader(inflating, str(path), limits.max_unpacked_bytes))


def open_text(path: Path, limits: InputLimits) -> TextIO:
    """The file as UTF-8 text; undecodable bytes become U+FFFD, which validation counts."""
    # newline="" keeps line breaks inside quoted CSV fields as they are.
    return io.TextIOWrapper(open_binary(path, limits), encoding="utf-8-sig", errors="replace",
                            newline="")


def read_document(path: Path, limits: InputLimits) -> bytes:
    """The whole file (inflated), refused when it is over ``max_document_bytes``."""
    with open_binary(path, limits) as stream:
        data = stream.read(limits.max_document_bytes + 1)
    if len(data) > limits.max_document_bytes:
        raise OverLimit(str(path), "the file is read whole and holds more bytes than",
                        "max_document_bytes", limits.max_document_bytes, "bytes")
    return data


def bounded_lines(stream: TextIO, max_chars: int) -> Iterator[Line]:
    """The stream's lines, line breaks kept; a line over ``max_chars`` comes back cut short
    and marked ``too_long`` (the rest of it is read and dropped, never held)."""
    number = 0
    while True:
        text = stream.readline(max_chars + 1)
        if not text:
            return
        number += 1
        if len(text) <= max_chars or text.endswith(("\n", "\r")):
            yield Line(number, text)
            continue
        _skip_rest_of_line(stream)
        yield Line(number, text[:max_chars], too_long=True)


def _skip_rest_of_line(stream: TextIO) -> None:
    while True:
        chunk = stream.readline(SKIP_CHUNK_CHARS)
        if not chunk or chunk.endswith(("\n", "\r")):
            return


class _CappedReader(io.RawIOBase):
    """A gzip stream that raises OverLimit once it has inflated more than ``cap`` bytes."""

    def __init__(self, inner: gzip.GzipFile, name: str, cap: int) -> None:
        super().__init__()
        self.inner, self.name, self.cap, self.total = inner, name, cap, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self.inner.readinto(buffer)
        self.total += count
        if self.total > self.cap:
            raise OverLimit(self.name, "the gzip file inflates to more than",
                            "max_unpacked_bytes", self.cap, "bytes")
        return count

    def close(self) -> None:
        self.inner.close()
        super().close()
