"""Prepare pages in a worker process while the site generator turns earlier ones into HTML.

MkDocs renders pages on one core, and on a big vault parsing and rewriting the notes is
most of the plugin's cost. A forked worker renders the pages in the order the site will ask
for them and sends back each page's Markdown and its render record. Under ``mkdocs serve`` it
also sends the notes it parsed, so the main process keeps one parse per note for later
rebuilds; a one-off build has no use for them and skips the transfer. With a single worker
every note is still parsed once per build.

It is used only where it is safe and worth it: the ``fork`` start method (the worker
inherits the vault, the renderer and the site's configuration, so nothing but chunk
numbers is sent to it; ``spawn`` would re-run the caller's main script), a process with a
single thread (forking a threaded process can deadlock), a second CPU, and enough pages.
If the worker fails, the page is rendered in the main process instead, with the same result.

While the worker lives, the objects that existed when it was forked are frozen out of the
garbage collector (``gc.freeze``, as the gc module's documentation advises around ``fork``):
the collector would otherwise write to every one of them, copying memory the two processes
share, and in the main process it would walk the whole site again and again.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from .notes import ParsedNote
from .render import Page
from .vault import Note

#: Fewer pages than this are rendered in the main process: starting a worker is not free.
MIN_PAGES = 64
#: Pages per task; the first tasks are smaller, so that the first page waits only milliseconds.
CHUNK = 8

Render = Callable[[Note], tuple[str, Page]]


@dataclasses.dataclass
class _Job:
    notes: Sequence[Note]
    render: Render
    parsed_before: frozenset[str]
    keep_parsed: bool


_JOB: _Job | None = None
"""The running job; the forked worker inherits it."""
_SENT: set[str] = set()
"""In the worker: notes whose parse was already sent to the main process."""


def _start_worker() -> None:
    """Runs first in the worker. Ctrl+C stops the build in the main process, so the worker ignores
    it rather than print a traceback of its own; notes parsed before the fork need not be sent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _SENT.clear()
    _SENT.update(_JOB.parsed_before if _JOB else ())


def _render_chunk(start: int, stop: int) -> tuple[list[tuple[str, Page]], dict[str, ParsedNote | None]]:
    """The chunk's pages, and the notes parsed for them (their parse only if the job keeps it)."""
    pages = []
    for note in _JOB.notes[start:stop]:
        text, page = _JOB.render(note)
        pages.append((text, dataclasses.replace(page, note=None)))
    parsed = {}
    for note in _JOB.notes:
        if note.site_path not in _SENT and "parsed" in note.__dict__:
            parsed[note.site_path] = note.__dict__["parsed"] if _JOB.keep_parsed else None
            _SENT.add(note.site_path)
    return pages, parsed


def _chunks(count: int) -> list[tuple[int, int]]:
    """``[start, stop)`` of each task: 1, 2, 4 pages, then CHUNK pages at a time."""
    bounds, start, size = [], 0, 1
    while start < count:
        bounds.append((start, min(start + size, count)))
        start, size = start + size, min(size * 2, CHUNK)
    return bounds


def can_fork() -> bool:
    """Whether a worker may be forked here, and would run on a CPU of its own."""
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return False  # macOS: system frameworks do not survive fork; Windows: no fork at all
    if threading.active_count() > 1:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus > 1


class Background:
    """One worker process rendering ``notes`` (in order) with ``render``.

    ``keep_parsed``: send the worker's parsed notes back to the main process (for rebuilds).
    """

    def __init__(self, notes: Sequence[Note], render: Render, keep_parsed: bool = True) -> None:
        global _JOB
        parsed_before = frozenset(n.site_path for n in notes if "parsed" in n.__dict__)
        _JOB = _Job(notes, render, parsed_before, keep_parsed)
        self._notes = {note.site_path: note for note in notes}
        self._slots: dict[str, tuple[Future, int]] = {}
        self._installed: set[int] = set()
        self.taken = 0
        """Pages whose Markdown came from the worker."""
        self.parsed_there = 0
        """Notes the worker parsed and did not send back."""
        self._froze = _freeze()
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
            )
            for start, stop in _chunks(len(notes)):
                future = self._pool.submit(_render_chunk, start, stop)
                for offset, note in enumerate(notes[start:stop]):
                    self._slots[note.site_path] = (future, offset)
        except BaseException:
            _unfreeze(self._froze)
            raise

    @classmethod
    def start(
        cls, notes: Sequence[Note], render: Render, enabled: bool = True, keep_parsed: bool = True
    ) -> Background | None:
        """A worker for ``notes`` if it is enabled, possible here and worth it; else None."""
        if not enabled or len(notes) < MIN_PAGES or not can_fork():
            return None
        try:
            return cls(notes, render, keep_parsed)
        except (OSError, ImportError):  # no processes or no sem_open in this sandbox
            return None

    def take(self, note: Note) -> tuple[str, Page] | None:
        """The worker's Markdown and record for ``note``'s page, or None: then render it here."""
        slot = self._slots.pop(note.site_path, None)
        if slot is None:
            return None
        future, offset = slot
        try:
            pages, parsed = future.result()
        except Exception:  # noqa: BLE001 - a lost worker only costs the time of rendering here
            return None
        if id(future) not in self._installed:
            self._installed.add(id(future))
            for path, parsed_note in parsed.items():
                if parsed_note is None:
                    self.parsed_there += 1
                else:
                    self._notes[path].__dict__.setdefault("parsed", parsed_note)
        text, page = pages[offset]
        self.taken += 1
        return text, dataclasses.replace(page, note=note)

    def close(self) -> None:
        global _JOB
        self._pool.shutdown(wait=True, cancel_futures=True)
        _unfreeze(self._froze)
        self._froze = False
        _JOB = None


def _freeze() -> bool:
    """Freeze the objects that exist now, unless the collector is off or someone else froze some."""
    if not gc.isenabled() or gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def _unfreeze(froze: bool) -> None:
    if froze:
        gc.unfreeze()
