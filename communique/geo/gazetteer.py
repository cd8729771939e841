"""Toponym -> Place: an in-memory index over GeoNames cities, ISO countries and subdivisions,
and the user's extras files, ranked by population with an optional country hint."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from communique.errors import KnowledgeError
from communique.geo import sources
from communique.geo.names import fold, qualifier_strips
from communique.geo.sources import Entry
from communique.model import Place

# Curated names beat ISO countries, which beat GeoNames cities and subdivisions.
_TIER = {"extra": 3, "country": 2, "name": 1, "alternate": 1, "admin": 1}
# An alternate name ("Peking") is weaker evidence than a place's main name.
# Weak enough that "New Delhi" (317k) is not read as Delhi (11M), which has it as an alternate.
_SOURCE_WEIGHT = {"alternate": 0.02}
# How much a place in the hinted country is favoured: enough for Hyderabad (PAK, 1.9M) to beat
# Hyderabad (IND, 7M), not enough for Paris, Texas to beat Paris, France.
HINT_WEIGHT = 50.0


class Gazetteer:
    """Looks place names up; build once with ``Gazetteer.load()`` and share it (read-only)."""

    def __init__(self, entries: Iterable[Entry], countries: dict[str, Place],
                 capitals: dict[str, Place], demonyms: dict[str, str]) -> None:
        self._index: dict[str, list[Entry]] = defaultdict(list)
        self._add(entries)
        self._countries = countries
        self._capitals = capitals
        self._demonyms = demonyms

    @classmethod
    def load(cls, extra_files: Sequence[Path] = (), *, alias_files: Sequence[Path] = (),
             demonym_files: Sequence[Path] = (), min_city_population: int = 15000) -> Gazetteer:
        """GeoNames + ISO 3166 + the packaged data files, then the user's (which win ties).

        ``extra_files`` add places (see data/places_extra.tsv), ``alias_files`` other names of
        known places (data/aliases.tsv), ``demonym_files`` demonyms (data/demonyms.tsv).
        """
        extras = _numbered_extras([*sources.DEFAULT_EXTRA_FILES, *extra_files])
        places = [*sources.city_entries(min_city_population), *sources.admin_entries(),
                  *(e for e in extras if e.place.feature != "country")]
        gazetteer = cls(places, {}, {}, {})
        # Aliases and capitals are looked up among the cities, so they come second.
        gazetteer._add(gazetteer._alias_entries([*sources.DEFAULT_ALIAS_FILES, *alias_files]))
        geonames_countries, gazetteer._capitals = gazetteer._build_countries()
        gazetteer._countries = _renamed(geonames_countries, extras)
        gazetteer._add([*_country_name_entries(geonames_countries, gazetteer._countries),
                        *_country_aliases(extras, gazetteer._countries)])
        gazetteer._demonyms = _read_demonyms([*sources.DEFAULT_DEMONYM_FILES, *demonym_files])
        return gazetteer

    def lookup(self, name: str, *, country_hint: str | None = None,
               min_population: int | None = None) -> Place | None:
        """The likeliest place called ``name`` ("northern Tianjin city" -> Tianjin, CHN).

        With ``min_population``, only names unlikely to mean something else count: countries,
        curated extras, subdivisions and the main names (not alternates) of cities at least that
        big; use it for words the NER model did not tag as places.
        """
        key = fold(name)
        for attempt, candidate_key in enumerate(qualifier_strips(key)):
            entries = self._index.get(candidate_key, [])
            if min_population is not None:
                entries = [e for e in entries if _is_notable(e, min_population)]
            if entries:
                place = self._choose(entries, country_hint)
                # A place found only after dropping words ("western Ukraine") is less exact.
                return place if attempt == 0 else scaled(place, 0.9)
        return None

    def country_place(self, iso3: str) -> Place | None:
        """The country as a place, located at its capital."""
        place = self._countries.get(iso3.upper())
        return dataclasses.replace(place) if place else None

    def capital(self, iso3: str) -> Place | None:
        """The capital city of a country (GeoNames' capital, or an extras entry of that name)."""
        place = self._capitals.get(iso3.upper())
        return dataclasses.replace(place) if place else None

    def demonym_country(self, word: str) -> str | None:
        """ISO3 of a demonym ("Chinese" -> CHN) or of a country name ("Russia's" -> RUS)."""
        key = fold(word.removesuffix("'s").removesuffix("’s"))
        if key in self._demonyms:
            return self._demonyms[key]
        countries = [e for e in self._index.get(key, ()) if e.place.feature == "country"]
        return countries[0].place.country if countries else None

    def candidates(self, name: str) -> list[Place]:
        """Every place indexed under exactly this name, best first (for inspection and tests)."""
        entries = sorted(self._index.get(fold(name), ()), key=lambda e: _rank(e, None),
                         reverse=True)
        return [dataclasses.replace(e.place) for e in entries]

    def _choose(self, entries: list[Entry], country_hint: str | None) -> Place:
        ranked = sorted(entries, key=lambda e: _rank(e, country_hint), reverse=True)
        best = ranked[0]
        rival = next((e for e in ranked[1:] if e.place != best.place), None)
        return dataclasses.replace(best.place, confidence=_confidence(best, rival, country_hint))

    def _best_in_country(self, name: str, iso3: str) -> Place | None:
        entries = [e for e in self._index.get(fold(name), ()) if e.place.country == iso3
                   and e.place.feature == "city"]
        return self._choose(entries, iso3) if entries else None

    def _add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self._index[entry.key].append(entry)

    def _alias_entries(self, paths: Sequence[Path]) -> list[Entry]:
        entries = []
        for position, path in enumerate(paths, start=1):
            for row in sources.alias_rows(path):
                place = self._best_in_country(row.name, row.country)
                if place is None:
                    raise KnowledgeError(f"{row.origin}: no city {row.name!r} in {row.country} "
                                         "to alias; add it to a places extras file first")
                place = dataclasses.replace(place, confidence=1.0)
                entries.append(Entry(fold(row.alias), place, position, "extra"))
        return entries

    def _build_countries(self) -> tuple[dict[str, Place], dict[str, Place]]:
        countries: dict[str, Place] = {}
        capitals: dict[str, Place] = {}
        for iso3, (place, capital_name) in sources.country_places().items():
            capital = self._best_in_country(capital_name, iso3) if capital_name else None
            if capital is not None:
                capitals[iso3] = capital
                place = dataclasses.replace(place, latitude=capital.latitude,
                                            longitude=capital.longitude)
            countries[iso3] = place
        return countries, capitals


def _is_notable(entry: Entry, min_population: int) -> bool:
    if entry.source == "alternate":
        return False
    return entry.source != "name" or entry.population >= min_population


def _rank(entry: Entry, country_hint: str | None) -> tuple[int, float]:
    weight = _SOURCE_WEIGHT.get(entry.source, 1.0)
    if country_hint and entry.place.country == country_hint.upper():
        weight *= HINT_WEIGHT
    return _TIER[entry.source], max(entry.population, 1) * weight


def _confidence(best: Entry, rival: Entry | None, country_hint: str | None) -> float:
    """High for curated names and clear winners; lower when a same-named rival is close."""
    if best.source in ("extra", "country"):
        return 0.95
    if rival is None or _TIER[rival.source] < _TIER[best.source]:
        closeness = 0.0
    else:
        closeness = min(1.0, _rank(rival, country_hint)[1] / _rank(best, country_hint)[1])
    confidence = 0.9 - 0.4 * closeness
    return confidence * (0.85 if best.source == "alternate" else 1.0)


def scaled(place: Place, factor: float) -> Place:
    """A copy of the place with its confidence multiplied by ``factor``."""
    return dataclasses.replace(place, confidence=place.confidence * factor)


def _numbered_extras(paths: Sequence[Path]) -> list[Entry]:
    """Extras entries whose population is their file's position, so later files win ties."""
    return [dataclasses.replace(entry, population=position)
            for position, path in enumerate(paths, start=1)
            for entry in sources.extra_entries(path)]


def _read_demonyms(paths: Sequence[Path]) -> dict[str, str]:
    return {key: iso3 for path in paths for key, iso3 in sources.demonym_pairs(path)}


def _renamed(countries: dict[str, Place], extras: list[Entry]) -> dict[str, Place]:
    """Countries under the first name of their first extras row ("Palestine", not GeoNames'
    "Palestinian Territory"), the name news reports and the annotation guidelines use."""
    renamed = dict(countries)
    for entry in reversed(extras):
        iso3 = entry.place.country or ""
        if entry.place.feature == "country" and iso3 in renamed:
            renamed[iso3] = dataclasses.replace(renamed[iso3], name=entry.place.name)
    return renamed


def _country_name_entries(geonames_countries: dict[str, Place],
                          countries: dict[str, Place]) -> list[Entry]:
    return [Entry(key, place, 0, "country") for iso3, place in countries.items()
            for key in sources.country_name_keys(iso3, geonames_countries[iso3])]


def _country_aliases(extras: list[Entry], countries: dict[str, Place]) -> list[Entry]:
    """Extras rows of feature 'country' ("Britain", "Burma") point at the ISO country."""
    aliases = []
    for entry in extras:
        if entry.place.feature != "country":
            continue
        country = countries.get(entry.place.country or "")
        if country is None:
            raise KnowledgeError(f"gazetteer extras: {entry.place.name!r} names country "
                                 f"{entry.place.country!r}, which is no ISO3 code GeoNames knows;"
                                 " use an ISO 3166 alpha-3 code or feature 'region'")
        aliases.append(Entry(entry.key, country, 0, "country"))
    return aliases
