"""Every ``^id`` placement of SPEC §3 gives its block's element ``id="^id"`` and disappears."""

from __future__ import annotations

import re

from conftest import text_of

SOURCE = "\n".join(
    [
        "# Blocks",
        "",
        "A paragraph that ends with an id. ^para-end",
        "",
        "- first item ^item-one",
        "\t- nested child",
        "- second item",
        "",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "",
        "^table-after-blank",
        "",
        "| c | d |",
        "|---|---|",
        "| 3 | 4 |",
        "^table-glued",
        "",
        "- x",
        "- y",
        "",
        "^whole-list",
        "",
        "> a quote",
        "> over two lines",
        "^lazy-quote",
        "",
        "> [!tip] A callout",
        "> with a body",
        "",
        "^after-callout",
        "",
        "A paragraph before an own-line id.",
        "",
        "^own-line-para",
        "",
        "![[pic.png]]^glued-embed",
        "",
        "1. ordered ^ordered-item",
        "2. two",
        "",
        "Text with a caret^notanid and x ^ y stays.",
    ]
)

EXPECTED = {
    "para-end": "p",
    "item-one": "li",
    "table-after-blank": "table",
    "table-glued": "table",
    "whole-list": "ul",
    "lazy-quote": "blockquote",
    "after-callout": "div",
    "own-line-para": "p",
    "glued-embed": "p",
    "ordered-item": "li",
}


def _ids(html: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r'<(\w+)[^>]*\bid="\^([^"]+)"', html)}


def test_every_placement_names_its_element(site_builder):
    links = " ".join(f"[[Blocks#^{block}]]" for block in EXPECTED)
    site = site_builder(
        {"Blocks.md": SOURCE, "index.md": links, "pic.png": b"\x89PNG\r\n\x1a\n"},
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.note_content("Blocks")
    assert _ids(html) == EXPECTED
    visible = text_of(html)
    assert not re.search(r"\^[a-z]+-[a-z]", visible)
    assert "caret^notanid and x ^ y stays." in visible
    assert '<div class="admonition tip" id="^after-callout">' in html
    item = html[html.index('id="^item-one"') :]
    assert item.index("nested child") < item.index("</li>\n<li>second item")
    for block in EXPECTED:
        assert f'href="Blocks/#^{block}"' in site.content("index")


def test_mkdocs_anchor_validation_sees_block_ids(site_builder):
    site = site_builder(
        {"index.md": "[ok](Blocks.md#^para-end) [bad](Blocks.md#^absent)", "Blocks.md": SOURCE, "pic.png": b""},
    )
    relevant = [w for w in site.warnings if "anchor" in w]
    assert len(relevant) == 1
    assert "#^absent" in relevant[0]


def test_untitled_callout_keeps_its_type_as_title(site_builder):
    site = site_builder({"index.md": "> [!warning]\n> careful\n^warn-id\n"})
    html = site.content("index")
    assert '<div class="admonition warning" id="^warn-id">' in html
    assert '<p class="admonition-title">Warning</p>' in html


def test_ids_survive_bom_crlf_and_mis_decoded_text(site_builder):
    text = "\ufeff---\r\ntags: [x]\r\n---\r\n\r\nitâ€™s a paragraph ^odd-bytes\r\n\r\n- item ^crlf-item\r\n"
    site = site_builder({"index.md": "[[Odd#^odd-bytes]] [[Odd#^crlf-item]]", "Odd.md": text}, strict=True)
    assert site.aborted is None, site.warnings
    html = site.content("Odd")
    assert '<p id="^odd-bytes">itâ€™s a paragraph</p>' in html
    assert '<li id="^crlf-item">item</li>' in html


def test_an_id_after_raw_html_or_code_names_that_block(site_builder):
    site = site_builder(
        {
            "Video.md": '# Video\n\n<iframe src="https://example.com/v"></iframe>\n\n^clip\n\n```python\nprint(1)\n```\n^code\n\nafter\n',
            "index.md": "# Host\n\n![[Video#^clip]]\n\n[[Video#^clip|link]] [[Video#^code|code]]\n\n![[Video#^code]]\n",
        },
        strict=True,
    )
    assert site.aborted is None and site.warnings == [w for w in site.warnings if "obsidian-embeds:" not in w]
    source = site.content("Video")
    assert '<div id="^clip"><iframe src="https://example.com/v"></iframe>' in source
    assert '<div id="^code"><pre><code class="language-python">print(1)' in source
    assert "^clip" not in source.replace('id="^clip"', "") and "<p>after</p>" in source
    host = site.note_content("index")
    assert host.count('class="obsidian-embed obsidian-embed--block"') == 2 and "print(1)" in host
    assert '<a href="Video/#^clip">link</a>' in host
