"""MkDocs adapter: feeds the site's files to the engine and the engine's Markdown to MkDocs."""

from __future__ import annotations

import contextlib
import html as html_module
import datetime
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from .config import ObsidianEmbedsConfig
from .extension import ObsidianExtension
from .freshness import Freshness, FreshnessOptions
from .parts import Part
from .quoted import split_quoted_text, with_quoted_text
from .render import Options, Renderer
from .render import Page as RenderedPage
from .timing import Stopwatch
from .vault import Note, VaultFile, VaultIndex, note_stem, relative_path

log = get_plugin_logger("obsidian-embeds")

ASSETS = Path(__file__).parent / "assets"
ASSET_URI = "assets/obsidian-embeds"
STYLESHEETS = ("obsidian-embeds.css", "review.css")
SCRIPT = "obsidian-embeds.js"
#: Extensions the Markdown we produce relies on; added when the user has not listed them.
EXTENSIONS = ("toc", "tables", "footnotes", "attr_list", "md_in_html", "admonition", "pymdownx.details")
PRIVATE_FOLDERS = (".obsidian", ".trash")
#: Event priority of the search plugins' ``on_page_context`` (MkDocs' and Material's: the default).
SEARCH_PRIORITY = 0


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
        self._watched: set[str] = set()
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

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self._server is not None:
            self._watch_folders(config)
        with self.stopwatch.measure():
            return self._index_files(files, config)

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
        self.freshness = self._collect_freshness(config, notes) if self._wants_review() else None
        if self.freshness is not None and self.config.review_report:
            report = self._report(notes)
            files.append(File.generated(config, self.config.review_report, content=report))
            published.append(Note(self.config.review_report, self.config.review_report, "", text=report))
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
        self._mtimes = mtimes
        if not self._dirty or not changed:
            return
        for host, rendered in self._rendered.items():
            file = files.get_file_from_path(host)
            if file is not None and (rendered.embedded | rendered.linked) & changed:
                file.is_modified = _always  # type: ignore[method-assign]

    # -- freshness ---------------------------------------------------------------------

    def _wants_review(self) -> bool:
        return bool(self.config.review_badge or self.config.review_report or self.config.warn_overdue)

    def _collect_freshness(self, config: MkDocsConfig, notes: list[Note]) -> Freshness:
        options = FreshnessOptions(
            fields=tuple(self.config.review_fields),
            stale_after_days=self.config.stale_after_days,
            locale=_site_language(config),
            today=datetime.date.today(),
            use_git=self.config.review_git,
        )
        roots = [Path(config.docs_dir)] + ([Path(self.config.vault_dir)] if self.config.vault_dir else [])
        freshness = Freshness.collect(notes, options, roots)
        for path, message in freshness.problems:
            log.warning("%s: %s", path, message)
        overdue = freshness.overdue()
        dated = sum(review is not None for review in freshness.dates.values())
        log.info(
            "review dates: %d of %d pages have one, %d overdue (older than %d days)",
            dated,
            len(freshness.dates),
            len(overdue),
            options.stale_after_days,
        )
        if self.config.warn_overdue:
            for path, review in sorted(overdue, key=lambda item: item[1].date):
                age = (options.today - review.date).days
                log.warning("%s: review overdue: dated %s, %d days ago", path, review.date.isoformat(), age)
        return freshness

    def _report(self, notes: list[Note]) -> str:
        folder = posixpath.dirname(self.config.review_report)

        def url_of(note: Note) -> str:
            return quote(relative_path(note.site_path, folder), safe="/")

        return "# Review report\n\n" + self.freshness.report(notes, url_of)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        with self.stopwatch.measure():
            _escape_title(page)
            return self._add_badge(html, page)

    def _add_badge(self, html: str, page: Page) -> str:
        if self.freshness is None or not self.config.review_badge or page.meta.get("review_badge") is False:
            return html
        note = self.index.by_site_path(page.file.src_uri)
        if not isinstance(note, Note):
            return html
        rendered = self._rendered.get(note.site_path)
        sources = [
            (source, self._relative_url(source, note))
            for source in map(self.index.by_site_path, sorted(rendered.embedded if rendered else ()))
            if isinstance(source, Note)
        ]
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

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.index is None or self.renderer is None:
            return markdown
        with self.stopwatch.measure():
            return self._render_page(markdown, page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
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

    def on_shutdown(self) -> None:
        self._server = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """Watch the vault's folders, but not ``.obsidian/`` (Obsidian rewrites it constantly)."""
        with contextlib.suppress(KeyError):  # MkDocs watches docs_dir recursively, .obsidian included
            server.unwatch(config.docs_dir)
        self._server = server
        self._watched = set()
        self._watch_folders(config)
        return server

    def _watch_folders(self, config: MkDocsConfig) -> None:
        """Watch every visible vault folder not watched yet, one by one (not recursively).

        Runs again at each rebuild, so a folder made while serving is watched from the next
        build on (MkDocs ignores the event of a new folder itself).
        """
        roots = [config.docs_dir] + ([self.config.vault_dir] if self.config.vault_dir else [])
        for root in roots:
            for folder in _visible_folders(root):
                if folder not in self._watched:
                    with contextlib.suppress(OSError):  # gone again since the walk
                        self._server.watch(folder, recursive=False)
                        self._watched.add(folder)

    # -- helpers -----------------------------------------------------------------------

    def _prefix(self) -> str:
        if not self.config.vault_dir:
            return ""
        prefix = self.config.vault_prefix
        if prefix is None:
            prefix = Path(self.config.vault_dir).name
        return prefix.strip("/")

    def _add_vault_files(self, files: Files, config: MkDocsConfig) -> None:
        root = Path(self.config.vault_dir)
        prefix = self._prefix()
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = Path(folder, name)
                rel = path.relative_to(root).as_posix()
                src_uri = f"{prefix}/{rel}" if prefix else rel
                if files.get_file_from_path(src_uri) is None:
                    files.append(File.generated(config, src_uri, abs_src_path=str(path)))

    def _vault_file(self, file: File, vault_path: str, in_vault: bool) -> VaultFile:
        abs_path = file.abs_src_path or ""
        if note_stem(file.src_uri) is None:
            return VaultFile(vault_path, file.src_uri, abs_path)
        mtime = os.path.getmtime(abs_path) if abs_path else 0.0
        cached = self._notes.get(abs_path)
        if cached is not None and cached.mtime == mtime and cached.site_path == file.src_uri:
            return cached
        text = file.content_string
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


def _site_language(config: MkDocsConfig) -> str:
    theme = config.theme
    return str(theme.get("language") or theme.get("locale") or "en")


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


def _escape_title(page: Page) -> None:
    """A title from the frontmatter or the file's name is text: themes print page titles as HTML
    (the nav, the tab), so markup in it would run on every page. A title MkDocs took from the
    rendered first heading is HTML-safe already."""
    if "title" in page.meta or not getattr(page, "_title_from_render", None):
        title = page.title
        if isinstance(title, str):
            page.title = html_module.escape(title, quote=False)


def _always() -> bool:
    return True


def _visible_folders(root: str) -> list[str]:
    """``root`` and its sub-folders, without hidden ones (``.obsidian``, ``.trash``, ``.git``)."""
    found = []
    for folder, dirs, _ in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.append(folder)
    return found
