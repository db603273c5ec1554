"""Fragments of a link: ``#Heading``, ``#A#B`` and ``#^block`` inside a parsed note (SPEC §2)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from .notes import Block, Heading, ParsedNote

Slugify = Callable[[str, str], str]
#: attr_list's attribute list at the end of a heading (its ``HEADER_RE``).
_HEADING_ATTRIBUTES = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_ATTR_ID = re.compile(r"\{[^}]*#([^\s}]+)[^}]*\}\s*$")
Key = Callable[[str], str]


def _strict_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _loose_key(text: str) -> str:
    """Heading text without markup or punctuation: ``hasTag`` matches `` `hasTag()` ``."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


@dataclass(frozen=True)
class HeadingMatch:
    heading: Heading
    index: int


@dataclass(frozen=True)
class _HeadingIndex:
    """A note's headings by key (their positions, in order), and where each one's section ends.

    The positions by a key are listed when a link first looks a heading up by that key: most
    links match strictly, so most notes never list their loose keys."""

    headings: list[Heading]
    positions: dict[Key, dict[str, list[int]]]
    ends: list[int]

    def by_name(self, key: Key) -> dict[str, list[int]]:
        found = self.positions.get(key)
        if found is None:
            found = self.positions[key] = {}
            for number, heading in enumerate(self.headings):
                found.setdefault(key(heading.text), []).append(number)
        return found


def _heading_index(parsed: ParsedNote) -> _HeadingIndex:
    """Built once per note: a page may hold many links to its headings."""
    index = parsed.lookups.get("headings")
    if not isinstance(index, _HeadingIndex):
        index = parsed.lookups["headings"] = _build_heading_index(parsed.headings)
    return index


def _build_heading_index(headings: list[Heading]) -> _HeadingIndex:
    ends, open_sections = [len(headings)] * len(headings), []
    for number, heading in enumerate(headings):
        while open_sections and headings[open_sections[-1]].level >= heading.level:
            ends[open_sections.pop()] = number
        open_sections.append(number)
    return _HeadingIndex(headings, {}, ends)


def find_heading(parsed: ParsedNote, path: str) -> HeadingMatch | None:
    """The heading named by ``A#B`` (B nested under A), matched strictly then loosely."""
    names = [part for part in path.split("#") if part.strip()]
    if not names:
        return None
    index = _heading_index(parsed)
    for key in (_strict_key, _loose_key):
        found = _find_nested(parsed.headings, index, [key(n) for n in names], key)
        if found is not None:
            return found
    return None


def _find_nested(headings: list[Heading], index: _HeadingIndex, wanted: list[str], key: Key) -> HeadingMatch | None:
    """The first heading named ``wanted[0]``, then the first named ``wanted[1]`` in its section, ..."""
    start, stop, level = 0, len(headings), 0
    match = None
    for name in wanted:
        positions = index.by_name(key).get(name, [])
        match = None
        for at in range(bisect_left(positions, start), len(positions)):
            number = positions[at]
            if number >= stop:
                break
            if headings[number].level > level:
                match = HeadingMatch(headings[number], number)
                break
        if match is None:
            return None
        start, level = match.index + 1, match.heading.level
        stop = index.ends[match.index]
    return match


def section_end_index(parsed: ParsedNote, index: int) -> int:
    """Index of the first heading after ``index`` of the same or a higher level."""
    return _heading_index(parsed).ends[index]


def section_lines(parsed: ParsedNote, match: HeadingMatch) -> tuple[int, int]:
    """Lines of a heading's section: the heading and everything up to the next one of its rank."""
    end = section_end_index(parsed, match.index)
    last = parsed.headings[end].line if end < len(parsed.headings) else len(parsed.lines)
    return match.heading.line, last


def find_block(parsed: ParsedNote, block_id: str) -> Block | None:
    return parsed.blocks.get(block_id.lower())


def heading_slugs(parsed: ParsedNote, slugify: Slugify, separator: str) -> list[str]:
    """The ids the ``toc`` extension gives the note's headings, in order, made unique like it."""
    used: set[str] = set()
    counts: dict[str, int] = {}
    slugs = []
    for heading, line in ((h, parsed.lines[h.line]) for h in parsed.headings):
        explicit = _explicit_id(line)
        slug = explicit if explicit is not None else slugify(_without_attribute_list(heading.text), separator)
        slugs.append(_unique(slug, used, counts))
    return slugs


def _explicit_id(line: str) -> str | None:
    """The ``#id`` of an attribute list ``{...}`` ending the line, as ``_ATTR_ID.search`` finds it.

    Such a list can only open after the line's last ``}`` but one, and if it does not match
    from the first ``{`` there, it matches from no later one either: so the pattern is tried
    at that one place instead of at every ``{`` (cubic on a line of ``{#a ``).
    """
    end = len(line.rstrip())
    if not line.endswith("}", 0, end):
        return None
    opening = line.find("{", line.rfind("}", 0, end - 1) + 1, end)
    found = _ATTR_ID.match(line, opening) if opening >= 0 else None
    return found.group(1) if found else None


def _without_attribute_list(text: str) -> str:
    """A heading's text as ``toc`` slugifies it: without the attribute list (``{.class}``) that
    ``attr_list`` takes off its end. Such a list holds no ``}`` but its last, so it opens after
    the text's last ``}`` but one and the pattern is tried from there only."""
    end = len(text.rstrip(" "))
    if not text.endswith("}", 0, end):
        return text
    found = _HEADING_ATTRIBUTES.search(text, text.rfind("}", 0, end - 1) + 1)
    return text[: found.start()] if found else text


def _unique(slug: str, used: set[str], counts: dict[str, int]) -> str:
    """``slug``, or the first of ``slug_1``, ``slug_2``, ... not used yet.

    ``counts`` remembers how far each slug got, so that the n-th copy of a heading does not try
    the n - 1 suffixes before it again.
    """
    count = counts.get(slug, 0)
    candidate = f"{slug}_{count}" if count else slug
    while candidate in used or not candidate:
        count += 1
        candidate = f"{slug}_{count}"
    counts[slug] = count
    used.add(candidate)
    return candidate
