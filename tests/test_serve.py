"""The authoring loop: rebuilds keep parsed notes, dirty rebuilds refresh every quoting page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import Site, captured_log
from mkdocs.commands.build import build
from mkdocs.config import load_config


class Session:
    """A `mkdocs serve` session without the HTTP server: the same config reloads and builds."""

    def __init__(self, root: Path, *, dirty: bool) -> None:
        self.root, self.dirty = root, dirty
        self.config_file = root / "mkdocs.yml"
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.plugin = config.plugins["obsidian-embeds"]

    def _config(self):
        return load_config(str(self.config_file), site_dir=str(self.root / "site"))

    def build(self) -> Site:
        site = Site(self.root)
        with captured_log(site):
            build(self._config(), dirty=self.dirty)
        return site


def write(path: Path, text: str, bump: int = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if bump:
        stamp = path.stat().st_mtime + bump
        os.utime(path, (stamp, stamp))


def make_vault(root: Path) -> None:
    write(root / "mkdocs.yml", "site_name: S\ntheme: mkdocs\nplugins: [obsidian-embeds]\n")
    write(root / "docs" / "index.md", "# Home\n\n![[Quoter]]\n")
    write(root / "docs" / "Quoter.md", "# Quoter\n\n![[Source#^b]]\n")
    write(root / "docs" / "Linker.md", "# Linker\n\n[[Source#Part]]\n")
    write(root / "docs" / "Other.md", "# Other\n\nUnrelated.\n")
    write(root / "docs" / "Source.md", "# Source\n\n## Part\n\nOriginal words ^b\n")


def test_dirty_rebuild_refreshes_every_page_that_quotes_the_edited_note(tmp_path):
    make_vault(tmp_path)
    session = Session(tmp_path, dirty=True)
    session.build()
    other = tmp_path / "site" / "Other" / "index.html"
    before = other.stat().st_mtime_ns
    write(tmp_path / "docs" / "Source.md", "# Source\n\n## Part\n\nEdited words ^b\n", bump=5)
    site = session.build()
    assert "Edited words" in site.content("Quoter")
    assert "Edited words" in site.content("index")  # a quote of a quote
    assert other.stat().st_mtime_ns == before  # pages that do not depend on it are not rebuilt
    assert session.plugin.parsed_this_build == 1


def test_a_deleted_source_turns_its_quotes_into_warnings_at_once(tmp_path):
    make_vault(tmp_path)
    session = Session(tmp_path, dirty=True)
    assert session.build().plugin_warnings() == []
    (tmp_path / "docs" / "Source.md").unlink()
    site = session.build()
    assert sorted(site.plugin_warnings()) == [
        "obsidian-embeds: Linker.md:3: unresolved link '[[Source#Part]]': no such note or file",
        "obsidian-embeds: Quoter.md:3: unresolved embed '![[Source#^b]]': no such note or file",
    ]


def test_a_rebuild_after_one_edit_parses_one_note(tmp_path):
    make_vault(tmp_path)
    session = Session(tmp_path, dirty=False)
    session.build()
    assert session.plugin.parsed_this_build == 5
    write(tmp_path / "docs" / "Other.md", "# Other\n\nChanged.\n", bump=5)
    site = session.build()
    assert session.plugin.parsed_this_build == 1
    assert "Changed." in site.content("Other") and "Original words" in site.content("index")


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[tuple[str, bool]] = []
        self.unwatched: list[str] = []

    def watch(self, path: str, *, recursive: bool = True) -> None:
        self.watched.append((os.path.relpath(path), recursive))

    def unwatch(self, path: str) -> None:
        self.unwatched.append(os.path.relpath(path))


def test_serve_watches_the_vault_but_never_obsidian_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "docs" / "index.md", "home")
    write(tmp_path / "docs" / ".obsidian" / "workspace.json", "{}")
    write(tmp_path / "vault" / "Note.md", "note")
    write(tmp_path / "vault" / "sub" / "Deep.md", "deep")
    write(tmp_path / "vault" / ".obsidian" / "workspace.json", "{}")
    write(tmp_path / "vault" / ".trash" / "Old.md", "old")
    write(tmp_path / "mkdocs.yml", "site_name: S\nplugins:\n  - obsidian-embeds:\n      vault_dir: vault\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    server = FakeServer()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert server.unwatched == ["docs"]
    assert sorted(server.watched) == [("docs", False), ("vault", False), ("vault/sub", False)]


def _untouched(site: Site, page: str):
    path = site.site_dir / page / "index.html"
    return lambda before=path.stat().st_mtime_ns: path.stat().st_mtime_ns == before


def test_a_quoted_note_renamed_away_and_back_is_quoted_again_in_a_dirty_rebuild(tmp_path):
    make_vault(tmp_path)
    session = Session(tmp_path, dirty=True)
    session.build()
    source, away = tmp_path / "docs" / "Source.md", tmp_path / "docs" / "Away.md"
    source.rename(away)
    site = session.build()
    assert "Original words" not in site.content("Quoter") + site.content("index")
    other_untouched = _untouched(site, "Other")
    away.rename(source)  # back, with its old modification time
    site = session.build()
    assert site.plugin_warnings() == []
    assert "Original words" in site.content("Quoter")
    assert "Original words" in site.content("index")  # a quote of a quote
    assert 'href="../Source/#part"' in site.content("Linker")
    assert other_untouched()  # a page that never missed the note is not rebuilt


def test_a_quoted_note_deleted_and_made_again_is_quoted_again_in_a_dirty_rebuild(tmp_path):
    make_vault(tmp_path)
    session = Session(tmp_path, dirty=True)
    session.build()
    source = tmp_path / "docs" / "Source.md"
    source.unlink()
    assert len(session.build().plugin_warnings()) == 2
    write(source, "# Source\n\n## Part\n\nRecreated words ^b\n", bump=5)
    site = session.build()
    assert site.plugin_warnings() == []
    assert "Recreated words" in site.content("Quoter") and "Recreated words" in site.content("index")


def test_a_note_quoted_before_it_exists_is_quoted_once_it_is_made(tmp_path):
    make_vault(tmp_path)
    write(tmp_path / "docs" / "Quoter.md", "# Quoter\n\n![[Later#^l]]\n")
    session = Session(tmp_path, dirty=True)
    assert session.build().plugin_warnings() == ["obsidian-embeds: Quoter.md:3: unresolved embed '![[Later#^l]]': no such note or file"]
    write(tmp_path / "docs" / "Later.md", "Later words ^l\n", bump=5)
    site = session.build()
    assert site.plugin_warnings() == []
    assert "Later words" in site.content("Quoter")
    assert "Later words" in site.content("index")  # index quotes Quoter, whose quote was broken


def test_a_new_note_that_takes_a_link_by_its_folder_rebuilds_the_linking_page(tmp_path):
    make_vault(tmp_path)
    write(tmp_path / "docs" / "far" / "Target.md", "Far words ^t\n")
    write(tmp_path / "docs" / "sub" / "Host.md", "# Host\n\n![[Target#^t]]\n")
    session = Session(tmp_path, dirty=True)
    assert "Far words" in session.build().content("sub/Host")
    write(tmp_path / "docs" / "sub" / "Target.md", "Near words ^t\n", bump=5)  # same folder: found first
    site = session.build()
    assert "Near words" in site.content("sub/Host")
    assert "Original words" in site.content("Quoter")


def test_a_folder_deleted_and_made_again_is_watched_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "docs" / "index.md", "home")
    write(tmp_path / "vault" / "sub" / "Deep.md", "deep")
    write(tmp_path / "vault" / "gone" / "Old.md", "old")
    write(tmp_path / "mkdocs.yml", "site_name: S\ntheme: mkdocs\nplugins:\n  - obsidian-embeds:\n      vault_dir: vault\n")
    session = Session(tmp_path, dirty=False)
    server = FakeServer()
    config = session._config()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert ("vault/sub", False) in server.watched and ("vault/gone", False) in server.watched
    (tmp_path / "vault" / "sub").rename(tmp_path / "old sub")
    write(tmp_path / "vault" / "sub" / "Deep.md", "deep again")  # made again before the rebuild
    shutil.rmtree(tmp_path / "old sub")
    shutil.rmtree(tmp_path / "vault" / "gone")
    session.build()
    assert sorted(server.unwatched) == ["docs", "vault/gone", "vault/sub"]
    assert server.watched.count(("vault/sub", False)) == 2
    assert server.watched.count(("vault/gone", False)) == 1
    write(tmp_path / "vault" / "gone" / "Old.md", "back")  # made again after a rebuild without it
    session.build()
    assert server.watched.count(("vault/gone", False)) == 2
    session.build()  # nothing changed: nothing watched anew
    assert len(server.watched) == 6 and len(server.unwatched) == 3


def _site_files(site_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site_dir)): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.suffix in (".html", ".json")}


def test_a_single_build_lets_its_parsed_notes_go_and_builds_the_same_site(tmp_path, monkeypatch):
    """``mkdocs build`` drops its parsed notes once every page is rendered (``serve`` keeps them
    for the next rebuild); the pages, the search index and the review report's JSON are the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the pages' build date
    sites = {}
    for command in ("build", "serve"):
        root = tmp_path / command
        write(root / "mkdocs.yml", "site_name: S\ntheme: mkdocs\nplugins:\n- search\n- obsidian-embeds:\n    review_report_json: review.json\n")
        write(root / "docs" / "index.md", "# Home\n\n![[Source#^b]]\n\nSee [[Source#Part]].[^1]\n\n[^1]: [[Source#^b]]\n")
        write(root / "docs" / "Source.md", "---\nreviewed: 2026-01-05\n---\n# Source\n\n## Part\n\nQuoted words ^b\n\nSee [[index]].\n")
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        config.plugins.on_startup(command=command, dirty=False)
        build(config)
        notes = config.plugins["obsidian-embeds"]._notes.values()
        assert {"parsed" in note.__dict__ for note in notes} == {command == "serve"}
        sites[command] = _site_files(root / "site")
    page = sites["build"]["index.html"]
    assert b"obsidian-embed--block" in page and b"obsidian-citation" in page and b"Quoted words" in page
    assert b"Source" in sites["build"]["review.json"]
    assert sites["build"] == sites["serve"]
