"""What the site shows of the review dates: the review report page, its JSON twin, and the
badge after each page's title."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import ObsidianEmbedsConfig
from .generated import GeneratedSources
from .pages import Pages
from .titles import report_title
from ..engine.render import EmbedDecorator
from ..engine.vault import Note, normalize, relative_path
from ..freshness.freshness import Freshness

_TITLE_HTML = r"<h1\b[^>]*>.*?</h1>"
_TITLE = re.compile(rf"\A\s*{_TITLE_HTML}\s*", re.DOTALL)
#: The badge ``_after_title`` puts after a page's title, or at its top: one line.
_BADGE = re.compile(rf'\A(\s*(?:{_TITLE_HTML}\s*)?)<div class="last-reviewed\b[^\n]*\n', re.DOTALL)


def check_report_paths(options: ObsidianEmbedsConfig, files: Files, config: MkDocsConfig) -> None:
    """``review_report`` must be a page of its own: it would silently replace the page (or
    the vault note) at its place, or the page its URL would take (``x.md`` and ``x/index.md``).
    ``review_report_json`` must not overwrite a file of the site either."""
    data = options.review_report_json
    taken = next((f for f in files if data and normalize(f.dest_uri) == normalize(data)), None)
    if taken is not None:
        raise PluginError(
            f"Plugin 'obsidian-embeds' option 'review_report_json': '{data}' would replace the site's "
            f"'{taken.src_uri}'; name a file that does not exist"
        )
    report = options.review_report
    if not report:
        return
    url = normalize(File(report, None, config.site_dir, config.use_directory_urls).dest_uri)
    for file in files:
        if normalize(file.src_uri) == normalize(report) or normalize(file.dest_uri) == url:
            raise PluginError(
                f"Plugin 'obsidian-embeds' option 'review_report': '{report}' would replace the site's "
                f"'{file.src_uri}'; name a page that does not exist"
            )


class ReviewPages:
    """One build's review report, JSON report and badges, for the published ``notes``."""

    def __init__(self, options: ObsidianEmbedsConfig, freshness: Freshness, notes: list[Note], pages: Pages) -> None:
        self.options = options
        self.freshness = freshness
        self._notes = notes
        """The published notes the review report lists."""
        self._pages = pages
        self._source: str | None = None
        """The review report page's source file, once written."""
        self._final_files: Files | None = None
        """This build's files once every plugin's ``on_files`` has run (for the JSON report's URLs)."""

    @property
    def embed_footer(self) -> EmbedDecorator | None:
        """What follows each quote (its review date), when the options show badges."""
        return self.freshness.embed_footer if self.options.review_badge else None

    def write_report_source(self, generated: GeneratedSources) -> Note:
        """Write the report page's source as it reads before the pages are rendered; its note, for the index."""
        report = self.report(None)
        self._source = generated.write(self.options.review_report, report)
        return Note(self.options.review_report, self.options.review_report, self._source, text=report)

    def add_report_file(self, files: Files, config: MkDocsConfig) -> File | None:
        """Add the report page to the site's final ``files`` (the ones that every other plugin's
        ``on_files`` has seen); its file, if there is a report page."""
        self._final_files = files
        if self._source is None:
            return None
        report = File.generated(config, self.options.review_report, abs_src_path=self._source)
        home = files.get_file_from_path("index.md") or files.get_file_from_path("README.md")
        language = posixpath.dirname(home.dest_uri) if home is not None else ""
        if language:  # a language's build of mkdocs-static-i18n puts its pages under fr/
            report.dest_uri = f"{language}/{report.dest_uri}"
        files.append(report)
        return report

    def is_report(self, page: Page) -> bool:
        return page.file.src_uri == self.options.review_report

    def report(self, files: Files | None) -> str:
        """The report page's Markdown. ``files`` is None while the site's files are being
        gathered: pages have no titles nor quotes yet. The page is written again when it is
        rendered, after every other page (it joins the files last)."""
        folder = posixpath.dirname(self.options.review_report)

        def url_of(note: Note) -> str:
            return quote(relative_path(note.site_path, folder), safe="/")

        def title_of(note: Note) -> str:
            return report_title(note, files, self.options)

        rows = [
            self.freshness.row(
                note, url_of(note), [(source, url_of(source)) for source in self._pages.quoted(note)] if files is not None else [], title_of
            )
            for note in self._notes
        ]
        return self.freshness.report(rows)

    def write_json(self, config: MkDocsConfig) -> None:
        """Write the JSON report into the site, if the options name one."""
        if not self.options.review_report_json:
            return
        files = self._final_files

        def url_of(note: Note) -> str:
            file = files.get_file_from_path(note.site_path) if files is not None else None
            url = file.url if file is not None else quote(note.site_path, safe="/")
            return url.removeprefix("./")  # the home page's URL is "./": joined to site_url it is the site

        def title_of(note: Note) -> str:
            return report_title(note, files, self.options)

        base = os.path.dirname(config.config_file_path or "") or os.getcwd()
        rows = [
            self.freshness.row(
                note,
                url_of(note),
                [(source, url_of(source)) for source in self._pages.quoted(note)],
                title_of,
                Path(os.path.relpath(note.abs_path, base)).as_posix() if note.abs_path else "",
            )
            for note in self._notes
        ]
        path = Path(config.site_dir, self.options.review_report_json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.freshness.json(rows, config.site_url), encoding="utf-8")

    def add_badge(self, html: str, page: Page) -> str:
        """The page's HTML with its review badge after its title, as the options and its frontmatter say."""
        if not self.options.review_badge or page.meta.get("review_badge") is False:
            return html
        note = self._pages.note(page)
        if note is None:
            return html
        sources = [(source, self._pages.relative_url(source, note)) for source in self._pages.quoted(note)]
        badge = self.freshness.badge(note, sources)
        return _after_title(html, badge) if badge else html


def without_badge(html: str) -> str:
    """HTML cut from a page's start (a whole note, its title's section) without the page's badge."""
    return _BADGE.sub(r"\1", html, count=1) if '<div class="last-reviewed' in html else html


def _after_title(html: str, badge: str) -> str:
    """Insert the badge after the page's leading title, or at the top."""
    m = _TITLE.match(html)
    cut = m.end() if m else 0
    return f"{html[:cut]}{badge}\n{html[cut:]}"
