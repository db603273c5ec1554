"""The background worker: a forked process prepares pages; the site must be the same without it."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

from mkdocs_obsidian_embeds import background
from mkdocs_obsidian_embeds.render import Options, Renderer
from mkdocs_obsidian_embeds.vault import Note, VaultIndex
from tests.conftest import Site, make_site, numbered_parts

NOTES = 70  # above background.MIN_PAGES

pytestmark = pytest.mark.skipif(not background.can_fork(), reason="no fork or a single CPU here")


def vault() -> dict[str, str]:
    """Notes that link, quote and cite each other, plus one private note and one broken link."""
    files = {}
    for i in range(NOTES):
        folder = "A" if i % 2 else "B"
        nxt, far = (i + 1) % NOTES, (i + 7) % NOTES
        files[f"{folder}/N{i:02}.md"] = (
            f"---\ntags: [t{i % 3}]\n---\n# N{i:02}\n\n"
            f"Paragraph {i} with ==a highlight== and a link to [[N{nxt:02}]]. ^p{i}\n\n"
            f"- item {i}, see [[N{far:02}#Section {far}|section]]\n  - child {i} ^li{i}\n- sibling\n\n"
            f"## Section {i}\n\nText of section {i}. %% secret comment {i} %%\n\n"
            f"## Quotes\n\n![[N{far:02}#^p{far}]]\n\n![[N{nxt:02}#Section {nxt}]]\n\n"
            f"A claim.[^1]\n\n[^1]: [[N{far:02}#^li{far}]]\n"
        )
    files["Private.md"] = "---\npublish: false\n---\nPRIVATE-TEXT ^secret\n"
    files["A/N01.md"] += "\n![[Private#^secret]] and [[Missing note]]\n"
    return files


def build(root: Path, **options) -> Site:
    return make_site(root, vault(), {"plugins": [{"obsidian-embeds": options}]})


def outputs(site: Site) -> dict[str, bytes]:
    """Every file of the built site but the gzipped sitemap (its header holds a timestamp)."""
    return {
        path.relative_to(site.site_dir).as_posix(): path.read_bytes()
        for path in sorted(site.site_dir.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


def summary(site: Site) -> str:
    return next(line for line in site.infos if "spent in the plugin" in line)


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> Site:
    """The site built in the main process only: what every worker build must match."""
    return build(tmp_path_factory.mktemp("alone"), background_worker=False)


def test_the_worker_prepares_the_same_site_as_the_main_process(tmp_path: Path, alone: Site) -> None:
    worker = build(tmp_path / "worker")

    assert f"{NOTES} pages prepared in a worker process" in summary(worker)
    assert f"{NOTES} notes parsed" in summary(worker)  # parsed in the worker, counted once
    assert "0 pages prepared in a worker process" in summary(alone)
    assert outputs(worker) == outputs(alone)
    assert worker.warnings == alone.warnings
    assert worker.warnings == [
        "obsidian-embeds: A/N01.md:26: unresolved embed '![[Private#^secret]]': is private (not published)",
        "obsidian-embeds: A/N01.md:26: unresolved link '[[Missing note]]': no such note or file",
    ]
    page = worker.content("A/N01")
    assert "Paragraph 8 with" in page  # the quote of N08's paragraph
    assert "PRIVATE-TEXT" not in worker.all_output()


def test_a_failing_worker_leaves_the_pages_to_the_main_process(tmp_path: Path, monkeypatch, alone: Site) -> None:
    def fail(start: int, stop: int):
        raise RuntimeError("worker broke")

    monkeypatch.setattr(background, "_render_chunk", fail)
    failed = build(tmp_path / "failed")

    assert "0 pages prepared in a worker process" in summary(failed)
    assert outputs(failed) == outputs(alone)
    assert failed.warnings == alone.warnings and len(failed.warnings) == 2


def test_a_worker_that_dies_leaves_the_pages_to_the_main_process(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(background, "_render_chunk", lambda start, stop: os._exit(3))
    died = build(tmp_path / "died")

    assert "0 pages prepared in a worker process" in summary(died)
    assert f"{NOTES} notes parsed" in summary(died)
    assert "Paragraph 8 with" in died.content("A/N01")
    assert len(died.warnings) == 2


def test_a_small_site_forks_no_worker(tmp_path: Path) -> None:
    site = make_site(tmp_path, {f"N{i}.md": f"# N{i}\n\n[[N{(i + 1) % 5}]]\n" for i in range(5)})

    assert "0 pages prepared in a worker process" in summary(site)
    assert site.warnings == []


def test_no_worker_is_forked_beside_other_threads(monkeypatch) -> None:
    monkeypatch.setattr(background.threading, "active_count", lambda: 2)

    assert not background.can_fork()


def test_a_sandbox_without_semaphores_builds_in_the_main_process(tmp_path: Path, monkeypatch) -> None:
    def no_sem_open(*args, **kwargs):
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(background, "ProcessPoolExecutor", no_sem_open)
    site = build(tmp_path)

    assert "0 pages prepared in a worker process" in summary(site)
    assert f"{NOTES} notes parsed" in summary(site)
    assert len(site.warnings) == 2
    assert gc.get_freeze_count() == 0  # the failed start froze nothing for good


def engine_notes() -> tuple[list[Note], Renderer]:
    notes = [Note(path, path, "", text=text) for path, text in vault().items() if path != "Private.md"]
    renderer = Renderer(VaultIndex(notes, ["Private.md"]), Options(slugify=slugify), lambda t, h: t.site_path)
    return notes, renderer


@pytest.mark.parametrize("keep_parsed", [True, False])
def test_parsed_notes_come_back_only_when_they_are_kept(keep_parsed: bool) -> None:
    """``serve`` keeps them for rebuilds; a one-off build does not pay for the transfer."""
    notes, renderer = engine_notes()
    worker = background.Background.start(notes, renderer.render, keep_parsed=keep_parsed)
    try:
        pages = [worker.take(note) for note in notes]
    finally:
        worker.close()

    back = sum("parsed" in note.__dict__ for note in notes)
    assert (back, worker.parsed_there) == ((NOTES, 0) if keep_parsed else (0, NOTES))
    assert all(page is not None for page in pages) and worker.taken == NOTES
    here = [renderer.render(note) for note in notes]
    comparable = [[(numbered_parts(text, page), list(page.parts.values())) for text, page in done] for done in (pages, here)]
    assert comparable[0] == comparable[1]
    keys = [key for _, page in pages + here for key in page.parts]
    assert len(keys) == len(set(keys)) > 0  # the worker's keys never clash with the main process's


def test_the_worker_freezes_the_collector_only_while_it_lives() -> None:
    notes, renderer = engine_notes()
    worker = background.Background.start(notes, renderer.render)
    frozen = gc.get_freeze_count()
    worker.close()

    assert frozen > 1000  # the site's objects, out of the collector's reach while the worker runs
    assert gc.get_freeze_count() == 0


def test_the_worker_leaves_someone_elses_frozen_objects_frozen() -> None:
    notes, renderer = engine_notes()
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        worker = background.Background.start(notes, renderer.render)
        worker.take(notes[0])
        worker.close()
        # Unfreezing would empty the permanent generation; a frozen object freed meanwhile
        # (a temporary the test run made before freezing) leaves it, so allow a few of those.
        assert before - 100 < gc.get_freeze_count() <= before
    finally:
        gc.unfreeze()
