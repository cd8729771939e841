"""Mechanisms found by tools/diagnose_misses.py on develop's missed events (issue 12): who owns
a nominal act, where the other party of a negotiation or an attack stands, protests that
name no protester, and whom an object pronoun stands for.

Every text here is written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from communique.model import ArticleResult

FRIDAY = dt.date(2025, 3, 28)

DEAL_WITH = "Brazil negotiated a trade deal with Iran on Thursday."
DATED_OWNER = ("Kenya condemned Thursday's detention of opposition leaders by Uganda's "
               "police.")

UNNAMED_PROTEST = ("Kenya's parliament passed the finance bill on Tuesday. Protests against "
                   "the bill broke out in Kisumu on Thursday.")
PROTEST_ABROAD = ("Kenya's parliament passed the finance bill on Tuesday. On Thursday, "
                  "protests erupted in Kampala against the Ugandan election results.")
ECHOED_PROTEST = ("Egyptian demonstrators rioted on Thursday following a peaceful "
                  "demonstration calling for the removal of the president.")
PROTEST_TOLD_AGAIN = ("Thousands of dairy farmers protested in Lisbon on Monday against the "
                      "European Union's quota rules. Police said the protest stayed calm.")
NEW_PROTESTS_LATER = ("Thousands of dairy farmers protested in Lisbon on Monday against the "
                      "European Union's quota rules. On Tuesday, protests erupted in Kampala "
                      "against the Ugandan election results.")
HURLED_AT = "Students hurled rocks at the police in Jakarta on Thursday."
OBJECT_PRONOUN = ("Ousted president Manuel Zelaya returned to Honduras on Thursday. "
                  "Archbishop Oscar Rodriguez urged him to stay away.")


@pytest.fixture(scope="module")
def results(run_texts) -> dict[str, ArticleResult]:
    return run_texts([DEAL_WITH, DATED_OWNER, UNNAMED_PROTEST,
                      PROTEST_ABROAD, ECHOED_PROTEST, HURLED_AT, OBJECT_PRONOUN,
                      PROTEST_TOLD_AGAIN, NEW_PROTESTS_LATER], FRIDAY)


def dyads(result: ArticleResult, etype: str) -> set[tuple]:
    return {(e.source.party if e.source else None, e.target.party if e.target else None)
            for e in result.events if e.type == etype}


def test_negotiating_a_deal_with_x_is_talks_with_x(results) -> None:
    assert dyads(results[DEAL_WITH], "CONSULT") == {("BRA", "IRN")}


def test_a_possessor_that_is_a_day_is_no_doer(results) -> None:
    # "Thursday's detention ... by Uganda's police": the police detained, not "Thursday"
    assert {src for src, _ in dyads(results[DATED_OWNER], "COERCE")} == {"UGA"}


def test_protests_naming_no_one_are_the_protesters_of_the_place(results) -> None:
    assert dyads(results[UNNAMED_PROTEST], "PROTEST") == {("KEN", "KEN")}
    # where they broke out says whose protesters, not the article's main state
    assert dyads(results[PROTEST_ABROAD], "PROTEST") == {("UGA", "UGA")}


def test_a_protest_word_after_named_protesters_is_theirs(results) -> None:
    sources = [e.source.name for e in results[ECHOED_PROTEST].events
               if e.type == "PROTEST" and e.source is not None]
    assert sources == ["Egyptian demonstrators"]


def test_the_protest_told_again_is_no_second_protest(results) -> None:
    # "the protest" refers back to the farmers' protest: not Portugal's protesters anew
    sources = [e.source.name for e in results[PROTEST_TOLD_AGAIN].events
               if e.type == "PROTEST" and e.source is not None]
    assert sources == ["dairy farmers"]
    # protests without a definite article after a named one are new ones, of their place
    assert ("UGA", "UGA") in dyads(results[NEW_PROTESTS_LATER], "PROTEST")


def test_an_attack_is_aimed_at_whom_at_names_before_where_it_happened(results) -> None:
    targets = {e.target.name for e in results[HURLED_AT].events if e.type == "ASSAULT"
               and e.target is not None}
    assert targets == {"police"}


def test_an_object_pronoun_is_not_its_own_clauses_subject(results) -> None:
    # "X urged him": him is the person named before, not X
    requests = [e for e in results[OBJECT_PRONOUN].events if e.type == "REQUEST"]
    assert [(e.source.name, e.target.name) for e in requests if e.source and e.target] == [
        ("Archbishop Oscar Rodriguez", "Manuel Zelaya")]
