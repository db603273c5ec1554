"""Transclusion: ``![[...]]`` of blocks, headings, whole notes and attachments, in real sites."""

from __future__ import annotations

import re

SOURCE = "\n".join(
    [
        "---",
        "title: The Source",
        "secret_field: FRONTMATTER-ONLY",
        "---",
        "# Source",
        "",
        "Plain paragraph with a [relative link](sub/Other.md) and [[Other|a wikilink]]. ^para",
        "",
        "- sibling before",
        "- parent item ^item",
        "\t- child one",
        "\t- child two",
        "- sibling after",
        "",
        "A separate list:",
        "",
        "- whole a",
        "- whole b",
        "",
        "^list",
        "",
        "> quoted words",
        "> more quoted",
        "^quote",
        "",
        "> [!note] Callout title",
        "> callout body",
        "",
        "^callout",
        "",
        "| h1 | h2 |",
        "|----|----|",
        "| c1 | c2 |",
        "^table",
        "",
        "Footnoted claim[^src]. ^withnote",
        "",
        "![[pic.png]]^imgblock",
        "",
        "## Section A",
        "",
        "Section A text.",
        "",
        "### Sub of A",
        "",
        "Sub text.",
        "",
        "## Section B",
        "",
        "Section B text.",
        "",
        "[^src]: The source's own footnote.",
    ]
)

FILES = {
    "notes/Source.md": SOURCE,
    "notes/sub/Other.md": "# Other\n\nOther note.\n",
    "notes/Other.md": "# Other in notes\n",
    "media/pic.png": b"\x89PNG\r\n\x1a\n",
}


def _embed_html(html: str, index: int = 0) -> str:
    """The n-th top-level embed wrapper of a page."""
    starts = [m.start() for m in re.finditer(r'<div class="obsidian-embed ', html)]
    start = starts[index]
    depth, pos = 0, start
    for m in re.finditer(r"<div\b|</div>", html[start:]):
        depth += 1 if m.group().startswith("<div") else -1
        if depth == 0:
            pos = start + m.end()
            break
    return html[start:pos]


def build(site_builder, host: str, **kwargs):
    return site_builder({**FILES, "index.md": host}, **kwargs)


def test_paragraph_embed_says_where_it_comes_from(site_builder):
    site = build(site_builder, "# Host\n\n![[Source#^para]]\n\nAfter.\n", strict=True)
    assert site.aborted is None, site.warnings
    embed = _embed_html(site.note_content("index"))
    assert embed.startswith('<div class="obsidian-embed obsidian-embed--block">')
    assert '<div class="obsidian-embed__source"><a href="notes/Source/#^para">The Source</a></div>' in embed
    assert 'data-block-id="^para"' in embed
    assert 'href="notes/sub/Other/">relative link</a>' in embed  # rebased from notes/
    assert 'href="notes/Other/">a wikilink</a>' in embed  # resolved from the source's folder
    assert "<p>After.</p>" in site.content("index")


def test_list_item_embed_brings_children_not_siblings(site_builder):
    site = build(site_builder, "![[Source#^item]]")
    embed = _embed_html(site.content("index"))
    assert "parent item" in embed and "child one" in embed and "child two" in embed
    assert "sibling" not in embed
    assert re.search(r"<ul>\s*<li data-block-id=\"\^item\">parent item\s*<ul>\s*<li>child one</li>", embed)


def test_each_block_kind_keeps_its_element(site_builder):
    host = "\n\n".join(f"![[Source#^{block}]]" for block in ("list", "quote", "callout", "table", "imgblock"))
    site = build(site_builder, host, strict=True)
    assert site.aborted is None, site.warnings
    html = site.content("index")
    embeds = [_embed_html(html, i) for i in range(5)]
    assert "<ul" in embeds[0] and "whole a" in embeds[0] and "whole b" in embeds[0] and "sibling" not in embeds[0]
    assert "<blockquote" in embeds[1] and "quoted words" in embeds[1] and "more quoted" in embeds[1]
    assert '<div class="admonition note"' in embeds[2] and "Callout title" in embeds[2] and "callout body" in embeds[2]
    assert "<table" in embeds[3] and "<td>c1</td>" in embeds[3]
    assert '<img alt="pic" src="media/pic.png" />' in embeds[4]


def test_heading_embed_takes_the_section_with_subsections(site_builder):
    site = build(site_builder, "# Host\n\n![[Source#Section A]]\n\n![[Source#Section A#Sub of A]]\n", strict=True)
    assert site.aborted is None, site.warnings
    html = site.note_content("index")
    first, second = _embed_html(html, 0), _embed_html(html, 1)
    assert "Section A text." in first and "Sub text." in first and "Section B" not in first
    assert '<a href="notes/Source/#section-a">The Source &gt; Section A</a>' in first
    assert "Sub text." in second and "Section A text." not in second
    assert re.search(r'<div (?=[^>]*role="heading")(?=[^>]*aria-level="2")[^>]*>Section A</div>', first)
    assert "<h2" not in first and "<h3" not in first


def test_embedded_headings_stay_out_of_the_host_toc(site_builder):
    site = build(site_builder, "# Host\n\n## Own section\n\n![[Source#Section A]]\n\n## Section A\n")
    html = site.html("index")
    assert '<h2 id="section-a">Section A</h2>' in html  # the host's heading keeps its plain id
    toc = html[html.index('class="bs-sidebar') :] if 'class="bs-sidebar' in html else html
    assert "Sub of A" not in toc.split('role="main"')[0]


def test_whole_note_embed_has_no_frontmatter(site_builder):
    site = build(site_builder, "![[Source]]", strict=True)
    assert site.aborted is None, site.warnings
    embed = _embed_html(site.content("index"))
    assert "Plain paragraph" in embed and "Section B text." in embed
    assert "FRONTMATTER-ONLY" not in site.content("index")
    assert embed.count('class="obsidian-embed__source"') == 1


def test_same_note_embeds(site_builder):
    site = site_builder(
        {"index.md": "# Host\n\n![[#Target heading]]\n\n![[#^local]]\n\n## Target heading\n\nLocal text. ^local\n"},
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.note_content("index")
    assert "Local text." in _embed_html(html, 0)
    assert '<div class="obsidian-embed__source"><a href="#^local">index</a></div>' in _embed_html(html, 1)
    assert len(re.findall(r'\sid="\^local"', html)) == 1  # the host block keeps the only id
    assert 'data-block-id="^local"' in _embed_html(html, 0)


def test_embedded_footnotes_come_along_renamed(site_builder):
    site = build(site_builder, "Host note[^src].\n\n![[Source#^withnote]]\n\n[^src]: The host's footnote.\n", strict=True)
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert html.count('class="footnote"') == 1
    assert "The host&#x27;s footnote." in html or "The host's footnote." in html
    assert "The source&#x27;s own footnote." in html or "The source's own footnote." in html
    assert 'id="fn:e1-src"' in html and 'id="fn:src"' in html


def test_embed_inside_list_item_and_blockquote_stays_inside(site_builder):
    site = build(site_builder, "- first\n- ![[Source#^para]]\n- third\n\n> quoted intro\n> ![[Source#^para]]\n")
    html = site.content("index")
    li = re.search(r"<li>\s*<div class=\"obsidian-embed .*?</li>", html, re.S)
    assert li and "Plain paragraph" in li.group()
    assert "third" in html.split("</ul>")[0]
    quote = html[html.index("<blockquote>") : html.index("</blockquote>")]
    assert "quoted intro" in quote and 'class="obsidian-embed ' in quote


def test_embeds_nest(site_builder):
    site = site_builder(
        {"index.md": "![[A]]", "A.md": "A says\n\n![[B#^b]]\n", "B.md": "B block ^b\n"},
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert html.count('class="obsidian-embed ') == 2
    outer = _embed_html(html)
    assert "A says" in outer and "B block" in outer


def test_image_attachments(site_builder):
    site = site_builder(
        {
            "index.md": "![[pic.png]]\n\n![[pic.png|120]]\n\n![[pic.png|640x480]]\n\n![[pic.png#icon]]\n\n![[pic.png|A caption]]\n",
            "deep/folder/pic.png": b"\x89PNG\r\n\x1a\n",
        },
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert '<img alt="pic" src="deep/folder/pic.png" />' in html
    assert '<img alt="pic" src="deep/folder/pic.png" width="120" />' in html
    assert '<img alt="pic" height="480" src="deep/folder/pic.png" width="640" />' in html
    assert '<img alt="A caption" src="deep/folder/pic.png" />' in html
    assert (site.site_dir / "deep/folder/pic.png").exists()


def test_media_and_other_attachments(site_builder):
    site = site_builder(
        {
            "notes/index.md": "![[song.mp3]]\n\n![[clip.mp4]]\n\n![[paper.pdf#page=3]]\n\n![[data.csv]]\n",
            "index.md": "home",
            "files/song.mp3": b"ID3",
            "files/clip.mp4": b"....",
            "files/paper.pdf": b"%PDF-1.4",
            "files/data.csv": "a,b\n",
        },
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.content("notes")
    assert '<audio class="obsidian-media" controls src="../files/song.mp3"></audio>' in html
    assert '<video class="obsidian-media" controls src="../files/clip.mp4"></video>' in html
    assert '<iframe class="obsidian-pdf" src="../files/paper.pdf#page=3" title="paper.pdf"></iframe>' in html
    assert '<a class="obsidian-pdf__link" href="../files/paper.pdf#page=3">Open paper.pdf</a>' in html  # no PDF viewer (mobile)
    assert '<a href="../files/data.csv">data.csv</a>' in html


def test_broken_embeds_warn_once_and_leave_a_marker(site_builder):
    host = "# Host\n\n![[Nothing here]]\n\n![[Source#^absent]]\n\n![[Source#No such heading]]\n\n![[gone.png]]\n\nStill here.\n"
    site = build(site_builder, host)
    assert site.plugin_warnings() == [
        "obsidian-embeds: index.md:3: unresolved embed '![[Nothing here]]': no such note or file",
        "obsidian-embeds: index.md:5: unresolved embed '![[Source#^absent]]': no block '^absent' in 'Source'",
        "obsidian-embeds: index.md:7: unresolved embed '![[Source#No such heading]]': no heading 'No such heading' in 'Source'",
        "obsidian-embeds: index.md:9: unresolved embed '![[gone.png]]': no such note or file",
    ]
    html = site.content("index")
    assert html.count('class="obsidian-unresolved obsidian-embed--missing"') == 4
    for typed in ("Nothing here", "Source &gt; ^absent", "Source &gt; No such heading", "gone.png"):
        assert f"“{typed}” could not be found.</span>" in html
    assert "![[" not in html
    assert "<p>Still here.</p>" in html and '<h1 id="host">Host</h1>' in html
    assert build(site_builder, host, strict=True).aborted is not None


def test_a_cycle_stops_with_one_warning_naming_the_chain(site_builder):
    site = site_builder(
        {"index.md": "home", "A.md": "# A\n\nA text\n\n![[B]]\n\nA end\n", "B.md": "B text\n\n![[A]]\n"},
    )
    a_warnings = [w for w in site.plugin_warnings() if w.startswith("obsidian-embeds: A.md")]
    assert a_warnings == ["obsidian-embeds: A.md:5: embed '![[A]]' not expanded: embed cycle: A → B → A (closed by the embed in B.md:3)"]
    assert '“A” is not embedded again inside itself.' in site.content("A")
    html = site.content("A")
    assert "A text" in html and "B text" in html and "A end" in html
    assert 'class="obsidian-unresolved obsidian-embed--stopped"' in html


def test_a_self_embed_stops(site_builder):
    site = site_builder({"index.md": "Before\n\n![[index]]\n\nAfter\n"})
    assert site.plugin_warnings() == ["obsidian-embeds: index.md:3: embed '![[index]]' not expanded: embed cycle: index → index"]
    html = site.content("index")
    assert "Before" in html and "After" in html


def test_an_embed_bomb_is_stopped_by_the_size_limit(site_builder):
    files = {f"L{i}.md": f"level {i} text\n\n![[L{i + 1}]]\n\n![[L{i + 1}]]\n" for i in range(18)}
    files["L18.md"] = "bottom " * 200  # 2**18 copies, 19 levels deep: within the depth limit
    files["index.md"] = "Top\n\n![[L0]]\n\nBottom of host\n"
    site = site_builder(files, {"plugins": [{"obsidian-embeds": {"max_embed_chars": 20000, "max_embed_depth": 20}}]})
    host = [w for w in site.plugin_warnings() if w.startswith("obsidian-embeds: index.md")]
    assert len(host) == 1
    assert "exceeds 20000 characters on this page" in host[0]
    html = site.content("index")
    assert "Top" in html and "Bottom of host" in html
    assert len(html) < 400_000


def test_depth_limit(site_builder):
    files = {f"D{i}.md": f"depth {i}\n\n![[D{i + 1}]]\n" for i in range(12)}
    files["D12.md"] = "deepest"
    files["index.md"] = "![[D0]]"
    site = site_builder(files, {"plugins": [{"obsidian-embeds": {"max_embed_depth": 3}}]})
    host = [w for w in site.plugin_warnings() if w.startswith("obsidian-embeds: index.md")]
    assert host == ["obsidian-embeds: index.md:1: embed '![[D3]]' not expanded: embeds nested deeper than 3 levels"]
    assert "depth 2" in site.content("index") and "depth 3" not in site.content("index")


def test_names_with_html_are_escaped(site_builder):
    site = site_builder({"index.md": "![[<b>bold<b> & note]]\n\n[[<i>x<i>]]\n", "<b>bold<b> & note.md": "body"})
    html = site.content("index")
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;bold&lt;b&gt; &amp; note</a>" in html
    assert "&lt;i&gt;x&lt;i&gt;</span>" in html


def test_text_of_embeds_is_readable(site_builder):
    site = build(site_builder, "![[Source#^para]]")
    text = re.sub(r"<[^>]+>", "", _embed_html(site.content("index")))
    assert text.startswith("Plain paragraph with a relative link and a wikilink.")


def test_inline_footnotes_inside_embedded_content(site_builder):
    site = site_builder({"index.md": "Host^[host note]\n\n![[Src#^b]]\n", "Src.md": "Source text^[source note] ^b\n"}, strict=True)
    assert site.aborted is None, site.warnings
    footnotes = site.content("index").split('class="footnote"')[1]
    assert "host note" in footnotes and "source note" in footnotes
    assert footnotes.count("<li id=") == 2
