"""Turn a note's prepared lines into Markdown that Python-Markdown and MkDocs understand.

The line loop (``Renderer.lines``) reads a note's lines inside a ``Scope`` (page.py): lines
with nothing Obsidian-specific pass unchanged; wikilinks, citations and Markdown links go to
links.py, embeds to transclusion.py, highlights and inline footnotes are rewritten here.
Links, embeds' source lines and citations are recorded in the page's ``parts`` and only a
marker goes into the Markdown (see parts.py). Nothing here knows about MkDocs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from .callouts import space_nested_callouts
from .inline import EMBED_LINE, find_wikilinks, outside_code, replace_highlights, sub_outside_code
from .links import Links
from .notes import parse_note
from .open_blocks import close_open_blocks
from .page import Options, Page, Problem, Scope, embed_key
from .parts import Tag
from .quote_cache import QuoteCache
from .transclusion import (
    EmbedDecorator,
    Embeds,
    RenderedHere,
    continuation,
    footnote_lines,
    rename_footnotes,
)
from .vault import Note, VaultFile, VaultIndex

__all__ = ["EmbedDecorator", "Options", "Page", "Problem", "QuoteCache", "RenderedHere", "Renderer"]

#: Anything the line loop may rewrite: wikilinks and embeds, highlights, inline footnotes,
#: Markdown links and definitions, footnote references.
_SYNTAX = re.compile(r"\[\[|==|\^\[|\]\(|\]:|\[\^")
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?")
_INLINE_FOOTNOTE = re.compile(r"\^\[((?:[^\[\]]|\[[^\[\]]*\])+)\]")
_CITATION = re.compile(r"^(\[\^[^\]\s]+\]:)[ \t]*(\[\[[^\]]+\]\])[ \t]*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


class Renderer:
    """Renders pages of one vault."""

    def __init__(
        self,
        index: VaultIndex,
        options: Options,
        relative_url: Callable[[VaultFile, Note], str],
        embed_footer: EmbedDecorator | None = None,
        rendered_here: RenderedHere | None = None,
        cache: QuoteCache | None = None,
    ) -> None:
        """``rendered_here`` or ``cache``: where quoted blocks are taken from (transclusion.py)."""
        self.index = index
        self.options = options
        self.links = Links(index, options)
        self.embeds = Embeds(self.links, self.lines, relative_url, embed_footer, rendered_here, cache)
        self._renderings = itertools.count(1)

    def render(self, note: Note, body: str | None = None, mentions: bool = True) -> tuple[str, Page]:
        """Markdown for ``note``'s page; ``body`` if another plugin changed it first. ``mentions``:
        whether its references are mentions of other notes (not for a generated page's).

        Each rendering gets a key of its own, so that the keys of its parts are unique in the build.
        """
        page = Page(note, key=f"{next(self._renderings):x}", mentions_others=mentions)
        parsed = note.parsed if body is None or body == note.body else parse_note(body)
        page.parsed = parsed
        scope = Scope(page, note, parsed, chain=(embed_key(note, ""),))
        out = self.lines(scope, 0, len(parsed.lines))
        if page.footnotes:
            out = [*close_open_blocks(out), "", *page.footnotes]
        text = "\n".join(out)
        if "!!! " in text or "??? " in text or "???+ " in text:
            text = "\n".join(space_nested_callouts(out))
        return text, page

    def lines(self, scope: Scope, start: int, end: int) -> list[str]:
        """The Markdown of lines ``[start, end)`` of ``scope``'s note, on ``scope``'s page."""
        out: list[str] = []
        parsed, source, page = scope.parsed, scope.source, scope.page
        skip = footnote_lines(parsed) if scope.prefix is not None else frozenset()
        refs: set[str] = set()
        code, breaks = parsed.code_lines, parsed.soft_breaks if source.in_vault and not self.options.strict_line_breaks else ()
        for number, line in enumerate(parsed.lines[start:end], start):  # one slice, not a lookup per line
            if number in skip:  # before code: a definition's indented blocks are code to markdown-it
                out.append("")
                continue
            if number in code:
                out.append(line)
                continue
            if scope.depth == 0:
                scope.where = page.line = source.body_offset + number + 1
            scope.at = number
            if number in breaks:
                line = line.rstrip() + "  "
            if not _SYNTAX.search(line):
                out.append(line)  # plain prose: nothing to rewrite (most lines)
                continue
            if "![[" in line and number in parsed.table_lines:
                line = self.embeds.in_cells(scope, line)
            pieces = self._split_note_embeds(source, line) if "![[" in line else [line]
            for piece in pieces:
                embed = EMBED_LINE.match(piece) if "![[" in piece else None
                if embed:
                    out.extend(self.embeds.block(scope, embed.group(1), embed.group(2)))
                    continue
                piece = self.links.markdown_links(scope, piece)
                if scope.prefix is not None:
                    piece = rename_footnotes(piece, scope.prefix, refs)
                out.append(self.inline(scope, piece))
        if scope.prefix is not None:
            self.embeds.carry_footnotes(scope, refs, self.inline)
        return out

    def _split_note_embeds(self, source: Note, line: str) -> list[str]:
        """Put note embeds that share a line with text on lines of their own, as Obsidian shows them."""
        if EMBED_LINE.match(line):
            return [line]
        lead = _CONTAINER_PREFIX.match(line).group()
        notes = [
            link
            for link in find_wikilinks(line)
            if link.embed and isinstance(self.index.resolve(link.target, source).file, Note)
        ]
        if not notes:
            return [line]
        cont = continuation(lead)
        pieces, pos = [], len(lead)
        for link in notes:
            pieces += [line[pos : link.start].strip(), link.raw]
            pos = link.end
        pieces.append(line[pos:].strip())
        out = []
        for text in (p for p in pieces if p):
            out += [(lead if not out else cont) + text, cont.rstrip()]
        return out[:-1]

    # -- inline ------------------------------------------------------------------------

    def inline(self, scope: Scope, line: str) -> str:
        """A line's wikilinks, inline embeds, citation, highlights and inline footnotes."""
        tags = _html_tags(line) if "<" in line else []
        if tags:  # raw inline HTML is kept as written: nothing inside a tag is rewritten
            pieces, pos = [], 0
            for start, end in tags:
                pieces += [self._inline_text(scope, line[pos:start]), line[start:end]]
                pos = end
            return "".join(pieces) + self._inline_text(scope, line[pos:])
        return self._inline_text(scope, line)

    def _inline_text(self, scope: Scope, line: str) -> str:
        if "[[" in line:
            citation = _CITATION.match(line)
            if citation:
                return self.links.citation(scope, citation, self.embeds.inline)
            line = self.links.wikilinks(scope, line, self.embeds.inline)
        if "==" in line:
            line = replace_highlights(line, lambda: _mark_tags(scope.page))
        if "^[" in line:
            line = _inline_footnotes(line, scope.page)
        return line


def _mark_tags(page: Page) -> tuple[str, str]:
    if not page.mark_tags[0]:
        page.mark_tags = (page.add(Tag("<mark>")), page.add(Tag("</mark>")))
    return page.mark_tags


def _inline_footnotes(line: str, page: Page) -> str:
    """Obsidian's inline footnotes ``^[text]`` become numbered footnotes at the page's end."""

    def move(m: re.Match[str]) -> str:
        page.inline_notes += 1
        label = f"inline-{page.inline_notes}"
        page.footnotes.append(f"[^{label}]: {m.group(1)}")
        return f"[^{label}]"

    return sub_outside_code(_INLINE_FOOTNOTE, move, line)


def _html_tags(line: str) -> list[tuple[int, int]]:
    """Ranges of the inline HTML tags of a line, read left to right with its wikilinks: a tag
    that starts inside a wikilink is the link's text (``[[X|<b>]]``), a wikilink inside a tag is
    the tag's (``<span title="[[X]]">``); none inside code spans."""
    tags = [m.span() for lo, hi in outside_code(line) for m in _HTML_TAG.finditer(line, lo, hi)]
    if not tags or "[[" not in line:
        return tags
    links = [(link.start, link.end) for link in find_wikilinks(line)]
    kept, reach, i = [], 0, 0
    for start, end in tags:
        while i < len(links) and links[i][0] < start:
            if links[i][0] >= reach:
                reach = max(reach, links[i][1])
            i += 1
        if start >= reach:
            kept.append((start, end))
            reach = end
            while i < len(links) and links[i][0] < end:
                i += 1  # links inside the tag are part of it
    return kept
