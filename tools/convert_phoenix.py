"""Convert the Phoenix actor dictionaries of PETRARCH-2 into communique's knowledge files.

Reads ../shared/knowledge/petrarch2 (MIT licence, Open Event Data Alliance; dictionaries from the
Computational Event Data System project) and writes communique/actors/data/phoenix/:

- people.tsv  office holders with date ranges: state officials from Phoenix.Countries.actors.txt
              (government, military, legislature, judiciary, police, party, opposition, rebels)
              and officials of the main international organisations from
              Phoenix.International.actors.txt, each office ending in 1990 or later;
- groups.tsv  non-state armed groups and militias from Phoenix.MilNonState.actors.txt;
- NOTICE      provenance and the MIT licence.

The bundled hand-made files are loaded after these and win on every shared key. Phoenix gives
no office title, so the rows have no role: they name a person's state and sector in the period,
never answer "who was president then". An open range (">090120") is open in Phoenix's own data,
which stops around 2014.

    python tools/convert_phoenix.py [PETRARCH2_DIR] [--classes people,officials,groups]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "knowledge" / "petrarch2"
TARGET = ROOT / "communique" / "actors" / "data" / "phoenix"
EARLIEST_END = dt.date(1990, 1, 1)
# Phoenix's knowledge ends here: an open range (">090120") is closed at this day, so that the
# person is not taken to hold the office today.
SOURCE_HORIZON = dt.date(2014, 12, 31)
# CAMEO sector codes kept, and the project's sector each becomes.
SECTORS = {"GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "COP": "COP", "PTY": "PTY",
           "OPP": "OPP", "REB": "REB", "SPY": "GOV", "UAF": "MIL", "INS": "REB"}
# CAMEO country codes that differ from ISO 3166-1 alpha-3.
COUNTRY_CODES = {"ROM": "ROU", "ZAR": "COD", "KSV": "XKX", "SRB": "SRB", "TMP": "TLS",
                 "PSE": "PSE", "TWN": "TWN"}
# Phoenix organisation codes -> the project's organisation codes (organisations.tsv).
ORGANISATIONS = {
    "IGOUNO": "UN", "IGOEUREEC": "EU", "IGOWSTNAT": "NATO", "IGOAFRAFU": "AU", "IGOAFROAU": "AU",
    "IGOBUSIMF": "IMF", "IGOUNODEVWBK": "WB", "IGOUNOWBK": "WB", "IGOUNOIAE": "IAEA",
    "IGOUNOREFHCR": "UNHCR", "IGOUNOHLHWHO": "WHO", "IGOUNOWFP": "WFP", "IGOUNOKID": "UNICEF",
    "IGOSEAASN": "ASEAN", "IGOOAS": "OAS", "IGOMEAARL": "ARABLEAGUE", "IGOJUDICC": "ICC",
    "IGOWAFWAS": "ECOWAS", "IGOBUSWTO": "WTO", "IGOBUSOPC": "OPEC", "IGOCOPITP": "INTERPOL",
    "IGOUNOJUDICJ": "ICJ", "IGOSAFDEVSAD": "SADC", "IGOEAFEAC": "EAC", "IGOUNOLABILO": "ILO",
    "IGOASADEVADB": "ADB", "IGOEURDEVEBR": "EBRD", "IGOMOSOIC": "OIC", "IGOCWN": "COMMONWEALTH",
    "IGOUNOHRIHCH": "OHCHR", "IGOUNODEV": "UNDP", "IGOMEAGCC": "GCC", "IGOUNOENV": "UNEP",
}
_CODE = re.compile(r"\[([A-Z]{3,15})(?:\s+([<>]?\d{6,8}(?:-\d{6,8})?))?\s*\]")


@dataclass
class Entry:
    """One dictionary entry: its primary phrase, its + synonyms and its [CODE dates] lines."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)


def phrase(raw: str) -> str:
    """A TABARI phrase ("BARACK_HUSSEIN_OBAMA_") as words ("Barack Hussein Obama")."""
    raw = re.sub(r"\(.*?\)", " ", raw)
    words = [w for w in raw.replace("_", " ").split() if w]
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


def read_entries(path: Path) -> Iterator[Entry]:
    entry: Entry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        head = body.lstrip()
        if body[0] not in " \t+[":
            if entry is not None:
                yield entry
            entry = Entry(phrase(re.split(r"[\[\t]", head, maxsplit=1)[0]))
        elif head.startswith("+") and entry is not None:
            entry.aliases.append(phrase(re.split(r"[\[\t]", head[1:], maxsplit=1)[0]))
        if entry is not None:
            entry.codes.extend((code, dates or "") for code, dates in _CODE.findall(body))
    if entry is not None:
        yield entry


def day(text: str, last: bool) -> dt.date | None:
    """A Phoenix date: YYMMDD (YY up to 20 is 20YY) or YYYYMMDD; None when malformed."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 20 else 1900 + year}{text[2:]}"
    if len(text) != 8:
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return dt.date(int(text[:4]), 12 if last else 1, 31 if last else 1) \
            if text[:4].isdigit() else None


def date_range(dates: str) -> tuple[dt.date | None, dt.date | None] | None:
    """(start, end) of a range; None for no dates or a malformed one."""
    if dates.startswith(">"):
        start = day(dates[1:], last=False)
        return (start, None) if start else None
    if dates.startswith("<"):
        end = day(dates[1:], last=True)
        return (None, end) if end else None
    if "-" in dates:
        first, _, second = dates.partition("-")
        start, end = day(first, last=False), day(second, last=True)
        return (start, end) if start and end and start <= end else None
    return None


def known_countries() -> set[str]:
    path = ROOT / "communique" / "actors" / "data" / "countries.tsv"
    rows = [line.split("\t")[0] for line in path.read_text().splitlines()]
    return {code for code in rows if re.fullmatch(r"[A-Z]{3}", code)}


def country_of(code: str, countries: set[str]) -> str | None:
    iso3 = COUNTRY_CODES.get(code[:3], code[:3])
    return iso3 if iso3 in countries else None


def bundled_names() -> set[str]:
    """Every name and alias of the hand-made people.tsv, and every family name in it (as
    "surname:NAME"): those people are left to it, and a Phoenix namesake would make a bare
    "Bush" or "Song" ambiguous where the hand-made list resolves it."""
    path = ROOT / "communique" / "actors" / "data" / "people.tsv"
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines()[2:]:
        cells = line.split("\t")
        full = [fold(n) for n in [cells[0], *cells[1].split("|")] if n]
        names.update(full)
        names.update(f"surname:{n.split()[-1]}" for n in full if n)
        if cells[2] in ("CHN", "TWN", "PRK", "KOR"):
            names.update(f"surname:{n.split()[0]}" for n in full if n)
    return names


def fold(name: str) -> str:
    """Lower case without accents or punctuation: "Gül" and "GUL" are one name."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())


def full_names(entry: Entry) -> list[str]:
    """The names of several words; bare surnames and one-word names are left out."""
    names = [entry.name, *entry.aliases]
    return list(dict.fromkeys(n for n in names if len(n.split()) > 1))


def person_rows(entry: Entry, countries: set[str], officials: bool,
                known: set[str]) -> Iterator[list[str]]:
    names = full_names(entry)
    if not names or names[0] != entry.name or any(fold(n) in known for n in names):
        return
    family_first = any(code[:3] in ("CHN", "TWN", "PRK", "KOR") for code, _ in entry.codes)
    for words in (fold(n).split() for n in names):
        if words and f"surname:{words[0] if family_first else words[-1]}" in known:
            return
    for code, dates in entry.codes:
        span = date_range(dates)
        if span is None or (span[1] is not None and span[1] < EARLIEST_END):
            continue
        if officials:
            org = next((ORGANISATIONS[c] for c in (code, code[:9], code[:6])
                        if c in ORGANISATIONS), None)
            country, sector = None, "IGO"
            if org is None:
                continue
        else:
            org, country, sector = None, country_of(code, countries), SECTORS.get(code[3:6])
            if country is None or sector is None:
                continue
        start, end = (str(d) if d else "" for d in (span[0], span[1] or SOURCE_HORIZON))
        if start and start > end:
            continue
        yield [entry.name, "|".join(names[1:]), country or "", org or "", "", sector, start, end]


def group_rows(entry: Entry, countries: set[str]) -> Iterator[list[str]]:
    names = [n for n in (entry.name, *entry.aliases) if n]
    if not names or not entry.codes:
        return
    code = entry.codes[0][0]
    country = country_of(code, countries)
    sector = SECTORS.get(code[3:6], "REB") if country else "REB"
    yield [entry.name, "|".join(dict.fromkeys(names[1:])), country or "", "", sector]


HEADERS = {
    "people.tsv": ["name", "aliases", "country", "org", "role", "sector", "start", "end"],
    "groups.tsv": ["name", "aliases", "country", "org", "sector"],
}
COMMENTS = {
    "people.tsv": "# Converted by tools/convert_phoenix.py from the Phoenix actor dictionaries of "
                  "PETRARCH-2 (MIT, see NOTICE). No role: Phoenix gives none. Columns as in "
                  "../people.tsv.",
    "groups.tsv": "# Converted by tools/convert_phoenix.py from Phoenix.MilNonState.actors.txt of "
                  "PETRARCH-2 (MIT, see NOTICE). Columns as in ../groups.tsv.",
}


def write(name: str, rows: list[list[str]]) -> None:
    unique = list(dict.fromkeys(tuple(r) for r in rows))
    with (TARGET / name).open("w", encoding="utf-8", newline="") as out:
        out.write(COMMENTS[name] + "\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADERS[name])
        writer.writerows(unique)
    print(f"{name}: {len(unique)} rows")


def write_notice(source: Path) -> None:
    licence = (source / "LICENSE").read_text(encoding="utf-8")
    (TARGET / "NOTICE").write_text(
        "The files in this folder are converted by tools/convert_phoenix.py from the Phoenix\n"
        "actor dictionaries distributed with PETRARCH-2 (https://github.com/openeventdata/petrarch2,\n"
        "petrarch2/data/dictionaries), built by the Computational Event Data System project\n"
        "(http://eventdata.parusanalytics.com) and the Open Event Data Alliance, under this\n"
        "licence:\n\n" + licence, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--classes", default="people,officials,groups")
    args = parser.parse_args()
    classes = set(args.classes.split(","))
    countries, known = known_countries(), bundled_names()
    TARGET.mkdir(parents=True, exist_ok=True)
    people: list[list[str]] = []
    if "people" in classes:
        for entry in read_entries(args.source / "Phoenix.Countries.actors.txt"):
            people.extend(person_rows(entry, countries, False, known))
    if "officials" in classes:
        for entry in read_entries(args.source / "Phoenix.International.actors.txt"):
            people.extend(person_rows(entry, countries, True, known))
    groups: list[list[str]] = []
    if "groups" in classes:
        for entry in read_entries(args.source / "Phoenix.MilNonState.actors.txt"):
            groups.extend(group_rows(entry, countries))
    for name, rows in (("people.tsv", people), ("groups.tsv", groups)):
        if rows:
            write(name, rows)
        else:
            (TARGET / name).unlink(missing_ok=True)
    write_notice(args.source)


if __name__ == "__main__":
    main()
