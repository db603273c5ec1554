"""What rendering one page produces (``Page``), and where the rendering is (``Scope``).

A ``Scope`` is the context object of the recursion through embeds: the note whose lines are
being rewritten, how deep in embeds and through which ones, and the page it all goes to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fragments
from .markers import part
from .notes import ParsedNote
from .parts import Part, Quote
from .vault import Note, normalize


@dataclass(frozen=True)
class Options:
    slugify: fragments.Slugify
    slug_separator: str = "-"
    citation_excerpt: int = 120
    max_depth: int = 8
    max_chars: int = 200_000
    max_embeds: int = 200
    strict_line_breaks: bool = False
    previews: bool = True
    """Links the plugin writes carry ``data-preview`` (Material's and Zensical's hover previews)."""
    mentions: bool = False
    """Record each page's mentions of other notes (``Page.mentions``) and give their links ids."""
    code_taken: bool = True
    """Code blocks are the same HTML on every page (no highlighter numbers their lines' anchors
    per page), so a quoted block or section holding one can be taken from its page."""
    headings_taken: bool = True
    """Quoted headings can be taken from their page's HTML and made the embed's (not where
    ``toc``'s ``anchorlink`` wraps each heading's text in a link)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something broken on the page, at a 1-based line of the page's source file."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference of a page's own note to another note (a link, an embed, a citation): what the
    target's linked mentions list. ``id`` is the anchor of the reference's link on the page;
    ``line`` (0-based, in the lines the page was rendered from, ``Page.parsed``) and ``raw`` (the
    reference as typed) say where to read its context."""

    target: str
    """The site path of the note mentioned."""
    id: str
    line: int
    raw: str
    kind: str
    """``link``, ``embed`` or ``citation``."""


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
    """The line of the page's file last rewritten (embedded content has none of its own)."""
    inline_notes: int = 0
    quotes: list[Quote] = field(default_factory=list)
    """Embedded blocks to be taken from their source's rendered page (rendered_quotes.py), or
    from the build's ``QuoteCache`` (quote_cache.py)."""
    captures: dict[str, str] = field(default_factory=dict)
    """Embedded content this page renders for the build's ``QuoteCache``: what it shows
    (``embed_key``) to the ref of its ``CaptureBound`` parts."""
    mark_tags: tuple[str, str] = ("", "")
    """The markers of the page's ``<mark>`` and ``</mark>`` (two parts for all its highlights)."""
    parsed: ParsedNote | None = None
    """The note as this rendering read it (its lines are where mentions' contexts are)."""
    mentions: list[Mention] = field(default_factory=list)
    """The page's own note's references to other notes, in the order they appear (Options.mentions)."""
    mentions_others: bool = True
    """Whether the page's references are mentions (a generated page's, the review report's, are not)."""

    def add(self, item: Part) -> str:
        """Record a part of the page for the tree processor; the marker that stands for it."""
        key = f"{self.key}.{len(self.parts)}"
        self.parts[key] = item
        return part(key)


@dataclass
class Scope:
    """Where the line loop is: the note whose lines it rewrites (``source``), on which page."""

    page: Page
    source: Note
    parsed: ParsedNote
    depth: int = 0
    chain: tuple[str, ...] = ()
    """What the embeds that led here show (``embed_key``), outermost first: a cycle repeats one."""
    prefix: str | None = None
    """Embedded content's footnote labels become ``{prefix}-{label}``; None on the page's own note."""
    where: int | None = None
    """The line of the page's file being rewritten, for warnings; None inside embedded content."""
    at: int = 0
    """The line (0-based, in ``source``'s body) being rewritten: where a nested embed's warning points."""

    @property
    def host(self) -> Note:
        """The note whose page this is: links point from its page."""
        return self.page.note

    def inside(self, target: Note, key: str, prefix: str) -> Scope:
        """The scope of ``target``'s content embedded here."""
        return Scope(self.page, target, target.parsed, self.depth + 1, (*self.chain, key), prefix)


def embed_key(note: Note, fragment: str) -> str:
    """What an embed shows: a whole note (empty fragment), a heading path or a block."""
    return f"{normalize(note.path)}#{normalize(fragment)}"
