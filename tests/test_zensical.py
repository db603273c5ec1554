"""The engine's second front door: the ``obsidian_embeds`` Python-Markdown extension.

Zensical runs the Markdown extensions a site lists and none of its MkDocs plugins. The first
test builds a vault with Zensical itself (``ZENSICAL_BIN``, which ``.ci/run`` installs in a
venv of its own); the others run the extension in plain ``markdown.Markdown`` on a vault in
``tmp_path``, and with a stand-in for Zensical's rendering context.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest
from markdown.preprocessors import Preprocessor

from conftest import without_link_extras
from mkdocs_obsidian_embeds.extension import standalone as markdown_extension
from mkdocs_obsidian_embeds.extension.processors import ObsidianExtension

ZENSICAL = os.environ.get("ZENSICAL_BIN") or shutil.which("zensical")
EXTENSIONS = ["toc", "tables", "footnotes", "attr_list", "md_in_html", "admonition", "pymdownx.details"]
PRIVATE = "---\npublish: false\ntitle: SECRET-TITLE\ntags: [SECRET-TAG]\n---\n# SECRET-HEADING\n\nSECRET-BODY ^hidden\n"
HOME = """# Home

A block: ![[Source#^quote]]

![[Source#Section Two]]

See [[Source#^quote|the quote]], [[Secret]] and ![[Secret]].

Cited.[^1]

[^1]: [[Source#^quote]]

> [!tip] Careful
> Callout body

Hidden %%SECRET-COMMENT%% here, ==marked== words.

Last paragraph.
"""
SOURCE = "---\ntitle: The Source\n---\n# Source\n\nThe quoted paragraph. ^quote\n\n## Section Two\n\nSection two body.\n"
VAULT = {"index.md": HOME, "notes/Source.md": SOURCE, "Secret.md": PRIVATE}
SITE_CONFIG = "site_name: Vault\nmarkdown_extensions:\n" + "".join(f"  - {name}\n" for name in EXTENSIONS)


@pytest.fixture(autouse=True)
def _fresh_warnings():
    """Option warnings are said once per process; each test hears its own."""
    markdown_extension._WARNED.clear()
    yield
    markdown_extension._WARNED.clear()


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def convert(text: str, **options) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, markdown_extension.makeExtension(**options)]).convert(text)


def messages(caplog: pytest.LogCaptureFixture, level: int = logging.WARNING) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "obsidian_embeds" and r.levelno == level]


# -- Zensical itself ---------------------------------------------------------------------


@pytest.mark.skipif(ZENSICAL is None, reason="Zensical is not installed (.ci/run installs it, see ZENSICAL_BIN)")
def test_a_vault_builds_with_zensical(tmp_path):
    write(tmp_path / "docs", VAULT)
    write(tmp_path / "docs", {".obsidian/workspace.json": "{}", ".trash/Old.md": "SECRET-TRASH\n"})
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG + "  - obsidian_embeds\n", encoding="utf-8")
    result = subprocess.run([ZENSICAL, "build", "--clean"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    note = without_link_extras(home)
    assert '<div class="obsidian-embed obsidian-embed--block">' in home
    assert '<p data-block-id="^quote">The quoted paragraph.</p>' in home
    assert '<div class="obsidian-embed__source"><a href="notes/Source/#^quote">The Source</a></div>' in note
    assert '<div class="obsidian-embed obsidian-embed--heading">' in home and "<p>Section two body.</p>" in home
    assert '<a href="notes/Source/#section-two">The Source &gt; Section Two</a>' in note
    assert '<a href="notes/Source/#^quote">the quote</a>' in note
    assert '<cite class="obsidian-citation"><a href="notes/Source/#^quote">The Source</a></cite>' in note
    assert '<span class="obsidian-citation__excerpt">&#8220;The quoted paragraph.&#8221;</span>' in home
    assert '<div class="admonition tip">\n<p class="admonition-title">Careful</p>' in home
    assert "<p>Hidden  here, <mark>marked</mark> words.</p>" in home
    assert '<span class="obsidian-unresolved" title="Not published">Secret</span>' in home
    assert 'href="Secret/"' not in home.split('class="md-content"')[1]  # the nav lists it; the text does not link it
    assert "<p>Last paragraph.</p>" in home
    source = (site / "notes" / "Source" / "index.html").read_text(encoding="utf-8")
    assert '<p id="^quote">The quoted paragraph.</p>' in source
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.suffix in {".html", ".json", ".xml"})
    assert "SECRET" not in everything
    assert "index.md:7: unresolved link '[[Secret]]': is private (not published)" in result.stderr
    assert not (site / ".trash").exists() and not (site / ".obsidian").exists()


# -- plain Python-Markdown -----------------------------------------------------------------


def test_embeds_links_citations_callouts_comments_and_highlights(tmp_path, caplog):
    vault = write(tmp_path / "vault", VAULT)
    html = convert(HOME, vault_dir=str(vault))
    note = without_link_extras(html)
    assert '<p data-block-id="^quote">The quoted paragraph.</p>' in html
    assert '<div class="obsidian-embed__source"><a href="notes/Source.md#^quote">The Source</a></div>' in note
    assert '<a href="notes/Source.md#section-two">The Source &gt; Section Two</a>' in note
    assert '<a href="notes/Source.md#^quote">the quote</a>' in note
    assert '<cite class="obsidian-citation"><a href="notes/Source.md#^quote">The Source</a></cite>' in note
    assert '<div class="admonition tip">' in html and "<mark>marked</mark>" in html
    assert "SECRET" not in html and "<p>Last paragraph.</p>" in html
    assert messages(caplog) == [
        "index.md:7: unresolved link '[[Secret]]': is private (not published)",
        "index.md:7: unresolved embed '![[Secret]]': is private (not published)",
    ]


def test_the_page_is_found_by_its_text_and_links_from_its_folder(tmp_path):
    vault = write(tmp_path / "vault", {**VAULT, "notes/Other.md": "[[Source#^quote]] and [[#Own]]\n\n## Own\n"})
    html = without_link_extras(convert((vault / "notes" / "Other.md").read_text(), vault_dir=str(vault)))
    assert '<a href="Source.md#^quote">Source &gt; ^quote</a>' in html
    assert '<a href="#own">Own</a>' in html
    source = convert(SOURCE, vault_dir=str(vault))  # the whole file, frontmatter included: the note's body shows
    assert '<p id="^quote">The quoted paragraph.</p>' in source and "title:" not in source


def test_a_private_note_shows_nothing_of_itself(tmp_path):
    vault = write(tmp_path / "vault", VAULT)
    assert convert(PRIVATE, vault_dir=str(vault)) == ""
    assert convert(PRIVATE.split("---\n", 2)[2], vault_dir=str(vault)) == ""  # its body alone, as a host passes it


def test_a_page_that_is_no_note_is_rendered_from_the_vault_root(tmp_path):
    vault = write(tmp_path / "vault", VAULT)
    html = without_link_extras(convert("Intro [[Source]] and ![[Source#^quote]]\n", vault_dir=str(vault)))
    assert '<a href="notes/Source.md">Source</a>' in html
    assert '<p data-block-id="^quote">The quoted paragraph.</p>' in html
    assert convert("---\npublish: false\n---\nSECRET\n", vault_dir=str(vault)) == ""


def test_hidden_folders_trash_and_symlinks_out_are_not_in_the_vault(tmp_path, caplog):
    outside = write(tmp_path / "outside", {"Escape.md": "SECRET-OUTSIDE ^o\n"})
    vault = write(
        tmp_path / "vault",
        {".obsidian/Config.md": "SECRET-OBSIDIAN ^o\n", ".trash/Gone.md": "SECRET-TRASH ^o\n", ".Hidden.md": "SECRET-HIDDEN ^o\n"},
    )
    (vault / "Escape.md").symlink_to(outside / "Escape.md")
    (vault / "Out").symlink_to(outside, target_is_directory=True)
    text = "![[Config#^o]] ![[Gone#^o]] ![[.Hidden#^o]] ![[Escape#^o]] ![[Out/Escape#^o]]\n\nEnd.\n"
    html = convert(text, vault_dir=str(vault))
    assert "SECRET" not in html and "<p>End.</p>" in html
    assert html.count("obsidian-unresolved") == 5
    assert "'![[Escape#^o]]': is private (not published)" in " ".join(messages(caplog))


def test_an_edited_note_is_read_again(tmp_path):
    vault = write(tmp_path / "vault", VAULT)
    assert "The quoted paragraph." in convert("![[Source#^quote]]\n", vault_dir=str(vault))
    source = vault / "notes" / "Source.md"
    source.write_text(SOURCE.replace("The quoted paragraph.", "An edited paragraph, longer."), encoding="utf-8")
    write(vault, {"New.md": "A new note ^n\n"})
    html = convert("![[Source#^quote]] ![[New#^n]]\n", vault_dir=str(vault))
    assert "An edited paragraph, longer." in html and "A new note" in html


def test_unchanged_notes_are_parsed_once(tmp_path):
    vault = write(tmp_path / "vault", VAULT)
    convert("![[Source#^quote]]\n", vault_dir=str(vault))
    first = markdown_extension.vault_for(markdown_extension.Site(str(vault.resolve()), str(vault.resolve())))
    write(vault, {"Other.md": "changed\n"})
    convert("![[Source#^quote]]\n", vault_dir=str(vault))
    second = markdown_extension.vault_for(markdown_extension.Site(str(vault.resolve()), str(vault.resolve())))
    assert second is not first
    source = str(vault.resolve() / "notes" / "Source.md")
    assert second.notes[source] is first.notes[source]
    assert "parsed" in second.notes[source].__dict__


def test_a_note_that_is_not_utf8_is_private_with_one_warning(tmp_path, caplog):
    vault = write(tmp_path / "vault", {"Latin.md": "caf\xe9 ^b\n".encode("latin-1")})
    html = convert("![[Latin#^b]]\n\nStill here.\n", vault_dir=str(vault))
    assert "<p>Still here.</p>" in html and "obsidian-embed--private" in html
    assert messages(caplog) == [
        "Latin.md:1: not valid UTF-8 (byte 4): not published",
        "page:1: unresolved embed '![[Latin#^b]]': is private (not published)",
    ]


def test_options_as_the_plugin_has_them(tmp_path, caplog):
    vault = write(tmp_path / "vault", {"Long.md": "word " * 60 + "^b\n", "Two.md": "two\n\n![[Three]]\n", "Three.md": "three\n", "Lines.md": "one\ntwo\n"})
    html = convert("Cite.[^1]\n\n[^1]: [[Long#^b]]\n", vault_dir=str(vault), citation_excerpt=20)
    assert '<span class="obsidian-citation__excerpt">&#8220;word word word&#8230;&#8221;</span>' in html
    assert "one<br />\ntwo" in convert("one\ntwo\n", vault_dir=str(vault))  # the note Lines: Obsidian's line breaks
    assert convert("one\ntwo\n\nthree\n", vault_dir=str(vault)) == "<p>one\ntwo</p>\n<p>three</p>"  # no note's text
    assert "<p>one\ntwo</p>" in convert("one\ntwo\n", vault_dir=str(vault), strict_line_breaks=True)
    assert "<p>three</p>" in convert("![[Two]]\n", vault_dir=str(vault))
    deep = convert("![[Two]]\n", vault_dir=str(vault), max_embed_depth=1)
    assert "<p>two</p>" in deep and "three" not in deep and "obsidian-embed--stopped" in deep
    big = convert("![[Two]]\n\n![[Three]]\n", vault_dir=str(vault), max_embed_chars=3)
    assert "<p>two</p>" in big and big.count("<p>three</p>") == 1 and "obsidian-embed--stopped" in big
    assert "page:3: embed '![[Three]]' not expanded: embedded content exceeds 3 characters on this page" in messages(caplog)
    counted = convert("![[Two]]\n", vault_dir=str(vault), max_embeds=1)
    assert "<p>two</p>" in counted and "three" not in counted
    assert any("more than 1 embeds on this page" in line for line in messages(caplog))


def test_bad_options_warn_once_and_keep_the_defaults(tmp_path, caplog):
    vault = write(tmp_path / "vault", {"Long.md": "word " * 60 + "^b\n"})
    for _ in range(2):
        html = convert("[^1]\n\n[^1]: [[Long#^b]]\n", vault_dir=str(vault), citation_excerpt=-1, max_embed_depth=50, colour="red")
    assert f'excerpt">&#8220;{" ".join(["word"] * 23)}&#8230;&#8221;</span>' in html  # the default: 120 characters
    assert messages(caplog) == [
        "option 'citation_excerpt': must be 0 or more, not -1; using 120",
        "option 'max_embed_depth': must be from 1 to 20, not 50; using 8",
        "unknown option 'colour' ignored (options: vault_dir, strict_line_breaks, citation_excerpt, max_embed_depth, max_embed_chars, max_embeds, hover_previews)",
    ]


def test_missing_markdown_extensions_are_named(tmp_path, caplog):
    vault = write(tmp_path / "vault", VAULT)
    markdown.Markdown(extensions=["toc", markdown_extension.makeExtension(vault_dir=str(vault))]).convert("[[Source]]\n")
    assert messages(caplog) == [
        "the site's markdown_extensions lack what the embeds, callouts and footnotes need: "
        "tables, footnotes, attr_list, md_in_html, admonition, pymdownx.details"
    ]


@pytest.mark.parametrize(
    ("name", "config"),
    [("mkdocs.yml", "site_name: S\ndocs_dir: vault\nextra:\n  x: !ENV HOME\n"), ("zensical.toml", '[project]\nsite_name = "S"\ndocs_dir = "vault"\n')],
)
def test_the_vault_is_the_docs_dir_of_the_config_in_the_current_folder(tmp_path, monkeypatch, name, config):
    write(tmp_path, {name: config, "vault/Source.md": SOURCE})
    monkeypatch.chdir(tmp_path)
    assert "The quoted paragraph." in convert("![[Source#^quote]]\n")


def test_without_a_config_the_vault_is_docs(tmp_path, monkeypatch):
    write(tmp_path, {"docs/Source.md": SOURCE})
    monkeypatch.chdir(tmp_path)
    assert "The quoted paragraph." in convert("![[Source#^quote]]\n")


def test_exclude_docs_of_the_config_are_private(tmp_path, monkeypatch):
    write(tmp_path, {"mkdocs.yml": "site_name: S\nexclude_docs: |\n  drafts/\n", "docs/drafts/Draft.md": "SECRET-DRAFT ^d\n"})
    monkeypatch.chdir(tmp_path)
    html = convert("![[Draft#^d]]\n")
    assert "SECRET" not in html and "obsidian-embed--private" in html


# -- with Zensical's rendering context -------------------------------------------------------


class ZensicalPage:
    """What Zensical's ``zensical.extensions.context.Page`` offers an extension."""

    def __init__(self, path: str, meta: dict) -> None:
        self.path, self.url, self.meta, self.title = path, "", meta, None


class RenderingContext(Preprocessor):
    """A stand-in for Zensical's ``ContextPreprocessor``: the page and the site's configuration."""

    def __init__(self, md: markdown.Markdown, page: ZensicalPage, config: dict) -> None:
        super().__init__(md)
        self.page, self.config = page, config

    def run(self, lines: list[str]) -> list[str]:
        return lines


def zensical_render(
    root: Path, path: str, text: str, meta: dict | None = None, config: dict | None = None, extensions: list | None = None
) -> tuple[str, ZensicalPage]:
    """Render as Zensical does: a Markdown per page, the context registered first."""
    page = ZensicalPage(path, meta if meta is not None else {})
    config = config or {"docs_dir": "docs", "root_dir": str(root)}

    class Context(markdown.extensions.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
            md.preprocessors.register(RenderingContext(md, page, config), "rendering_context", 0)

    md = markdown.Markdown(extensions=[Context(), *(EXTENSIONS if extensions is None else extensions), "obsidian_embeds"])
    return md.convert(text), page


def test_zensical_names_the_page_so_same_text_in_two_folders_is_told_apart(tmp_path):
    write(tmp_path / "docs", {"a/Same.md": "[[Target]]\n", "b/Same.md": "[[Target]]\n", "a/Target.md": "A\n", "b/Target.md": "B\n"})
    assert '<a href="Target.md">Target</a>' in without_link_extras(zensical_render(tmp_path, "b/Same.md", "[[Target]]\n")[0])
    html, _ = zensical_render(tmp_path, "a/Same.md", "[[Target]]\n")
    assert '<a href="Target.md">Target</a>' in without_link_extras(html)


def test_zensical_private_page_loses_its_text_title_and_metadata(tmp_path):
    write(tmp_path / "docs", {"Secret.md": PRIVATE, "Empty.md": "---\npublish: false\ntitle: SECRET-ONLY-TITLE\n---\n"})
    config = {"docs_dir": "docs", "root_dir": str(tmp_path)}
    html, page = zensical_render(tmp_path, "Secret.md", PRIVATE.split("---\n", 2)[2], {"title": "SECRET-TITLE", "tags": ["x"]}, config)
    assert html == "" and page.meta == {"search": {"exclude": True}} and page.title == "Not published"
    html, page = zensical_render(tmp_path, "Empty.md", "", {"title": "SECRET-ONLY-TITLE"}, config)
    assert html == "" and page.meta == {"search": {"exclude": True}}


def test_zensical_page_outside_the_vault_links_into_it(tmp_path):
    write(tmp_path / "docs", {"guide/Intro.md": "See [[Source]].\n", "kb/Source.md": SOURCE})
    config = {"docs_dir": "docs", "root_dir": str(tmp_path)}
    page = ZensicalPage("guide/Intro.md", {})

    class Context(markdown.extensions.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
            md.preprocessors.register(RenderingContext(md, page, config), "rendering_context", 0)

    md = markdown.Markdown(extensions=[Context(), *EXTENSIONS, markdown_extension.makeExtension(vault_dir="docs/kb")])
    assert '<a href="../kb/Source.md">Source</a>' in without_link_extras(md.convert("See [[Source]].\n"))


def test_zensical_new_note_in_the_same_build_is_found(tmp_path):
    """Within one build only the page's own file is checked: a page Zensical renders for a
    note made since the vault was read makes the vault be read again."""
    write(tmp_path / "docs", {"index.md": "home\n"})
    config = {"docs_dir": "docs", "root_dir": str(tmp_path)}
    zensical_render(tmp_path, "index.md", "home\n", config=config)
    write(tmp_path / "docs", {"New.md": "[[index]]\n"})
    html, _ = zensical_render(tmp_path, "New.md", "[[index]]\n", config=config)
    assert '<a href="index.md">index</a>' in without_link_extras(html)


def test_the_mkdocs_plugin_s_own_extension_takes_precedence(tmp_path, caplog):
    """In a MkDocs site that runs the plugin, the plugin expands the pages: the Markdown extension,
    listed there too, leaves them alone (expanding them twice would lose the plugin's parts)."""
    vault = write(tmp_path / "vault", VAULT)
    plugin_side = ObsidianExtension(parts={})
    html = markdown.Markdown(extensions=[*EXTENSIONS, markdown_extension.makeExtension(vault_dir=str(vault)), plugin_side]).convert(
        "![[Source#^quote]]\n"
    )
    assert "The quoted paragraph." not in html and "![[Source#^quote]]" in html
    assert messages(caplog) == [
        "the obsidian-embeds plugin renders this site's pages: remove obsidian_embeds from markdown_extensions "
        "(it is for Zensical and other tools that do not run MkDocs plugins)"
    ]


def test_a_mkdocs_site_listing_both_is_rendered_once_by_the_plugin(site_builder, caplog):
    site = site_builder(
        {"index.md": "![[Source#^quote]] and [[Source]]\n", "Source.md": SOURCE},
        {"markdown_extensions": ["obsidian_embeds"]},
    )
    html = site.note_content("index")
    assert '<p data-block-id="^quote">The quoted paragraph.</p>' in html and '<p>and <a href="Source/">Source</a></p>' in html
    assert site.plugin_warnings() == []
    assert [m for m in messages(caplog) if "plugin renders" in m]
