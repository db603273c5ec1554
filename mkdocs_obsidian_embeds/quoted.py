"""A rendered page without the text its embeds quote: what search plugins index.

As in Obsidian's search, a quoted passage is then found on the note it comes from, once,
however many pages quote it, and the search index does not grow with every quote. The
caption that says where a quote comes from stays searchable.
"""

from __future__ import annotations

import re

from .extension import EMBED_CLASS

_CONTENT = f'<div class="{EMBED_CLASS}__content">'
_DIV_RE = re.compile(r"<div\b|</div>")


def without_quoted_text(html: str) -> str:
    """``html`` without the content of its embeds (nested embeds go with their host), or ``html`` itself.

    The end of a content ``<div>`` is found by counting ``<div``/``</div>``. Everything in it
    comes from Python-Markdown's serializer, except raw HTML a note may hold; unbalanced divs
    there shift the cut, which changes what search finds but never the page itself.
    """
    start = html.find(_CONTENT)
    if start < 0:
        return html
    kept: list[str] = []
    position = 0
    while start >= 0:
        kept.append(html[position:start])
        depth, position = 0, len(html)
        for m in _DIV_RE.finditer(html, start):
            depth += 1 if m.group() == "<div" else -1
            if depth == 0:
                position = m.end()
                break
        start = html.find(_CONTENT, position)
    kept.append(html[position:])
    return "".join(kept)
