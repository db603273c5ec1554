"""`mkdocs serve` as the README runs it: an edit to a quoted note reaches every page that quotes it."""

from __future__ import annotations

import shutil
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import REPO, get, serving, wait_for

SOURCE = "sources/Learning Ecosystems Dont Just Happen Organically Here Are 3 Steps to Build One.md"
HOST = "Learning in the flow of work/"


@pytest.fixture(scope="module")
def served_copy(tmp_path_factory):
    """A copy of sample_site, served as the README serves it."""
    tmp_path = tmp_path_factory.mktemp("live")
    site = tmp_path / "sample_site"
    shutil.copytree(REPO / "sample_site", site, ignore=shutil.ignore_patterns(".venv", "site"))
    log = tmp_path / "serve.log"
    with serving(site / "mkdocs.yml", log) as base:
        yield site, base, log


def _builds(log: Path) -> int:
    return log.read_text().count("Building documentation")


def test_an_edit_to_a_quoted_note_shows_up_in_the_quoting_page(served_copy):
    site, base, log = served_copy
    host_url = base + urllib.parse.quote(HOST)
    page = get(host_url)
    assert "starts to decay as soon as nobody tends it" in page
    assert "livereload" in page  # the live-reload script is injected
    source = site / "docs" / SOURCE
    source.write_text(source.read_text().replace("starts to decay", "starts to wither"), encoding="utf-8")
    assert wait_for(lambda: "starts to wither" in get(host_url), 30), log.read_text()


def _settled(log: Path) -> int:
    """The number of builds once no build has started for 1.5 seconds."""
    count = _builds(log)
    while True:
        time.sleep(1.5)
        if _builds(log) == count:
            return count
        count = _builds(log)


def test_a_vault_outside_docs_is_watched_but_obsidian_folders_are_not(tmp_path):
    (tmp_path / "docs" / ".obsidian").mkdir(parents=True)
    (tmp_path / "vault" / ".obsidian").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n![[Vault note#^q]]\n", encoding="utf-8")
    note = tmp_path / "vault" / "Vault note.md"
    note.write_text("Quoted from the vault ^q\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: V\ntheme: mkdocs\nplugins:\n  - obsidian-embeds:\n      vault_dir: vault\n", encoding="utf-8"
    )
    with serving(tmp_path / "mkdocs.yml", tmp_path / "serve.log") as base:
        log = tmp_path / "serve.log"
        assert wait_for(lambda: "Quoted from the vault" in get(base), 60), log.read_text()
        before = _settled(log)
        for folder in ("vault", "docs"):
            for tick in range(3):
                (tmp_path / folder / ".obsidian" / "workspace.json").write_text(f'{{"tick": {tick}}}')
        time.sleep(1.5)
        assert _builds(log) == before
        note.write_text("Edited in the vault ^q\n", encoding="utf-8")
        assert wait_for(lambda: "Edited in the vault" in get(base), 30), log.read_text()


def test_a_folder_made_while_serving_is_watched_from_the_next_build(tmp_path):
    index = tmp_path / "docs" / "index.md"
    index.parent.mkdir()
    index.write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: F\ntheme: mkdocs\nplugins:\n  - obsidian-embeds\n", encoding="utf-8")
    with serving(tmp_path / "mkdocs.yml", tmp_path / "serve.log") as base:
        log = tmp_path / "serve.log"
        assert wait_for(lambda: "Home" in get(base), 60), log.read_text()
        note = tmp_path / "docs" / "New folder" / "Fresh.md"
        note.parent.mkdir()
        note.write_text("Fresh text ^f\n", encoding="utf-8")
        index.write_text("# Home\n\n![[Fresh#^f]]\n", encoding="utf-8")  # an edit in a watched folder
        assert wait_for(lambda: "Fresh text" in get(base), 30), log.read_text()
        note.write_text("Changed text ^f\n", encoding="utf-8")  # an edit inside the new folder
        assert wait_for(lambda: "Changed text" in get(base), 30), log.read_text()


@pytest.mark.parametrize("rebuild_between", [True, False], ids=["rebuilt-between", "made-again-at-once"])
def test_a_folder_deleted_and_made_again_while_serving_is_watched_again(tmp_path, rebuild_between):
    index = tmp_path / "docs" / "index.md"
    folder = tmp_path / "docs" / "Folder"
    folder.mkdir(parents=True)
    index.write_text("# Home\n\n![[Kept#^k]]\n", encoding="utf-8")
    (folder / "Kept.md").write_text("Kept text ^k\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: F\ntheme: mkdocs\nplugins:\n  - obsidian-embeds\n", encoding="utf-8")
    with serving(tmp_path / "mkdocs.yml", tmp_path / "serve.log") as base:
        log = tmp_path / "serve.log"
        assert wait_for(lambda: "Kept text" in get(base), 60), log.read_text()
        shutil.rmtree(folder)
        if rebuild_between:
            assert wait_for(lambda: "Kept text" not in get(base), 30), log.read_text()
        folder.mkdir()
        (folder / "Kept.md").write_text("Back text ^k\n", encoding="utf-8")
        index.write_text("# Home\n\n![[Kept#^k]]\n\nTouched.\n", encoding="utf-8")  # an edit in a watched folder
        assert wait_for(lambda: "Back text" in get(base), 30), log.read_text()
        (folder / "Kept.md").write_text("Edited again ^k\n", encoding="utf-8")  # an edit inside the folder
        assert wait_for(lambda: "Edited again" in get(base), 30), log.read_text()


def test_a_folder_made_or_deleted_while_serving_shows_at_once(tmp_path):
    index = tmp_path / "docs" / "index.md"
    index.parent.mkdir()
    index.write_text("# Home\n\n![[Fresh#^f]]\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: F\ntheme: mkdocs\nplugins:\n  - obsidian-embeds\n", encoding="utf-8")
    with serving(tmp_path / "mkdocs.yml", tmp_path / "serve.log") as base:
        log = tmp_path / "serve.log"
        assert wait_for(lambda: "Home" in get(base), 60), log.read_text()
        outside, folder = tmp_path / "New folder", tmp_path / "docs" / "New folder"
        outside.mkdir()
        (outside / "Fresh.md").write_text("Fresh text ^f\n", encoding="utf-8")
        outside.rename(folder)  # no file event in any watched folder: only the folder's own
        assert wait_for(lambda: "Fresh text" in get(base), 30), log.read_text()
        shutil.rmtree(folder)
        assert wait_for(lambda: "Fresh text" not in get(base), 30), log.read_text()
