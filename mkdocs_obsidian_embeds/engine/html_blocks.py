"""Which lines of a note Python-Markdown will pass through as raw HTML.

Python-Markdown takes a block-level tag that starts a line (up to three spaces in) as the
start of a raw HTML block that lasts until its closing tag, blank lines included, or to
the end of the text when it is never closed; an HTML comment likewise lasts until ``-->``.
Nothing inside is Markdown, unless md_in_html's ``markdown`` attribute says so. Obsidian
too leaves Markdown inside HTML blocks alone, so the rewriter must not touch these lines:
an embed expanded there would pour the source's raw text, code spans included, into the
page as live HTML.

Where this scan and Python-Markdown could disagree, it errs towards "raw": the cost of a
line wrongly called raw is a wikilink left as text, not markup out of place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from markdown.util import BLOCK_LEVEL_ELEMENTS

_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
_VOID = frozenset({"hr"})
_START = re.compile(r" {0,3}<(!--|[A-Za-z][A-Za-z0-9-]*)")
_MARKDOWN_ATTR = re.compile(r"""\smarkdown\s*=\s*["']?(?:1|block|span)\b""", re.IGNORECASE)


def raw_html_lines(lines: list[str], code: frozenset[int]) -> frozenset[int]:
    """Line numbers (0-based) inside raw HTML blocks; ``code`` lines (fences) are skipped."""
    return frozenset(n for start, end, _, _ in _raw_blocks(lines, code, markdown_inside=False) for n in range(start, end))


def unclosed_html(lines: list[str], code: frozenset[int]) -> str:
    """What closes the raw HTML block that ``lines`` leave open at their end ("" if none): an
    embedded note's unclosed ``<div>`` would otherwise hold the rest of the quoting page as raw
    HTML, the embed's own end included, where Obsidian keeps it inside the embed."""
    for _, _, depth, tag in _raw_blocks(lines, code, markdown_inside=True):
        if depth:
            return "-->" if tag == "!--" else f"</{tag}>" * depth
    return ""


def _raw_blocks(lines: list[str], code: frozenset[int], markdown_inside: bool) -> Iterator[tuple[int, int, int, str]]:
    """Each raw HTML block: its lines ``[start, end)``, how many of its tags are still open at the
    text's end, its tag. A block with md_in_html's ``markdown`` attribute is its tag line alone
    (its content is Markdown), unless ``markdown_inside``: then it runs to its closing tag too."""
    number = 0
    while number < len(lines):
        m = _START.match(lines[number]) if number not in code and "<" in lines[number] else None
        tag = m.group(1).lower() if m else ""
        if tag != "!--" and tag not in _BLOCK_TAGS:
            number += 1
            continue
        if not markdown_inside and tag != "!--" and _MARKDOWN_ATTR.search(lines[number]):
            yield number, number + 1, 0, tag
            number += 1
            continue
        end, depth = _block_close(lines, number, tag, m.end())  # not before: a scan per unclosed markdown="1" tag is quadratic
        yield number, end, depth, tag
        number = end


def _block_close(lines: list[str], start: int, tag: str, offset: int) -> tuple[int, int]:
    """The line after the one that closes the block opened at ``start``, and 0; or the text's
    end and how many of the block's tags are still open there."""
    if tag == "!--":
        for number in range(start, len(lines)):
            if "-->" in lines[number][offset if number == start else 0 :]:
                return number + 1, 0
        return len(lines), 1
    if tag in _VOID:
        return start + 1, 0
    opener = _tag_pattern(tag)
    depth = 0
    for number in range(start, len(lines)):
        for m in opener.finditer(lines[number]):
            depth += -1 if m.group().startswith("</") else 1
            if depth == 0:
                return number + 1, 0
    return len(lines), depth


@lru_cache(maxsize=None)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    """Opening and closing tags named ``tag``."""
    name = re.escape(tag)
    return re.compile(rf"<{name}(?=[\s/>]|$)|</{name}\s*>", re.IGNORECASE)
