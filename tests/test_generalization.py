"""General mechanisms for failures seen on unseen news (issue 12): datelines are no actors,
the accused (not the act) is an accusation's target, and the learned event filter keeps or
drops events by its weights.

Every text here is written for these tests.
"""

from __future__ import annotations

import datetime as dt

from communique.events.dateline import in_dateline
from communique.events.event_filter import EventFilter, features

FRIDAY = dt.date(2025, 3, 28)
DATELINE_ACCUSE = ("NAIROBI, March 27 (AP) - Somalia's president accused Ethiopia of violating "
                   "its sovereignty.")
DATELINE_DASH = "MOSCOW — Russia expelled two Estonian diplomats on Friday."
ACRONYM_SUBJECT = "NATO, the Western alliance, condemned Russia on Friday."
PLAIN = "Kenya accused Ethiopia of violating its sovereignty on Friday."
ACCUSED_OF_ACT = "Uganda accused Sudan's army of shelling border villages on Friday."


def parties(result) -> set[tuple[str, str | None, str | None]]:
    return {(e.type, e.source and (e.source.country or e.source.org),
             e.target and (e.target.country or e.target.org)) for e in result.events}


def test_a_dateline_city_is_not_the_subject_of_the_act(run_texts) -> None:
    result = run_texts([DATELINE_ACCUSE], FRIDAY)[DATELINE_ACCUSE]
    assert ("ACCUSE", "SOM", "ETH") in parties(result)
    assert not any(e.source and e.source.country == "KEN" for e in result.events)


def test_a_state_after_a_dateline_still_acts(run_texts) -> None:
    result = run_texts([DATELINE_DASH], FRIDAY)[DATELINE_DASH]
    assert ("SANCTION", "RUS", "EST") in parties(result)


def test_an_organisation_in_capitals_opening_a_sentence_is_no_dateline(run_texts) -> None:
    result = run_texts([ACRONYM_SUBJECT], FRIDAY)[ACRONYM_SUBJECT]
    assert ("ACCUSE", "NATO", "RUS") in parties(result)


def test_in_dateline_marks_only_the_opening_place(pipeline) -> None:
    doc = pipeline.engine.nlp(DATELINE_ACCUSE)
    marked = {tok.text for tok in doc if in_dateline(tok)}
    assert marked == {"NAIROBI"}


def test_the_target_of_an_accusation_is_the_accused_not_the_act(run_texts) -> None:
    result = run_texts([ACCUSED_OF_ACT], FRIDAY)[ACCUSED_OF_ACT]
    assert ("ACCUSE", "UGA", "SDN") in parties(result)
    assert all(e.target is None or "shelling" not in e.target.name for e in result.events)


def test_the_event_filter_drops_what_its_weights_reject(run_texts) -> None:
    texts = [PLAIN, DATELINE_DASH]
    results = run_texts(texts, FRIDAY)
    events = [e for text in texts for e in results[text].events]
    assert {e.type for e in events} >= {"ACCUSE", "SANCTION"}
    only_accusations = EventFilter(weights={"bias": -5.0, "type=ACCUSE": 10.0}, threshold=0.5)
    kept = only_accusations.keep(events)
    assert kept and all(e.type == "ACCUSE" for e in kept)
    assert EventFilter(weights={}, threshold=0.5).keep(events) == events  # p = 0.5 everywhere


def test_event_features_read_the_event_as_written(run_texts) -> None:
    event = run_texts([PLAIN], FRIDAY)[PLAIN].events[0]
    found = features(event.to_dict(), 1)
    assert found["type=ACCUSE"] == 1.0 and found["bias"] == 1.0
    assert found["source.coded=True"] == 1.0 and found["target.coded=True"] == 1.0
    assert found["same_country"] == 0.0


UNDATED_ROLE = "The president of Niger met the French ambassador in Niamey."


def test_without_a_publication_date_a_role_is_not_today_s_holder(run_texts) -> None:
    undated = run_texts([UNDATED_ROLE], None)[UNDATED_ROLE]
    dated = run_texts([UNDATED_ROLE], FRIDAY)[UNDATED_ROLE]
    [meeting] = [e for e in undated.events if e.type == "CONSULT"]
    assert meeting.source is not None and meeting.source.country == "NER"
    assert meeting.source.role == "president"
    holders = {e.source.name for e in dated.events if e.source}
    assert meeting.source.name not in holders  # dated, the role is resolved to a person


RECIPROCAL_BLAME = "Armenia and Azerbaijan blamed one another for the shelling on Tuesday."
RECIPROCAL_THREAT = ("Kenya and Uganda held talks in March. Days later the two sides accused each "
                     "other of blocking an aid convoy.")
SUMMIT_ATTENDED = ("The leaders of Chad, Niger and Mali attended the African Union summit in "
                   "Addis Ababa on Friday.")
CEREMONY_ATTENDED = "Ghana's president attended the inauguration in Abuja on Friday."
VICTIMS_OF_A_STRIKE = "Russian forces launched a missile attack on Kyiv, killing nine people."


def test_parties_that_accuse_each_other_accuse_one_another_both_ways(run_texts) -> None:
    results = run_texts([RECIPROCAL_BLAME, RECIPROCAL_THREAT], FRIDAY)
    blamed = parties(results[RECIPROCAL_BLAME])
    assert {("ACCUSE", "ARM", "AZE"), ("ACCUSE", "AZE", "ARM")} <= blamed
    accused = parties(results[RECIPROCAL_THREAT])
    assert {("ACCUSE", "KEN", "UGA"), ("ACCUSE", "UGA", "KEN")} <= accused


def test_attending_an_organisations_summit_is_meeting_the_organisation(run_texts) -> None:
    result = run_texts([SUMMIT_ATTENDED], FRIDAY)[SUMMIT_ATTENDED]
    found = parties(result)
    assert {("CONSULT", "TCD", "AU"), ("CONSULT", "NER", "AU"), ("CONSULT", "MLI", "AU")} <= found
    assert not any(e.target and e.target.country == "ETH" for e in result.events)


def test_attending_another_kind_of_gathering_still_meets_its_hosts(run_texts) -> None:
    result = run_texts([CEREMONY_ATTENDED], FRIDAY)[CEREMONY_ATTENDED]
    assert ("CONSULT", "GHA", "NGA") in parties(result)


def test_the_people_an_attack_kills_are_the_attacked_sides(run_texts) -> None:
    result = run_texts([VICTIMS_OF_A_STRIKE], FRIDAY)[VICTIMS_OF_A_STRIKE]
    assert ("ASSAULT", "RUS", "UKR") in parties(result)
    assert not any(e.target and e.target.country == "RUS" for e in result.events)
    assert all(e.location and e.location.country == "UKR" for e in result.events)


VETOED_DRAFT = "Russia vetoed a resolution drafted by the United States on Friday."
REJECTED_PLAN = "Iran rejected a proposal put forward by France on Friday."


def test_rejecting_a_proposal_targets_whoever_put_it_forward(run_texts) -> None:
    results = run_texts([VETOED_DRAFT, REJECTED_PLAN], FRIDAY)
    assert ("REJECT", "RUS", "USA") in parties(results[VETOED_DRAFT])
    assert ("REJECT", "IRN", "FRA") in parties(results[REJECTED_PLAN])


VOWED_REVENGE = "Hamas vowed revenge for the killing of its commander by Israel."
VOWED_HELP = "Kenya vowed to support Somalia."


def test_vowing_revenge_is_a_threat_but_vowing_support_a_promise(run_texts) -> None:
    results = run_texts([VOWED_REVENGE, VOWED_HELP], FRIDAY)
    assert ("THREATEN", "PSE", "ISR") in parties(results[VOWED_REVENGE])
    assert ("AGREE", "KEN", "SOM") in parties(results[VOWED_HELP])


CONDOLENCES = "Pakistan extended its condolences to India after the attack on Friday."
SOLIDARITY = "Saudi Arabia affirmed its full solidarity with the United Arab Emirates on Friday."
A_LETTER = "Pakistan sent a letter to India on Friday."


def test_condolences_and_solidarity_are_support(run_texts) -> None:
    results = run_texts([CONDOLENCES, SOLIDARITY, A_LETTER], FRIDAY)
    assert ("SUPPORT", "PAK", "IND") in parties(results[CONDOLENCES])
    assert ("SUPPORT", "SAU", "ARE") in parties(results[SOLIDARITY])
    assert not any(e.type == "SUPPORT" for e in results[A_LETTER].events)


CALL_FOR_CHANGE_THERE = "Australia called for a swift return to democracy in Thailand on Friday."
CALL_FOR_TALKS = "Pakistan's prime minister called for talks with India on Friday."
CALL_FOR_CALM = "Kenya called for calm in a statement read in Geneva on Friday."


def test_a_call_for_change_in_a_state_or_for_talks_with_it_is_addressed_to_it(run_texts) -> None:
    results = run_texts([CALL_FOR_CHANGE_THERE, CALL_FOR_TALKS, CALL_FOR_CALM], FRIDAY)
    assert ("REQUEST", "AUS", "THA") in parties(results[CALL_FOR_CHANGE_THERE])
    assert ("REQUEST", "PAK", "IND") in parties(results[CALL_FOR_TALKS])
    assert not any(e.target and e.target.country == "CHE" for e in results[CALL_FOR_CALM].events)


TRIP_FOR_TALKS = ("An Iranian delegation arrived in Moscow on Friday for talks with Russian "
                  "officials.")
CALL_FOR_SANCTIONS = "Kenya called for sanctions against Uganda on Friday."


def test_talks_a_trip_is_for_are_the_travellers(run_texts) -> None:
    results = run_texts([TRIP_FOR_TALKS, CALL_FOR_SANCTIONS], FRIDAY)
    assert ("CONSULT", "IRN", "RUS") in parties(results[TRIP_FOR_TALKS])
    assert {e.type for e in results[CALL_FOR_SANCTIONS].events} == {"REQUEST"}


ATTENDED_TOGETHER = ("The presidents of Kazakhstan, Russia and Tajikistan attended the summit "
                     "on Friday.")
SUMMIT_HELD_TOGETHER = "Kenya and Uganda held a summit in Nairobi on Friday."


def test_parties_attending_a_gathering_do_not_meet_each_other(run_texts) -> None:
    results = run_texts([ATTENDED_TOGETHER, SUMMIT_HELD_TOGETHER], FRIDAY)
    assert not [e for e in results[ATTENDED_TOGETHER].events if e.type == "CONSULT"]
    assert ("CONSULT", "KEN", "UGA") in parties(results[SUMMIT_HELD_TOGETHER])


TRIP_TO_A_CITY = ("Libya's prime minister went to Moscow on Monday for talks with Turkish "
                  "diplomats.")


def test_talks_a_trip_is_for_are_held_where_it_went(run_texts) -> None:
    result = run_texts([TRIP_TO_A_CITY], FRIDAY)[TRIP_TO_A_CITY]
    talks = [e for e in result.events if e.type == "CONSULT"]
    assert talks and all(e.location and e.location.country == "RUS" for e in talks)


CROWD_SIGNED = ("The presidents of China, Kazakhstan, Kyrgyzstan, Russia and Tajikistan signed "
                "the declaration on Friday.")
THREE_SIGNED = "Kenya, Uganda and Tanzania signed a trade agreement on Friday."


def test_a_crowd_signing_together_is_multilateral_but_three_parties_pair_up(run_texts) -> None:
    results = run_texts([CROWD_SIGNED, THREE_SIGNED], FRIDAY)
    assert not [e for e in results[CROWD_SIGNED].events if e.type == "AGREE"]
    assert {("AGREE", "KEN", "UGA"), ("AGREE", "KEN", "TZA"), ("AGREE", "UGA", "TZA")} <= \
        parties(results[THREE_SIGNED])
