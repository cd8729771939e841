"""Word classes: the English words the engine's rules test for, read from ``word_classes.tsv``.

Each row names a class and some of its words (``|``-separated); a ``#`` comment line before a
class says what it is for. The bundled file comes first; a file of the same name in a folder
given with ``--knowledge DIR`` extends a class (``say_verbs	proclaim``) or takes a word out
of it with a leading minus (``say_verbs	-note``). A class the bundled file does not define
is an error naming the file and line, so a misspelt class name cannot pass unnoticed.

The resolver attaches the article's word classes to its parse (``attach_words``), so every
rule reads the classes of the pipeline that parsed the article (``words_of``): several
pipelines with different knowledge folders can live in one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from communique.errors import KnowledgeError

FILE_NAME = "word_classes.tsv"
COLUMNS = ("class", "words")


WORDS_KEY = "communique.word_classes"


class WordClasses:
    """Named sets of lower-case words ("say_verbs", "attack_nouns", ...)."""

    def __init__(self, classes: dict[str, frozenset[str]]) -> None:
        self.classes = classes
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.classes[name]

    def union(self, *names: str) -> frozenset[str]:
        """The words of several classes together (built once per combination)."""
        found = self._unions.get(names)
        if found is None:
            found = self._unions[names] = frozenset().union(*(self[n] for n in names))
        return found

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> WordClasses:
        """The bundled classes, extended or trimmed by ``word_classes.tsv`` in ``extra_dirs``."""
        classes: dict[str, set[str]] = {}
        bundled = resources.files("communique.nlp").joinpath(f"data/{FILE_NAME}")
        _merge(classes, bundled.read_text(encoding="utf-8"), FILE_NAME, new_classes=True)
        for folder in extra_dirs:
            path = Path(folder) / FILE_NAME
            if path.is_file():
                _merge(classes, path.read_text(encoding="utf-8"), str(path), new_classes=False)
        return cls({name: frozenset(words) for name, words in classes.items()})


@cache
def bundled_words() -> WordClasses:
    """The bundled classes alone, for a parse no resolver has read."""
    return WordClasses.load()


def attach_words(doc: Doc, words: WordClasses) -> None:
    """Make these the word classes every rule reads for this document (kept beside the
    document's index in ``user_data``, so several pipelines share one process)."""
    doc.user_data[WORDS_KEY] = words


def words_of(tok: Token) -> WordClasses:
    """The word classes of the pipeline reading this token's document."""
    words = tok.doc.user_data.get(WORDS_KEY)
    return words if isinstance(words, WordClasses) else bundled_words()


def _merge(classes: dict[str, set[str]], text: str, name: str, new_classes: bool) -> None:
    """Add one file's rows to the classes; a word with a leading minus is taken out."""
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            if tuple(cells) != COLUMNS:
                raise KnowledgeError(f"{name}:{number}: the header must be "
                                     f"{'<TAB>'.join(COLUMNS)}, not {line!r}")
            header_seen = True
            continue
        if len(cells) != len(COLUMNS) or not cells[0]:
            raise KnowledgeError(f"{name}:{number}: expected a class and its |-separated "
                                 "words, separated by one tab")
        if cells[0] not in classes and not new_classes:
            raise KnowledgeError(f"{name}:{number}: unknown word class {cells[0]!r}; use one "
                                 f"of {', '.join(sorted(classes))}")
        _apply(classes.setdefault(cells[0], set()), cells[1].split("|"))


def _apply(words: set[str], changes: Iterable[str]) -> None:
    for word in (w.strip().lower() for w in changes if w.strip()):
        if word.startswith("-") and len(word) > 1:
            words.discard(word[1:])
        else:
            words.add(word)
