"""A note reads on the site as in Obsidian's reading view (SPEC.md), case by case."""

from __future__ import annotations

import re

import pytest
from conftest import text_of


@pytest.mark.parametrize(
    ("marker", "indent"),
    [("-", "\t"), ("-", "    "), ("-", "  "), ("*", "  "), ("1.", "\t"), ("1.", "    "), ("1.", "   "), ("10.", "\t")],
)
def test_a_callout_right_after_a_list_items_text_is_inside_the_item(site_builder, marker, indent):
    note = (
        f"# Lists\n\n{marker} An item that holds a callout:\n{indent}> [!tip] Inside the list\n"
        f"{indent}> Callout body with [[Other]].\n{marker} The next item.\n\nAfter the list.\n"
    )
    site = site_builder({"index.md": note, "Other.md": "# Other\n"})
    html = site.note_content("index")
    assert "!!!" not in html and "[!tip]" not in html
    item = re.search(r"<li>(.*?)</li>", html, re.DOTALL).group(1)
    assert 'class="admonition tip"' in item and "Inside the list" in item and '<a href="Other/">Other</a>' in item
    assert html.count("<li>") == 2 and "The next item." in html.split("</li>")[1]
    assert "<p>After the list.</p>" in html
    assert site.plugin_warnings() == []


def test_frontmatter_that_is_not_yaml_is_hidden_and_lines_stay_exact(site_builder):
    note = "---\ntitle: {{title}}\ncreated: <% tp.date.now() %>\ntags: [a, b\n---\n# Template\n\nBody [[Missing]].\n"
    site = site_builder({"index.md": note})
    html = site.content("index")
    assert "tp.date" not in html and "<hr" not in html and "Body" in html
    assert site.plugin_warnings() == ["obsidian-embeds: index.md:8: unresolved link '[[Missing]]': no such note or file"]


def test_markdown_links_mean_what_markdown_says(site_builder):
    site = site_builder(
        {
            "index.md": "# Home\n\n[git repo](github repo for the theme) [same](#view.js) [note](github) "
            "[titled](github \"T\") [angle](<github>)\n\n### view.js\n\ntext\n",
            "github.md": "# Github\n",
        }
    )
    html = site.note_content("index")
    assert '<a href="github repo for the theme">git repo</a>' in html
    assert '<a href="#viewjs">same</a>' in html and '<h3 id="viewjs">view.js</h3>' in html
    assert '<a href="github/">note</a>' in html and '<a href="github/" title="T">titled</a>' in html
    assert '<a href="github/">angle</a>' in html


@pytest.mark.parametrize("strict", [False, True])
def test_an_embedded_block_breaks_lines_as_its_own_page_does(site_builder, strict):
    site = site_builder(
        {"index.md": "# Home\n\n![[Source#^id]]\n", "Source.md": "# Source\n\nline one\nline two ^id\n"},
        {"plugins": [{"obsidian-embeds": {"strict_line_breaks": strict}}]},
    )
    own = re.search(r'<p id="\^id">(.*?)</p>', site.content("Source"), re.DOTALL).group(1)
    quoted = re.search(r'<p data-block-id="\^id">(.*?)</p>', site.content("index"), re.DOTALL).group(1)
    assert own == quoted and ("<br />" in own) is not strict


def test_a_private_embed_says_only_that_it_is_not_published(site_builder):
    site = site_builder(
        {
            "index.md": "# Home\n\n![[Diary of Mr X]]\n\n![[Diary of Mr X#^b|shown]]\n\nEND\n",
            "Diary of Mr X.md": "---\npublish: false\n---\nSECRET ^b\n",
        }
    )
    html = site.content("index")
    assert "Diary" not in html and "SECRET" not in html
    assert html.count('<span class="obsidian-unresolved obsidian-embed--private" title="Not published">'
                      "This content is not published.</span>") == 2
    assert "<p>END</p>" in html
    assert len(site.plugin_warnings()) == 2


def test_a_callout_indented_less_than_a_list_items_content_follows_the_list(site_builder):
    site = site_builder({"index.md": "# Lists\n\n1. An item\n  > [!tip] After the list\n  > Body.\n\nEnd.\n"})
    html = site.content("index")
    assert "!!!" not in html and "[!tip]" not in html
    assert re.search(r"<li>An item</li>\s*</ol>\s*<div class=\"admonition tip\">", html)
    assert "<p>End.</p>" in html


def test_an_embed_in_a_table_cell_stays_in_its_cell_and_the_table_keeps_its_rows(site_builder):
    site = site_builder(
        {
            "index.md": "# T\n\n| a | b |\n|---|---|\n| x | ![[Other#^b2]] |\n| y | ![[Other#Sec]] and [[Other]] |\n"
            "| z | ![[Nope]] |\n| w | plain |\n\nafter\n",
            "Other.md": "a one\na **two** ^b2\n\n## Sec\n\nsec `text` \\| pipe\n",
        }
    )
    html = site.note_content("index")
    assert html.count("<tr>") == 5 and "|" not in text_of(html.split("<table>")[0] + html.split("</table>")[1])
    cells = re.findall(r"<td>(.*?)</td>", html, re.DOTALL)
    assert cells[1] == ('<span class="obsidian-embed obsidian-embed--inline"><span class="obsidian-embed__content">'
                        'a one a two</span> <span class="obsidian-embed__source"><a href="Other/#^b2">Other</a></span></span>')
    assert "sec text | pipe</span>" in cells[3] and "Other &gt; Sec</a>" in cells[3] and '<a href="Other/">Other</a>' in cells[3]
    assert "“Nope” could not be found." in cells[5] and cells[7] == "plain"
    assert "<p>after</p>" in html
    assert [w.split(": ", 2)[2] for w in site.plugin_warnings()] == ["unresolved embed '![[Nope]]': no such note or file"]


def test_a_wikilink_whose_text_is_code_is_a_link_with_code(site_builder):
    site = site_builder(
        {
            "index.md": "# Home\n\nSee [[Functions#hasTag|`hasTag`]], [[#`move`|move]] and `[[not a link]]`.\n\n## `move`\n",
            "Functions.md": "# Functions\n\n## `hasTag()`\n",
        }
    )
    html = site.note_content("index")
    assert '<a href="Functions/#hastag"><code>hasTag</code></a>' in html
    assert '<a href="#move">move</a>' in html
    assert "<code>[[not a link]]</code>" in html
    assert site.plugin_warnings() == []
