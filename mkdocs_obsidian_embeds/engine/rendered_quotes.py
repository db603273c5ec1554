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
from collections.abc import Callable, Iterable

from .parts import Quote, quote_comment

#: An attribute the rebase rewrites: a link's or an embedded file's URL.
_URL_ATTRIBUTE = re.compile(r'\s(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|\?)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_BLOCK_ID = re.compile(r'\sid="\^([A-Za-z0-9_-]+)"')

#: The URL of a link ``url`` written on the page ``source`` (site path), as written on ``host``.
Rebase = Callable[[str, str, str], str]


def blocks_of(content: str) -> dict[str, tuple[int, int]]:
    """Where each element with an ``id="^x"`` is in a page's HTML: ``x`` (lower case) to its span."""
    found: dict[str, tuple[int, int]] = {}
    for m in _BLOCK_ID.finditer(content):
        start = content.rfind("<", 0, m.start())
        tag = _TAG.match(content, start)
        if tag is None or tag.group(1):
            continue
        end = _element_end(content, tag)
        if end is not None:
            found.setdefault(m.group(1).lower(), (start, end))
    return found


def _element_end(content: str, opening: re.Match[str]) -> int | None:
    """Where the element opened by ``opening`` ends (after its closing tag), counting the same
    tag nested inside it; None if it does not close."""
    name, depth = opening.group(2).lower(), 1
    for m in _TAG.finditer(content, opening.end()):
        if m.group(2).lower() != name:
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return None


def quoted_html(element: str, source_url: str, host_url: str, rebase: Rebase) -> str:
    """A block's element as a page quoting it shows it: anchors named ``data-block-id``, URLs rebased."""
    element = _BLOCK_ID.sub(lambda m: f' data-block-id="^{m.group(1)}"', element)

    def fix(m: re.Match[str]) -> str:
        url = html.unescape(m.group(2))
        if _ABSOLUTE.match(url) or url.startswith("//"):
            return m.group()
        return f' {m.group(1)}="{html.escape(rebase(url, source_url, host_url))}"'

    return _URL_ATTRIBUTE.sub(fix, element)


def fill(content: str, quotes: Iterable[Quote], element_of: Callable[[Quote], str | None]) -> tuple[str, list[Quote]]:
    """``content`` with each quote's comment replaced by ``element_of(quote)``; the quotes whose
    element could not be found keep the block's plain text (and are returned)."""
    missing: list[Quote] = []
    for quote in quotes:
        element = element_of(quote)
        if element is None:
            missing.append(quote)
            element = f'<p data-block-id="^{quote.block_id}">{html.escape(quote.text, quote=False)}</p>'
        content = content.replace(quote_comment(quote.ref), element, 1)
    return content, missing
