"""MkDocs adapter: feeds the site's files to the engine and the engine's Markdown to MkDocs."""

from __future__ import annotations

import contextlib
import html as html_module
import datetime
import os
import posixpath
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext
from watchdog.events import FileModifiedEvent, FileSystemEvent, FileSystemEventHandler

from .config import ASSET_URI, ObsidianEmbedsConfig, site_problems, vault_prefix
from ..extension.processors import ObsidianExtension
from ..freshness.freshness import Freshness, FreshnessOptions, cited_paths, pending_message
from ..engine.parts import Part
from ..engine.quoted import split_quoted_text, with_quoted_text
from ..engine.readable import NotUtf8, decode_text, loops_back, os_error_reason, unreadable
from ..engine.render import Options, Renderer
from ..engine.render import Page as RenderedPage
from ..engine.timing import Stopwatch
from ..engine.vault import Note, VaultFile, VaultIndex, normalize, note_stem, relative_path

log = get_plugin_logger("obsidian-embeds")

ASSETS = Path(__file__).parent.parent / "assets"
STYLESHEETS = ("obsidian-embeds.css", "review.css")
SCRIPT = "obsidian-embeds.js"
#: Extensions the Markdown we produce relies on; added when the user has not listed them.
EXTENSIONS = ("toc", "tables", "footnotes", "attr_list", "md_in_html", "admonition", "pymdownx.details")
PRIVATE_FOLDERS = (".obsidian", ".trash")
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
        self._notes: dict[str, Note] = {}
        self.index: VaultIndex | None = None
        self.renderer: Renderer | None = None
        self._site_files: dict[str, File] = {}
        self._rendered: dict[str, RenderedPage] = {}
        self._mtimes: dict[str, float] = {}
        self._dirty = False
        self.freshness: Freshness | None = None
        self.stopwatch = Stopwatch()
        self.parsed_this_build = 0
        self._parsed_before = 0
        self._server = None
        """``mkdocs serve``'s live-reload server, once ``on_serve`` has run."""
        self._watched: dict[str, tuple[int, int]] = {}
        """The folders watched for ``mkdocs serve``, with the device and inode each had then."""
        self._ended: set[str] = set()
        """Watched folders (absolute paths) whose watch ended since the last build: the folder was deleted."""
        self._report_source: str | None = None
        self._report_notes: list[Note] = []
        """The published notes the review report lists (this build's)."""
        self._final_files: Files | None = None
        """This build's files once every plugin's ``on_files`` has run (for the JSON report's URLs)."""
        self._generated: tempfile.TemporaryDirectory | None = None
        """Where the sources of generated pages (the review report) are written."""
        self._withheld: list[File] = []
        """This build's documents that are not published (private or excluded)."""
        self._hidden: dict[str, tuple[str, list[str]]] = {}
        """Pages whose quoted text is hidden from the search plugins: full content, quoted parts."""
        self._parts: dict[str, Part] = {}
        """The parts of this build's pages that the tree processor builds, by the key in their markers (parts.py)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this keeps one plugin instance (and its parsed notes) across serve rebuilds.

        A new session (``mkdocs build`` or ``serve``) starts from empty caches.
        """
        self._dirty = dirty
        self._notes.clear()
        self._rendered.clear()
        self._mtimes.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        problems = site_problems(self.config, config.docs_dir, config.site_dir)
        if problems:
            raise PluginError("\n".join(f"Plugin 'obsidian-embeds' option '{key}': {message}" for key, message in problems))
        self.stopwatch.reset()
        self._hidden.clear()  # left over only if a build failed between hiding and restoring
        self._parts.clear()
        present = {_extension_name(ext) for ext in config.markdown_extensions}
        for name in EXTENSIONS:
            if name not in present:
                config.markdown_extensions.append(name)
        config.markdown_extensions.append(ObsidianExtension(self.stopwatch, self._parts))
        for sheet in STYLESHEETS:
            if f"{ASSET_URI}/{sheet}" not in config.extra_css:
                config.extra_css.append(f"{ASSET_URI}/{sheet}")
        if f"{ASSET_URI}/{SCRIPT}" not in config.extra_javascript:
            config.extra_javascript.append(f"{ASSET_URI}/{SCRIPT}")
        return config

    @event_priority(LAST)
    def _add_generated_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The review report joins the site's files after every other plugin's ``on_files``:
        mkdocs-static-i18n (at -100) rebuilds the file list from docs_dir's files and drops any
        other page."""
        if self._report_source is not None:
            report = File.generated(config, self.config.review_report, abs_src_path=self._report_source)
            home = files.get_file_from_path("index.md") or files.get_file_from_path("README.md")
            language = posixpath.dirname(home.dest_uri) if home is not None else ""
            if language:  # a language's build of mkdocs-static-i18n puts its pages under fr/
                report.dest_uri = f"{language}/{report.dest_uri}"
            files.append(report)
            self._site_files[report.src_uri] = report
        self._final_files = files
        return files

    def _index(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self._server is not None:
            self._watch_folders(config)
        with self.stopwatch.measure():
            self._check_report(files, config)
            self._drop_unreadable(files, config)
            files = self._index_files(files, config)
        for notice in self.index.notices:
            log.info("%s", notice)
        return files

    on_files = CombinedEvent(_index, _add_generated_pages)

    def _check_report(self, files: Files, config: MkDocsConfig) -> None:
        """``review_report`` must be a page of its own: it would silently replace the page (or
        the vault note) at its place, or the page its URL would take (``x.md`` and ``x/index.md``).
        ``review_report_json`` must not overwrite a file of the site either."""
        data = self.config.review_report_json
        taken = next((f for f in files if data and normalize(f.dest_uri) == normalize(data)), None)
        if taken is not None:
            raise PluginError(
                f"Plugin 'obsidian-embeds' option 'review_report_json': '{data}' would replace the site's "
                f"'{taken.src_uri}'; name a file that does not exist"
            )
        report = self.config.review_report
        if not report:
            return
        url = normalize(File(report, None, config.site_dir, config.use_directory_urls).dest_uri)
        for file in files:
            if normalize(file.src_uri) == normalize(report) or normalize(file.dest_uri) == url:
                raise PluginError(
                    f"Plugin 'obsidian-embeds' option 'review_report': '{report}' would replace the site's "
                    f"'{file.src_uri}'; name a page that does not exist"
                )

    def _drop_unreadable(self, files: Files, config: MkDocsConfig) -> None:
        """Leave out docs_dir's files that cannot be read (one warning each), and the copies of
        docs_dir that MkDocs finds through a symlinked folder that loops back."""
        docs_dir = os.path.realpath(config.docs_dir)
        real_dirs: dict[str, str] = {}
        loops: dict[str, bool] = {}
        warned: set[str] = set()
        for file in list(files):
            if file.abs_src_path is None or not file.inclusion.is_in_serve() or _in_private_folder(file.src_uri):
                continue  # drafts are checked: ``mkdocs serve`` renders them
            if file.src_dir is None:
                continue  # made by a plugin
            if file.src_dir not in real_dirs:
                real_dirs[file.src_dir] = os.path.realpath(file.src_dir)
            if real_dirs[file.src_dir] != docs_dir:
                continue  # a theme's file
            loop = _looping_folder(file.src_uri, config.docs_dir, loops)
            problem = "symlink loop (a folder that leads back to itself)" if loop else unreadable(file.abs_src_path)
            if problem:
                files.remove(file)
                if (loop or file.src_uri) not in warned:
                    warned.add(loop or file.src_uri)
                    log.warning("%s: %s: not published", loop or file.src_uri, problem)

    def _index_files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in [f for f in files if _in_private_folder(f.src_uri)]:
            files.remove(file)
        if self.config.vault_dir:
            self._add_vault_files(files, config)
            self._exclude_vault_files(files, config)
        self._withheld = []
        published, private = self._sort_documents(files, config)
        if self._dirty:
            self._remove_withheld_output(files)
        for asset in (*STYLESHEETS, SCRIPT):
            files.append(File.generated(config, f"{ASSET_URI}/{asset}", abs_src_path=str(ASSETS / asset)))
        notes = [entry for entry in published if isinstance(entry, Note)]
        self._report_source = None
        self._report_notes = notes
        self.freshness = self._collect_freshness(config, notes) if self._wants_review() else None
        if self.freshness is not None and self.config.review_report:
            report = self._report(None)
            self._report_source = self._write_generated(self.config.review_report, report)
            published.append(Note(self.config.review_report, self.config.review_report, self._report_source, text=report))
        self._site_files = {f.src_uri: f for f in files}
        self.index = VaultIndex(published, private)
        self._rebuild_dependents(notes, files)
        footer = self.freshness.embed_footer if self.freshness and self.config.review_badge else None
        self.renderer = Renderer(self.index, self._options(config), self._relative_url, footer)
        self._parsed_before = self._parsed_count()
        return files

    def _sort_documents(self, files: Files, config: MkDocsConfig) -> tuple[list[VaultFile], list[str]]:
        """Published documents for the index, and the vault paths of private ones (removed from the site)."""
        prefix = self._prefix()
        docs_dir = os.path.realpath(config.docs_dir)
        vault_root = os.path.realpath(self.config.vault_dir) if self.config.vault_dir else docs_dir
        published: list[VaultFile] = []
        private: list[str] = []
        real_dirs: dict[str, str] = {}
        for file in list(files):
            if file.src_dir is not None:
                if file.src_dir not in real_dirs:
                    real_dirs[file.src_dir] = os.path.realpath(file.src_dir)
                if real_dirs[file.src_dir] != docs_dir:
                    continue  # a theme's file, not a document
            in_vault = not prefix or file.src_uri.startswith(prefix + "/")
            vault_path = file.src_uri[len(prefix) + 1 :] if prefix and in_vault else file.src_uri
            if file.inclusion.is_excluded():
                self._withheld.append(file)
                private.append(vault_path)
                continue
            entry = None
            if _inside(file.abs_src_path, vault_root if in_vault else docs_dir):
                entry = self._vault_file(file, vault_path, in_vault)
            if entry is None or isinstance(entry, Note) and not entry.published:
                if isinstance(entry, Note) and entry.privacy.notice:
                    where = f"{file.src_uri}:{entry.privacy.line}" if entry.privacy.line else file.src_uri
                    log.info("%s: %s", where, entry.privacy.notice)
                files.remove(file)
                self._withheld.append(file)
                private.append(vault_path)
                continue
            published.append(entry)
        return published, private

    def _exclude_vault_files(self, files: Files, config: MkDocsConfig) -> None:
        """Apply ``exclude_docs`` and ``draft_docs`` to the vault's files, as MkDocs does to docs_dir's.

        MkDocs would apply them only after the plugin has indexed the files. A pattern excludes
        a vault file when it matches its path in the site (``prefix/...``) or in the vault.
        """
        prefix = self._prefix()
        added = [f for f in files if f.inclusion == InclusionLevel.UNDEFINED and f.src_uri.startswith(prefix + "/")]
        set_exclusions(added, config)
        patterns = [(config.exclude_docs, InclusionLevel.EXCLUDED), (config.draft_docs, InclusionLevel.DRAFT)]
        for file in added:
            in_vault = file.src_uri[len(prefix) + 1 :]
            for spec, level in patterns:
                if spec is not None and not file.inclusion.is_excluded() and spec.match_file(in_vault):
                    file.inclusion = level

    def _remove_withheld_output(self, files: Files) -> None:
        """A dirty build leaves the site's old files in place: a page that is private now must
        not stay there, nor its quotes in pages that are not rebuilt. So its old output is
        deleted and, when there was any, every page is rebuilt (the plugin cannot know which
        unchanged pages of an earlier build quoted it)."""
        stale = [f for f in self._withheld if f.is_documentation_page() and os.path.isfile(f.abs_dest_path)]
        for file in stale:
            with contextlib.suppress(OSError):
                os.remove(file.abs_dest_path)
        if stale:
            log.info("%d pages not published any more: their old output is removed and every page rebuilt", len(stale))
            for file in files.documentation_pages():
                file.is_modified = _always  # type: ignore[method-assign]

    # -- serve ---------------------------------------------------------------------------

    def _rebuild_dependents(self, notes: list[Note], files: Files) -> None:
        """In a dirty rebuild, also rebuild every page that quotes, cites or links a changed note.

        MkDocs' ``--dirty`` rebuilds only pages whose own file changed; a page embedding an
        edited (renamed, deleted) note would keep showing the old quote. ``embedded`` already
        holds nested embeds, so quotes of quotes are covered.
        """
        mtimes = {note.site_path: note.mtime for note in notes}
        changed = {path for path, mtime in mtimes.items() if self._mtimes.get(path) != mtime}
        changed |= set(self._mtimes) - set(mtimes)
        appeared = set(mtimes) - set(self._mtimes) if self._mtimes else set()
        self._mtimes = mtimes
        if not self._dirty or not changed:
            return
        for host in self._dependents(changed, appeared):
            file = files.get_file_from_path(host)
            if file is not None:
                file.is_modified = _always  # type: ignore[method-assign]

    def _dependents(self, changed: set[str], appeared: set[str]) -> list[str]:
        """Pages that quote, cite or link a changed note, and, when notes appeared (created,
        renamed back, published again), the pages a new note may mend or take links from.

        A reference that found nothing records no target (it may be spelled any way that
        resolves), so every page with a problem of its own or in a note it quotes is rebuilt
        then; so is a page that depends on a note of the same name as a new one, which may now
        take its links (same folder first, SPEC §1).
        """
        broken = {host for host, rendered in self._rendered.items() if rendered.problems}
        names = {_name_key(path) for path in appeared}
        hosts = []
        for host, rendered in self._rendered.items():
            uses = rendered.embedded | rendered.linked
            mended = appeared and (host in broken or rendered.embedded & broken or names & set(map(_name_key, uses)))
            if uses & changed or mended:
                hosts.append(host)
        return hosts

    # -- freshness ---------------------------------------------------------------------

    def _wants_review(self) -> bool:
        return bool(
            self.config.review_badge
            or self.config.review_report
            or self.config.review_report_json
            or self.config.warn_overdue
            or self.config.warn_due_soon
        )

    def _collect_freshness(self, config: MkDocsConfig, notes: list[Note]) -> Freshness:
        options = FreshnessOptions(
            fields=tuple(self.config.review_fields),
            stale_after_days=self.config.stale_after_days,
            locale=_site_language(config),
            today=self.config.review_today or datetime.date.today(),
            use_git=self.config.review_git,
            owner_fields=tuple(self.config.owner_fields),
            interval_fields=tuple(self.config.review_every_fields),
            folders=self.config.review_folders,
            due_soon_days=self.config.due_soon_days,
        )
        roots = [Path(config.docs_dir)] + ([Path(self.config.vault_dir)] if self.config.vault_dir else [])
        freshness = Freshness.collect(notes, options, roots)
        for where, message in freshness.problems:
            log.warning("%s: %s", where, message)
        for notice in freshness.notices:
            log.info("%s", notice)
        counts = freshness.counts()
        log.info(
            "review dates: %d of %d pages have one, %d overdue, %d due soon (within %d days)",
            sum(review.date is not None for review in freshness.reviews.values()),
            len(freshness.reviews),
            counts.get("overdue", 0),
            counts.get("due-soon", 0),
            options.due_soon_days,
        )
        states = ["overdue"] * self.config.warn_overdue + ["due-soon"] * self.config.warn_due_soon
        for path, review in freshness.pending(states):
            log.warning("%s: %s", path, pending_message(review, options.today, options.due_soon_days))
        return freshness

    def _quoted(self, note: Note) -> list[Note]:
        """The notes a page quotes (embeds, nested ones too, and citations), as last rendered."""
        rendered = self._rendered.get(note.site_path)
        if rendered is None or self.index is None:
            return []
        paths = rendered.embedded | cited_paths(note.site_path, rendered.parts.values())
        return [source for source in map(self.index.by_site_path, sorted(paths)) if isinstance(source, Note)]

    def _report_title(self, note: Note, files: Files | None) -> str:
        """The page's title as the site shows it once the page is rendered (the home page's
        heading, not "index"); before that, what its note says."""
        file = files.get_file_from_path(note.site_path) if files is not None else None
        page = file.page if file is not None else None
        if page is not None and page.content is not None and page.title:
            return html_module.unescape(str(page.title))
        if note.title != note.name or (self._titles(note) == "file" and note.name.casefold() not in _HOME_NAMES):
            return note.title
        heading = _FIRST_HEADING.search(note.body)
        if heading:
            return heading.group(1).strip(" #")
        if note.name.casefold() in _HOME_NAMES:
            return posixpath.basename(posixpath.dirname(note.site_path)) or "Home"
        return note.name

    def _report(self, files: Files | None) -> str:
        """The report page's Markdown. ``files`` is None while the site's files are being
        gathered: pages have no titles nor quotes yet. The page is written again when it is
        rendered, after every other page (it joins the files last)."""
        folder = posixpath.dirname(self.config.review_report)

        def url_of(note: Note) -> str:
            return quote(relative_path(note.site_path, folder), safe="/")

        def title_of(note: Note) -> str:
            return self._report_title(note, files)

        rows = [
            self.freshness.row(
                note, url_of(note), [(source, url_of(source)) for source in self._quoted(note)] if files is not None else [], title_of
            )
            for note in self._report_notes
        ]
        return self.freshness.report(rows)

    def _write_report_json(self, config: MkDocsConfig) -> None:
        files = self._final_files

        def url_of(note: Note) -> str:
            file = files.get_file_from_path(note.site_path) if files is not None else None
            url = file.url if file is not None else quote(note.site_path, safe="/")
            return url.removeprefix("./")  # the home page's URL is "./": joined to site_url it is the site

        def title_of(note: Note) -> str:
            return self._report_title(note, files)

        base = os.path.dirname(config.config_file_path or "") or os.getcwd()
        rows = [
            self.freshness.row(
                note,
                url_of(note),
                [(source, url_of(source)) for source in self._quoted(note)],
                title_of,
                Path(os.path.relpath(note.abs_path, base)).as_posix() if note.abs_path else "",
            )
            for note in self._report_notes
        ]
        path = Path(config.site_dir, self.config.review_report_json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.freshness.json(rows, config.site_url), encoding="utf-8")

    @event_priority(EARLY)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        with self.stopwatch.measure():
            self._set_title(page)
            return self._add_badge(html, page)

    def _set_title(self, page: Page) -> None:
        """The page's title as the ``note_titles`` option says, escaped: themes print page titles
        as HTML (the nav, the tab), so markup in a frontmatter title or a file name would run on
        every page. A title MkDocs took from the rendered first heading is HTML-safe already."""
        note = self.index.by_site_path(page.file.src_uri) if self.index else None
        if "title" in page.meta:
            title = str(page.meta["title"])
        elif isinstance(note, Note) and not page.is_homepage and self._titles(note) == "file":
            title = note.name
        elif not getattr(page, "_title_from_render", None) and isinstance(page.title, str):
            title = page.title  # from the file's name
        else:
            return
        page.title = html_module.escape(title, quote=False)

    def _titles(self, note: Note) -> str:
        if not note.in_vault:
            return "heading"
        return self.config.note_titles or ("file" if self.config.vault_dir else "heading")

    def _add_badge(self, html: str, page: Page) -> str:
        if self.freshness is None or not self.config.review_badge or page.meta.get("review_badge") is False:
            return html
        note = self.index.by_site_path(page.file.src_uri)
        if not isinstance(note, Note):
            return html
        sources = [(source, self._relative_url(source, note)) for source in self._quoted(note)]
        badge = self.freshness.badge(note, sources)
        return _after_title(html, badge) if badge else html

    @event_priority(SEARCH_PRIORITY + 1)
    def _hide_quoted_text(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Search plugins index a page in ``on_page_context`` (priority 0) from ``page.content``."""
        if not self.config.search_quoted_text and page.content:
            with self.stopwatch.measure():
                searchable, quoted = split_quoted_text(page.content)
            if quoted:
                self._hidden[page.file.src_uri] = (page.content, quoted)
                page.content = searchable
        return context

    @event_priority(SEARCH_PRIORITY - 1)
    def _restore_quoted_text(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Splice the quoted text back into the page as the search plugins left it; should a
        placeholder have gone missing, the page as it was before them."""
        hidden = self._hidden.pop(page.file.src_uri, None)
        if hidden is not None:
            full, quoted = hidden
            page.content = with_quoted_text(page.content or "", quoted) or full
        return context

    on_page_context = CombinedEvent(_hide_quoted_text, _restore_quoted_text)

    @event_priority(EARLY)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.index is None or self.renderer is None:
            return markdown
        with self.stopwatch.measure():
            if self.freshness is not None and page.file.src_uri == self.config.review_report:
                markdown = self._report(files)
            return self._render_page(markdown, page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.freshness is not None and self.config.review_report_json:
            with self.stopwatch.measure():
                self._write_report_json(config)
        self.parsed_this_build = self._parsed_count() - self._parsed_before
        log.info("%d notes parsed, %.2f s spent in the plugin", self.parsed_this_build, self.stopwatch.seconds)

    def _parsed_count(self) -> int:
        return sum("parsed" in note.__dict__ for note in self._notes.values())

    def _render_page(self, markdown: str, page: Page) -> str:
        note = self.index.by_site_path(page.file.src_uri)
        if not isinstance(note, Note):
            note = Note(page.file.src_uri, page.file.src_uri, page.file.abs_src_path or "", text=markdown)
        if note.body_offset and markdown != note.body and _frontmatter_left_in(markdown, note):
            markdown = note.body
        text, result = self.renderer.render(note, markdown)
        self._rendered[note.site_path] = result
        self._parts.update(result.parts)
        for problem in result.problems:
            log.warning("%s:%d: %s", page.file.src_uri, problem.line, problem.message)
        for notice in result.notices:
            log.info("%s:%d: %s", page.file.src_uri, notice.line, notice.message)
        return text

    def _write_generated(self, src_uri: str, text: str) -> str:
        """A generated page's source, written to a file of its own outside the site's folders:
        other plugins (mkdocs-static-i18n) expect every page to have a source path."""
        if self._generated is None:
            self._generated = tempfile.TemporaryDirectory(prefix="obsidian-embeds-")
        path = Path(self._generated.name, src_uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)

    def on_shutdown(self) -> None:
        self._server = None
        if self._generated is not None:
            self._generated.cleanup()
            self._generated = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Watch the vault's folders, but not ``.obsidian/`` (Obsidian rewrites it constantly)."""
        with contextlib.suppress(KeyError):  # MkDocs watches docs_dir recursively, .obsidian included
            server.unwatch(config.docs_dir)
        self._server = server
        self._watched = {}
        self._ended.clear()
        self._watch_folders(config)
        return server

    def _watch_folders(self, config: MkDocsConfig) -> None:
        """Watch every visible vault folder, one by one (not recursively).

        Runs again at each rebuild. A folder made since is watched from then on; a folder
        deleted since is no longer watched; one deleted and made again is watched anew, for
        the watch of the old folder ended with it: the watch said so (``_ended``), or, where
        the server does not tell, the folder has another inode.
        """
        roots = [config.docs_dir] + ([self.config.vault_dir] if self.config.vault_dir else [])
        present = {folder: identity for root in roots for folder, identity in _visible_folders(root)}
        ended = set(self._ended)
        self._ended -= ended
        for folder, identity in list(self._watched.items()):
            if present.get(folder) != identity or os.path.abspath(folder) in ended:
                del self._watched[folder]
                with contextlib.suppress(KeyError):
                    self._server.unwatch(folder)
        for folder, identity in present.items():
            if folder not in self._watched:
                self._watch(folder, identity)

    def _watch(self, folder: str, identity: tuple[int, int]) -> None:
        try:
            self._server.watch(folder, recursive=False)
        except OSError:  # gone again since the walk: forget it, so that it is watched once it is back
            with contextlib.suppress(KeyError):
                self._server.unwatch(folder)
            return
        self._watched[folder] = identity
        _rebuild_on_folder_events(self._server, folder, self._ended.add)

    # -- helpers -----------------------------------------------------------------------

    def _prefix(self) -> str:
        return vault_prefix(self.config.vault_dir, self.config.vault_prefix) if self.config.vault_dir else ""

    def _add_vault_files(self, files: Files, config: MkDocsConfig) -> None:
        """Add the vault's visible files under the prefix; one warning for each that cannot be read."""
        root = Path(self.config.vault_dir)
        prefix = self._prefix()

        def site_path(path: str | Path) -> str:
            rel = Path(path).relative_to(root).as_posix()
            return prefix if rel == "." else f"{prefix}/{rel}"

        def folder_problem(error: OSError) -> None:
            log.warning("%s: folder %s: not published", site_path(error.filename), os_error_reason(error))

        for folder, dirs, names in os.walk(root, onerror=folder_problem):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = Path(folder, name)
                src_uri = site_path(path)
                problem = unreadable(str(path))
                taken = files.get_file_from_path(src_uri)
                if problem:
                    log.warning("%s: %s: not published", src_uri, problem)
                elif taken is not None:
                    log.warning("%s: not published: the site has another file there (the theme's)", src_uri)
                else:
                    files.append(File.generated(config, src_uri, abs_src_path=str(path)))

    def _vault_file(self, file: File, vault_path: str, in_vault: bool) -> VaultFile | None:
        """The published file behind ``file``; None (with a warning) for a note that cannot be
        read or is not UTF-8: not knowing what it says, the plugin treats it as private."""
        abs_path = file.abs_src_path or ""
        if note_stem(file.src_uri) is None:
            return VaultFile(vault_path, file.src_uri, abs_path)
        try:
            mtime = os.path.getmtime(abs_path) if abs_path else 0.0
            cached = self._notes.get(abs_path)
            if cached is not None and cached.mtime == mtime and cached.site_path == file.src_uri:
                return cached
            text = decode_text(file.content_bytes)
        except OSError as error:  # gone or changed since MkDocs listed it
            log.warning("%s: %s: not published", file.src_uri, os_error_reason(error))
            return None
        if isinstance(text, NotUtf8):
            log.warning("%s:%d: %s: not published", file.src_uri, text.line, text)
            return None
        note = Note(vault_path, file.src_uri, abs_path, text=text, mtime=mtime, in_vault=in_vault)
        self._notes[abs_path] = note
        return note

    def _options(self, config: MkDocsConfig) -> Options:
        toc = config.mdx_configs.get("toc", {})
        return Options(
            slugify=toc.get("slugify", default_slugify),
            slug_separator=toc.get("separator", "-"),
            citation_excerpt=self.config.citation_excerpt,
            max_depth=self.config.max_embed_depth,
            max_chars=self.config.max_embed_chars,
            max_embeds=self.config.max_embeds,
            strict_line_breaks=self.config.strict_line_breaks,
        )

    def _relative_url(self, target: VaultFile, host: Note) -> str:
        """URL of ``target`` as seen from the page of ``host``, for raw HTML (audio, video, PDF)."""
        target_file = self._site_files.get(target.site_path)
        host_file = self._site_files.get(host.site_path)
        if target_file is None or host_file is None:
            return quote(relative_path(target.site_path, posixpath.dirname(host.site_path)), safe="/")
        return get_relative_url(target_file.url, host_file.url)


def _extension_name(extension: object) -> str:
    if isinstance(extension, str):
        return extension.removeprefix("markdown.extensions.")
    return type(extension).__module__.removeprefix("markdown.extensions.")


def _in_private_folder(src_uri: str) -> bool:
    return any(part in PRIVATE_FOLDERS for part in src_uri.split("/"))


def _inside(path: str | None, root: str) -> bool:
    """Whether a file really lies in the vault (a symlink out of it does not)."""
    if not path:
        return True
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _looping_folder(src_uri: str, docs_dir: str, cache: dict[str, bool]) -> str | None:
    """The first folder on the way to ``src_uri`` that is a symlink looping back (readable.loops_back)."""
    folder = ""
    for part in src_uri.split("/")[:-1]:
        folder = f"{folder}/{part}" if folder else part
        if folder not in cache:
            cache[folder] = loops_back(os.path.join(docs_dir, folder))
        if cache[folder]:
            return folder
    return None


def _site_language(config: MkDocsConfig) -> str:
    theme = config.theme
    return str(theme.get("language") or theme.get("locale") or "en")


_HOME_NAMES = ("index", "readme")
_FIRST_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_TITLE = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>\s*", re.DOTALL)


def _after_title(html: str, badge: str) -> str:
    """Insert the badge after the page's leading title, or at the top."""
    m = _TITLE.match(html)
    cut = m.end() if m else 0
    return f"{html[:cut]}{badge}\n{html[cut:]}"


def _frontmatter_left_in(markdown: str, note: Note) -> bool:
    """Whether MkDocs left the frontmatter in the page's Markdown: it does when the YAML does not
    parse (a Templater template's ``<% %>``), where Obsidian still hides it."""
    return markdown.lstrip("\ufeff").startswith("---") and markdown.replace("\r\n", "\n").endswith(note.body)


def _always() -> bool:
    return True


def _name_key(site_path: str) -> str:
    """The name a link would use for the file at ``site_path``, as the index compares names."""
    base = posixpath.basename(site_path)
    return normalize(note_stem(base) or base)


def _rebuild_on_folder_events(server: object, folder: str, ended: Callable[[str], None]) -> None:
    """Have a visible sub-folder made, deleted or moved in ``folder`` (or ``folder`` itself
    deleted) rebuild the site, as a changed file does, and tell ``ended`` when the watch of
    ``folder`` ends because the folder is gone.

    MkDocs' server ignores events of folders, and its watch of a deleted folder ends without
    one of a file: a folder deleted, made again or new would only show once some other file
    changed. A handler added to the server's watch of ``folder`` answers such an event with a
    file event on that watch, which MkDocs' own handler turns into a rebuild; that build's
    ``on_files`` then watches the folders as they are now. Uses the server's watchdog
    ``observer``; a server without one keeps MkDocs' behaviour.
    """
    observer = getattr(server, "observer", None)
    if observer is None or not hasattr(observer, "event_queue"):
        return
    path = os.path.abspath(folder)

    def on_any_event(event: FileSystemEvent) -> None:
        names = (event.src_path, getattr(event, "dest_path", "") or event.src_path)
        visible = not all(os.path.basename(str(name)).startswith(".") for name in names)
        if event.is_directory and event.event_type in ("created", "deleted", "moved") and visible:
            if event.event_type == "deleted" and os.path.abspath(str(event.src_path)) == path:
                ended(path)
            observer.event_queue.put((FileModifiedEvent(path), watch))

    handler = FileSystemEventHandler()
    handler.on_any_event = on_any_event  # type: ignore[method-assign]
    with contextlib.suppress(OSError):
        watch = observer.schedule(handler, path, recursive=False)  # the server's watch, found by its path


def _visible_folders(root: str) -> list[tuple[str, tuple[int, int]]]:
    """``root`` and its sub-folders, without hidden ones (``.obsidian``, ``.trash``, ``.git``),
    each with its device and inode."""
    found = []
    for folder, dirs, _ in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        with contextlib.suppress(OSError):
            info = os.stat(folder)
            found.append((folder, (info.st_dev, info.st_ino)))
    return found
