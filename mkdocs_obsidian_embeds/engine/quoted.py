"""A rendered page without the text its embeds quote: what search plugins index.

As in Obsidian's search, a quoted passage is then found on the note it comes from, once,
however many pages quote it, and the search index does not grow with every quote. The
caption that says where a quote comes from stays searchable.

Each embed's content is replaced by a numbered HTML comment (search plugins skip comments)
and spliced back afterwards, so that whatever a search plugin changes in the rest of the
page (Material removes its ``data-search-*`` attributes) is kept.
"""

from __future__ import annotations

import re

from .parts import EMBED_CLASS

_CONTENT = f'<div class="{EMBED_CLASS}__content">'
_DIV_RE = re.compile(r"<div\b|</div>")
_PLACEHOLDER = "<!--obsidian-embeds:quoted:{}-->"
_PLACEHOLDER_RE = re.compile(r"<!--obsidian-embeds:quoted:(\d+)-->")


def split_quoted_text(html: str) -> tuple[str, list[str]]:
    """``html`` with each embed's content (nested embeds go with their host) replaced by a
    placeholder, and the contents in order; ``(html, [])`` for a page without embeds.

    The end of a content ``<div>`` is found by counting ``<div``/``</div>``. Everything in it
    comes from Python-Markdown's serializer, except raw HTML a note may hold; unbalanced divs
    there shift the cut, which changes what search finds but never the page itself.
    """
    start = html.find(_CONTENT)
    if start < 0:
        return html, []
    kept: list[str] = []
    quoted: list[str] = []
    position = 0
    while start >= 0:
        kept.append(html[position:start])
        position = _end_of_div(html, start)
        kept.append(_PLACEHOLDER.format(len(quoted)))
        quoted.append(html[start:position])
        start = html.find(_CONTENT, position)
    kept.append(html[position:])
    return "".join(kept), quoted


def _end_of_div(html: str, start: int) -> int:
    """Where the ``<div>`` opened at ``start`` closes (the end of ``html`` if it never does)."""
    depth = 0
    for m in _DIV_RE.finditer(html, start):
        depth += 1 if m.group() == "<div" else -1
        if depth == 0:
            return m.end()
    return len(html)


def with_quoted_text(html: str, quoted: list[str]) -> str | None:
    """``html`` with the placeholders replaced by ``quoted`` again, or None if any went missing."""
    seen: set[int] = set()

    def splice(m: re.Match[str]) -> str:
        index = int(m.group(1))
        if index >= len(quoted) or index in seen:
            return m.group()
        seen.add(index)
        return quoted[index]

    restored = _PLACEHOLDER_RE.sub(splice, html)
    return restored if len(seen) == len(quoted) else None
