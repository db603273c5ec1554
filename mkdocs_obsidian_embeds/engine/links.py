"""Links out of a note: wikilinks, footnote citations and Markdown links, each resolved from the
note that holds it and pointing from the page it is shown on.

A link becomes a part of the page (parts.py): the tree processor builds it, MkDocs rewrites and
validates its ``.md`` href like any other link.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import quote, unquote

from . import fragments
from .inline import WikiLink, find_wikilinks, plain_text, sub_outside_code
from .markers import strip_markers
from .notes import Block
from .page import Mention, Options, Problem, Scope
from .parts import NO_ANCHOR, Anchor, Citation, Link, MentionAnchor, Unresolved
from .vault import Note, Resolution, VaultFile, VaultIndex, relative_path

#: A Markdown link's destination, only where it is one: followed by ``)`` or by a title.
_MD_LINK_URL = re.compile(r"(\]\()(<[^<>\n]*>|[^()\s<>]+)(?=\)|[ \t]+[\"'(])")
_REF_DEF = re.compile(r"^([ \t]*\[[^\]^][^\]]*\]:[ \t]*)(\S+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
#: One prefix of a container line: a quote marker, a list item marker, or indentation.
CONTAINER_PART = re.compile(r"[ \t]*>[ \t]?|[ \t]*(?:[-*+]|\d+[.)])[ \t]+|[ \t]+")

#: Reasons a target is not shown that must not reveal what it is (vault.py's resolutions).
_WITHHELD = frozenset({"is private (not published)", "points outside the vault"})


class Links:
    """Resolves and writes the links of a build's pages; shares heading slugs and excerpts across them."""

    def __init__(self, index: VaultIndex, options: Options) -> None:
        self.index = index
        self.options = options
        self._slugs: dict[str, list[str]] = {}
        self._block_texts: dict[tuple[str, str], str] = {}
        self._plain_anchor = Anchor(preview=options.previews)
        """What a link that is no mention carries: one for every such link of the build."""

    def forget_notes(self) -> None:
        """Drop what was read from the notes' parsed bodies (heading slugs, block texts)."""
        self._slugs.clear()
        self._block_texts.clear()

    def wikilinks(self, scope: Scope, line: str, embed) -> str:
        """``line`` with each wikilink a link part and each inline embed what ``embed`` makes of it."""
        pieces, pos = [], 0
        for link in find_wikilinks(line):
            pieces.append(line[pos : link.start])
            pieces.append(embed(scope, link) if link.embed else self.link(scope, link))
            pos = link.end
        pieces.append(line[pos:])
        return "".join(pieces)

    def link(self, scope: Scope, link: WikiLink) -> str:
        page = scope.page
        resolution = self.resolve(scope, link)
        target = resolution.file
        if target is None:
            return self.unresolved(scope, link, resolution.reason)
        page.linked.add(target.site_path)
        if not isinstance(target, Note):
            return page.add(Link(link.display or link.target, self.href(target, scope.host)))  # a file: nothing to preview
        anchor, _, problem = self.anchor(target, link.fragment)
        if problem and scope.where is not None:  # Obsidian opens the note: so does the site
            page.problems.append(Problem(scope.where, f"{_what(link)} '{link.raw}' links to the note only: {problem}"))
        shown = link.display or typed_text(link)
        return page.add(Link(shown, self.href(target, scope.host, anchor), self.mention(scope, target, link.raw)))

    def mention(self, scope: Scope, target: Note, raw: str, kind: str = "link") -> Anchor:
        """What the link from ``scope`` to ``target`` carries: ``data-preview`` if the options ask
        for it, and, where the page's own note refers to another note, the id of a mention of it."""
        if not self.options.mentions or target is scope.host or scope.depth or not scope.page.mentions_others:
            return self._plain_anchor
        page = scope.page
        mention = Mention(target.site_path, f"obsidian-mention-{len(page.mentions) + 1}", scope.at, raw, kind)
        page.mentions.append(mention)
        return Anchor(self.options.previews, mention.id)

    def resolve(self, scope: Scope, link: WikiLink) -> Resolution:
        resolution = self.index.resolve(link.target, scope.source)
        if resolution.ambiguous and scope.where is not None:
            names = ", ".join(f.path for f in resolution.ambiguous)
            scope.page.notices.append(
                Problem(scope.where, f"'{link.raw}' is ambiguous ({names}); using {resolution.file.path}")
            )
        return resolution

    def anchor(self, target: Note, fragment: str) -> tuple[str, str, str]:
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
        return self.slugs_of(target)[match.index], match.heading.text, ""

    def slugs_of(self, note: Note) -> list[str]:
        if note.site_path not in self._slugs:
            self._slugs[note.site_path] = fragments.heading_slugs(
                note.parsed, self.options.slugify, self.options.slug_separator
            )
        return self._slugs[note.site_path]

    def href(self, target: VaultFile, host: Note, anchor: str = "") -> str:
        """A relative link MkDocs resolves: to the source ``.md`` (or file), plus the anchor."""
        if target is host and anchor:
            return f"#{anchor}"
        path = _quoted(relative_path(target.site_path, posixpath.dirname(host.site_path)))
        return path + (f"#{anchor}" if anchor else "")

    def unresolved(self, scope: Scope, link: WikiLink, reason: str) -> str:
        if scope.where is not None:
            scope.page.problems.append(Problem(scope.where, f"unresolved {_what(link)} '{link.raw}': {reason}"))
        withheld = reason in _WITHHELD
        if link.embed:
            return scope.page.add(missing_embed(link, withheld))
        shown = link.display or typed_text(link)
        return scope.page.add(Unresolved(shown, "Not published" if withheld else f"Unresolved: {typed_text(link)}"))

    # -- citations -----------------------------------------------------------------------

    def citation(self, scope: Scope, m: re.Match[str], embed) -> str:
        """A footnote definition that is only a wikilink to a block or heading: its source's
        title linked to the place, and an excerpt of the block."""
        link = find_wikilinks(m.group(2))[0]
        if not link.fragment or link.embed:
            return m.group(1) + " " + self.wikilinks(scope, m.group(2), embed)
        target = self.resolve(scope, link).file
        if not isinstance(target, Note):
            return m.group(1) + " " + self.link(scope, link)
        anchor, label, problem = self.anchor(target, link.fragment)
        if problem:
            return m.group(1) + " " + self.link(scope, link)
        scope.page.linked.add(target.site_path)
        title = link.display or (f"{target.title} > {label}" if label else target.title)
        href = self.href(target, scope.host, anchor)
        citation = Citation(title, href, self._excerpt(target, link.fragment), self.mention(scope, target, link.raw, "citation"))
        return f"{m.group(1)} {scope.page.add(citation)}"

    def _excerpt(self, target: Note, fragment: str) -> str:
        limit = self.options.citation_excerpt
        if limit <= 0 or not fragment.startswith("^"):
            return ""
        text = self.block_text(target, fragments.find_block(target.parsed, fragment[1:]))
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

    def block_text(self, target: Note, block: Block) -> str:
        """A block's text as a reader sees it, without markup: read once per build, however many
        citations and quotes ask (a long block cited many times would be read again each time)."""
        key = (target.site_path, block.id)
        if key not in self._block_texts:
            lines = target.parsed.lines[block.start : block.end]
            self._block_texts[key] = plain_text(" ".join(strip_container(line) for line in lines))
        return self._block_texts[key]

    # -- Markdown links ------------------------------------------------------------------

    def markdown_links(self, scope: Scope, line: str) -> str:
        """Markdown links and images found the way Obsidian finds them, pointing from the host page.

        Obsidian resolves ``[text](Note.md#Heading)`` like a wikilink (a path that does not
        exist falls back to the note's name) and ignores style fragments such as
        ``pic.png#interface``; embedded content's relative links keep pointing where they did.
        """
        if "](" not in line and "]:" not in line:
            return line

        def fix(m: re.Match[str]) -> str:
            return m.group(1) + self._url(scope.source, m.group(2), scope.host)[0]

        def fix_link(m: re.Match[str]) -> str:
            url, target = self._url(scope.source, m.group(2), scope.host)
            anchor = self.mention(scope, target, m.group(2)) if isinstance(target, Note) else NO_ANCHOR
            # the mention's anchor ends the link's text: Python-Markdown builds the link itself
            return (scope.page.add(MentionAnchor(anchor.id)) if anchor.id else "") + m.group(1) + url

        return _REF_DEF.sub(fix, sub_outside_code(_MD_LINK_URL, fix_link, line))

    def _url(self, source: Note, url: str, host: Note) -> tuple[str, VaultFile | None]:
        """A Markdown link's URL as written on ``host``'s page, and the file it leads to."""
        bare = url[1:-1] if url.startswith("<") else url
        if _SCHEME.match(bare) or bare.startswith("/"):
            return url, None
        path, _, fragment = bare.partition("#")
        if not path:
            match = fragments.find_heading(source.parsed, unquote(fragment)) if fragment[:1] != "^" else None
            anchor = self.slugs_of(source)[match.index] if match else fragment
            return (f"#{anchor}" if source is host else f"<{self.href(source, host)}#{anchor}>"), source
        target = self._markdown_target(unquote(path), source)
        if target is None:
            if source is host:
                return url, None
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(source.site_path), unquote(path)))
            relative = relative_path(joined, posixpath.dirname(host.site_path))
            return f"<{quote(relative, safe='/')}{'#' + fragment if fragment else ''}>", None
        if isinstance(target, Note):
            anchor = self._markdown_anchor(target, unquote(fragment))
        else:
            anchor = fragment if fragment.startswith("page=") else ""
        return f"<{self.href(target, host, anchor)}>", target

    def mentioned(self, note: Note) -> set[str]:
        """The notes ``note``'s text refers to (wikilinks, embeds, citations, Markdown links), as
        site paths, read before the note is rendered: in a dirty build, the pages whose linked
        mentions it changes."""
        parsed, found = note.parsed, set()
        for number, line in enumerate(parsed.lines):
            if "[" not in line or number in parsed.code_lines:
                continue
            targets = [self.index.resolve(link.target, note).file for link in find_wikilinks(line) if link.target]
            if "](" in line:
                targets += [self._url(note, m.group(2), note)[1] for m in _MD_LINK_URL.finditer(line)]
            found.update(target.site_path for target in targets if isinstance(target, Note) and target is not note)
        return found

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
        return self.slugs_of(target)[match.index] if match else fragment


@lru_cache(maxsize=65536)
def _quoted(path: str) -> str:
    return quote(path, safe="/")


def missing_embed(link: WikiLink, withheld: bool) -> Unresolved:
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


def strip_container(line: str) -> str:
    """A line's text without its quote and list-item prefixes (and without markers)."""
    pos, m = 0, CONTAINER_PART.match(line)
    while m and m.end() > pos:
        pos = m.end()
        m = CONTAINER_PART.match(line, pos)
    return strip_markers(line[pos:])
