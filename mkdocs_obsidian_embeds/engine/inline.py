"""Inline syntax on one line: code spans, wikilinks, highlights, and plain text of markup."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .markers import strip_markers

_BACKTICKS = re.compile(r"`+")
#: A line that is only an embed (with its quote or list-item prefix, and a glued ``^id``).
EMBED_LINE = re.compile(
    r"^((?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)(!\[\[[^\]]+\]\](?:\^[A-Za-z0-9_-]+)?)[ \t]*$"
)
# A wikilink never spans lines and never contains another "[[" or "]]".
_WIKILINK = re.compile(r"(!?)\[\[((?:(?!\[\[|\]\]).)+?)\]\](?:\^([A-Za-z0-9_-]+))?")
_HIGHLIGHT = re.compile(r"==(?=[^\s=])(.+?)==")


def code_spans(line: str) -> list[tuple[int, int]]:
    """Character ranges of inline code spans (CommonMark: a run of n backticks closes on n).

    Each run's closer is the next run of the same length, found for all runs in one pass from
    the end: looking ahead from every opener would be quadratic on a line of unclosed runs.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    closer = [-1] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        closer[index] = latest.get(length, -1)
        latest[length] = index
    spans, i = [], 0
    while i < len(runs):
        if closer[i] >= 0:
            spans.append((runs[i][0], runs[closer[i]][1]))
            i = closer[i]
        i += 1
    return spans


def code_text(span: str) -> str:
    """The content of a code span (CommonMark: backticks off, one space each side stripped)."""
    ticks = len(span) - len(span.lstrip("`"))
    inner = span[ticks:-ticks]
    return inner[1:-1] if len(inner) > 2 and inner[0] == inner[-1] == " " and inner.strip() else inner


def outside_code(line: str) -> list[tuple[int, int]]:
    """Character ranges of ``line`` that are not inline code."""
    ranges, pos = [], 0
    for start, end in code_spans(line):
        ranges.append((pos, start))
        pos = end
    ranges.append((pos, len(line)))
    return [(a, b) for a, b in ranges if b > a]


class WikiLink(NamedTuple):
    """``[[target#fragment|display]]`` or ``![[...]]`` as written, with its place in the line
    (a named tuple: a page makes one for each link it reads, a third of a dataclass's cost)."""

    start: int
    end: int
    embed: bool
    target: str
    fragment: str
    display: str | None
    block_id: str | None
    raw: str


def find_wikilinks(line: str) -> list[WikiLink]:
    """Wikilinks and embeds of a line, read left to right as Obsidian reads them: a ``[[`` inside
    a code span is code, and a code span that starts inside a wikilink belongs to its text
    (``[[Functions#hasTag|`hasTag`]]`` is a link whose text is code)."""
    if "[[" not in line:
        return []
    spans = code_spans(line) if "`" in line else []
    found, pos, index = [], 0, 0
    while True:
        m = _WIKILINK.search(line, pos)
        if m is None:
            return found
        while index < len(spans) and spans[index][1] <= m.start():
            index += 1
        if index < len(spans) and spans[index][0] <= m.start():
            pos = spans[index][1]  # the [[ is inside code
            continue
        link = _wikilink(m)
        if link.target or link.fragment:
            found.append(link)
        pos = m.end()
        while index < len(spans) and spans[index][0] < pos:
            index += 1  # code spans that start inside the link are part of its text


def _wikilink(m: re.Match[str]) -> WikiLink:
    inner = m.group(2)
    inner = inner.replace("\\|", "|")
    link, sep, display = inner.partition("|")
    target, _, fragment = link.partition("#")
    return WikiLink(
        start=m.start(),
        end=m.end(),
        embed=bool(m.group(1)),
        target=target.strip(),
        fragment=fragment.strip(),
        display=display.strip() if sep else None,
        block_id=m.group(3),
        raw=m.group(0),
    )


def sub_outside_code(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], line: str) -> str:
    """``pattern.sub(replace, line)``, leaving inline code spans as they are."""
    parts, pos = [], 0
    for lo, hi in outside_code(line):
        parts.append(line[pos:lo])
        parts.append(pattern.sub(replace, line[lo:hi]))
        pos = hi
    parts.append(line[pos:])
    return "".join(parts)


def replace_highlights(text: str, tags: Callable[[], tuple[str, str]] = lambda: ("<mark>", "</mark>")) -> str:
    """``==text==`` to ``<mark>text</mark>``, or to the text between the two strings ``tags()``
    gives, asked for at each highlight (render.py's markers for those tags). Obsidian also
    allows a space before the closing ``==``."""
    if "==" not in text:
        return text

    def mark(m: re.Match[str]) -> str:
        opening, closing = tags()
        return f"{opening}{m.group(1).rstrip()}{closing}"

    return sub_outside_code(_HIGHLIGHT, mark, text)


_FOOTNOTE_REF = re.compile(r"\^?\[\^[^\]]*\]")
# A Markdown link's text, as Python-Markdown reads it: ``[a [b](c)`` is "[a " and a link "b";
# ``[[FR] Idea](c)`` a link "[FR] Idea" (balanced brackets, one level deep, are part of the text).
_MD_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^)]*\)")
_MARKUP = re.compile(r"(\*\*|__|\*|~~|==|`|(?<!\w)_|_(?!\w))")
_HTML_TAG = re.compile(r"<[A-Za-z/!?][^>]*>")  # "a < b" is text, as Markdown reads it


def plain_text(markdown: str) -> str:
    """Readable text of inline markdown: what a heading or excerpt says without its markup."""
    text = strip_markers(markdown)
    links = find_wikilinks(text)
    if links:
        pieces, pos = [], 0
        for link in links:
            pieces += [text[pos : link.start], link.display or link.target or link.fragment.lstrip("^")]
            pos = link.end
        text = "".join(pieces) + text[pos:]
    text = _sub_up_to("]", _FOOTNOTE_REF, "", text)
    text = _sub_up_to(")", _MD_LINK, r"\1", text)
    text = _sub_up_to(">", _HTML_TAG, "", text)
    text = _MARKUP.sub("", text)
    if "\\" in text:
        text = _ESCAPED.sub(r"\1", text)
    return " ".join(text.split())


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _sub_up_to(closer: str, pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """``pattern.sub(replacement, text)`` for a pattern whose matches end with ``closer``.

    Only the text up to the last ``closer`` is searched: past it, every opener would be
    scanned to the end of the text in vain, which is quadratic on a long line of openers.
    """
    end = text.rfind(closer) + 1
    return pattern.sub(replacement, text[:end]) + text[end:] if end else text


def markdown_escape(text: str) -> str:
    """Escape what Markdown would read as markup or HTML, for text the plugin generates."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]#|!])", r"\\\1", text)
