"""Failure classes of unseen news (issue 12): events named by nouns ("the agreement between X
and Y"), ships and delegations as actors, words whose political sense depends on context
("beat X in the election", "struck a deal"), passive acts with an agent, and the precision of
MOBILIZE.

Every text here is written for these tests.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest

from communique.actors.knowledge import KnowledgeBase
from communique.model import ArticleResult

FRIDAY = dt.date(2025, 3, 28)

ELECTION_WON = "Mahama beat Bawumia in the election on Thursday."
RUNOFF_WON = "The ruling party defeated the opposition leader in the runoff on Thursday."
POLICE_BEAT = "Police beat protesters in Nairobi on Thursday."
STRUCK_A_DEAL = "India struck a deal with Japan on Thursday."
CALLED_REGRETTABLE = "Germany called the decision regrettable on Thursday."
REACHED_BETWEEN = "Agreement was finally reached between Peru and the IMF in Lima on Thursday."
HELD_BETWEEN = "A meeting was held between Egypt, Ethiopia and Sudan in Khartoum on Thursday."
MEETING_HELD_BETWEEN = ("The three-party meeting held between Egypt, Ethiopia and Sudan ended "
                        "on Thursday.")
SIGNED_BY = "A deal signed by Kenya and Uganda on Thursday opens the border to trade."
SEALED = "The agreement between Iran and Russia was sealed in Geneva on Thursday."
USS = "The USS Carney shot down three drones launched by the Houthis on Thursday."
TRAINED_TOGETHER = ("The destroyer USS Milius and the Japanese frigate Akizuki trained together "
                    "in the Philippine Sea on Thursday.")
RAMMED = "A Chinese coast guard vessel rammed a Philippine boat near the shoal on Thursday."
FLAGGED = "Iran seized the Liberian-flagged tanker on Thursday."
DELEGATION = "The Russian delegation met Ukrainian negotiators in Istanbul on Thursday."
ARRESTED_BY = "Two activists were arrested by Egypt's police on Thursday."
DETAINED_BY = "Three journalists were detained by Turkish security forces in Ankara on Thursday."
SCRAMBLED_TO = "British diplomats scrambled to arrange flights home for their citizens on Thursday."
SCRAMBLED_JETS = "Turkey scrambled fighter jets after a Syrian helicopter crossed the border."
PROTESTERS_MASSED = "More than 20,000 protesters massed outside parliament in Beirut on Thursday."
BORDER_WITH = "Israel deployed troops to the border with Lebanon on Thursday."
CALLED_PROTESTS = "Nairobi saw chaos during the protests called by the opposition chief last year."
CALLED_STRIKE = "The opposition called a general strike in Nairobi on Thursday."
PHONED = "The Kenyan president called the Ugandan president on Thursday."
CALLED_UNDEMOCRATIC = "The US State Department called the elections in Belarus undemocratic."
SWORN_IN = "Both rivals have since sworn themselves in and named rival cabinets in Abidjan."
DIALOGUE_BETWEEN = "The dialogue between Serbia and Kosovo resumed in Brussels on Thursday."
LOST_CONTACT = "Police lost contact with the hikers in Nepal on Thursday."

TEXTS = [ELECTION_WON, RUNOFF_WON, POLICE_BEAT, STRUCK_A_DEAL, CALLED_REGRETTABLE,
         REACHED_BETWEEN, HELD_BETWEEN, MEETING_HELD_BETWEEN, SIGNED_BY, SEALED, USS,
         TRAINED_TOGETHER, RAMMED, FLAGGED, DELEGATION, ARRESTED_BY, DETAINED_BY, SCRAMBLED_TO,
         SCRAMBLED_JETS, PROTESTERS_MASSED, BORDER_WITH, CALLED_PROTESTS, CALLED_STRIKE, PHONED,
         CALLED_UNDEMOCRATIC, SWORN_IN, DIALOGUE_BETWEEN, LOST_CONTACT]


@pytest.fixture(scope="module")
def results(run_texts) -> dict[str, ArticleResult]:
    return run_texts(TEXTS, FRIDAY)


def dyads(result: ArticleResult, etype: str) -> set[tuple[str | None, str | None]]:
    return {(e.source.party if e.source else None, e.target.party if e.target else None)
            for e in result.events if e.type == etype}


def pairs(result: ArticleResult, etype: str) -> set[frozenset[str | None]]:
    """Reciprocal events, order aside."""
    return {frozenset(d) for d in dyads(result, etype)}


def types(result: ArticleResult) -> set[str]:
    return {e.type for e in result.events}


# -- words with a political sense only in context ---------------------------------------

@pytest.mark.parametrize("text", [ELECTION_WON, RUNOFF_WON])
def test_a_contest_won_is_no_attack(results, text: str) -> None:
    assert "ASSAULT" not in types(results[text])


def test_a_beating_without_a_contest_is_still_an_attack(results) -> None:
    assert dyads(results[POLICE_BEAT], "ASSAULT") == {("KEN", "KEN")}


def test_striking_a_deal_is_an_agreement_not_a_strike(results) -> None:
    assert pairs(results[STRUCK_A_DEAL], "AGREE") == {frozenset({"IND", "JPN"})}
    assert "ASSAULT" not in types(results[STRUCK_A_DEAL])


def test_calling_a_decision_regrettable_is_no_phone_call(results) -> None:
    assert "CONSULT" not in types(results[CALLED_REGRETTABLE])


@pytest.mark.parametrize("text", [CALLED_PROTESTS, CALLED_STRIKE])
def test_calling_a_gathering_is_no_phone_call_nor_complaint(results, text: str) -> None:
    assert not types(results[text]) & {"CONSULT", "ACCUSE"}


def test_calling_an_election_undemocratic_is_still_a_complaint(results) -> None:
    assert dyads(results[CALLED_UNDEMOCRATIC], "ACCUSE") == {("USA", "BLR")}


def test_calling_a_person_is_still_a_phone_call(results) -> None:
    assert dyads(results[PHONED], "CONSULT") == {("KEN", "UGA")}


def test_being_sworn_in_is_no_promise(results) -> None:
    assert "AGREE" not in types(results[SWORN_IN])


# -- events named by nouns: the parties after "between" ---------------------------------

def test_an_agreement_reached_between_two_parties(results) -> None:
    assert pairs(results[REACHED_BETWEEN], "AGREE") == {frozenset({"PER", "IMF"})}


@pytest.mark.parametrize("text", [HELD_BETWEEN, MEETING_HELD_BETWEEN])
def test_a_meeting_held_between_three_parties_pairs_them(results, text: str) -> None:
    assert pairs(results[text], "CONSULT") == {
        frozenset({"EGY", "ETH"}), frozenset({"EGY", "SDN"}), frozenset({"ETH", "SDN"})}


def test_a_deal_signed_by_two_parties_is_their_agreement(results) -> None:
    assert pairs(results[SIGNED_BY], "AGREE") == {frozenset({"KEN", "UGA"})}


def test_the_agreement_between_two_parties_sealed(results) -> None:
    assert pairs(results[SEALED], "AGREE") == {frozenset({"IRN", "RUS"})}


def test_a_dialogue_between_two_parties_is_their_meeting(results) -> None:
    assert pairs(results[DIALOGUE_BETWEEN], "CONSULT") == {frozenset({"SRB", "XKX"})}


def test_losing_contact_is_no_meeting(results) -> None:
    assert "CONSULT" not in types(results[LOST_CONTACT])


# -- ships, units and delegations as actors ---------------------------------------------

def test_a_ship_prefix_names_its_navy_s_state(results) -> None:
    [attack] = [e for e in results[USS].events if e.type == "ASSAULT"]
    assert attack.source is not None and attack.source.country == "USA"
    assert attack.source.name == "USS Carney" and attack.source.sector == "MIL"


def test_two_navies_training_together_cooperate(results) -> None:
    assert pairs(results[TRAINED_TOGETHER], "COOPERATE") == {frozenset({"USA", "JPN"})}


def test_a_vessel_ramming_another_is_an_attack_between_their_states(results) -> None:
    assert dyads(results[RAMMED], "ASSAULT") == {("CHN", "PHL")}


def test_a_flagged_ship_belongs_to_its_flag_state(results) -> None:
    assert dyads(results[FLAGGED], "COERCE") == {("IRN", "LBR")}


def test_a_delegation_is_its_state_s(results) -> None:
    assert pairs(results[DELEGATION], "CONSULT") == {frozenset({"RUS", "UKR"})}


def test_every_vessel_prefix_names_a_listed_state() -> None:
    kb = KnowledgeBase.load()
    prefixes = kb.vessel_prefixes
    assert {"USS", "HMS", "INS", "BRP"} <= set(prefixes)
    assert all(kb.country_by_code(code) is not None for code in prefixes.values())
    rows = [line for line in resources.files("communique.actors").joinpath(
        "data/vessel_prefixes.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")][1:]
    assert len(rows) == len(prefixes)  # no prefix listed twice


# -- passive acts with an agent -----------------------------------------------------------

@pytest.mark.parametrize(("text", "state"), [(ARRESTED_BY, "EGY"), (DETAINED_BY, "TUR")])
def test_a_passive_arrest_is_the_agent_s(results, text: str, state: str) -> None:
    assert dyads(results[text], "COERCE") == {(state, state)}


# -- MOBILIZE precision ---------------------------------------------------------------------

def test_scrambling_to_do_something_is_no_mobilisation(results) -> None:
    assert "MOBILIZE" not in types(results[SCRAMBLED_TO])
    assert dyads(results[SCRAMBLED_JETS], "MOBILIZE") == {("TUR", None)}


def test_protesters_massing_demonstrate(results) -> None:
    assert "MOBILIZE" not in types(results[PROTESTERS_MASSED])
    assert {s for s, _ in dyads(results[PROTESTERS_MASSED], "PROTEST")} == {"LBN"}


def test_troops_deployed_to_a_border_with_a_state_move_toward_it(results) -> None:
    assert dyads(results[BORDER_WITH], "MOBILIZE") == {("ISR", "LBN")}

