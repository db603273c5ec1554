"""Dirty builds (``--dirty``): MkDocs rebuilds only pages whose own file changed, so the plugin
marks for rebuilding the pages that show what changed elsewhere."""

from __future__ import annotations

import posixpath

from mkdocs.structure.files import File, Files

from .pages import Pages
from ..engine.render import Page as RenderedPage
from ..engine.vault import Note, normalize, note_stem


def rebuild_always(file: File) -> None:
    """Have MkDocs rebuild ``file``'s page in this dirty build whether or not its file changed."""
    file.is_modified = _always  # type: ignore[method-assign]


class Dependents:
    """The pages to rebuild because a note they depend on changed, from the notes' mtimes."""

    def __init__(self) -> None:
        self._mtimes: dict[str, float] = {}

    def clear(self) -> None:
        self._mtimes.clear()

    def rebuild(self, notes: list[Note], files: Files, pages: Pages, dirty: bool) -> None:
        """In a dirty rebuild, also rebuild every page that quotes, cites or links a changed note,
        and, with linked mentions, every note a changed note mentions or mentioned (its mentions
        list changes, and the ids they link to may have moved).

        MkDocs' ``--dirty`` rebuilds only pages whose own file changed; a page embedding an
        edited (renamed, deleted) note would keep showing the old quote. ``embedded`` already
        holds nested embeds, so quotes of quotes are covered. Every build records the notes'
        mtimes, for the next one to compare.
        """
        mtimes = {note.site_path: note.mtime for note in notes}
        changed = {path for path, mtime in mtimes.items() if self._mtimes.get(path) != mtime}
        changed |= set(self._mtimes) - set(mtimes)
        appeared = set(mtimes) - set(self._mtimes) if self._mtimes else set()
        first = not self._mtimes
        self._mtimes = mtimes
        if not dirty or not changed:
            return
        hosts = _dependents(pages.rendered, changed, appeared)
        if not first and pages.renderer is not None and pages.renderer.options.mentions:  # a graph to compare with
            hosts += _mentioned_by(changed, notes, pages)
        for host in hosts:
            file = files.get_file_from_path(host)
            if file is not None:
                rebuild_always(file)


def _dependents(rendered: dict[str, RenderedPage], changed: set[str], appeared: set[str]) -> list[str]:
    """Pages that quote, cite or link a changed note, and, when notes appeared (created,
    renamed back, published again), the pages a new note may mend or take links from.

    A reference that found nothing records no target (it may be spelled any way that
    resolves), so every page with a problem of its own or in a note it quotes is rebuilt
    then; so is a page that depends on a note of the same name as a new one, which may now
    take its links (same folder first, SPEC §1).
    """
    broken = {host for host, page in rendered.items() if page.problems}
    names = {_name_key(path) for path in appeared}
    hosts = []
    for host, page in rendered.items():
        uses = page.embedded | page.linked
        mended = appeared and (host in broken or page.embedded & broken or names & set(map(_name_key, uses)))
        if uses & changed or mended:
            hosts.append(host)
    return hosts


def _mentioned_by(changed: set[str], notes: list[Note], pages: Pages) -> list[str]:
    """The notes that the changed notes mention, as last rendered and as their text says now."""
    now = {note.site_path: note for note in notes}
    targets: set[str] = set()
    for path in changed:
        before = pages.rendered.get(path)
        if before is not None:
            targets.update(mention.target for mention in before.mentions)
        if path in now:
            targets |= pages.renderer.links.mentioned(now[path])
    return sorted(targets)


def _name_key(site_path: str) -> str:
    """The name a link would use for the file at ``site_path``, as the index compares names."""
    base = posixpath.basename(site_path)
    return normalize(note_stem(base) or base)


def _always() -> bool:
    return True
