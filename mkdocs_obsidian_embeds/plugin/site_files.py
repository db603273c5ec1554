"""The site's files as the vault: docs_dir's and vault_dir's, sorted into published and private.

Files that cannot be read, copies of docs_dir behind a symlinked folder that loops back, hidden
folders (``.obsidian``, ``.trash``), excluded files and private notes are left out of the site.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions

from .config import ObsidianEmbedsConfig, vault_prefix
from .dirty import rebuild_always
from .log import log
from ..engine.readable import NotUtf8, decode_text, loops_back, os_error_reason, unreadable
from ..engine.vault import Note, VaultFile, note_stem

PRIVATE_FOLDERS = (".obsidian", ".trash")


class VaultFiles:
    """One build's gathering of the vault from MkDocs' ``Files``.

    ``notes`` holds the notes read in earlier builds, by absolute path: a note whose file has
    not changed is not read (nor parsed) again.
    """

    def __init__(self, options: ObsidianEmbedsConfig, config: MkDocsConfig, notes: dict[str, Note]) -> None:
        self.options = options
        self.config = config
        self.notes = notes
        self.prefix = vault_prefix(options.vault_dir, options.vault_prefix) if options.vault_dir else ""
        self.withheld: list[File] = []
        """This build's documents that are not published (private or excluded)."""

    def drop_unreadable(self, files: Files) -> None:
        """Leave out docs_dir's files that cannot be read (one warning each), and the copies of
        docs_dir that MkDocs finds through a symlinked folder that loops back."""
        docs_dir = os.path.realpath(self.config.docs_dir)
        real_dirs: dict[str, str] = {}
        loops: dict[str, bool] = {}
        warned: set[str] = set()
        for file in list(files):
            if file.abs_src_path is None or not file.inclusion.is_in_serve() or _in_private_folder(file.src_uri):
                continue  # drafts are checked: ``mkdocs serve`` renders them
            if file.src_dir is None:
                continue  # made by a plugin
            if file.src_dir not in real_dirs:
                real_dirs[file.src_dir] = os.path.realpath(file.src_dir)
            if real_dirs[file.src_dir] != docs_dir:
                continue  # a theme's file
            loop = _looping_folder(file.src_uri, self.config.docs_dir, loops)
            problem = "symlink loop (a folder that leads back to itself)" if loop else unreadable(file.abs_src_path)
            if problem:
                files.remove(file)
                if (loop or file.src_uri) not in warned:
                    warned.add(loop or file.src_uri)
                    log.warning("%s: %s: not published", loop or file.src_uri, problem)

    def gather(self, files: Files, dirty: bool) -> tuple[list[VaultFile], list[str]]:
        """Published documents for the index, and the vault paths of private ones (removed from
        the site, and from a dirty build's output)."""
        for file in [f for f in files if _in_private_folder(f.src_uri)]:
            files.remove(file)
        if self.options.vault_dir:
            self._add_vault_files(files)
            self._exclude_vault_files(files)
        published, private = self._sort_documents(files)
        if dirty:
            self._remove_withheld_output(files)
        return published, private

    def _add_vault_files(self, files: Files) -> None:
        """Add the vault's visible files under the prefix; one warning for each that cannot be read."""
        root = Path(self.options.vault_dir)
        prefix = self.prefix

        def site_path(path: str | Path) -> str:
            rel = Path(path).relative_to(root).as_posix()
            return prefix if rel == "." else f"{prefix}/{rel}"

        def folder_problem(error: OSError) -> None:
            log.warning("%s: folder %s: not published", site_path(error.filename), os_error_reason(error))

        for folder, dirs, names in os.walk(root, onerror=folder_problem):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = Path(folder, name)
                src_uri = site_path(path)
                problem = unreadable(str(path))
                taken = files.get_file_from_path(src_uri)
                if problem:
                    log.warning("%s: %s: not published", src_uri, problem)
                elif taken is not None:
                    log.warning("%s: not published: the site has another file there (the theme's)", src_uri)
                else:
                    files.append(File.generated(self.config, src_uri, abs_src_path=str(path)))

    def _exclude_vault_files(self, files: Files) -> None:
        """Apply ``exclude_docs`` and ``draft_docs`` to the vault's files, as MkDocs does to docs_dir's.

        MkDocs would apply them only after the plugin has indexed the files. A pattern excludes
        a vault file when it matches its path in the site (``prefix/...``) or in the vault.
        """
        prefix, config = self.prefix, self.config
        added = [f for f in files if f.inclusion == InclusionLevel.UNDEFINED and f.src_uri.startswith(prefix + "/")]
        set_exclusions(added, config)
        patterns = [(config.exclude_docs, InclusionLevel.EXCLUDED), (config.draft_docs, InclusionLevel.DRAFT)]
        for file in added:
            in_vault = file.src_uri[len(prefix) + 1 :]
            for spec, level in patterns:
                if spec is not None and not file.inclusion.is_excluded() and spec.match_file(in_vault):
                    file.inclusion = level

    def _sort_documents(self, files: Files) -> tuple[list[VaultFile], list[str]]:
        """Published documents for the index, and the vault paths of private ones (removed from the site)."""
        prefix = self.prefix
        docs_dir = os.path.realpath(self.config.docs_dir)
        vault_root = os.path.realpath(self.options.vault_dir) if self.options.vault_dir else docs_dir
        published: list[VaultFile] = []
        private: list[str] = []
        real_dirs: dict[str, str] = {}
        for file in list(files):
            if file.src_dir is not None:
                if file.src_dir not in real_dirs:
                    real_dirs[file.src_dir] = os.path.realpath(file.src_dir)
                if real_dirs[file.src_dir] != docs_dir:
                    continue  # a theme's file, not a document
            in_vault = not prefix or file.src_uri.startswith(prefix + "/")
            vault_path = file.src_uri[len(prefix) + 1 :] if prefix and in_vault else file.src_uri
            if file.inclusion.is_excluded():
                self.withheld.append(file)
                private.append(vault_path)
                continue
            entry = None
            if _inside(file.abs_src_path, vault_root if in_vault else docs_dir):
                entry = self._vault_file(file, vault_path, in_vault)
            if entry is None or isinstance(entry, Note) and not entry.published:
                if isinstance(entry, Note) and entry.privacy.notice:
                    where = f"{file.src_uri}:{entry.privacy.line}" if entry.privacy.line else file.src_uri
                    log.info("%s: %s", where, entry.privacy.notice)
                files.remove(file)
                self.withheld.append(file)
                private.append(vault_path)
                continue
            published.append(entry)
        return published, private

    def _vault_file(self, file: File, vault_path: str, in_vault: bool) -> VaultFile | None:
        """The published file behind ``file``; None (with a warning) for a note that cannot be
        read or is not UTF-8: not knowing what it says, the plugin treats it as private."""
        abs_path = file.abs_src_path or ""
        if note_stem(file.src_uri) is None:
            return VaultFile(vault_path, file.src_uri, abs_path)
        try:
            mtime = os.path.getmtime(abs_path) if abs_path else 0.0
            cached = self.notes.get(abs_path)
            if cached is not None and cached.mtime == mtime and cached.site_path == file.src_uri:
                return cached
            text = decode_text(file.content_bytes)
        except OSError as error:  # gone or changed since MkDocs listed it
            log.warning("%s: %s: not published", file.src_uri, os_error_reason(error))
            return None
        if isinstance(text, NotUtf8):
            log.warning("%s:%d: %s: not published", file.src_uri, text.line, text)
            return None
        note = Note(vault_path, file.src_uri, abs_path, text=text, mtime=mtime, in_vault=in_vault)
        self.notes[abs_path] = note
        return note

    def _remove_withheld_output(self, files: Files) -> None:
        """A dirty build leaves the site's old files in place: a page that is private now must
        not stay there, nor its quotes in pages that are not rebuilt. So its old output is
        deleted and, when there was any, every page is rebuilt (the plugin cannot know which
        unchanged pages of an earlier build quoted it)."""
        stale = [f for f in self.withheld if f.is_documentation_page() and os.path.isfile(f.abs_dest_path)]
        for file in stale:
            with contextlib.suppress(OSError):
                os.remove(file.abs_dest_path)
        if stale:
            log.info("%d pages not published any more: their old output is removed and every page rebuilt", len(stale))
            for file in files.documentation_pages():
                rebuild_always(file)


def parse_all(notes: list[Note]) -> None:
    """Parse every note not parsed yet, one after another before any page renders: each note is
    parsed anyway (its own page, and the pages that quote or link to it), and in one run the
    parser's code and data stay in the processor's caches, where parsing each note between two
    pages' Markdown and templates took about 1.3 times as long."""
    for note in notes:
        note.parsed  # noqa: B018 (cached_property: parsed once, kept for the build)


def parsed_count(notes: dict[str, Note]) -> int:
    """How many of the notes read so far have been parsed."""
    return sum("parsed" in note.__dict__ for note in notes.values())


def _in_private_folder(src_uri: str) -> bool:
    return any(part in PRIVATE_FOLDERS for part in src_uri.split("/"))


def _inside(path: str | None, root: str) -> bool:
    """Whether a file really lies in the vault (a symlink out of it does not)."""
    if not path:
        return True
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _looping_folder(src_uri: str, docs_dir: str, cache: dict[str, bool]) -> str | None:
    """The first folder on the way to ``src_uri`` that is a symlink looping back (readable.loops_back)."""
    folder = ""
    for part in src_uri.split("/")[:-1]:
        folder = f"{folder}/{part}" if folder else part
        if folder not in cache:
            cache[folder] = loops_back(os.path.join(docs_dir, folder))
        if cache[folder]:
            return folder
    return None
