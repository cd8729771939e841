"""Reading articles: files, folders and feeds in; validated ``Article`` records out.

Readers never raise for a bad record: it comes back in the stream as a ``RecordError`` and
the batch goes on. Only a path that is missing or unreadable as a whole raises InputError.
``InputLimits`` bounds what one record or file may hold (characters, lines, JSON nesting,
line length, decompressed size); ``read_path``, ``read_paths`` and ``validate`` take one.
The batch job reads its files through the same streams, line and row readers (``streams``,
``delimited``, ``jsontext``), so every command reads input by one set of rules.
"""

from communique.ingest.checks import content_hash, detect_language, validate
from communique.ingest.html import html_to_text
from communique.ingest.limits import DEFAULT_LIMITS, InputLimits
from communique.ingest.readers import read_path, read_paths

__all__ = [
    "DEFAULT_LIMITS",
    "InputLimits",
    "content_hash",
    "detect_language",
    "html_to_text",
    "read_path",
    "read_paths",
    "validate",
]
