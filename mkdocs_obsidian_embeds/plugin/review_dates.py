"""This build's review dates, collected as the plugin's options say, with the log lines about them."""

from __future__ import annotations

import datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .config import ObsidianEmbedsConfig
from .log import log
from ..engine.vault import Note
from ..freshness.freshness import Freshness, FreshnessOptions, pending_message


def wants_review(options: ObsidianEmbedsConfig) -> bool:
    """Whether any option shows or checks review dates."""
    return bool(
        options.review_badge or options.review_report or options.review_report_json or options.warn_overdue or options.warn_due_soon
    )


def collect_freshness(options: ObsidianEmbedsConfig, config: MkDocsConfig, notes: list[Note]) -> Freshness:
    """The review dates of ``notes``; their problems, a summary and the pages overdue (or due
    soon) when the options warn of them, logged."""
    freshness_options = FreshnessOptions(
        fields=tuple(options.review_fields),
        stale_after_days=options.stale_after_days,
        locale=site_language(config),
        today=options.review_today or datetime.date.today(),
        use_git=options.review_git,
        owner_fields=tuple(options.owner_fields),
        interval_fields=tuple(options.review_every_fields),
        folders=options.review_folders,
        due_soon_days=options.due_soon_days,
    )
    roots = [Path(config.docs_dir)] + ([Path(options.vault_dir)] if options.vault_dir else [])
    freshness = Freshness.collect(notes, freshness_options, roots)
    for where, message in freshness.problems:
        log.warning("%s: %s", where, message)
    for notice in freshness.notices:
        log.info("%s", notice)
    counts = freshness.counts()
    log.info(
        "review dates: %d of %d pages have one, %d overdue, %d due soon (within %d days)",
        sum(review.date is not None for review in freshness.reviews.values()),
        len(freshness.reviews),
        counts.get("overdue", 0),
        counts.get("due-soon", 0),
        freshness_options.due_soon_days,
    )
    states = ["overdue"] * options.warn_overdue + ["due-soon"] * options.warn_due_soon
    for path, review in freshness.pending(states):
        log.warning("%s: %s", path, pending_message(review, freshness_options.today, freshness_options.due_soon_days))
    return freshness


def site_language(config: MkDocsConfig) -> str:
    """The site's language as the theme gives it (``theme.language``, or the mkdocs theme's
    ``locale``): the review badge's and the linked mentions' words are in it."""
    theme = config.theme
    return str(theme.get("language") or theme.get("locale") or "en")
