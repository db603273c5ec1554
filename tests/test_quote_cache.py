"""Quoted content rendered once per build where pages are rendered one at a time (Zensical).

The first page that quotes a block renders it; every later page takes that HTML, its links
rebased to its own folder (engine/quote_cache.py). Each test renders pages as Zensical does (a
Markdown per page, one configuration object per build) and compares every page with the same
page rendered first in a build of its own, where nothing comes from the cache.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_obsidian_embeds.engine.markers import MARK
from mkdocs_obsidian_embeds.engine.quote_cache import rebase_path
from mkdocs_obsidian_embeds.engine.render import Renderer
from mkdocs_obsidian_embeds.extension import standalone
from test_properties import FRAGMENTS
from test_safety import assert_inert
from test_zensical import EXTENSIONS, write, zensical_render

SOURCE = """# Source

A quoted paragraph with [[Other]], ==marks==, ![[pic.png]] and [a file](files/doc.pdf). ^quote

- first item
- second item with [[Source#Details|details]] ^item

A paragraph with a footnote.[^1] ^noted

## Details

Text of the section, see [[b/deep/Two]].

1. one
2. two

## Notes

[^1]: The footnote.
"""
QUOTES = "![[Source#^quote]]\n\n- in a list\n    ![[Source#^item]]\n\n> ![[Source#Details]]\n\n![[Source#^quote]]\n"
VAULT = {
    "notes/Source.md": SOURCE,
    "notes/pic.png": b"png",
    "notes/files/doc.pdf": b"pdf",
    "Other.md": "# Other\n",
    "index.md": "# Home\n\n" + QUOTES,
    "a/One.md": "# One\n\n" + QUOTES + "\n![[Source#^noted]]\n",
    "b/deep/Two.md": "# Two\n\nBefore.\n\n" + QUOTES + "\n![[Source#^noted]]\n",
}
PAGES = ["index.md", "a/One.md", "b/deep/Two.md"]


@pytest.fixture(autouse=True)
def _fresh_vaults():
    standalone._VAULTS.clear()
    yield
    standalone._VAULTS.clear()


#: What a site lists (Zensical's defaults hold superfences): fenced code is code, as in the vault.
SITE_EXTENSIONS = [*EXTENSIONS, "pymdownx.superfences"]


def build(root, pages, config=None):
    """Render ``pages`` in one build, in that order: their HTML by path."""
    config = config or {"docs_dir": "docs", "root_dir": str(root)}
    return {
        path: zensical_render(root, path, (root / "docs" / path).read_text(), config=config, extensions=SITE_EXTENSIONS)[0]
        for path in pages
    }


def alone(root, path):
    """``path`` rendered first in a build of its own: every quote rendered on the page."""
    standalone._VAULTS.clear()
    return build(root, [path])[path]


@pytest.fixture()
def renderings(monkeypatch):
    """How often the line loop renders lines of ``notes/Source.md`` inside an embed."""
    count = {"n": 0}
    lines = Renderer.lines

    def counted(self, scope, start, end):
        if scope.depth and scope.source.path == "notes/Source.md":
            count["n"] += 1
        return lines(self, scope, start, end)

    monkeypatch.setattr(Renderer, "lines", counted)
    return count


def test_each_quote_is_rendered_once_per_build_and_every_page_is_as_if_rendered_alone(tmp_path, renderings):
    write(tmp_path / "docs", VAULT)
    pages = build(tmp_path, PAGES)
    # three blocks the same on every page, once each; the block with a footnote on each page
    assert renderings["n"] == 3 + 2
    for path, html in pages.items():
        assert_inert(html)
        assert html == alone(tmp_path, path), path
    two = pages["b/deep/Two.md"]
    assert 'href="../../Other.md"' in two and 'src="../../notes/pic.png"' in two
    assert 'href="../../notes/files/doc.pdf"' in two and 'href="../../notes/Source.md#details"' in two
    assert 'href="#two"' not in two and "Text of the section, see" in two  # a link to the page itself
    assert two.count('<p data-block-id="^quote">A quoted paragraph') == 2


def test_the_first_page_quoting_a_block_twice_renders_it_once(tmp_path, renderings):
    write(tmp_path / "docs", VAULT)
    html = build(tmp_path, ["index.md"])["index.md"]
    assert renderings["n"] == 3
    assert html.count("<mark>marks</mark>") == 2 and "<!--" not in html


def test_a_block_whose_html_depends_on_its_page_is_rendered_on_each(tmp_path):
    write(tmp_path / "docs", VAULT)
    pages = build(tmp_path, ["a/One.md", "b/deep/Two.md"])
    for html in pages.values():
        assert 'A paragraph with a footnote.<sup id="fnref:e' in html and "The footnote." in html


def test_an_edit_to_a_quoted_note_shows_in_the_next_build(tmp_path):
    write(tmp_path / "docs", VAULT)
    build(tmp_path, ["index.md"])
    source = tmp_path / "docs" / "notes" / "Source.md"
    source.write_text(SOURCE.replace("A quoted paragraph", "An edited paragraph"), encoding="utf-8")
    html = build(tmp_path, ["a/One.md"])["a/One.md"]
    assert html.count("An edited paragraph") == 2 and "A quoted paragraph" not in html


@pytest.mark.parametrize(
    ("url", "source", "host", "expected"),
    [
        ("Other.md", "index.md", "a/One.md", "../Other.md"),
        ("../Other.md#x", "a/One.md", "b/deep/Two.md", "../../Other.md#x"),
        ("notes/My%20Note.md", "index.md", "notes/Two.md", "My%20Note.md"),
        ("#^quote", "a/One.md", "index.md", "a/One.md#^quote"),
        ("../index.md#home", "a/One.md", "index.md", "#home"),
        ("pic.png", "notes/A.md", "notes/B.md", "pic.png"),
    ],
)
def test_a_link_is_rebased_from_the_file_it_was_written_for(url, source, host, expected):
    assert rebase_path(url, source, host) == expected


# -- any vault, any order --------------------------------------------------------------------

#: Pieces of a quoted block: links from its own folder and from others, a highlight, an image, a
#: Markdown link to a file, a link to the page that may be quoting it, plain words.
_PIECES = ["[[Other]]", "[[a/One]]", "[[b/deep/Two#Two]]", "==marked==", "![[pic.png]]", "[doc](files/doc.pdf)", "[[index]]", "words"]
_BLOCKS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map(" ".join)
_KINDS = st.sampled_from(["para", "item", "section"])


def _source(blocks: list[tuple[str, str]]) -> str:
    lines = ["# Source", ""]
    for number, (kind, text) in enumerate(blocks):
        if kind == "para":
            lines += [f"{text} ^b{number}", ""]
        elif kind == "item":
            lines += [f"- {text} ^b{number}", "- other", ""]
        else:
            lines += [f"## S{number}", "", text, ""]
    return "\n".join(lines)


def _embed(kind: str, number: int) -> str:
    return f"![[Source#S{number}]]" if kind == "section" else f"![[Source#^b{number}]]"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    blocks=st.lists(st.tuples(_KINDS, _BLOCKS), min_size=1, max_size=3),
    quotes=st.lists(st.lists(st.integers(0, 2), max_size=4), min_size=3, max_size=3),
    order=st.permutations(PAGES),
    source_folder=st.sampled_from(["notes", "a", "b/deep"]),
)
def test_any_vault_in_any_order_renders_every_page_as_alone(tmp_path_factory, blocks, quotes, order, source_folder):
    root = tmp_path_factory.mktemp("vault")
    files = {f"{source_folder}/Source.md": _source(blocks), f"{source_folder}/pic.png": b"png", "Other.md": "# Other\n"}
    for path, picks in zip(PAGES, quotes, strict=True):
        embeds = [_embed(*next((kind, n) for n, (kind, _) in enumerate(blocks) if n == pick % len(blocks))) for pick in picks]
        files[path] = f"# {path}\n\n" + "\n\n".join(embeds) + "\n"
    write(root / "docs", files)
    standalone._VAULTS.clear()
    pages = build(root, list(order))
    for path, html in pages.items():
        assert_inert(html)
        assert html == alone(root, path), path


_HOSTILE = st.lists(st.sampled_from(FRAGMENTS + ["para ^x", "# Head", "text ^x", "</div>", "<div>", "```", "[[A]]"]) | st.text(max_size=15), max_size=20)


@settings(max_examples=int(os.environ.get("RENDER_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=_HOSTILE, order=st.permutations(PAGES))
def test_any_quoted_text_leaves_no_placeholder_and_is_as_if_rendered_alone(tmp_path_factory, source, order):
    root = tmp_path_factory.mktemp("vault")
    embeds = "![[S#^x]]\n\n- ![[S#Head]]\n\n> ![[S#^blk-1]]\n\n![[S]]\n\n![[S#^x]]\n"
    write(root / "docs", {"S.md": "\n".join(source), "A.md": "# A\n", **{path: embeds for path in PAGES}})
    standalone._VAULTS.clear()
    pages = build(root, list(order))
    for path, html in pages.items():
        assert MARK not in html and "<!--obsidian-quote:" not in html
        assert html == alone(root, path), path
