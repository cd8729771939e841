"""Scoring predictions against gold (communique.evaluation and ``communique evaluate``) on
hand-built events: matching rules, unscored gold, attribute accuracy, micro and per-document F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from communique.cli.main import main
from communique.errors import InputError
from communique.evaluation import load_events, names_agree, party, score

Row = dict[str, Any]


def actor(country: str | None = None, name: str | None = None, org: str | None = None) -> Row:
    return {"name": name or country or org, "country": country, "org": org}


def ev(etype: str, source: Row | None, target: Row | None, date: str | None = None,
       status: str = "occurred", place: tuple[str, str] | None = None) -> Row:
    location = {"name": place[0], "country": place[1]} if place else None
    return {"type": etype, "source": source, "target": target, "date": date,
            "status": status, "location": location}


CHN, RUS, USA = actor("CHN", "Wang Yi"), actor("RUS", "Sergey Lavrov"), actor("USA")
KEN, UGA = actor("KEN"), actor("UGA")


def counts(report: Any, level: str) -> tuple[int, int, int]:
    tally = report.levels[level]
    return tally.tp, tally.fp, tally.fn


# ---------------------------------------------------------------- matching rules

def test_symmetric_type_matches_in_either_order() -> None:
    report = score({"d": [ev("CONSULT", CHN, RUS)]}, {"d": [ev("CONSULT", RUS, CHN)]})
    assert counts(report, "event") == (1, 0, 0)


@pytest.mark.parametrize("etype", ["ACCUSE", "SUPPORT", "ASSAULT"])
def test_asymmetric_type_needs_the_same_order(etype: str) -> None:
    report = score({"d": [ev(etype, CHN, USA)]}, {"d": [ev(etype, USA, CHN)]})
    assert counts(report, "event") == (0, 1, 1)
    assert counts(report, "dyad") == (1, 0, 0)


def test_wrong_type_matches_only_the_dyad() -> None:
    report = score({"d": [ev("ACCUSE", CHN, USA)]}, {"d": [ev("THREATEN", CHN, USA)]})
    assert counts(report, "event") == (0, 1, 1)
    assert counts(report, "dyad") == (1, 0, 0)


def test_type_names_are_compared_case_blind() -> None:
    report = score({"d": [ev("accuse", CHN, USA)]}, {"d": [ev("ACCUSE", CHN, USA)]})
    assert counts(report, "event") == (1, 0, 0)


def test_matching_is_one_to_one() -> None:
    report = score({"d": [ev("CONSULT", CHN, RUS)]},
                   {"d": [ev("CONSULT", CHN, RUS), ev("CONSULT", RUS, CHN)]})
    assert counts(report, "event") == (1, 1, 0)


def test_unscored_gold_forgives_a_matching_prediction() -> None:
    gold = {"d": [ev("CONSULT", KEN, UGA, status="planned"), ev("ACCUSE", CHN, USA)]}
    pred = {"d": [ev("CONSULT", UGA, KEN), ev("ACCUSE", CHN, USA)]}
    assert counts(score(gold, pred), "event") == (1, 0, 0)


def test_unscored_gold_does_not_forgive_a_different_event() -> None:
    gold = {"d": [ev("CONSULT", KEN, UGA, status="background")]}
    pred = {"d": [ev("ASSAULT", KEN, UGA)]}
    assert counts(score(gold, pred), "event") == (0, 1, 0)


def test_missing_prediction_for_a_document_counts_as_misses() -> None:
    report = score({"d": [ev("ACCUSE", CHN, USA), ev("CONSULT", CHN, RUS)]}, {})
    assert counts(report, "event") == (0, 0, 2)


@pytest.mark.parametrize(("row", "expected"), [
    (actor("rus", "Lavrov"), "RUS"), (actor(org="nato"), "NATO"),
    ({"name": "Rapid  Support Forces", "country": None, "org": None}, "rapid support forces"),
    ({"name": "Unknown", "country": None}, None), (None, None),
])
def test_an_actor_is_reduced_to_its_party(row: Row | None, expected: str | None) -> None:
    assert party(row) == expected


def test_unknown_source_matches_an_empty_source() -> None:
    gold = {"d": [ev("ASSAULT", {"name": "unknown", "country": None}, actor("UKR"))]}
    pred = {"d": [ev("ASSAULT", None, actor("UKR"))]}
    assert counts(score(gold, pred), "event") == (1, 0, 0)


@pytest.mark.parametrize(("gold", "pred", "agree"), [
    ("Sergey Lavrov", "Lavrov", True), ("Sergei Lavrov", "Sergey Lavrov", True),
    ("António Guterres", "Antonio Guterres", True), ("Wang Yi", "Sergey Lavrov", False),
])
def test_names_agree_on_subsets_surnames_and_accents(gold: str, pred: str, agree: bool) -> None:
    assert names_agree({"name": gold}, {"name": pred}) is agree


# ---------------------------------------------------------------- attribute accuracy

def test_attribute_accuracy_on_matched_events() -> None:
    gold = {"d": [ev("CONSULT", CHN, RUS, "2025-07-13", place=("Beijing", "CHN")),
                  ev("ACCUSE", CHN, USA, "2025-07-12", place=("Beijing", "CHN"))]}
    pred = {"d": [ev("CONSULT", RUS, CHN, "2025-07-13", place=("Peking", "CHN")),
                  ev("ACCUSE", CHN, USA, "2025-07-14", place=("Washington", "USA"))]}
    attributes = score(gold, pred).to_dict()["attribute_accuracy"]
    assert attributes["date"] == {"correct": 1, "of": 2, "accuracy": 0.5}
    assert attributes["location_country"] == {"correct": 1, "of": 2, "accuracy": 0.5}
    assert attributes["location_name"] == {"correct": 0, "of": 2, "accuracy": 0.0}
    # the reversed CONSULT compares Wang Yi with Wang Yi, not with Lavrov
    assert attributes["source_name"]["accuracy"] == 1.0
    assert attributes["target_name"]["accuracy"] == 1.0


def test_month_gold_date_accepts_a_day_in_that_month() -> None:
    gold = {"d": [ev("ACCUSE", CHN, USA, "2025-07")]}
    pred = {"d": [ev("ACCUSE", CHN, USA, "2025-07-13")]}
    attributes = score(gold, pred).to_dict()["attribute_accuracy"]
    assert attributes["date"]["accuracy"] == 1.0


def test_gold_without_date_is_not_scored_on_date() -> None:
    report = score({"d": [ev("ACCUSE", CHN, USA)]}, {"d": [ev("ACCUSE", CHN, USA, "2025-07")]})
    assert report.to_dict()["attribute_accuracy"]["date"]["of"] == 0


def test_matching_prefers_the_pairing_that_agrees_on_dates() -> None:
    gold = {"d": [ev("CONSULT", CHN, RUS, "2025-07-13"), ev("CONSULT", CHN, RUS, "2025-07-02")]}
    pred = {"d": [ev("CONSULT", CHN, RUS, "2025-07-02"), ev("CONSULT", RUS, CHN, "2025-07-13")]}
    attributes = score(gold, pred).to_dict()["attribute_accuracy"]
    assert attributes["date"] == {"correct": 2, "of": 2, "accuracy": 1.0}


# ---------------------------------------------------------------- micro and per-document F1

def test_micro_and_per_document_f1_differ() -> None:
    perfect = [ev("CONSULT", CHN, RUS), ev("ACCUSE", CHN, USA), ev("AGREE", KEN, UGA)]
    gold = {"a": perfect, "b": [ev("ASSAULT", RUS, actor("UKR"))], "empty": []}
    pred = {"a": perfect, "b": [ev("ASSAULT", actor("UKR"), RUS)], "empty": []}
    data = score(gold, pred).to_dict()
    assert data["documents"] == 3
    assert data["levels"]["event"]["f1"] == 0.75  # tp 3, fp 1, fn 1
    assert data["doc_macro_f1"]["event"] == 0.5  # 1.0 and 0.0; the empty document is left out
    assert data["doc_macro_f1"]["dyad"] == 1.0


def test_per_type_scores() -> None:
    gold = {"d": [ev("ACCUSE", CHN, USA), ev("CONSULT", CHN, RUS)]}
    pred = {"d": [ev("ACCUSE", CHN, USA), ev("THREATEN", CHN, RUS)]}
    per_type = score(gold, pred).to_dict()["per_type"]
    assert per_type["ACCUSE"]["f1"] == 1.0
    assert (per_type["CONSULT"]["fn"], per_type["THREATEN"]["fp"]) == (1, 1)


# ---------------------------------------------------------------- files and the CLI

def write_jsonl(path: Path, docs: dict[str, list[Row]]) -> Path:
    path.write_text("".join(json.dumps({"id": k, "events": v}) + "\n" for k, v in docs.items()),
                    encoding="utf-8")
    return path


def test_load_events_reads_jsonl_and_json_arrays(tmp_path: Path) -> None:
    docs = {"a": [ev("ACCUSE", CHN, USA)], "b": []}
    assert load_events(write_jsonl(tmp_path / "x.jsonl", docs)) == docs
    array = tmp_path / "x.json"
    array.write_text(json.dumps([{"id": "a", "events": docs["a"]}, {"id": "b"}]))
    assert load_events(array) == docs


def test_load_events_names_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "a", "events": []}\n{"id": "b", "events": [\n')
    with pytest.raises(InputError, match="not JSON lines") as caught:
        load_events(path)
    assert caught.value.record == str(path)


@pytest.fixture
def gold_and_pred(tmp_path: Path) -> tuple[Path, Path]:
    gold = write_jsonl(tmp_path / "gold.jsonl",
                       {"a": [ev("ACCUSE", CHN, USA), ev("CONSULT", CHN, RUS)]})
    pred = write_jsonl(tmp_path / "pred.jsonl",
                       {"a": [ev("ACCUSE", CHN, USA), ev("THREATEN", CHN, RUS)]})
    return gold, pred  # event-level F1 0.5


def test_evaluate_cli_fails_below_the_floor(gold_and_pred: tuple[Path, Path],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = gold_and_pred
    assert main(["evaluate", str(gold), str(pred), "--min-event-f1", "0.6"]) == 1
    out = capsys.readouterr().out
    assert "event level" in out and "below the floor" in out


def test_evaluate_cli_passes_at_or_above_the_floor(gold_and_pred: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    gold, pred = gold_and_pred
    report = tmp_path / "report.json"
    assert main(["evaluate", str(gold), str(pred), "--min-event-f1", "0.5",
                 "--json", str(report)]) == 0
    data = json.loads(report.read_text())
    assert data["levels"]["event"]["f1"] == 0.5
    assert data["levels"]["dyad"]["f1"] == 1.0


def test_evaluate_cli_reports_a_broken_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", {"a": []})
    pred = tmp_path / "pred.jsonl"
    pred.write_text("{not json\n")
    assert main(["evaluate", str(gold), str(pred)]) == 2
    assert "pred.jsonl" in capsys.readouterr().err
