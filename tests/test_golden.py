"""Golden files: the engine's whole Markdown output for a small vault, without MkDocs.

Set UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

from mkdocs_obsidian_embeds.render import Options, Renderer
from mkdocs_obsidian_embeds.vault import Note, VaultFile, VaultIndex
from markdown.extensions.toc import slugify
from tests.conftest import numbered_parts

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
def test_rendered_markdown_matches_golden(name):
    index = _index()
    renderer = Renderer(index, Options(slugify=slugify), _relative_url)
    text, page = renderer.render(index.get(name))
    text = _with_parts(text, page)
    expected = GOLDEN / f"{name[:-3]}.expected.md"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert page.problems == []


def _with_parts(text: str, page) -> str:
    """The text with each part's key replaced by its number on the page (the key holds a
    process id), and the parts listed at the end, so that the golden file shows them."""
    lines = [f"part-{number}: {part!r}" for number, part in enumerate(page.parts.values())]
    return numbered_parts(text, page) + ("\n\n<!-- parts\n" + "\n".join(lines) + "\n-->\n" if lines else "")
