"""communique: news reports about international politics in, sourced PLOVER events out."""

from communique.errors import CommuniqueError, InputError, KnowledgeError, StoreError
from communique.model import Actor, Article, ArticleResult, Event, EventDate, Place, RecordError
from communique.pipeline import Pipeline, PipelineConfig, extract

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "ArticleResult", "CommuniqueError", "Event", "EventDate", "InputError",
    "KnowledgeError", "Pipeline", "PipelineConfig", "Place", "RecordError", "StoreError",
    "__version__", "extract",
]
