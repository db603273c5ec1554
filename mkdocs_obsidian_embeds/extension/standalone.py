"""The engine as a Python-Markdown extension, ``obsidian_embeds``: the front door for Zensical
(and any other tool that runs the extensions a site lists), where the MkDocs plugin is not run.

A site generator renders each page with a ``markdown.Markdown`` of its own; nothing tells an
extension which vault the page belongs to. So this module finds the vault itself, indexes it
once per process (re-scanned when a file of it changes), and at each page finds the page's
note, replaces the page's lines with the renderer's Markdown and hands the page's parts to
the tree processor of processors.py.

Where the vault is, in this order: the ``vault_dir`` option (relative to the project's
folder); else the site's ``docs_dir``, read from Zensical's rendering context when Zensical
runs the extension, or from the ``mkdocs.yml`` / ``zensical.toml`` in the current directory,
else ``docs``.

Which note a page is: Zensical's rendering context names the page's file
(``md.preprocessors["rendering_context"].page.path``, relative to ``docs_dir``). Without it,
the page's text is compared with the notes' texts: a page that is no note's text as written
(another extension changed it first, or it is not from the vault) is rendered as a page at the
vault's root.

Nothing here imports MkDocs or Zensical: Zensical's context is read by duck typing.
"""

from __future__ import annotations

import logging
import os
import posixpath
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pathspec
import yaml
from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.extensions.toc import slugify as default_slugify
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.util import parseBoolValue

from .processors import ObsidianExtension
from ..engine.parts import Part
from ..engine.readable import NotUtf8, decode_text, os_error_reason, unreadable
from ..engine.render import Options, Page, QuoteCache, Renderer
from ..engine.vault import Note, VaultFile, VaultIndex, relative_path

log = logging.getLogger("obsidian_embeds")

#: Before every other preprocessor (mkdocs-macros' and pymdownx's run at 35, snippets at 32):
#: the page is expanded first, as the MkDocs plugin expands it before other plugins see it.
PRIORITY = 40
#: After Python-Markdown's own postprocessors (raw HTML is put back at 30, ``&`` at 20): the page's
#: quotes are filled into its final HTML.
QUOTES_PRIORITY = 5
#: The deepest nesting of embeds (config.py's MAX_EMBED_DEPTH, which says why).
MAX_EMBED_DEPTH = 20
#: The Markdown extensions the renderer's output relies on, each known by a processor it registers
#: (not every extension records itself in ``md.registeredExtensions``).
REQUIRED = {
    "toc": ("treeprocessors", "toc"),
    "tables": ("blockprocessors", "table"),
    "footnotes": ("inlinePatterns", "footnote"),
    "attr_list": ("treeprocessors", "attr_list"),
    "md_in_html": ("blockprocessors", "markdown_block"),
    "admonition": ("blockprocessors", "admonition"),
    "pymdownx.details": ("blockprocessors", "details"),
}
CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml")
#: The name processors.py registers its tree processor under (the MkDocs plugin's uses it too).
TREE = "obsidian_embeds"
_CONTEXT = "rendering_context"
"""Name of Zensical's preprocessor that holds the page being rendered and the site's configuration."""


# -- options ---------------------------------------------------------------------------


def _whole_number(minimum: int, maximum: int | None = None) -> Any:
    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, not {value!r}"
        if value < minimum or (maximum is not None and value > maximum):
            allowed = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
            return f"must be {allowed}, not {value}"
        return None

    return check


def _text(value: object) -> str | None:
    return None if isinstance(value, str) else f"expected a folder's path, not {value!r}"


def _flag(value: object) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, not {value!r}"


_CHECKS = {
    "vault_dir": _text,
    "strict_line_breaks": _flag,
    "hover_previews": _flag,
    "citation_excerpt": _whole_number(0),
    "max_embed_depth": _whole_number(1, MAX_EMBED_DEPTH),
    "max_embed_chars": _whole_number(0),
    "max_embeds": _whole_number(0),
}
#: The engine's defaults, which the plugin's options share.
_DEFAULT = {option.name: option.default for option in fields(Options)}


class ObsidianEmbedsExtension(Extension):
    """``markdown.Markdown(extensions=["obsidian_embeds"])``, or ``obsidian_embeds`` under a
    site's ``markdown_extensions``. Options and defaults are the MkDocs plugin's (config.py)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "vault_dir": ["", "the vault's folder, relative to the project; default: the site's docs_dir"],
            "strict_line_breaks": [False, "join a paragraph's lines as plain Markdown does (Obsidian's setting)"],
            "citation_excerpt": [_DEFAULT["citation_excerpt"], "length of a citation footnote's excerpt; 0: the title only"],
            "max_embed_depth": [_DEFAULT["max_depth"], f"how deeply embeds may nest, from 1 to {MAX_EMBED_DEPTH}"],
            "max_embed_chars": [_DEFAULT["max_chars"], "how much embedded text one page may receive"],
            "max_embeds": [_DEFAULT["max_embeds"], "how many embeds one page may meet, nested and stopped ones included"],
            "hover_previews": [True, "links to notes carry data-preview: Zensical shows their target on hover"],
        }
        super().__init__(**kwargs)

    def setConfig(self, key: str, value: Any) -> None:  # noqa: N802 - Python-Markdown's API name
        """An unknown option or a bad value gives one warning and leaves the default."""
        if key not in self.config:
            _warn_once(f"unknown option '{key}' ignored (options: {', '.join(self.config)})")
            return
        if isinstance(self.config[key][0], bool) and isinstance(value, str):
            try:
                value = parseBoolValue(value)
            except ValueError:
                pass
        problem = _CHECKS[key](value)
        if problem:
            _warn_once(f"option '{key}': {problem}; using {self.config[key][0]!r}")
            return
        self.config[key][0] = value

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        parts: dict[str, Part] = {}
        processor = VaultPreprocessor(md, self.getConfigs(), parts)
        md.preprocessors.register(processor, "obsidian_embeds", PRIORITY)
        md.postprocessors.register(QuotePostprocessor(md, processor), "obsidian_quotes", QUOTES_PRIORITY)
        ObsidianExtension(parts=parts).extendMarkdown(md)
        processor.tree = md.treeprocessors[TREE]
        processor.withhold_private_page()


def makeExtension(**kwargs: Any) -> ObsidianEmbedsExtension:  # noqa: N802 - Python-Markdown's API name
    return ObsidianEmbedsExtension(**kwargs)


# -- the site --------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Where the page being rendered lives, as far as the host (Zensical) says."""

    docs_dir: str
    """The site's docs folder (absolute, symlinks resolved): site paths are relative to it."""
    vault_dir: str
    """The vault's folder (absolute, symlinks resolved)."""
    excluded: str = ""
    """The site's ``exclude_docs`` and ``draft_docs`` patterns (gitignore style), one a line."""
    page: str | None = None
    """The page's file relative to ``docs_dir``; None when the host does not say."""
    meta: dict | None = field(default=None, compare=False)
    """The page's metadata as the host holds it (emptied for a private page)."""
    context: object | None = field(default=None, compare=False)
    """The host's rendering context (Zensical's preprocessor), for the page's title."""
    build: object | None = field(default=None, compare=False)
    """What stays the same object for one build of the host (Zensical's configuration)."""

    @property
    def root(self) -> str:
        """Where site paths start: docs_dir, or the vault itself when it lies elsewhere."""
        return self.docs_dir if _within(self.vault_dir, self.docs_dir) else self.vault_dir


def discover(md: Markdown, vault_option: str) -> Site:
    """The site of the page ``md`` renders: from Zensical's context, else from the current directory."""
    context = md.preprocessors[_CONTEXT] if _CONTEXT in md.preprocessors else None
    config = getattr(context, "config", None)
    if isinstance(config, Mapping) and isinstance(config.get("docs_dir"), str):
        project = str(config.get("root_dir") or os.getcwd())
        docs = os.path.join(project, config["docs_dir"])
        page = getattr(getattr(context, "page", None), "path", None)
        meta = getattr(getattr(context, "page", None), "meta", None)
        settings: Mapping = config
    else:
        project = os.getcwd()
        settings = _config_file(project)
        docs = os.path.join(project, str(settings.get("docs_dir") or "docs"))
        page, meta, context, config = None, None, None, None
    vault = os.path.join(project, vault_option) if vault_option else docs
    excluded = "\n".join(_patterns(settings.get(key)) for key in ("exclude_docs", "draft_docs")).strip()
    return Site(
        docs_dir=os.path.realpath(docs),
        vault_dir=os.path.realpath(vault),
        excluded=excluded,
        page=page.replace("\\", "/") if isinstance(page, str) else None,
        meta=meta if isinstance(meta, dict) else None,
        context=context,
        build=config,
    )


def _patterns(value: object) -> str:
    """Patterns one a line: MkDocs and Zensical take a multi-line text; a list counts too."""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(item) for item in value)
    return value if isinstance(value, str) else ""


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain settings: tags (``!ENV``, ``!!python/name:``) read as None."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _config_file(folder: str) -> Mapping:
    """The settings of the site's config file in ``folder`` (``{}`` if there is none or it does not parse)."""
    for name in CONFIG_FILES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8") as file:
                data = _read_toml(file.read()) if name.endswith(".toml") else yaml.load(file, Loader=_AnyTag)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
            _warn_once(f"{name} could not be read ({error}); the vault is taken to be 'docs'")
            return {}
        if isinstance(data, Mapping) and isinstance(data.get("project"), Mapping):
            data = data["project"]  # zensical.toml's settings are under [project]
        return data if isinstance(data, Mapping) else {}
    return {}


def _read_toml(text: str) -> Mapping:
    try:
        import tomllib  # noqa: PLC0415 - Python 3.11 and newer
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # noqa: PLC0415
        except ImportError:
            return {}
    return tomllib.loads(text)


# -- the vault -------------------------------------------------------------------------


Stamp = tuple[int, int, int]
"""What tells a file's version: modification time (ns), size, inode."""


@dataclass
class Vault:
    """The index of one vault, and what it was built from."""

    index: VaultIndex
    stamps: dict[str, Stamp | None]
    """Every visible file of the vault (absolute path) and its stamp when it was read."""
    notes: dict[str, Note]
    """The notes read (published or not), by absolute path, so that a re-scan reads only changed files."""
    withheld: set[str]
    """Site paths of the vault's files that are not published (private, excluded, unreadable, outside)."""
    build: object | None = None
    renderers: dict[Options, Renderer] = field(default_factory=dict)
    _texts: dict[str, Note | None] | None = None

    def renderer(self, options: Options) -> Renderer:
        if options not in self.renderers:
            self.renderers[options] = Renderer(self.index, options, _relative_url, cache=QuoteCache())
        return self.renderers[options]

    def note_with_text(self, text: str) -> Note | None | bool:
        """The note whose body (or whole text) ``text`` is: a Note, None for a private one,
        False for none. Notes of the same text: a private one wins, else the first path."""
        if self._texts is None:
            self._texts = {}
            shown = {note: note.published and note.site_path not in self.withheld for note in self.notes.values()}
            for note in sorted(self.notes.values(), key=lambda n: (shown[n], n.site_path)):
                for key in (_plain(note.body), _plain(note.text)):
                    self._texts.setdefault(key, note if shown[note] else None)
        return self._texts.get(_plain(text), False)


_VAULTS: dict[tuple[str, str, str], Vault] = {}
_LOCK = threading.Lock()


def vault_for(site: Site) -> Vault:
    """The vault's index, scanned again only when one of its files changed.

    Zensical keeps one configuration object for a build: the whole vault is checked once per
    build and then, for each page, only the page's own file (an edit, a new note). Without
    Zensical, the whole vault is checked at every page.
    """
    key = (site.vault_dir, site.root, site.excluded)
    with _LOCK:
        vault = _VAULTS.get(key)
        if vault is None or not _fresh(vault, site):
            vault = _VAULTS[key] = _scan(site, vault)
        if vault.build is not site.build:
            vault.build = site.build
            vault.renderers.clear()  # a new build may bring new options (a new slugify function)
        return vault


def _fresh(vault: Vault, site: Site) -> bool:
    if site.build is not None and vault.build is site.build and site.page is not None:
        path = os.path.join(site.docs_dir, site.page)
        if not _within(path, site.vault_dir) or vault.stamps.get(path, False) == _stamp(path):
            return True
    return _stamps(site.vault_dir) == vault.stamps


def _stamp(path: str) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _stamps(root: str) -> dict[str, Stamp | None]:
    return {path: _stamp(path) for path in _walk(root, [])}


def _walk(root: str, problems: list[str]) -> Iterator[str]:
    """The vault's visible files: no hidden file or folder (``.obsidian``, ``.trash``, ``.git``),
    symlinked folders followed only inside the vault and only once."""
    seen: set[str] = set()

    def folder_problem(error: OSError) -> None:
        problems.append(f"{_shown(error.filename, root)}: folder {os_error_reason(error)}: not published")

    for folder, dirs, names in os.walk(root, onerror=folder_problem, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen or not _within(real, root):
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield from (os.path.join(folder, name) for name in sorted(names) if not name.startswith("."))


def _scan(site: Site, previous: Vault | None) -> Vault:
    """Index the vault's files; reuses the notes of ``previous`` whose files did not change."""
    problems: list[str] = []
    notices: list[str] = []
    spec = pathspec.GitIgnoreSpec.from_lines(site.excluded.splitlines()) if site.excluded else None
    old = previous.notes if previous is not None else {}
    published: list[VaultFile] = []
    private: list[str] = []
    withheld: set[str] = set()
    stamps: dict[str, Stamp | None] = {}
    notes: dict[str, Note] = {}
    for path in _walk(site.vault_dir, problems):
        stamps[path] = stamp = _stamp(path)
        vault_path = _posix(os.path.relpath(path, site.vault_dir))
        site_path = _posix(os.path.relpath(path, site.root))
        outside = not _within(os.path.realpath(path), site.vault_dir)  # a symlink out of the vault: never read
        entry = None if outside else _vault_file(path, vault_path, site_path, stamp, old, problems)
        if isinstance(entry, Note):
            notes[path] = entry
        excluded = spec is not None and (spec.match_file(site_path) or spec.match_file(vault_path))
        if entry is None or excluded or not _public(entry, notices):
            private.append(vault_path)
            withheld.add(site_path)
        else:
            published.append(entry)
    index = VaultIndex(published, private)
    for line in problems:
        log.warning("%s", line)
    for line in notices + index.notices:
        log.info("%s", line)
    return Vault(index, stamps, notes, withheld)


def _vault_file(
    path: str, vault_path: str, site_path: str, stamp: Stamp | None, old: dict[str, Note], problems: list[str]
) -> VaultFile | None:
    """The file at ``path``; None (with a problem) for one that cannot be read or is not UTF-8:
    not knowing what a note says, it is treated as private."""
    problem = unreadable(path)
    if problem:
        problems.append(f"{site_path}: {problem}: not published")
        return None
    if not _is_page(path):
        return VaultFile(vault_path, site_path, path)
    cached = old.get(path)
    if cached is not None and stamp is not None and cached.mtime == stamp[0] and cached.site_path == site_path:
        return cached
    try:
        with open(path, "rb") as file:
            text = decode_text(file.read())
    except OSError as error:
        problems.append(f"{site_path}: {os_error_reason(error)}: not published")
        return None
    if isinstance(text, NotUtf8):
        problems.append(f"{site_path}:{text.line}: {text}: not published")
        return None
    return Note(vault_path, site_path, path, text=text, mtime=stamp[0] if stamp else 0.0)


def _public(entry: VaultFile, notices: list[str]) -> bool:
    if not isinstance(entry, Note) or entry.published:
        return True
    if entry.privacy.notice:
        where = f"{entry.site_path}:{entry.privacy.line}" if entry.privacy.line else entry.site_path
        notices.append(f"{where}: {entry.privacy.notice}")
    return False


def _is_page(path: str) -> bool:
    """Zensical renders ``.md`` files only; the other endings MkDocs reads are copied as files."""
    return path.lower().endswith(".md")


# -- the page --------------------------------------------------------------------------


class VaultPreprocessor(Preprocessor):
    """Replaces the page's lines with the renderer's Markdown; records its parts for the tree processor."""

    def __init__(self, md: Markdown, options: Mapping[str, Any], parts: dict[str, Part]) -> None:
        super().__init__(md)
        self.options = options
        self.parts = parts
        self.tree: object | None = None
        """Our tree processor: another one in its place means the MkDocs plugin renders the page."""
        self.rendered: tuple[Page, QuoteCache] | None = None
        """The page this Markdown renders, and the cache its quotes come from (``QuotePostprocessor``)."""

    def withhold_private_page(self) -> None:
        """Empty a private page's metadata before the page is converted: Python-Markdown runs no
        preprocessor for a page without text, whose frontmatter (title, description) would show."""
        _ensure_handler()
        site = discover(self.md, self.options["vault_dir"])
        if site.page is not None and _page_note(site, vault_for(site), None) is None:
            _withhold(site)
            log.info("%s: not published: the page is left empty", site.page)

    def run(self, lines: list[str]) -> list[str]:
        self.parts.clear()
        self.rendered = None
        _ensure_handler()
        if TREE not in self.md.treeprocessors or self.md.treeprocessors[TREE] is not self.tree:
            _warn_once(
                "the obsidian-embeds plugin renders this site's pages: remove obsidian_embeds from "
                "markdown_extensions (it is for Zensical and other tools that do not run MkDocs plugins)"
            )
            return lines
        site = discover(self.md, self.options["vault_dir"])
        _check_extensions(self.md)
        vault = vault_for(site)
        text = "\n".join(lines)
        note = _page_note(site, vault, text)
        if note is None:
            _withhold(site)
            return []
        body = None if _plain(text) in (_plain(note.body), _plain(note.text)) else text
        renderer = vault.renderer(self._render_options())
        markdown, page = renderer.render(note, body)
        self.parts.update(page.parts)
        if renderer.embeds.sources.cache is not None:
            self.rendered = (page, renderer.embeds.sources.cache)
        for problem in page.problems:
            log.warning("%s:%d: %s", note.site_path or "page", problem.line, problem.message)
        for notice in page.notices:
            log.info("%s:%d: %s", note.site_path or "page", notice.line, notice.message)
        return markdown.split("\n")

    def _render_options(self) -> Options:
        toc = next((ext for ext in self.md.registeredExtensions if isinstance(ext, TocExtension)), None)
        return Options(
            slugify=toc.getConfig("slugify") if toc is not None else default_slugify,
            slug_separator=toc.getConfig("separator") if toc is not None else "-",
            citation_excerpt=self.options["citation_excerpt"],
            max_depth=self.options["max_embed_depth"],
            max_chars=self.options["max_embed_chars"],
            max_embeds=self.options["max_embeds"],
            strict_line_breaks=self.options["strict_line_breaks"],
            previews=self.options["hover_previews"],
        )


class QuotePostprocessor(Postprocessor):
    """The page's HTML with the content it quotes from the build's cache filled in, and the
    content it rendered first kept there (engine/quote_cache.py)."""

    def __init__(self, md: Markdown, pages: VaultPreprocessor) -> None:
        super().__init__(md)
        self.pages = pages

    def run(self, text: str) -> str:
        """Also run on each heading's text by ``toc``, which holds no quote."""
        if self.pages.rendered is None:
            return text
        page, cache = self.pages.rendered
        return cache.take(text, page)


def _page_note(site: Site, vault: Vault, text: str | None) -> Note | None:
    """The page's note; None when the page must not show (a private note, an unreadable one,
    one whose file lies outside the vault, or an excluded one). ``text``: the page's text as
    the host gives it (None: as its file says); without the page's path, it is all there is."""
    if site.page is None:
        if text is None:
            return None
        found = vault.note_with_text(text)
        if found is not False:
            return found
        return _loose_note("", "", text)
    path = os.path.join(site.docs_dir, site.page)
    site_path = _posix(os.path.relpath(path, site.root))
    if _within(path, site.vault_dir):
        found = vault.index.by_site_path(site_path)
        published = isinstance(found, Note) and site_path not in vault.withheld
        return found if published and _within(os.path.realpath(path), site.vault_dir) else None
    try:
        with open(path, "rb") as file:
            own = decode_text(file.read())
    except OSError:
        return None
    return None if isinstance(own, NotUtf8) else _loose_note(site_path, path, own, text)


def _loose_note(site_path: str, path: str, own: str, text: str | None = None) -> Note | None:
    """A page outside the vault (its lines are not changed by the vault's line break rule),
    private when its own frontmatter says so."""
    note = Note(site_path, site_path, path, text=own, in_vault=False)
    if not note.published:
        return None
    if text is not None and _plain(text) not in (_plain(note.body), _plain(note.text)):
        return Note(site_path, site_path, path, text=text, in_vault=False)
    return note


def _withhold(site: Site) -> None:
    """A private page shows nothing: no text, no frontmatter (title, tags, description), no
    search entry. The host still publishes the page itself (Zensical publishes every ``.md``)."""
    if site.meta is not None:
        site.meta.clear()
        site.meta["search"] = {"exclude": True}
    page = getattr(site.context, "page", None)
    if page is not None and hasattr(page, "title"):
        try:
            page.title = "Not published"
        except AttributeError:  # a host whose title cannot be set
            pass


def _check_extensions(md: Markdown) -> None:
    registries = {
        "treeprocessors": md.treeprocessors,
        "blockprocessors": md.parser.blockprocessors,
        "inlinePatterns": md.inlinePatterns,
    }
    missing = [name for name, (registry, item) in REQUIRED.items() if item not in registries[registry]]
    if missing:
        _warn_once(
            "the site's markdown_extensions lack what the embeds, callouts and footnotes need: "
            + ", ".join(missing)
        )


# -- helpers ---------------------------------------------------------------------------


def _relative_url(target: VaultFile, host: Note) -> str:
    """A file's address in raw HTML (audio, video, PDF), relative to the page's source file:
    Zensical rewrites relative addresses in raw HTML as it does links."""
    return quote(relative_path(target.site_path, posixpath.dirname(host.site_path)), safe="/")


def _plain(text: str) -> str:
    """``text`` as compared with a note's: LF line endings, no BOM, no blank lines around it."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def _posix(path: str) -> str:
    return Path(path).as_posix()


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _shown(path: object, root: str) -> str:
    return _posix(os.path.relpath(str(path), root)) if isinstance(path, str) else str(path)


def _ensure_handler() -> None:
    """Zensical sets up no logging, and Python alone prints only a warning's bare text: when
    nothing else handles the messages, they go to stderr as ``WARNING - obsidian_embeds: ...``."""
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - obsidian_embeds: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    """Options are read again for every page (the host makes a Markdown per page): say it once."""
    if message not in _WARNED:
        _WARNED.add(message)
        _ensure_handler()
        log.warning("%s", message)
