"""The vault: every published note and attachment, found the way Obsidian finds them (SPEC §1).

Notes are read once when the index is built; their frontmatter is parsed only when it may
matter (aliases, publish flag, title, review dates) and their body only when a page is
rendered, linked into or embedded, and then once per build.
"""

from __future__ import annotations

import logging
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import frontmatter
from .notes import ParsedNote, parse_note

log = logging.getLogger(__name__)

_INTERESTING_META = re.compile(r"alias|title", re.IGNORECASE)


#: The file name endings MkDocs publishes as pages (``mkdocs.utils.markdown_extensions``).
NOTE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def note_stem(path: str) -> str | None:
    """``path`` without its note ending (any of NOTE_SUFFIXES, in any case); None if it is not a note."""
    lower = path.lower()
    for suffix in NOTE_SUFFIXES:
        if lower.endswith(suffix):
            return path[: -len(suffix)]
    return None


@lru_cache(maxsize=65536)
def relative_path(target: str, start_folder: str) -> str:
    """``target`` relative to ``start_folder`` (both vault- or docs-relative POSIX paths).

    Like ``posixpath.relpath`` without touching the file system (that one asks for the
    current directory on every call, which showed up in profiles).
    """
    parts = [p for p in target.split("/") if p]
    base = [p for p in start_folder.split("/") if p and p != "."]
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def normalize(name: str) -> str:
    """The key Obsidian matches names by: NFC, case-insensitive, trimmed, forward slashes.

    Case folding runs on the decomposed text and the result is composed again (Unicode's
    canonical caseless match): folding composed text can leave it decomposed, so that, say,
    "ῢ" and its upper case "Ϋ̀" would otherwise fold to different strings.
    """
    decomposed = unicodedata.normalize("NFD", name.replace("\\", "/")).strip()
    return unicodedata.normalize("NFC", decomposed.casefold())


@dataclass(eq=False)
class VaultFile:
    """A published file: ``path`` inside the vault, ``site_path`` inside the site's docs."""

    path: str
    site_path: str
    abs_path: str

    @property
    def is_note(self) -> bool:
        return note_stem(self.path) is not None

    @property
    def name(self) -> str:
        """What Obsidian calls the file: the note's name without ``.md``, else the file name."""
        base = posixpath.basename(self.path)
        return note_stem(base) or base

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)


@dataclass(eq=False)
class Note(VaultFile):
    """A markdown note: its raw text, frontmatter and, on demand, its parsed body."""

    text: str = ""
    mtime: float = 0.0
    in_vault: bool = True
    meta_error: str | None = field(default=None, init=False)

    @cached_property
    def _split(self) -> frontmatter.Split:
        return frontmatter.split(self.text)

    @property
    def frontmatter_text(self) -> str:
        return self._split.yaml

    @property
    def body(self) -> str:
        return self._split.body

    @property
    def body_offset(self) -> int:
        """Lines before the body in the file (the frontmatter), for line numbers in warnings."""
        return self._split.body_offset

    _values: frontmatter.Loaded | None = field(default=None, init=False, repr=False)

    def _load(self) -> frontmatter.Loaded:
        """The frontmatter parsed, node graph included; the note keeps only its values
        (``_values``): the nodes are read once, by the publish decision."""
        loaded = frontmatter.load(self._split.yaml)
        if self._values is None:
            self._values = loaded.values_only()
            self.meta_error = loaded.error
        return loaded

    @property
    def meta(self) -> dict:
        """The frontmatter as a mapping; ``{}`` (and ``meta_error`` set) when it does not parse."""
        data = (self._values or self._load()).data
        return data if isinstance(data, dict) else {}

    @property
    def needs_meta(self) -> bool:
        """Whether the frontmatter may hold aliases or a title (cheap text check, any spelling)."""
        return bool(_INTERESTING_META.search(self._split.yaml))

    @cached_property
    def privacy(self) -> frontmatter.Verdict:
        """Whether the frontmatter makes the note private (frontmatter.py); ``line`` is the file's."""
        split = self._split
        document = self._load if split.closed else (lambda: None)
        return frontmatter.publish_verdict(split.privacy_text, document=document, first_line=2)

    @property
    def published(self) -> bool:
        return not self.privacy.private

    @property
    def aliases(self) -> list[str]:
        if not self.needs_meta:
            return []
        names = []
        for key in ("aliases", "alias"):
            found = self.meta.get(key) or []
            if isinstance(found, str):
                found = [part for part in re.split(r"\s*,\s*", found) if part]
            names += [str(a) for a in found if a] if isinstance(found, list) else []
        return names

    @property
    def title(self) -> str:
        title = self.meta.get("title") if self.needs_meta else None
        return str(title) if title else self.name

    @cached_property
    def parsed(self) -> ParsedNote:
        return parse_note(self.body)

    def forget_parsed(self) -> None:
        """Let the parsed body go (it is parsed again if asked for)."""
        self.__dict__.pop("parsed", None)


@dataclass(slots=True)
class Resolution:
    """Where a link target points, or why it points nowhere."""

    file: VaultFile | None
    reason: str = ""
    ambiguous: tuple[VaultFile, ...] = ()
    """All the candidates, the one taken first (a tuple: the index keeps a resolution per target and folder)."""


class VaultIndex:
    """Lookup of notes and attachments by path, name and alias."""

    def __init__(self, files: list[VaultFile], private: list[str] = ()) -> None:
        self.files = files
        self._by_path: dict[str, VaultFile] = {}
        self._by_name: dict[str, list[VaultFile]] = {}
        self._by_alias: dict[str, list[Note]] = {}
        self._resolved: dict[tuple[str, str], Resolution] = {}
        self._private = {normalize(p) for p in private}
        self._private |= {normalize(note_stem(p)) for p in private if note_stem(p) is not None}
        self._private |= {normalize(posixpath.basename(p)) for p in self._private}
        self.notices: list[str] = []
        """One line for each group of files that links cannot tell apart (see ``_add_group``)."""
        groups: dict[str, list[VaultFile]] = {}
        for file in files:
            groups.setdefault(normalize(note_stem(file.path) or file.path), []).append(file)
        for group in groups.values():
            self._add_group(group)
        self.notices.sort()

    def _add_group(self, group: list[VaultFile]) -> None:
        """Files whose paths differ only by letter case, Unicode normalisation (NFC ``Café``,
        NFD ``Café``) or the note's ending are one name to links: the first in ``_precedence``
        takes it, the others keep only a path that is theirs alone (``Note.markdown``) and their
        aliases, and a notice names them all."""
        first, *others = sorted(group, key=_precedence) if len(group) > 1 else group
        self._add(first)
        for other in others:
            self._by_path.setdefault(normalize(other.path), other)
            self._add_aliases(other)
        if others:
            self.notices.append(_shadow_notice(first, group))

    def _add(self, file: VaultFile) -> None:
        self._by_path[normalize(file.path)] = file
        self._by_name.setdefault(normalize(file.name), []).append(file)
        if isinstance(file, Note):
            self._by_path[normalize(note_stem(file.path))] = file
        self._add_aliases(file)

    def _add_aliases(self, file: VaultFile) -> None:
        if isinstance(file, Note):
            for alias in file.aliases:
                self._by_alias.setdefault(normalize(alias), []).append(file)

    def notes(self) -> list[Note]:
        return [f for f in self.files if isinstance(f, Note)]

    def get(self, path: str) -> VaultFile | None:
        """The file at a vault path (``.md`` optional), without any name lookup."""
        return self._by_path.get(normalize(path))

    def by_site_path(self, site_path: str) -> VaultFile | None:
        return self._site.get(site_path)

    @cached_property
    def _site(self) -> dict[str, VaultFile]:
        return {f.site_path: f for f in self.files}

    def resolve(self, target: str, source: VaultFile) -> Resolution:
        """Find what ``target`` (a link target as written) names, seen from ``source``."""
        if not target.strip():
            return Resolution(source)
        key = (target, source.folder)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(target, source)
        return self._resolved[key]

    def _resolve(self, target: str, source: VaultFile) -> Resolution:
        key = normalize(target)
        if key.startswith("/") or re.match(r"^[a-z]:/", key) or ".." in key.split("/"):
            return Resolution(None, "points outside the vault")
        key = key.removeprefix("./")
        candidates = self._candidates(key, normalize(source.folder))
        if not candidates:
            reason = "is private (not published)" if key in self._private else "no such note or file"
            return Resolution(None, reason)
        if len(candidates) > 1:
            candidates.sort(key=lambda f: (f.path.count("/"), len(f.path), normalize(f.path)))
            return Resolution(candidates[0], ambiguous=tuple(candidates))
        return Resolution(candidates[0])

    def _candidates(self, key: str, folder: str) -> list[VaultFile]:
        for exact in (key, posixpath.join(folder, key) if folder else key):
            if exact in self._by_path:
                return [self._by_path[exact]]
        base = posixpath.basename(key)
        for name in dict.fromkeys((note_stem(base) or base, base)):  # "x.md" may also be a note's name
            suffix = "/" + posixpath.join(posixpath.dirname(key), name)
            named = [
                f
                for f in self._by_name.get(name, [])
                if "/" not in key or ("/" + normalize(note_stem(f.path) or f.path)).endswith(suffix)
            ]
            if named:
                return named
        return list(self._by_alias.get(key, []))


def _precedence(file: VaultFile) -> tuple[bool, bool, bool, str]:
    """Which of files that links cannot tell apart a link reaches: a note before an attachment,
    ``.md`` before other endings, the composed (NFC) spelling, then code point order, so the
    choice never depends on the order the file system lists them in."""
    stem = note_stem(file.path)
    return (
        stem is None,
        stem is not None and file.path[len(stem) :].lower() != ".md",
        unicodedata.normalize("NFC", file.path) != file.path,
        file.path,
    )


def _shadow_notice(first: VaultFile, group: list[VaultFile]) -> str:
    mixed = any(unicodedata.normalize("NFC", f.site_path) != f.site_path for f in group)

    def shown(file: VaultFile) -> str:
        form = "" if not mixed else " (NFC)" if unicodedata.normalize("NFC", file.site_path) == file.site_path else " (NFD)"
        return f"'{file.site_path}'{form}"

    names = ", ".join(shown(f) for f in sorted(group, key=_precedence))
    return (
        f"{names}: these names differ only by letter case, Unicode normalisation or ending, "
        f"which links do not tell apart; links reach {shown(first)}"
    )
