"""No note can run script in a reader's browser: what the plugin writes is escaped for its
context, its links never carry a scheme, and Markdown inside raw HTML stays out of the page.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import without_link_extras
from mkdocs_obsidian_embeds.engine.markers import MARK

HOSTILE_TEXTS = (
    "[details](<x tabindex=0 autofocus onfocus=alert(1) a>)",
    "<img src=x onerror=alert(2)>",
    'a" onmouseover="alert(3)',
    "\"><script>alert(4)</script>",
    "`<svg onload=alert(5)>`",
    "<a href='javascript:alert(6)'>x</a>",
    "![x](javascript:alert(7))",
)


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] == "script":
            self.scripts.append(data)


def assert_inert(html: str) -> None:
    """No script of a note's, no event handler attribute, no script URL, no marker."""
    parser = _Elements()
    parser.feed(html)
    assert not any("alert(" in script for script in parser.scripts)
    for tag, attrs in parser.tags:
        chart = tag == "svg" and (attrs.get("aria-labelledby") or "").startswith("review-chart-")  # the report's own
        assert tag not in ("svg", "x") or chart, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in ("href", "src", "action", "formaction", "data"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert MARK not in html and "<!--obsidian-quote:" not in html


def test_hostile_text_in_references_is_shown_as_written(site_builder):
    lines = []
    for number, text in enumerate(HOSTILE_TEXTS):
        lines += [
            f"Missing [[Missing note|{text}]] end{number}.",
            f"Broken fragment [[Real#^nope|{text}]] and embed ![[Nope|{text}]] end{number}.",
            f"Working [[Real|{text}]] end{number}.",
            "",
        ]
    site = site_builder({"index.md": "# Home\n\n" + "\n".join(lines), "Real.md": "# Real\n\nbody ^b\n"})
    html = site.content("index")
    assert_inert(html)
    html = site.note_content("index")  # assert_inert read the whole page, link attributes and mentions too
    for number in range(len(HOSTILE_TEXTS)):
        assert html.count(f"end{number}.") == 3
    assert '>[details](&lt;x tabindex=0 autofocus onfocus=alert(1) a&gt;)</span>' in html
    assert '<span class="obsidian-unresolved" title="Unresolved: Missing note">[details](&lt;x' in html
    assert '<a href="Real/">&lt;img src=x onerror=alert(2)&gt;</a>' in html
    assert len(site.plugin_warnings()) == 3 * len(HOSTILE_TEXTS)
    assert '<a href="Real/"><code>&lt;svg onload=alert(5)&gt;</code></a>' in html


def test_a_hostile_embed_caption_and_citation_are_text(site_builder):
    name = "x onerror=alert(1) y"
    site = site_builder(
        {
            "index.md": f"# Home\n\n![[{name}#^b]]\n\nClaim.[^1]\n\n[^1]: [[{name}#^b|<b onclick=alert(2)>]]\n",
            f"{name}.md": "---\ntitle: \"<img src=x onerror=alert(3)>\"\n---\nquoted `<img src=x onerror=alert(4)>` text ^b\n",
        }
    )
    html = site.content("index")
    assert_inert(html)
    assert "<code>&lt;img src=x onerror=alert(4)&gt;</code>" in html
    assert "&lt;img src=x onerror=alert(3)&gt;</a>" in html
    assert "&lt;b onclick=alert(2)&gt;</a></cite>" in html
    assert site.plugin_warnings() == []


def test_generated_links_never_carry_a_scheme(site_builder):
    site = site_builder(
        {
            "index.md": "# Home\n\n[[javascript:alert(1)]] [[javascript:alert(1)#^b|block]] ![[javascript:alert(1)#^b]]\n\n"
            "![[data:text.pdf]] ![[javascript:x.mp3]] ![[javascript:x.png]] ![[vbscript:x.zip]]\n\nClaim.[^1]\n\n"
            "[^1]: [[javascript:alert(1)#^b]]\n",
            "javascript:alert(1).md": "---\nreviewed: 2026-01-01\n---\n# J\n\nbody ^b\n",
            "data:text.pdf": b"%PDF-1.4",
            "javascript:x.mp3": b"ID3",
            "javascript:x.png": b"\x89PNG",
            "vbscript:x.zip": b"PK",
        },
        {"plugins": [{"obsidian-embeds": {"review_report": "report.md", "review_git": False}}]},
    )
    for page in ("index", "report", "javascript:alert(1)"):
        assert_inert(site.html(page))
    assert 'href="javascript%3Aalert%281%29/#^b"' in site.html("index")
    assert 'href="../javascript%3Aalert%281%29/"' in site.html("report")
    assert site.plugin_warnings() == []


def test_an_embed_inside_a_raw_html_block_stays_literal(site_builder):
    site = site_builder(
        {
            "index.md": "# Home\n\n<details>\n<summary>More</summary>\n\n![[Source#^b]]\n\n[[Source]] and ![[Source]]\n\n"
            "</details>\n\n<div>\n![[Source#^b]]\n</div>\n\n<!-- ![[Source#^b]]\n\n-->\n\nAfter ![[Source#^b]]\n",
            "Source.md": "# Source\n\nquoted `<img src=x onerror=alert(1)>` text ^b\n",
        }
    )
    html = site.content("index")
    assert_inert(html)
    assert html.count("<img") == 0
    assert html.count("![[Source#^b]]") == 3  # in <details>, <div> and the HTML comment
    assert "<!-- ![[Source#^b]]" in html
    assert "[[Source]] and ![[Source]]" in html
    assert html.count('class="obsidian-embed obsidian-embed--block"') == 1  # the one after the blocks
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in html
    assert site.plugin_warnings() == []


@pytest.mark.parametrize(
    "source",
    [
        "<div>\nleft open ^b", "<div>\n<div>\nleft open", "<!-- left open", "~~~\n<div>\n```",
        '<div markdown="1">\n**left open**', "~~~\ncode left open", "<div>\n~~~",
    ],
    ids=["div", "two-divs", "comment", "fence-left-open", "markdown-div", "fence", "fence-in-div"],
)
def test_raw_html_or_a_fence_a_quoted_note_leaves_open_ends_with_the_embed(site_builder, source):
    """Python-Markdown runs an unclosed raw HTML block to the end of the page, and pairs a fence
    with the next one of the page: quoted, either would hold the rest of the quoting page (and
    the embed's own end) as raw HTML or code. It is closed where the embed ends, as Obsidian
    shows it."""
    index = "# Home\n\n![[Source]]\n\nAfter **the embed**.\n\n~~~\nown code\n~~~\n"
    site = site_builder({"index.md": index, "Source.md": source + "\n"})
    html = site.content("index")
    assert_inert(html)
    assert "<pre><code>own code\n</code></pre>" in html
    assert html.count('class="obsidian-embed obsidian-embed--note"') == 1
    after = "</div></div>\n<p>After <strong>the embed</strong>.</p>"  # the embed's end, then the page's Markdown
    assert after in html and html.index("obsidian-embed__source") < html.index(after)
    assert site.plugin_warnings() == []


def test_footnotes_after_a_page_that_leaves_a_div_open_are_footnotes(site_builder):
    site = site_builder({"index.md": "# Home\n\nText.^[An inline note with [[Other]].]\n\n<div>\nleft open\n", "Other.md": "# Other\n"})
    html = site.content("index")
    assert_inert(html)
    assert '<div class="footnote">' in html and "An inline note with" in html


def test_markdown_inside_an_html_block_with_the_markdown_attribute_is_expanded_safely(site_builder):
    site = site_builder(
        {
            "index.md": '# Home\n\n<div markdown="1">\n\n![[Source#^b]]\n\n</div>\n',
            "Source.md": "quoted `<img src=x onerror=alert(1)>` text ^b\n",
        }
    )
    html = site.content("index")
    assert_inert(html)
    assert 'class="obsidian-embed obsidian-embed--block"' in html
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in html


def test_private_use_characters_in_a_note_are_text(site_builder):
    forged = "\ue000pX\ue001 \ue002block:\ue004 \ue003 \ue005zz\ue004 \ue000bpY\ue001"
    site = site_builder({"index.md": f"# Home\n\nBefore {forged} after\n\n\ue003\n\nend\n"})
    html = site.content("index")
    assert f"Before {forged} after" in html
    assert 'id="^X"' not in html and 'id="^Y"' not in html and "obsidian-embed" not in html
    assert "<p>\ue003</p>" in html and "<p>end</p>" in html


def test_the_marker_characters_in_a_note_are_text(site_builder):
    """A note that spells markers with the plugin's own characters, but without the process's
    random token, forges no block id, embed or part, and loses no text."""
    forged = "\x0ebpX\x0f \x0eoblock:\x0f \x0ec\x0f \x0ek1.0\x0f \x0e0123456789abbpY\x0f"
    site = site_builder({"index.md": f"# Home\n\nBefore {forged} after ^real\n\n\x0ec\x0f\n\nend\n"})
    html = site.content("index")
    assert f"Before {forged} after" in html and 'id="^real"' in html
    assert 'id="^X"' not in html and 'id="^Y"' not in html and "obsidian-embed" not in html
    assert "<p>\x0ec\x0f</p>" in html and "<p>end</p>" in html


def test_nothing_inside_a_raw_inline_html_tag_is_rewritten(site_builder):
    site = site_builder(
        {
            "index.md": '# Home\n\n<span title="[[Other]] ==hi== ^[fn]">x [[Other]] ==mark==</span> `<b>[[Other]]</b>` end\n',
            "Other.md": "# Other\n",
        }
    )
    html = site.content("index")
    assert '<span title="[[Other]] ==hi== ^[fn]">x <a href="Other/">Other</a> <mark>mark</mark></span>' in without_link_extras(html)
    assert "<code>&lt;b&gt;[[Other]]&lt;/b&gt;</code> end" in html
    assert_inert(html)
