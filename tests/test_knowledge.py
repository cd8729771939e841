"""The actor knowledge base: its look-ups, user extensions, and the shape of every data row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pycountry
import pytest

from communique.actors.knowledge import DATA_DIR, FILES, SECTORS, KnowledgeBase
from communique.errors import KnowledgeError


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def iso3(entry: object) -> str | None:
    return getattr(entry, "iso3", None)


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize("text", ["U.S.", "US", "United States", "the United States", "USA",
                                  "United States of America", "American", "Americans"])
def test_united_states_spellings(kb: KnowledgeBase, text: str) -> None:
    assert iso3(kb.country(text)) == "USA"


def test_lowercase_pronoun_us_is_not_a_country(kb: KnowledgeBase) -> None:
    assert kb.country("us") is None


@pytest.mark.parametrize(("text", "code"), [
    ("North Korean", "PRK"), ("South Korean", "KOR"), ("north korean", "PRK"),
    ("Israelis", "ISR"), ("Emirati", "ARE"), ("British", "GBR"), ("Palestinian", "PSE"),
    ("Kosovar", "XKX"), ("Taiwanese", "TWN"), ("Chinese", "CHN"),
])
def test_demonyms(kb: KnowledgeBase, text: str, code: str) -> None:
    assert iso3(kb.demonym_country(text)) == code
    assert iso3(kb.country(text)) == code


@pytest.mark.parametrize(("text", "code"), [
    ("Pyongyang", "PRK"), ("Seoul", "KOR"), ("Beijing", "CHN"), ("the Kremlin", "RUS"),
    ("Moscow", "RUS"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("the White House", "USA"),
    ("Downing Street", "GBR"), ("the Elysee", "FRA"), ("Élysée", "FRA"), ("Tehran", "IRN"),
    ("the State Department", "USA"),
])
def test_capitals_and_seats(kb: KnowledgeBase, text: str, code: str) -> None:
    assert iso3(kb.capital_country(text)) == code


def test_capital_and_demonym_lookups_stay_in_their_lane(kb: KnowledgeBase) -> None:
    assert kb.capital_country("North Korean") is None
    assert kb.demonym_country("Pyongyang") is None
    assert kb.capital_country("Russia") is None


@pytest.mark.parametrize(("text", "code"), [
    ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"),
    ("Burma", "MMR"), ("DRC", "COD"), ("Republic of Congo", "COG"), ("UAE", "ARE"),
    ("Russia's", "RUS"), ("the Netherlands", "NLD"), ("Kosovo", "XKX"),
])
def test_country_aliases_diacritics_and_possessives(
    kb: KnowledgeBase, text: str, code: str
) -> None:
    assert iso3(kb.country(text)) == code


def test_country_by_code(kb: KnowledgeBase) -> None:
    entry = kb.country_by_code("prk")
    assert entry is not None and entry.name == "North Korea"
    assert kb.country_by_code("XXX") is None


def test_every_iso_country_is_listed(kb: KnowledgeBase) -> None:
    missing = {c.alpha_3 for c in pycountry.countries} - set(kb.countries)
    assert not missing
    assert {"XKX", "PSE", "TWN"} <= set(kb.countries)


# ---------------------------------------------------------------- organisations and groups


@pytest.mark.parametrize(("text", "code"), [
    ("UN", "UN"), ("U.N.", "UN"), ("United Nations", "UN"), ("the UN Security Council", "UNSC"),
    ("NATO", "NATO"), ("Nato", "NATO"), ("Shanghai Cooperation Organization", "SCO"),
    ("Shanghai Cooperation Organisation", "SCO"), ("World Bank", "WB"), ("WHO", "WHO"),
    ("Doctors Without Borders", "MSF"), ("the Red Cross", "ICRC"), ("OPEC+", "OPECPLUS"),
    ("International Atomic Energy Agency", "IAEA"), ("Arab League", "ARABLEAGUE"),
    ("International Labor Office", "ILO"), ("U.N. war crimes court", "ICTY"),
])
def test_organisations(kb: KnowledgeBase, text: str, code: str) -> None:
    org = kb.organisation(text)
    assert org is not None and org.code == code


def test_organisation_sectors_and_pronoun_who(kb: KnowledgeBase) -> None:
    amnesty, un = kb.organisation("Amnesty International"), kb.organisation("UN")
    assert amnesty is not None and amnesty.sector == "NGO"
    assert un is not None and un.sector == "IGO"
    assert kb.organisation("who") is None


@pytest.mark.parametrize(("text", "country", "org", "sector"), [
    ("Ansar Allah", "YEM", None, "REB"), ("Houthis", "YEM", None, "REB"),
    ("Hamas", "PSE", None, "REB"), ("Daesh", None, "ISIL", "REB"), ("ISIS", None, "ISIL", "REB"),
    ("Palestinian Authority", "PSE", None, "GOV"), ("Tatmadaw", "MMR", None, "MIL"),
    ("Republicans", "USA", None, "PTY"), ("Communist Party of China", "CHN", None, "PTY"),
    ("Rapid Support Forces", "SDN", None, "REB"),
])
def test_groups(
    kb: KnowledgeBase, text: str, country: str | None, org: str | None, sector: str
) -> None:
    group = kb.group(text)
    assert group is not None
    assert (group.country, group.org, group.sector) == (country, org, sector)


# ---------------------------------------------------------------- people


def test_person_aliases(kb: KnowledgeBase) -> None:
    for spelling in ("Sergey Lavrov", "Sergei Lavrov", "sergei lavrov"):
        person = kb.person(spelling)
        assert person is not None and person.name == "Sergey Lavrov"
        assert (person.country, person.role) == ("RUS", "foreign minister")
    zelensky = kb.person("Volodymyr Zelenskyy")
    assert zelensky is not None and zelensky.name == "Volodymyr Zelensky"


def test_person_office_depends_on_the_date(kb: KnowledgeBase) -> None:
    as_pm = kb.person("Vladimir Putin", dt.date(2010, 6, 1))
    as_president = kb.person("Vladimir Putin", dt.date(2025, 6, 1))
    assert as_pm is not None and as_pm.role == "prime minister"
    assert as_president is not None and as_president.role == "president"
    latest = kb.person("Vladimir Putin")
    assert latest is not None and latest.end is None


def test_a_state_office_then_an_organisation_office(kb: KnowledgeBase) -> None:
    as_president = kb.person("Olusegun Obasanjo", dt.date(2005, 1, 1))
    as_envoy = kb.person("Olusegun Obasanjo", dt.date(2022, 11, 4))
    assert as_president is not None and (as_president.country, as_president.org) == ("NGA", None)
    assert as_envoy is not None and (as_envoy.country, as_envoy.org) == (None, "AU")


def test_person_between_offices_gets_the_last_one_begun(kb: KnowledgeBase) -> None:
    # Trump was out of office between January 2021 and January 2025.
    person = kb.person("Donald Trump", dt.date(2023, 1, 1))
    assert person is not None and person.end == dt.date(2021, 1, 20)


def test_held_on_bounds(kb: KnowledgeBase) -> None:
    kerry = kb.person("John Kerry")
    assert kerry is not None
    assert kerry.held_on(dt.date(2015, 1, 1))
    assert not kerry.held_on(dt.date(2012, 1, 1))
    assert not kerry.held_on(dt.date(2018, 1, 1))


@pytest.mark.parametrize(("country", "role", "day", "name"), [
    ("USA", "secretary of state", dt.date(2015, 6, 1), "John Kerry"),
    ("USA", "secretary of state", dt.date(2019, 6, 1), "Mike Pompeo"),
    ("CHN", "foreign minister", dt.date(2025, 7, 13), "Wang Yi"),
    ("CHN", "foreign minister", dt.date(2023, 3, 1), "Qin Gang"),
    ("GBR", "foreign secretary", dt.date(2024, 1, 1), "David Cameron"),
    ("GBR", "prime minister", dt.date(2024, 1, 1), "Rishi Sunak"),
    ("Russia", "president", dt.date(2010, 1, 1), "Dmitry Medvedev"),
    ("USA", "defense secretary", dt.date(2022, 1, 1), "Lloyd Austin"),
    ("USA", "president", dt.date(2021, 1, 20), "Joe Biden"),
])
def test_office_holder(kb: KnowledgeBase, country: str, role: str, day: dt.date, name: str) -> None:
    holder = kb.office_holder(country, role, day)
    assert holder is not None and holder.name == name


@pytest.mark.parametrize(("country", "name"), [
    ("GBR", "Tony Blair"), ("DEU", "Gerhard Schröder"), ("RUS", "Vladimir Putin"),
    ("FRA", "Jacques Chirac"), ("IRN", "Ali Khamenei"), ("PRK", "Kim Jong Il"),
])
def test_leader_means_the_leading_office(kb: KnowledgeBase, country: str, name: str) -> None:
    holder = kb.office_holder(country, "leader", dt.date(2003, 1, 1))
    assert holder is not None and holder.name == name


def test_office_holder_of_an_organisation(kb: KnowledgeBase) -> None:
    before = kb.office_holder(None, "secretary-general", dt.date(2010, 1, 1), org="UN")
    after = kb.office_holder(None, "UN chief", dt.date(2020, 1, 1), org="UN")
    nato = kb.office_holder(None, "secretary-general", dt.date(2020, 1, 1), org="NATO")
    assert before is not None and before.name == "Ban Ki-moon"
    assert after is not None and after.name == "António Guterres"
    assert nato is not None and nato.name == "Jens Stoltenberg"


def test_office_holder_unknown(kb: KnowledgeBase) -> None:
    assert kb.office_holder("USA", "foreign minister", dt.date(1900, 1, 1)) is None
    assert kb.office_holder("Atlantis", "president", dt.date(2020, 1, 1)) is None


def test_people_with_surname(kb: KnowledgeBase) -> None:
    assads = {p.name for p in kb.people_with_surname("Assad")}
    assert assads == {"Bashar al-Assad", "Hafez al-Assad"}
    assert {p.name for p in kb.people_with_surname("al-Assad")} == assads
    # Family name first for East Asian names, even in an office abroad.
    assert {p.name for p in kb.people_with_surname("Xi")} == {"Xi Jinping"}
    assert {p.name for p in kb.people_with_surname("Ban")} == {"Ban Ki-moon"}
    assert "Ban Ki-moon" not in {p.name for p in kb.people_with_surname("Moon")}
    putin_offices = kb.people_with_surname("Putin")
    assert len(putin_offices) == 4
    assert [p.role for p in putin_offices if p.held_on(dt.date(2010, 1, 1))] == ["prime minister"]


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(("text", "role", "sector", "is_person"), [
    ("top diplomat", "foreign minister", "GOV", True),
    ("Secretary of State", "foreign minister", "GOV", True),
    ("defense secretary", "defence minister", "GOV", True),
    ("premier", "prime minister", "GOV", True),
    ("troops", "military", "MIL", False),
    ("soldier", "military", "MIL", False),
    ("Russian troops", "military", "MIL", False),
    ("riot police", "police", "COP", False),
    ("militants", "rebels", "REB", False),
    ("protesters", "protesters", "CVL", False),
    ("protestor", "protesters", "CVL", False),
    ("villagers", "civilians", "CVL", False),
    ("weapons inspectors", "inspectors", "GOV", False),
    ("the administration", "government", "GOV", False),
    ("lawmakers", "parliament", "LEG", False),
    ("prosecutors", "court", "JUD", False),
    ("the opposition", "opposition", "OPP", False),
    ("State Department", "foreign ministry", "GOV", False),
    ("envoys", "ambassador", "GOV", True),
    ("Chinese foreign ministry spokeswoman", "foreign ministry spokesperson", "GOV", True),
])
def test_roles(kb: KnowledgeBase, text: str, role: str, sector: str, is_person: bool) -> None:
    entry = kb.role(text)
    assert entry is not None
    assert (entry.role, entry.sector, entry.is_person) == (role, sector, is_person)


def test_role_prefers_the_longest_phrase(kb: KnowledgeBase) -> None:
    longer, shorter = kb.role("deputy foreign minister"), kb.role("minister")
    assert longer is not None and longer.role == "deputy foreign minister"
    assert shorter is not None and shorter.role == "official"
    assert kb.role("weather report") is None


# ---------------------------------------------------------------- user folders and errors


def write(folder: Path, name: str, *lines: str) -> None:
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_user_folder_overrides_and_adds(tmp_path: Path) -> None:
    write(tmp_path, "people.tsv", "# my additions",
          "name\taliases\tcountry\torg\trole\tsector\tstart\tend",
          "Jane Placeholder\tJ. Placeholder\tNZL\t\tforeign minister\tGOV\t2030-01-01\t")
    write(tmp_path, "countries.tsv", "iso3\tname\taliases\tdemonyms\tcapitals",
          "USA\tUnited States\tUS|Uncle Sam\tAmerican\tWashington")
    write(tmp_path, "organisations.tsv", "code\tname\taliases\tsector",
          "UN\tUnited Nations Organisation\tUN|the world body\tIGO")
    write(tmp_path, "leaders.tsv", "iso3\trole", "NZL\tforeign minister")
    kb = KnowledgeBase.load(extra_dirs=[tmp_path])
    added = kb.person("J. Placeholder")
    assert added is not None and added.country == "NZL"
    holder = kb.office_holder("NZL", "foreign minister", dt.date(2031, 1, 1))
    assert holder == added
    assert iso3(kb.country("Uncle Sam")) == "USA"
    assert kb.capital_country("the White House") is None  # the user's USA row replaced ours
    un = kb.organisation("the world body")
    assert un is not None and un.name == "United Nations Organisation"
    assert kb.person("Sergey Lavrov") is not None  # bundled rows stay
    assert kb.office_holder("New Zealand", "leader", dt.date(2031, 1, 1)) == added


@pytest.mark.parametrize(("line", "problem"), [
    ("Bad Row\t\tRUS\t\tpresident\tGOV\t2001-01-01", "columns"),
    ("Bad Row\t\tRUS\t\tpresident\tXYZ\t2001-01-01\t", "sector"),
    ("Bad Row\t\tRUS\t\tpresident\tGOV\t2001-13-01\t", "date"),
    ("Bad Row\t\tRUS\t\tpresident\tGOV\t2005\t2001", "after"),
    ("Bad Row\t\tZZZ\t\tpresident\tGOV\t2001\t", "country"),
    ("Bad Row\t\tRUS\t\tPresident\tGOV\t2001\t", "lower-case"),
])
def test_malformed_row_names_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    header = "name\taliases\tcountry\torg\trole\tsector\tstart\tend"
    write(tmp_path, "people.tsv", "# comment", header,
          "Good Row\t\tRUS\t\tpresident\tGOV\t2001\t", line)
    with pytest.raises(KnowledgeError, match=rf"people\.tsv:4: .*{problem}"):
        KnowledgeBase.load(extra_dirs=[tmp_path])


def test_user_vessel_prefixes_add_and_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "vessel_prefixes.tsv", "prefix\tiso3", "NZPV\tNZL")
    prefixes = KnowledgeBase.load(extra_dirs=[tmp_path]).vessel_prefixes
    assert prefixes["NZPV"] == "NZL" and prefixes["USS"] == "USA"  # bundled rows stay
    write(tmp_path, "vessel_prefixes.tsv", "prefix\tiso3", "XYZS\tZZZ")
    with pytest.raises(KnowledgeError, match=r"vessel_prefixes\.tsv:2: 'ZZZ' is not in"):
        KnowledgeBase.load(extra_dirs=[tmp_path])


def test_bad_header_and_missing_folder(tmp_path: Path) -> None:
    write(tmp_path, "roles.tsv", "phrase\trole", "x\ty")
    with pytest.raises(KnowledgeError, match=r"roles\.tsv:1: header"):
        KnowledgeBase.load(extra_dirs=[tmp_path])
    with pytest.raises(KnowledgeError, match="not a folder"):
        KnowledgeBase.load(extra_dirs=[tmp_path / "absent"])


# ---------------------------------------------------------------- structure of every data row

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def data_rows(kind: str) -> list[tuple[int, dict[str, str]]]:
    file_name, columns = FILES[kind]
    rows, header_seen = [], False
    text = (DATA_DIR / file_name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == len(columns), f"{file_name}:{number} has {len(cells)} columns"
        if header_seen:
            rows.append((number, dict(zip(columns, cells, strict=True))))
        header_seen = True
    return rows


def valid_country(code: str) -> bool:
    return code in {"XKX", "PSE", "TWN"} or pycountry.countries.get(alpha_3=code) is not None


def parse_bound(value: str, last: bool) -> dt.date | None:
    if not value:
        return None
    assert DATE.fullmatch(value), value
    parts = [int(p) for p in value.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    day = parts[2] if len(parts) > 2 else (28 if last else 1)
    return dt.date(year, month, day)


def test_country_rows() -> None:
    rows = data_rows("countries")
    assert len(rows) >= 250
    for number, row in rows:
        assert valid_country(row["iso3"]), f"countries.tsv:{number}"
        assert row["name"].strip(), f"countries.tsv:{number}"


def test_organisation_and_group_rows() -> None:
    for number, row in data_rows("organisations"):
        assert row["code"] == row["code"].upper() and row["sector"] in {"IGO", "NGO"}, number
    for number, row in data_rows("groups"):
        assert not row["country"] or valid_country(row["country"]), f"groups.tsv:{number}"
        assert row["sector"] in SECTORS, f"groups.tsv:{number}"
        assert row["country"] or row["org"], f"groups.tsv:{number} needs a country or org"


def test_people_rows() -> None:
    rows = data_rows("people")
    assert len({row["name"] for _, row in rows}) >= 250
    orgs = {row["code"] for _, row in data_rows("organisations")}
    orgs |= {row["org"] for _, row in data_rows("groups") if row["org"]}
    for number, row in rows:
        where = f"people.tsv:{number}"
        assert row["sector"] in SECTORS and row["role"] == row["role"].lower(), where
        assert bool(row["country"]) != bool(row["org"]), f"{where}: country xor org"
        assert not row["country"] or valid_country(row["country"]), where
        assert not row["org"] or row["org"] in orgs, where
        start, end = parse_bound(row["start"], False), parse_bound(row["end"], True)
        assert not (start and end) or start <= end, where
        surnames = {word.lower() for word in re.split(r"[ -]", row["name"])[1:]}
        one_word = {alias.lower() for alias in row["aliases"].split("|") if " " not in alias}
        assert not one_word & surnames, f"{where}: aliases are full names, not bare surnames"


def test_role_rows() -> None:
    for number, row in data_rows("roles"):
        assert row["sector"] in SECTORS and row["person"] in {"yes", "no"}, f"roles.tsv:{number}"
        assert row["role"] == row["role"].lower(), f"roles.tsv:{number}"
