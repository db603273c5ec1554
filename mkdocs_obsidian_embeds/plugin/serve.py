"""The folders ``mkdocs serve`` watches: every visible folder of docs_dir and of the vault, one
by one, so that ``.obsidian/`` (which Obsidian rewrites constantly) triggers no rebuild."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from watchdog.events import FileModifiedEvent, FileSystemEvent, FileSystemEventHandler


class Watcher:
    """The folders watched for ``mkdocs serve``, kept in step with the folders there are."""

    def __init__(self) -> None:
        self._server = None
        """``mkdocs serve``'s live-reload server, once ``serve`` has run."""
        self._watched: dict[str, tuple[int, int]] = {}
        """The folders watched, with the device and inode each had then."""
        self._ended: set[str] = set()
        """Watched folders (absolute paths) whose watch ended since the last build: the folder was deleted."""

    @property
    def serving(self) -> bool:
        return self._server is not None

    def serve(self, server, docs_dir: str, vault_dir: str | None) -> None:
        """Watch the vault's folders, but not ``.obsidian/`` (Obsidian rewrites it constantly)."""
        with contextlib.suppress(KeyError):  # MkDocs watches docs_dir recursively, .obsidian included
            server.unwatch(docs_dir)
        self._server = server
        self._watched = {}
        self._ended.clear()
        self.watch_folders(docs_dir, vault_dir)

    def stop(self) -> None:
        self._server = None

    def watch_folders(self, docs_dir: str, vault_dir: str | None) -> None:
        """Watch every visible folder of docs_dir and the vault, one by one (not recursively).

        Runs again at each rebuild. A folder made since is watched from then on; a folder
        deleted since is no longer watched; one deleted and made again is watched anew, for
        the watch of the old folder ended with it: the watch said so (``_ended``), or, where
        the server does not tell, the folder has another inode.
        """
        roots = [docs_dir] + ([vault_dir] if vault_dir else [])
        present = {folder: identity for root in roots for folder, identity in _visible_folders(root)}
        ended = set(self._ended)
        self._ended -= ended
        for folder, identity in list(self._watched.items()):
            if present.get(folder) != identity or os.path.abspath(folder) in ended:
                del self._watched[folder]
                with contextlib.suppress(KeyError):
                    self._server.unwatch(folder)
        for folder, identity in present.items():
            if folder not in self._watched:
                self._watch(folder, identity)

    def _watch(self, folder: str, identity: tuple[int, int]) -> None:
        try:
            self._server.watch(folder, recursive=False)
        except OSError:  # gone again since the walk: forget it, so that it is watched once it is back
            with contextlib.suppress(KeyError):
                self._server.unwatch(folder)
            return
        self._watched[folder] = identity
        _rebuild_on_folder_events(self._server, folder, self._ended.add)


def _rebuild_on_folder_events(server: object, folder: str, ended: Callable[[str], None]) -> None:
    """Have a visible sub-folder made, deleted or moved in ``folder`` (or ``folder`` itself
    deleted) rebuild the site, as a changed file does, and tell ``ended`` when the watch of
    ``folder`` ends because the folder is gone.

    MkDocs' server ignores events of folders, and its watch of a deleted folder ends without
    one of a file: a folder deleted, made again or new would only show once some other file
    changed. A handler added to the server's watch of ``folder`` answers such an event with a
    file event on that watch, which MkDocs' own handler turns into a rebuild; that build's
    ``on_files`` then watches the folders as they are now. Uses the server's watchdog
    ``observer``; a server without one keeps MkDocs' behaviour.
    """
    observer = getattr(server, "observer", None)
    if observer is None or not hasattr(observer, "event_queue"):
        return
    path = os.path.abspath(folder)

    def on_any_event(event: FileSystemEvent) -> None:
        names = (event.src_path, getattr(event, "dest_path", "") or event.src_path)
        visible = not all(os.path.basename(str(name)).startswith(".") for name in names)
        if event.is_directory and event.event_type in ("created", "deleted", "moved") and visible:
            if event.event_type == "deleted" and os.path.abspath(str(event.src_path)) == path:
                ended(path)
            observer.event_queue.put((FileModifiedEvent(path), watch))

    handler = FileSystemEventHandler()
    handler.on_any_event = on_any_event  # type: ignore[method-assign]
    with contextlib.suppress(OSError):
        watch = observer.schedule(handler, path, recursive=False)  # the server's watch, found by its path


def _visible_folders(root: str) -> list[tuple[str, tuple[int, int]]]:
    """``root`` and its sub-folders, without hidden ones (``.obsidian``, ``.trash``, ``.git``),
    each with its device and inode."""
    found = []
    for folder, dirs, _ in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        with contextlib.suppress(OSError):
            info = os.stat(folder)
            found.append((folder, (info.st_dev, info.st_ino)))
    return found
