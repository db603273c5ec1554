"""Quoted blocks taken from their source's rendered page, once every page is rendered.

A block embed whose HTML is the same wherever it is shown (transclusion.py's ``Quote``) is not
rendered again on the pages that quote it: they hold a comment naming it, and once every page is
rendered (MkDocs' ``on_env``, as mkdocs-autorefs resolves its references) the comment is replaced by
the block's element cut from its source's page. The element's ``id="^x"`` becomes
``data-block-id`` (the anchor stays the source's) and its relative links are rebased from the
source's URL to the quoting page's. Linear in the pages' sizes: each source page is read once for
all its quoted blocks.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from .parts import EMBED_CLASS, PAGE_END, PAGE_START, QUOTE_COMMENT, Quote

#: An attribute the rebase rewrites: a link's or an embedded file's URL.
_URL_ATTRIBUTE = re.compile(r'\s(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|\?)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
#: The list of a page's footnotes (Python-Markdown's footnotes extension), after its text.
_FOOTNOTES = '<div class="footnote">'
_BLOCK_ID = re.compile(r'\sid="\^([A-Za-z0-9_-]+)"')
#: The id of a mention's link (links.py): a mention of the block's own page, not of the quoting one.
_MENTION_ID = re.compile(r'<span id="obsidian-mention-\d+"></span>|\sid="obsidian-mention-\d+"')
#: A heading of a page's own (``toc`` gives each an id, attributes come in name order).
_HEADING = re.compile(r'<h([1-6]) id="[^"]*">(.*?)</h\1>', re.DOTALL)
#: Elements without a closing tag.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

#: The URL of a link ``url`` written on the page ``source`` (site path), as written on ``host``.
Rebase = Callable[[str, str, str], str]


def blocks_of(content: str) -> dict[str, tuple[int, int]]:
    """Where each element with an ``id="^x"`` is in a page's HTML: ``x`` (lower case) to its span.

    One pass over the page's tags with a stack of the open elements, so that the cost stays that
    of the page however deep its elements nest; a stray closing tag is passed over, an element
    that never closes has no span."""
    found: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, int, str | None]] = []
    open_count: Counter[str] = Counter()
    for m in _TAG.finditer(content):
        name = m.group(2).lower()
        if not m.group(1):
            if name not in _VOID and not m.group().endswith("/>"):
                block_id = _BLOCK_ID.search(m.group())
                stack.append((name, m.start(), block_id.group(1).lower() if block_id else None))
                open_count[name] += 1
            continue
        while open_count[name]:
            opened, start, block_id = stack.pop()
            open_count[opened] -= 1
            if opened == name:
                if block_id is not None:
                    found.setdefault(block_id, (start, m.end()))
                break
    return found


def section_span(content: str, start: str, end: str) -> tuple[int, int] | None:
    """Where the section from the heading with id ``start`` to the one with id ``end`` is in a
    page's HTML (``end``'s heading not included); for an empty ``end``, to the list of the page's
    footnotes (its own, or carried from its embeds) or else to ``PAGE_END``; for an empty
    ``start`` too, the whole note, from ``PAGE_START``."""
    if start:
        opening = _heading_with_id(start).search(content)
        begin, after = (opening.start(), opening.end()) if opening is not None else (-1, -1)
    else:
        begin = content.find(PAGE_START)
        begin = after = begin + len(PAGE_START) if begin >= 0 else -1
    if begin < 0:
        return None
    if end:
        stop = _start_of(_heading_with_id(end).search(content, after))
    else:
        stop = _page_end(content, after)
    if stop < 0:
        return None
    while stop > after and content[stop - 1].isspace():
        stop -= 1
    return begin, stop


def _start_of(match: re.Match[str] | None) -> int:
    return match.start() if match is not None else -1


def _page_end(content: str, start: int) -> int:
    """Where the page's own text ends after ``start``: at its footnotes' list (Python-Markdown's
    footnotes put it last), else at ``PAGE_END``; -1 if the page has neither."""
    end = content.find(PAGE_END, start)
    footnotes = content.find(_FOOTNOTES, start, end if end >= 0 else len(content))
    return footnotes if footnotes >= 0 else end


def _heading_with_id(heading_id: str) -> re.Pattern[str]:
    return re.compile(f'<h[1-6] id="{re.escape(html.escape(heading_id))}">')


def in_own_list(element: str) -> str | None:
    """A list item's ``<li>`` in a list of its own, as the item rendered alone is; None for an
    element that is no list item."""
    if not element.startswith("<li"):
        return None
    # pymdownx.tasklist marks a list that holds a task
    opening = '<ul class="task-list">' if element.startswith('<li class="task-list-item"') else "<ul>"
    return f"{opening}\n{element}\n</ul>"


@lru_cache(maxsize=8)
def _permalink(permalink_class: str) -> re.Pattern[str]:
    """toc's permalink of a heading, whose ``<a>`` has the class ``permalink_class``."""
    return re.compile(f'<a class="{re.escape(permalink_class)}" href="#[^"]*"(?: title="[^"]*")?>[^<]*</a>')


def embedded_headings(element: str, permalink_class: str) -> str:
    """A block's or section's HTML with its headings the embed's, not the page's (no id, no
    permalink, no entry in the table of contents), as the quoting page shows them."""
    if "<h" not in element:
        return element
    permalink = _permalink(permalink_class)

    def heading(m: re.Match[str]) -> str:
        level = m.group(1)
        return (
            f'<div aria-level="{level}" class="{EMBED_CLASS}__heading {EMBED_CLASS}__heading--h{level}" role="heading">'
            f"{permalink.sub('', m.group(2))}</div>"
        )

    return _HEADING.sub(heading, element)


def quoted_html(element: str, source_url: str, host_url: str, rebase: Rebase) -> str:
    """A block's element as a page quoting it shows it: anchors named ``data-block-id``, no
    mention ids, URLs rebased."""
    element = _BLOCK_ID.sub(lambda m: f' data-block-id="^{m.group(1)}"', element)
    if "obsidian-mention-" in element:
        element = _MENTION_ID.sub("", element)

    def fix(m: re.Match[str]) -> str:
        url = html.unescape(m.group(2))
        if _ABSOLUTE.match(url) or url.startswith("//"):
            return m.group()
        return f' {m.group(1)}="{html.escape(rebase(url, source_url, host_url))}"'

    return _URL_ATTRIBUTE.sub(fix, element)


def plain_element(quote: Quote) -> str:
    """What shows in place of a quote whose content is not found: the block's plain text."""
    anchor = f' data-block-id="^{quote.block_id}"' if quote.block_id else ""
    return f"<p{anchor}>{html.escape(quote.text, quote=False)}</p>"


def fill(content: str, quotes: Iterable[Quote], element_of: Callable[[Quote], str | None]) -> tuple[str, list[Quote]]:
    """``content`` with each quote's comment replaced by ``element_of(quote)``, and ``PAGE_START``
    and ``PAGE_END`` removed, in one pass over it; the quotes whose element could not be found
    keep the block's plain text (and are returned)."""
    missing: list[Quote] = []
    elements: dict[str, str] = {"start": "", "end": ""}
    for quote in quotes:
        element = element_of(quote)
        if element is None:
            missing.append(quote)
            element = plain_element(quote)
        elements[quote.ref] = element
    if "<!--obsidian-quote:" not in content:
        return content, missing
    return QUOTE_COMMENT.sub(lambda m: elements.get(m.group(1), m.group()), content), missing
