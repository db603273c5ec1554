"""Fragments of a link: ``#Heading``, ``#A#B`` and ``#^block`` inside a parsed note (SPEC §2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .notes import Block, Heading, ParsedNote

Slugify = Callable[[str, str], str]
_ATTR_ID = re.compile(r"\{[^}]*#([^\s}]+)[^}]*\}\s*$")


def _strict_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _loose_key(text: str) -> str:
    """Heading text without markup or punctuation: ``hasTag`` matches `` `hasTag()` ``."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


@dataclass(frozen=True)
class HeadingMatch:
    heading: Heading
    index: int


def find_heading(parsed: ParsedNote, path: str) -> HeadingMatch | None:
    """The heading named by ``A#B`` (B nested under A), matched strictly then loosely."""
    names = [part for part in path.split("#") if part.strip()]
    if not names:
        return None
    for key in (_strict_key, _loose_key):
        found = _find_nested(parsed.headings, [key(n) for n in names], key)
        if found is not None:
            return found
    return None


def _find_nested(headings: list[Heading], wanted: list[str], key: Callable[[str], str]) -> HeadingMatch | None:
    start, stop, level = 0, len(headings), 0
    match = None
    for name in wanted:
        match = next(
            (
                HeadingMatch(headings[i], i)
                for i in range(start, stop)
                if headings[i].level > level and key(headings[i].text) == name
            ),
            None,
        )
        if match is None:
            return None
        start, level = match.index + 1, match.heading.level
        stop = section_end_index(headings, match.index)
    return match


def section_end_index(headings: list[Heading], index: int) -> int:
    """Index of the first heading after ``index`` of the same or a higher level."""
    level = headings[index].level
    return next((j for j in range(index + 1, len(headings)) if headings[j].level <= level), len(headings))


def section_lines(parsed: ParsedNote, match: HeadingMatch) -> tuple[int, int]:
    """Lines of a heading's section: the heading and everything up to the next one of its rank."""
    end = section_end_index(parsed.headings, match.index)
    last = parsed.headings[end].line if end < len(parsed.headings) else len(parsed.lines)
    return match.heading.line, last


def find_block(parsed: ParsedNote, block_id: str) -> Block | None:
    return parsed.blocks.get(block_id.lower())


def heading_slugs(parsed: ParsedNote, slugify: Slugify, separator: str) -> list[str]:
    """The ids the ``toc`` extension gives the note's headings, in order, made unique like it."""
    used: set[str] = set()
    slugs = []
    for heading, line in ((h, parsed.lines[h.line]) for h in parsed.headings):
        explicit = _ATTR_ID.search(line)
        slug = explicit.group(1) if explicit else slugify(heading.text, separator)
        slugs.append(_unique(slug, used))
    return slugs


def _unique(slug: str, used: set[str]) -> str:
    candidate, count = slug, 0
    while candidate in used or not candidate:
        count += 1
        candidate = f"{slug}_{count}"
    used.add(candidate)
    return candidate
