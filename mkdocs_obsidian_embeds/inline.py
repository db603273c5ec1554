"""Inline syntax on one line: code spans, wikilinks, highlights, and plain text of markup."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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
    """Character ranges of inline code spans (CommonMark: a run of n backticks closes on n)."""
    spans = []
    runs = list(_BACKTICKS.finditer(line))
    i = 0
    while i < len(runs):
        opener = runs[i]
        for j in range(i + 1, len(runs)):
            if len(runs[j].group()) == len(opener.group()):
                spans.append((opener.start(), runs[j].end()))
                i = j
                break
        i += 1
    return spans


def outside_code(line: str) -> list[tuple[int, int]]:
    """Character ranges of ``line`` that are not inline code."""
    ranges, pos = [], 0
    for start, end in code_spans(line):
        ranges.append((pos, start))
        pos = end
    ranges.append((pos, len(line)))
    return [(a, b) for a, b in ranges if b > a]


@dataclass(frozen=True)
class WikiLink:
    """``[[target#fragment|display]]`` or ``![[...]]`` as written, with its place in the line."""

    start: int
    end: int
    embed: bool
    target: str
    fragment: str
    display: str | None
    block_id: str | None
    raw: str


def find_wikilinks(line: str) -> list[WikiLink]:
    """Wikilinks and embeds of a line, ignoring those inside inline code."""
    found = []
    for lo, hi in outside_code(line):
        for m in _WIKILINK.finditer(line, lo, hi):
            link = _wikilink(m)
            if link.target or link.fragment:
                found.append(link)
    return found


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


def replace_highlights(text: str) -> str:
    """``==text==`` to ``<mark>text</mark>`` (Obsidian also allows a space before the closing ``==``)."""
    if "==" not in text:
        return text
    return sub_outside_code(_HIGHLIGHT, lambda m: f"<mark>{m.group(1).rstrip()}</mark>", text)


_FOOTNOTE_REF = re.compile(r"\^?\[\^[^\]]*\]")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(\*\*|__|\*|~~|==|`|(?<!\w)_|_(?!\w))")
_HTML_TAG = re.compile(r"<[^>]+>")


def plain_text(markdown: str) -> str:
    """Readable text of inline markdown: what a heading or excerpt says without its markup."""
    text = strip_markers(markdown)
    for link in reversed(find_wikilinks(text)):
        shown = link.display or link.target or link.fragment.lstrip("^")
        text = text[: link.start] + shown + text[link.end :]
    text = _FOOTNOTE_REF.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _MARKUP.sub("", text)
    return " ".join(text.split())


def markdown_escape(text: str) -> str:
    """Escape what Markdown would read as markup or HTML, for text the plugin generates."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]#|!])", r"\\\1", text)
