"""Knowledge converted from the PETRARCH-2 / Phoenix dictionaries (tools/convert_*.py).

The converters are tested on dictionary lines written for these tests; the shipped converted
files are tested for their date logic over every row, not for one name.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from communique.actors.knowledge import DATA_DIR, KnowledgeBase
from communique.events.lexicon import Lexicon, _read_rows

ROOT = Path(__file__).resolve().parent.parent


def load_tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def phoenix() -> ModuleType:
    return load_tool("convert_phoenix")


@pytest.fixture(scope="module")
def cameo() -> ModuleType:
    return load_tool("convert_cameo_verbs")


ACTORS = """\
# a comment line
RUTANIA_ [RTN]
JOHN_QUINCY_EXAMPLE_  # a made-up minister
+J._Q._EXAMPLE
+EXAMPLE_
\t[RTNGOV 950301-021115]
\t[RTNELI >021115]
MARIA_SAMPLEDOTTIR_\t[RTNMIL >120101]
ANCIENT_OFFICIAL_
\t[RTNGOV 700101-851231]
"""


def test_phoenix_dates_two_and_four_digit_years(phoenix: ModuleType) -> None:
    assert phoenix.day("950301", last=False) == dt.date(1995, 3, 1)
    assert phoenix.day("021115", last=True) == dt.date(2002, 11, 15)
    assert phoenix.day("19280101", last=False) == dt.date(1928, 1, 1)
    assert phoenix.date_range(">120101") == (dt.date(2012, 1, 1), None)
    assert phoenix.date_range("<991231") == (None, dt.date(1999, 12, 31))
    assert phoenix.date_range("021115-950301") is None  # reversed: dropped, not guessed
    assert phoenix.date_range("") is None


def test_phoenix_office_holders_keep_dates_sector_and_full_names(
        phoenix: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "actors.txt"
    source.write_text(ACTORS, encoding="utf-8")
    rows = [row for entry in phoenix.read_entries(source)
            for row in phoenix.person_rows(entry, {"RTN"}, False, set())]
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"John Quincy Example", "Maria Sampledottir"}  # 1970s office dropped
    example = by_name["John Quincy Example"]
    assert example[1] == "J. Q. Example"  # the bare surname is no alias
    assert (example[2], example[5], example[6], example[7]) == ("RTN", "GOV", "1995-03-01",
                                                                "2002-11-15")
    soldier = by_name["Maria Sampledottir"]
    assert soldier[5] == "MIL"
    assert soldier[7] == str(phoenix.SOURCE_HORIZON)  # an open range ends where the source does


def test_phoenix_leaves_hand_made_people_and_their_namesakes_alone(
        phoenix: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "actors.txt"
    source.write_text(ACTORS, encoding="utf-8")
    known = {"surname:example"}
    names = [row[0] for entry in phoenix.read_entries(source)
             for row in phoenix.person_rows(entry, {"RTN"}, False, known)]
    assert names == ["Maria Sampledottir"]


VERBS = """\
&TRUCE
+CEASEFIRE
+TRUCE_

####### VERB PATTERNS #######

---  REBUKE   [111]  ---
REBUKE
CASTIGATE {CASTIGATES CASTIGATED }
- * &TRUCE   [0871]  # REBUKE

---  ARRANGE   [---]  ---
ARRANGE
- * TALKS   [036]  # ARRANGE
"""
TABLE = "11: ACCUSE\n111: ACCUSE, disapprove,  # Criticize\n036: AGREE, , diplomatic\n" \
        "087: RETREAT, disarm,\n0871: RETREAT, ceasefire,\n"


def test_cameo_families_map_to_plover_types(cameo: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "verbs.txt").write_text(VERBS, encoding="utf-8")
    (tmp_path / "table.txt").write_text(TABLE, encoding="utf-8")
    rows = cameo.convert(tmp_path / "verbs.txt", tmp_path / "table.txt", {"verbs", "objects"})
    bare = {(r[0], r[3]) for r in rows if not r[2]}
    assert ("castigate", "ACCUSE") in bare and ("rebuke", "ACCUSE") in bare
    assert not any(r[0] == "arrange" and not r[2] for r in rows)  # [---]: no bare trigger
    with_object = {(r[0], r[2], r[3]) for r in rows if r[2]}
    assert ("arrange", "talk|talks", "AGREE") in with_object
    assert ("rebuke", "ceasefire|truce", "RETREAT") in with_object


def converted_people() -> list[dict[str, str]]:
    path = DATA_DIR / "phoenix" / "people.tsv"
    if not path.is_file():
        pytest.skip("no converted Phoenix people shipped")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_every_converted_office_ends_and_ends_after_1990() -> None:
    """No converted row claims an office today: Phoenix's open ranges are closed."""
    for row in converted_people():
        assert row["end"], row
        end = dt.date.fromisoformat(row["end"])
        assert dt.date(1990, 1, 1) <= end <= dt.date(2020, 12, 31), row
        assert not row["start"] or dt.date.fromisoformat(row["start"]) <= end, row


def test_converted_office_holders_resolve_only_inside_their_dates() -> None:
    kb = KnowledgeBase.load()
    rows = [r for r in converted_people() if r["start"]][::500]
    assert rows
    for row in rows:
        start, end = dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])
        offices = [p for p in kb.people if p.name == row["name"]
                   and str(p.start) == row["start"] and (p.country or "") == row["country"]]
        assert offices, row
        assert offices[0].held_on(start) and offices[0].held_on(end)
        assert not offices[0].held_on(end + dt.timedelta(days=1))
        assert not offices[0].held_on(start - dt.timedelta(days=1))


def test_hand_made_people_keep_their_offices_beside_converted_ones() -> None:
    kb = KnowledgeBase.load()
    hand_made = [line.split("\t") for line in
                 (DATA_DIR / "people.tsv").read_text(encoding="utf-8").splitlines()[2:]]
    for cells in hand_made[::40]:
        offices = [p for p in kb.people if p.name == cells[0]]
        assert offices and all(p.role == (cells[4] or None) or p.role for p in offices), cells[0]
        assert {p.role for p in offices} >= {cells[4] or None}


def test_converted_triggers_never_shadow_a_hand_made_one() -> None:
    bundled = resources.files("communique.events").joinpath("data/triggers.tsv")
    hand_made = Lexicon(_read_rows(bundled.read_text(encoding="utf-8"), "triggers.tsv"))
    combined = Lexicon.load()
    for (lemma, pos), rows in hand_made.by_key.items():
        assert combined.candidates(lemma, pos)[:len(rows)] == rows, lemma
