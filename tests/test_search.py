"""Search indexes a quoted passage on the page it comes from, not on every page quoting it."""

from __future__ import annotations

import json

import pytest

from mkdocs_obsidian_embeds.quoted import without_quoted_text

FILES = {
    "index.md": "# Home\n\nHOST-OWN-TEXT before.\n\n![[Source#^q1]]\n\n- item\n    ![[Source#Part]]\n\nHOST-TAIL after.\n",
    "Source.md": "# Source\n\nQUOTED-PARAGRAPH here ^q1\n\n## Part\n\nQUOTED-SECTION text with ![[Deep]]\n",
    "Deep.md": "DEEP-NOTE body\n",
}


def _entries(site, page: str) -> str:
    """The text and titles the search index holds for ``page`` (its location prefix)."""
    docs = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return "\n".join(f"{d['title']}\n{d['text']}" for d in docs if d["location"].split("#")[0] == page)


@pytest.mark.parametrize(
    ("theme", "search"),
    [("mkdocs", "search"), ("material", "material/search")],
)
def test_quoted_text_is_indexed_on_its_source_only(site_builder, theme, search):
    site = site_builder(FILES, {"theme": {"name": theme}, "plugins": [search, "obsidian-embeds"]})
    assert site.warnings == []
    home, source, deep = _entries(site, ""), _entries(site, "Source/"), _entries(site, "Deep/")
    assert "HOST-OWN-TEXT" in home and "HOST-TAIL" in home
    assert "Source" in home  # the caption saying where each quote comes from
    assert "QUOTED" not in home and "DEEP-NOTE" not in home
    assert "QUOTED-PARAGRAPH" in source and "QUOTED-SECTION" in source and "DEEP-NOTE" not in source
    assert "DEEP-NOTE" in deep
    page = site.content("index")  # the page itself still shows everything it quotes
    for text in ("QUOTED-PARAGRAPH", "QUOTED-SECTION", "DEEP-NOTE", "HOST-TAIL"):
        assert text in page


def test_quoted_text_can_be_indexed_on_the_quoting_page(site_builder):
    site = site_builder(FILES, {"plugins": ["search", {"obsidian-embeds": {"search_quoted_text": True}}]})
    home = _entries(site, "")
    assert "QUOTED-PARAGRAPH" in home and "QUOTED-SECTION" in home and "DEEP-NOTE" in home


CONTENT = '<div class="obsidian-embed__content">'
SOURCE = '<div class="obsidian-embed__source"><a href="x">Src</a></div>'


def _embed(body: str) -> str:
    return f'<div class="obsidian-embed obsidian-embed--block">{CONTENT}{body}</div>{SOURCE}</div>'


def test_without_quoted_text_keeps_everything_but_the_quotes():
    html = f"<p>a</p>{_embed('<p>q</p>' + _embed('<div><p>inner</p></div>'))}<p>b</p>{_embed('<p>r</p>')}<p>c</p>"
    empty = '<div class="obsidian-embed obsidian-embed--block">' + SOURCE + "</div>"
    assert without_quoted_text(html) == f"<p>a</p>{empty}<p>b</p>{empty}<p>c</p>"


def test_without_quoted_text_returns_a_page_without_embeds_unchanged():
    html = "<p>no embeds, a <code>&lt;div</code> and a stray </div></p>"
    assert without_quoted_text(html) is html


def test_unbalanced_raw_html_in_a_quote_only_shifts_the_cut():
    html = f"<p>a</p>{_embed('<p>q</p></div><p>leak</p>')}<p>b</p>"
    assert without_quoted_text(html).startswith("<p>a</p>") and "<p>q</p>" not in without_quoted_text(html)
    unclosed = f"<p>a</p>{CONTENT}<div><p>q</p>"
    assert without_quoted_text(unclosed) == "<p>a</p>"
