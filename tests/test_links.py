"""Wikilinks, footnote links, highlights and comments, built into real sites."""

from __future__ import annotations

import re

from conftest import text_of

SOURCE = """---
aliases: [Src alias]
alias: Legacy name
---
# Source Note

Intro paragraph. ^intro

## Setup

### Details

Text.

## How large can each remote vault be?

## `hasTag()`
"""


def test_every_wikilink_form_becomes_a_link_mkdocs_validates(site_builder):
    site = site_builder(
        {
            "index.md": "\n".join(
                [
                    "# Home",
                    "",
                    "a [[Source]] b [[Source|shown]] c [[Source.md]] d [[notes/Source]]",
                    "",
                    "e [[Source#Setup]] f [[Source#Setup#Details]] g [[#Local heading]] h [[Source#^intro]]",
                    "",
                    "i [[#^here]] j [[paper.pdf]] k [[source]] l [[Src alias]] m [[Legacy name]]",
                    "",
                    "n [[ Source ]] o [[Source#How large can each remote vault be]] p [[Source#hasTag]]",
                    "",
                    "## Local heading",
                    "",
                    "Local block. ^here",
                ]
            ),
            "notes/Source.md": SOURCE,
            "files/paper.pdf": b"%PDF-1.4\n",
        },
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.note_content("index")
    hrefs = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert ("notes/Source/", "Source") in hrefs
    assert ("notes/Source/", "shown") in hrefs
    assert ("notes/Source/#setup", "Source &gt; Setup") in hrefs
    assert ("notes/Source/#details", "Source &gt; Setup &gt; Details") in hrefs
    assert ("#local-heading", "Local heading") in hrefs
    assert ("notes/Source/#^intro", "Source &gt; ^intro") in hrefs
    assert ("#^here", "Source") not in hrefs
    assert any(href == "#^here" for href, _ in hrefs)
    assert ("files/paper.pdf", "paper.pdf") in hrefs
    assert ("notes/Source/#how-large-can-each-remote-vault-be", "Source &gt; How large can each remote vault be") in hrefs
    assert ("notes/Source/#hastag", "Source &gt; hasTag") in hrefs
    assert [h for h, _ in hrefs].count("notes/Source/") == 8  # a, b, c, d, k, l, m, n
    assert [t for h, t in hrefs if h == "notes/Source/"] == [  # the text as typed (SPEC 1b)
        "Source", "shown", "Source.md", "notes/Source", "source", "Src alias", "Legacy name", "Source"
    ]
    assert "[[" not in text_of(html)
    assert site.warnings == []


def test_links_follow_obsidian_resolution_order(site_builder):
    site = site_builder(
        {
            "index.md": "[[Note]] [[deep/Note]] [[Other]] [[Twin]]",
            "Note.md": "root note",
            "a/b/Note.md": "deeper note",
            "a/b/deep/Note.md": "deepest",
            "a/Other.md": "unique",
            "x/Twin.md": "twin x",
            "y/Twin.md": "twin y",
            "a/b/host.md": "[[Note]] [[Twin]]",
        }
    )
    html = site.content("index")
    assert 'href="Note/"' in html  # vault-root path first
    assert 'href="a/b/deep/Note/"' in html  # a path suffix
    assert 'href="a/Other/"' in html  # the unique name anywhere
    assert 'href="x/Twin/"' in html  # a tie: same depth, alphabetical first
    host = site.content("a/b/host")
    assert 'href="../../../Note/"' in host  # vault-root path still wins over the same folder
    assert any("ambiguous" in info and "Twin" in info for info in site.infos)
    assert site.warnings == []


def test_same_folder_beats_a_name_elsewhere(site_builder):
    site = site_builder(
        {
            "index.md": "home",
            "one/Topic.md": "one",
            "two/Topic.md": "two",
            "two/host.md": "[[Topic]]",
        }
    )
    assert 'href="../Topic/"' in site.content("two/host")


def test_a_link_to_a_heading_with_an_attribute_list_reaches_its_id(site_builder):
    """attr_list takes ``{.wide}`` off the heading before toc makes its id; in Obsidian the text keeps it."""
    site = site_builder(
        {
            "index.md": "[[Guide#Setup {.wide}]]",
            "Guide.md": "# Guide\n\n## Setup {.wide}\n\nText.\n\n## Usage {: .x #use}\n",
        }
    )
    home = site.content("index")
    assert 'href="Guide/#setup"' in home
    assert '<h2 class="wide" id="setup">Setup</h2>' in site.content("Guide") and site.warnings == []


def test_unicode_names_match_in_any_normalisation(site_builder):
    composed = "Caf\u00e9"
    decomposed = "Cafe\u0301"
    site = site_builder({"index.md": f"[[{decomposed}]] [[{composed.upper()}]]", f"{composed}.md": "coffee"})
    assert site.warnings == []
    assert site.content("index").count("Caf%C3%A9/") == 2


def test_table_cells_use_escaped_pipe_as_display_separator(site_builder):
    site = site_builder(
        {
            "index.md": "| Col | Other |\n|---|---|\n| [[Source\\|shown text]] | x |\n",
            "Source.md": "s",
        }
    )
    html = site.note_content("index")
    assert '<td><a href="Source/">shown text</a></td>' in html
    assert "<td>x</td>" in html


def test_footnote_definitions_link_and_cite_blocks(site_builder):
    site = site_builder(
        {
            "index.md": "\n".join(
                [
                    "Quote[^1] and note[^2] and heading[^3].",
                    "",
                    "[^1]: [[Source#^intro]]",
                    "[^2]: See [[Source]] and [[Source#Setup]] for more.",
                    "[^3]: [[Source#Setup]]",
                ]
            ),
            "notes/Source.md": SOURCE,
        },
        strict=True,
    )
    assert site.aborted is None, site.warnings
    footnotes = site.note_content("index").split('class="footnote"')[1]
    assert '<cite class="obsidian-citation"><a href="notes/Source/#^intro">Source Note</a></cite>' not in footnotes
    assert '<cite class="obsidian-citation"><a href="notes/Source/#^intro">Source</a></cite>' in footnotes
    assert '<span class="obsidian-citation__excerpt">&#8220;Intro paragraph.&#8221;</span>' in footnotes
    assert 'See <a href="notes/Source/">Source</a> and <a href="notes/Source/#setup">Source &gt; Setup</a>' in footnotes
    assert '<cite class="obsidian-citation"><a href="notes/Source/#setup">Source &gt; Setup</a></cite>' in footnotes


def test_citation_excerpt_can_be_switched_off(site_builder):
    site = site_builder(
        {"index.md": "A[^1].\n\n[^1]: [[Source#^intro]]\n", "notes/Source.md": SOURCE},
        {"plugins": [{"obsidian-embeds": {"citation_excerpt": 0}}]},
    )
    html = site.note_content("index")
    assert "obsidian-citation__excerpt" not in html
    assert '<a href="notes/Source/#^intro">Source</a>' in html


def test_highlights_become_mark_and_comments_never_reach_the_output(site_builder):
    site = site_builder(
        {
            "index.md": "\n".join(
                [
                    "Some ==marked words== and ==loose end ==.",
                    "",
                    "Visible %% SECRET-INLINE %% text.",
                    "",
                    "%%",
                    "SECRET-BLOCK over",
                    "several lines",
                    "%%",
                    "",
                    "After the comment.",
                    "",
                    "`==not marked== %% not a comment %%`",
                ]
            )
        }
    )
    html = site.content("index")
    assert "<mark>marked words</mark>" in html
    assert "<mark>loose end</mark>" in html
    assert "SECRET" not in site.all_output()
    assert "Visible  text." in html or "Visible text." in text_of(html)
    assert "<p>After the comment.</p>" in html
    assert "<code>==not marked== %% not a comment %%</code>" in html


def test_code_and_malformed_syntax_stay_literal(site_builder):
    site = site_builder(
        {
            "index.md": "\n".join(
                [
                    "Inline `[[Source]]` and ``![[Source]]``.",
                    "",
                    "```",
                    "[[Source]] ![[Source]] ==x== %% y %% ^abc",
                    "```",
                    "",
                    "    [[Source]] indented code",
                    "",
                    "Broken [[unclosed and [[x] and ![[unclosed and [[ ]] alone.",
                ]
            ),
            "Source.md": "source",
        }
    )
    html = site.content("index")
    assert "<code>[[Source]]</code>" in html
    assert "<code>![[Source]]</code>" in html
    assert "[[Source]] ![[Source]] ==x== %% y %% ^abc" in html
    assert "[[Source]] indented code" in html
    assert "Broken [[unclosed and [[x] and ![[unclosed and [[ ]] alone." in html
    assert site.warnings == []


def test_a_broken_link_warns_once_with_page_line_and_target(site_builder):
    files = {
        "index.md": "---\ntitle: Home\n---\n\n# Home\n\nFirst [[Missing note]] then [[Source#Nope]] then [[Source#^nope]].\n\nStill here.\n",
        "Source.md": "# Source\n",
    }
    site = site_builder(files)
    assert site.aborted is None
    assert site.plugin_warnings() == [
        "obsidian-embeds: index.md:7: unresolved link '[[Missing note]]': no such note or file",
        "obsidian-embeds: index.md:7: link '[[Source#Nope]]' links to the note only: no heading 'Nope' in 'Source'",
        "obsidian-embeds: index.md:7: link '[[Source#^nope]]' links to the note only: no block '^nope' in 'Source'",
    ]
    html = site.note_content("index")
    assert '<span class="obsidian-unresolved" title="Unresolved: Missing note">Missing note</span>' in html
    assert 'then <a href="Source/">Source &gt; Nope</a> then <a href="Source/">Source &gt; ^nope</a>.' in html
    assert "<p>Still here.</p>" in html
    assert '<h1 id="home">Home</h1>' in html


def test_strict_build_fails_on_a_broken_link(site_builder):
    site = site_builder({"index.md": "[[Nowhere]]"}, strict=True)
    assert site.aborted is not None
    assert site.plugin_warnings() == ["obsidian-embeds: index.md:1: unresolved link '[[Nowhere]]': no such note or file"]


def test_markdown_links_resolve_like_obsidian(site_builder):
    site = site_builder(
        {
            "index.md": "[moved](old/place/Target.md#Some%20Heading) ![pic](pic.png#interface) [x](<Target.md>)",
            "notes/Target.md": "# Target\n\n## Some Heading\n",
            "img/pic.png": b"\x89PNG\r\n\x1a\n",
        },
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert 'href="notes/Target/#some-heading"' in html
    assert 'src="img/pic.png"' in html


def test_single_line_breaks_show_as_in_obsidian(site_builder):
    text = "**Asia**: Singapore\n**Europe**: Frankfurt\n\n- item one\n  continued\n\n> quoted\n> lines\n"
    html = site_builder({"index.md": text}).content("index")
    assert "<strong>Asia</strong>: Singapore<br />\n<strong>Europe</strong>: Frankfurt</p>" in html
    assert "item one<br />" in html and "quoted<br />" in html


def test_strict_line_breaks_join_lines(site_builder):
    site = site_builder({"index.md": "one\ntwo\n"}, {"plugins": [{"obsidian-embeds": {"strict_line_breaks": True}}]})
    assert "<p>one\ntwo</p>" in site.content("index")


def test_inline_footnotes_become_numbered_footnotes(site_builder):
    site = site_builder({"index.md": "Claim^[An inline note with [[Other|a link]].] and more[^1].\n\n[^1]: Regular.\n\n`^[code]`\n", "Other.md": "o"})
    html = site.note_content("index")
    assert 'id="fnref:inline-1"' in html
    assert 'An inline note with <a href="Other/">a link</a>.' in html.split('class="footnote"')[1]
    assert "<code>^[code]</code>" in html
    assert "^[" not in html.replace("<code>^[code]</code>", "")


def test_lists_nest_as_in_obsidian(site_builder):
    text = "- top\n  - two spaces\n    - four spaces ^deep\n1. first\n   1. three spaces\n"
    site = site_builder({"index.md": text, "Other.md": "[[index#^deep]]"}, strict=True)
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert re.search(r"<li>top\s*<ul>\s*<li>two spaces\s*<ul>\s*<li id=\"\^deep\">four spaces</li>", html)
    assert re.search(r"<li>first\s*<ol>\s*<li>three spaces</li>", html)
