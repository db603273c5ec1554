"""When was a note last reviewed, and when is its next review due?

A note's review date comes from its frontmatter (one of a few field names) or,
failing that, from the date of the last git commit that touched the file (a
change, never counted as a review). Its review interval (``90d``, ``6m``,
``1y`` or ``never``) gives the due date, and the due date its state: fresh,
due soon, overdue. This module only computes dates; :mod:`.badge` and
:mod:`.report` render them. It deliberately imports nothing from MkDocs.
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
    "Interval",
    "InvalidInterval",
    "InvalidOwner",
    "InvalidReviewDate",
    "IntervalOrigin",
    "PageReview",
    "ReviewDate",
    "ReviewSource",
    "ReviewState",
    "date_from_meta",
    "changed_since_review",
    "elapsed",
    "first_set",
    "parse_interval",
    "parse_owners",
    "review_state",
]

ReviewSource = Literal["frontmatter", "git"]
ReviewState = Literal["overdue", "due-soon", "fresh", "evergreen", "undated"]
Unit = Literal["d", "w", "m", "y"]

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


class InvalidInterval(ValueError):
    """A review interval (frontmatter or option) that is not one."""

    def __init__(self, field: str, value: object, why: str = "") -> None:
        super().__init__(field, value, why)
        self.field, self.value, self.why = field, value, why

    def __str__(self) -> str:
        why = f": {self.why}" if self.why else ""
        return (
            f"invalid review interval in {self.field!r}: {self.value!r}{why} "
            "(expected days such as 90 or 90d, 6m, 1y, or never)"
        )


class InvalidOwner(ValueError):
    """An owner field that is neither a name nor a list of names."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value)
        self.field, self.value = field, value

    def __str__(self) -> str:
        return (
            f"invalid owner in {self.field!r}: {self.value!r} "
            "(expected a name, or a list of names)"
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
    found = first_set(meta, (fields,) if isinstance(fields, str) else fields)
    return None if found is None else _parse_date(*found)


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


def first_set(meta: Mapping[str, object], fields: Sequence[str]) -> tuple[str, object] | None:
    """The first of ``fields`` that ``meta`` sets to something not blank, with its value."""
    for field in fields:
        value = meta.get(field)
        if not _is_blank(value):
            return field, value
    return None


def _add_months(date: datetime.date, months: int) -> datetime.date:
    """``date`` plus whole calendar months; a day the month lacks becomes its last (Aug 31 + 6m = Feb 28)."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    days_in_month = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(date.day, days_in_month))


_UNITS: dict[str, Unit] = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "week": "w", "weeks": "w",
    "m": "m", "month": "m", "months": "m",
    "y": "y", "year": "y", "years": "y",
}
#: The longest interval in each unit: 100 years, so that a due date is always a real date.
_LONGEST: dict[Unit, int] = {"d": 36_500, "w": 5_200, "m": 1_200, "y": 100}
_INTERVAL = re.compile(r"(\d{1,9})\s*([a-z]*)")


@dataclass(frozen=True)
class Interval:
    """How often a page is reviewed: a whole number of days, weeks, calendar months or years."""

    amount: int
    unit: Unit = "d"

    def due(self, date: datetime.date) -> datetime.date:
        """The day the next review is due after a review on ``date``."""
        if self.unit == "d":
            return date + datetime.timedelta(days=self.amount)
        if self.unit == "w":
            return date + datetime.timedelta(weeks=self.amount)
        return _add_months(date, self.amount * (12 if self.unit == "y" else 1))

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


def parse_interval(field: str, value: object) -> Interval | None:
    """Read a review interval: a whole number of days (``90``, ``"90d"``, ``"90 days"``),
    weeks (``2w``), months (``6m``) or years (``1y``), from 1 up to 100 years; None for
    ``never`` (an evergreen page, never due). Raises :class:`InvalidInterval`."""
    if isinstance(value, bool):
        raise InvalidInterval(field, value)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().casefold()
    else:
        raise InvalidInterval(field, value)
    if text == "never":
        return None
    match = _INTERVAL.fullmatch(text)
    if not match or match.group(2) not in ("", *_UNITS):
        raise InvalidInterval(field, value)
    unit = _UNITS.get(match.group(2), "d")
    amount = int(match.group(1))
    if amount < 1:
        raise InvalidInterval(field, value, "an interval is at least 1 day (never marks an evergreen page)")
    if amount > _LONGEST[unit]:
        raise InvalidInterval(field, value, "at most 100 years")
    return Interval(amount, unit)


def parse_owners(field: str, value: object) -> tuple[str, ...]:
    """A page's reviewers: one name, or a list of names (blank ones dropped, order kept, each once).

    A name is taken as written (``"Smith, Jane"`` is one name). Raises :class:`InvalidOwner`
    for anything else (a number, a mapping, a list holding one).
    """
    items = value if isinstance(value, list) else [value]
    owners: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidOwner(field, value)
        name = " ".join(item.split())
        if name and name not in owners:
            owners.append(name)
    return tuple(owners)


def review_state(
    due: datetime.date | None, today: datetime.date, due_soon_days: int, *, dated: bool = True
) -> ReviewState:
    """``overdue`` after the due day; ``due-soon`` from ``due_soon_days`` before it to the day
    itself; else ``fresh``. A page with a date but no due day is ``evergreen``; one without a
    date is ``undated``."""
    if not dated:
        return "undated"
    if due is None:
        return "evergreen"
    if today > due:
        return "overdue"
    if (due - today).days <= due_soon_days:
        return "due-soon"
    return "fresh"


def elapsed(start: datetime.date, end: datetime.date) -> tuple[int, Unit]:
    """The time from ``start`` to ``end`` (``end >= start``) in whole units, never rounded up:
    calendar years if at least one, else calendar months, else weeks, else days. So 2 years
    and 10 months is ``(2, "y")`` and 8 months 28 days ``(8, "m")``."""
    if end < start:
        raise ValueError(f"{end} is before {start}")
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    if months >= 12:
        return months // 12, "y"
    if months >= 1:
        return months, "m"
    days = (end - start).days
    return (days // 7, "w") if days >= 7 else (days, "d")


IntervalOrigin = Literal["frontmatter", "folder", "site"]


@dataclass(frozen=True)
class PageReview:
    """Everything the build knows about one page's freshness.

    ``reviewed`` is the review date of the frontmatter; ``changed`` the date of the last git
    commit that touched the file. A change is never a review: ``changed`` stands in for the
    date only where there is no review date, and is then shown as "last changed".
    """

    reviewed: datetime.date | None = None
    changed: datetime.date | None = None
    owners: tuple[str, ...] = ()
    interval: Interval | None = None
    """None: never due (``review_every: never``)."""
    interval_from: IntervalOrigin = "site"

    @property
    def date(self) -> ReviewDate | None:
        if self.reviewed is not None:
            return ReviewDate(self.reviewed, "frontmatter")
        if self.changed is not None:
            return ReviewDate(self.changed, "git")
        return None

    @property
    def due(self) -> datetime.date | None:
        date = self.date
        return None if date is None or self.interval is None else self.interval.due(date.date)

    def state(self, today: datetime.date, due_soon_days: int) -> ReviewState:
        return review_state(self.due, today, due_soon_days, dated=self.date is not None)


def changed_since_review(page: PageReview, source: PageReview) -> ReviewDate | None:
    """The date ``source`` changed (git) or was reviewed after ``page`` was reviewed: the quote
    may no longer say what the page's reviewer approved. Only a review date of ``page`` counts
    (a git change is no review), and only a later day (dates have no time of day)."""
    if page.reviewed is None:
        return None
    later = [
        ReviewDate(date, kind)
        for date, kind in ((source.reviewed, "frontmatter"), (source.changed, "git"))
        if date is not None and date > page.reviewed
    ]
    return max(later, key=lambda found: found.date) if later else None
