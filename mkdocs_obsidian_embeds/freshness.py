"""Freshness of a site's notes: each note's review date, computed once per build.

Frontmatter is parsed only for notes whose frontmatter mentions a review field; the git
fallback comes from one pass over the history (``GitDates``). Problems (an unreadable
date, a shallow clone) are collected for the adapter to log.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .badge import ReportRow, render_badge, render_embed_date, render_report
from .review import GitDates, InvalidReviewDate, ReviewDate, is_stale, review_date
from .vault import Note


@dataclass(frozen=True)
class FreshnessOptions:
    fields: Sequence[str]
    stale_after_days: int
    locale: str
    today: datetime.date
    use_git: bool = True


@dataclass
class Freshness:
    """Review dates of the notes of one build and the HTML that shows them."""

    options: FreshnessOptions
    dates: dict[str, ReviewDate | None] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    _footers: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def collect(cls, notes: Iterable[Note], options: FreshnessOptions, roots: Iterable[Path]) -> Freshness:
        freshness = cls(options)
        git = freshness._git(roots) if options.use_git else []
        for note in notes:
            freshness.dates[note.site_path] = freshness._date_of(note, git)
        return freshness

    def _git(self, roots: Iterable[Path]) -> list[GitDates]:
        histories: dict[Path | None, GitDates] = {}
        for root in roots:
            dates = GitDates.load(root)
            histories.setdefault(dates.root, dates)
        shallow = [h for h in histories.values() if h.shallow]
        if shallow:
            self.problems.append(
                (
                    str(shallow[0].root),
                    "the git history is shallow, so last-change dates from git are not used; "
                    "fetch the full history (e.g. actions/checkout with fetch-depth: 0)",
                )
            )
        return [h for h in histories.values() if h.root is not None and not h.shallow]

    def _date_of(self, note: Note, git: list[GitDates]) -> ReviewDate | None:
        meta = note.meta if _mentions(note.frontmatter_text, self.options.fields) else {}
        if note.meta_error and _mentions(note.frontmatter_text, self.options.fields):
            self.problems.append((note.site_path, f"unreadable frontmatter, no review date: {note.meta_error}"))
            return None
        try:
            found = review_date(meta, self.options.fields, Path(note.abs_path), None)
        except InvalidReviewDate as error:
            self.problems.append((note.site_path, str(error)))
            return None
        if found is not None or not note.abs_path:
            return found
        for history in git:
            changed = history.get(Path(note.abs_path))
            if changed is not None:
                return ReviewDate(changed, "git")
        return None

    def stale(self, review: ReviewDate | None) -> bool:
        return review is not None and is_stale(review.date, self.options.today, self.options.stale_after_days)

    def overdue(self) -> list[tuple[str, ReviewDate]]:
        return [(path, review) for path, review in self.dates.items() if review is not None and self.stale(review)]

    def badge(self, note: Note, sources: Iterable[tuple[Note, str]]) -> str:
        """The page's badge; ``sources`` are the notes it quotes, with their URLs from the page."""
        review = self.dates.get(note.site_path)
        if review is None:
            return ""
        overdue = [
            (source.title, url, self.dates[source.site_path].date)
            for source, url in sources
            if source is not note and self.stale(self.dates.get(source.site_path))
        ]
        return render_badge(
            review,
            today=self.options.today,
            locale=self.options.locale,
            stale_after_days=self.options.stale_after_days,
            overdue_sources=overdue,
        )

    def embed_footer(self, note: Note) -> str:
        """The quoted source's date for an embed's source line (the same for every quote of it)."""
        if note.site_path not in self._footers:
            review = self.dates.get(note.site_path)
            self._footers[note.site_path] = "" if review is None else render_embed_date(
                review, today=self.options.today, locale=self.options.locale, stale_after_days=self.options.stale_after_days
            )
        return self._footers[note.site_path]

    def report(self, notes: Iterable[Note], url_of: Callable[[Note], str]) -> str:
        rows = [ReportRow(note.title, url_of(note), self.dates.get(note.site_path)) for note in notes]
        return render_report(
            rows, today=self.options.today, locale=self.options.locale, stale_after_days=self.options.stale_after_days
        )


def _mentions(frontmatter: str, fields: Sequence[str]) -> bool:
    return any(re.search(rf"^{re.escape(name)}\s*:", frontmatter, re.MULTILINE) for name in fields)
