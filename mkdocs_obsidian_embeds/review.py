"""When was a note last reviewed?

A note's review date comes from its frontmatter (one of a few field names) or,
failing that, from the date of the last git commit that touched the file.
This module only computes dates; :mod:`mkdocs_obsidian_embeds.badge` renders
them. It deliberately imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "DEFAULT_FIELDS",
    "GitDates",
    "InvalidReviewDate",
    "ReviewDate",
    "ReviewSource",
    "date_from_meta",
    "is_stale",
    "review_date",
]

ReviewSource = Literal["frontmatter", "git"]

DEFAULT_FIELDS: tuple[str, ...] = ("reviewed", "last_reviewed", "last-reviewed")

# Only the ISO 8601 shapes people actually write in frontmatter. Checked up
# front because datetime.fromisoformat() accepts more on Python >= 3.11
# ("20260301", "2026-W09-1"), and the accepted syntax must not depend on the
# interpreter version.
_ISO_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


@dataclass(frozen=True)
class ReviewDate:
    """A review date and where it came from."""

    date: datetime.date
    source: ReviewSource


class InvalidReviewDate(ValueError):
    """A review field is present in the frontmatter but is not a date."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value)
        self.field = field
        self.value = value

    def __str__(self) -> str:
        return (
            f"invalid date in frontmatter field {self.field!r}: {self.value!r} "
            "(expected a date such as 2026-03-01)"
        )


def _parse_date(field: str, value: object) -> datetime.date:
    # datetime is a subclass of date, so it must be tested first.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.fullmatch(value.strip())
        if match:
            try:
                return datetime.date.fromisoformat(match.group(1))
            except ValueError:
                pass
    raise InvalidReviewDate(field, value)


def _is_blank(value: object) -> bool:
    """An empty field (``reviewed:`` in a note template) means "not set"."""
    return value is None or (isinstance(value, str) and not value.strip())


def date_from_meta(
    meta: Mapping[str, object], fields: Sequence[str] = DEFAULT_FIELDS
) -> datetime.date | None:
    """Return the date in the first of ``fields`` set in ``meta``.

    Accepts a ``datetime.date``, a ``datetime.datetime`` (its date part, as
    written) or an ISO string (``2026-03-01``, ``2026-03-01T10:00:00``).
    A field that is missing, ``None`` or blank is skipped. Any other value
    raises :class:`InvalidReviewDate`.
    """
    if isinstance(fields, str):
        fields = (fields,)
    for field in fields:
        value = meta.get(field)
        if not _is_blank(value):
            return _parse_date(field, value)
    return None


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def _run_git(args: Sequence[str], cwd: Path) -> bytes | None:
    """Run git and return its stdout, or None if git is missing or fails."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


# -z: NUL-terminated paths, never quoted. The other options neutralise user
# config (log.showSignature, color.ui, diff.renames) that would change output.
_LOG_ARGS = (
    "-c",
    "core.quotepath=off",
    "log",
    "-z",
    "--format=%x00%cI",
    "--name-only",
    "--no-renames",
    "--no-color",
    "--no-show-signature",
)


def _parse_log(output: bytes) -> Iterator[tuple[str, datetime.date]]:
    """Yield (path, commit date) pairs from ``git log -z`` output, newest first.

    Each commit is ``\\0<date>\\0`` followed, if it touched files, by ``\\n``
    and NUL-terminated paths. Paths are never empty, so an empty token always
    announces a date.
    """
    date: datetime.date | None = None
    expect_date = False
    first_path = False
    for token in output.split(b"\0"):
        if not token:
            expect_date = True
        elif expect_date:
            date = datetime.date.fromisoformat(token[:10].decode("ascii"))
            expect_date = False
            first_path = True
        elif date is not None:
            if first_path and token.startswith(b"\n"):
                token = token[1:]
            first_path = False
            yield _nfc(token.decode("utf-8", "surrogateescape")), date


class GitDates:
    """Date of the last commit that touched each file of a git repository.

    Built once per build with :meth:`load`, which runs two git subprocesses
    for the whole repository, whatever its size. An instance with no root is
    empty: :meth:`get` returns None for every path.
    """

    def __init__(
        self,
        dates: Mapping[str, datetime.date] | None = None,
        *,
        root: Path | None = None,
        shallow: bool = False,
    ) -> None:
        """``dates`` maps NFC-normalised, ``/``-separated paths relative to ``root``."""
        self.root = root
        self.shallow = shallow
        self._dates = dict(dates or {})

    @classmethod
    def load(cls, start: Path) -> GitDates:
        """Read the history of the repository containing ``start``.

        Returns an empty instance when ``start`` is not inside a git work tree
        or git is not installed. In a shallow clone the history is not read at
        all (``shallow`` is True and every date is None).
        """
        start = Path(start)
        cwd = start if start.is_dir() else start.parent
        info = _run_git(
            ["rev-parse", "--show-toplevel", "--is-shallow-repository"], cwd
        )
        if info is None:
            return cls()
        lines = info.decode("utf-8", "surrogateescape").splitlines()
        if len(lines) != 2:
            return cls()
        root, shallow = Path(lines[0]), lines[1].strip() == "true"
        if shallow:
            return cls(root=root, shallow=True)
        log = _run_git(_LOG_ARGS, root)
        dates: dict[str, datetime.date] = {}
        for path, date in _parse_log(log or b""):
            dates.setdefault(path, date)
        return cls(dates, root=root)

    def __len__(self) -> int:
        return len(self._dates)

    def _key(self, path: Path) -> str | None:
        assert self.root is not None
        # Try the path as given first: resolving would follow a symlinked
        # file to its target. Resolve only if the root is reached through a
        # symlink (e.g. /tmp -> /private/tmp on macOS).
        for candidate in (Path(path), Path(path).resolve()):
            try:
                relative = candidate.relative_to(self.root)
            except ValueError:
                continue
            return _nfc(relative.as_posix())
        return None

    def get(self, path: Path) -> datetime.date | None:
        """Date of the last commit touching ``path`` (absolute), if known.

        None for untracked files, files outside the repository, and every
        file when the clone is shallow (its dates would be wrong).
        """
        if self.root is None or self.shallow:
            return None
        key = self._key(path)
        return None if key is None else self._dates.get(key)


def review_date(
    meta: Mapping[str, object],
    fields: Sequence[str],
    path: Path,
    git: GitDates | None,
) -> ReviewDate | None:
    """The note's review date: frontmatter first, else git, else None.

    Raises :class:`InvalidReviewDate` when a frontmatter field is unreadable;
    git is not consulted then, since the author clearly meant to set a date.
    """
    date = date_from_meta(meta, fields)
    if date is not None:
        return ReviewDate(date, "frontmatter")
    if git is not None:
        date = git.get(path)
        if date is not None:
            return ReviewDate(date, "git")
    return None


def is_stale(
    date: datetime.date, today: datetime.date, stale_after_days: int
) -> bool:
    """True if ``date`` is strictly more than ``stale_after_days`` before ``today``."""
    if stale_after_days < 0:
        raise ValueError(f"stale_after_days must be >= 0, got {stale_after_days}")
    return (today - date).days > stale_after_days
