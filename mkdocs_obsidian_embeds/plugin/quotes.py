"""Quoted blocks filled in from their sources' pages once every page is rendered (``on_env``),
MkDocs' side of engine/rendered_quotes.py: the pages' contents and URLs."""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from .log import log
from .review_pages import without_badge
from .urls import rebase
from ..engine.parts import PAGE_END, PAGE_START, QUOTE_COMMENT, Quote
from ..engine.render import Page as RenderedPage
from ..engine.render import QuoteCache, RenderedHere
from ..engine.rendered_quotes import blocks_of, embedded_headings, fill, in_own_list, quoted_html, section_span
from ..engine.vault import Note

class RenderedQuotes:
    """The quoted blocks of a build, cut from their sources' pages once, by source and block id."""

    def __init__(self) -> None:
        self._files: Files | None = None
        self._spans: dict[str, dict[str, tuple[int, int]]] = {}
        self._elements: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._quotes: dict[str, Quote] = {}
        self._permalink_class = "headerlink"

    def fill_pages(self, files: Files, rendered: dict[str, RenderedPage], permalink_class: str = "headerlink") -> None:
        """Replace each rendered page's quote comments with the blocks from their sources' pages.

        Every block is cut from its source's page before any page is filled (a quoted block holds
        no quote itself, so the sources' HTML is final); each source page is scanned once for its
        blocks. ``permalink_class`` is the class of ``toc``'s permalinks, which quoted headings lose."""
        self._files, self._spans, self._elements, self._quotes = files, {}, {}, {}
        self._permalink_class = permalink_class
        hosts: list[tuple[File, RenderedPage]] = []
        for host_path, result in rendered.items():
            self._quotes.update((quote.ref, quote) for quote in result.quotes)
            taken = [quote for quote in result.quotes if not quote.embed]  # the others are filled already
            host = files.get_file_from_path(host_path) if taken else None
            if host is not None and host.page is not None and host.page.content is not None:
                hosts.append((host, taken))
                for quote in taken:
                    self._element(quote)
        for host, taken in hosts:
            host.page.content, missing = fill(host.page.content, taken, lambda quote: self._html(quote, host.url))
            for quote in missing:
                log.warning("%s: %s of %s is not on its page: its text is shown", host.src_uri, _what(quote), quote.source)
        for file in files.documentation_pages():
            if file.page is not None and file.page.content is not None and "<!--obsidian-quote:" in file.page.content:
                file.page.content = file.page.content.replace(PAGE_START, "").replace(PAGE_END, "")

    @staticmethod
    def mark_page(html: str) -> str:
        """A page's content as Markdown made it (and its badge), its bounds marked (``PAGE_START``,
        ``PAGE_END``): the whole note and its last section can be cut from it once other plugins
        have added to the page."""
        return PAGE_START + html + PAGE_END

    def fill_output(self, output: str, url: str, cache: QuoteCache | None = None) -> str:
        """A page's final HTML with the quotes that Markdown rendered after ``on_env`` left in it
        (those of the build's ``cache`` from there, the bounds of its captures removed)."""
        if "<!--obsidian-quote:" not in output:
            return output
        quotes = [self._quotes[ref] for ref in QUOTE_COMMENT.findall(output) if ref in self._quotes]
        if cache is not None:
            output = cache.fill(output, [quote for quote in quotes if quote.embed], url)
        taken = [quote for quote in quotes if not quote.embed]
        return fill(output, taken, lambda quote: self._html(quote, url))[0]

    def _html(self, quote: Quote, host_url: str) -> str | None:
        found = self._element(quote)
        return quoted_html(found[0], found[1], host_url, rebase) if found is not None else None

    def _element(self, quote: Quote) -> tuple[str, str] | None:
        """The HTML of the quoted block on its source's page, and that page's URL."""
        key = (quote.source, quote.key)
        if key not in self._elements:
            self._elements[key] = self._cut(quote)
        return self._elements[key]

    def _cut(self, quote: Quote) -> tuple[str, str] | None:
        source = self._files.get_file_from_path(quote.source) if self._files is not None else None
        content = source.page.content if source is not None and source.page is not None else None
        if content is None:
            return None
        if quote.section is not None:
            span = section_span(content, *quote.section)
        else:
            if quote.source not in self._spans:
                self._spans[quote.source] = blocks_of(content)
            span = self._spans[quote.source].get(quote.block_id.lower())
        if span is None:
            return None
        element = content[span[0] : span[1]]
        if quote.section is not None:
            element = without_badge(element)
        if quote.list_item:
            element = in_own_list(element)
        return (embedded_headings(element, self._permalink_class), source.url) if element is not None else None


def _what(quote: Quote) -> str:
    if quote.section is None:
        return f"the block '^{quote.block_id}'"
    return f"the section '{quote.text}'" if quote.section.start else "the note"


def rendered_in(files: Files, dirty: bool) -> RenderedHere:
    """Whether a note's page is rendered in this build: every page is, but in a dirty one (its
    unchanged pages are not, so a page quoting them renders its quotes itself)."""

    def rendered_here(note: Note) -> bool:
        if dirty:
            return False
        file = files.get_file_from_path(note.site_path)
        return file is not None and file.is_documentation_page()

    return rendered_here
