"""Build real MkDocs sites into ``tmp_path`` and look at their HTML and their log."""

from __future__ import annotations

import html
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "obsidian-help-en"


@dataclass
class Site:
    root: Path
    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    aborted: str | None = None
    plugin: object | None = None
    """The build's obsidian-embeds plugin instance, for tests that look at what it recorded."""

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def html(self, page: str) -> str:
        """The HTML of a built page, e.g. ``html("folder/Note")`` or ``html("index")``."""
        path = self.site_dir / ("index.html" if page in ("", "index") else f"{page}/index.html")
        return path.read_text(encoding="utf-8")

    def content(self, page: str) -> str:
        """The page's main content only (between the theme's content markers)."""
        text = self.html(page)
        for start, end in (('<div class="md-content"', '<footer'), ('role="main">', "<footer")):
            if start in text:
                return text[text.index(start) : text.index(end, text.index(start))]
        return text

    def note_content(self, page: str) -> str:
        """The page's content as its note renders it, for tests of something else than hover
        previews and linked mentions: without the linked mentions section, and links without
        the ``data-preview`` and mention ``id`` attributes those two add."""
        return without_link_extras(self.content(page))

    def all_output(self) -> str:
        """Every text file the build wrote, concatenated (HTML, search index, sitemap...)."""
        chunks = []
        for path in sorted(self.site_dir.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js", ".txt", ".md"}:
                chunks.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(chunks)

    def plugin_warnings(self) -> list[str]:
        return [w for w in self.warnings if w.startswith("obsidian-embeds:")]


class _Capture(logging.Handler):
    def __init__(self, site: Site) -> None:
        super().__init__(logging.INFO)
        self.site = site

    def emit(self, record: logging.LogRecord) -> None:
        target = self.site.warnings if record.levelno >= logging.WARNING else self.site.infos
        target.append(record.getMessage())


def make_site(
    root: Path,
    files: dict[str, str | bytes],
    config: dict | None = None,
    *,
    strict: bool = False,
    theme: str = "mkdocs",
    plugins: tuple = (),
) -> Site:
    """Write ``files`` under ``root/docs`` and build them with MkDocs' own API; ``plugins``:
    plugin instances added to the site's after its config loads."""
    docs = root / "docs"
    for name, content in files.items():
        path = root / name if name.startswith("../") or name.startswith("/") else docs / name
        path = path.resolve() if name.startswith("../") else path
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    docs.mkdir(parents=True, exist_ok=True)
    settings = {
        "site_name": "Test",
        "theme": {"name": theme},
        "plugins": ["obsidian-embeds"],
        "validation": {"links": {"anchors": "warn"}},
    }
    settings.update(config or {})
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return build_config(root, config_file, strict=strict, plugins=plugins)


@contextmanager
def captured_log(site: Site) -> Iterator[Site]:
    """MkDocs' messages (info and up) of what runs inside, into ``site.warnings`` and ``site.infos``."""
    handler = _Capture(site)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield site
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def build_config(root: Path, config_file: Path, *, strict: bool = False, plugins: tuple = ()) -> Site:
    site = Site(root)
    with captured_log(site):
        cfg = load_config(str(config_file), strict=strict, site_dir=str(root / "site"))
        for number, extra in enumerate(plugins):
            cfg.plugins[f"extra-{number}"] = extra
        site.plugin = cfg.plugins.get("obsidian-embeds")
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        except Abort as error:
            site.aborted = str(error)
        finally:
            cfg.plugins.on_shutdown()
    return site


@pytest.fixture
def site_builder(tmp_path: Path):
    def _build(files: dict[str, str | bytes], config: dict | None = None, **kwargs) -> Site:
        return make_site(tmp_path, files, config, **kwargs)

    return _build


_MENTIONS_SECTION = re.compile(r'<section class="obsidian-mentions".*?</section>', re.S)
_LINK_EXTRAS = re.compile(r' data-preview=""| id="obsidian-mention-\d+"|<span id="obsidian-mention-\d+"></span>')


def without_link_extras(html: str) -> str:
    """``html`` without the linked mentions section and without the links' ``data-preview`` and
    mention ``id`` attributes (what ``hover_previews`` and ``linked_mentions`` add)."""
    return _LINK_EXTRAS.sub("", _MENTIONS_SECTION.sub("", html))


def text_of(html: str) -> str:
    """Visible text of an HTML fragment, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float) -> bool:
    """Poll ``predicate`` until it is true (network errors count as not yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@contextmanager
def serving(config_file: Path, log: Path) -> Iterator[str]:
    """``python -m mkdocs serve -f config_file`` on a free port; yields its base URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "-a", f"127.0.0.1:{port}"],
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        if not wait_for(lambda: get(base), 60):
            raise AssertionError(f"mkdocs serve did not answer:\n{log.read_text()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)

_UNSEEN = re.compile(r"<!--.*?-->|<(pre|script|style|textarea)\b[^>]*>.*?</\1>", re.S | re.I)
_INLINE_CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_RAW_SYNTAX = re.compile(r"!?\[\[[^\]\n]{0,100}(?:\]\])?|%%|(?:^|(?<=\s))\^[A-Za-z0-9_-]+(?=[ \t]*$)", re.M)


def raw_obsidian_syntax(site_dir: Path) -> set[tuple[str, str]]:
    """``(page, text)`` for each ``[[``, ``![[``, ``%%`` or ``^id`` ending a text that a reader of
    the built site sees: code blocks, HTML comments, scripts and attribute values are left out, and
    inline code reads as ``…`` (so a wikilink holding code shows as ``[[Note|`…`]]``)."""
    found = set()
    for path in site_dir.rglob("*.html"):
        page = _UNSEEN.sub(" ", path.read_text(encoding="utf-8"))
        text = html.unescape(_TAG.sub("\n", _INLINE_CODE.sub("`…`", page)))
        page_name = path.relative_to(site_dir).as_posix()
        found.update((page_name, m.group()) for m in _RAW_SYNTAX.finditer(text))
    return found
