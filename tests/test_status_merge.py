"""Whether reported events happened (status), and one event per real-world event (merging):
status on sentences written for these tests; merging both through the engine and on
hand-built events, which needs no model."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.events.merge import merge_events
from communique.events.status import is_background
from communique.model import Actor, ArticleResult, Event, EventDate, Span

MONDAY = dt.date(2025, 7, 14)

NEGATED = ("Russian President Vladimir Putin did not meet Ukrainian President Volodymyr "
           "Zelensky on Sunday.")
DENIED = "Israel denied attacking a hospital in Gaza."
PLANNED = "The presidents of Kenya and Uganda will meet in Kampala next week."
ANNOUNCED = "The Kremlin said Putin will visit India next month."
PLEDGED = "Japan pledged to provide humanitarian aid to Sudan."
REFUSED = "Iran refused to release the detained British sailors."
HYPOTHETICAL = "If Russia attacks Poland, NATO would respond with force."
BACKGROUND = "Russia invaded Ukraine in February 2022."
RECENT = "Russian forces shelled the Ukrainian city of Kharkiv on Sunday."
SAME_MEETING = ("The Indian and Pakistani foreign ministers met in Astana on Sunday. They "
                "discussed trade and border security.")
DISCUSSED = ("Chinese Foreign Minister Wang Yi met Russian counterpart Sergey Lavrov in Beijing "
             "on Sunday. Wang and Lavrov also discussed the war in Ukraine.")
TWO_MEETINGS = ("Chinese Foreign Minister Wang Yi met Russian counterpart Sergey Lavrov in "
                "Beijing on Sunday. Wang Yi and Sergey Lavrov last met in Kuala Lumpur on "
                "July 2.")
TEXTS = [NEGATED, DENIED, PLANNED, ANNOUNCED, PLEDGED, REFUSED, HYPOTHETICAL, BACKGROUND, RECENT,
         SAME_MEETING, DISCUSSED, TWO_MEETINGS]


@pytest.fixture(scope="module")
def results(run_texts) -> dict[str, ArticleResult]:
    return run_texts(TEXTS)


def summary(result: ArticleResult) -> set[tuple[str, str | None, str | None, str]]:
    """(type, source party, target party, status) of every event."""
    return {(e.type, e.source.party if e.source else None,
             e.target.party if e.target else None, e.status) for e in result.events}


def of_type(result: ArticleResult, etype: str) -> list[Event]:
    return [e for e in result.events if e.type == etype]


# ---------------------------------------------------------------- status

def test_did_not_meet_is_negated(results) -> None:
    assert summary(results[NEGATED]) == {("CONSULT", "RUS", "UKR", "negated")}


def test_denied_attack_is_not_an_occurred_assault(results) -> None:
    assert not [e for e in of_type(results[DENIED], "ASSAULT") if e.status == "occurred"]


def test_future_meeting_nobody_announces_is_planned(results) -> None:
    events = of_type(results[PLANNED], "CONSULT")
    assert events and {e.status for e in events} == {"planned"}
    assert {e.source.party for e in events if e.source} <= {"KEN", "UGA"}


def test_announced_future_visit_is_an_agree_that_occurred(results) -> None:
    assert summary(results[ANNOUNCED]) == {("AGREE", "RUS", "IND", "occurred")}
    event = of_type(results[ANNOUNCED], "AGREE")[0]
    assert event.mode == "visit"
    assert event.date is not None and event.date.value == "2025-08"


def test_pledge_to_give_aid_is_an_agree(results) -> None:
    assert summary(results[PLEDGED]) == {("AGREE", "JPN", "SDN", "occurred")}


def test_refusal_to_release_is_no_release(results) -> None:
    assert not [e for e in of_type(results[REFUSED], "RETREAT") if e.status == "occurred"]


def test_conditional_attack_is_hypothetical(results) -> None:
    assert ("ASSAULT", "RUS", "POL", "hypothetical") in summary(results[HYPOTHETICAL])
    assert not [e for e in results[HYPOTHETICAL].events if e.status == "occurred"
                and e.type == "ASSAULT"]


def test_event_years_before_publication_is_background(results) -> None:
    assert summary(results[BACKGROUND]) == {("ASSAULT", "RUS", "UKR", "background")}


def test_the_same_wording_days_before_publication_occurred(results) -> None:
    assert summary(results[RECENT]) == {("ASSAULT", "RUS", "UKR", "occurred")}


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-07-10", False), ("2025-06-20", False), ("2025-05-30", True), ("2025-06", False),
    ("2025-04", True), ("2025", False), ("2022", True), (None, False)])
def test_background_means_more_than_a_month_before_publication(value: str | None,
                                                              expected: bool) -> None:
    assert is_background(value, MONDAY) is expected


def test_background_needs_a_publication_date() -> None:
    assert is_background("1999-01-01", None) is False


# ---------------------------------------------------------------- merging through the engine

def test_meeting_mentioned_twice_is_one_event(results) -> None:
    text = SAME_MEETING
    events = of_type(results[text], "CONSULT")
    assert len(events) == 1
    event = events[0]
    assert {event.source.party if event.source else None,
            event.target.party if event.target else None} == {"IND", "PAK"}
    assert [m.text for m in event.mentions] == ["They discussed trade and border security."]
    for mention in event.mentions:
        assert text[mention.start:mention.end] == mention.text


def test_what_a_pair_discussed_is_a_topic_not_a_party(results) -> None:
    events = results[DISCUSSED].events
    assert summary(results[DISCUSSED]) == {("CONSULT", "CHN", "RUS", "occurred")}
    assert "war in Ukraine" in events[0].topics


def test_two_meetings_of_one_pair_on_different_days_stay_two(results) -> None:
    events = of_type(results[TWO_MEETINGS], "CONSULT")
    dates = sorted(e.date.value for e in events if e.date)
    assert dates == ["2025-07-02", "2025-07-13"]
    places = {e.date.value: e.location.name for e in events if e.date and e.location}
    assert places == {"2025-07-13": "Beijing", "2025-07-02": "Kuala Lumpur"}


# ---------------------------------------------------------------- merge_events, hand-built

def state(code: str) -> Actor:
    return Actor(name=code, country=code)


def span(text: str, start: int = 0) -> Span:
    return Span(start, start + len(text), text)


def event(etype: str, source: str, target: str | None, sentence: str, start: int = 0,
          date: str | None = None, basis: str = "sentence", status: str = "occurred") -> Event:
    when = EventDate(date, "day" if len(date) == 10 else "month", None, basis) if date else None
    return Event(type=etype, source=state(source), target=state(target) if target else None,
                 evidence=span(sentence, start), trigger=span(sentence.split()[1], start),
                 date=when, status=status)


def test_symmetric_event_in_either_order_merges() -> None:
    first = event("CONSULT", "CHN", "RUS", "China met Russia on Sunday.", 0, "2025-07-13")
    second = event("CONSULT", "RUS", "CHN", "Russia met China too.", 30, "2025-07-13",
                   basis="episode")
    merged = merge_events([first, second])
    assert len(merged) == 1
    assert merged[0].evidence == first.evidence
    assert merged[0].mentions == [second.evidence]


def test_asymmetric_event_in_reverse_order_stays_apart() -> None:
    first = event("ACCUSE", "CHN", "USA", "China accused America.")
    second = event("ACCUSE", "USA", "CHN", "America accused China.", 30)
    assert len(merge_events([first, second])) == 2


def test_same_pair_on_different_sentence_dates_stays_apart() -> None:
    first = event("CONSULT", "CHN", "RUS", "China met Russia on Sunday.", 0, "2025-07-13")
    second = event("CONSULT", "CHN", "RUS", "China met Russia on July 2.", 40, "2025-07-02")
    assert len(merge_events([first, second])) == 2


def test_month_and_day_of_that_month_are_compatible() -> None:
    first = event("CONSULT", "CHN", "RUS", "China met Russia in July.", 0, "2025-07")
    second = event("CONSULT", "CHN", "RUS", "China met Russia on Sunday.", 40, "2025-07-13")
    merged = merge_events([first, second])
    assert len(merged) == 1


def test_weaker_date_is_replaced_by_the_sentence_date() -> None:
    first = event("CONSULT", "CHN", "RUS", "China met Russia.", 0, "2025-07-14",
                  basis="published")
    second = event("CONSULT", "CHN", "RUS", "They met on Sunday.", 30, "2025-07-13")
    merged = merge_events([first, second])
    assert len(merged) == 1
    assert merged[0].date is not None
    assert (merged[0].date.value, merged[0].date.basis) == ("2025-07-13", "sentence")


def test_later_mention_names_the_missing_target() -> None:
    first = event("ACCUSE", "CHN", None, "China protested.")
    second = event("ACCUSE", "CHN", "JPN", "China protested to Japan.", 20)
    merged = merge_events([first, second])
    assert len(merged) == 1
    assert merged[0].target is not None and merged[0].target.country == "JPN"


def test_planned_then_occurred_is_one_occurred_event() -> None:
    first = event("CONSULT", "KEN", "UGA", "Kenya will meet Uganda.", status="planned")
    second = event("CONSULT", "KEN", "UGA", "Kenya met Uganda.", 30)
    merged = merge_events([first, second])
    assert [e.status for e in merged] == ["occurred"]


def test_planned_and_hypothetical_stay_apart() -> None:
    first = event("CONSULT", "KEN", "UGA", "Kenya will meet Uganda.", status="planned")
    second = event("CONSULT", "KEN", "UGA", "Kenya could meet Uganda.", 30,
                   status="hypothetical")
    assert len(merge_events([first, second])) == 2


def test_different_types_between_one_pair_stay_apart() -> None:
    first = event("CONSULT", "CHN", "RUS", "China met Russia.")
    second = event("AGREE", "CHN", "RUS", "China signed with Russia.", 30)
    assert [e.type for e in merge_events([first, second])] == ["CONSULT", "AGREE"]


def test_topics_of_both_mentions_are_kept_once() -> None:
    first = event("CONSULT", "CHN", "RUS", "China met Russia.")
    second = event("CONSULT", "CHN", "RUS", "China met Russia again.", 30)
    first.topics, second.topics = ["energy", "trade"], ["trade", "Ukraine"]
    assert merge_events([first, second])[0].topics == ["energy", "trade", "Ukraine"]


def test_meetings_of_different_people_of_the_same_states_stay_apart() -> None:
    wang, li = (Actor(name=n, country="CHN", kind="person") for n in ("Wang Yi", "Li Qiang"))
    lavrov = Actor(name="Sergey Lavrov", country="RUS", kind="person")
    first = Event(type="CONSULT", source=wang, target=lavrov, evidence=span("Wang met Lavrov."),
                  trigger=span("met", 5),
                  date=EventDate("2025-07-13", "day", None, "sentence"))
    second = Event(type="CONSULT", source=lavrov, target=li,
                   evidence=span("Lavrov later met Li Qiang.", 20), trigger=span("met", 33),
                   date=EventDate("2025-07-13", "day", None, "episode"))
    assert len(merge_events([first, second])) == 2


def test_agreements_by_different_verbs_in_different_sentences_stay_apart() -> None:
    signed = event("AGREE", "IND", "JPN", "India signed six accords with Japan.")
    agreed = event("AGREE", "IND", "JPN", "India agreed to hold talks with Japan.", 40)
    assert len(merge_events([signed, agreed])) == 2


def test_the_same_agreement_reported_twice_is_one() -> None:
    lead = event("AGREE", "IND", "JPN", "India signed six accords with Japan.")
    again = event("AGREE", "IND", "JPN", "India signed them in Tokyo.", 40)
    assert len(merge_events([lead, again])) == 1
