"""The orchestrator: every record ends as a result or a RecordError whatever it holds (a text the
parser refuses, a record past its time budget, a plain dict), validation runs once, and an
event's codes are set when it is built."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import communique.events.engine as engine_module
import communique.ingest.checks as checks
from communique.ingest import read_path
from communique.ingest.limits import InputLimits
from communique.model import Actor, Article, ArticleResult, Event, RecordError, Span
from communique.pipeline import Pipeline, PipelineConfig
from communique.plover import derive_codes

MONDAY = dt.date(2025, 7, 14)
MEETING = "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan on Sunday."
EXPULSION = "Canada expelled two Indian diplomats on Sunday."
SLOW_WORD = "Zanzibar"  # the sentences the tests slow down name it


def articles(*texts: str) -> list[Article]:
    return [Article(id=f"a{n}", text=text, published=MONDAY) for n, text in enumerate(texts)]


def event_types(result: ArticleResult | RecordError) -> list[str]:
    assert isinstance(result, ArticleResult), result
    return [e.type for e in result.events]


def test_text_over_the_parser_limit_fails_alone(pipeline: Pipeline,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.nlp, "max_length", 300)
    long_text = " ".join([EXPULSION] * 10)
    first, long, last = pipeline.process_many(articles(MEETING, long_text, EXPULSION))
    assert event_types(first) == ["CONSULT"]
    assert event_types(last) == ["SANCTION"]
    assert isinstance(long, RecordError)
    assert (long.record, long.stage) == ("a1", "nlp")
    assert f"{len(long_text)} characters" in long.reason and "limit of 300" in long.reason
    assert "split the article" in long.reason


def test_article_over_a_million_characters_fails_alone(pipeline: Pipeline,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's own limit: such a text used to raise E088 in the batched parse and lose the
    batch. The input limit is raised past it, as a user with a big machine would."""
    monkeypatch.setattr(pipeline, "config",
                        replace(pipeline.config, limits=InputLimits(max_chars=2_000_000)))
    huge = " ".join([EXPULSION] * (pipeline.nlp.max_length // len(EXPULSION) + 1))
    first, failed = pipeline.process_many(articles(MEETING, huge))
    assert event_types(first) == ["CONSULT"]
    assert isinstance(failed, RecordError) and failed.stage == "nlp"
    assert f"limit of {pipeline.nlp.max_length:,}" in failed.reason


class FlakyParser:
    """The real parser, except that it fails on any text naming ``bad_word``, as spaCy does
    on a text it cannot handle: the whole batched ``pipe`` fails with it."""

    def __init__(self, nlp: Any, bad_word: str) -> None:
        self.nlp, self.bad_word, self.max_length = nlp, bad_word, nlp.max_length

    def __call__(self, text: str) -> Any:
        if self.bad_word in text:
            raise ValueError("[E999] the parser cannot handle this text")
        return self.nlp(text)

    def pipe(self, texts: Any) -> Iterator[Any]:
        for text in texts:
            yield self(text)


def test_a_parse_failure_loses_only_its_record(pipeline: Pipeline,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "nlp", FlakyParser(pipeline.nlp, "Zanzibar"))
    bad = "Zanzibar officials met Tanzanian leaders on Sunday."
    first, failed, last = pipeline.process_many(articles(MEETING, bad, EXPULSION))
    assert event_types(first) == ["CONSULT"] and event_types(last) == ["SANCTION"]
    assert isinstance(failed, RecordError)
    assert (failed.record, failed.stage) == ("a1", "nlp")
    assert "E999" in failed.reason


def slow_on(word: str, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the events stage spend ``seconds`` on every sentence that names ``word``."""
    find = engine_module.find_mentions

    def slow_find(sent: Any, lexicon: Any) -> Any:
        if word in sent.text:
            stop = time.monotonic() + seconds
            while time.monotonic() < stop:
                time.sleep(0.01)
        return find(sent, lexicon)

    monkeypatch.setattr(engine_module, "find_mentions", slow_find)


def test_record_past_its_budget_fails_between_sentences(pipeline: Pipeline,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.config, "record_timeout_s", 2.0)
    slow_on(SLOW_WORD, 2.5, monkeypatch)
    slow = f"Talks opened in {SLOW_WORD}. {EXPULSION} {MEETING}"
    first, failed, last = pipeline.process_many(articles(MEETING, slow, EXPULSION))
    assert event_types(first) == ["CONSULT"] and event_types(last) == ["SANCTION"]
    assert isinstance(failed, RecordError)
    assert (failed.record, failed.stage) == ("a1", "events")
    assert "extraction exceeded 2 s" in failed.reason


def test_alarm_stops_a_record_stuck_in_its_last_sentence(pipeline: Pipeline,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """No sentence boundary follows the stuck one, so only the hard alarm can stop it (the
    test runs in the main thread, where the alarm is armed)."""
    monkeypatch.setattr(pipeline.config, "record_timeout_s", 0.5)
    slow_on(SLOW_WORD, 20.0, monkeypatch)
    stuck = f"{EXPULSION} Talks opened in {SLOW_WORD}."
    first, failed, last = pipeline.process_many(articles(MEETING, stuck, EXPULSION))
    assert event_types(first) == ["CONSULT"] and event_types(last) == ["SANCTION"]
    assert isinstance(failed, RecordError)
    assert "extraction exceeded 0.5 s" in failed.reason


def test_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="record_timeout_s"):
        PipelineConfig(record_timeout_s=0)


def test_process_many_takes_plain_dicts(pipeline: Pipeline) -> None:
    records = [
        {"id": "meeting", "text": MEETING, "published": "2025-07-14", "url": "https://x.org/1",
         "title": "Putin meets Erdogan"},
        {"id": "expulsion", "text": EXPULSION, "published": MONDAY},
        {"id": "bad-date", "text": EXPULSION, "published": "14/07/2025"},
        {"text": EXPULSION},
    ]
    meeting, expulsion, bad_date, no_id = pipeline.process_many(records)
    assert isinstance(meeting, ArticleResult)
    assert (meeting.article.url, meeting.article.title) == ("https://x.org/1",
                                                            "Putin meets Erdogan")
    assert [(e.type, e.date.value if e.date else None) for e in meeting.events] == [
        ("CONSULT", "2025-07-13")]
    assert event_types(expulsion) == ["SANCTION"]
    assert isinstance(bad_date, RecordError) and bad_date.record == "bad-date"
    assert "14/07/2025" in bad_date.reason
    assert isinstance(no_id, RecordError) and "record 4" in no_id.record


def test_process_takes_one_dict(pipeline: Pipeline) -> None:
    result = pipeline.process({"id": "one", "text": EXPULSION, "published": "2025-07-14"})
    assert event_types(result) == ["SANCTION"]


@pytest.mark.parametrize("item", [EXPULSION, ("a1", EXPULSION), 42])
def test_process_many_refuses_other_items_by_name(pipeline: Pipeline, item: object) -> None:
    with pytest.raises(TypeError, match=f"record 2 .* is a {type(item).__name__}; give Article"):
        list(pipeline.process_many([articles(EXPULSION)[0], item]))


def counting_detector(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the texts whose language is detected."""
    seen: list[str] = []
    detect = checks.detect_language

    def counted(text: str) -> tuple[str, float]:
        seen.append(text)
        return detect(text)

    monkeypatch.setattr(checks, "detect_language", counted)
    return seen


def test_read_articles_are_validated_once(pipeline: Pipeline, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"r{n}", "text": text, "published": "2025-07-14"})
                              + "\n" for n, text in enumerate([MEETING, EXPULSION])))
    seen = counting_detector(monkeypatch)
    results = list(pipeline.process_many(read_path(corpus)))
    assert [event_types(r) for r in results] == [["CONSULT"], ["SANCTION"]]
    assert seen == [MEETING, EXPULSION]


def test_articles_built_by_hand_are_validated(pipeline: Pipeline,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen = counting_detector(monkeypatch)
    empty, good = pipeline.process_many([Article(id="empty", text="  "), *articles(EXPULSION)])
    assert isinstance(empty, RecordError) and "no text" in empty.reason
    assert isinstance(good, ArticleResult) and good.article.language == "en"
    assert seen == [EXPULSION]


def test_event_codes_are_set_when_the_event_is_built() -> None:
    span = Span(0, len(EXPULSION), EXPULSION)
    event = Event(type="SANCTION", mode="expel", source=Actor("Canada", country="CAN"),
                  target=Actor("India", country="IND"), evidence=span, trigger=span)
    expected = derive_codes("SANCTION", "expel")
    assert (event.cameo, event.quad_class, event.score) == (
        expected["cameo"], expected["quad_class"], expected["score"])
    retyped = replace(event, type="AGREE", mode=None)
    assert retyped.cameo == derive_codes("AGREE", None)["cameo"] != event.cameo
    assert retyped.to_dict()["cameo"] == retyped.cameo
