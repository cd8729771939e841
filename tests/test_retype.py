"""The retyping rules: one ordered list of named rules turns the lexicon's type into the
event's, each pinned here by a sentence it handles."""

from __future__ import annotations

import pytest

from communique.events.retype import RETYPING_RULES
from communique.model import ArticleResult


def test_rules_have_distinct_names_in_a_fixed_order() -> None:
    names = [r.name for r in RETYPING_RULES]
    assert len(set(names)) == len(names)
    # the clause's clues speak before the parties do
    assert names.index("a refused cooperation is a rejection") < names.index(
        "an official protest is a complaint, its blockade coercion")


@pytest.mark.parametrize(("text", "expected"), [
    ("Japan said it will send emergency aid to the Philippines.",
     ("AGREE", "occurred", "Philippines")),
    ("Germany refused to provide military support to Ukraine.",
     ("REJECT", "occurred", "Ukraine")),
    ("Russia said it will withdraw its troops from Syria unless the United States ends its "
     "sanctions.", ("THREATEN", "occurred", "Syria")),
    ("The Chinese government staged a protest against Japan on Monday.",
     ("ACCUSE", "occurred", "Japan")),
    ("The Chinese navy held exercises on Monday.", ("MOBILIZE", "occurred", None)),
])
def test_each_rule_on_a_sentence(run_texts, text: str,
                                 expected: tuple[str, str, str | None]) -> None:
    result: ArticleResult = run_texts([text])[text]
    assert [(e.type, e.status, e.target.name if e.target else None)
            for e in result.events] == [expected]
