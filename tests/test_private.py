"""Private content never leaks: not as a page, not embedded, not in the search index."""

from __future__ import annotations

import os

PRIVATE = "---\npublish: false\n---\n# Private\n\nSECRET-PRIVATE-BODY ^secret\n\n## Hidden heading\n\nSECRET-SECTION\n"


def test_unpublished_notes_are_not_pages_links_or_embeds(site_builder):
    site = site_builder(
        {
            "index.md": "# Home\n\nA [[Private]] link, [[Private#^secret|shown]] too.\n\n![[Private]]\n\n![[Private#Hidden heading]]\n\nPublic end.\n",
            "Private.md": PRIVATE,
            "drafts/Excluded.md": "SECRET-EXCLUDED",
            "Other.md": "[[Excluded]]\n\n![[Excluded]]\n",
        },
        {"plugins": ["search", "obsidian-embeds"], "exclude_docs": "drafts/\n"},
    )
    assert not (site.site_dir / "Private").exists()
    output = site.all_output()
    assert "SECRET" not in output
    assert (site.site_dir / "search" / "search_index.json").exists()
    assert site.plugin_warnings() == [
        "obsidian-embeds: index.md:3: unresolved link '[[Private]]': is private (not published)",
        "obsidian-embeds: index.md:3: unresolved link '[[Private#^secret|shown]]': is private (not published)",
        "obsidian-embeds: index.md:5: unresolved embed '![[Private]]': is private (not published)",
        "obsidian-embeds: index.md:7: unresolved embed '![[Private#Hidden heading]]': is private (not published)",
        "obsidian-embeds: Other.md:1: unresolved link '[[Excluded]]': is private (not published)",
        "obsidian-embeds: Other.md:3: unresolved embed '![[Excluded]]': is private (not published)",
    ]
    html = site.content("index")
    assert "A <span" in html and ">Private</span> link" in html and ">shown</span> too." in html
    assert "<p>Public end.</p>" in html


def test_paths_out_of_the_vault_resolve_to_nothing(site_builder, tmp_path):
    outside = tmp_path / "outside.md"
    site = site_builder(
        {
            "../outside.md": "SECRET-OUTSIDE",
            "index.md": f"![[../outside]]\n\n![[{outside}]]\n\n[[../outside]]\n\nkept\n",
        }
    )
    assert "SECRET" not in site.all_output()
    assert [w.split(": ", 2)[2] for w in site.plugin_warnings()] == [
        "unresolved embed '![[../outside]]': points outside the vault",
        f"unresolved embed '![[{outside}]]': points outside the vault",
        "unresolved link '[[../outside]]': points outside the vault",
    ]
    assert "<p>kept</p>" in site.content("index")


def test_a_symlink_out_of_the_vault_is_not_published(site_builder, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET-SYMLINK", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    os.symlink(secret, tmp_path / "docs" / "linked.md")
    site = site_builder({"index.md": "![[linked]]\n\nafter\n"})
    assert "SECRET" not in site.all_output()
    assert site.plugin_warnings() == ["obsidian-embeds: index.md:1: unresolved embed '![[linked]]': is private (not published)"]
    assert "<p>after</p>" in site.content("index")


def test_obsidian_folders_are_never_published(site_builder):
    site = site_builder(
        {
            "index.md": "home",
            ".obsidian/workspace.json": '{"SECRET": 1}',
            ".trash/Old.md": "SECRET-TRASH",
        }
    )
    assert not (site.site_dir / ".obsidian").exists()
    assert "SECRET" not in site.all_output()


def test_publish_false_holds_even_when_the_rest_of_the_frontmatter_is_broken(site_builder):
    site = site_builder(
        {
            "index.md": "home [[Broken]]\n",
            "Broken.md": "---\npublish: false\ntitle: [unclosed\n---\nSECRET-BROKEN-YAML\n",
        }
    )
    assert "SECRET" not in site.all_output()
    assert site.plugin_warnings() == ["obsidian-embeds: index.md:1: unresolved link '[[Broken]]': is private (not published)"]
