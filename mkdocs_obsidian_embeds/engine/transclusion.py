"""Embeds: a note, heading or block of another note shown in place (``![[Note#^id]]``).

A block-level embed is expanded into the page's Markdown, between the markers that the tree
processor turns into the embed's wrapper; its lines go through the same line loop as the page's
own (``Renderer.lines``, inside a ``Scope`` of the embedded note), so nested embeds, links and
footnotes work the same. An embed inside a table cell is a quote of the block's plain text.
Cycles, depth and the page's limits stop an embed with a neutral box and one warning per page.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable

from . import fragments
from .attachments import attachment_markup
from .inline import WikiLink, find_wikilinks, sub_outside_code
from .links import CONTAINER_PART, Links, typed_text
from .markers import EMBED_CLOSE, block_mark, embed_open
from .notes import ParsedNote
from .open_blocks import close_open_blocks
from .page import Problem, Scope, embed_key
from .parts import CellQuote, SourceLine, Unresolved
from .quote_cache import QuoteCache
from .quote_sources import QuoteSources, RenderedHere, plain_text_of
from .vault import Note, VaultFile, note_stem

_LIST_MARKER = re.compile(r"(?:[-*+]|\d+[.)])[ \t]+$")
_QUOTE_PREFIX = re.compile(r"^[ \t]*>[ \t]?")

#: What the box of a stopped embed says, by the reason it was stopped.
_STOPPED = {
    "cycle": "is not embedded again inside itself.",
    "depth": "is not embedded: embeds are nested too deeply here.",
    "size": "is not embedded: this page holds too much embedded content.",
    "count": "is not embedded: this page holds too many embeds.",
}

#: The lines a note's range becomes on the page: ``Renderer.lines`` (scope, start, end).
LineLoop = Callable[[Scope, int, int], list[str]]
#: The source line's review date of a quoted note (HTML), from freshness.
EmbedDecorator = Callable[[Note], str]


class Embeds:
    """Expands a build's embeds; ``lines`` renders embedded content, ``relative_url`` is the
    URL of a file from a page (for raw HTML: audio, video, PDF). ``rendered_here`` and ``cache``:
    where content rendered once per build is taken from (quote_sources.py)."""

    def __init__(
        self,
        links: Links,
        lines: LineLoop,
        relative_url: Callable[[VaultFile, Note], str],
        embed_footer: EmbedDecorator | None = None,
        rendered_here: RenderedHere | None = None,
        cache: QuoteCache | None = None,
    ) -> None:
        self.links = links
        self.options = links.options
        self.lines = lines
        self.relative_url = relative_url
        self.embed_footer = embed_footer
        self.sources = QuoteSources(links, rendered_here, cache)

    # -- inline ----------------------------------------------------------------------

    def inline(self, scope: Scope, link: WikiLink) -> str:
        """An embed within a line: an attachment (image, audio, video, PDF, file) in place, a
        note's embed as a link to it (a note's embed on a line of its own is a block)."""
        resolution = self.links.resolve(scope, link)
        target = resolution.file
        if target is None:
            return self.links.unresolved(scope, link, resolution.reason)
        scope.page.embedded.add(target.site_path)
        if isinstance(target, Note):
            return self.links.link(scope, link._replace(embed=False))
        href = self.links.href(target, scope.host)
        markup = attachment_markup(target, link, href, self.relative_url(target, scope.host))
        if not isinstance(markup, str):
            markup = scope.page.add(markup)
        return markup + (block_mark("e", link.block_id) if link.block_id else "")

    def in_cells(self, scope: Scope, line: str) -> str:
        """Note embeds of a table row become quotes inside their cells (a table cell holds
        inline content only): the rest of the row is left to the usual rewriting."""
        pieces, pos = [], 0
        for link in find_wikilinks(line):
            if link.embed and isinstance(self.links.index.resolve(link.target, scope.source).file, Note):
                pieces += [line[pos : link.start], self._cell_quote(scope, link)]
                pos = link.end
        return "".join(pieces) + line[pos:]

    def _cell_quote(self, scope: Scope, link: WikiLink) -> str:
        target = self.links.resolve(scope, link).file
        scope.page.embedded.add(target.site_path)
        found = self._range(target, link.fragment)
        if isinstance(found, str):
            return self.links.unresolved(scope, link, found)
        start, end, _, caption, anchor, _ = found
        text = plain_text_of(target, start, end)
        scope.page.size += len(text)
        href = self.links.href(target, scope.host, anchor)
        return scope.page.add(CellQuote(text, caption, href, self.links.mention(scope, target, link.raw, "embed")))

    # -- blocks ----------------------------------------------------------------------

    def block(self, scope: Scope, lead: str, raw: str) -> list[str]:
        """The lines of an embed alone on its line (after ``lead``, its container's prefix)."""
        link = find_wikilinks(raw)[0]
        target = self.links.resolve(scope, link).file
        if not isinstance(target, Note):
            return [lead + self.inline(scope, link)]
        page = scope.page
        page.embedded.add(target.site_path)
        found = self._range(target, link.fragment)
        if isinstance(found, str):
            return [lead + self.links.unresolved(scope, link, found)]
        start, end, kind, caption, anchor, quotes = found
        key = embed_key(target, link.fragment)
        stop = self._stop_reason(scope, key)
        if stop:
            return [lead + self._stopped(scope, link, stop, (*scope.chain, key))]
        page.embeds += 1
        shared = self.sources.same_everywhere(target, start, end)
        content = None
        if shared:
            content = self.sources.taken(scope, target, link.fragment, start, end)
            content = content or self.sources.cached(scope, target, key, link.fragment, start, end)
        if content is None:
            render = functools.partial(self._rendered, scope, target, key, start, end, quotes)
            content = self._kept(scope, key, render) if shared and self.sources.keeps(scope, key) else render()
        cont = continuation(lead)
        footer = self.embed_footer(target) if self.embed_footer is not None else ""
        mention = self.links.mention(scope, target, link.raw, "embed")
        source_line = SourceLine(caption, self.links.href(target, scope.host, anchor), footer, mention)
        head = f"{lead}{embed_open(kind, link.block_id or '')}{page.add(source_line)}"
        body = [cont + line if line.strip() else cont.rstrip() for line in content]
        before = [] if _LIST_MARKER.search(lead) else [cont.rstrip()]
        return [*before, head, cont.rstrip(), *body, cont.rstrip(), cont + EMBED_CLOSE, cont.rstrip()]

    def _rendered(self, scope: Scope, target: Note, key: str, start: int, end: int, quotes: int) -> list[str]:
        """The content rendered on this page, lifted out of its container, what it leaves open closed."""
        page = scope.page
        content = close_open_blocks(_dedent(self.lines(scope.inside(target, key, f"e{page.embeds}"), start, end), quotes))
        page.size += sum(len(line) + 1 for line in content)
        return content

    def _kept(self, scope: Scope, key: str, render: Callable[[], list[str]]) -> list[str]:
        """The content ``render`` gives, between the bounds of a capture for the build's cache, with
        the notes and files it links and embeds (which the pages that take it from the cache use
        too: ``--dirty`` rebuilds them when one of those changes)."""
        page = scope.page
        outer = page.linked, page.embedded
        page.linked, page.embedded = set(), set()
        content = render()
        uses = frozenset(page.linked), frozenset(page.embedded)
        outer[0].update(page.linked)
        outer[1].update(page.embedded)
        page.linked, page.embedded = outer
        return self.sources.captured(page, key, content, uses)

    def _range(self, target: Note, fragment: str) -> tuple[int, int, str, str, str, int] | str:
        """(start, end, kind, caption, anchor, quote depth) of what an embed shows, or a problem."""
        parsed = target.parsed
        if not fragment:
            return 0, len(parsed.lines), "note", target.title, "", 0
        if fragment.startswith("^"):
            block = fragments.find_block(parsed, fragment[1:])
            if block is None:
                return f"no block '{fragment}' in '{target.name}'"
            return block.start, block.end, "block", target.title, f"^{block.id}", block.quotes
        match = fragments.find_heading(parsed, fragment)
        if match is None:
            return f"no heading '{fragment}' in '{target.name}'"
        start, end = fragments.section_lines(parsed, match)
        caption = f"{target.title} > {match.heading.text}"
        return start, end, "heading", caption, self.links.slugs_of(target)[match.index], 0

    # -- limits ----------------------------------------------------------------------

    def _stop_reason(self, scope: Scope, key: str) -> str:
        page = scope.page
        page.met += 1
        if page.stopped:
            return page.stopped
        if key in scope.chain:
            return "cycle"
        if scope.depth >= self.options.max_depth:
            return "depth"
        if page.size > self.options.max_chars:
            page.stopped = "size"
        elif page.met > self.options.max_embeds:
            page.stopped = "count"
        return page.stopped

    def _stopped(self, scope: Scope, link: WikiLink, reason: str, chain: tuple[str, ...]) -> str:
        if reason == "cycle":  # named only when needed: a bomb stops thousands of embeds
            message = "embed cycle: " + " → ".join(self._chain_name(key) for key in chain)
            source = scope.source
            if source is not scope.host:  # name the embed that closes the cycle, not the host's
                message += f" (closed by the embed in {source.site_path}:{source.body_offset + scope.at + 1})"
        else:
            message = {
                "depth": f"embeds nested deeper than {self.options.max_depth} levels",
                "size": f"embedded content exceeds {self.options.max_chars} characters on this page",
                "count": f"more than {self.options.max_embeds} embeds on this page",
            }[reason]
        _warn_stopped(scope, "cycle" if reason == "cycle" else "limit", f"embed '{link.raw}' not expanded: {message}")
        shown = f"“{typed_text(link)}” {_STOPPED[reason]}"
        return scope.page.add(Unresolved(shown, message, "obsidian-unresolved obsidian-embed--stopped"))

    def _chain_name(self, key: str) -> str:
        path, _, fragment = key.partition("#")
        found = self.links.index.get(path)
        name = found.name if found else note_stem(posixpath.basename(path)) or posixpath.basename(path)
        return f"{name}#{fragment}" if fragment else name

    # -- footnotes -------------------------------------------------------------------

    def carry_footnotes(self, scope: Scope, refs: set[str], inline: Callable[[Scope, str], str]) -> None:
        """Footnotes referenced by embedded content, renamed like their references, for the page's end."""
        parsed, quiet = scope.parsed, Scope(scope.page, scope.source, scope.parsed, scope.depth, scope.chain)
        carried: set[tuple[int, int]] = set()  # a nested definition has its outer one's lines
        for label in sorted(refs):
            if label not in parsed.footnotes or parsed.footnotes[label] in carried:
                continue
            start, end = parsed.footnotes[label]
            carried.add((start, end))
            for line in parsed.lines[start:end]:
                line = rename_footnotes(self.links.markdown_links(scope, line), scope.prefix, set())
                scope.page.footnotes.append(inline(quiet, line))


def _warn_stopped(scope: Scope, kind: str, message: str) -> None:
    """One warning per page for its embeds stopped by cycles, one for those stopped by the
    limits: the first one, and how many more there were (a bomb stops thousands)."""
    page = scope.page
    if kind not in page.held_back:
        page.held_back[kind] = (len(page.problems), message, 0)
        page.problems.append(Problem(page.line, message))
        return
    index, first, more = page.held_back[kind]
    page.held_back[kind] = (index, first, more + 1)
    what = f"{more + 1} more embed{'s' if more else ''} on this page stopped by {'cycles' if kind == 'cycle' else 'the limits'}"
    page.problems[index] = Problem(page.problems[index].line, f"{first} (and {what})")


def footnote_lines(parsed: ParsedNote) -> frozenset[int]:
    """Lines of the note's footnote definitions, found once per note (each embed of it asks)."""
    found = parsed.lookups.get("footnote_lines")
    if not isinstance(found, frozenset):
        found = parsed.lookups["footnote_lines"] = frozenset(
            n for start, end in parsed.footnotes.values() for n in range(start, end)
        )
    return found


def rename_footnotes(line: str, prefix: str, refs: set[str]) -> str:
    """``line`` with each footnote reference ``[^label]`` renamed ``[^prefix-label]``; the
    labels found go into ``refs``."""
    if "[^" not in line:
        return line

    def rename(m: re.Match[str]) -> str:
        run = m.group()
        start = run.find("[^")
        if start < 0 or not run.endswith("]") or start + 3 >= len(run):
            return run
        label = run[start + 2 : -1]
        refs.add(label)
        return f"{run[:start]}[^{prefix}-{label}]"

    return sub_outside_code(_LABEL_RUN, rename, line)


#: A run of what a footnote label may hold (no ``]``, no space) and the ``]`` after it: a reference
#: ``[^label]`` lies inside one such run. Each run is read once, where a search for
#: ``\[\^([^\]\s]+)\]`` would read a long run again from every ``[^`` in it (quadratic).
_LABEL_RUN = re.compile(r"[^\]\s]+\]?")


def continuation(lead: str) -> str:
    """Prefix that keeps following lines in the embed line's container (quote, list item)."""
    out, pos = [], 0
    while pos < len(lead):
        m = CONTAINER_PART.match(lead, pos)
        if not m or m.end() == pos:
            break
        part = m.group()
        if ">" in part:
            out.append(part if part.endswith(" ") else part + " ")
        elif part.strip():
            indent = part[: len(part) - len(part.lstrip())]
            out.append(indent + "    ")
        else:
            out.append(part)
        pos = m.end()
    return "".join(out)


def _dedent(lines: list[str], quotes: int) -> list[str]:
    """Lift an embedded block out of its container: drop its ``quotes`` quote prefixes and indentation."""
    out = []
    for line in lines:
        for _ in range(quotes):
            line = _QUOTE_PREFIX.sub("", line, count=1)
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        out.append(lead.expandtabs(4) + line[len(lead) :])
    indents = [len(line) - len(line.lstrip()) for line in out if line.strip()]
    cut = min(indents) if indents else 0
    return [line[cut:] if line[:cut].strip() == "" else line for line in out]

