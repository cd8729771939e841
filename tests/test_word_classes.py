"""Word classes live in word_classes.tsv, and a user's --knowledge folder can change them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communique.errors import KnowledgeError
from communique.nlp.words import FILE_NAME, WordClasses
from communique.pipeline import Pipeline, PipelineConfig, extract

PACKAGE = Path(__file__).resolve().parents[1] / "communique"
ALLEGED = "The alleged Israeli airstrike on Damascus killed five people on Sunday."
RUMOURED = "The rumoured Israeli airstrike on Damascus killed five people on Sunday."


def attackers(text: str, pipeline: Pipeline) -> list[str | None]:
    return [e.source.name if e.source else None for e in extract(text, "2025-07-14", pipeline)
            if e.type == "ASSAULT"]


def test_every_class_the_code_reads_is_defined() -> None:
    used = {name for path in PACKAGE.rglob("*.py")
            for name in re.findall(r'words(?:_of\([^)]*\))?(?:\.union\(|\[)((?:"\w+"(?:, )?)+)',
                                   path.read_text(encoding="utf-8"))
            for name in re.findall(r'"(\w+)"', name)}
    classes = WordClasses.load().classes
    assert used and used <= set(classes)
    assert all(classes[name] for name in classes)


def test_one_list_of_verbs_of_saying_reaches_every_rule() -> None:
    words = WordClasses.load()
    for rule in ("say_verbs_quoting", "say_verbs_reporting", "say_verbs_announcing"):
        assert {"say", "tell", "announce"} <= words.union("say_verbs", rule)


def test_a_user_file_adds_and_removes_words(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(
        "# mine\nclass\twords\nalleging_words\trumoured|-alleged\n", encoding="utf-8")
    words = WordClasses.load([tmp_path])
    assert "rumoured" in words["alleging_words"]
    assert "alleged" not in words["alleging_words"]
    assert "alleged" in WordClasses.load()["alleging_words"]


def test_a_misspelt_class_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("class\twords\nalleging_word\trumoured\n",
                                      encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"word_classes.tsv:2: unknown word class"):
        WordClasses.load([tmp_path])


def test_knowledge_folder_changes_who_attacked(pipeline: Pipeline, tmp_path: Path) -> None:
    """Only an alleged attack has an unknown attacker (GUIDELINES ruling 5); a user who
    counts "rumoured" as alleging, and "alleged" as not, gets the other reading."""
    assert attackers(ALLEGED, pipeline) == ["unknown"]
    assert attackers(RUMOURED, pipeline) == ["Israeli"]
    (tmp_path / FILE_NAME).write_text("class\twords\nalleging_words\trumoured|-alleged\n",
                                      encoding="utf-8")
    mine = Pipeline.load(PipelineConfig(knowledge_dirs=[tmp_path]))
    assert attackers(ALLEGED, mine) == ["Israeli"]
    assert attackers(RUMOURED, mine) == ["unknown"]
    assert attackers(ALLEGED, pipeline) == ["unknown"]  # the other pipeline keeps its own
