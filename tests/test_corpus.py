"""The real Obsidian help vault (173 notes) publishes with only its deliberate broken examples."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, build_config, raw_obsidian_syntax

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")

#: Every warning the vault may give, with why: nothing else is allowed.
EXPLAINED = {
    # The four deliberate broken examples of the "Internal links" page...
    "obsidian-embeds: Linking notes and files/Internal links.md:154: unresolved link '[[Example]]': no such note or file",
    "obsidian-embeds: Linking notes and files/Internal links.md:155: unresolved link '[[Example#Details]]': no such note or file",
    "obsidian-embeds: Linking notes and files/Internal links.md:162: unresolved link '[[Example|Custom name]]': no such note or file",
    "obsidian-embeds: Linking notes and files/Internal links.md:163: unresolved link '[[Example#Details|Section name]]': no such note or file",
    # ...and the same examples written as Markdown links, which MkDocs itself reports.
    "Doc file 'Linking notes and files/Internal links.md' contains a link 'Example.md', but the target "
    "'Linking notes and files/Example.md' is not found among documentation files.",
    "Doc file 'Linking notes and files/Internal links.md' contains a link 'Example.md#Details', but the target "
    "'Linking notes and files/Example.md' is not found among documentation files.",
    # The corpus README: two .mp4 files were absent from the copy; this one is embedded.
    "obsidian-embeds: Extending Obsidian/Obsidian CLI.md:9: unresolved embed '![[obsidian-cli.mp4#interface]]': "
    "no such note or file",
}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "mkdocs.yml").write_text(
        f"site_name: Obsidian Help\ndocs_dir: {CORPUS}\ntheme: mkdocs\n"
        "plugins: [obsidian-embeds]\nvalidation: {links: {anchors: warn}}\n",
        encoding="utf-8",
    )
    return build_config(root, root / "mkdocs.yml")


def test_only_explained_warnings(corpus_site):
    assert set(corpus_site.warnings) == EXPLAINED
    assert len(corpus_site.warnings) == len(EXPLAINED)


def _all_html(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.site_dir.rglob("*.html"))


def test_block_heading_and_attachment_embeds_all_resolve(corpus_site):
    html = _all_html(corpus_site)
    assert html.count('class="obsidian-embed obsidian-embed--block"') == 13
    assert html.count('class="obsidian-embed obsidian-embed--heading"') == 20
    assert len(re.findall(r"<img [^>]*src=\"[^\"]*(?:Attachments|\.svg|\.png)", html)) >= 250
    assert html.count("obsidian-unresolved") == 5  # the four examples and the absent video


def test_callouts_render_as_admonitions_and_no_raw_syntax_remains(corpus_site):
    page = (corpus_site.site_dir / "Linking notes and files" / "Internal links" / "index.html").read_text()
    assert '<div class="admonition warning">' in page
    assert "[!warning]" not in page
    body = re.sub(r"<(code|pre)>.*?</\1>", "", page, flags=re.S)
    assert "![[" not in body and "%%" not in body


def test_block_links_land_on_block_ids(corpus_site):
    page = (corpus_site.site_dir / "Linking notes and files" / "Internal links" / "index.html").read_text()
    assert re.search(r'<(?:p|li|div|blockquote|table|ul)[^>]* id="\^b15695"', page)


#: Raw syntax a reader sees that the vault writes as text (escaped brackets), as Obsidian shows it too.
VAULT_RAW = {
    ("Getting started/Link notes/index.html", "[[double bracket syntax]]"),
    ("Getting started/Link notes/index.html", "[[Three laws of motion]]"),
    ("Linking notes and files/Internal links/index.html", "[[Wikilinks]]"),
}

#: Wikilinks holding inline code inside their brackets: links in Obsidian, never raw text on the site.
CODE_IN_WIKILINKS = {
    ("Editing and formatting/Tags/index.html", "[[Functions#hasTag|`…`]]"),
    ("Extending Obsidian/Obsidian CLI/index.html", "[[#`…`|move]]"),
    ("Obsidian Web Clipper/Filters/index.html", "[[Filters#`…`|wikilink]]"),
}


def test_no_raw_syntax_beyond_the_vaults_own(corpus_site):
    assert raw_obsidian_syntax(corpus_site.site_dir) == VAULT_RAW


def test_a_wikilink_holding_inline_code_is_a_link(corpus_site):
    """``[[Functions#hasTag|`hasTag`]]`` is a link whose text is code (SPEC 1b)."""
    assert not raw_obsidian_syntax(corpus_site.site_dir) & CODE_IN_WIKILINKS
    tags = corpus_site.note_content("Editing and formatting/Tags")
    assert re.search(r'<a href="[^"]*Bases/Functions/#hastag"[^>]*><code>hasTag</code></a>', tags)
