"""Golden files: the engine's whole Markdown output for a small vault, without MkDocs.

Set UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
An embed's source link travels hex-encoded in its opening marker; the expected files show it
decoded (``href=... caption=...``) so that they stay readable.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest

from mkdocs_obsidian_embeds.markers import EMBED_OPEN, EMBED_OPEN_RE, FIELD_END, embed_fields
from mkdocs_obsidian_embeds.render import Options, Renderer
from mkdocs_obsidian_embeds.vault import Note, VaultFile, VaultIndex
from markdown.extensions.toc import slugify

GOLDEN = Path(__file__).parent / "golden" / "render"


def _index() -> VaultIndex:
    files = []
    for path in sorted((GOLDEN / "vault").rglob("*.md")):
        rel = path.relative_to(GOLDEN / "vault").as_posix()
        files.append(Note(rel, rel, str(path), text=path.read_text(encoding="utf-8")))
    return VaultIndex(files)


def _readable(text: str) -> str:
    def decode(m) -> str:
        kind, block_id, href, caption = embed_fields(m)
        return f"{EMBED_OPEN}{kind}:{block_id}: href={href} caption={caption}{FIELD_END}"

    return EMBED_OPEN_RE.sub(decode, text)


def _relative_url(target: VaultFile, host: Note) -> str:
    return posixpath.relpath(target.site_path, posixpath.dirname(host.site_path) or ".")


@pytest.mark.parametrize("name", ["Host.md", "Source.md"])
def test_rendered_markdown_matches_golden(name):
    index = _index()
    renderer = Renderer(index, Options(slugify=slugify), _relative_url)
    text, page = renderer.render(index.get(name))
    text = _readable(text)
    expected = GOLDEN / f"{name[:-3]}.expected.md"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert page.problems == []
