"""Quoted content rendered once per build where pages are rendered one at a time (Zensical).

A host that renders each page on its own, with no moment when every page is rendered, cannot
take a quoted block from its source's page as the MkDocs plugin does (rendered_quotes.py). So
the first page that quotes a block renders it, between two ``CaptureBound`` comments; once that
page is HTML, ``QuoteCache.take`` cuts the content between them into the cache, and every later
page quoting the same block holds a ``Quote`` comment instead, which ``take`` replaces with the
cached HTML, its relative URLs rebased from the first page's file to its own. Only content whose
HTML is the same on every page is kept (transclusion.py's ``_same_everywhere``: no footnotes, no
embedded notes, ...). One cache per renderer: a vault scanned again, or a new build, starts afresh.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

from .markers import TOKEN
from .page import Page
from .parts import Quote
from .rendered_quotes import fill, quoted_html
from .vault import relative_path

#: A capture's bound, with the line break Python-Markdown wrote after it (group 1: the quote's ref,
#: group 2: ``from`` or ``to``).
_BOUND = re.compile(f"<!--obsidian-quote:{TOKEN}:([0-9a-z.]+)\\.(from|to)-->\n?")


class QuoteCache:
    """The HTML of embedded content as a page of the build rendered it, by what it shows."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, str]] = {}
        """``embed_key`` to the content's HTML and the site path of the page it was written on."""

    def __contains__(self, key: str) -> bool:
        return key in self._held

    def take(self, content: str, page: Page) -> str:
        """``page``'s HTML with its captures kept (their bounds removed) and its quotes of the
        cache filled in; the quotes whose content is not found keep their plain text."""
        if "<!--obsidian-quote:" not in content:
            return content
        if page.captures:
            self._keep(content, page)
            content = _BOUND.sub("", content)
        if not page.quotes:
            return content
        return fill(content, page.quotes, lambda q: self._html(q, page.note.site_path))[0]

    def _keep(self, content: str, page: Page) -> None:
        shows = {ref: key for key, ref in page.captures.items()}
        starts: dict[str, int] = {}
        for m in _BOUND.finditer(content):
            ref, side = m.group(1), m.group(2)
            if side == "from":
                starts[ref] = m.end()
            elif ref in starts and ref in shows:
                self._held.setdefault(shows[ref], (content[starts[ref] : m.start()].rstrip("\n"), page.note.site_path))

    def _html(self, quoted: Quote, host: str) -> str | None:
        found = self._held.get(quoted.embed)
        return quoted_html(found[0], found[1], host, rebase_path) if found is not None else None


def rebase_path(url: str, source: str, host: str) -> str:
    """A relative URL written on the page of the file ``source`` (site path), as written on the
    page of ``host``: the links the renderer writes point at files, which the host rewrites."""
    path, hash_mark, fragment = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path))) if path else source
    if target == host and hash_mark:
        return f"#{fragment}"
    relative = quote(relative_path(target, posixpath.dirname(host)), safe="/")
    return relative + (f"#{fragment}" if hash_mark else "")


def capture_bounds(ref: str) -> tuple[str, str]:
    """The refs of a capture's two ``CaptureBound`` parts."""
    return f"{ref}.from", f"{ref}.to"

