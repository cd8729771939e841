"""The event engine on sentences written for these tests: every PLOVER type, dates and places on
events, topics, and the provenance every field carries (spans that index the article text)."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources
from typing import Any

import pytest

from communique.errors import InputError
from communique.model import EVENT_TYPES, SYMMETRIC_TYPES, ArticleResult, Event, Span
from communique.pipeline import Pipeline, extract

MONDAY = dt.date(2025, 7, 14)
SUNDAY = "2025-07-13"


def case(text: str, etype: str, source: str, target: str | None, mode: str | None = None,
         fails: str | None = None) -> Any:
    """One row of the type table; ``fails`` names the engine's known gap (a strict xfail)."""
    marks = [pytest.mark.xfail(reason=fails, strict=True, raises=AssertionError)] if fails else []
    return pytest.param(text, etype, source, target, mode, marks=marks,
                        id=f"{etype}-{source}-{target}")


TYPE_CASES = [
    case("French President Emmanuel Macron met German Chancellor Friedrich Merz in Paris "
         "on Sunday.", "CONSULT", "FRA", "DEU"),
    case("Russian President Vladimir Putin phoned Turkish President Recep Tayyip Erdogan on "
         "Sunday.", "CONSULT", "RUS", "TUR", "phone"),
    case("Turkish President Recep Tayyip Erdogan visited Baghdad on Sunday.",
         "CONSULT", "TUR", "IRQ", "visit"),
    case("Indonesian President Prabowo Subianto met with visiting Malaysian Prime Minister "
         "Anwar Ibrahim in Jakarta on Sunday.", "CONSULT", "IDN", "MYS"),
    case("Japan and South Korea signed an agreement on fisheries in Tokyo on Sunday.",
         "AGREE", "JPN", "KOR"),
    case("Turkey praised Azerbaijan for its efforts to reach a peace deal with Armenia.",
         "SUPPORT", "TUR", "AZE"),
    case("The Philippine president apologised to Indonesia for the incident on Sunday.",
         "CONCEDE", "PHL", "IDN"),
    case("Brazil extradited a Paraguayan drug trafficker to Paraguay on Sunday.",
         "COOPERATE", "BRA", "PRY"),
    case("India and France held joint naval exercises in the Arabian Sea on Sunday.",
         "COOPERATE", "IND", "FRA"),
    case("Japan delivered food aid to Sudan on Sunday.", "AID", "JPN", "SDN"),
    case("Germany granted asylum to a Russian journalist on Sunday.", "AID", "DEU", "RUS",
         "asylum"),
    case("Germany provided Ukraine with two air defence systems last week.",
         "AID", "DEU", "UKR"),
    case("Iran released two detained British sailors on Sunday.",
         "RETREAT", "IRN", "GBR", "release"),
    case("Israel withdrew its troops from southern Lebanon on Sunday.",
         "RETREAT", "ISR", "LBN", "withdraw"),
    case("Ukraine urged Germany to send more air defence systems.", "REQUEST", "UKR", "DEU"),
    case("Poland accused Belarus of orchestrating a migrant crisis on its border.",
         "ACCUSE", "POL", "BLR"),
    case("The Vietnamese foreign ministry protested to China on Sunday over the seizure of a "
         "fishing boat.", "ACCUSE", "VNM", "CHN"),
    case("Venezuela rejected Guyana's proposal to settle the border dispute in court.",
         "REJECT", "VEN", "GUY"),
    case("Venezuela rejected a proposal by Guyana to take the border dispute to court.",
         "REJECT", "VEN", "GUY"),
    case("China threatened Taiwan with military action on Sunday.", "THREATEN", "CHN", "TWN"),
    case("Thousands of Georgian protesters rallied against the government in Tbilisi on "
         "Sunday.", "PROTEST", "GEO", "GEO", "demo"),
    case("The European Union imposed sanctions on Iran over its drone exports.",
         "SANCTION", "EU", "IRN"),
    case("Canada expelled two Indian diplomats on Sunday.", "SANCTION", "CAN", "IND", "expel"),
    case("Russia deployed troops to Belarus on Sunday.", "MOBILIZE", "RUS", "BLR"),
    case("North Korea test-fired a ballistic missile into the sea on Sunday.",
         "MOBILIZE", "PRK", None, "weapons-test"),
    case("Egyptian police arrested 40 protesters in Cairo on Sunday.",
         "COERCE", "EGY", "EGY", "arrest"),
    case("Russian forces shelled the Ukrainian city of Kharkiv on Sunday.",
         "ASSAULT", "RUS", "UKR"),
]
TYPE_TEXTS = [p.values[0] for p in TYPE_CASES]


@pytest.fixture(scope="module")
def type_results(run_texts) -> dict[str, ArticleResult]:
    return run_texts(TYPE_TEXTS)


def party(actor: Any) -> str | None:
    return actor.party if actor is not None else None


def has_event(events: list[Event], etype: str, source: str, target: str | None) -> bool:
    wanted = (source, target)
    for event in events:
        got = (party(event.source), party(event.target))
        if event.type == etype and (got == wanted or (etype in SYMMETRIC_TYPES
                                    and got == wanted[::-1])):
            return True
    return False


def describe(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, party(e.source), party(e.target)) for e in events]


def test_every_plover_type_has_a_case() -> None:
    assert {p.values[1] for p in TYPE_CASES} == set(EVENT_TYPES)


@pytest.mark.parametrize(("text", "etype", "source", "target", "mode"), TYPE_CASES)
def test_trigger_gives_type_and_parties(type_results, text: str, etype: str, source: str,
                                        target: str | None, mode: str | None) -> None:
    events = type_results[text].events
    assert has_event(events, etype, source, target), describe(events)
    if mode is not None:
        assert {e.mode for e in events if e.type == etype} == {mode}


def test_events_of_clear_sentences_occurred(type_results) -> None:
    statuses = {e.status for text in TYPE_TEXTS for e in type_results[text].events}
    assert statuses == {"occurred"}


def test_extract_api_takes_a_date_string(pipeline: Pipeline) -> None:
    events = extract("Canada expelled two Indian diplomats on Sunday.",
                     published="2025-07-14", pipeline=pipeline)
    assert [(e.type, e.date.value if e.date else None) for e in events] == [
        ("SANCTION", SUNDAY)]


def test_extract_api_raises_input_error_on_empty_text(pipeline: Pipeline) -> None:
    with pytest.raises(InputError, match="no text"):
        extract("   ", published=MONDAY, pipeline=pipeline)


def test_sentence_without_trigger_gives_no_event(run_texts) -> None:
    text = "The weather in Oslo was mild on Sunday, and the harbour was busy with ferries."
    assert run_texts([text])[text].events == []


# ---------------------------------------------------------------- dates on events

WANG_LAVROV = ("Chinese Foreign Minister Wang Yi met Russian counterpart Sergey Lavrov in "
               "Beijing on Sunday. Wang criticised the United States.")


def only(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, describe(events)
    return found[0]


def test_on_sunday_is_the_sunday_before_publication(run_texts) -> None:
    result = run_texts([WANG_LAVROV])[WANG_LAVROV]
    date = only(result.events, "CONSULT").date
    assert date is not None
    assert (date.value, date.precision, date.basis) == (SUNDAY, "day", "sentence")
    assert date.span is not None and date.span.text == "Sunday"
    assert WANG_LAVROV[date.span.start:date.span.end] == "Sunday"


def test_undated_later_sentence_takes_the_story_date(run_texts) -> None:
    result = run_texts([WANG_LAVROV])[WANG_LAVROV]
    date = only(result.events, "ACCUSE").date
    assert date is not None
    assert (date.value, date.basis) == (SUNDAY, "episode")


def test_same_story_published_a_week_later_moves_the_date(run_texts) -> None:
    result = run_texts([WANG_LAVROV], day=dt.date(2025, 7, 21))[WANG_LAVROV]
    date = only(result.events, "CONSULT").date
    assert date is not None and date.value == "2025-07-20"


def test_undated_story_falls_back_to_the_publication_date(run_texts) -> None:
    text = "Ukraine urged Germany to send more air defence systems."
    date = only(run_texts([text])[text].events, "REQUEST").date
    assert date is not None
    assert (date.value, date.basis, date.span) == (MONDAY.isoformat(), "published", None)


def test_no_dates_at_all_gives_no_event_date(run_texts) -> None:
    text = "Ukraine urged Germany to send more air defence systems."
    event = only(run_texts([text], day=None)[text].events, "REQUEST")
    assert event.date is None
    assert event.to_dict()["date"] is None


@pytest.mark.parametrize(("when", "value", "precision"), [
    ("yesterday", "2025-07-13", "day"), ("on Monday", "2025-07-14", "day"),
    ("on July 2", "2025-07-02", "day"), ("earlier this month", "2025-07", "month")])
def test_relative_expressions_on_events(run_texts, when: str, value: str,
                                        precision: str) -> None:
    text = f"Japan delivered food aid to Sudan {when}."
    date = only(run_texts([text])[text].events, "AID").date
    assert date is not None
    assert (date.value, date.precision, date.basis) == (value, precision, "sentence")
    assert date.span is not None and text[date.span.start:date.span.end] in when


def test_month_expression_gives_month_precision(run_texts) -> None:
    text = "Russian troops attacked Ukraine in February 2022."
    date = only(run_texts([text])[text].events, "ASSAULT").date
    assert date is not None and (date.value, date.precision) == ("2022-02", "month")


# ---------------------------------------------------------------- places on events

def test_locative_city_is_geocoded(type_results) -> None:
    text = "Egyptian police arrested 40 protesters in Cairo on Sunday."
    place = only(type_results[text].events, "COERCE").location
    assert place is not None
    assert (place.name, place.country) == ("Cairo", "EGY")
    assert place.latitude == pytest.approx(30.0, abs=0.5)
    assert place.longitude == pytest.approx(31.2, abs=0.5)
    assert place.span is not None and text[place.span.start:place.span.end] == "Cairo"


def test_phone_call_has_no_place(type_results) -> None:
    text = TYPE_TEXTS[1]
    assert only(type_results[text].events, "CONSULT").location is None


def test_visit_to_a_capital_takes_place_there(type_results) -> None:
    text = "Turkish President Recep Tayyip Erdogan visited Baghdad on Sunday."
    place = only(type_results[text].events, "CONSULT").location
    assert place is not None and (place.name, place.country) == ("Baghdad", "IRQ")


def test_hosted_visit_takes_the_stated_city(run_texts) -> None:
    text = "Egypt hosted Qatari negotiators in Cairo on Sunday."
    place = only(run_texts([text])[text].events, "CONSULT").location
    assert place is not None and place.name == "Cairo"


def test_upper_case_country_code_is_not_a_dateline(run_texts) -> None:
    # "US" opening a sentence is the actor, not a dateline: no mention in the text places the
    # statement, so any place it gets is the speaker's state, inferred at low confidence.
    text = "The US condemned Russia on Sunday."
    event = only(run_texts([text])[text].events, "ACCUSE")
    assert event.location is None or (event.location.span is None
                                      and event.location.confidence <= 0.3)


def test_real_dateline_places_the_story(run_texts) -> None:
    text = "NAIROBI, July 13 -- Kenya accused Somalia of arming militants."
    event = only(run_texts([text])[text].events, "ACCUSE")
    assert event.location is not None and event.location.country == "KEN"


# ---------------------------------------------------------------- topics

def test_what_an_agreement_is_on_is_a_topic(type_results) -> None:
    text = "Japan and South Korea signed an agreement on fisheries in Tokyo on Sunday."
    assert "fisheries" in only(type_results[text].events, "AGREE").topics


def test_a_date_is_not_a_topic(type_results) -> None:
    text = TYPE_CASES[0].values[0]
    assert "Sunday" not in only(type_results[text].events, "CONSULT").topics


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "attributes._phrase_text keeps the modifiers of a later conjunct and drops its head: "
    "'discussed trade and border security in Astana' gives 'trade security in Astana'"))
def test_conjoined_topics_are_listed_apart(run_texts) -> None:
    text = ("The Indian and Pakistani foreign ministers discussed trade and border security "
            "in Astana on Sunday.")
    topics = {t for e in run_texts([text])[text].events for t in e.topics}
    assert "trade" in topics and "border security" in topics


# ---------------------------------------------------------------- provenance

ARTICLE = (
    "  ASTANA, July 13 -- Kazakh President Kassym-Jomart Tokayev met Uzbek President "
    "Shavkat Mirziyoyev in Astana on Sunday.\n\nThe two leaders signed an agreement on water "
    "sharing.\n\nOn Saturday, Kazakh police detained 12 activists in Almaty.  Tokayev later "
    "criticised Kyrgyzstan over the border closure."
)


def actor_spans(event: Event) -> list[Span]:
    return [a.span for a in (event.source, event.target) if a is not None and a.span]


def spans_of(event: Event) -> list[Span]:
    found = [event.evidence, event.trigger, *event.mentions]
    if event.date is not None and event.date.span is not None:
        found.append(event.date.span)
    if event.location is not None and event.location.span is not None:
        found.append(event.location.span)
    return found


def all_events(type_results, run_texts) -> list[tuple[str, Event]]:
    pairs = [(text, e) for text in TYPE_TEXTS for e in type_results[text].events]
    pairs += [(ARTICLE, e) for e in run_texts([ARTICLE])[ARTICLE].events]
    return pairs


def test_article_gives_the_expected_events(run_texts) -> None:
    events = run_texts([ARTICLE])[ARTICLE].events
    assert has_event(events, "CONSULT", "KAZ", "UZB")
    assert has_event(events, "AGREE", "KAZ", "UZB")
    assert any(e.type == "COERCE" and party(e.source) == "KAZ" for e in events)


def test_every_span_indexes_the_article_text(type_results, run_texts) -> None:
    pairs = all_events(type_results, run_texts)
    assert len(pairs) >= 25
    for text, event in pairs:
        for span in spans_of(event):
            assert text[span.start:span.end] == span.text, (span, event.type)


def test_every_actor_span_indexes_the_article_text(type_results, run_texts) -> None:
    for text, event in all_events(type_results, run_texts):
        for span in actor_spans(event):
            assert text[span.start:span.end] == span.text, (span, event.type)


def test_named_actor_spans_index_the_article_text(type_results) -> None:
    text = TYPE_CASES[0].values[0]
    event = only(type_results[text].events, "CONSULT")
    spans = actor_spans(event)
    assert len(spans) == 2
    assert "Emmanuel Macron" in spans[0].text and "Friedrich Merz" in spans[1].text
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_evidence_is_the_sentence_holding_the_trigger(type_results, run_texts) -> None:
    for text, event in all_events(type_results, run_texts):
        row = event.to_dict()
        start, end = row["evidence_span"]["start"], row["evidence_span"]["end"]
        assert text[start:end] == row["evidence"]
        assert row["evidence"] == row["evidence"].strip()
        assert start <= event.trigger.start < event.trigger.end <= end


def test_evidence_sentences_in_a_multi_paragraph_article(run_texts) -> None:
    events = run_texts([ARTICLE])[ARTICLE].events
    coerce = only(events, "COERCE")
    assert coerce.evidence.text == "On Saturday, Kazakh police detained 12 activists in Almaty."
    assert coerce.date is not None and coerce.date.value == "2025-07-12"


def plover_codes() -> dict[tuple[str, str], tuple[str, int, float]]:
    text = resources.files("communique.events").joinpath("data/plover_codes.tsv").read_text()
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")),
                          delimiter="\t")
    return {(r["type"], r["mode"]): (r["cameo"], int(r["quad_class"]), float(r["score"]))
            for r in rows}


def test_plover_code_table_covers_every_type_with_the_right_sign() -> None:
    table = plover_codes()
    assert {t for t, m in table if m == ""} == set(EVENT_TYPES)
    for (etype, mode), (_cameo, quad, score) in table.items():
        assert quad in (1, 2, 3, 4), (etype, mode)
        assert (score > 0) == (quad in (1, 2)), (etype, mode, score)


def test_event_codes_follow_the_table(type_results, run_texts) -> None:
    table = plover_codes()
    for _text, event in all_events(type_results, run_texts):
        row = event.to_dict()
        expected = table.get((row["type"], row["mode"] or ""), table[(row["type"], "")])
        assert (row["cameo"], row["quad_class"], row["score"]) == expected, row["type"]


def test_to_dict_carries_the_guideline_fields(type_results) -> None:
    row = only(type_results[TYPE_TEXTS[0]].events, "CONSULT").to_dict()
    for key in ("type", "mode", "source", "target", "date", "location", "status", "topics",
                "evidence", "evidence_span", "trigger", "confidence", "cameo", "quad_class",
                "score"):
        assert key in row
    assert row["source"]["country"] in ("FRA", "DEU")
    assert 0.0 < row["confidence"] <= 1.0
    assert row["date_info"]["basis"] == "sentence"


HEADLINE_ON_ITS_LINE = ("Kenya expels Ugandan envoy\nKenya on Monday expelled the Ugandan "
                        "ambassador over a border dispute.")
HARD_WRAPPED = ("Kenya on Monday expelled the Ugandan\nambassador over a border dispute, the\n"
                "foreign ministry in Nairobi said in\na statement issued late in the day\n"
                "after a meeting of the cabinet that\nwas held in the capital.")


def test_a_headline_on_its_own_line_is_its_own_sentence(run_texts) -> None:
    events = run_texts([HEADLINE_ON_ITS_LINE])[HEADLINE_ON_ITS_LINE].events
    assert {e.evidence.text for e in events} <= {
        "Kenya expels Ugandan envoy",
        "Kenya on Monday expelled the Ugandan ambassador over a border dispute."}


def test_hard_wrapped_lines_are_not_cut_into_sentences(pipeline) -> None:
    doc = pipeline.engine.nlp(HARD_WRAPPED)
    assert len(list(doc.sents)) == 1
