"""Golden files: vault in, HTML out. A small vault rendered by the engine and Python-Markdown
(the extensions the plugin enables, and its own), without MkDocs: the HTML a reader gets, before
MkDocs rewrites the ``.md`` links to URLs.

Set UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

import markdown
from markdown.extensions.toc import slugify

from mkdocs_obsidian_embeds.extension.processors import ObsidianExtension
from mkdocs_obsidian_embeds.plugin.plugin import EXTENSIONS
from mkdocs_obsidian_embeds.engine.render import Options, Renderer
from mkdocs_obsidian_embeds.engine.vault import Note, VaultFile, VaultIndex

GOLDEN = Path(__file__).parent / "golden" / "render"


def _index() -> VaultIndex:
    files = []
    for path in sorted((GOLDEN / "vault").rglob("*.md")):
        rel = path.relative_to(GOLDEN / "vault").as_posix()
        files.append(Note(rel, rel, str(path), text=path.read_text(encoding="utf-8")))
    return VaultIndex(files)


def _relative_url(target: VaultFile, host: Note) -> str:
    return posixpath.relpath(target.site_path, posixpath.dirname(host.site_path) or ".")


@pytest.mark.parametrize("name", ["Host.md", "Source.md"])
def test_rendered_html_matches_golden(name):
    index = _index()
    renderer = Renderer(index, Options(slugify=slugify), _relative_url)
    text, page = renderer.render(index.get(name))
    html = markdown.Markdown(extensions=[*EXTENSIONS, ObsidianExtension(parts=page.parts)]).convert(text)
    expected = GOLDEN / f"{name[:-3]}.expected.html"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html + "\n", encoding="utf-8")
    assert html + "\n" == expected.read_text(encoding="utf-8")
    assert page.problems == []
