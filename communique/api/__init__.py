"""The REST API and web pages behind ``communique serve``: read-only unless given a token."""

from communique.api.app import create_app
from communique.api.settings import ApiLimits

__all__ = ["ApiLimits", "create_app"]
