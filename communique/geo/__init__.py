"""Geocoding: place names in sentences -> ``Place`` records with ISO3 country and coordinates."""

from communique.geo.gazetteer import Gazetteer
from communique.geo.mentions import PlaceMention, find_places

__all__ = ["Gazetteer", "PlaceMention", "find_places"]
