"""Quoted content rendered once per build where pages are rendered one at a time (Zensical).

A host that renders each page on its own, with no moment when every page is rendered, cannot
take a quoted block from its source's page as the MkDocs plugin does (rendered_quotes.py); nor
can the plugin for content it does not cut from there, or in a ``--dirty`` build. So the first page that quotes a block renders it, between two ``CaptureBound`` comments; once that
page is HTML, ``QuoteCache.take`` cuts the content between them into the cache, and every later
page quoting the same block holds a ``Quote`` comment instead, which ``take`` replaces with the
cached HTML, its relative URLs rebased from the first page's address to its own (the file's
path where the host rewrites links to files afterwards, as Zensical does; the page's URL in MkDocs). Only content whose
HTML is the same on every page is kept (quote_sources.py's ``same_everywhere``: no footnotes, no
embedded notes, ...). One cache per renderer: a vault scanned again, or a new build, starts afresh.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote

from .markers import TOKEN
from .page import Page
from .parts import Quote
from .rendered_quotes import Rebase, plain_element, quoted_html
from .vault import relative_path

#: A capture's bound, with the line break Python-Markdown wrote after it (group 1: the quote's ref,
#: group 2: ``from`` or ``to``).
_BOUND = re.compile(f"<!--obsidian-quote:{TOKEN}:([0-9a-z.]+)\\.(from|to)-->\n?")
#: A quote's comment with the line break after it: the content kept ends with its own (empty
#: content has none).
_QUOTE_LINE = re.compile(f"<!--obsidian-quote:{TOKEN}:([0-9a-z.]+)-->\n?")


#: The site paths of the notes a content links and of the notes and files it embeds.
Uses = tuple[frozenset[str], frozenset[str]]
_NO_USES: Uses = (frozenset(), frozenset())


class QuoteCache:
    """The HTML of embedded content as a page of the build rendered it, by what it shows."""

    def __init__(self, rebase: Rebase | None = None) -> None:
        self._held: dict[str, tuple[str, str]] = {}
        """``embed_key`` to the content's HTML and the address of the page it was written on."""
        self._rebase = rebase or rebase_path
        self._uses: dict[str, Uses] = {}

    def record(self, key: str, uses: Uses) -> None:
        """What the content ``key`` links and embeds, as the page that renders it found it."""
        self._uses.setdefault(key, uses)

    def uses(self, key: str) -> Uses:
        """What the content ``key`` links and embeds (nothing known: none)."""
        return self._uses.get(key, _NO_USES)

    def __contains__(self, key: str) -> bool:
        return key in self._held

    def take(self, content: str, page: Page, address: str | None = None) -> str:
        """``page``'s HTML with its captures kept (their bounds removed) and its quotes of the
        cache filled in; the quotes whose content is not found keep their plain text.
        ``address``: what the page's relative links start from (default: its note's site path)."""
        if "<!--obsidian-quote:" not in content:
            return content
        address = page.note.site_path if address is None else address
        if page.captures:
            self._keep(content, page, address)
        return self.fill(content, [quote for quote in page.quotes if quote.embed], address)

    def fill(self, content: str, quotes: list[Quote], address: str) -> str:
        """``content`` with the bounds of captures removed and ``quotes`` of the cache filled in
        (one not found shows its plain text), in one pass each."""
        content = _BOUND.sub("", content)
        if not quotes:
            return content
        shown: dict[str, str] = {}
        for quoted in quotes:
            element = self._html(quoted, address)
            shown[quoted.ref] = plain_element(quoted) + "\n" if element is None else element
        return _QUOTE_LINE.sub(lambda m: shown.get(m.group(1), m.group()), content)

    def _keep(self, content: str, page: Page, address: str) -> None:
        shows = {ref: key for key, ref in page.captures.items()}
        starts: dict[str, int] = {}
        for m in _BOUND.finditer(content):
            ref, side = m.group(1), m.group(2)
            if side == "from":
                starts[ref] = m.end()
            elif ref in starts and ref in shows:
                self._held.setdefault(shows[ref], (content[starts[ref] : m.start()], address))

    def _html(self, quoted: Quote, host: str) -> str | None:
        found = self._held.get(quoted.embed)
        return quoted_html(found[0], found[1], host, self._rebase) if found is not None else None


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

