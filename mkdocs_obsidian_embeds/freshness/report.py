"""The review report: a Markdown page for people, and a JSON file for CI.

The page groups the pages by owner ("No owner" last), most overdue first, under a summary and
two charts (:mod:`.chart`). Its tables are Markdown, so MkDocs rewrites and validates their
links like any other; what the plugin writes in them is escaped for HTML and made inert for
Markdown. The JSON file lists every page once, most overdue first. This module imports
nothing from MkDocs.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from .badge import QuotedSource, dated_html, join_html, state_words, time_html
from .catalogue import Words
from .chart import STATE_ORDER, render_charts
from .review import PageReview, ReviewState, elapsed

__all__ = ["ReportRow", "render_report", "review_json", "urgency"]

#: Characters with a meaning in Markdown, in the Markdown extensions commonly used with
#: Material (tables, pymdownx, attr_list, emoji, arithmatex) or in Obsidian syntax the plugin
#: rewrites ([[links]], %%comments%%, ==marks==). Numeric character references are inert for
#: all of them and render as-is.
_MD_SPECIAL = frozenset("\\`*_{}[]<>|!#~=^:$%&+")
_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"(<[^>]*>)")
_TOKEN = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True)
class ReportRow:
    """One page of the report. ``url`` is used verbatim as the link (the page's ``.md`` path
    relative to the report for the report page, its URL in the site for the JSON file)."""

    path: str
    title: str
    url: str
    review: PageReview
    changed_sources: tuple[QuotedSource, ...] = ()
    overdue_sources: tuple[QuotedSource, ...] = ()
    file: str = ""
    """The page's source file, relative to the folder of mkdocs.yml (for the JSON file)."""


def urgency(row: ReportRow) -> tuple[int, datetime.date, str, str]:
    """Most overdue first: pages by due date, then evergreen pages by date, then undated ones."""
    review, title = row.review, row.title.casefold()
    date, due = review.date, review.due
    if date is None:
        return (2, datetime.date.min, title, row.path)
    if due is None:
        return (1, date.date, title, row.path)
    return (0, due, title, row.path)


# -- Markdown -----------------------------------------------------------------------------


def _md_text(text: str) -> str:
    """Make ``text`` literal inside a Markdown table cell, link text or heading."""
    text = _WHITESPACE.sub(" ", text).strip()
    return "".join(f"&#{ord(c)};" if c in _MD_SPECIAL else c for c in text)


def _md_url(url: str) -> str:
    """Percent-encode what would end a Markdown link destination or a cell, and ``:``, so
    that a page's name can never read as a scheme (``javascript:``)."""
    return quote(url.strip(), safe="/?#@!$&'*+,;=%~")


def _inert(fragment: str) -> str:
    """HTML the plugin wrote, with the text between its tags made literal for Markdown."""
    return "".join(part if part.startswith("<") else _inert_text(part) for part in _TAG.split(fragment) if part)


def _inert_text(text: str) -> str:
    """``_md_text`` of HTML text, keeping one space where it began or ended with some."""
    inner = _md_text(html.unescape(text))
    if not inner:
        return " "
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() else "")


def _link(title: str, url: str) -> str:
    return f"[{_md_text(title) or _md_text(url)}]({_md_url(url)})"


def _with_links(fragment: str, links: Sequence[str]) -> str:
    return _TOKEN.sub(lambda m: links[int(m.group(1))], _inert(fragment))


def _sources_cell(key: str, sources: Sequence[QuotedSource], words: Words) -> str:
    links = [_link(source.title, source.url) for source in sources]
    items = [f"\ue000{index}\ue001 ({dated_html(source.date, words, 'medium')})" for index, source in enumerate(sources)]
    sentence = words.html(key, sources=join_html(items, words))
    return _with_links(f'<br><span class="review-report__sources">{sentence}</span>', links)


def _label(key: str, words: Words) -> str:
    """A column's name inside each cell, shown only where the table is laid out as cards."""
    return f'<span class="review-report__label">{html.escape(words.text(key))}</span> '


def _date_cell(review: PageReview, words: Words) -> str:
    date = review.date
    if date is None:
        return ""
    return _label("column_date", words) + f'<span class="review-report__date">{dated_html(date, words, "medium")}</span>'


def _due_cell(review: PageReview, today: datetime.date, words: Words) -> str:
    date, due = review.date, review.due
    if date is None:
        return ""
    if due is None:
        return _label("column_due", words) + html.escape(words.text("due_never"))
    when = "" if due == today else words.ago(due, today) if due < today else words.within(today, due)
    when_html = f' <span class="review-report__when">({html.escape(when)})</span>' if when else ""
    return _label("column_due", words) + f'<span class="review-report__date">{time_html(due, words, "medium")}</span>{when_html}'


def _state_cell(state: ReviewState, words: Words) -> str:
    return (
        _label("column_state", words)
        + f'<span class="review-report__state review-report__state--{state}">{html.escape(state_words(state, words))}</span>'
    )


def _row(row: ReportRow, today: datetime.date, due_soon_days: int, words: Words) -> str:
    review = row.review
    page = _link(row.title, row.url)
    if row.changed_sources:
        page += _sources_cell("sources_changed", row.changed_sources, words)
    if row.overdue_sources:
        page += _sources_cell("sources_overdue", row.overdue_sources, words)
    cells = [
        page,
        _inert(_date_cell(review, words)),
        _inert(_due_cell(review, today, words)),
        _inert(_state_cell(review.state(today, due_soon_days), words)),
    ]
    return "| " + " | ".join(cells) + " |"


def _groups(rows: Sequence[ReportRow]) -> list[tuple[str | None, list[ReportRow]]]:
    """Rows by owner (a page with two owners is in both groups), owners in alphabetical order
    and the pages nobody owns last."""
    owned: dict[str, list[ReportRow]] = {}
    unowned: list[ReportRow] = []
    for row in rows:
        for owner in row.review.owners:
            owned.setdefault(owner, []).append(row)
        if not row.review.owners:
            unowned.append(row)
    groups: list[tuple[str | None, list[ReportRow]]] = [
        (owner, owned[owner]) for owner in sorted(owned, key=lambda name: (name.casefold(), name))
    ]
    if unowned:
        groups.append((None, unowned))
    return groups


def _table(rows: Sequence[ReportRow], today: datetime.date, due_soon_days: int, words: Words) -> list[str]:
    header = [words.text(key) for key in ("column_page", "column_date", "column_due", "column_state")]
    lines = ["| " + " | ".join(_md_text(text) for text in header) + " |", "| --- | --- | --- | --- |"]
    lines += [_row(row, today, due_soon_days, words) for row in sorted(rows, key=urgency)]
    return lines


def _summary(counts: dict[ReviewState, int], total: int, words: Words) -> str:
    keys = {"overdue": "count_overdue", "due-soon": "count_due_soon", "fresh": "count_fresh",
            "evergreen": "count_evergreen", "undated": "count_undated"}
    states = [
        words.text(keys[state], count=counts[state])
        for state in STATE_ORDER
        if counts[state] or state in ("overdue", "due-soon", "fresh")
    ]
    return words.text("report_summary", pages=words.text("pages", count=total), states=words.names(states))


def render_report(
    rows: Sequence[ReportRow], *, today: datetime.date, words: Words, due_soon_days: int
) -> str:
    """Markdown for the report page: its title, a summary, the charts, one table per owner."""
    counts: dict[ReviewState, int] = {state: 0 for state in STATE_ORDER}
    ages = []
    for row in rows:
        counts[row.review.state(today, due_soon_days)] += 1
        date = row.review.date
        if date is not None and date.date <= today:
            ages.append(_months(date.date, today))
    as_of = words.html("report_as_of", date=time_html(today, words), days=html.escape(words.unit(due_soon_days, "d")))
    lines = [f"# {_md_text(words.text('report_title'))}", "", _md_text(_summary(counts, len(rows), words)), "",
             _inert(as_of), ""]
    if not rows:
        return "\n".join(lines)
    lines += [render_charts(counts, ages, words), "", '<div class="review-report" markdown="1">', ""]
    groups = _groups(rows)
    for owner, members in groups:
        if len(groups) > 1 or owner is not None:
            lines += [f"## {_md_text(owner if owner is not None else words.text('no_owner'))}", ""]
        lines += _table(members, today, due_soon_days, words) + [""]
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def _months(start: datetime.date, end: datetime.date) -> int:
    amount, unit = elapsed(start, end)
    return amount * 12 if unit == "y" else amount if unit == "m" else 0


# -- JSON -----------------------------------------------------------------------------------


def _iso(date: datetime.date | None) -> str | None:
    return date.isoformat() if date is not None else None


def _source_entry(source: QuotedSource) -> dict[str, object]:
    return {
        "path": source.path,
        "url": source.url,
        "title": source.title,
        "date": source.date.date.isoformat(),
        "date_source": source.date.source,
    }


def _entry(row: ReportRow, today: datetime.date, due_soon_days: int) -> dict[str, object]:
    review = row.review
    date, due = review.date, review.due
    return {
        "path": row.path,
        "file": row.file,
        "url": row.url,
        "title": row.title,
        "date": _iso(date.date if date else None),
        "date_source": date.source if date else None,
        "reviewed": _iso(review.reviewed),
        "last_changed": _iso(review.changed),
        "owners": list(review.owners),
        "interval": str(review.interval) if review.interval is not None else "never",
        "interval_from": review.interval_from,
        "due": _iso(due),
        "days_until_due": (due - today).days if due is not None else None,
        "state": review.state(today, due_soon_days),
        "changed_sources": [_source_entry(source) for source in row.changed_sources],
        "overdue_sources": [_source_entry(source) for source in row.overdue_sources],
    }


def review_json(
    rows: Sequence[ReportRow],
    *,
    today: datetime.date,
    due_soon_days: int,
    site_url: str | None,
) -> str:
    """The machine-readable report: one entry per page, most overdue first (see the README)."""
    pages = [_entry(row, today, due_soon_days) for row in sorted(rows, key=urgency)]
    document = {
        "version": 1,
        "today": today.isoformat(),
        "due_soon_days": due_soon_days,
        "site_url": site_url or None,
        "pages": pages,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
