"""What the site's configuration withholds stays withheld: every page MkDocs would publish is a
note under the same rules, ``exclude_docs`` and ``draft_docs`` hold for ``vault_dir`` too, and a
dirty build never keeps serving a page (or a quote of one) that is private now."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Site, captured_log
from mkdocs.commands.build import build
from mkdocs.config import load_config

SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_page_suffix_mkdocs_publishes_is_a_note(site_builder, suffix):
    site = site_builder(
        {
            "index.md": f"# Home\n\n[[Source]] [[Source{suffix}#^b|by suffix]] [[Private]]\n\n![[Source#^b]]\n\n![[Private]]\n",
            f"Source{suffix}": "# Source\n\nQUOTED words ^b\n",
            f"Private{suffix}": "---\npublish: false\n---\nSECRET words ^s\n",
        },
        {"plugins": ["search", "obsidian-embeds"]},
    )
    html = site.note_content("index")
    assert '<a href="Source/">Source</a>' in html and '<a href="Source/#^b">by suffix</a>' in html
    assert "QUOTED words" in html and 'id="^b"' in site.content("Source")
    assert "SECRET" not in site.all_output() and not (site.site_dir / "Private").exists()
    assert [w.split(": ", 2)[2] for w in site.plugin_warnings()] == [
        "unresolved link '[[Private]]': is private (not published)",
        "unresolved embed '![[Private]]': is private (not published)",
    ]


def _vault_site(site_builder, tmp_path: Path, config: dict) -> Site:
    vault = tmp_path / "vault"
    for name, text in {
        "Public.md": "# Public\n\n[[Excluded]] [[drafts/Draft#^d|draft]]\n\n![[Excluded#^e]]\n\n![[drafts/Draft]]\n\n"
        "Claim.[^1]\n\n[^1]: [[Excluded#^e]]\n\nPUBLIC-END\n",
        "Excluded.md": "---\nreviewed: 2026-01-01\n---\nSECRET-EXCLUDED ^e\n",
        "drafts/Draft.md": "SECRET-DRAFT ^d\n",
        "private/Deep.md": "SECRET-DEEP\n",
    }.items():
        (vault / name).parent.mkdir(parents=True, exist_ok=True)
        (vault / name).write_text(text, encoding="utf-8")
    plugin = {"vault_dir": "vault", "vault_prefix": "kb", "review_report": "report.md", "review_git": False}
    return site_builder(
        {"index.md": "# Home\n\n[[Public]] [[Deep]]\n"},
        {"plugins": ["search", {"obsidian-embeds": plugin}], **config},
    )


@pytest.mark.parametrize(
    "config",
    [
        {"exclude_docs": "kb/Excluded.md\nkb/private/\n", "draft_docs": "kb/drafts/\n"},
        {"exclude_docs": "/Excluded.md\nprivate/\n", "draft_docs": "drafts/*\n"},
    ],
    ids=["site-paths", "vault-paths"],
)
def test_exclude_docs_and_draft_docs_hold_for_the_vault(site_builder, tmp_path, config):
    site = _vault_site(site_builder, tmp_path, config)
    assert "SECRET" not in site.all_output()
    assert not (site.site_dir / "kb" / "Excluded").exists() and not (site.site_dir / "kb" / "drafts").exists()
    assert "PUBLIC-END" in site.content("kb/Public")
    report = site.content("report")
    assert "Public" in report and "Excluded" not in report and "Draft" not in report
    assert sorted(w.split(": ", 2)[2] for w in site.plugin_warnings()) == sorted(
        [
            "unresolved link '[[Deep]]': is private (not published)",
            "unresolved link '[[Excluded]]': is private (not published)",
            "unresolved link '[[drafts/Draft#^d|draft]]': is private (not published)",
            "unresolved embed '![[Excluded#^e]]': is private (not published)",
            "unresolved embed '![[drafts/Draft]]': is private (not published)",
            "unresolved link '[[Excluded#^e]]': is private (not published)",
        ]
    )


class DirtyBuilds:
    """``mkdocs build --dirty`` run again and again, each time in a new plugin instance (as from
    the command line), or in one instance (as ``mkdocs serve --dirty``)."""

    def __init__(self, root: Path, *, serve: bool) -> None:
        self.root, self.serve = root, serve
        self.config = None

    def build(self) -> Site:
        site = Site(self.root)
        with captured_log(site):
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.root / "site"))
            if self.config is None or not self.serve:
                config.plugins.on_startup(command="serve" if self.serve else "build", dirty=True)
                self.config = config
            else:
                config.plugins = self.config.plugins  # serve keeps the plugin instances
            build(config, dirty=True)
        return site


@pytest.mark.parametrize("serve", [False, True], ids=["build", "serve"])
def test_a_dirty_build_withdraws_a_note_that_became_private(tmp_path, serve):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\ntheme: mkdocs\nplugins: [search, obsidian-embeds]\n")
    (docs / "index.md").write_text("# Home\n\n![[Source#^b]]\n\nHOME-END\n")
    (docs / "Other.md").write_text("# Other\n\n[[Source]]\n")
    source = docs / "Source.md"
    source.write_text("# Source\n\nSECRET-LATER words ^b\n")
    builds = DirtyBuilds(tmp_path, serve=serve)
    first = builds.build()
    assert "SECRET-LATER" in first.html("index") and (tmp_path / "site" / "Source" / "index.html").exists()
    source.write_text("---\npublish: false\n---\n# Source\n\nSECRET-LATER words ^b\n")
    second = builds.build()
    assert "SECRET-LATER" not in second.all_output()
    assert not (tmp_path / "site" / "Source" / "index.html").exists()
    assert "HOME-END" in second.html("index")
    assert [w.split(": ", 2)[2] for w in second.plugin_warnings()] == [
        "unresolved embed '![[Source#^b]]': is private (not published)",
        "unresolved link '[[Source]]': is private (not published)",
    ]


COMMENT_PLACEMENTS = (
    "keep-0 %%SECRET-0%% keep-0b",
    "# keep-1 %% SECRET-1 %%",
    "- keep-2 %% SECRET-2 %%\n    - keep-2b %%SECRET-2b%%",
    "> keep-3 %% SECRET-3 %%",
    "> [!note] keep-4 %% SECRET-4 %%\n> keep-4b %% SECRET-4b %%",
    "| a | b |\n|---|---|\n| keep-5 %% SECRET-5 %% | keep-5b |",
    "keep-6[^c]\n\n[^c]: keep-6b %% SECRET-6 %%",
    "<div>\nkeep-7 %% SECRET-7 %%\n</div>",
    "<details>\n<summary>keep-8</summary>\n\n%% SECRET-8 %%\n\n</details>",
    "keep-9 %%\nSECRET-9\n\n```\nSECRET-9b\n```\n%% keep-9b",
    "keep-10 %% a ` SECRET-10 %% keep-10b ` d",
    "[[Source|keep-11 %% SECRET-11 %%]] keep-11b",
    "==keep-12 %%SECRET-12%%== keep-12b",
    "keep-13 ^blk %% SECRET-13 %%",
    "%%\nSECRET-14\n%%\nkeep-14",
    "keep-15 `%% code stays %%` keep-15b",
)


def test_comments_never_reach_the_page_from_any_placement(site_builder):
    body = "\n\n".join(COMMENT_PLACEMENTS)
    site = site_builder(
        {
            "index.md": f"# Home\n\n{body}\n\n![[Source#^q]]\n\nEND\n",
            "Source.md": "quoted-keep %% SECRET-QUOTED %% words ^q\n",
        },
        {"plugins": ["search", "obsidian-embeds"]},
    )
    output = site.all_output()
    assert "SECRET" not in output and "%%" not in output.replace("%% code stays %%", "")
    html = site.content("index")
    for number in range(16):
        assert f"keep-{number}" in html, number
    for kept in ("keep-0b", "keep-2b", "keep-4b", "keep-5b", "keep-6b", "keep-9b", "keep-10b", "keep-11b", "keep-12b",
                 "quoted-keep", "<code>%% code stays %%</code>", "END"):
        assert kept in html, kept
