"""Dating events: time expressions resolved against the article's publication date."""

from communique.time.cues import TimeCues
from communique.time.mentions import DateMention
from communique.time.resolve import DateResolver

__all__ = ["DateMention", "DateResolver", "TimeCues"]
