"""Turn a note's prepared lines into Markdown that Python-Markdown and MkDocs understand.

Wikilinks become links to relative ``.md`` paths (so MkDocs rewrites and validates them),
embeds are expanded in place between markers that the tree processor turns into wrapper
elements, footnote citations get the source's title, and problems are collected with the
line they were found on. Links, embeds' source lines and citations are recorded in the
page's ``parts`` and only a marker goes into the Markdown (see parts.py). Nothing here
knows about MkDocs.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote

from . import fragments
from .attachments import attachment_markup
from .callouts import space_nested_callouts
from .inline import (
    EMBED_LINE,
    WikiLink,
    find_wikilinks,
    outside_code,
    plain_text,
    replace_highlights,
    sub_outside_code,
)
from .markers import EMBED_CLOSE, block_mark, embed_open, part, strip_markers
from .notes import ParsedNote, parse_note
from .parts import CellQuote, Citation, Link, Part, SourceLine, Tag, Unresolved
from .vault import Note, Resolution, VaultFile, VaultIndex, normalize, note_stem, relative_path

#: Anything the line loop may rewrite: wikilinks and embeds, highlights, inline footnotes,
#: Markdown links and definitions, footnote references.
_SYNTAX = re.compile(r"\[\[|==|\^\[|\]\(|\]:|\[\^")
_CONTAINER_PART = re.compile(r"[ \t]*>[ \t]?|[ \t]*(?:[-*+]|\d+[.)])[ \t]+|[ \t]+")
_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d+[.)])[ \t]+$")
_INLINE_FOOTNOTE = re.compile(r"\^\[((?:[^\[\]]|\[[^\[\]]*\])+)\]")
_CITATION = re.compile(r"^(\[\^[^\]\s]+\]:)[ \t]*(\[\[[^\]]+\]\])[ \t]*$")
#: A run of what a footnote label may hold (no ``]``, no space) and the ``]`` after it: a reference
#: ``[^label]`` lies inside one such run. Each run is read once, where a search for
#: ``\[\^([^\]\s]+)\]`` would read a long run again from every ``[^`` in it (quadratic).
_LABEL_RUN = re.compile(r"[^\]\s]+\]?")
#: A Markdown link's destination, only where it is one: followed by ``)`` or by a title.
_MD_LINK_URL = re.compile(r"(\]\()(<[^<>\n]*>|[^()\s<>]+)(?=\)|[ \t]+[\"'(])")
_REF_DEF = re.compile(r"^([ \t]*\[[^\]^][^\]]*\]:[ \t]*)(\S+)")
_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Options:
    slugify: fragments.Slugify
    slug_separator: str = "-"
    citation_excerpt: int = 120
    max_depth: int = 8
    max_chars: int = 200_000
    max_embeds: int = 200
    strict_line_breaks: bool = False


@dataclass(frozen=True)
class Problem:
    """Something broken on the page, at a 1-based line of the page's source file."""

    line: int
    message: str


@dataclass
class Page:
    """Everything produced while rendering one page.

    ``parts`` holds what the tree processor builds in place of the page's part markers
    (see parts.py), by the key each marker carries; ``key`` makes those keys unique.
    """

    note: Note
    key: str = ""
    parts: dict[str, Part] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    embedded: set[str] = field(default_factory=set)
    linked: set[str] = field(default_factory=set)
    size: int = 0
    embeds: int = 0
    met: int = 0
    """Embeds met on the page, expanded or stopped: what ``max_embeds`` counts."""
    stopped: str = ""
    """Why every further embed of the page stops ("size", "count"), once it reached that limit."""
    held_back: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    """Per kind of stopped embeds ("cycle", "limit"): where in ``problems`` the page's one
    warning about them is, what it said of the first one, and how many more it stands for."""
    line: int = 0
    at: tuple[Note, int] | None = None
    """The note and line (0-based, in its body) being rewritten: for warnings about nested embeds."""
    inline_notes: int = 0
    mark_tags: tuple[str, str] = ("", "")
    """The markers of the page's ``<mark>`` and ``</mark>`` (two parts for all its highlights)."""


EmbedDecorator = Callable[[Note], str]


class Renderer:
    """Renders pages of one vault; shares slugs and excerpts across the pages of a build."""

    def __init__(
        self,
        index: VaultIndex,
        options: Options,
        relative_url: Callable[[VaultFile, Note], str],
        embed_footer: EmbedDecorator | None = None,
    ) -> None:
        self.index = index
        self.options = options
        self.relative_url = relative_url
        self.embed_footer = embed_footer
        self._slugs: dict[str, list[str]] = {}
        self._excerpts: dict[tuple[str, str], str] = {}
        self._renderings = itertools.count(1)

    def render(self, note: Note, body: str | None = None) -> tuple[str, Page]:
        """Markdown for ``note``'s page; ``body`` if another plugin changed it first.

        Each rendering gets a key of its own, so that the keys of its parts are unique in the build.
        """
        page = Page(note, key=f"{next(self._renderings):x}")
        parsed = note.parsed if body is None or body == note.body else parse_note(body)
        chain = (_embed_key(note, ""),)
        out = self._lines(note, parsed, 0, len(parsed.lines), page, depth=0, chain=chain, prefix=None)
        if page.footnotes:
            out += [""] + page.footnotes
        text = "\n".join(out)
        if "!!! " in text or "??? " in text or "???+ " in text:
            text = "\n".join(space_nested_callouts(out))
        return text, page

    # -- lines -------------------------------------------------------------------------

    def _lines(
        self,
        source: Note,
        parsed: ParsedNote,
        start: int,
        end: int,
        page: Page,
        depth: int,
        chain: tuple[str, ...],
        prefix: str | None,
    ) -> list[str]:
        out: list[str] = []
        skip = _footnote_lines(parsed) if prefix is not None else frozenset()
        refs: set[str] = set()
        for number in range(start, end):
            line = parsed.lines[number]
            if number in parsed.code_lines:
                out.append(line)
                continue
            if number in skip:
                out.append("")
                continue
            where = source.body_offset + number + 1 if depth == 0 else None
            if where is not None:
                page.line = where
            page.at = (source, number)
            if number in parsed.soft_breaks and source.in_vault and not self.options.strict_line_breaks:
                line = line.rstrip() + "  "
            if not _SYNTAX.search(line):
                out.append(line)  # plain prose: nothing to rewrite (most lines)
                continue
            if "![[" in line and number in parsed.table_lines:
                line = self._quotes_in_cells(source, line, page, where)
            pieces = self._split_note_embeds(source, line) if "![[" in line else [line]
            for piece in pieces:
                embed = EMBED_LINE.match(piece) if "![[" in piece else None
                if embed:
                    out.extend(self._embed_block(source, embed, page, depth, chain, where))
                    continue
                piece = self._markdown_links(source, piece, page.note)
                if prefix is not None:
                    piece = _rename_footnotes(piece, prefix, refs)
                out.append(self._inline(source, piece, page, where))
        if prefix is not None:
            self._carry_footnotes(source, parsed, prefix, refs, page)
        return out

    def _quotes_in_cells(self, source: Note, line: str, page: Page, where: int | None) -> str:
        """Note embeds of a table row become quotes inside their cells (a table cell holds
        inline content only): the rest of the row is left to the usual rewriting."""
        pieces, pos = [], 0
        for link in find_wikilinks(line):
            if link.embed and isinstance(self.index.resolve(link.target, source).file, Note):
                pieces += [line[pos : link.start], self._cell_quote(source, link, page, where)]
                pos = link.end
        return "".join(pieces) + line[pos:]

    def _cell_quote(self, source: Note, link: WikiLink, page: Page, where: int | None) -> str:
        target = self._resolve(link, source, page, where).file
        page.embedded.add(target.site_path)
        found = self._embedded_range(target, link.fragment)
        if isinstance(found, str):
            return self._unresolved(link, found, page, where)
        start, end, _, caption, anchor, _ = found
        lines = [target.parsed.lines[n] for n in range(start, end) if n not in target.parsed.code_lines]
        text = plain_text(" ".join(_HEADING_MARK.sub("", _strip_container(line)) for line in lines))
        page.size += len(text)
        return _add_part(page, CellQuote(text, caption, self._href(target, page.note, anchor)))

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
        cont = _continuation(lead)
        pieces, pos = [], len(lead)
        for link in notes:
            pieces += [line[pos : link.start].strip(), link.raw]
            pos = link.end
        pieces.append(line[pos:].strip())
        out = []
        for text in (p for p in pieces if p):
            out += [(lead if not out else cont) + text, cont.rstrip()]
        return out[:-1]

    def _inline(self, source: Note, line: str, page: Page, where: int | None) -> str:
        tags = _html_tags(line) if "<" in line else []
        if tags:  # raw inline HTML is kept as written: nothing inside a tag is rewritten
            pieces, pos = [], 0
            for start, end in tags:
                pieces += [self._inline_text(source, line[pos:start], page, where), line[start:end]]
                pos = end
            return "".join(pieces) + self._inline_text(source, line[pos:], page, where)
        return self._inline_text(source, line, page, where)

    def _inline_text(self, source: Note, line: str, page: Page, where: int | None) -> str:
        if "[[" in line:
            citation = _CITATION.match(line)
            if citation:
                return self._citation(source, citation, page, where)
            line = self._links(source, line, page, where)
        if "==" in line:
            line = replace_highlights(line, lambda: self._mark_tags(page))
        if "^[" in line:
            line = self._inline_footnotes(line, page)
        return line

    def _mark_tags(self, page: Page) -> tuple[str, str]:
        if not page.mark_tags[0]:
            page.mark_tags = (_add_part(page, Tag("<mark>")), _add_part(page, Tag("</mark>")))
        return page.mark_tags

    def _inline_footnotes(self, line: str, page: Page) -> str:
        """Obsidian's inline footnotes ``^[text]`` become numbered footnotes at the page's end."""

        def move(m: re.Match[str]) -> str:
            page.inline_notes += 1
            label = f"inline-{page.inline_notes}"
            page.footnotes.append(f"[^{label}]: {m.group(1)}")
            return f"[^{label}]"

        return sub_outside_code(_INLINE_FOOTNOTE, move, line)

    def _links(self, source: Note, line: str, page: Page, where: int | None) -> str:
        parts, pos = [], 0
        for link in find_wikilinks(line):
            parts.append(line[pos : link.start])
            parts.append(self._inline_embed(source, link, page, where) if link.embed else self._link(source, link, page, where))
            pos = link.end
        parts.append(line[pos:])
        return "".join(parts)

    # -- links -------------------------------------------------------------------------

    def _link(self, source: Note, link: WikiLink, page: Page, where: int | None) -> str:
        resolution = self._resolve(link, source, page, where)
        target = resolution.file
        if target is None:
            return self._unresolved(link, f"{resolution.reason}", page, where)
        page.linked.add(target.site_path)
        if not isinstance(target, Note):
            return _add_part(page, Link(link.display or link.target, self._href(target, page.note)))
        anchor, _, problem = self._anchor(target, link.fragment)
        if problem:
            self._missing_fragment(link, problem, page, where)
        shown = link.display or typed_text(link)
        return _add_part(page, Link(shown, self._href(target, page.note, anchor)))

    def _missing_fragment(self, link: WikiLink, problem: str, page: Page, where: int | None) -> None:
        """Obsidian opens the note of a link whose heading or block is missing: so does the site."""
        if where is not None:
            page.problems.append(Problem(where, f"{_what(link)} '{link.raw}' links to the note only: {problem}"))

    def _resolve(self, link: WikiLink, source: Note, page: Page, where: int | None) -> Resolution:
        resolution = self.index.resolve(link.target, source)
        if resolution.ambiguous and where is not None:
            names = ", ".join(f.path for f in resolution.ambiguous)
            page.notices.append(
                Problem(where, f"'{link.raw}' is ambiguous ({names}); using {resolution.file.path}")
            )
        return resolution

    def _anchor(self, target: Note, fragment: str) -> tuple[str, str, str]:
        """(anchor id, heading text, problem) for a link fragment inside ``target``."""
        if not fragment:
            return "", "", ""
        parsed = target.parsed
        if fragment.startswith("^"):
            block = fragments.find_block(parsed, fragment[1:])
            if block is None:
                return "", "", f"no block '{fragment}' in '{target.name}'"
            return f"^{block.id}", "", ""
        match = fragments.find_heading(parsed, fragment)
        if match is None:
            return "", "", f"no heading '{fragment}' in '{target.name}'"
        return self._slugs_of(target)[match.index], match.heading.text, ""

    def _slugs_of(self, note: Note) -> list[str]:
        if note.site_path not in self._slugs:
            self._slugs[note.site_path] = fragments.heading_slugs(
                note.parsed, self.options.slugify, self.options.slug_separator
            )
        return self._slugs[note.site_path]

    def _href(self, target: VaultFile, host: Note, anchor: str = "") -> str:
        """A relative link MkDocs resolves: to the source ``.md`` (or file), plus the anchor."""
        if target is host and anchor:
            return f"#{anchor}"
        path = _quoted(relative_path(target.site_path, posixpath.dirname(host.site_path)))
        return path + (f"#{anchor}" if anchor else "")

    def _unresolved(self, link: WikiLink, reason: str, page: Page, where: int | None) -> str:
        if where is not None:
            page.problems.append(Problem(where, f"unresolved {_what(link)} '{link.raw}': {reason}"))
        withheld = reason in _WITHHELD
        if link.embed:
            return _add_part(page, _missing_embed(link, withheld))
        shown = link.display or typed_text(link)
        return _add_part(page, Unresolved(shown, "Not published" if withheld else f"Unresolved: {typed_text(link)}"))

    def _citation(self, source: Note, m: re.Match[str], page: Page, where: int | None) -> str:
        link = find_wikilinks(m.group(2))[0]
        if not link.fragment or link.embed:
            return m.group(1) + " " + self._links(source, m.group(2), page, where)
        resolution = self._resolve(link, source, page, where)
        target = resolution.file
        if not isinstance(target, Note):
            return m.group(1) + " " + self._link(source, link, page, where)
        anchor, label, problem = self._anchor(target, link.fragment)
        if problem:
            return m.group(1) + " " + self._link(source, link, page, where)
        page.linked.add(target.site_path)
        title = link.display or (f"{target.title} > {label}" if label else target.title)
        citation = Citation(title, self._href(target, page.note, anchor), self._excerpt(target, link.fragment))
        return f"{m.group(1)} {_add_part(page, citation)}"

    def _excerpt(self, target: Note, fragment: str) -> str:
        limit = self.options.citation_excerpt
        if limit <= 0 or not fragment.startswith("^"):
            return ""
        block = fragments.find_block(target.parsed, fragment[1:])
        key = (target.site_path, block.id)
        if key not in self._excerpts:  # each citation of a long block would read all of it again
            lines = target.parsed.lines[block.start : block.end]
            text = plain_text(" ".join(_strip_container(line) for line in lines))
            self._excerpts[key] = text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
        return self._excerpts[key]

    # -- embeds ------------------------------------------------------------------------

    def _inline_embed(self, source: Note, link: WikiLink, page: Page, where: int | None) -> str:
        resolution = self._resolve(link, source, page, where)
        target = resolution.file
        if target is None:
            return self._unresolved(link, resolution.reason, page, where)
        page.embedded.add(target.site_path)
        if isinstance(target, Note):
            return self._link(source, WikiLink(**{**link.__dict__, "embed": False}), page, where)
        markup = attachment_markup(target, link, self._href(target, page.note), self.relative_url(target, page.note))
        if not isinstance(markup, str):
            markup = _add_part(page, markup)
        return markup + (block_mark("e", link.block_id) if link.block_id else "")

    def _embed_block(
        self,
        source: Note,
        m: re.Match[str],
        page: Page,
        depth: int,
        chain: tuple[str, ...],
        where: int | None,
    ) -> list[str]:
        lead, link = m.group(1), find_wikilinks(m.group(2))[0]
        resolution = self._resolve(link, source, page, where)
        target = resolution.file
        if not isinstance(target, Note):
            return [lead + self._inline_embed(source, link, page, where)]
        page.embedded.add(target.site_path)
        found = self._embedded_range(target, link.fragment)
        if isinstance(found, str):
            return [lead + self._unresolved(link, found, page, where)]
        start, end, kind, caption, anchor, quotes = found
        key = _embed_key(target, link.fragment)
        stop = self._stop_reason(key, chain, page, depth)
        if stop:
            return [lead + self._limit_marker(link, stop, page, chain + (key,))]
        page.embeds += 1
        content = self._lines(target, target.parsed, start, end, page, depth + 1, chain + (key,), f"e{page.embeds}")
        content = _dedent(content, quotes)
        page.size += sum(len(line) + 1 for line in content)
        cont = _continuation(lead)
        footer = self.embed_footer(target) if self.embed_footer is not None else ""
        source_line = SourceLine(caption, self._href(target, page.note, anchor), footer)
        head = f"{lead}{embed_open(kind, link.block_id or '')}{_add_part(page, source_line)}"
        body = [cont + line if line.strip() else cont.rstrip() for line in content]
        before = [] if _LIST_MARKER.search(lead) else [cont.rstrip()]
        return [*before, head, cont.rstrip(), *body, cont.rstrip(), cont + EMBED_CLOSE, cont.rstrip()]

    def _embedded_range(self, target: Note, fragment: str) -> tuple[int, int, str, str, str, int] | str:
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
        return start, end, "heading", caption, self._slugs_of(target)[match.index], 0

    def _stop_reason(self, key: str, chain: tuple[str, ...], page: Page, depth: int) -> str:
        page.met += 1
        if page.stopped:
            return page.stopped
        if key in chain:
            return "cycle"
        if depth >= self.options.max_depth:
            return "depth"
        if page.size > self.options.max_chars:
            page.stopped = "size"
        elif page.met > self.options.max_embeds:
            page.stopped = "count"
        return page.stopped

    def _limit_marker(self, link: WikiLink, reason: str, page: Page, chain: tuple[str, ...]) -> str:
        if reason == "cycle":  # named only when needed: a bomb stops thousands of embeds
            message = "embed cycle: " + " → ".join(self._chain_name(key) for key in chain)
            source, number = page.at
            if source is not page.note:  # name the embed that closes the cycle, not the host's
                message += f" (closed by the embed in {source.site_path}:{source.body_offset + number + 1})"
        else:
            message = {
                "depth": f"embeds nested deeper than {self.options.max_depth} levels",
                "size": f"embedded content exceeds {self.options.max_chars} characters on this page",
                "count": f"more than {self.options.max_embeds} embeds on this page",
            }[reason]
        self._warn_stopped(page, "cycle" if reason == "cycle" else "limit", f"embed '{link.raw}' not expanded: {message}")
        shown = f"“{typed_text(link)}” {_STOPPED[reason]}"
        return _add_part(page, Unresolved(shown, message, "obsidian-unresolved obsidian-embed--stopped"))

    def _warn_stopped(self, page: Page, kind: str, message: str) -> None:
        """One warning per page for its embeds stopped by cycles, one for those stopped by the
        limits: the first one, and how many more there were (a bomb stops thousands)."""
        if kind not in page.held_back:
            page.held_back[kind] = (len(page.problems), message, 0)
            page.problems.append(Problem(page.line, message))
            return
        index, first, more = page.held_back[kind]
        page.held_back[kind] = (index, first, more + 1)
        what = f"{more + 1} more embed{'s' if more else ''} on this page stopped by {'cycles' if kind == 'cycle' else 'the limits'}"
        page.problems[index] = Problem(page.problems[index].line, f"{first} (and {what})")

    def _chain_name(self, key: str) -> str:
        path, _, fragment = key.partition("#")
        found = self.index.get(path)
        name = found.name if found else note_stem(posixpath.basename(path)) or posixpath.basename(path)
        return f"{name}#{fragment}" if fragment else name

    # -- embedded content --------------------------------------------------------------

    def _carry_footnotes(self, source: Note, parsed: ParsedNote, prefix: str, refs: set[str], page: Page) -> None:
        """Footnotes referenced by embedded content, renamed like their references, for the page's end."""
        for label in sorted(refs):
            if label not in parsed.footnotes:
                continue
            start, end = parsed.footnotes[label]
            for line in parsed.lines[start:end]:
                line = _rename_footnotes(self._markdown_links(source, line, page.note), prefix, set())
                page.footnotes.append(self._inline(source, line, page, None))

    def _markdown_links(self, source: Note, line: str, host: Note) -> str:
        """Markdown links and images found the way Obsidian finds them, pointing from the host page.

        Obsidian resolves ``[text](Note.md#Heading)`` like a wikilink (a path that does not
        exist falls back to the note's name) and ignores style fragments such as
        ``pic.png#interface``; embedded content's relative links keep pointing where they did.
        """
        if "](" not in line and "]:" not in line:
            return line
        def fix(m: re.Match[str]) -> str:
            return m.group(1) + self._url(source, m.group(2), host)

        return _REF_DEF.sub(fix, sub_outside_code(_MD_LINK_URL, fix, line))

    def _url(self, source: Note, url: str, host: Note) -> str:
        bare = url[1:-1] if url.startswith("<") else url
        if _SCHEME.match(bare) or bare.startswith("/"):
            return url
        path, _, fragment = bare.partition("#")
        if not path:
            match = fragments.find_heading(source.parsed, unquote(fragment)) if fragment[:1] != "^" else None
            anchor = self._slugs_of(source)[match.index] if match else fragment
            return f"#{anchor}" if source is host else f"<{self._href(source, host)}#{anchor}>"
        target = self._markdown_target(unquote(path), source)
        if target is None:
            if source is host:
                return url
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(source.site_path), unquote(path)))
            relative = relative_path(joined, posixpath.dirname(host.site_path))
            return f"<{quote(relative, safe='/')}{'#' + fragment if fragment else ''}>"
        if isinstance(target, Note):
            anchor = self._markdown_anchor(target, unquote(fragment))
        else:
            anchor = fragment if fragment.startswith("page=") else ""
        return f"<{self._href(target, host, anchor)}>"

    def _markdown_target(self, path: str, source: Note) -> VaultFile | None:
        literal = posixpath.normpath(posixpath.join(source.folder, path))
        found = self.index.get(literal)
        if found is None:
            found = self.index.resolve(path, source).file or self.index.resolve(posixpath.basename(path), source).file
        return found

    def _markdown_anchor(self, target: Note, fragment: str) -> str:
        if not fragment or fragment.startswith("^"):
            return fragment
        match = fragments.find_heading(target.parsed, fragment)
        return self._slugs_of(target)[match.index] if match else fragment


@lru_cache(maxsize=65536)
def _quoted(path: str) -> str:
    return quote(path, safe="/")


def _add_part(page: Page, item: Part) -> str:
    """Record a part of the page for the tree processor; the marker that stands for it."""
    key = f"{page.key}.{len(page.parts)}"
    page.parts[key] = item
    return part(key)


_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


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


def _footnote_lines(parsed: ParsedNote) -> frozenset[int]:
    """Lines of the note's footnote definitions, found once per note (each embed of it asks)."""
    found = parsed.lookups.get("footnote_lines")
    if not isinstance(found, frozenset):
        found = parsed.lookups["footnote_lines"] = frozenset(
            n for start, end in parsed.footnotes.values() for n in range(start, end)
        )
    return found


def _rename_footnotes(line: str, prefix: str, refs: set[str]) -> str:
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


#: Reasons a target is not shown that must not reveal what it is (vault.py's resolutions).
_WITHHELD = frozenset({"is private (not published)", "points outside the vault"})


#: What the box of a stopped embed says, by the reason it was stopped.
_STOPPED = {
    "cycle": "is not embedded again inside itself.",
    "depth": "is not embedded: embeds are nested too deeply here.",
    "size": "is not embedded: this page holds too much embedded content.",
    "count": "is not embedded: this page holds too many embeds.",
}


def _missing_embed(link: WikiLink, withheld: bool) -> Unresolved:
    """The neutral box standing for an embed that shows nothing: a private one says only that
    its content is not published, a missing one names what the author typed (as Obsidian's
    "not created yet" box does)."""
    if withheld:
        return Unresolved("This content is not published.", "Not published", "obsidian-unresolved obsidian-embed--private")
    typed = typed_text(link)
    return Unresolved(f"“{typed}” could not be found.", f"Unresolved: {typed}", "obsidian-unresolved obsidian-embed--missing")


def typed_text(link: WikiLink) -> str:
    """What Obsidian shows for a link without display text: the target as typed and its
    fragment as a path, ``Note > A > B``, ``Note > ^id`` (a same-note link: ``A > B``)."""
    steps = [part.strip() for part in link.fragment.split("#") if part.strip()] if link.fragment else []
    return " > ".join(([link.target] if link.target else []) + steps)


def _what(link: WikiLink) -> str:
    return "embed" if link.embed else "link"


def _embed_key(note: Note, fragment: str) -> str:
    """What an embed shows: a whole note (empty fragment), a heading path or a block."""
    return f"{normalize(note.path)}#{normalize(fragment)}"




def _strip_container(line: str) -> str:
    pos, m = 0, _CONTAINER_PART.match(line)
    while m and m.end() > pos:
        pos = m.end()
        m = _CONTAINER_PART.match(line, pos)
    return strip_markers(line[pos:])


def _continuation(lead: str) -> str:
    """Prefix that keeps following lines in the embed line's container (quote, list item)."""
    out, pos = [], 0
    while pos < len(lead):
        m = _CONTAINER_PART.match(lead, pos)
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
            line = re.sub(r"^[ \t]*>[ \t]?", "", line, count=1)
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        out.append(lead.expandtabs(4) + line[len(lead) :])
    indents = [len(line) - len(line.lstrip()) for line in out if line.strip()]
    cut = min(indents) if indents else 0
    return [line[cut:] if line[:cut].strip() == "" else line for line in out]
