"""HTML and Markdown for review dates: page badge, embed footer, report page.

Dates and relative ages are localised with Babel; the surrounding words are
English. Everything that comes from notes (titles, URLs) is escaped. This
module imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_timedelta

from .review import ReviewDate, is_stale

__all__ = ["ReportRow", "render_badge", "render_embed_date", "render_report"]

_FALLBACK_LOCALE = "en"

_BADGE_LABELS = {"frontmatter": "Last reviewed", "git": "Last changed"}
_EMBED_LABELS = {"frontmatter": "reviewed", "git": "changed"}


@dataclass(frozen=True)
class ReportRow:
    """One page of the review report. ``url`` is used verbatim as the link."""

    title: str
    url: str
    review: ReviewDate | None


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    """Parse a theme language ("en", "pt-BR", "pt_BR"); unknown ones give English."""
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return Locale.parse(_FALLBACK_LOCALE)


@lru_cache(maxsize=4096)
def _long_date(date: datetime.date, locale: Locale) -> str:
    return format_date(date, format="long", locale=locale)


@lru_cache(maxsize=4096)
def _age(date: datetime.date, today: datetime.date, locale: Locale) -> str | None:
    """Localised "9 months ago"; None for today or a future date.

    Babel treats a positive delta as future ("in 9 months"), hence
    ``date - today``. Same-day and future dates would read "in 0 days" /
    "in 3 days", which says nothing useful on a review badge.
    """
    if date >= today:
        return None
    return format_timedelta(
        date - today, granularity="day", add_direction=True, locale=locale
    )


def _time(date: datetime.date, locale: Locale) -> str:
    text = html.escape(_long_date(date, locale))
    return f'<time datetime="{date.isoformat()}">{text}</time>'


def _overdue_sources_html(
    sources: Sequence[tuple[str, str, datetime.date]], locale: Locale
) -> str:
    links = ", ".join(
        f'<a href="{html.escape(url)}">{html.escape(title)}</a>'
        f" ({_time(date, locale)})"
        for title, url, date in sources
    )
    return (
        '<span class="last-reviewed__sources">'
        f"Quotes overdue sources: {links}.</span>"
    )


def render_badge(
    review: ReviewDate,
    *,
    today: datetime.date,
    locale: str,
    stale_after_days: int,
    overdue_sources: Sequence[tuple[str, str, datetime.date]] = (),
) -> str:
    """The page's "Last reviewed" badge, as one single-line ``<div>``.

    ``overdue_sources`` lists notes quoted on the page whose own review date
    is stale, as (title, url, date); they are linked in a short sentence and
    the badge gets the ``last-reviewed--stale-sources`` class.
    """
    loc = _locale(locale)
    stale = is_stale(review.date, today, stale_after_days)
    classes = ["last-reviewed", f"last-reviewed--{review.source}"]
    if stale:
        classes.append("last-reviewed--stale")
    if overdue_sources:
        classes.append("last-reviewed--stale-sources")
    parts = [
        f'<span class="last-reviewed__label">{_BADGE_LABELS[review.source]}</span>',
        _time(review.date, loc),
    ]
    age = _age(review.date, today, loc)
    if age is not None:
        parts.append(f'<span class="last-reviewed__age">({html.escape(age)})</span>')
    if stale:
        parts.append('<strong class="last-reviewed__overdue">Review overdue</strong>')
    if overdue_sources:
        parts.append(_overdue_sources_html(overdue_sources, loc))
    # data-search-exclude keeps the badge out of Material's search index.
    return f'<div class="{" ".join(classes)}" data-search-exclude>{" ".join(parts)}</div>'


def render_embed_date(
    review: ReviewDate,
    *,
    today: datetime.date,
    locale: str,
    stale_after_days: int,
) -> str:
    """A small inline review date for an embedded quote's footer.

    Never uses the ``last-reviewed`` classes: a page has exactly one badge.
    """
    loc = _locale(locale)
    classes = "obsidian-embed__reviewed"
    title = ""
    if is_stale(review.date, today, stale_after_days):
        classes += " obsidian-embed__reviewed--stale"
        title = ' title="Review overdue"'
    return (
        f'<span class="{classes}"{title}>'
        f"{_EMBED_LABELS[review.source]} {_time(review.date, loc)}</span>"
    )


# Characters with a meaning in Markdown, in the Markdown extensions commonly
# used with Material (tables, pymdownx, attr_list, emoji, arithmatex) or in
# Obsidian syntax the plugin rewrites ([[links]], %%comments%%, ==marks==).
# Numeric character references are inert for all of them and render as-is.
_MD_SPECIAL = frozenset("\\`*_{}[]<>|!#~=^:$%&+")
_WHITESPACE = re.compile(r"\s+")


def _md_text(text: str) -> str:
    """Make ``text`` literal inside a Markdown table cell or link text."""
    text = _WHITESPACE.sub(" ", text).strip()
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in text)


def _md_url(url: str) -> str:
    """Percent-encode what would end a Markdown link destination or a cell, and ``:``, so
    that a page's name can never read as a scheme (``javascript:``)."""
    return quote(url.strip(), safe="/?#@!$&'*+,;=%~")


def _sort_key(row: ReportRow) -> tuple[int, datetime.date, str]:
    if row.review is None:
        return (1, datetime.date.min, row.title.casefold())
    return (0, row.review.date, row.title.casefold())


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _report_line(
    row: ReportRow, *, today: datetime.date, loc: Locale, stale_after_days: int
) -> str:
    page = f"[{_md_text(row.title) or _md_text(row.url)}]({_md_url(row.url)})"
    if row.review is None:
        cells = [page, "", "", "", "no date"]
    else:
        date = row.review.date
        stale = is_stale(date, today, stale_after_days)
        cells = [
            page,
            _md_text(_long_date(date, loc)),
            row.review.source,
            _md_text(_age(date, today, loc) or ""),
            "**overdue**" if stale else "fresh",
        ]
    return "| " + " | ".join(cells) + " |"


def render_report(
    rows: Sequence[ReportRow],
    *,
    today: datetime.date,
    locale: str,
    stale_after_days: int,
) -> str:
    """Markdown for the "Review report" page: a summary line and a table.

    Most overdue first (oldest date first), pages without a date last; ties
    are ordered by title.
    """
    loc = _locale(locale)
    undated = sum(row.review is None for row in rows)
    overdue = sum(
        row.review is not None and is_stale(row.review.date, today, stale_after_days)
        for row in rows
    )
    summary = (
        f"{_plural(len(rows), 'page', 'pages')}, {overdue} overdue, "
        f"{undated} without a date"
    )
    if not rows:
        return summary + "\n"
    lines = [
        summary,
        "",
        "| Page | Date | Source | Age | State |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        _report_line(row, today=today, loc=loc, stale_after_days=stale_after_days)
        for row in sorted(rows, key=_sort_key)
    ]
    return "\n".join(lines) + "\n"
