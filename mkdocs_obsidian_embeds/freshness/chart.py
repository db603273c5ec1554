"""The review report's charts: pages per state, and the ages of the pages' dates by month.

Inline SVG drawn at build time: no script, no external file. Text is ``currentColor`` and the
bars' colours are CSS classes (``assets/review.css``), so the charts follow the theme's light
or dark scheme. Each chart is an image to assistive technology, named by its title and
described by a ``<desc>`` that says in words what the bars show. The charts are one raw HTML
block without blank lines, so that Markdown passes them through as they are. This module
imports nothing from MkDocs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from .badge import state_words
from .catalogue import Words
from .review import ReviewState

__all__ = ["AGE_BUCKETS", "STATE_ORDER", "age_buckets", "render_charts"]

#: The states in the order the report shows them: the most urgent first.
STATE_ORDER: tuple[ReviewState, ...] = ("overdue", "due-soon", "fresh", "evergreen", "undated")
#: Ages of 24 months and more share the last bar.
AGE_BUCKETS = 24
_WIDTH = 320
_FONT = 13
_ROW = 34
_AGES_HEIGHT = 150
_AXIS = 20


def age_buckets(ages: Sequence[int]) -> list[int]:
    """How many pages are 0, 1, 2... months old: at least six bars, at most ``AGE_BUCKETS`` + 1,
    the last one counting every older page."""
    if not ages:
        return []
    last = min(max(max(ages), 5), AGE_BUCKETS)
    counts = [0] * (last + 1)
    for age in ages:
        counts[min(age, last)] += 1
    return counts


def _states_svg(counts: Mapping[ReviewState, int], words: Words) -> str:
    shown = [state for state in STATE_ORDER if counts.get(state) or state in ("overdue", "due-soon", "fresh")]
    most = max([counts.get(state, 0) for state in shown] + [1])
    label_width = 0.6 * _WIDTH
    rows = []
    for row, state in enumerate(shown):
        count, y = counts.get(state, 0), row * _ROW
        width = max(count / most * label_width, 2 if count else 0)
        number = html.escape(words.number(count))
        rows.append(
            f'<text class="review-chart__label" x="0" y="{y + _FONT}">{html.escape(state_words(state, words))}</text>'
            f'<rect class="review-chart__bar review-chart__bar--{state}" x="0" y="{y + _FONT + 5}" '
            f'width="{width:.1f}" height="10" rx="2"/>'
            f'<text class="review-chart__value" x="{width + 6:.1f}" y="{y + _FONT + 14}">{number}</text>'
        )
    height = len(shown) * _ROW
    items = [words.text(key, count=counts.get(state, 0)) for state, key in _COUNT_KEYS if state in shown]
    return _svg("states", words.text("chart_states"), words.names(items), height, "".join(rows))


_COUNT_KEYS: tuple[tuple[ReviewState, str], ...] = (
    ("overdue", "count_overdue"),
    ("due-soon", "count_due_soon"),
    ("fresh", "count_fresh"),
    ("evergreen", "count_evergreen"),
    ("undated", "count_undated"),
)


def _age_label(bucket: int, last: int, older: bool, words: Words) -> str:
    age = words.unit(bucket, "m")
    return words.text("chart_older", age=age) if older and bucket == last else age


def _ages_svg(buckets: Sequence[int], older: bool, words: Words) -> str:
    last = len(buckets) - 1
    most = max(buckets + [1])
    slot = _WIDTH / len(buckets)
    plot = _AGES_HEIGHT - _AXIS - _FONT - 4
    bars = []
    for bucket, count in enumerate(buckets):
        x, height = bucket * slot, count / most * plot
        top = _FONT + 4 + plot - height
        if count:
            bars.append(
                f'<rect class="review-chart__bar review-chart__bar--age" x="{x + 1:.1f}" y="{top:.1f}" '
                f'width="{slot - 2:.1f}" height="{height:.1f}" rx="1"/>'
                f'<text class="review-chart__value" x="{x + slot / 2:.1f}" y="{top - 3:.1f}" '
                f'text-anchor="middle">{html.escape(words.number(count))}</text>'
            )
    baseline = _AGES_HEIGHT - _AXIS
    bars.append(f'<line class="review-chart__axis" x1="0" y1="{baseline}" x2="{_WIDTH}" y2="{baseline}"/>')
    step = 6 if last >= 12 else 3 if last >= 6 else 1
    for bucket in range(0, last + 1, step):
        text = words.number(bucket) + ("+" if older and bucket == last else "")
        bars.append(
            f'<text class="review-chart__tick" x="{bucket * slot + slot / 2:.1f}" y="{_AGES_HEIGHT - 4}" '
            f'text-anchor="middle">{html.escape(text)}</text>'
        )
    if last % step:  # the last bar always has its label
        text = words.number(last) + ("+" if older else "")
        bars.append(
            f'<text class="review-chart__tick" x="{last * slot + slot / 2:.1f}" y="{_AGES_HEIGHT - 4}" '
            f'text-anchor="middle">{html.escape(text)}</text>'
        )
    items = [
        words.text("chart_ages_item", age=_age_label(bucket, last, older, words), pages=words.text("pages", count=count))
        for bucket, count in enumerate(buckets)
        if count
    ]
    return _svg("ages", words.text("chart_ages"), "; ".join(items) + ".", _AGES_HEIGHT, "".join(bars))


def _svg(name: str, title: str, description: str, height: int, body: str) -> str:
    ids = f"review-chart-{name}"
    return (
        f'<figure class="review-chart review-chart--{name}">'
        f'<figcaption class="review-chart__title" aria-hidden="true">{html.escape(title)}</figcaption>'
        f'<svg role="img" aria-labelledby="{ids}-title {ids}-desc" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" font-size="{_FONT}">'
        f'<title id="{ids}-title">{html.escape(title)}</title>'
        f'<desc id="{ids}-desc">{html.escape(description)}</desc>'
        f"{body}</svg></figure>"
    )


def render_charts(counts: Mapping[ReviewState, int], ages: Sequence[int], words: Words) -> str:
    """Both charts, as one raw HTML block (one line); the age chart only when a page has a date."""
    charts = [_states_svg(counts, words)]
    buckets = age_buckets(ages)
    if buckets:
        charts.append(_ages_svg(buckets, max(ages) >= AGE_BUCKETS, words))
    return f'<div class="review-charts">{"".join(charts)}</div>'
