"""The actor knowledge base: countries, organisations, groups, people and role words.

Everything lives in tab-separated files under ``communique/actors/data/`` that users can read and
extend: ``KnowledgeBase.load(extra_dirs=[folder])`` reads the bundled files first, then files of the
same names in each folder; a user row with the same key (iso3, org code, group name, or person
name + role + start, role phrase) replaces the bundled one, any other row is added.

Look-ups are insensitive to case, diacritics, dots, hyphens and a leading "the" ("U.S." == "US",
"the Kremlin" == "Kremlin"), except for all-capital aliases of up to three letters ("US", "WHO",
"IS", "PM"), which only match text written in capitals so that the words "us" or "who" never
resolve to an actor.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

import pycountry

from communique.errors import KnowledgeError
from communique.nlp.words import WordClasses, bundled_words

DATA_DIR = Path(__file__).parent / "data"
# Converted field dictionaries (tools/convert_phoenix.py): loaded first, so the hand-made files win.
CONVERTED_DIRS = (DATA_DIR / "phoenix",)
SECTORS = frozenset({
    "GOV", "MIL", "LEG", "JUD", "COP", "PTY", "OPP", "REB", "CVL", "BUS", "MED", "IGO", "NGO",
    "REL",
})
EXTRA_COUNTRY_CODES = frozenset({"XKX", "PSE", "TWN"})
# Names from these states are written family name first ("Xi Jinping", "Kim Jong Un").
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "PRK", "KOR"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "vi", "xiv", "xvi"})
FILES = {
    "countries": ("countries.tsv", ("iso3", "name", "aliases", "demonyms", "capitals")),
    "organisations": ("organisations.tsv", ("code", "name", "aliases", "sector")),
    "groups": ("groups.tsv", ("name", "aliases", "country", "org", "sector")),
    "people": (
        "people.tsv",
        ("name", "aliases", "country", "org", "role", "sector", "start", "end"),
    ),
    "roles": ("roles.tsv", ("phrases", "role", "sector", "person")),
    "leaders": ("leaders.tsv", ("iso3", "role")),
    "vessels": ("vessel_prefixes.tsv", ("prefix", "iso3")),
}
DEFAULT_LEADER_ROLES = (
    "supreme leader", "president", "prime minister", "monarch", "emir", "sultan",
)

_DOTS = re.compile(r"(?<=\w)\.(?=\w|$)|\.(?=\w)")
_POSSESSIVE = re.compile(r"['’]s$")
_NON_WORD = re.compile(r"[^\w+]+")
_SHORT_ACRONYM = re.compile(r"[A-Z]{1,3}")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

T = TypeVar("T")


# ---------------------------------------------------------------- entries


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrgEntry:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    sector: str = "IGO"


@dataclass(frozen=True)
class GroupEntry:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    org: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class PersonEntry:
    """One office held by one person; a person with three offices has three entries."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    org: str | None = None
    role: str | None = None
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None  # None: still in office

    def held_on(self, day: dt.date) -> bool:
        """True when the office was held on ``day`` (both ends inclusive, open ends unbounded)."""
        after_start = self.start is None or self.start <= day
        return after_start and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class RoleEntry:
    phrase: str
    role: str
    sector: str
    is_person: bool


# ---------------------------------------------------------------- normalisation


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str, fold: bool = True) -> str:
    """The look-up key of a name: no diacritics, dots, possessive, punctuation or leading "the"."""
    text = strip_diacritics(text).strip().replace("&", " and ")
    text = _POSSESSIVE.sub("", text)
    text = _DOTS.sub("", text).replace("'", "").replace("’", "")
    words = _NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    key = " ".join(words)
    return key.casefold() if fold else key


def is_short_acronym(alias: str) -> bool:
    """"US", "U.S.", "WHO": matched only when the text is in capitals too."""
    return bool(_SHORT_ACRONYM.fullmatch(normalise(alias, fold=False).replace(" ", "")))


def plural_variants(key: str) -> list[str]:
    """Other number of a key's last word ("rebel" <-> "rebels", "party" <-> "parties")."""
    head, _, last = key.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms: list[str] = []
    if last.endswith("ies") and len(last) > 4:
        forms.append(last[:-3] + "y")
    elif last.endswith(("ses", "xes", "ches", "shes")):
        forms.append(last[:-2])
    elif last.endswith("s") and not last.endswith("ss"):
        forms.append(last[:-1])
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.append(last[:-1] + "ies")
    elif last.endswith(("s", "x", "ch", "sh")):
        forms.append(last + "es")
    else:
        forms.append(last + "s")
    return [prefix + form for form in forms if form]


# ---------------------------------------------------------------- index


@dataclass
class NameIndex(Generic[T]):
    """Normalised name -> entry. Higher ranks (later sources) win; within a rank, first wins."""

    loose: dict[str, tuple[int, T]] = field(default_factory=dict)
    strict: dict[str, tuple[int, T]] = field(default_factory=dict)

    def add(self, name: str, entry: T, rank: int, variants: bool = False) -> None:
        if not name.strip():
            return
        if is_short_acronym(name):
            keys, table = [normalise(name, fold=False).replace(" ", "")], self.strict
        else:
            key = normalise(name)
            keys, table = [key, *(plural_variants(key) if variants else [])], self.loose
        for key in keys:
            held = table.get(key)
            if held is None or rank > held[0]:
                table[key] = (rank, entry)

    def get(self, text: str) -> T | None:
        exact = normalise(text, fold=False)
        held = self.strict.get(exact.replace(" ", "")) or self.loose.get(exact.casefold())
        return held[1] if held else None


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Row:
    """One data line with where it came from, for error messages."""

    path: Path
    line: int
    values: dict[str, str]
    rank: int

    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def fail(self, problem: str, fix: str) -> KnowledgeError:
        return KnowledgeError(f"{self.where()}: {problem}; {fix}")


def read_rows(path: Path, columns: tuple[str, ...], rank: int) -> Iterator[Row]:
    """Rows of a TSV file after its '#' comments and its header, which must name ``columns``."""
    header_seen = False
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if not header_seen:
                check_header(path, number, cells, columns)
                header_seen = True
                continue
            if len(cells) != len(columns):
                raise KnowledgeError(
                    f"{path}:{number}: expected {len(columns)} tab-separated columns "
                    f"({', '.join(columns)}), found {len(cells)}; separate columns with one tab "
                    "and leave empty columns empty"
                )
            yield Row(path, number, dict(zip(columns, cells, strict=True)), rank)


def check_header(path: Path, number: int, cells: list[str], columns: tuple[str, ...]) -> None:
    if tuple(cell.lower() for cell in cells) != columns:
        raise KnowledgeError(
            f"{path}:{number}: header is {cells!r}; the first non-comment line must be the "
            f"tab-separated header {' '.join(columns)}"
        )


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def parse_date(row: Row, column: str, last_day: bool) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date stands for its first (or last) day."""
    value = row.values[column]
    if not value:
        return None
    match = _DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        year = int(match.group(1))
        month = int(match.group(2) or (12 if last_day else 1))
        day_text = match.group(3)
        month_end = calendar.monthrange(year, month)[1]
        day = int(day_text) if day_text else (month_end if last_day else 1)
        return dt.date(year, month, day)
    except ValueError:
        fix = "write YYYY-MM-DD, YYYY-MM or YYYY"
        raise row.fail(f"{column} {value!r} is not a date", fix) from None


def parse_sector(row: Row, required: bool = True) -> str | None:
    sector = row.values["sector"].upper()
    if not sector and not required:
        return None
    if sector not in SECTORS:
        raise row.fail(f"sector {sector!r} is unknown", f"use one of {' '.join(sorted(SECTORS))}")
    return sector


def require(row: Row, column: str) -> str:
    value = row.values[column]
    if not value:
        raise row.fail(f"column {column} is empty", f"give the {column}")
    return value


def known_iso3(code: str) -> bool:
    return code in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_3=code) is not None


def parse_country_row(row: Row) -> CountryEntry:
    iso3 = require(row, "iso3")
    if not known_iso3(iso3):
        fix = "use ISO 3166-1 alpha-3 codes such as USA, CHN, or XKX/PSE/TWN"
        raise row.fail(f"{iso3!r} is not an ISO 3166-1 alpha-3 code", fix)
    values = row.values
    return CountryEntry(
        iso3, require(row, "name"), split_list(values["aliases"]),
        split_list(values["demonyms"]), split_list(values["capitals"]),
    )


def parse_org_row(row: Row) -> OrgEntry:
    code = require(row, "code")
    if code != code.upper():
        raise row.fail(f"code {code!r} is not upper-case", f"write it as {code.upper()}")
    sector = parse_sector(row) or "IGO"
    return OrgEntry(code, require(row, "name"), split_list(row.values["aliases"]), sector)


def parse_group_row(row: Row) -> GroupEntry:
    values = row.values
    return GroupEntry(
        require(row, "name"), split_list(values["aliases"]), values["country"] or None,
        values["org"] or None, parse_sector(row, required=False),
    )


def parse_person_row(row: Row) -> PersonEntry:
    values = row.values
    role = values["role"]
    if role != role.lower():
        raise row.fail(f"role {role!r} is not lower-case", f"write it as {role.lower()!r}")
    start = parse_date(row, "start", last_day=False)
    end = parse_date(row, "end", last_day=True)
    if start and end and start > end:
        raise row.fail(f"start {start} is after end {end}", "swap or correct the dates")
    return PersonEntry(
        require(row, "name"), split_list(values["aliases"]), values["country"] or None,
        values["org"] or None, role or None, parse_sector(row, required=False), start, end,
    )


def parse_role_row(row: Row) -> list[RoleEntry]:
    flag = row.values["person"].lower()
    if flag not in ("yes", "no"):
        raise row.fail(f"person column is {flag!r}", "write yes or no")
    role, sector = require(row, "role"), parse_sector(row) or ""
    phrases = split_list(require(row, "phrases"))
    return [RoleEntry(phrase, role, sector, flag == "yes") for phrase in phrases]


def check_country(row: Row, entry: GroupEntry | PersonEntry, codes: Iterable[str]) -> None:
    if entry.country and entry.country not in codes:
        raise row.fail(
            f"country {entry.country!r} is not in countries.tsv", "use an ISO3 code listed there"
        )


# ---------------------------------------------------------------- knowledge base


@dataclass(frozen=True)
class Sources:
    """The rows of every file, bundled folder first, by their key: later rows replace earlier."""

    countries: dict[str, tuple[int, CountryEntry]]
    organisations: dict[str, tuple[int, OrgEntry]]
    groups: dict[str, tuple[int, GroupEntry]]
    people: dict[tuple[str, str, str], tuple[int, PersonEntry]]
    roles: dict[str, tuple[int, RoleEntry]]
    leaders: dict[str, str]
    vessels: dict[str, str]


def collect(folders: Sequence[Path]) -> Sources:
    sources = Sources({}, {}, {}, {}, {}, {}, {})
    for kind, (file_name, columns) in FILES.items():  # every folder's countries come first
        for rank, folder in enumerate(folders):
            path = folder / file_name
            if path.is_file():
                add_rows(sources, kind, read_rows(path, columns, rank))
    return sources


def add_rows(sources: Sources, kind: str, rows: Iterable[Row]) -> None:
    adders: dict[str, Callable[[Sources, Row], None]] = {
        "countries": add_country, "organisations": add_organisation, "groups": add_group,
        "people": add_person, "leaders": add_leader, "roles": add_roles,
        "vessels": add_vessel,
    }
    for row in rows:
        adders[kind](sources, row)


def add_country(sources: Sources, row: Row) -> None:
    country = parse_country_row(row)
    sources.countries[country.iso3] = (row.rank, country)


def add_organisation(sources: Sources, row: Row) -> None:
    org = parse_org_row(row)
    sources.organisations[org.code] = (row.rank, org)


def add_group(sources: Sources, row: Row) -> None:
    group = parse_group_row(row)
    check_country(row, group, sources.countries)
    sources.groups[normalise(group.name)] = (row.rank, group)


def add_person(sources: Sources, row: Row) -> None:
    person = parse_person_row(row)
    check_country(row, person, sources.countries)
    key = (normalise(person.name), person.role or "", str(person.start))
    sources.people[key] = (row.rank, person)


def add_leader(sources: Sources, row: Row) -> None:
    code = require(row, "iso3")
    if code not in sources.countries:
        raise row.fail(f"{code!r} is not in countries.tsv", "use an ISO3 code listed there")
    sources.leaders[code] = require(row, "role").lower()


def add_vessel(sources: Sources, row: Row) -> None:
    code = require(row, "iso3")
    if code not in sources.countries:
        raise row.fail(f"{code!r} is not in countries.tsv", "use an ISO3 code listed there")
    sources.vessels[require(row, "prefix")] = code


def add_roles(sources: Sources, row: Row) -> None:
    for role in parse_role_row(row):
        sources.roles[normalise(role.phrase)] = (row.rank, role)


def build_index(
    entries: Iterable[tuple[int, T]], names: Callable[[T], Iterable[str]], variants: bool = False
) -> NameIndex[T]:
    index: NameIndex[T] = NameIndex()
    for rank, entry in entries:
        for name in names(entry):
            index.add(name, entry, rank, variants)
    return index


def surname_keys(person: PersonEntry, family_first: bool) -> set[str]:
    """The family-name keys a person is found under ("assad" for "Bashar al-Assad")."""
    name_key = family_name(normalise(person.name).split(), family_first)
    keys = {name_key}
    for alias in person.aliases:
        words = normalise(alias).split()
        if len(words) > 1 and name_key not in words:
            keys.add(family_name(words, family_first))
    return {key for key in keys if key}


def family_name(words: list[str], family_first: bool) -> str:
    if family_first:
        return words[0] if words else ""
    meaningful = [word for word in words if word not in NAME_SUFFIXES]
    return meaningful[-1] if meaningful else ""


def latest(people: Iterable[PersonEntry]) -> PersonEntry | None:
    return max(people, key=lambda p: p.start or dt.date.min, default=None)


@dataclass(frozen=True)
class KnowledgeBase:
    """Look-ups over the actor knowledge files; build with ``KnowledgeBase.load()``."""

    countries: dict[str, CountryEntry]
    organisations: dict[str, OrgEntry]
    groups: tuple[GroupEntry, ...]
    people: tuple[PersonEntry, ...]
    roles: tuple[RoleEntry, ...]
    leader_roles: dict[str, str]  # iso3 -> the office its "leader" holds, when not the default
    vessel_prefixes: dict[str, str]  # a navy's ship prefix ("USS", case kept) -> its iso3
    _country_names: NameIndex[CountryEntry]
    _demonyms: NameIndex[CountryEntry]
    _capitals: NameIndex[CountryEntry]
    _org_names: NameIndex[OrgEntry]
    _group_names: NameIndex[GroupEntry]
    _person_names: dict[str, tuple[PersonEntry, ...]]
    _surnames: dict[str, tuple[str, ...]]
    _role_phrases: NameIndex[RoleEntry]
    words: WordClasses = field(default_factory=bundled_words)  # word_classes.tsv

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> KnowledgeBase:
        """The bundled data, extended and overridden by same-named files in ``extra_dirs``."""
        for folder in extra_dirs:
            if not Path(folder).is_dir():
                raise KnowledgeError(f"{folder}: not a folder; give a folder holding *.tsv files")
        folders = [Path(f) for f in extra_dirs]
        return replace(cls.from_sources(collect([*CONVERTED_DIRS, DATA_DIR, *folders])),
                       words=WordClasses.load(folders))

    @classmethod
    def from_sources(cls, sources: Sources) -> KnowledgeBase:
        countries = list(sources.countries.values())
        people = [entry for _, entry in sources.people.values()]
        return cls(
            countries={c.iso3: c for _, c in countries},
            organisations={o.code: o for _, o in sources.organisations.values()},
            groups=tuple(g for _, g in sources.groups.values()),
            people=tuple(people),
            roles=tuple(r for _, r in sources.roles.values()),
            leader_roles=dict(sources.leaders),
            vessel_prefixes=dict(sources.vessels),
            _country_names=build_index(countries, lambda c: (c.name, *c.aliases)),
            _demonyms=build_index(countries, lambda c: c.demonyms, variants=True),
            _capitals=build_index(countries, lambda c: c.capitals),
            _org_names=build_index(
                sources.organisations.values(), lambda o: (o.code, o.name, *o.aliases)
            ),
            _group_names=build_index(sources.groups.values(), lambda g: (g.name, *g.aliases)),
            _person_names=index_people(sources.people.values()),
            _surnames=index_surnames(people),
            _role_phrases=build_index(sources.roles.values(), lambda r: (r.phrase,), variants=True),
        )

    # ------------------------------------------------------------ countries

    def country(self, text: str) -> CountryEntry | None:
        """A country by name, alias, demonym or capital ("U.S.", "North Korean", "Beijing")."""
        named = self._country_names.get(text)
        return named or self.demonym_country(text) or self.capital_country(text)

    def country_by_code(self, iso3: str) -> CountryEntry | None:
        return self.countries.get(iso3.strip().upper())

    def capital_country(self, text: str) -> CountryEntry | None:
        """Only capitals and seats of government ("Beijing", "the Kremlin")."""
        return self._capitals.get(text)

    def demonym_country(self, text: str) -> CountryEntry | None:
        """Only demonyms and adjectives ("North Korean", "Israelis")."""
        return self._demonyms.get(text)

    # ------------------------------------------------------------ organisations and groups

    def organisation(self, text: str) -> OrgEntry | None:
        """An organisation by code, name or alias ("UN", "U.N.", "the UN Security Council")."""
        return self._org_names.get(text)

    def group(self, text: str) -> GroupEntry | None:
        return self._group_names.get(text)

    # ------------------------------------------------------------ people

    def person(self, name: str, on: dt.date | None = None) -> PersonEntry | None:
        """The office of the named person held on ``on``, else the latest begun by then, else the
        latest of all."""
        offices = self._person_names.get(normalise(name), ())
        if not offices:
            return None
        if on is None:
            return latest(offices)
        return (
            latest(p for p in offices if p.held_on(on))
            or latest(p for p in offices if p.start is None or p.start <= on)
            or latest(offices)
        )

    def people_with_surname(self, surname: str) -> list[PersonEntry]:
        """Every office of everyone known under that family name, by name then start date;
        filter with ``held_on`` to find who was in office on a day."""
        words = normalise(surname).split()
        names = sorted(self._surnames.get(words[-1], ())) if words else []
        offices = (office for name in names for office in self._person_names[normalise(name)])
        return sorted(set(offices), key=lambda p: (p.name, p.start or dt.date.min))

    def office_holder(
        self, country: str | None, role: str, on: dt.date | None, org: str | None = None
    ) -> PersonEntry | None:
        """Who held ``role`` for the country (ISO3 or name) or org on ``on`` (None: today)."""
        iso3 = self.country_code(country)
        if country and iso3 is None:
            return None
        day = on or dt.date.today()
        for candidate in self.role_names(role, iso3):
            holder = latest(
                p for p in self.people
                if p.role == candidate and p.held_on(day) and (p.country, p.org) == (iso3, org)
            )
            if holder is not None:
                return holder
        return None

    def country_code(self, country: str | None) -> str | None:
        if not country:
            return None
        entry = self.country_by_code(country) or self.country(country)
        return entry.iso3 if entry else None

    def role_names(self, role: str, iso3: str | None = None) -> list[str]:
        """The offices to try, in order: the role as written, its canonical form ("secretary of
        state" -> foreign minister), and for "leader" the state's leading offices."""
        entry = self._role_phrases.get(role)
        names = [role.strip().lower(), *((entry.role,) if entry else ())]
        if "leader" in names:
            listed = self.leader_roles.get(iso3 or "")
            names += [*((listed,) if listed else ()), *DEFAULT_LEADER_ROLES]
        return list(dict.fromkeys(names))

    # ------------------------------------------------------------ roles

    def role(self, text: str) -> RoleEntry | None:
        """The longest role phrase inside ``text``; of equal lengths, the rightmost (the head)."""
        words = normalise(text, fold=False).split()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size, -1, -1):
                entry = self._role_phrases.get(" ".join(words[start : start + size]))
                if entry:
                    return entry
        return None


def index_people(
    ranked: Iterable[tuple[int, PersonEntry]],
) -> dict[str, tuple[PersonEntry, ...]]:
    """Name or alias -> every office of that person, from every source."""
    offices: dict[str, list[PersonEntry]] = {}
    for _, person in ranked:
        for name in {normalise(n) for n in (person.name, *person.aliases)}:
            offices.setdefault(name, []).append(person)
    return {name: tuple(found) for name, found in offices.items()}


def index_surnames(people: Sequence[PersonEntry]) -> dict[str, tuple[str, ...]]:
    """Family name -> full names; a name is family-first if any of its offices is East Asian, so
    that Ban Ki-moon at the UN stays "Ban"."""
    family_first = {p.name for p in people if p.country in FAMILY_NAME_FIRST}
    found: dict[str, list[str]] = {}
    for person in people:
        for key in surname_keys(person, person.name in family_first):
            names = found.setdefault(key, [])
            if person.name not in names:
                names.append(person.name)
    return {key: tuple(names) for key, names in found.items()}
