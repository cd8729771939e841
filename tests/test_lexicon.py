"""The trigger lexicon: the bundled rows, a user's extra triggers file (read, then firing through
a pipeline), and malformed rows reported with file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.errors import KnowledgeError, LexiconError
from communique.events.lexicon import COLUMNS, Lexicon
from communique.model import Article, ArticleResult, Event
from communique.pipeline import Pipeline, PipelineConfig

MONDAY = dt.date(2025, 7, 14)
HEADER = "\t".join(COLUMNS)
LAMBAST = "Serbia lambasted Croatia on Sunday."


def write_triggers(folder: Path, *rows: str, header: str = HEADER) -> Path:
    path = folder / "triggers.tsv"
    lines = ["# triggers a user adds for their own corpus", header, *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def events_of(pipeline: Pipeline, text: str) -> list[Event]:
    result = pipeline.process(Article(id="t", text=text, published=MONDAY))
    assert isinstance(result, ArticleResult), result
    return result.events


def dyads(events: list[Event]) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.source.party if e.source else None,
             e.target.party if e.target else None) for e in events]


# ---------------------------------------------------------------- bundled rows

@pytest.mark.parametrize(("lemma", "pos", "etype"), [
    ("meet", "VERB", "CONSULT"), ("arrest", "VERB", "COERCE"), ("urge", "VERB", "REQUEST"),
    ("expel", "VERB", "SANCTION"), ("shell", "VERB", "ASSAULT"), ("sanction", "NOUN", "SANCTION"),
])
def test_bundled_lexicon_reports_common_triggers(lemma: str, pos: str, etype: str) -> None:
    assert etype in {t.type for t in Lexicon.load().candidates(lemma, pos)}


def test_lookup_ignores_case() -> None:
    assert Lexicon.load().candidates("MEET", "VERB")


def test_collocation_row_needs_its_object(run_texts) -> None:
    talks = "Japan held talks with South Korea in Tokyo on Sunday."
    elections = "Japan held elections on Sunday."
    results = run_texts([talks, elections])
    assert dyads(results[talks].events) == [("CONSULT", "JPN", "KOR")]
    assert results[elections].events == []


def test_negated_row_gives_its_negated_type(run_texts) -> None:
    text = "Iran did not accept France's proposal on Sunday."
    assert ("REJECT", "IRN", "FRA") in dyads(run_texts([text])[text].events)


# ---------------------------------------------------------------- user extensions

def test_extra_file_adds_a_trigger(tmp_path: Path) -> None:
    path = write_triggers(tmp_path, "lambast\tVERB\t\tACCUSE\tdisapprove\tobj\t")
    assert Lexicon.load().candidates("lambast", "VERB") == []
    (trigger,) = Lexicon.load([path]).candidates("lambast", "VERB")
    assert (trigger.type, trigger.mode, trigger.targets) == ("ACCUSE", "disapprove", ("obj",))


def test_extra_row_with_particle_and_objects(tmp_path: Path) -> None:
    path = write_triggers(tmp_path, "lash out\tVERB\t\tACCUSE\t\tat\t",
                          "stage\tVERB\tsit-in|walkout\tPROTEST\tdemo\tagainst\t")
    lexicon = Lexicon.load([path])
    (lash,) = [t for t in lexicon.candidates("lash", "VERB") if t.particle]
    assert (lash.particle, lash.targets) == ("out", ("at",))
    (stage,) = [t for t in lexicon.candidates("stage", "VERB") if t.type == "PROTEST"]
    assert stage.objects == frozenset({"sit-in", "walkout"})


def test_extra_trigger_fires_through_the_pipeline(tmp_path: Path, pipeline: Pipeline) -> None:
    assert events_of(pipeline, LAMBAST) == []
    write_triggers(tmp_path, "lambast\tVERB\t\tACCUSE\tdisapprove\tobj\t")
    extended = Pipeline.load(PipelineConfig(knowledge_dirs=[tmp_path]))
    events = events_of(extended, LAMBAST)
    assert dyads(events) == [("ACCUSE", "SRB", "HRV")]
    assert events[0].trigger.text == "lambasted"
    assert events[0].to_dict()["cameo"] == "111"


# ---------------------------------------------------------------- malformed files

@pytest.mark.parametrize(("row", "problem"), [
    ("lambast\tVERB\t\tSCOLD\t\tobj\t", "unknown PLOVER type 'SCOLD'"),
    ("lambast\tADVERB\t\tACCUSE\t\tobj\t", "pos must be VERB, NOUN or ADJ"),
    ("accept\tVERB\t\tAGREE\t\tobj\tREFUSE", "unknown PLOVER type 'REFUSE'"),
])
def test_malformed_row_names_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    good = "scold\tVERB\t\tACCUSE\t\tobj\t"
    path = write_triggers(tmp_path, good, row)
    with pytest.raises(KnowledgeError) as caught:
        Lexicon.load([path])
    message = str(caught.value)
    assert f"{path}:4:" in message  # comment, header, good row, then the bad one
    assert problem in message


@pytest.mark.parametrize(("row", "problem"), [
    ("lambast\tVERB\t\tACCUSE\t\tobj:wiht\t", "unknown target slot 'wiht' in 'obj:wiht'"),
    ("lambast\tVERB\t\tACCUSE\t\tobj|=xcmop:nsubj\t", "unknown target slot 'xcmop'"),
    ("help [!xcmop,ccomp]\tVERB\t\tAID\t\tobj\t", "unknown condition '[!xcmop,ccomp]'"),
    ("call [oprd\tVERB\t\tACCUSE\t\tobj\t", "unknown condition '[oprd'"),
    ("lambast\tVERB\t\tSCOLD\t\tobj\t", "unknown PLOVER type 'SCOLD'"),
])
def test_lexicon_error_names_file_line_and_the_unknown_part(tmp_path: Path, row: str,
                                                          problem: str) -> None:
    path = write_triggers(tmp_path, "scold\tVERB\t\tACCUSE\t\tobj\t", row)
    with pytest.raises(LexiconError) as caught:
        Lexicon.load([path])
    assert f"{path}:4:" in str(caught.value)
    assert problem in str(caught.value)


def test_conditions_are_parsed_once_at_load(tmp_path: Path) -> None:
    path = write_triggers(tmp_path, "succour [!xcomp, ccomp]\tVERB\t\tAID\t\tobj\t",
                          "christen [oprd]\tVERB\t\tACCUSE\t\tobj\t")
    lexicon = Lexicon.load([path])
    (assist,) = lexicon.candidates("succour", "VERB")
    (name,) = lexicon.candidates("christen", "VERB")
    assert (assist.particle, assist.forbidden_deps) == (None, frozenset({"xcomp", "ccomp"}))
    assert (name.particle, name.required_dep) == (None, "oprd")


def test_wrong_header_names_the_file_and_the_columns(tmp_path: Path) -> None:
    path = write_triggers(tmp_path, "scold\tVERB\t\tACCUSE\t\tobj\t",
                          header="word\tpos\ttype")
    with pytest.raises(KnowledgeError, match="the header must be trigger pos object") as caught:
        Lexicon.load([path])
    assert str(path) in str(caught.value)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "triggers.tsv"
    path.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="header"):
        Lexicon.load([path])


def test_pipeline_refuses_a_malformed_knowledge_folder(tmp_path: Path) -> None:
    write_triggers(tmp_path, "scold\tVERB\t\tBERATE\t\tobj\t")
    with pytest.raises(KnowledgeError, match=r"triggers\.tsv:3"):
        Pipeline.load(PipelineConfig(knowledge_dirs=[tmp_path]))
