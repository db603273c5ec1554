"""Search indexes a quoted passage on the page it comes from, not on every page quoting it."""

from __future__ import annotations

import json

import pytest

from mkdocs_obsidian_embeds.engine.quoted import split_quoted_text, with_quoted_text

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


def test_material_search_still_cleans_pages_that_quote(site_builder):
    files = {**FILES, "index.md": FILES["index.md"] + "\n## Hidden part { data-search-exclude=\"1\" }\n\nHOST-HIDDEN text\n"}
    site = site_builder(files, {"theme": {"name": "material"}, "plugins": ["material/search", "obsidian-embeds"]})
    assert site.warnings == []
    assert "HOST-HIDDEN" not in _entries(site, "") and "HOST-TAIL" in _entries(site, "")
    page = site.content("index")
    assert "data-search-exclude" not in page  # Material removes its attributes from the page
    assert "HOST-HIDDEN" in page and "QUOTED-PARAGRAPH" in page and "obsidian-embeds:quoted" not in page


def test_quoted_text_can_be_indexed_on_the_quoting_page(site_builder):
    site = site_builder(FILES, {"plugins": ["search", {"obsidian-embeds": {"search_quoted_text": True}}]})
    home = _entries(site, "")
    assert "QUOTED-PARAGRAPH" in home and "QUOTED-SECTION" in home and "DEEP-NOTE" in home


CONTENT = '<div class="obsidian-embed__content">'
SOURCE = '<div class="obsidian-embed__source"><a href="x">Src</a></div>'


def _embed(body: str) -> str:
    return f'<div class="obsidian-embed obsidian-embed--block">{CONTENT}{body}</div>{SOURCE}</div>'


def test_split_quoted_text_keeps_everything_but_the_quotes_and_splices_them_back():
    inner = _embed("<div><p>inner</p></div>")
    html = f"<p>a</p>{_embed('<p>q</p>' + inner)}<p>b</p>{_embed('<p>r</p>')}<p>c</p>"
    searchable, quoted = split_quoted_text(html)
    frame = '<div class="obsidian-embed obsidian-embed--block">{}' + SOURCE + "</div>"
    assert searchable == (
        "<p>a</p>" + frame.format("<!--obsidian-embeds:quoted:0-->") + "<p>b</p>"
        + frame.format("<!--obsidian-embeds:quoted:1-->") + "<p>c</p>"
    )
    assert quoted == [f"{CONTENT}<p>q</p>{inner}</div>", f"{CONTENT}<p>r</p></div>"]
    assert with_quoted_text(searchable, quoted) == html
    changed = searchable.replace("<p>b</p>", "<p>B</p>")  # what a search plugin may do to the page
    assert with_quoted_text(changed, quoted) == html.replace("<p>b</p>", "<p>B</p>")


def test_a_lost_placeholder_is_reported_rather_than_spliced_wrongly():
    searchable, quoted = split_quoted_text(f"<p>a</p>{_embed('<p>q</p>')}{_embed('<p>r</p>')}")
    assert with_quoted_text(searchable.replace("<!--obsidian-embeds:quoted:1-->", ""), quoted) is None


def test_split_quoted_text_leaves_a_page_without_embeds_alone():
    html = "<p>no embeds, a <code>&lt;div</code> and a stray </div></p>"
    searchable, quoted = split_quoted_text(html)
    assert searchable is html and quoted == []


def test_unbalanced_raw_html_in_a_quote_only_shifts_the_cut():
    searchable, quoted = split_quoted_text(f"<p>a</p>{_embed('<p>q</p></div><p>leak</p>')}<p>b</p>")
    assert searchable.startswith("<p>a</p>") and "<p>q</p>" not in searchable and "<p>b</p>" in searchable
    unclosed = f"<p>a</p>{CONTENT}<div><p>q</p>"
    searchable, quoted = split_quoted_text(unclosed)
    assert searchable == "<p>a</p><!--obsidian-embeds:quoted:0-->"
    assert with_quoted_text(searchable, quoted) == unclosed
