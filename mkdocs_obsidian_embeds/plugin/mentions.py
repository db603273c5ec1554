"""Linked mentions on the site's pages: which pages show them, and the section added to each.

The link graph is built once per build, when every page is rendered (``on_env``), from what the
engine recorded while rendering; every section is written then too, in one pass over the pages
(written one at a time between two pages' templates, the same sections cost twice the time: the
notes they read have left the processor's caches). Each is added to its page in
``on_page_context``, after the search plugins have indexed the page, so that a note's mentions
are never searched as its own text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, partial

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .config import ObsidianEmbedsConfig
from .pages import Pages
from .titles import shown_title
from ..engine import fragments
from ..engine.inline import find_wikilinks
from ..engine.mentions import Entry, MentionGraph, Words, context, section
from ..engine.page import Mention
from ..engine.timing import Stopwatch
from ..engine.vault import Note
from ..freshness.catalogue import words_for

#: What a page's frontmatter says to show (``true``) or leave out (``false``) its mentions.
FRONTMATTER_KEY = "backlinks"


class LinkedMentions:
    """This build's link graph, and the sections it gives the pages that show mentions."""

    def __init__(self, options: ObsidianEmbedsConfig, stopwatch: Stopwatch, language: str) -> None:
        """``language``: the site's (the theme's), for the section's words."""
        self.options = options
        self.words = mention_words(language)
        self.stopwatch = stopwatch
        self.own_time = Stopwatch()
        """The time spent on linked mentions alone (also counted in ``stopwatch``)."""
        self._pages: Pages | None = None
        self._sources: dict[str, tuple[str, str] | None] = {}
        self._sections: dict[str, str] = {}
        """Each page's section, written in ``start``, until ``add`` puts it on the page."""

    def start(self, pages: Pages, built: Iterable[Page], is_report: Callable[[Page], bool]) -> None:
        """Every page is rendered: the graph of this build's mentions (``serve --dirty`` keeps the
        pages not rebuilt as they were last rendered), and the sections of the pages ``built``
        in this build."""
        self._pages = pages
        self._sources.clear()
        self._sections.clear()
        if not self.options.linked_mentions or pages.index is None:
            return
        with self.stopwatch.measure(), self.own_time.measure():
            graph = MentionGraph(pages.rendered, lambda path: pages.page_of(path) is not None)
            for page in built:
                markup = self._section(graph, page, is_report(page)) if page.content else ""
                if markup:
                    self._sections[page.file.src_uri] = markup

    def add(self, page: Page) -> None:
        """Put ``page``'s linked mentions, written in ``start``, after its content (and its footnotes)."""
        markup = self._sections.pop(page.file.src_uri, "")
        if markup and page.content:
            page.content += "\n" + markup

    def _section(self, graph: MentionGraph, page: Page, is_report: bool) -> str:
        found = graph.of(page.file.src_uri)
        if not found or not self._shows(page, is_report):
            return ""
        entries = [entry for entry in (self._entry(page, *mentioning) for mentioning in found) if entry is not None]
        return section(entries, self.options.linked_mentions_folded, self.words)

    def _shows(self, page: Page, is_report: bool) -> bool:
        said = page.meta.get(FRONTMATTER_KEY)
        if said is not None:
            return said is True or str(said).strip().lower() in ("true", "yes", "on")
        if page.is_homepage or is_report:
            return False
        folders = self.options.linked_mentions_folders
        return not folders or any(_within(page.file.src_uri, folder) for folder in folders)

    def _entry(self, page: Page, source: str, first: Mention, count: int) -> Entry | None:
        found = self._source(source)
        rendered = self._pages.rendered.get(source)
        if found is None or rendered is None:
            return None
        url, title = found
        href = f"{get_relative_url(url, page.file.url)}#{first.id}"
        return Entry(title, href, count, partial(context, rendered, first, self._quoted))

    def _source(self, source: str) -> tuple[str, str] | None:
        """The URL and title of the mentioning page ``source``, read once per build."""
        if source not in self._sources:
            found = self._pages.page_of(source)
            note, file = found if found else (None, None)
            self._sources[source] = (file.url, shown_title(note, file.page, self.options)) if found else None
        return self._sources[source]

    def _quoted(self, mention: Mention) -> str:
        """What an embed alone on its line quotes, in quotation marks: the block's text, or the
        heading's (a whole note's embed has none: its title says it all)."""
        target = self._pages.index.by_site_path(mention.target)
        links = find_wikilinks(mention.raw)
        if not isinstance(target, Note) or not links or not links[0].fragment:
            return ""
        fragment = links[0].fragment
        if fragment.startswith("^"):
            block = fragments.find_block(target.parsed, fragment[1:])
            text = self._pages.renderer.links.block_text(target, block) if block is not None else ""
            return f"“{text}”" if text else ""
        heading = fragments.find_heading(target.parsed, fragment)
        return f"“{heading.heading.text}”" if heading is not None else ""


def mention_words(language: str) -> Words:
    """The section's words in ``language``, from the catalogue of the review badge's words
    (English when the package has none for it)."""
    words = words_for(language)
    return Words(  # each count's words once (Babel's number and plural rules cost a little each time)
        title=words.text("linked_mentions"),
        more=lru_cache(maxsize=None)(lambda count: words.text("mentions_more", count=count)),
        mentions=lru_cache(maxsize=None)(lambda count: words.text("mentions_count", count=count)),
    )


def _within(site_path: str, folder: str) -> bool:
    return folder == "." or site_path.startswith(folder + "/")
