"""Page titles: as the ``note_titles`` option says, and as the review report names pages."""

from __future__ import annotations

import html
import posixpath
import re

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .config import ObsidianEmbedsConfig
from ..engine.vault import Note

_HOME_NAMES = ("index", "readme")
_FIRST_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*$", re.MULTILINE)


def note_titles(note: Note, options: ObsidianEmbedsConfig) -> str:
    """Where ``note``'s page takes its title: ``file`` (its name) or ``heading``."""
    if not note.in_vault:
        return "heading"
    return options.note_titles or ("file" if options.vault_dir else "heading")


def set_title(page: Page, note: Note | None, options: ObsidianEmbedsConfig) -> None:
    """The page's title as the ``note_titles`` option says, escaped: themes print page titles
    as HTML (the nav, the tab), so markup in a frontmatter title or a file name would run on
    every page. A title MkDocs took from the rendered first heading is HTML-safe already."""
    if "title" in page.meta:
        title = str(page.meta["title"])
    elif note is not None and not page.is_homepage and note_titles(note, options) == "file":
        title = note.name
    elif not getattr(page, "_title_from_render", None) and isinstance(page.title, str):
        title = page.title  # from the file's name
    else:
        return
    page.title = html.escape(title, quote=False)


def report_title(note: Note, files: Files | None, options: ObsidianEmbedsConfig) -> str:
    """The page's title as the site shows it once the page is rendered (the home page's
    heading, not "index"); before that, what its note says."""
    file = files.get_file_from_path(note.site_path) if files is not None else None
    return shown_title(note, file.page if file is not None else None, options)


def shown_title(note: Note, page: Page | None, options: ObsidianEmbedsConfig) -> str:
    """``note``'s title as text, as its ``page`` shows it once rendered; before that (or in a
    dirty build that does not render it), what the note says."""
    if page is not None and page.content is not None and page.title:
        return html.unescape(str(page.title))
    if note.title != note.name or (note_titles(note, options) == "file" and note.name.casefold() not in _HOME_NAMES):
        return note.title
    heading = _FIRST_HEADING.search(note.body)
    if heading:
        return heading.group(1).strip(" #")
    if note.name.casefold() in _HOME_NAMES:
        return posixpath.basename(posixpath.dirname(note.site_path)) or "Home"
    return note.name
