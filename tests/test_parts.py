"""Parts the tree processor builds in place of their markers: embeds' source lines, citations."""

from __future__ import annotations

import markdown

from conftest import without_link_extras
from mkdocs_obsidian_embeds.extension.processors import ObsidianExtension
from mkdocs_obsidian_embeds.engine.markers import ANY_MARKER_RE, EMBED_CLOSE, block_mark, embed_open, part
from mkdocs_obsidian_embeds.engine.parts import Citation, Link, SourceLine

EXTENSIONS = ["footnotes", "attr_list", "md_in_html", "tables", "toc"]
REVIEWED = '<span class="obsidian-embed__reviewed">reviewed <time datetime="2026-01-02">January 2, 2026</time></span>'


def render(text: str, parts: dict) -> str:
    return markdown.markdown(text, extensions=[*EXTENSIONS, ObsidianExtension(parts=parts)])


def embed(key: str, content: str = "Quoted text.") -> str:
    return f"{embed_open('block')}{part(key)}\n\n{content}\n\n{EMBED_CLOSE}\n"


def test_source_line_links_its_caption_and_shows_the_review_date():
    html = render(embed("a.1.0"), {"a.1.0": SourceLine("The Source", "Source.md#^x", REVIEWED)})
    assert (
        '<div class="obsidian-embed__source"><a href="Source.md#^x">The Source</a> ' + REVIEWED + "</div>"
    ) in html
    assert '<div class="obsidian-embed__content"><p>Quoted text.</p>\n</div>' in html


def test_generated_text_is_escaped_and_never_read_as_markup():
    caption = '<script>alert(1)</script> *not em* [[x]] & co'
    html = render(embed("a.1.0"), {"a.1.0": SourceLine(caption, "S.md", "")})
    assert "<script>" not in html and "<em>" not in html
    assert '<a href="S.md">&lt;script&gt;alert(1)&lt;/script&gt; *not em* [[x]] &amp; co</a></div>' in html


def test_citation_with_and_without_excerpt():
    text = f"A claim.[^1] Another.[^2]\n\n[^1]: {part('a.1.0')}\n[^2]: {part('a.1.1')}\n"
    html = render(text, {"a.1.0": Citation("Src", "Src.md#^b", "The block."), "a.1.1": Citation("Other", "O.md#^c")})
    assert (
        '<p><cite class="obsidian-citation"><a href="Src.md#^b">Src</a></cite> '
        '<span class="obsidian-citation__excerpt">&#8220;The block.&#8221;</span>&#160;<a class="footnote-backref"'
    ) in html
    assert '<p><cite class="obsidian-citation"><a href="O.md#^c">Other</a></cite>&#160;<a class="footnote-backref"' in html


def test_parts_in_a_tail_and_side_by_side_keep_the_text_around_them():
    text = f"Start *em* {part('a.1.0')} middle {part('a.1.1')} end"
    html = render(text, {"a.1.0": Citation("A", "A.md"), "a.1.1": Citation("B", "B.md")})
    assert html == (
        '<p>Start <em>em</em> <cite class="obsidian-citation"><a href="A.md">A</a></cite> middle '
        '<cite class="obsidian-citation"><a href="B.md">B</a></cite> end</p>'
    )


def test_an_unknown_key_leaves_neither_a_marker_nor_a_hole_in_the_page():
    """A page rendered without its parts (say by another tool): the embed is still framed."""
    html = render("Before.\n\n" + embed("dead.1.0") + f"\nAfter {part('dead.1.1')}text.\n", {})
    assert not ANY_MARKER_RE.search(html)
    assert '<div class="obsidian-embed__content"><p>Quoted text.</p>\n</div><div class="obsidian-embed__source"></div>' in html
    assert "<p>Before.</p>" in html and "<p>After text.</p>" in html


def test_a_block_marker_after_a_part_still_names_its_block():
    text = f"[^1]: {part('a.1.0')} {block_mark('p', 'x')}\n\nClaim.[^1]\n"
    html = render(text, {"a.1.0": Citation("A", "A.md")})
    assert not ANY_MARKER_RE.search(html)
    assert '<p id="^x"><cite class="obsidian-citation"><a href="A.md">A</a></cite>' in html


def test_wikilinks_become_links_in_every_inline_context():
    from markdown.extensions.toc import slugify

    from mkdocs_obsidian_embeds.engine.render import Options, Renderer
    from mkdocs_obsidian_embeds.engine.vault import Note, VaultIndex

    host = Note("A.md", "A.md", "", text="\n".join([
        "## Heading with [[B]]",
        "",
        "| cell | [[B#Part\\|part]] |",
        "| --- | --- |",
        "| ==marked [[B]]== | **bold [[B|*b*]]** |",
        "",
        "> [!tip] Title [[B]]",
        "> Body.",
        "",
        "- item [[B#^blk]]",
        "",
        "Claim.[^1] Inline.^[see [[B]]]",
        "",
        "[^1]: Note on [[B]].",
    ]))
    source = Note("B.md", "B.md", "", text="## Part\n\nText. ^blk\n")
    renderer = Renderer(VaultIndex([host, source]), Options(slugify=slugify), lambda t, h: t.site_path)
    text, page = renderer.render(host)
    html = without_link_extras(markdown.markdown(text, extensions=[*EXTENSIONS, "admonition", ObsidianExtension(parts=page.parts)]))

    assert not ANY_MARKER_RE.search(html) and "[[" not in html
    assert '<h2 id="heading-with-b">Heading with <a href="B.md">B</a></h2>' in html
    assert '<th><a href="B.md#part">part</a></th>' in html
    assert '<td><mark>marked <a href="B.md">B</a></mark></td>' in html
    assert '<td><strong>bold <a href="B.md">*b*</a></strong></td>' in html
    assert '<p class="admonition-title">Title <a href="B.md">B</a></p>' in html
    assert '<li>item <a href="B.md#^blk">B &gt; ^blk</a></li>' in html
    assert "<p>Note on <a href=\"B.md\">B</a>.&#160;" in html and "<p>see <a href=\"B.md\">B</a>&#160;" in html
    assert len(page.parts) == 8 + 2  # the links, and the page's <mark> and </mark>


def test_a_wikilink_in_an_image_alt_text_or_link_title_leaves_its_text_there():
    text = f"![see {part('a.1.0')} here](pic.png) and [x](y.md \"about {part('a.1.1')}\")"
    html = render(text, {"a.1.0": Link("Note B", "B.md"), "a.1.1": Citation("Source", "S.md")})
    assert html == '<p><img alt="see Note B here" src="pic.png" /> and <a href="y.md" title="about Source">x</a></p>'
