"""HTML for review dates: the page's badge and the date in an embed's source line.

Words come from the site language's catalogue (:mod:`.catalogue`), dates and durations from
Babel. Everything that comes from notes (titles, URLs, owners) is escaped. This module
imports nothing from MkDocs.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .catalogue import Words
from .review import PageReview, ReviewDate, ReviewState

__all__ = ["QuotedSource", "render_badge", "render_embed_date", "state_words", "time_html"]

_TOKEN = re.compile("\ue000(\\d+)\ue001")
_BADGE_LABELS = {"frontmatter": "last_reviewed", "git": "last_changed"}
_ON = {"frontmatter": "reviewed_on", "git": "changed_on"}
_STATE_WORDS: dict[ReviewState, str] = {
    "overdue": "state_overdue",
    "due-soon": "state_due_soon",
    "fresh": "state_fresh",
    "evergreen": "state_evergreen",
    "undated": "state_undated",
}


@dataclass(frozen=True)
class QuotedSource:
    """A note the page quotes (embeds or cites), with the date that flags it: the day it changed
    or was reviewed after the page's review, or its own review date when it is overdue."""

    title: str
    url: str
    date: ReviewDate
    path: str = ""
    """Its path in the site (``notes/Source.md``)."""


def state_words(state: ReviewState, words: Words) -> str:
    return words.text(_STATE_WORDS[state])


def time_html(date: datetime.date, words: Words, form: str = "long") -> str:
    return f'<time datetime="{date.isoformat()}">{html.escape(words.date(date, form))}</time>'


def dated_html(date: ReviewDate, words: Words, form: str = "long") -> str:
    """"reviewed March 3, 2026" or "changed March 3, 2026", the date in a ``<time>``."""
    return words.html(_ON[date.source], date=time_html(date.date, words, form))


def due_html(review: PageReview, today: datetime.date, due_soon_days: int, words: Words) -> str:
    """When the next review is due, as the badge says it ("Review due in 12 days")."""
    state, due = review.state(today, due_soon_days), review.due
    if state == "evergreen":
        return f'<span class="last-reviewed__due">{words.html("evergreen")}</span>'
    if state == "undated" or due is None:
        return ""
    if state == "overdue":
        text = words.html("review_overdue", duration=html.escape(words.duration(due, today)),
                          ago=html.escape(words.ago(due, today) or ""))
        return f'<strong class="last-reviewed__due last-reviewed__overdue">{text}</strong>'
    if due == today:
        text = words.html("review_due_today")
    else:
        key = "review_due" if state == "due-soon" else "next_review"
        text = words.html(key, within=html.escape(words.within(today, due)))
    if state == "due-soon":
        return f'<strong class="last-reviewed__due last-reviewed__due-soon">{text}</strong>'
    return f'<span class="last-reviewed__due">{text}</span>'


def _sources_html(key: str, modifier: str, sources: Sequence[QuotedSource], words: Words) -> str:
    items = [
        f'<a href="{html.escape(source.url)}">{html.escape(source.title)}</a> ({dated_html(source.date, words)})'
        for source in sources
    ]
    joined = join_html(items, words)
    return f'<span class="last-reviewed__sources last-reviewed__sources--{modifier}">{words.html(key, sources=joined)}</span>'


def join_html(items: Sequence[str], words: Words) -> str:
    """HTML items listed the language's way ("a, b, and c"): the list's own words are escaped,
    the items kept as the HTML they are."""
    tokens = [f"\ue000{index}\ue001" for index in range(len(items))]
    joined = html.escape(words.names(tokens), quote=False)
    # One pass, so that an item's own text is never taken for a token.
    return _TOKEN.sub(lambda m: items[int(m.group(1))], joined)


def render_badge(
    review: PageReview,
    *,
    today: datetime.date,
    words: Words,
    due_soon_days: int,
    changed_sources: Sequence[QuotedSource] = (),
    overdue_sources: Sequence[QuotedSource] = (),
) -> str:
    """The page's badge, as one single-line ``<div>``; empty for a page without a date.

    ``changed_sources`` are quoted notes changed or reviewed after this page's review,
    ``overdue_sources`` quoted notes overdue for review; each list is a sentence of links.
    """
    date = review.date
    if date is None:
        return ""
    state = review.state(today, due_soon_days)
    classes = ["last-reviewed", f"last-reviewed--{date.source}", f"last-reviewed--{state}"]
    if state == "overdue":
        classes.append("last-reviewed--stale")
    if changed_sources:
        classes.append("last-reviewed--changed-sources")
    if overdue_sources:
        classes.append("last-reviewed--stale-sources")
    parts = [
        f'<span class="last-reviewed__label">{words.html(_BADGE_LABELS[date.source])}</span>',
        time_html(date.date, words),
    ]
    age = words.ago(date.date, today)
    if age is not None:
        parts.append(f'<span class="last-reviewed__age">{words.html("age", ago=html.escape(age))}</span>')
    if review.owners:
        names = html.escape(words.names(review.owners))
        parts.append(f'<span class="last-reviewed__owners">{words.html("owners", count=len(review.owners), names=names)}</span>')
    due = due_html(review, today, due_soon_days, words)
    if due:
        parts.append(due)
    if changed_sources:
        parts.append(_sources_html("sources_changed", "changed", changed_sources, words))
    if overdue_sources:
        parts.append(_sources_html("sources_overdue", "overdue", overdue_sources, words))
    # data-search-exclude keeps the badge out of Material's search index.
    return f'<div class="{" ".join(classes)}" data-search-exclude>{" ".join(parts)}</div>'


def render_embed_date(date: ReviewDate, *, overdue: bool, words: Words) -> str:
    """A small inline review date for an embedded quote's source line.

    Never uses the ``last-reviewed`` classes: a page has exactly one badge.
    """
    classes = "obsidian-embed__reviewed"
    title = ""
    if overdue:
        classes += " obsidian-embed__reviewed--stale"
        title = f' title="{html.escape(words.text("review_overdue_title"))}"'
    return f'<span class="{classes}"{title}>{dated_html(date, words)}</span>'
