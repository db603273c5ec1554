"""Parts of a page that the tree processor builds instead of Python-Markdown parsing them.

A wikilink, an embed's source line (a link to where the quote comes from and the source's
review date) and a footnote's citation (a link to the cited block and an excerpt of it)
are a few elements whose text is literal. Written into the page's Markdown they cost a
link and sometimes a few raw-HTML tags to parse for each one, twice over for the tags
(Python-Markdown's and MkDocs' HTML scanners). So the rewriter records each one in
``Page.parts`` under a key, writes only a marker with that key into the Markdown, and the
tree processor puts the elements in its place (or, where Python-Markdown moved the marker
into an attribute, such as an image's alt text, the part's ``text``). Their links are ordinary ``<a href="Note.md#anchor">`` elements in the tree before
MkDocs' link processor runs, so MkDocs rewrites and validates them like any other link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .inline import code_spans, code_text
from .markers import TOKEN

#: The class of an embed's wrapper and the prefix of its parts' classes.
EMBED_CLASS = "obsidian-embed"

#: An excerpt's quotation marks and the ellipsis of a cut one, written as character references: a
#: page of ASCII text stays ASCII, one byte per character in memory, where a literal “ would make
#: the whole page's HTML two.
_OPEN_QUOTE, _CLOSE_QUOTE, _CUT_CLOSE_QUOTE = "&#8220;", "&#8221;", "&#8230;&#8221;"

#: Stores raw HTML for Python-Markdown's output stage and returns its placeholder
#: (``md.htmlStash.store``).
Stash = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a link the plugin writes carries besides its href: ``preview``, Material's and
    Zensical's ``data-preview`` (the target shown on hover); ``id``, the anchor of a mention
    (page.py's ``Mention``) that the target's linked mentions link back to."""

    preview: bool = False
    id: str = ""


NO_ANCHOR = Anchor()


@dataclass(frozen=True, slots=True)
class Link:
    """A wikilink: its text (literal, as Obsidian shows it) linked to a note, heading, block or file."""

    text: str
    href: str
    anchor: Anchor = NO_ANCHOR

    def elements(self, stash: Stash) -> list[etree.Element]:
        return [_link(self.text, self.href, self.anchor)]


@dataclass(frozen=True, slots=True)
class SourceLine:
    """An embed's source line: its caption (``text``) linked to the quoted note, block or
    heading, and the source's review date (HTML, possibly empty)."""

    text: str
    href: str
    reviewed: str = ""
    anchor: Anchor = NO_ANCHOR

    def elements(self, stash: Stash) -> list[etree.Element]:
        link = _link(self.text, self.href, self.anchor)
        if self.reviewed:
            link.tail = " " + stash(self.reviewed)
        return [link]


@dataclass(frozen=True, slots=True)
class Citation:
    """A footnote that cites a block: the source's title (``text``), linked, and an excerpt of the block."""

    text: str
    href: str
    excerpt: str = ""
    anchor: Anchor = NO_ANCHOR

    def elements(self, stash: Stash) -> list[etree.Element]:
        cite = etree.Element("cite", {"class": "obsidian-citation"})
        cite.append(_link(self.text, self.href, self.anchor))
        if not self.excerpt:
            return [cite]
        cite.tail = " "
        excerpt = etree.Element("span", {"class": "obsidian-citation__excerpt"})
        text, cut = (self.excerpt[:-1], True) if self.excerpt.endswith("…") else (self.excerpt, False)
        excerpt.text = stash(_OPEN_QUOTE) + text + stash(_CUT_CLOSE_QUOTE if cut else _CLOSE_QUOTE)
        return [cite, excerpt]


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A reference that leads nowhere (broken, private, stopped): its text, and a ``title``
    saying what was referenced. ``classes`` are the span's classes."""

    text: str
    title: str
    classes: str = "obsidian-unresolved"

    def elements(self, stash: Stash) -> list[etree.Element]:
        span = etree.Element("span", {"class": self.classes, "title": self.title})
        span.text = self.text
        return [span]


@dataclass(frozen=True, slots=True)
class Image:
    """An embedded image: ``href`` to the file (rewritten by MkDocs like a link), its alt text
    (``text``) and the size the embed asked for."""

    text: str
    href: str
    width: str = ""
    height: str = ""

    def elements(self, stash: Stash) -> list[etree.Element]:
        image = etree.Element("img", {"src": self.href, "alt": self.text})
        for name, value in (("width", self.width), ("height", self.height)):
            if value:
                image.set(name, value)
        return [image]


@dataclass(frozen=True, slots=True)
class CellQuote:
    """An embed inside a table cell, where only inline content fits: the quoted block's text
    (``text``, plain) and its source line's caption linked to the source."""

    text: str
    caption: str
    href: str
    anchor: Anchor = NO_ANCHOR

    def elements(self, stash: Stash) -> list[etree.Element]:
        quote = etree.Element("span", {"class": "obsidian-embed obsidian-embed--inline"})
        content = etree.SubElement(quote, "span", {"class": "obsidian-embed__content"})
        content.text = self.text
        content.tail = " "
        source = etree.SubElement(quote, "span", {"class": "obsidian-embed__source"})
        source.append(_link(self.caption, self.href, self.anchor))
        return [quote]


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag of raw HTML (``text``) around Markdown that is still to be parsed: ``<mark>`` and
    ``</mark>`` around a highlight. The tree processor writes it into the text the way
    Python-Markdown keeps raw HTML (a placeholder for its output stage). Written into the
    Markdown, each tag would cost a match of Python-Markdown's HTML pattern, and each match a
    copy of the whole paragraph: quadratic in a paragraph of many highlights."""

    text: str

    def elements(self, stash: Stash) -> list[etree.Element]:
        return []

    def raw(self, stash: Stash) -> str:
        return stash(self.text)


class SectionBounds(NamedTuple):
    """A section on its source's page: from the heading with id ``start`` to the one with id
    ``end``; an empty ``end`` for the note's last section, which ends at ``PAGE_END``, and an empty
    ``start`` too for the whole note, from ``PAGE_START``."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Quote:
    """An embedded block or section whose HTML is taken from its source's own page once every
    page is rendered (rendered_quotes.py): the tree processor leaves a comment that names it
    (``ref``), which the adapter replaces. ``text`` is the block's plain text, shown if the block
    is not found there."""

    ref: str
    source: str
    """The site path of the note that holds the block."""
    block_id: str
    """The block's id; for a section, empty."""
    text: str = ""
    section: SectionBounds | None = None
    """A heading's section: the ids of its heading and of the heading that ends it."""
    list_item: bool = False
    """The block is an item of a bullet list: its ``<li>`` is shown in a list of its own."""
    embed: str = ""
    """What the embed shows (page.py's ``embed_key``) when the content comes from the build's
    ``QuoteCache`` (quote_cache.py), as an earlier page rendered it, not from its source's page."""

    @property
    def key(self) -> str:
        """What names the quoted content on its source's page (the same for every quote of it)."""
        return f"#{self.section.start}" if self.section else f"^{self.block_id.lower()}"

    def elements(self, stash: Stash) -> list[etree.Element]:
        return []

    def raw(self, stash: Stash) -> str:
        return stash(quote_comment(self.ref))


#: A quote's comment, its ref in group 1 (``start`` and ``end`` for ``PAGE_START`` and ``PAGE_END``,
#: ``REF.from`` and ``REF.to`` for a ``CaptureBound``).
QUOTE_COMMENT = re.compile(f"<!--obsidian-quote:{TOKEN}:([0-9a-z.]+)-->")


def quote_comment(ref: str) -> str:
    """The comment that stands for the quote ``ref`` in a page's HTML until it is filled; with the
    process's token, which a note cannot know, so an HTML comment of a note's never takes its place."""
    return f"<!--obsidian-quote:{TOKEN}:{ref}-->"


#: Where a page's own content starts and ends, before other plugins add to it: the bounds of a
#: whole note (``SectionBounds`` with no ``start``) and the end of its last section (no ``end``).
#: Removed with the quotes' comments.
PAGE_START, PAGE_END = quote_comment("start"), quote_comment("end")


@dataclass(frozen=True, slots=True)
class CaptureBound:
    """Where embedded content that the build's ``QuoteCache`` keeps starts (``REF.from``) or
    ends (``REF.to``) on the page that renders it: a quote comment on a line of its own,
    removed once the content between the two is cut (quote_cache.py)."""

    ref: str

    def elements(self, stash: Stash) -> list[etree.Element]:
        return []

    def raw(self, stash: Stash) -> str:
        return stash(quote_comment(self.ref))


@dataclass(frozen=True, slots=True)
class MentionAnchor:
    """Where a Markdown link's mention is (page.py's ``Mention``; the link itself is
    Python-Markdown's): an empty ``span`` with the mention's id, at the end of the link's text."""

    id: str
    text: str = ""

    def elements(self, stash: Stash) -> list[etree.Element]:
        return [etree.Element("span", {"id": self.id})]


Part = Link | SourceLine | Citation | Unresolved | Image | CellQuote | Tag | Quote | CaptureBound | MentionAnchor


def _link(text: str, href: str, anchor: Anchor) -> etree.Element:
    """A link whose text is literal, but for code spans (``[[Note|`code`]]``), shown as code."""
    link = etree.Element("a", {"href": href})
    if anchor.preview:
        link.set("data-preview", "")
    if anchor.id:
        link.set("id", anchor.id)
    spans = code_spans(text) if "`" in text else []
    link.text = text[: spans[0][0]] if spans else text
    for number, (start, end) in enumerate(spans):
        code = etree.SubElement(link, "code")
        code.text = code_text(text[start:end])
        code.tail = text[end : spans[number + 1][0] if number + 1 < len(spans) else len(text)]
    return link
