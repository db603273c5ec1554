"""MkDocs adapter: feeds the site's files to the engine and the engine's Markdown to MkDocs.

The plugin class holds MkDocs' events; each hands its work to the module that holds it."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .assets import asset_files, link_assets
from .config import ObsidianEmbedsConfig, site_problems
from .dirty import Dependents
from .generated import GeneratedSources
from .log import log
from .mentions import LinkedMentions
from .pages import Pages, render_options
from .quotes import RenderedQuotes, rendered_in
from .review_dates import collect_freshness, site_language, wants_review
from .review_pages import ReviewPages, check_report_paths
from .search import HiddenQuotes
from .serve import Watcher
from .site_files import VaultFiles, parse_all, parsed_count
from .titles import set_title
from ..engine.render import Renderer
from ..engine.timing import Stopwatch
from ..engine.vault import Note, VaultIndex
from ..extension.processors import ObsidianExtension
from ..freshness.freshness import Freshness

#: Extensions the Markdown we produce relies on; added when the user has not listed them.
EXTENSIONS = ("toc", "tables", "footnotes", "attr_list", "md_in_html", "admonition", "pymdownx.details")
#: Event priority of the search plugins' ``on_page_context`` (MkDocs' and Material's: the default).
SEARCH_PRIORITY = 0
#: Priority of the page events that must come before other plugins' whatever their order in
#: mkdocs.yml: the page's Markdown is expanded before others (mkdocs-macros) see it, so that
#: they treat quoted text as the page's own; the badge goes after the page's title before
#: others (glightbox) rewrite the HTML.
EARLY = 50
#: After every other plugin (mkdocs-static-i18n's on_files runs at -100).
LAST = -110


class ObsidianEmbedsPlugin(BasePlugin[ObsidianEmbedsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.stopwatch = Stopwatch()
        self.parsed_this_build = 0
        self._parsed_before = 0
        self._dirty = False
        self._one_build = False
        """Whether the session is one ``mkdocs build``: no rebuild will reuse the parsed notes."""
        self._notes: dict[str, Note] = {}
        """The notes read so far, by absolute path (kept across ``serve`` rebuilds)."""
        self._pages = Pages()
        self._quotes = RenderedQuotes()
        self._review: ReviewPages | None = None
        """This build's review pages, when the options ask for review dates."""
        self._generated = GeneratedSources()
        self._dependents = Dependents()
        self._watcher = Watcher()
        self._hidden = HiddenQuotes(self.stopwatch)
        self._mentions: LinkedMentions | None = None

    @property
    def index(self) -> VaultIndex | None:
        return self._pages.index

    @property
    def renderer(self) -> Renderer | None:
        return self._pages.renderer

    @property
    def freshness(self) -> Freshness | None:
        return self._review.freshness if self._review is not None else None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps one plugin instance (and its parsed notes) across serve rebuilds.

        A new session (``mkdocs build`` or ``serve``) starts from empty caches.
        """
        self._dirty = dirty
        self._one_build = command == "build"
        self._notes.clear()
        self._pages.rendered.clear()
        self._dependents.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        problems = site_problems(self.config, config.docs_dir, config.site_dir)
        if problems:
            raise PluginError("\n".join(f"Plugin 'obsidian-embeds' option '{key}': {message}" for key, message in problems))
        self.stopwatch.reset()
        self._mentions = LinkedMentions(self.config, self.stopwatch, site_language(config))
        self._hidden.clear()
        self._pages.parts.clear()
        present = {_extension_name(ext) for ext in config.markdown_extensions}
        config.markdown_extensions.extend(name for name in EXTENSIONS if name not in present)
        config.markdown_extensions.append(ObsidianExtension(self.stopwatch, self._pages.parts))
        link_assets(config)
        return config

    def _index(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self._watcher.serving:
            self._watcher.watch_folders(config.docs_dir, self.config.vault_dir)
        with self.stopwatch.measure():
            check_report_paths(self.config, files, config)
            vault = VaultFiles(self.config, config, self._notes)
            vault.drop_unreadable(files)
            published, private = vault.gather(files, self._dirty)
            for asset in asset_files(config):
                files.append(asset)
            notes = [entry for entry in published if isinstance(entry, Note)]
            self._review = None
            if wants_review(self.config):
                self._review = ReviewPages(self.config, collect_freshness(self.config, config, notes), notes, self._pages)
                if self.config.review_report:
                    published.append(self._review.write_report_source(self._generated))
            footer = self._review.embed_footer if self._review is not None else None
            index = VaultIndex(published, private)
            self._pages.start(index, files, render_options(self.config, config), footer, rendered_in(files, self._dirty))
            self._parsed_before = parsed_count(self._notes)
            if not self._dirty:
                parse_all(notes)
            self._dependents.rebuild(notes, files, self._pages, self._dirty)
        for notice in self._pages.index.notices:
            log.info("%s", notice)
        return files

    @event_priority(LAST)
    def _add_generated_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The review report joins the site's files after every other plugin's ``on_files``:
        mkdocs-static-i18n (at -100) rebuilds the file list from docs_dir's files and drops any
        other page."""
        report = self._review.add_report_file(files, config) if self._review is not None else None
        if report is not None:
            self._pages.add_file(report)
        return files

    on_files = CombinedEvent(_index, _add_generated_pages)

    @event_priority(EARLY)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._pages.renderer is None:
            return markdown
        with self.stopwatch.measure():
            report = self._review is not None and self._review.is_report(page)
            if report:
                markdown = self._review.report(files)
            return self._pages.render(markdown, page, generated=report)

    @event_priority(EARLY)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is rendered: quoted blocks are taken from their sources' pages (before other
        plugins' ``on_env``, such as mkdocs-autorefs', which then see them as the page's own)."""
        with self.stopwatch.measure():
            self._quotes.fill_pages(files, self._pages.rendered, config.mdx_configs.get("toc", {}).get("permalink_class", "headerlink"))
        report = self._review.is_report if self._review is not None else lambda page: False
        self._mentions.start(self._pages, (file.page for file in files.documentation_pages() if file.page), report)
        self.parsed_this_build = parsed_count(self._notes) - self._parsed_before
        if self._one_build:
            self._pages.release_notes()
        return env

    @event_priority(EARLY)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Quotes in Markdown that another plugin rendered after ``on_env`` (blog excerpts)."""
        with self.stopwatch.measure():
            return self._quotes.fill_output(output, page.url, self._pages.quote_cache)

    @event_priority(EARLY)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        with self.stopwatch.measure():
            set_title(page, self._pages.note(page), self.config)
            html = self._pages.take_quotes(html, page)
            html = self._review.add_badge(html, page) if self._review is not None else html
            return self._quotes.mark_page(html)

    @event_priority(SEARCH_PRIORITY + 1)
    def _hide_quoted_text(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Search plugins index a page in ``on_page_context`` (priority 0) from ``page.content``."""
        if not self.config.search_quoted_text:
            self._hidden.hide(page)
        return context

    @event_priority(SEARCH_PRIORITY - 1)
    def _restore_quoted_text_add_mentions(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Once the search plugins have indexed the page: its quoted text back, and its linked
        mentions added (never indexed as its own text)."""
        self._hidden.restore(page)
        self._mentions.add(page)
        return context

    on_page_context = CombinedEvent(_hide_quoted_text, _restore_quoted_text_add_mentions)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._review is not None and self.config.review_report_json:
            with self.stopwatch.measure():
                self._review.write_json(config)
        log.info(
            "%d notes parsed, %.2f s spent in the plugin (%.2f s of it on linked mentions)",
            self.parsed_this_build,
            self.stopwatch.seconds,
            self._mentions.own_time.seconds,
        )

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        self._watcher.serve(server, config.docs_dir, self.config.vault_dir)
        return server

    def on_shutdown(self) -> None:
        self._watcher.stop()
        self._generated.cleanup()


def _extension_name(extension: object) -> str:
    if isinstance(extension, str):
        return extension.removeprefix("markdown.extensions.")
    return type(extension).__module__.removeprefix("markdown.extensions.")
