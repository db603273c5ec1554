"""Configuration: minimal config, vault_dir, Markdown extensions, themes, slugify, ProperDocs."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import REPO, build_config
from mkdocs.config import load_config

from mkdocs_obsidian_embeds.plugin.config import ObsidianEmbedsConfig


def test_minimal_config_just_works(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[[Other#^b]] ==hi==\n\n![[Other#^b]]\n")
    (tmp_path / "docs" / "Other.md").write_text("Block text ^b\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Minimal\nplugins:\n  - obsidian-embeds\n")
    site = build_config(tmp_path, tmp_path / "mkdocs.yml", strict=True)
    assert site.aborted is None, site.warnings
    html = site.note_content("index")
    assert '<a href="Other/#^b">Other</a>' in html and "<mark>hi</mark>" in html
    assert 'class="obsidian-embed obsidian-embed--block"' in html
    assert (tmp_path / "site" / "assets" / "obsidian-embeds" / "obsidian-embeds.css").exists()
    assert "assets/obsidian-embeds/obsidian-embeds.css" in site.html("index")
    assert (tmp_path / "site" / "css" / "base.css").exists()  # the theme's own files are untouched


def test_needed_extensions_are_added_once_and_user_settings_kept(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nplugins: [obsidian-embeds]\nmarkdown_extensions:\n"
        "  - footnotes\n  - toc:\n      permalink: true\n  - markdown.extensions.attr_list\n"
    )
    cfg = load_config(str(tmp_path / "mkdocs.yml"))
    cfg = cfg.plugins.on_config(cfg)
    names = [e if isinstance(e, str) else type(e).__name__ for e in cfg.markdown_extensions]
    for name in ("footnotes", "toc", "tables", "md_in_html", "admonition", "pymdownx.details"):
        assert names.count(name) == 1, names
    assert "attr_list" not in names and names.count("markdown.extensions.attr_list") == 1
    assert names.count("ObsidianExtension") == 1
    assert cfg.mdx_configs["toc"] == {"permalink": True}


def test_every_option_is_documented():
    for name, _ in ObsidianEmbedsConfig._schema:
        assert (REPO / "README.md").read_text().count(f"`{name}`") >= 1, name


def test_vault_outside_docs_is_published_under_a_prefix(tmp_path):
    docs, vault = tmp_path / "docs", tmp_path / "My Vault"
    (docs).mkdir()
    (vault / "Sub").mkdir(parents=True)
    (vault / ".obsidian").mkdir()
    (docs / "index.md").write_text("# Home\n\n[[Vault Note]] and ![[Vault Note#^v]]\n\n![[diagram.png]]\n")
    (vault / "Sub" / "Vault Note.md").write_text("# Vault note\n\nVault block ^v\n\n[[index]]\n")
    (vault / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (vault / ".obsidian" / "workspace.json").write_text('{"SECRET": true}')
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: V\nplugins:\n  - obsidian-embeds:\n      vault_dir: My Vault\n"
    )
    site = build_config(tmp_path, tmp_path / "mkdocs.yml", strict=True)
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert 'href="My%20Vault/Sub/Vault%20Note/"' in html
    assert "Vault block" in html
    assert 'src="My%20Vault/diagram.png"' in html
    assert (tmp_path / "site" / "My Vault" / "Sub" / "Vault Note" / "index.html").exists()
    assert (tmp_path / "site" / "My Vault" / "diagram.png").exists()
    assert not list((tmp_path / "site").rglob("workspace.json"))
    assert 'href="../../../"' in site.content("My Vault/Sub/Vault Note")


def test_pages_outside_the_vault_keep_plain_markdown_line_joining(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "vault").mkdir()
    (tmp_path / "docs" / "index.md").write_text("docs one\ndocs two\n")
    (tmp_path / "vault" / "Note.md").write_text("vault one\nvault two\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: V\nplugins:\n  - obsidian-embeds:\n      vault_dir: vault\n")
    site = build_config(tmp_path, tmp_path / "mkdocs.yml")
    assert "<p>docs one\ndocs two</p>" in site.content("index")
    assert "vault one<br />" in site.content("vault/Note")


def test_vault_prefix_is_configurable(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "vault").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[[Note]]")
    (tmp_path / "vault" / "Note.md").write_text("note")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: V\nplugins:\n  - obsidian-embeds:\n      vault_dir: vault\n      vault_prefix: kb\n"
    )
    site = build_config(tmp_path, tmp_path / "mkdocs.yml", strict=True)
    assert site.aborted is None, site.warnings
    assert 'href="kb/Note/"' in site.content("index")


def test_toc_slugify_setting_is_honoured(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[[Other#Über Café]]")
    (tmp_path / "docs" / "Other.md").write_text("# Other\n\n## Über Café\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nplugins: [obsidian-embeds]\nvalidation: {links: {anchors: warn}}\n"
        "markdown_extensions:\n  - toc:\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n"
    )
    site = build_config(tmp_path, tmp_path / "mkdocs.yml", strict=True)
    assert site.aborted is None, site.warnings
    assert 'href="Other/#über-café"' in site.content("index")


def test_material_theme_build_is_clean(site_builder):
    site = site_builder(
        {"index.md": "# Home\n\n![[Other#^b]]\n\n> [!tip]- Folded\n> body\n", "Other.md": "Block ^b\n"},
        {"theme": {"name": "material"}},
        strict=True,
    )
    assert site.aborted is None, site.warnings
    html = site.content("index")
    assert 'class="obsidian-embed obsidian-embed--block"' in html
    assert '<details class="tip">' in html
    assert list((site.site_dir / "assets" / "stylesheets").glob("main.*.css"))
    assert list((site.site_dir / "assets" / "javascripts").glob("bundle.*.js"))


PROPERDOCS = os.environ.get("PROPERDOCS_BIN") or shutil.which("properdocs")


@pytest.mark.skipif(PROPERDOCS is None, reason="ProperDocs is not installed (.ci/run installs it, see PROPERDOCS_BIN)")
def test_runs_unchanged_under_properdocs(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[[Other#^b]]\n\n![[Other#^b]]\n")
    (tmp_path / "docs" / "Other.md").write_text("Block ^b\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: P\ntheme: mkdocs\nplugins: [obsidian-embeds]\n")
    result = subprocess.run([PROPERDOCS, "build", "--strict"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert 'class="obsidian-embed' in (tmp_path / "site" / "index.html").read_text()
