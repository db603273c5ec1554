"""The site's pages as the engine renders them: this build's vault index and renderer, and what
each page rendered holds (its quotes, links and problems)."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .config import ObsidianEmbedsConfig
from .log import log
from .urls import rebase
from ..engine.parts import Part
from ..engine.render import EmbedDecorator, Options, QuoteCache, RenderedHere, Renderer
from ..engine.render import Page as RenderedPage
from ..engine.vault import Note, VaultFile, VaultIndex, relative_path
from ..freshness.freshness import cited_paths


class Pages:
    """The engine's side of the build: the index and renderer, and the pages they rendered."""

    def __init__(self) -> None:
        self.index: VaultIndex | None = None
        self.renderer: Renderer | None = None
        self.quote_cache: QuoteCache | None = None
        """The build's quoted content rendered by the first page that quotes it (engine/quote_cache.py)."""
        self.rendered: dict[str, RenderedPage] = {}
        """Each page as last rendered, by its path in the site; kept across ``serve`` rebuilds."""
        self.parts: dict[str, Part] = {}
        """The parts of this build's pages that the tree processor builds, by the key in their markers (parts.py)."""
        self._site_files: dict[str, File] = {}

    def start(
        self, index: VaultIndex, files: Files, options: Options, footer: EmbedDecorator | None, rendered_here: RenderedHere
    ) -> None:
        """Start a build's rendering of the vault ``index``, whose pages are among ``files``."""
        self._site_files = {f.src_uri: f for f in files}
        self.index = index
        self.quote_cache = QuoteCache(rebase)
        self.renderer = Renderer(index, options, self.relative_url, footer, rendered_here, self.quote_cache)

    def release_notes(self) -> None:
        """Once every page is rendered and its quotes and mentions written (``on_env``), a build
        that no rebuild follows lets its parsed notes go: the memory they held serves the pages'
        templates and the search index instead of adding to them."""
        if self.index is None:
            return
        for file in self.index.files:
            if isinstance(file, Note):
                file.forget_parsed()
        for result in self.rendered.values():
            result.parsed = None
        if self.renderer is not None:
            self.renderer.links.forget_notes()

    def add_file(self, file: File) -> None:
        """A page that joins the site's files once the vault is indexed (the review report)."""
        self._site_files[file.src_uri] = file

    def note(self, page: Page) -> Note | None:
        """The note of ``page``, if the page is one."""
        note = self.index.by_site_path(page.file.src_uri) if self.index else None
        return note if isinstance(note, Note) else None

    def render(self, markdown: str, page: Page, generated: bool = False) -> str:
        """The page's Markdown with the vault's syntax expanded; its problems logged. A
        ``generated`` page's (the review report's) links are no mentions of the pages they list."""
        note = self.note(page)
        if note is None:
            note = Note(page.file.src_uri, page.file.src_uri, page.file.abs_src_path or "", text=markdown)
        if note.body_offset and markdown != note.body and _frontmatter_left_in(markdown, note):
            markdown = note.body
        text, result = self.renderer.render(note, markdown, mentions=not generated)
        self.rendered[note.site_path] = result
        self.parts.update(result.parts)
        for problem in result.problems:
            log.warning("%s:%d: %s", page.file.src_uri, problem.line, problem.message)
        for notice in result.notices:
            log.info("%s:%d: %s", page.file.src_uri, notice.line, notice.message)
        return text

    def take_quotes(self, html: str, page: Page) -> str:
        """The page's HTML with the quotes of this build's ``QuoteCache`` filled in, and the
        content it rendered first kept there for the pages that quote it later."""
        result = self.rendered.get(page.file.src_uri)
        if result is None or self.quote_cache is None:
            return html
        return self.quote_cache.take(html, result, page.url)

    def page_of(self, site_path: str) -> tuple[Note, File] | None:
        """The published note at ``site_path`` and its file among this build's; None for a page
        that is no note, or not part of the site (private, deleted, excluded)."""
        note = self.index.by_site_path(site_path) if self.index else None
        file = self._site_files.get(site_path)
        return (note, file) if isinstance(note, Note) and file is not None else None

    def quoted(self, note: Note) -> list[Note]:
        """The notes a page quotes (embeds, nested ones too, and citations), as last rendered."""
        rendered = self.rendered.get(note.site_path)
        if rendered is None or self.index is None:
            return []
        paths = rendered.embedded | cited_paths(note.site_path, rendered.parts.values())
        return [source for source in map(self.index.by_site_path, sorted(paths)) if isinstance(source, Note)]

    def relative_url(self, target: VaultFile, host: Note) -> str:
        """URL of ``target`` as seen from the page of ``host``, for raw HTML (audio, video, PDF)."""
        target_file = self._site_files.get(target.site_path)
        host_file = self._site_files.get(host.site_path)
        if target_file is None or host_file is None:
            return quote(relative_path(target.site_path, posixpath.dirname(host.site_path)), safe="/")
        return get_relative_url(target_file.url, host_file.url)


def render_options(options: ObsidianEmbedsConfig, config: MkDocsConfig) -> Options:
    """The engine's options: the plugin's, and the site's ``toc`` slugs."""
    toc = config.mdx_configs.get("toc", {})
    return Options(
        slugify=toc.get("slugify", default_slugify),
        slug_separator=toc.get("separator", "-"),
        citation_excerpt=options.citation_excerpt,
        max_depth=options.max_embed_depth,
        max_chars=options.max_embed_chars,
        max_embeds=options.max_embeds,
        strict_line_breaks=options.strict_line_breaks,
        previews=options.hover_previews,
        mentions=options.linked_mentions,
        code_taken=not _numbers_code_lines(config),
        headings_taken=not toc.get("anchorlink", False),
    )


#: Highlighters' options that give code lines ids numbered per page (``__codelineno-0-1``).
_LINE_IDS = {
    "pymdownx.highlight": ("anchor_linenums", "line_spans", "line_anchors"),
    "codehilite": ("lineanchors", "linespans", "anchorlinenos"),
    "markdown.extensions.codehilite": ("lineanchors", "linespans", "anchorlinenos"),
}


def _numbers_code_lines(config: MkDocsConfig) -> bool:
    """Whether the site's highlighter gives code lines ids numbered per page: a quoted block that
    holds code is then rendered on each page that quotes it."""
    return any(config.mdx_configs.get(name, {}).get(option) for name, options in _LINE_IDS.items() for option in options)


def _frontmatter_left_in(markdown: str, note: Note) -> bool:
    """Whether MkDocs left the frontmatter in the page's Markdown: it does when the YAML does not
    parse (a Templater template's ``<% %>``), where Obsidian still hides it."""
    return markdown.lstrip("\ufeff").startswith("---") and markdown.replace("\r\n", "\n").endswith(note.body)
