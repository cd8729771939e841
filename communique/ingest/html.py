"""HTML to article text: trafilatura for whole pages, plain lxml text for fragments."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

METADATA_KEYS = ("title", "date", "author", "sitename", "url")
# Elements whose text never belongs to the article.
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head")
BLOCK_TAGS = (
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "article", "section", "header", "footer", "tr", "table", "ul", "ol", "dd", "dt",
)


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """The article body of a page as plain text, and its title, date, author, sitename, url.

    Paragraphs are separated by a blank line. When trafilatura finds no body (a fragment,
    a very short page) the page's visible text is returned instead.
    """
    document = _extract(html)
    metadata: dict[str, str | None] = {key: None for key in METADATA_KEYS}
    if document is None:
        return fragment_to_text(html), metadata
    for key in METADATA_KEYS:
        metadata[key] = getattr(document, key, None) or None
    body = _paragraphs(document.text or "", metadata["title"])
    return (body or fragment_to_text(html)), metadata


def _extract(html: str) -> trafilatura.settings.Document | None:
    if not html.strip():
        return None
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False)
    return document if isinstance(document, trafilatura.settings.Document) else None


def _paragraphs(text: str, title: str | None) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # trafilatura repeats the headline as the first body line; without a full stop it would
    # run into the first sentence, and the title is kept separately anyway.
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    return "\n\n".join(lines)


def fragment_to_text(html: str) -> str:
    """The visible text of an HTML fragment (a feed summary, a short page), a block a line."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html.strip()
    for element in list(root.iter(*INVISIBLE_TAGS)):
        element.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)
