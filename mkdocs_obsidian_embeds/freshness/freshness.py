"""Freshness of a site's notes, computed once per build: each note's review date, last git
change, owners, review interval, and from them its state.

Frontmatter is parsed only for notes whose frontmatter mentions one of the review fields; the
git dates come from one pass over the history (``GitDates``). An owner or interval missing
from a note's frontmatter comes from the nearest folder of ``review_folders`` that sets it,
else the interval is the site's ``stale_after_days``. Problems (an unreadable date, a bad
interval, a shallow clone) are collected for the adapter to log. This module imports nothing
from MkDocs.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .badge import QuotedSource, render_badge, render_embed_date
from .catalogue import Words, words_for
from ..engine.parts import Citation, Part
from .report import ReportRow, render_report, review_json
from .review import (
    GitDates,
    Interval,
    IntervalOrigin,
    InvalidInterval,
    InvalidOwner,
    InvalidReviewDate,
    PageReview,
    ReviewState,
    changed_since_review,
    date_from_meta,
    first_set,
    parse_interval,
    parse_owners,
)
from ..engine.vault import Note, normalize

__all__ = ["FolderRule", "Freshness", "FreshnessOptions", "cited_paths", "pending_message"]


@dataclass(frozen=True)
class FolderRule:
    """The owners and interval of a folder's pages, unless a page's frontmatter sets its own."""

    folder: str
    """As written in ``review_folders``: a folder of the site or of the vault, ``.`` for all."""
    owners: tuple[str, ...] | None = None
    """None: this folder names no owner (a parent folder's stand)."""
    interval: Interval | None = None
    sets_interval: bool = False
    """Whether this folder sets the interval (``interval`` None then means ``never``)."""

    @property
    def key(self) -> str:
        return "" if self.folder == "." else normalize(self.folder.strip("/"))

    def holds(self, *paths: str) -> bool:
        return not self.key or any(normalize(path).startswith(self.key + "/") for path in paths)


@dataclass(frozen=True)
class FreshnessOptions:
    fields: Sequence[str]
    stale_after_days: int
    locale: str
    today: datetime.date
    use_git: bool = True
    owner_fields: Sequence[str] = ("owner",)
    interval_fields: Sequence[str] = ("review_every",)
    folders: Sequence[FolderRule] = ()
    due_soon_days: int = 14


@dataclass
class Freshness:
    """The freshness of the notes of one build and the HTML that shows it."""

    options: FreshnessOptions
    reviews: dict[str, PageReview] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(where, message) for the adapter to log as warnings; where is ``path:line`` or a path."""
    notices: list[str] = field(default_factory=list)
    """Messages for the adapter to log as information."""
    _footers: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def words(self) -> Words:
        return words_for(self.options.locale)

    @classmethod
    def collect(cls, notes: Iterable[Note], options: FreshnessOptions, roots: Iterable[Path]) -> Freshness:
        freshness = cls(options)
        git = freshness._git(roots) if options.use_git else []
        # The deepest folder first: it is the nearest one that sets an owner or an interval.
        rules = sorted(options.folders, key=lambda rule: -len([p for p in rule.key.split("/") if p]))
        used: set[str] = set()
        for note in notes:
            freshness.reviews[note.site_path] = freshness._review_of(note, git, rules, used)
        for rule in options.folders:
            if rule.folder not in used:
                freshness.problems.append(("review_folders", f"'{rule.folder}' holds no published page"))
        if not freshness.words.exact:
            freshness.notices.append(
                f"the theme's language '{options.locale}' has no translation of the review badge and report: "
                "they are in English (see the README to add one)"
            )
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

    # -- one note ---------------------------------------------------------------------------

    def _review_of(self, note: Note, git: list[GitDates], rules: Sequence[FolderRule], used: set[str]) -> PageReview:
        options = self.options
        fields = (*options.fields, *options.owner_fields, *options.interval_fields)
        meta: Mapping[str, object] = {}
        readable = True
        if _mentions(note.frontmatter_text, fields):
            meta = note.meta
            if note.meta_error:
                self.problems.append((note.site_path, f"unreadable frontmatter, no review date: {note.meta_error}"))
                meta, readable = {}, False
        matching = [rule for rule in rules if rule.holds(note.site_path, note.path)]
        used.update(rule.folder for rule in matching)
        owners = self._owners(note, meta, matching)
        interval, origin = self._interval(note, meta, matching)
        reviewed, readable = self._reviewed(note, meta) if readable else (None, False)
        return PageReview(
            reviewed=reviewed,
            # The author meant to set a review date: a git change must not stand in for it.
            changed=self._changed(note, git) if readable else None,
            owners=owners,
            interval=interval,
            interval_from=origin,
        )

    def _reviewed(self, note: Note, meta: Mapping[str, object]) -> tuple[datetime.date | None, bool]:
        """The frontmatter's review date, and whether the fields could be read."""
        try:
            return date_from_meta(meta, self.options.fields), True
        except InvalidReviewDate as error:
            self.problems.append((_where(note, error.field), str(error)))
            return None, False

    def _changed(self, note: Note, git: list[GitDates]) -> datetime.date | None:
        if not note.abs_path:
            return None
        for history in git:
            changed = history.get(Path(note.abs_path))
            if changed is not None:
                return changed
        return None

    def _owners(self, note: Note, meta: Mapping[str, object], rules: Sequence[FolderRule]) -> tuple[str, ...]:
        found = first_set(meta, self.options.owner_fields)
        if found is not None:
            try:
                return parse_owners(*found)
            except InvalidOwner as error:
                self.problems.append((_where(note, error.field), f"{error}; the folder's or no owner is used"))
        for rule in rules:
            if rule.owners is not None:
                return rule.owners
        return ()

    def _interval(
        self, note: Note, meta: Mapping[str, object], rules: Sequence[FolderRule]
    ) -> tuple[Interval | None, IntervalOrigin]:
        found = first_set(meta, self.options.interval_fields)
        if found is not None:
            try:
                return parse_interval(*found), "frontmatter"
            except InvalidInterval as error:
                self.problems.append((_where(note, error.field), f"{error}; the folder's or site's interval is used"))
        for rule in rules:
            if rule.sets_interval:
                return rule.interval, "folder"
        return Interval(self.options.stale_after_days), "site"

    # -- states -------------------------------------------------------------------------------

    def state(self, site_path: str) -> ReviewState:
        review = self.reviews.get(site_path, PageReview())
        return review.state(self.options.today, self.options.due_soon_days)

    def counts(self) -> dict[ReviewState, int]:
        counts: dict[ReviewState, int] = {}
        for path in self.reviews:
            state = self.state(path)
            counts[state] = counts.get(state, 0) + 1
        return counts

    def pending(self, states: Iterable[ReviewState]) -> list[tuple[str, PageReview]]:
        """The pages in ``states``, most overdue first."""
        wanted = set(states)
        found = [(path, review) for path, review in self.reviews.items() if self.state(path) in wanted]
        return sorted(found, key=lambda item: (item[1].due or datetime.date.max, item[0]))

    def flagged(
        self, note: Note, sources: Iterable[tuple[Note, str]], title_of: Callable[[Note], str] | None = None
    ) -> tuple[tuple[QuotedSource, ...], tuple[QuotedSource, ...]]:
        """Of the notes ``note`` quotes (with their URLs): those changed or reviewed since its
        review, and those overdue for review themselves. ``title_of`` names them (default: the
        note's title)."""
        review = self.reviews.get(note.site_path)
        if review is None:
            return (), ()
        changed, overdue = [], []
        seen: set[str] = set()
        for source, url in sorted(sources, key=lambda item: (item[0].title.casefold(), item[0].site_path)):
            theirs = self.reviews.get(source.site_path)
            if source is note or theirs is None or source.site_path in seen:
                continue
            seen.add(source.site_path)
            title = title_of(source) if title_of is not None else source.title
            later = changed_since_review(review, theirs)
            if later is not None:
                changed.append(QuotedSource(title, url, later, source.site_path))
            if self.state(source.site_path) == "overdue" and theirs.date is not None:
                overdue.append(QuotedSource(title, url, theirs.date, source.site_path))
        return tuple(changed), tuple(overdue)

    # -- HTML and reports ----------------------------------------------------------------------

    def badge(self, note: Note, sources: Iterable[tuple[Note, str]]) -> str:
        """The page's badge; ``sources`` are the notes it quotes, with their URLs from the page."""
        review = self.reviews.get(note.site_path)
        if review is None or review.date is None:
            return ""
        changed, overdue = self.flagged(note, sources)
        return render_badge(
            review,
            today=self.options.today,
            words=self.words,
            due_soon_days=self.options.due_soon_days,
            changed_sources=changed,
            overdue_sources=overdue,
        )

    def embed_footer(self, note: Note) -> str:
        """The quoted source's date for an embed's source line (the same for every quote of it)."""
        if note.site_path not in self._footers:
            date = self.reviews.get(note.site_path, PageReview()).date
            overdue = self.state(note.site_path) == "overdue"
            self._footers[note.site_path] = "" if date is None else render_embed_date(date, overdue=overdue, words=self.words)
        return self._footers[note.site_path]

    def row(
        self,
        note: Note,
        url: str,
        sources: Iterable[tuple[Note, str]],
        title_of: Callable[[Note], str],
        file: str = "",
    ) -> ReportRow:
        """The report's row of ``note``; ``url`` and the sources' URLs as the report links them."""
        title = title_of(note)
        changed, overdue = self.flagged(note, sources, title_of)
        review = self.reviews.get(note.site_path, PageReview())
        return ReportRow(note.site_path, title, url, review, changed, overdue, file)

    def report(self, rows: Sequence[ReportRow]) -> str:
        return render_report(rows, today=self.options.today, words=self.words, due_soon_days=self.options.due_soon_days)

    def json(self, rows: Sequence[ReportRow], site_url: str | None) -> str:
        return review_json(rows, today=self.options.today, due_soon_days=self.options.due_soon_days, site_url=site_url)


def pending_message(review: PageReview, today: datetime.date, due_soon_days: int) -> str:
    """What a CI log says of an overdue page or one due soon, in English: when, and who must act.

    ``index.md: review overdue by 45 days (reviewed 2026-01-01, every 6m, due 2026-07-01); owner: Ana``
    """
    date, due = review.date, review.due
    if date is None or due is None:
        return "no review due"
    days = (due - today).days
    if days < 0:
        when = f"review overdue by {-days} day{'s' * (days != -1)}"
    elif days == 0:
        when = "review due today"
    else:
        when = f"review due in {days} day{'s' * (days != 1)}"
    dated = f"reviewed {date.date.isoformat()}" if date.source == "frontmatter" else f"no review date, last changed {date.date.isoformat()} (git)"
    owners = review.owners
    who = f"owner{'s' * (len(owners) > 1)}: {', '.join(owners)}" if owners else "no owner"
    return f"{when} ({dated}, every {review.interval}, due {due.isoformat()}); {who}"


def cited_paths(host: str, parts: Iterable[Part]) -> set[str]:
    """Site paths of the notes that citation footnotes among ``parts`` cite, on the page of
    ``host``: a citation links the cited block by a path relative to the host's folder."""
    folder = posixpath.dirname(host)
    found = set()
    for part in parts:
        if isinstance(part, Citation):
            path = unquote(part.href.split("#", 1)[0])
            found.add(posixpath.normpath(posixpath.join(folder, path)) if path else host)
    return found


def _mentions(frontmatter: str, fields: Sequence[str]) -> bool:
    return any(re.search(rf"^{re.escape(name)}\s*:", frontmatter, re.MULTILINE) for name in fields)


def _where(note: Note, field_name: str) -> str:
    """``path:line`` of the frontmatter line that sets ``field_name`` (the path alone if none is found)."""
    match = re.search(rf"^[ \t]*['\"]?{re.escape(field_name)}['\"]?[ \t]*:", note.frontmatter_text, re.MULTILINE)
    if match is None:
        return note.site_path
    return f"{note.site_path}:{note.frontmatter_text.count(chr(10), 0, match.start()) + 2}"
