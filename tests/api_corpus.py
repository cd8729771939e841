"""A small hand-written corpus of articles and their events, for the API and browser tests.

The events are built by hand (no NLP model), with every span pointing into the article text, so
the tests exercise the store and the API on known data. One article is hostile: its text,
title, outlet and URL carry markup and script, which every page and download must keep inert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from communique.model import Actor, Article, ArticleResult, Event, EventDate, Place, Span
from communique.store import open_store

XSS_SCRIPT = "<script>window.__xss = 'script ran'</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss = 'img ran'\">"
XSS_TITLE = "<script>window.__xss = 'title ran'</script>Breaking"
XSS_OUTLET = "<b onmouseover=\"window.__xss = 'outlet ran'\">Bold Times</b>"
XSS_URL = "javascript:window.__xss = 'link ran'"


@dataclass(frozen=True)
class Fact:
    """One event as the test writes it: which words of the sentence play which part."""

    type: str
    source: tuple[str, str]  # (words in the text, country code)
    target: tuple[str, str]
    trigger: str
    date: str | None = None
    place: tuple[str, float, float, str] | None = None  # (words, latitude, longitude, country)
    mode: str | None = None
    date_words: str | None = None  # the words the date was read from, if any


def span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def sentence_around(text: str, words: str) -> Span:
    at = text.index(words)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", at)
    end = len(text) if end < 0 else end + 1
    return Span(start, end, text[start:end])


def build_event(text: str, fact: Fact) -> Event:
    sentence = sentence_around(text, fact.trigger)
    at = sentence.start

    def actor(words: str, code: str) -> Actor:
        return Actor(name=words, country=code, span=span(text, words, at))

    place = None
    if fact.place:
        words, lat, lon, country = fact.place
        place = Place(name=words, country=country, latitude=lat, longitude=lon,
                      span=span(text, words, at))
    date = None
    if fact.date:
        read_from = span(text, fact.date_words, at) if fact.date_words else None
        date = EventDate(fact.date, "day", span=read_from,
                         basis="sentence" if read_from else "published")
    return Event(type=fact.type, mode=fact.mode, source=actor(*fact.source),
                 target=actor(*fact.target), evidence=sentence,
                 trigger=span(text, fact.trigger, at), date=date, location=place)


ARTICLES: list[tuple[Article, list[Fact]]] = [
    (Article("reuters-1", "China and the United States signed a trade agreement in Geneva on "
                          "Monday. Markets rose.", dt.date(2025, 3, 4),
             "https://news.example/reuters-1", "Trade deal signed", "Reuters"),
     [Fact("AGREE", ("China", "CHN"), ("the United States", "USA"), "signed", "2025-03-03",
           date_words="Monday", place=("Geneva", 46.2022, 6.1457, "CH"))]),
    (Article("ap-1", "Officials said Washington and Beijing signed the trade pact in Geneva. "
                     "Details were scarce.", dt.date(2025, 3, 4),
             "https://news.example/ap-1", "Pact in Geneva", "AP"),
     [Fact("AGREE", ("Washington", "USA"), ("Beijing", "CHN"), "signed", "2025-03-03",
           ("Geneva", 46.2022, 6.1457, "CH"))]),
    (Article("afp-1", "China accused the United States of spying on Tuesday. The embassy "
                      "declined to comment.", dt.date(2025, 6, 11),
             "https://news.example/afp-1", "Spying row", "AFP"),
     [Fact("ACCUSE", ("China", "CHN"), ("the United States", "USA"), "accused",
           "2025-06-10", date_words="Tuesday")]),
    (Article("bbc-1", "Russia accused Ukraine of shelling Kharkiv. Ukraine's army attacked "
                      "Russian positions near Belgorod.", dt.date(2025, 4, 10),
             "https://news.example/bbc-1", "Front line", "BBC"),
     [Fact("ACCUSE", ("Russia", "RUS"), ("Ukraine", "UKR"), "accused", "2025-04-10",
           ("Kharkiv", 49.9935, 36.2304, "UA")),
      Fact("ASSAULT", ("Ukraine's army", "UKR"), ("Russian", "RUS"), "attacked", "2025-04-09",
           ("Belgorod", 50.5977, 36.5858, "RU"))]),
    (Article("evil-1", f"Hackers wrote {XSS_SCRIPT} and then France threatened Germany with "
                       f"sanctions {XSS_IMG} in Paris.", dt.date(2025, 5, 20), XSS_URL,
             XSS_TITLE, XSS_OUTLET),
     [Fact("THREATEN", ("France", "FRA"), ("Germany", "DEU"), "threatened", "2025-05-19",
           ("Paris", 48.8566, 2.3522, "FR"))]),
]


def corpus_results() -> list[ArticleResult]:
    return [ArticleResult(article, [build_event(article.text, fact) for fact in facts])
            for article, facts in ARTICLES]


def write_corpus_store(path: Path) -> Path:
    """A SQLite store at ``path`` holding the corpus; returns the path."""
    store = open_store(path)
    try:
        for result in corpus_results():
            store.add_result(result.article, result)
    finally:
        store.close()
    return path
