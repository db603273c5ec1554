"""Hover previews: every link the plugin writes to a note carries Material's ``data-preview``."""

from __future__ import annotations

import re

import markdown

from mkdocs_obsidian_embeds.extension import ObsidianEmbedsExtension

VAULT = {
    "Source.md": "# Source\n\n## Part\n\nA block. ^b\n\nAnother. ^c\n",
    "file.pdf": b"%PDF-1.4\n",
    "index.md": (
        "# Home\n\n"
        "A [[Source]], a [[Source#Part|heading]] and a [[Source#^b|block]] link; a [[file.pdf]].\n\n"
        "![[Source#^b]]\n\n"
        "![[Source#Part]]\n\n"
        "| cell |\n| --- |\n| ![[Source#^c]] |\n\n"
        "Cited.[^1]\n\n"
        "[^1]: [[Source#^c]]\n"
    ),
}


def _links(html: str) -> dict[str, list[str]]:
    """Each link's href, to the attributes of its tag."""
    found: dict[str, list[str]] = {}
    for tag in re.findall(r"<a [^>]*>", html):
        href = re.search(r'href="([^"]*)"', tag)
        if href:
            found.setdefault(href.group(1), []).append(tag)
    return found


def test_every_kind_of_link_to_a_note_carries_data_preview(site_builder):
    site = site_builder(VAULT, {"validation": {"links": {"anchors": "warn"}}}, strict=True)
    assert site.aborted is None, site.warnings
    links = _links(site.content("index"))
    kinds = {
        "Source/": 1,  # the wikilink to the note
        "Source/#part": 2,  # the heading link and the heading embed's source line
        "Source/#^b": 2,  # the block link and the block embed's source line
        "Source/#^c": 2,  # the embed in a table cell and the citation
    }
    for href, count in kinds.items():
        tags = links.get(href, [])
        assert len(tags) == count, (href, tags)
        assert all('data-preview=""' in tag for tag in tags), tags
    assert all("data-preview" not in tag for tag in links["file.pdf"])  # a file: nothing to preview
    assert all("data-preview" not in tag for tag in links.get("#fn:1", []) + links.get("#fnref:1", []))


def test_the_option_turns_them_off(site_builder):
    site = site_builder(VAULT, {"plugins": [{"obsidian-embeds": {"hover_previews": False}}]})
    assert "data-preview" not in site.all_output()
    assert 'href="Source/#^b"' in site.content("index")


def test_the_markdown_extension_writes_them_too_and_takes_the_option(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    for name, text in VAULT.items():
        path = tmp_path / "docs" / name
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    extensions = ["toc", "tables", "footnotes", "attr_list", "md_in_html", "admonition"]
    page = VAULT["index.md"]
    on = markdown.markdown(page, extensions=[*extensions, ObsidianEmbedsExtension()])
    off = markdown.markdown(page, extensions=[*extensions, ObsidianEmbedsExtension(hover_previews=False)])
    assert on.count('data-preview=""') == 7 and "obsidian-mention-" not in on
    assert "data-preview" not in off and off.count("<a ") == on.count("<a ")
