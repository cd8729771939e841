"""The one exception tree of communique. Every message names the record or file and the fix."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class: catch this to handle any failure the package raises on purpose."""


class InputError(CommuniqueError):
    """A record or file that cannot be read as an article (empty, binary, bad JSON, bad date...)."""

    def __init__(self, record: str, reason: str) -> None:
        super().__init__(f"{record}: {reason}")
        self.record = record
        self.reason = reason


class KnowledgeError(CommuniqueError):
    """A knowledge file (actors, triggers, gazetteer extras) is malformed."""


class LexiconError(KnowledgeError):
    """A trigger lexicon row names an unknown slot, condition or type (file and line given)."""


class StoreError(CommuniqueError):
    """The event store cannot be opened, migrated or written."""


class RecordTimeout(CommuniqueError):
    """A record's extraction ran past its time budget (``PipelineConfig.record_timeout_s``)."""
