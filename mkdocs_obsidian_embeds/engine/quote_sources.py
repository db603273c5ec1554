"""Where a quoted block's HTML comes from, when it is not rendered again on the quoting page.

Content whose HTML is the same on every page that shows it (``same_everywhere``) is rendered
once per build: the MkDocs plugin takes it from its source's own page once every page is
rendered (``rendered_here``, rendered_quotes.py), a host that renders pages one at a time
(Zensical) from the first page that quoted it (``cache``, quote_cache.py). Either way the
quoting page holds a ``Quote`` (parts.py) in its place.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence

from . import fragments
from .inline import find_wikilinks, plain_text
from .links import Links, strip_container
from .notes import ParsedNote
from .page import Page, Scope
from .parts import CaptureBound, Quote, SectionBounds
from .quote_cache import QuoteCache, Uses, capture_bounds
from .vault import Note

#: The kinds of blocks (notes.py) taken from their source's page: a paragraph, list, table, quote,
#: callout or embed (of an attachment: ``_embeds_a_note``) is the same element wherever it is
#: shown (a list item is when it is tight: see ``_tight_bullet``).
_TAKEN_KINDS = frozenset("pltqe")
#: What makes a block's or section's HTML depend on the page that shows it: footnotes (numbered
#: per page), content tabs (pymdownx.tabbed's and pymdownx.blocks' ids are numbered per page), a
#: heading written in HTML (the adapter makes the headings of the source's page the embed's,
#: rendered_quotes.py, but not that one); and embeds of notes (``_embeds_a_note``).
_LOCAL = re.compile(r"\[\^|\^\[|<[hH][1-6]|^[ \t>]*(?:===[!+]?[ \t]|///)")
#: A heading a section can be cut at on its page: an ATX heading of the page's top level.
_TOP_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)")
_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+")

#: Whether a note's own page is rendered in this build, so that a quoted block can be taken from it.
RenderedHere = Callable[[Note], bool]


class QuoteSources:
    """Decides, for each embed, whether its content is a ``Quote`` of content rendered once."""

    def __init__(self, links: Links, rendered_here: RenderedHere | None = None, cache: QuoteCache | None = None) -> None:
        self.links = links
        self.options = links.options
        self.rendered_here = rendered_here
        self.cache = cache

    def taken(self, scope: Scope, target: Note, fragment: str, start: int, end: int) -> list[str] | None:
        """Content the same on every page (``same_everywhere``) as a ``Quote`` of its source's page,
        where that page is rendered in this build and the content can be cut from it; else None."""
        if self.rendered_here is None or not self.rendered_here(target):
            return None
        parsed = target.parsed
        if not self._plain_headings(parsed, start, end):
            return None
        lines = parsed.lines[start:end]
        page = scope.page
        ref = f"{page.key}.q{len(page.quotes)}"
        if not fragment:
            quote = Quote(ref, target.site_path, "", target.title, SectionBounds("", ""))
        elif fragment.startswith("^"):
            block = fragments.find_block(parsed, fragment[1:])
            item = block.kind == "i"
            if not (block.kind in _TAKEN_KINDS or item and _tight_bullet(parsed.lines, block.start, block.end)):
                return None
            quote = Quote(ref, target.site_path, block.id, self.links.block_text(target, block), list_item=item)
        else:
            quote = self._section_quote(ref, target, fragment)
            if quote is None:
                return None
        page.quotes.append(quote)
        page.size += sum(len(line) + 1 for line in lines)
        return [page.add(quote)]

    def cached(self, scope: Scope, target: Note, key: str, fragment: str, start: int, end: int) -> list[str] | None:
        """Content the same on every page (``same_everywhere``) as a ``Quote`` of the build's cache,
        where a page rendered it already (an earlier page, or this one higher up); else None."""
        page = scope.page
        if self.cache is None or key not in self.cache and key not in page.captures:
            return None
        block_id = fragment[1:] if fragment.startswith("^") else ""
        text = plain_text_of(target, start, end)
        quote = Quote(f"{page.key}.q{len(page.quotes)}", target.site_path, block_id, text, embed=key)
        page.quotes.append(quote)
        linked, embedded = self.cache.uses(key)
        page.linked.update(linked)
        page.embedded.update(embedded)
        page.size += sum(len(line) + 1 for line in target.parsed.lines[start:end])
        return [page.add(quote)]

    def keeps(self, scope: Scope, key: str) -> bool:
        """Whether the build's cache keeps content the same on every page once this page renders
        it: there is a cache, and the page does not render that content already."""
        return self.cache is not None and key not in scope.page.captures

    def captured(self, page: Page, key: str, content: list[str], uses: Uses) -> list[str]:
        """``content`` between the bounds of a capture for the build's cache; ``uses``: the
        notes and files it links and embeds."""
        ref = f"{page.key}.c{len(page.captures)}"
        page.captures[key] = ref
        self.cache.record(key, uses)
        first, last = (page.add(CaptureBound(bound)) for bound in capture_bounds(ref))
        return [first, "", *content, "", last]

    def same_everywhere(self, source: Note, start: int, end: int) -> bool:
        """Whether lines ``[start, end)`` of ``source`` are the same HTML on every page that shows
        them (no footnotes, tabs, HTML headings (``_LOCAL``), raw HTML, embedded notes, and no
        code unless ``Options.code_taken``), where that is worth knowing: some page's HTML or
        a cache can stand in for them."""
        if self.rendered_here is None and self.cache is None:
            return False
        parsed = source.parsed
        local_lines = parsed.code_lines if not self.options.code_taken else parsed.html_lines
        if any(n in local_lines for n in range(start, end)):
            return False
        lines = parsed.lines[start:end]
        return not any(_LOCAL.search(line) for line in lines) and not self._embeds_a_note(source, lines)

    def _embeds_a_note(self, source: Note, lines: list[str]) -> bool:
        """Whether ``lines`` of ``source`` embed a note: its content nests under the quoting page's
        limits and cycles. An attachment's embed (an icon, an image, a PDF) is the same markup on
        every page, its URLs rebased with the rest, and so is the box of a missing one."""
        embeds = (link for line in lines if "![[" in line for link in find_wikilinks(line) if link.embed)
        return any(isinstance(self.links.index.resolve(link.target, source).file, Note) for link in embeds)

    def _plain_headings(self, parsed: ParsedNote, start: int, end: int) -> bool:
        """Whether the headings in lines ``[start, end)`` can be made the embed's from their HTML on
        their page: they have no attribute list of their own, and their text is no link."""
        first = bisect_left(parsed.headings, start, key=lambda heading: heading.line)
        inside = itertools.takewhile(lambda heading: heading.line < end, itertools.islice(parsed.headings, first, None))
        lines = [heading.line for heading in inside]
        return not lines or (self.options.headings_taken and not any("{" in parsed.lines[n] for n in lines))

    def _section_quote(self, ref: str, target: Note, fragment: str) -> Quote | None:
        """A heading's section as a quote of its page, if it can be cut from there: from a heading
        of the page's top level to the next one or to the end of the page's own content
        (rendered_quotes.py's ``section_span``; the adapter leaves out the badge after a title)."""
        parsed = target.parsed
        match = fragments.find_heading(parsed, fragment)
        end = fragments.section_end_index(parsed, match.index)
        last = end >= len(parsed.headings)
        bounds = (match.index,) if last else (match.index, end)
        if not all(_TOP_HEADING.match(parsed.lines[parsed.headings[n].line]) for n in bounds):
            return None
        slugs = self.links.slugs_of(target)
        section = SectionBounds(slugs[match.index], "" if last else slugs[end])
        return Quote(ref, target.site_path, "", match.heading.text, section)


def plain_text_of(source: Note, start: int, end: int) -> str:
    """The plain text of lines ``[start, end)`` of ``source`` (a quote shown in a table cell, or
    in place of a quote that is not found)."""
    lines = [source.parsed.lines[n] for n in range(start, end) if n not in source.parsed.code_lines]
    return plain_text(" ".join(_HEADING_MARK.sub("", strip_container(line)) for line in lines))


def _tight_bullet(lines: Sequence[str], start: int, end: int) -> bool:
    """Whether the list item on lines ``[start, end)`` is a bullet that Python-Markdown renders
    tight (no ``<p>``) on its page, as it does when the item is shown alone: no blank line inside
    it, none between it and the items around it, and a list of its own above it (Python-Markdown
    starts no list right under a paragraph)."""
    while end > start + 1 and _blank(lines[end - 1]):  # the blank lines after a list's last item
        end -= 1
    first = _QUOTED.match(lines[start])
    depth = first.group(1).count(">")
    if not _BULLET.match(first.group(2)) or any(_blank(lines[n]) for n in range(start, end)):
        return False

    def in_list(number: int) -> bool:
        quoted = _QUOTED.match(lines[number])
        return quoted.group(1).count(">") == depth and bool(_LISTISH.match(quoted.group(2)))

    if start > 0 and not _blank(lines[start - 1]):
        above = in_list(start - 1)
    else:
        above = start < 2 or not in_list(start - 2)
    below = end >= len(lines) or not _blank(lines[end]) or end + 1 >= len(lines) or not in_list(end + 1)
    return above and below


def _blank(line: str) -> bool:
    return not line.strip(" \t>")


#: A line's quote prefixes (group 1) and the rest (group 2).
_QUOTED = re.compile(r"^((?:[ \t]{0,3}>[ ]?)*)(.*)$", re.DOTALL)
#: A list item's first line, after its quote prefixes: its bullet after any indentation.
_BULLET = re.compile(r"[ \t]*[-*+][ \t]")
#: A line of a list, after its quote prefixes: an item's first line or an indented one.
_LISTISH = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])(?:[ \t]|$)|[ \t]+\S")
