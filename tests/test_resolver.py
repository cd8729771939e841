"""Actor resolution seen through the events it feeds: names with their states, later surnames,
capitals and ministries, organisations, "the two sides", office titles on the publication date,
and conjoined actors."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.events.engine import same_actor
from communique.model import Actor, ArticleResult, Event

MONDAY = dt.date(2025, 7, 14)

# Fictional officials: whatever the engine knows of them comes from the sentence itself.
BRAZIL_ARGENTINA = ("Brazilian Foreign Minister Joao Pedrosa met his Argentine counterpart "
                    "Lucia Ferraro in Brasilia on Sunday.")
KENYA_SURNAME = ("Kenyan Foreign Minister Amos Wekesa met his Ugandan counterpart Grace Apio in "
                 "Nairobi on Sunday. In a statement, Wekesa accused Tanzania of closing the "
                 "border.")
KENYA_SURNAME_UNTAGGED = ("Kenyan Foreign Minister Amos Wekesa met his Ugandan counterpart "
                          "Grace Apio in Nairobi on Sunday. Wekesa later criticised Tanzania "
                          "over the border closure.")
WANG_LAVROV = ("Chinese Foreign Minister Wang Yi met Russian counterpart Sergey Lavrov in "
               "Beijing on Sunday. Wang criticised the United States.")
TWO_SIDES = ("Chinese Foreign Minister Wang Yi met Russian counterpart Sergey Lavrov in Beijing "
             "on Sunday. The two sides signed an agreement on energy cooperation.")
CAPITALS = "Beijing criticised Washington on Sunday."
KREMLIN = "The Kremlin accused Kyiv of attacking a power plant on Sunday."
MINISTRY = "The Russian Foreign Ministry summoned the Finnish ambassador on Sunday."
NATO = "NATO criticised Russia on Sunday."
UNSC = "The UN Security Council condemned North Korea's missile launch on Sunday."
UN_CHIEF = "UN Secretary-General Antonio Guterres urged Israel to allow aid into Gaza."
KIM = "North Korean leader Kim Jong Un praised Russia on Sunday."
CONJOINED_SOURCES = "The US and France condemned Russia on Sunday."
CONJOINED_TARGETS = "Russia condemned the US and France on Sunday."
HAMAS = "Hamas accused Israel of violating the ceasefire."
HOUTHIS = "The Houthis attacked a cargo ship in the Red Sea on Sunday."
TEXTS = [BRAZIL_ARGENTINA, KENYA_SURNAME, KENYA_SURNAME_UNTAGGED, WANG_LAVROV, TWO_SIDES,
         CAPITALS, KREMLIN, MINISTRY, NATO, UNSC, UN_CHIEF, KIM, CONJOINED_SOURCES,
         CONJOINED_TARGETS, HAMAS, HOUTHIS]


@pytest.fixture(scope="module")
def results(run_texts) -> dict[str, ArticleResult]:
    return run_texts(TEXTS)


def the_event(result: ArticleResult, etype: str) -> Event:
    found = [e for e in result.events if e.type == etype]
    assert len(found) == 1, [(e.type, e.source, e.target) for e in result.events]
    return found[0]


def actors(event: Event) -> tuple[Actor, Actor]:
    assert event.source is not None and event.target is not None
    return event.source, event.target


def dyads(result: ArticleResult, etype: str) -> set[tuple[str | None, str | None]]:
    return {(e.source.party if e.source else None, e.target.party if e.target else None)
            for e in result.events if e.type == etype}


# ---------------------------------------------------------------- people

def test_unlisted_people_take_their_state_and_title_from_the_text(results) -> None:
    source, target = actors(the_event(results[BRAZIL_ARGENTINA], "CONSULT"))
    assert (source.name, source.country, source.kind) == ("Joao Pedrosa", "BRA", "person")
    assert (source.role, source.sector) == ("foreign minister", "GOV")
    assert (target.name, target.country, target.kind) == ("Lucia Ferraro", "ARG", "person")


def test_demonym_counterpart_and_known_name(results) -> None:
    source, target = actors(the_event(results[WANG_LAVROV], "CONSULT"))
    by_name = {a.name: a for a in (source, target)}
    assert set(by_name) == {"Wang Yi", "Sergey Lavrov"}
    assert by_name["Sergey Lavrov"].country == "RUS"
    assert by_name["Sergey Lavrov"].role == "foreign minister"
    assert by_name["Wang Yi"].country == "CHN"


def test_leader_title_with_name(results) -> None:
    source, target = actors(the_event(results[KIM], "SUPPORT"))
    assert (source.name, source.country, target.country) == ("Kim Jong Un", "PRK", "RUS")


def test_later_surname_is_the_full_name_met_before(results) -> None:
    source, target = actors(the_event(results[KENYA_SURNAME], "ACCUSE"))
    assert (source.name, source.country) == ("Amos Wekesa", "KEN")
    assert target.country == "TZA"


def test_later_surname_of_a_known_official(results) -> None:
    source, target = actors(the_event(results[WANG_LAVROV], "ACCUSE"))
    assert (source.name, source.country, target.country) == ("Wang Yi", "CHN", "USA")


def test_untagged_later_surname_is_the_full_name_met_before(results) -> None:
    source, _ = actors(the_event(results[KENYA_SURNAME_UNTAGGED], "ACCUSE"))
    assert (source.name, source.country) == ("Amos Wekesa", "KEN")


# ---------------------------------------------------------------- states and organisations

def test_capitals_stand_for_their_governments(results) -> None:
    source, target = actors(the_event(results[CAPITALS], "ACCUSE"))
    assert (source.country, target.country) == ("CHN", "USA")
    assert source.sector == "GOV"


def test_seat_of_government_stands_for_its_state(results) -> None:
    assert dyads(results[KREMLIN], "ACCUSE") == {("RUS", "UKR")}


def test_ministry_named_after_its_state(results) -> None:
    source, target = actors(the_event(results[MINISTRY], "ACCUSE"))
    assert (source.country, source.kind) == ("RUS", "organisation")
    assert target.country == "FIN"


@pytest.mark.parametrize(("text", "etype", "org"), [
    (NATO, "ACCUSE", "NATO"), (UNSC, "ACCUSE", "UNSC"), (UN_CHIEF, "REQUEST", "UN")])
def test_international_organisations_carry_their_short_code(results, text: str, etype: str,
                                                            org: str) -> None:
    source, _ = actors(the_event(results[text], etype))
    assert (source.org, source.country) == (org, None)


def test_official_of_an_organisation_carries_its_code(results) -> None:
    source, target = actors(the_event(results[UN_CHIEF], "REQUEST"))
    assert (source.name, source.kind) == ("António Guterres", "person")
    assert target.country == "ISR"


@pytest.mark.parametrize(("text", "etype", "country"), [
    (HAMAS, "ACCUSE", "PSE"), (HOUTHIS, "ASSAULT", "YEM")])
def test_armed_groups_carry_the_state_they_claim_or_operate_in(results, text: str, etype: str,
                                                               country: str) -> None:
    source = the_event(results[text], etype).source
    assert source is not None and source.country == country
    assert source.org is None


# ---------------------------------------------------------------- references and groups

def test_the_two_sides_are_the_pair_that_met(results) -> None:
    source, target = actors(the_event(results[TWO_SIDES], "AGREE"))
    assert {source.party, target.party} == {"CHN", "RUS"}
    assert {source.name, target.name} == {"Wang Yi", "Sergey Lavrov"}


def test_conjoined_sources_give_one_event_each(results) -> None:
    assert dyads(results[CONJOINED_SOURCES], "ACCUSE") == {("USA", "RUS"), ("FRA", "RUS")}


def test_conjoined_targets_give_one_event_each(results) -> None:
    assert dyads(results[CONJOINED_TARGETS], "ACCUSE") == {("RUS", "USA"), ("RUS", "FRA")}


@pytest.mark.parametrize("text", [
    "Kenya, Uganda and Tanzania signed a customs agreement in Arusha on Sunday.",
    "The leaders of Kenya, Uganda and Tanzania met in Arusha on Sunday."])
def test_three_named_parties_give_one_event_per_pair(run_texts, text: str) -> None:
    events = run_texts([text])[text].events
    pairs = {frozenset((e.source.party, e.target.party)) for e in events
             if e.source and e.target}
    assert pairs == {frozenset(p) for p in (("KEN", "UGA"), ("KEN", "TZA"), ("UGA", "TZA"))}
    assert len(events) == 3


@pytest.mark.parametrize(("day", "holder"), [
    (dt.date(2010, 6, 1), "Yang Jiechi"),
    (dt.date(2023, 5, 2), "Qin Gang"),
    (dt.date(2025, 7, 14), "Wang Yi"),
])
def test_office_title_is_its_holder_on_the_publication_day(run_texts, day: dt.date,
                                                           holder: str) -> None:
    text = "The Chinese foreign minister criticised Japan on Sunday."
    source, target = actors(the_event(run_texts([text], day=day)[text], "ACCUSE"))
    assert (source.name, source.country, source.kind) == (holder, "CHN", "person")
    assert target.country == "JPN"


def test_two_office_titles_in_one_sentence(run_texts) -> None:
    text = "The Chinese foreign minister met the Russian foreign minister in Beijing."
    source, target = actors(the_event(run_texts([text])[text], "CONSULT"))
    assert {source.name, target.name} == {"Wang Yi", "Sergey Lavrov"}


def test_same_party_is_one_actor_only_for_states_and_same_groups() -> None:
    russia = Actor(name="Russia", country="RUS")
    kremlin = Actor(name="Kremlin", country="RUS", sector="GOV")
    police = Actor(name="Kenyan police", country="KEN", sector="COP", kind="group")
    protesters = Actor(name="protesters", country="KEN", sector="CVL", kind="group")
    assert same_actor(russia, kremlin)
    assert not same_actor(police, protesters)
    assert not same_actor(russia, police)


def test_police_arresting_their_compatriots_is_an_event(run_texts) -> None:
    text = "Kenyan police arrested dozens of protesters in Nairobi on Sunday."
    assert dyads(run_texts([text])[text], "COERCE") == {("KEN", "KEN")}
