"""`mkdocs serve` as the README runs it: an edit to a quoted note reaches every page that quotes it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO

SOURCE = "sources/Learning Ecosystems Dont Just Happen Organically Here Are 3 Steps to Build One.md"
HOST = "Learning in the flow of work/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("live")
    site = tmp_path / "sample_site"
    shutil.copytree(REPO / "sample_site", site)
    (site / "docs" / ".obsidian").mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: _get(base), 60), log.read_text()
        yield site, base, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def _builds(log: Path) -> int:
    return log.read_text().count("Building documentation")


def test_an_edit_to_a_quoted_note_shows_up_in_the_quoting_page(serving):
    site, base, log = serving
    host_url = base + urllib.parse.quote(HOST)
    page = _get(host_url)
    assert "starts to decay as soon as nobody tends it" in page
    assert "livereload" in page  # the live-reload script is injected
    source = site / "docs" / SOURCE
    source.write_text(source.read_text().replace("starts to decay", "starts to wither"), encoding="utf-8")
    assert _wait_for(lambda: "starts to wither" in _get(host_url), 30), log.read_text()


def _settled(log: Path) -> int:
    """The number of builds once no build has started for two seconds."""
    count = _builds(log)
    while True:
        time.sleep(2)
        if _builds(log) == count:
            return count
        count = _builds(log)


def test_obsidian_workspace_churn_does_not_rebuild(serving):
    site, base, log = serving
    before = _settled(log)
    for i in range(5):
        (site / "docs" / ".obsidian" / "workspace.json").write_text(f'{{"tick": {i}}}')
        time.sleep(0.1)
    time.sleep(2.5)
    assert _builds(log) == before
    (site / "docs" / "index.md").write_text((site / "docs" / "index.md").read_text() + "\nEdited.\n")
    assert _wait_for(lambda: _builds(log) > before, 30)


def test_a_vault_outside_docs_is_watched(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "vault" / ".obsidian").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n![[Vault note#^q]]\n", encoding="utf-8")
    note = tmp_path / "vault" / "Vault note.md"
    note.write_text("Quoted from the vault ^q\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: V\ntheme: mkdocs\nplugins:\n  - obsidian-embeds:\n      vault_dir: vault\n", encoding="utf-8"
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(tmp_path / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: "Quoted from the vault" in _get(base), 60), log.read_text()
        before = _settled(log)
        (tmp_path / "vault" / ".obsidian" / "workspace.json").write_text("{}")
        time.sleep(2.5)
        assert _builds(log) == before
        note.write_text("Edited in the vault ^q\n", encoding="utf-8")
        assert _wait_for(lambda: "Edited in the vault" in _get(base), 30), log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=10)
