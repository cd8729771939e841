"""The language stage: the spaCy pipeline communique parses articles with."""

from communique.nlp.model import load_model

__all__ = ["load_model"]
