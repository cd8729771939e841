"""Reading articles: files, folders and feeds in; validated ``Article`` records out.

Readers never raise for a bad record: it comes back in the stream as a ``RecordError`` and
the batch goes on. Only a path that is missing or unreadable as a whole raises InputError.
"""

from communique.ingest.checks import content_hash, detect_language, validate
from communique.ingest.html import html_to_text
from communique.ingest.readers import read_path, read_paths

__all__ = [
    "content_hash",
    "detect_language",
    "html_to_text",
    "read_path",
    "read_paths",
    "validate",
]
