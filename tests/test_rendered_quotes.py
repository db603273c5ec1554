"""A quoted block is taken from its source's rendered page, not rendered again on each page that
quotes it; what the reader gets is byte for byte what rendering it again gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.plugins import BasePlugin

from conftest import Site, make_site, without_link_extras
from mkdocs_obsidian_embeds.plugin import pages as pages_module
from mkdocs_obsidian_embeds.plugin import plugin as plugin_module

SOURCE = """# Source

A paragraph with [[Other]], [[deep/Far#Far heading|a far heading]], [[#Second]], [[Host]],
a [Markdown link](deep/Far.md#far-heading), an ![image](pics/dot.png), ==marked== text and a
second line. ^para

- one [[Other]]
- two
    - nested ^item

^list

| a | b |
|---|---|
| [[Other]] | 2 |

^table

> A quote with [[deep/Far]]
> over two lines.

^quote

> [!tip] A callout
> Its body, with [[Other]].

^callout

> [!note] A callout with a heading
> ### Inside the callout
> Its text.

^headed

> A quote's title
> ---
> under it.

^setext

## Second

- item with a paragraph

    Inside the item, [[Other]]. ^inner
"""

HOST = """# Host

{embeds}

After.
"""

EMBEDS = "\n\n".join(
    f"![[Source#^{name}]]" for name in ("para", "list", "table", "quote", "callout", "headed", "setext", "inner")
)


def _vault() -> dict[str, str]:
    return {
        "index.md": "# Home\n\n" + EMBEDS + "\n",
        "Source.md": SOURCE,
        "Other.md": "# Other\n",
        "Host.md": HOST.format(embeds=EMBEDS),
        "deep/Far.md": "# Far\n\n## Far heading\n\n![[Source#^para]]\n\n- ![[Source#^table]]\n",
        "deep/er/Deeper.md": "# Deeper\n\n> ![[Source#^quote]]\n\n![[Source#^inner]]\n",
        "pics/dot.png": "png",
    }


def _taken(page) -> list:
    """The quotes of a rendered page taken from their source's page (not from the build's cache)."""
    return [quote for quote in page.quotes if not quote.embed]


def _render_every_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds from now on render every quote on each page that shows it: none is taken from its
    source's page, none from the build's cache (what a taken quote must be byte for byte)."""
    monkeypatch.setattr(plugin_module, "rendered_in", lambda files, dirty: lambda note: False)
    monkeypatch.setattr(pages_module, "QuoteCache", lambda rebase: None)


def _build(root: Path, files: dict[str, str], config: dict, plugins: tuple = ()) -> tuple[Site, object]:
    """Build ``files`` (a name starting with ``../`` goes beside ``root``, as make_site writes it)."""
    site = make_site(root, files, config, plugins=plugins)
    return site, site.plugin


_BUILD_DATE = re.compile(r"Build Date UTC : .*")


#: Directory URLs, file URLs, and Material with toc permalinks: what changes a quote's HTML and URLs.
URL_CONFIGS = [
    {"theme": "mkdocs"},
    {"theme": "mkdocs", "use_directory_urls": False},
    {"theme": "material", "markdown_extensions": [{"toc": {"permalink": True}}]},
]
URL_CONFIG_IDS = ["directory-urls", "file-urls", "material-permalinks"]


def _page_html(site: Site, config: dict, name: str) -> str:
    """The built page of the note ``name`` (no extension), with directory or file URLs."""
    path = f"{name}.html" if config.get("use_directory_urls") is False else f"{name}/index.html"
    return (site.site_dir / path).read_text(encoding="utf-8")


def _pages(site: Site) -> dict[str, str]:
    """Every page of the site and its search index, without the build's date (the theme prints it
    on the home page)."""
    pages = [*site.site_dir.rglob("*.html"), *site.site_dir.rglob("*.json")]
    return {str(p.relative_to(site.site_dir)): _BUILD_DATE.sub("", p.read_text(encoding="utf-8")) for p in pages}


@pytest.mark.parametrize("config", URL_CONFIGS, ids=URL_CONFIG_IDS)
def test_a_block_taken_from_its_page_is_what_rendering_it_again_gives(tmp_path, monkeypatch, config):
    taken, plugin = _build(tmp_path / "taken", _vault(), config)
    taken_ids = {path: [quote.block_id for quote in _taken(page)] for path, page in plugin._pages.rendered.items()}
    assert taken_ids["Host.md"] == ["para", "list", "table", "quote", "callout", "headed", "setext"]  # ^inner names a list item
    assert sum(map(len, taken_ids.values())) == 17
    _render_every_quote(monkeypatch)
    again, plugin = _build(tmp_path / "again", _vault(), config)
    assert sum(len(_taken(page)) for page in plugin._pages.rendered.values()) == 0
    assert taken.warnings == again.warnings == []
    assert _pages(taken) == _pages(again)
    host = _page_html(taken, config, "Host")
    assert host.count('class="obsidian-embed obsidian-embed--block"') == 8 and "obsidian-quote" not in host
    assert 'class="obsidian-embed__heading obsidian-embed__heading--h3" role="heading">Inside the callout</div>' in host


def test_a_block_taken_from_a_vault_dir_page_is_what_rendering_it_again_gives(tmp_path, monkeypatch):
    files = {("index.md" if name == "index.md" else f"../vault/{name}"): text for name, text in _vault().items()}
    files["index.md"] = "# Home\n\n[[Host]]\n\n" + EMBEDS + "\n"
    config = {"theme": "mkdocs", "plugins": [{"obsidian-embeds": {"vault_dir": "../vault", "vault_prefix": "kb"}}]}
    taken, plugin = _build(tmp_path / "taken", files, config)
    assert [quote.block_id for quote in _taken(plugin._pages.rendered["kb/Host.md"])] == [
        "para", "list", "table", "quote", "callout", "headed", "setext"
    ]
    _render_every_quote(monkeypatch)
    again, plugin = _build(tmp_path / "again", files, config)
    assert not _taken(plugin._pages.rendered["kb/Host.md"])
    assert taken.warnings == again.warnings == [] and _pages(taken) == _pages(again)
    assert 'href="../Other/"' in taken.html("kb/Host") and 'href="kb/Other/"' in taken.html("index")


def test_a_block_that_depends_on_its_page_is_rendered_again(tmp_path):
    """Footnotes are numbered per page, embeds nest under the host's limits: such a block is
    rendered on each page that quotes it, and so is the last section of a note with footnotes
    (their list follows it on its page)."""
    files = {
        "index.md": "# Home\n\n![[Source#^plain]]\n\n![[Source#^note]]\n\n![[Source#^nested]]\n\n![[Source#Part]]\n",
        "Source.md": "# Source\n\nPlain. ^plain\n\nWith a note.[^1] ^note\n\n![[Other]] ^nested\n\n## Part\n\nText.\n\n[^1]: The note.\n",
        "Other.md": "# Other\n\nOther's text.\n",
    }
    site, plugin = _build(tmp_path, files, {"theme": "mkdocs"})
    # the block ^nested is rendered again; the note it embeds, Other, is taken from Other's page
    assert [q.block_id or q.text for q in _taken(plugin._pages.rendered["index.md"])] == ["plain", "Other"]
    home = site.content("index")
    assert '<p data-block-id="^plain">Plain.</p>' in home and "The note." in home and "Other&#x27;s text." not in home
    assert "Other's text." in home and "<p>Text.</p>" in home and site.warnings == []


def test_a_block_missing_from_its_page_keeps_its_text_and_warns(tmp_path):
    class StripIds(BasePlugin):
        def on_page_content(self, html, page, config, files):
            return re.sub(r' id="\^[^"]*"', "", html) if page.file.src_uri == "Source.md" else html

    files = {"index.md": "# Home\n\n![[Source#^para]]\n\nAfter.\n", "Source.md": "# Source\n\nThe <b>block</b> text. ^para\n"}
    site, _ = _build(tmp_path, files, {"theme": "mkdocs"}, plugins=(StripIds(),))
    home = site.content("index")
    assert '<p data-block-id="^para">The &lt;b&gt;block&lt;/b&gt; text.</p>' not in home
    assert '<p data-block-id="^para">' in home and "block" in home and "<p>After.</p>" in home
    assert site.warnings == ["obsidian-embeds: index.md: the block '^para' of Source.md is not on its page: its text is shown"]


def test_a_comment_of_a_note_never_takes_a_quotes_place(tmp_path):
    forged = "\n".join(f"<!--obsidian-quote:{n}.q0-->" for n in range(1, 4))
    files = {"index.md": f"# Home\n\n{forged}\n\n![[Source#^para]]\n", "Source.md": "# Source\n\nThe block. ^para\n"}
    site, plugin = _build(tmp_path, files, {"theme": "mkdocs"})
    assert len(_taken(plugin._pages.rendered["index.md"])) == 1
    home = site.content("index")
    assert forged in home and home.index(forged) < home.index('<p data-block-id="^para">The block.</p>')
    assert site.warnings == []


def test_finding_the_blocks_of_a_page_is_linear():
    """Deeply nested elements, each with an id, and stray closing tags cost one pass over the page."""
    import time

    from mkdocs_obsidian_embeds.engine.rendered_quotes import blocks_of

    depth = 50_000
    page = "".join(f'<blockquote id="^b{n}">' for n in range(depth)) + "</p>" * depth + "</blockquote>" * depth
    started = time.perf_counter()
    found = blocks_of(page)
    assert time.perf_counter() - started < 2
    assert len(found) == depth and found["b0"] == (0, len(page)) and page[slice(*found[f"b{depth - 1}"])].count("<blockquote") == 1
    assert blocks_of('<p id="^a">x</p><div id="^b"><p>never closed') == {"a": (0, 16)}


def test_a_quote_in_a_blog_posts_excerpt_is_filled_on_the_blogs_index(tmp_path, monkeypatch):
    """Material's blog renders its posts' excerpts into the index after every page is rendered:
    the quotes there are filled from the same blocks, relative to the index's URL."""
    files = {
        "index.md": "# Home\n\nThe [[Other|linked]] block. ^blk\n",
        "Other.md": "# Other\n",
        "blog/index.md": "# Blog\n",
        "blog/posts/post.md": "---\ndate: 2026-11-30\n---\n\n# A post\n\nBefore.\n\n![[index#^blk]]\n\n<!-- more -->\n\nAfter.\n",
    }
    config = {"theme": "material", "plugins": ["blog", "obsidian-embeds"]}
    taken, plugin = _build(tmp_path / "taken", files, config)
    assert [quote.block_id for quote in _taken(plugin._pages.rendered["blog/posts/post.md"])] == ["blk"]
    index = without_link_extras(taken.html("blog"))
    assert '<p data-block-id="^blk">The <a href="../Other/">linked</a> block.</p>' in index
    assert '<p data-block-id="^blk">The <a href="../../../../../Other/">linked</a> block.</p>' in without_link_extras(taken.html("blog/2026/11/30/a-post"))
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", files, config)
    assert _pages(taken) == _pages(again) and taken.warnings == again.warnings == []
    assert not any("obsidian-quote" in page for page in _pages(taken).values())


SECTIONS = """# Sections

## Plain

A paragraph with [[Other]], [[#Linked Other here|a link to a section]], [[Host]], ==marked== text,
an ![image](pics/dot.png) and a second line. ^in-section

### Nested

- an item ^item
- [ ] a task

> [!note] A callout
> #### A heading inside it
> Its body.

| a | b |
|---|---|
| [[Other]] | 2 |

## Linked [[Other]] *here*

Text.

# Whole

Under the second title.

## With a footnote

Cited.[^1]

## With an embed

![[Other]]

## With attributes {.special}

Text.

## With HTML

Inline <h3 id="raw">HTML</h3> heading.

## Last

The end.

[^1]: The note.
"""

SECTION_EMBEDS = [
    "Plain", "Nested", "Linked Other here", "Plain#Nested", "Whole", "With a footnote", "With an embed",
    "With attributes {.special}", "With HTML", "Last",
]


def _section_vault() -> dict[str, str]:
    embeds = "\n\n".join(f"![[Sections#{heading}]]" for heading in SECTION_EMBEDS)
    return {
        "index.md": "# Home\n\n" + embeds + "\n",
        "Sections.md": SECTIONS,
        "Other.md": "# Other\n",
        "Host.md": "# Host\n\n- In a list:\n\n    ![[Sections#Plain]]\n\n> ![[Sections#Linked Other here]]\n",
        "deep/Far.md": "# Far\n\n![[Sections#Nested]]\n",
        "pics/dot.png": "png",
    }


@pytest.mark.parametrize(
    "config",
    [
        {"theme": "mkdocs", "markdown_extensions": ["attr_list"]},
        {"theme": "mkdocs", "use_directory_urls": False, "markdown_extensions": ["attr_list"]},
        {"theme": "material", "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list"]},
        {"theme": "mkdocs", "markdown_extensions": [{"toc": {"permalink": "#", "permalink_class": "anchor", "permalink_leading": True}}, "attr_list"]},
    ],
    ids=["directory-urls", "file-urls", "material-permalinks", "leading-permalinks"],
)
def test_a_section_taken_from_its_page_is_what_rendering_it_again_gives(tmp_path, monkeypatch, config):
    taken, plugin = _build(tmp_path / "taken", _section_vault(), config)
    sections = {path: [quote.text for quote in _taken(page)] for path, page in plugin._pages.rendered.items()}
    # a title's section, one with a footnote, an embed, attributes or HTML, and the last (the note has footnotes) are rendered again
    # (the note Other, embedded by the section "With an embed", is taken from Other's page)
    assert sections["index.md"] == ["Plain", "Nested", "Linked Other here", "Nested", "Other", "Other"]
    assert sections["Host.md"] == ["Plain", "Linked Other here"] and sections["deep/Far.md"] == ["Nested"]
    _render_every_quote(monkeypatch)
    again, plugin = _build(tmp_path / "again", _section_vault(), config)
    assert sum(len(_taken(page)) for page in plugin._pages.rendered.values()) == 0
    assert taken.warnings == again.warnings == []
    assert _pages(taken) == _pages(again)
    home = taken.content("index")
    assert home.count('class="obsidian-embed obsidian-embed--heading"') == 10 and "obsidian-quote" not in home
    assert '<div aria-level="3" class="obsidian-embed__heading obsidian-embed__heading--h3" role="heading">Nested</div>' in home


def test_a_section_is_rendered_again_where_headings_link_their_text(tmp_path):
    """toc's ``anchorlink`` makes each heading's text a link: that is not cut from the page."""
    config = {"markdown_extensions": [{"toc": {"anchorlink": True}}]}
    site, plugin = _build(tmp_path, _section_vault(), config)
    assert not any(_taken(page) for page in plugin._pages.rendered.values()) and site.warnings == []
    assert '<div aria-level="2" class="obsidian-embed__heading obsidian-embed__heading--h2" role="heading">' in site.content("index")


def test_a_section_missing_from_its_page_keeps_its_heading_and_warns(tmp_path):
    class RenameHeadings(BasePlugin):
        def on_page_content(self, html, page, config, files):
            return html.replace('id="part-with-other"', 'id="renamed"') if page.file.src_uri == "Source.md" else html

    files = {
        "index.md": "# Home\n\n![[Source#Part with Other]]\n\nAfter.\n",
        "Source.md": "# Source\n\n## Part with [[Other]]\n\nText.\n\n## Next\n",
        "Other.md": "# Other\n",
    }
    site, _ = _build(tmp_path, files, {"theme": "mkdocs"}, plugins=(RenameHeadings(),))
    home = site.content("index")
    assert "<p>Part with Other</p>" in home and "<p>After.</p>" in home and "[[" not in home
    assert site.warnings == ["obsidian-embeds: index.md: the section 'Part with Other' of Source.md is not on its page: its text is shown"]


def test_filling_a_page_of_many_quotes_is_linear():
    """Each comment is replaced in one pass over the page, not in one pass per quote."""
    import time

    from mkdocs_obsidian_embeds.engine.parts import Quote, quote_comment
    from mkdocs_obsidian_embeds.engine.rendered_quotes import fill

    quotes = [Quote(f"a.q{n}", "Source.md", f"b{n}", "text") for n in range(60_000)]
    content = "<p>x</p>" + "\n".join(quote_comment(quote.ref) for quote in quotes) + quote_comment("b.q0")
    started = time.perf_counter()
    filled, missing = fill(content, quotes, lambda quote: f"<p>{quote.block_id}</p>" if quote.block_id != "b7" else None)
    assert time.perf_counter() - started < 2
    assert filled.startswith("<p>x</p><p>b0</p>\n<p>b1</p>") and '<p data-block-id="^b7">text</p>' in filled
    assert filled.endswith("<p>b59999</p>" + quote_comment("b.q0")) and missing == [quotes[7]]


def test_a_quote_copied_twice_is_filled_twice_and_every_page_mark_goes():
    """A blog index may show a post's excerpt, and so its quote comments and page marks, twice."""
    from mkdocs_obsidian_embeds.engine.parts import PAGE_END, PAGE_START, Quote, quote_comment
    from mkdocs_obsidian_embeds.engine.rendered_quotes import fill

    quote = Quote("a.q0", "Source.md", "b0", "text")
    excerpt = PAGE_START + "<p>x</p>" + quote_comment(quote.ref) + PAGE_END
    filled, missing = fill(excerpt + excerpt, [quote], lambda quote: "<p>b0</p>")
    assert filled == "<p>x</p><p>b0</p>" * 2 and missing == []


CODE = """# Code

## Fenced

Before the code, [[Other]]:

```python
def f():
    return "[[not a link]]"  # ^not-an-id
```

- an item with code:

    ```yaml
    key: value
    ```

^code-list

## Tabs

=== "One"

    First tab.

=== "Two"

    Second tab.

## Next

The end.
"""


def _code_vault() -> dict[str, str]:
    embeds = "![[Code#Fenced]]\n\n![[Code#^code-list]]\n\n![[Code#Tabs]]\n\n=== \"Host's own\"\n\n    A tab of the host.\n"
    return {"index.md": "# Home\n\n" + embeds, "Code.md": CODE, "Other.md": "# Other\n", "deep/Host.md": "# Host\n\n" + embeds}


@pytest.mark.parametrize(
    ("config", "taken_count"),
    [
        ({"theme": "mkdocs", "markdown_extensions": ["pymdownx.tabbed"]}, 2),
        ({"theme": "material", "markdown_extensions": ["pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed"]}, 2),
        (
            {
                "theme": "material",
                "markdown_extensions": [
                    {"pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span"}},
                    "pymdownx.superfences",
                    {"pymdownx.tabbed": {"alternate_style": True}},
                ],
            },
            0,
        ),
    ],
    ids=["fenced-code", "highlighted", "line-anchors"],
)
def test_a_quote_holding_code_is_taken_unless_its_lines_are_numbered_per_page(tmp_path, monkeypatch, config, taken_count):
    """Code is the same HTML on every page unless the highlighter numbers its lines' anchors per
    page; content tabs always number their ids per page."""
    taken, plugin = _build(tmp_path / "taken", _code_vault(), config)
    quotes = [quote.block_id or quote.text for quote in _taken(plugin._pages.rendered["index.md"])]
    assert quotes == ["Fenced", "code-list"][:taken_count]
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", _code_vault(), config)
    assert taken.warnings == again.warnings == [] and _pages(taken) == _pages(again)
    home = taken.content("index")
    assert "[[not a link]]" in home and "^not-an-id" in home and "Second tab." in home


ITEMS = """# Items

Intro:

- first with [[Other]] ^first
    - nested ^nested
    - two
- second ^second
- [ ] a task ^task

> - in a quote ^quoted
> - more

A paragraph
- glued to it ^glued

- loose one

- loose two ^loose
- after a blank ^after-blank

1. ordered ^ordered
2. two

- after an ordered list ^after-ordered

Between.

- last ^last

The end.
"""

ITEM_IDS = ("first", "nested", "second", "task", "quoted", "glued", "loose", "after-blank", "ordered", "after-ordered", "last")


def _items_vault() -> dict[str, str]:
    embeds = "\n\n".join(f"![[Items#^{name}]]" for name in ITEM_IDS) + "\n"
    return {"index.md": "# Home\n\n" + embeds, "Items.md": ITEMS, "Other.md": "# Other\n", "deep/Host.md": "# Host\n\n" + embeds}


@pytest.mark.parametrize(
    "config",
    [{"theme": "mkdocs"}, {"theme": "material", "markdown_extensions": [{"pymdownx.tasklist": {"custom_checkbox": True}}]}],
    ids=["mkdocs", "material-tasklist"],
)
def test_a_tight_bullet_item_is_taken_from_its_page(tmp_path, monkeypatch, config):
    """A bullet item that Python-Markdown renders tight is the same ``<li>`` alone as on its page;
    one of a loose list, an ordered one, or one Python-Markdown sees no list for (under a paragraph)
    or counts into the list above (after a blank line) is rendered again."""
    taken, plugin = _build(tmp_path / "taken", _items_vault(), config)
    assert [quote.block_id for quote in _taken(plugin._pages.rendered["index.md"])] == ["first", "nested", "second", "task", "quoted", "last"]
    assert all(quote.list_item for quote in _taken(plugin._pages.rendered["index.md"]))
    # the others are rendered by the first page quoting them, and the second takes them from there
    cached = {path: [quote.block_id for quote in page.quotes if quote.embed] for path, page in plugin._pages.rendered.items()}
    assert cached == {"index.md": [], "deep/Host.md": ["glued", "loose", "after-blank", "ordered", "after-ordered"], "Items.md": [], "Other.md": []}
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", _items_vault(), config)
    assert taken.warnings == again.warnings == [] and _pages(taken) == _pages(again)
    assert '<ul>\n<li data-block-id="^nested">nested</li>\n</ul>' in taken.content("index")


@pytest.mark.parametrize("config", URL_CONFIGS, ids=URL_CONFIG_IDS)
def test_where_no_source_page_is_rendered_each_quote_is_rendered_once(tmp_path, monkeypatch, config):
    """As in a ``--dirty`` build, whose unchanged pages are not rendered: the first page quoting a
    block renders it, the others take it from there, their links rebased to their own URL."""
    monkeypatch.setattr(plugin_module, "rendered_in", lambda files, dirty: lambda note: False)
    cached, plugin = _build(tmp_path / "cached", _items_vault(), config)
    assert [quote.block_id for quote in plugin._pages.rendered["deep/Host.md"].quotes] == list(ITEM_IDS)
    assert not plugin._pages.rendered["index.md"].quotes
    # what a quote from the cache links is the page's too: --dirty rebuilds the page when it changes
    assert "Other.md" in plugin._pages.rendered["deep/Host.md"].linked
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", _items_vault(), config)
    assert cached.warnings == again.warnings == [] and _pages(cached) == _pages(again)
    host = _page_html(cached, config, "deep/Host")
    assert "obsidian-quote" not in host and host.count('class="obsidian-embed obsidian-embed--block"') == len(ITEM_IDS)


MEDIA = """# Media

An icon ![[icons/star.svg#icon]] in a sentence. ^icon

## Pictures

![[pics/dot.png|40]]

Sound: ![[sounds/a.mp3]] and a missing ![[nowhere.png]].

## Documents

![[files/guide.pdf#page=2]]

A file: ![[files/data.csv]], a video ![[files/clip.mp4|320x200]].

![[pics/dot.png|300]]
^picture

![[icons/star.svg]]^glued

## Notes

Text ![[Other]] inline.

## End

The end.
"""


def _media_vault() -> dict[str, str]:
    embeds = "\n\n".join(f"![[Media#{fragment}]]" for fragment in ("^icon", "Pictures", "Documents", "Notes", "^picture", "^glued")) + "\n"
    files = {name: "data" for name in ("icons/star.svg", "pics/dot.png", "sounds/a.mp3", "files/guide.pdf", "files/data.csv", "files/clip.mp4")}
    return {"index.md": "# Home\n\n" + embeds, "Media.md": MEDIA, "Other.md": "# Other\n\nOther's text.\n", "deep/Host.md": "# Host\n\n" + embeds, **files}


@pytest.mark.parametrize("config", [{"theme": "mkdocs"}, {"theme": "mkdocs", "use_directory_urls": False}], ids=["directory-urls", "file-urls"])
def test_a_quote_embedding_attachments_is_taken_and_one_embedding_a_note_is_rendered_again(tmp_path, monkeypatch, config):
    """An attachment's embed is the same markup on every page (its URLs rebased like the links');
    a note's embed nests under the quoting page's limits and cycles."""
    taken, plugin = _build(tmp_path / "taken", _media_vault(), config)
    for path in ("index.md", "deep/Host.md"):
        assert [quote.block_id or quote.text for quote in _taken(plugin._pages.rendered[path])] == [
            "icon", "Pictures", "Documents", "Other", "picture", "glued"
        ]  # the section Notes is rendered again, the note Other it embeds taken from Other's page
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", _media_vault(), config)
    assert taken.warnings == again.warnings == ["obsidian-embeds: Media.md:9: unresolved embed '![[nowhere.png]]': no such note or file"]
    assert _pages(taken) == _pages(again)
    host = _page_html(taken, config, "deep/Host")
    up = "../" if config.get("use_directory_urls") is False else "../../"
    for url in ("pics/dot.png", "icons/star.svg", "sounds/a.mp3", "files/guide.pdf#page=2", "files/clip.mp4"):
        assert f'src="{up}{url}"' in host
    assert f'href="{up}files/data.csv"' in host and "Other's text." in host and "obsidian-quote" not in host
    assert host.count('<p data-block-id="^picture">') == host.count('<p data-block-id="^glued">') == 2  # as blocks, in the section


ENDING = """# Ending

Intro.

## Middle

Text, and a quote whose footnote the page lists at its end:

![[Cited#^noted]]

## Last part

The last words, with [[Other]].

### Its subsection

- a list
- of two

> a quote
"""


class AppendToPages(BasePlugin):
    """Another plugin adding to every page's content after the page's own."""

    def on_page_content(self, html, page, config, files):
        return html + "\n<p>Added by another plugin.</p>"


def _ending_vault() -> dict[str, str]:
    embeds = "![[Ending#Last part]]\n\n![[Ending#Its subsection]]\n\n![[Footed#Last]]\n"
    return {
        "index.md": "# Home\n\n" + embeds,
        "Ending.md": ENDING,
        "Footed.md": "# Footed\n\n## Last\n\nA note.[^1]\n\n[^1]: The note.\n",
        "Cited.md": "# Cited\n\nNoted.[^n] ^noted\n\n[^n]: Cited's note.\n",
        "Other.md": "# Other\n",
        "deep/Host.md": "# Host\n\n" + embeds,
    }


@pytest.mark.parametrize("config", [{"theme": "mkdocs"}, {"theme": "material", "markdown_extensions": [{"toc": {"permalink": True}}]}], ids=["mkdocs", "material-permalinks"])
def test_a_notes_last_section_is_taken_up_to_its_pages_own_content(tmp_path, monkeypatch, config):
    """The last section ends where the page's own content does: before its footnotes' list (here
    carried from a quote in another section) and before what other plugins add. One that holds a
    footnote's definition is rendered again."""
    taken, plugin = _build(tmp_path / "taken", _ending_vault(), config, plugins=(AppendToPages(),))
    for path in ("index.md", "deep/Host.md"):
        assert [quote.text for quote in _taken(plugin._pages.rendered[path])] == ["Last part", "Its subsection"]
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", _ending_vault(), config, plugins=(AppendToPages(),))
    assert taken.warnings == again.warnings == [] and _pages(taken) == _pages(again)
    home = taken.content("index")
    assert home.count("Added by another plugin.") == 1 and home.count("a quote") == 2 and "The note." in home
    ending = taken.content("Ending")
    assert ending.count('<div class="footnote">') == 1 and "Cited's note." in ending and home.count("Cited's note.") == 0
    assert "obsidian-quote" not in home and all("obsidian-quote" not in html for html in _pages(taken).values())


TITLED = """---
reviewed: 2025-01-01
---
# Note title

Intro with [[Other]] and ![[pics/dot.png]].

## Part

Text. ^blk

# Second title

More.
"""


class SurroundPages(BasePlugin):
    """Another plugin adding before and after every page's content."""

    def on_page_content(self, html, page, config, files):
        return "<p>Before the page.</p>\n" + html + "\n<p>After the page.</p>"


def _titled_vault() -> dict[str, str]:
    embeds = "![[Note]]\n\n![[Note#Note title]]\n\n![[Note#Second title]]\n"
    return {
        "index.md": "# Home\n\n" + embeds,
        "Note.md": TITLED,
        "Other.md": "# Other\n",
        "deep/Host.md": "# Host\n\n" + embeds,
        "pics/dot.png": "png",
    }


@pytest.mark.parametrize("config", URL_CONFIGS, ids=URL_CONFIG_IDS)
def test_a_whole_note_and_a_titles_section_are_taken_without_the_pages_badge(tmp_path, monkeypatch, config):
    """A whole note runs from the start of its page's own content to its end, a title's section to
    the next title; the review badge after the page's title is the page's, not the quote's."""
    taken, plugin = _build(tmp_path / "taken", _titled_vault(), config, plugins=(SurroundPages(),))
    for path in ("index.md", "deep/Host.md"):
        assert [quote.text for quote in _taken(plugin._pages.rendered[path])] == ["Note", "Note title", "Second title"]
    _render_every_quote(monkeypatch)
    again, _ = _build(tmp_path / "again", _titled_vault(), config, plugins=(SurroundPages(),))
    assert taken.warnings == again.warnings == [] and _pages(taken) == _pages(again)
    home = taken.content("index")
    assert home.count("Before the page.") == home.count("After the page.") == 1
    assert home.count("Intro with") == 2 and home.count("More.") == 2 and home.count('<div class="last-reviewed') == 0
    assert _page_html(taken, config, "Note").count('<div class="last-reviewed') == 1 and "obsidian-quote" not in home
