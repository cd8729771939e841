"""Dating events: time expressions resolved against the article's publication date.

``find_date_mentions(resolver, sentence, published)`` finds and resolves a sentence's time
expressions; ``DateResolver`` turns one expression into a calendar value.
"""

from communique.time.cues import TimeCues
from communique.time.mentions import DateMention
from communique.time.mentions import find_mentions as find_date_mentions
from communique.time.resolve import DateResolver

__all__ = ["DateMention", "DateResolver", "TimeCues", "find_date_mentions"]
