"""The "last reviewed" badge, built into real sites inside git repositories with fixed dates."""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Site, build_config, captured_log
from mkdocs.exceptions import Abort

TODAY = datetime.date.today()
FRESH = (TODAY - datetime.timedelta(days=10)).isoformat()
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_repo(root: Path, commits: list[tuple[str, dict[str, str]]], config: dict | None = None) -> Path:
    """A git repository with one commit per (date, files) and a mkdocs.yml (committed last, undated)."""
    git(root, "init", "-q")
    for date, files in commits:
        for name, text in files.items():
            path = root / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"at {date}", date=date)
    settings = {"site_name": "Fresh", "theme": {"name": "mkdocs"}, "plugins": ["obsidian-embeds"]}
    settings.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return root / "mkdocs.yml"


def badge(html: str) -> str:
    found = re.findall(r'<div class="last-reviewed[^"]*"[^>]*>.*?</div>', html)
    assert len(found) <= 1, found
    return found[0] if found else ""


def test_frontmatter_beats_git_and_git_fills_in(tmp_path):
    config = make_repo(
        tmp_path,
        [
            ("2020-01-01", {"index.md": f"---\nreviewed: {FRESH}\n---\n# Home\n\ntext\n", "Changed.md": "# Changed\n"}),
            ("2021-06-15", {"Changed.md": "# Changed\n\nedited\n"}),
        ],
    )
    site = build_config(tmp_path, config)
    home = badge(site.content("index"))
    assert f'<time datetime="{FRESH}">' in home and "Last reviewed" in home
    assert "last-reviewed--stale" not in home
    assert site.content("index").index("</h1>") < site.content("index").index("last-reviewed")
    changed = badge(site.content("Changed"))
    assert '<time datetime="2021-06-15">' in changed and "Last changed" in changed
    assert "last-reviewed--stale" in changed and "Review overdue" in changed
    assert any("review dates: 2 of 2 pages have one, 1 overdue" in info for info in site.infos)


def test_no_date_no_badge_and_git_fallback_can_be_off(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ntheme: mkdocs\nplugins: [obsidian-embeds]\n")
    site = build_config(tmp_path, tmp_path / "mkdocs.yml")
    assert badge(site.content("index")) == ""
    assert site.warnings == []
    repo = tmp_path / "repo"
    repo.mkdir()
    config = make_repo(repo, [("2022-02-02", {"index.md": "# Home\n"})], {"plugins": [{"obsidian-embeds": {"review_git": False}}]})
    assert badge(build_config(repo, config).content("index")) == ""


def test_opt_outs(tmp_path):
    config = make_repo(
        tmp_path,
        [("2020-01-01", {"index.md": "---\nreviewed: 2020-01-01\nreview_badge: false\n---\n# Home\n", "Other.md": "---\nreviewed: 2020-01-01\n---\n# Other\n"})],
    )
    site = build_config(tmp_path, config)
    assert badge(site.content("index")) == ""
    assert badge(site.content("Other")) != ""
    config.write_text(config.read_text().replace("- obsidian-embeds", "- obsidian-embeds:\n    review_badge: false"))
    site = build_config(tmp_path, config)
    assert badge(site.content("Other")) == ""


def test_quoted_sources_show_their_dates_and_stale_sources_mark_the_page(tmp_path):
    config = make_repo(
        tmp_path,
        [
            (
                "2020-01-01",
                {
                    "index.md": f"---\nreviewed: {FRESH}\n---\n# Home\n\n![[Old source#^q]]\n\n![[New source#^n]]\n",
                    "Old source.md": "---\nreviewed: 2020-03-01\n---\nOld quote ^q\n",
                    "New source.md": f"---\nreviewed: {FRESH}\n---\nNew quote ^n\n",
                },
            )
        ],
    )
    site = build_config(tmp_path, config)
    html = site.content("index")
    page_badge = badge(html)
    assert "last-reviewed--stale-sources" in page_badge and "last-reviewed--stale " not in page_badge
    assert 'href="Old%20source/">Old source</a>' in page_badge and "New source" not in page_badge
    dates = re.findall(r'<span class="obsidian-embed__reviewed([^"]*)"[^>]*>reviewed <time datetime="([^"]+)">', html)
    assert dates == [(" obsidian-embed__reviewed--stale", "2020-03-01"), ("", FRESH)]
    assert len(re.findall(r'class="last-reviewed[ "]', html)) == 1


def test_report_page_lists_pages_most_overdue_first(tmp_path):
    config = make_repo(
        tmp_path,
        [
            (
                "2020-01-01",
                {
                    "index.md": f"---\nreviewed: {FRESH}\n---\n# Home\n\n[[review-report]]\n",
                    "Older.md": "---\nreviewed: 2019-01-01\n---\n# Older\n",
                    "Old.md": "---\nreviewed: 2021-01-01\n---\n# Old\n",
                },
            )
        ],
        {
            "plugins": [{"obsidian-embeds": {"review_report": "review-report.md", "review_git": False}}],
            "nav": ["index.md", {"Freshness": "review-report.md"}, "Older.md", "Old.md"],
        },
    )
    site = build_config(tmp_path, config, strict=True)
    assert site.aborted is None, site.warnings
    assert re.search(r'href="review-report/" class="nav-link">\s*Freshness', site.html("index"))  # in the user's nav
    report = site.content("review-report")
    order = [report.index(f'href="../{name}/"') for name in ("Older", "Old")] + [report.index('href="../"')]
    assert order == sorted(order)
    assert "3 pages: 2 overdue, 0 due soon, and 1 fresh." in html.unescape(report)
    assert 'href="review-report/"' in site.content("index")


def test_overdue_pages_can_fail_a_strict_build(tmp_path):
    config = make_repo(
        tmp_path,
        [("2020-01-01", {"index.md": "---\nreviewed: 2020-01-01\n---\n# Home\n", "Ok.md": f"---\nreviewed: {FRESH}\n---\n# Ok\n"})],
        {"plugins": [{"obsidian-embeds": {"warn_overdue": True}}]},
    )
    site = build_config(tmp_path, config, strict=True)
    assert site.aborted is not None
    days = (TODAY - datetime.date(2020, 6, 29)).days
    assert site.plugin_warnings() == [
        f"obsidian-embeds: index.md: review overdue by {days} days (reviewed 2020-01-01, every 180d, due 2020-06-29); no owner"
    ]


def test_a_badly_formatted_date_warns_and_shows_no_badge(tmp_path):
    config = make_repo(
        tmp_path,
        [("2020-01-01", {"index.md": "---\nreviewed: last spring\n---\n# Home\n\nBody stays.\n", "Bad.md": "---\nreviewed: 2026-13-45\n---\n# Bad\n"})],
    )
    site = build_config(tmp_path, config)
    assert badge(site.content("index")) == "" and "Body stays." in site.content("index")
    assert badge(site.content("Bad")) == ""
    warnings = sorted(site.plugin_warnings())
    assert len(warnings) == 2
    assert warnings[0].startswith("obsidian-embeds: Bad.md: unreadable frontmatter, no review date:")
    assert "obsidian-embeds: index.md:2: invalid date in frontmatter field 'reviewed': 'last spring'" in warnings[1]


def test_a_shallow_clone_warns_once_instead_of_giving_wrong_dates(tmp_path):
    origin = tmp_path / "origin"
    origin.mkdir()
    make_repo(origin, [("2020-01-01", {"index.md": "# Home\n"}), ("2021-01-01", {"Other.md": "# Other\n"})])
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "config", date="2021-02-01")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})
    site = build_config(clone, clone / "mkdocs.yml")
    assert len(site.plugin_warnings()) == 1
    assert "shallow" in site.plugin_warnings()[0]
    assert badge(site.content("index")) == "" and badge(site.content("Other")) == ""


# -- owners, intervals, states, quoted sources, the JSON report, languages (fixed dates) ---------

DAY = "2026-12-01"
"""The day the builds below compute states for (``review_today``)."""


def plugin(**options) -> dict:
    return {"plugins": [{"obsidian-embeds": {"review_today": DAY, **options}}]}


_BLOCK = re.compile(r"</?(?:p|div|td|th|tr|table|thead|tbody|h\d|figure|figcaption|br|li|ul)\b[^>]*>|<(?:script|style|svg)\b.*?</(?:script|style|svg)>", re.S)


def text(fragment: str) -> str:
    """The words a reader sees, whitespace folded: block elements part words, inline ones do not."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", _BLOCK.sub(" ", fragment))).split())


def test_owner_and_interval_come_from_frontmatter_then_the_nearest_folder_then_the_site(tmp_path):
    config = make_repo(
        tmp_path,
        [
            (
                "2026-01-01",
                {
                    "index.md": "---\nreviewed: 2026-06-01\n---\n# Home\n",
                    "policies/Leave.md": "---\nreviewed: 2026-08-01\nowner: Ana\nreview_every: 90d\n---\n# Leave\n",
                    "policies/Travel.md": "---\nreviewed: 2026-11-01\n---\n# Travel\n",
                    "policies/eu/Rules.md": "---\nreviewed: 2026-01-01\n---\n# Rules\n",
                    "policies/eu/Pair.md": "---\nreviewed: 2026-11-20\nowner: [Ana, Ben]\nreview_every: 2w\n---\n# Pair\n",
                    "Glossary.md": "---\nreviewed: 2020-01-01\nreview_every: never\n---\n# Glossary\n",
                },
            )
        ],
        plugin(review_folders={".": {"owner": "docs team"}, "policies": {"owner": "legal", "review_every": "6m"},
                               "policies/eu/": {"review_every": "1y"}}, warn_overdue=True),
    )
    site = build_config(tmp_path, config)
    assert site.aborted is None
    leave = text(badge(site.content("policies/Leave")))
    assert leave == "Last reviewed August 1, 2026 (4 months ago) Owner: Ana Review overdue by 1 month"
    assert "last-reviewed--overdue" in badge(site.content("policies/Leave"))
    assert text(badge(site.content("policies/Travel"))) == (
        "Last reviewed November 1, 2026 (1 month ago) Owner: legal Next review in 5 months"
    )
    assert text(badge(site.content("policies/eu/Rules"))).endswith("Owner: legal Next review in 1 month")  # 1y from eu/, owner from policies/
    assert text(badge(site.content("policies/eu/Pair"))).endswith("Owners: Ana and Ben Review due in 3 days")
    glossary = badge(site.content("Glossary"))
    assert "last-reviewed--evergreen" in glossary and "Evergreen: no review scheduled" in glossary
    assert text(badge(site.content("index"))).endswith("Owner: docs team Review overdue by 3 days")  # 180 days
    assert sorted(site.plugin_warnings()) == [
        "obsidian-embeds: index.md: review overdue by 3 days (reviewed 2026-06-01, every 180d, due 2026-11-28); owner: docs team",
        "obsidian-embeds: policies/Leave.md: review overdue by 32 days (reviewed 2026-08-01, every 90d, due 2026-10-30); owner: Ana",
    ]  # the evergreen glossary, reviewed in 2020, is never overdue


def test_the_field_names_are_options(tmp_path):
    config = make_repo(
        tmp_path,
        [("2026-01-01", {"index.md": "---\nchecked: 2026-11-01\nmaintainer: Cy\ncadence: 1m\nowner: Nobody\n---\n# Home\n"})],
        plugin(review_fields=["checked"], owner_fields=["maintainer"], review_every_fields=["cadence"]),
    )
    assert text(badge(build_config(tmp_path, config).content("index"))) == (
        "Last reviewed November 1, 2026 (1 month ago) Owner: Cy Review due today"
    )


def test_due_soon_is_a_window_before_the_due_date(tmp_path):
    pages = {  # every 30 days: due 15, 14 and 0 days from now, and 1 day ago
        "Fresh.md": "2026-11-16", "Soon.md": "2026-11-15", "Today.md": "2026-11-01", "Late.md": "2026-10-31",
    }
    files = {name: f"---\nreviewed: {date}\nreview_every: 30\nowner: Ana\n---\n# {name[:-3]}\n" for name, date in pages.items()}
    config = make_repo(tmp_path, [("2026-01-01", files)], plugin(warn_due_soon=True))
    site = build_config(tmp_path, config)
    states = {name[:-3]: re.search(r"last-reviewed--(fresh|due-soon|overdue)", badge(site.content(name[:-3]))).group(1)
              for name in pages}
    assert states == {"Fresh": "fresh", "Soon": "due-soon", "Today": "due-soon", "Late": "overdue"}
    assert text(badge(site.content("Soon"))).endswith("Review due in 2 weeks")
    assert text(badge(site.content("Today"))).endswith("Review due today")
    assert text(badge(site.content("Fresh"))).endswith("Next review in 2 weeks")
    assert site.plugin_warnings() == [  # warn_due_soon alone: the overdue page is not warned about
        "obsidian-embeds: Today.md: review due today (reviewed 2026-11-01, every 30d, due 2026-12-01); owner: Ana",
        "obsidian-embeds: Soon.md: review due in 14 days (reviewed 2026-11-15, every 30d, due 2026-12-15); owner: Ana",
    ]
    config.write_text(config.read_text().replace("review_today:", "due_soon_days: 15\n    review_today:"))
    assert "last-reviewed--due-soon" in badge(build_config(tmp_path, config).content("Fresh"))


def test_both_warnings_gate_a_strict_build_and_name_the_owners(tmp_path):
    config = make_repo(
        tmp_path,
        [("2026-01-01", {"Late.md": "---\nreviewed: 2026-01-01\nowner: [Ana, Ben]\n---\n# Late\n",
                         "Soon.md": "---\nreviewed: 2026-06-10\n---\n# Soon\n"})],
        plugin(warn_overdue=True, warn_due_soon=True),
    )
    site = build_config(tmp_path, config, strict=True)
    assert site.aborted is not None
    assert site.plugin_warnings() == [
        "obsidian-embeds: Late.md: review overdue by 154 days (reviewed 2026-01-01, every 180d, due 2026-06-30); owners: Ana, Ben",
        "obsidian-embeds: Soon.md: review due in 6 days (reviewed 2026-06-10, every 180d, due 2026-12-07); no owner",
    ]


def test_a_source_changed_in_git_after_the_page_was_reviewed_is_named_and_linked(tmp_path):
    config = make_repo(
        tmp_path,
        [
            (
                "2026-01-10",
                {
                    "index.md": "---\nreviewed: 2026-03-01\n---\n# Home\n\n![[Source#^q]]\n\nClaim.[^1] ![[Steady#^s]]\n\n"
                    "[^1]: [[notes/Cited#^c]]\n",
                    "Source.md": "---\nreviewed: 2026-01-01\n---\nQuoted ^q\n",
                    "Steady.md": "---\nreviewed: 2026-01-01\n---\nSteady ^s\n",
                    "notes/Cited.md": "---\nreviewed: 2026-01-01\n---\nCited ^c\n",
                    "Changed only.md": "# Changed only\n\n![[Source#^q]]\n",
                },
            ),
            ("2026-04-15", {"Source.md": "---\nreviewed: 2026-01-01\n---\nQuoted, now saying otherwise ^q\n"}),
            ("2026-05-02", {"notes/Cited.md": "---\nreviewed: 2026-01-01\n---\nCited, edited ^c\n"}),
        ],
        plugin(stale_after_days=3650),
    )
    site = build_config(tmp_path, config)
    home = badge(site.content("index"))
    assert "last-reviewed--changed-sources" in home and "last-reviewed--stale-sources" not in home
    assert (
        '<span class="last-reviewed__sources last-reviewed__sources--changed">Quotes sources changed since this page was '
        'reviewed: <a href="notes/Cited/">Cited</a> (changed <time datetime="2026-05-02">May 2, 2026</time>) and '
        '<a href="Source/">Source</a> (changed <time datetime="2026-04-15">April 15, 2026</time>).</span>'
    ) in home  # the embed and the citation; Steady was last committed before the review
    assert "Steady" not in home
    assert "sources" not in badge(site.content("Changed only"))  # a git change is no review to compare with


def test_a_source_reviewed_after_the_page_counts_too_and_is_shown_as_reviewed(tmp_path):
    config = make_repo(
        tmp_path,
        [("2026-01-01", {"index.md": "---\nreviewed: 2026-03-01\n---\n# Home\n\n![[Source#^q]]\n",
                         "Source.md": "---\nreviewed: 2026-05-01\n---\nQuoted ^q\n"})],
        plugin(review_git=False),
    )
    home = badge(build_config(tmp_path, config).content("index"))
    assert 'reviewed: <a href="Source/">Source</a> (reviewed <time datetime="2026-05-01">May 1, 2026</time>).' in home


JSON_KEYS = ["path", "file", "url", "title", "date", "date_source", "reviewed", "last_changed", "owners", "interval",
             "interval_from", "due", "days_until_due", "state", "changed_sources", "overdue_sources"]


def test_the_json_report_lists_every_page_once_most_overdue_first(tmp_path):
    config = make_repo(
        tmp_path,
        [
            (
                "2026-01-01",
                {
                    "index.md": "---\nreviewed: 2026-11-01\nowner: Ana\n---\n# Welcome\n\n![[guide/Old#^o]]\n",
                    "guide/Old.md": "---\nreviewed: 2025-01-01\nowner: [Ben, Cy]\nreview_every: 6m\n---\n# Old\n\nText ^o\n",
                    "guide/Changed.md": "# Changed\n",
                    "Evergreen.md": "---\nreviewed: 2019-05-05\nreview_every: never\n---\n# Evergreen\n",
                    "Secret.md": "---\npublish: false\nreviewed: 2020-01-01\nowner: SECRETOWNER\n---\nSECRETTEXT\n",
                },
            ),
            ("2026-11-20", {"guide/Old.md": "---\nreviewed: 2025-01-01\nowner: [Ben, Cy]\nreview_every: 6m\n---\n# Old\n\nNew ^o\n"}),
        ],
        {**plugin(review_report_json="reports/review.json", review_folders={"guide": {"owner": "Dee"}}),
         "site_url": "https://docs.example.org/kb/"},
    )
    site = build_config(tmp_path, config, strict=True)
    assert site.aborted is None, site.warnings
    report = json.loads((site.site_dir / "reports" / "review.json").read_text(encoding="utf-8"))
    assert {key: report[key] for key in ("version", "today", "due_soon_days", "site_url")} == {
        "version": 1, "today": DAY, "due_soon_days": 14, "site_url": "https://docs.example.org/kb/"}
    pages = report["pages"]
    assert [page["path"] for page in pages] == ["guide/Old.md", "guide/Changed.md", "index.md", "Evergreen.md"]
    assert all(list(page) == JSON_KEYS for page in pages)
    old, changed, home, evergreen = pages
    assert old == {
        "path": "guide/Old.md", "file": "docs/guide/Old.md", "url": "guide/Old/", "title": "Old",
        "date": "2025-01-01", "date_source": "frontmatter", "reviewed": "2025-01-01", "last_changed": "2026-11-20",
        "owners": ["Ben", "Cy"], "interval": "6m", "interval_from": "frontmatter", "due": "2025-07-01",
        "days_until_due": -518, "state": "overdue", "changed_sources": [], "overdue_sources": [],
    }
    assert home["title"] == "Welcome" and home["url"] == "" and home["state"] == "fresh" and home["owners"] == ["Ana"]
    source = {"path": "guide/Old.md", "url": "guide/Old/", "title": "Old"}
    assert home["changed_sources"] == [{**source, "date": "2026-11-20", "date_source": "git"}]
    assert home["overdue_sources"] == [{**source, "date": "2025-01-01", "date_source": "frontmatter"}]
    assert {k: changed[k] for k in ("date", "date_source", "reviewed", "last_changed", "owners", "interval", "interval_from")} == {
        "date": "2026-01-01", "date_source": "git", "reviewed": None, "last_changed": "2026-01-01", "owners": ["Dee"],
        "interval": "180d", "interval_from": "site"}  # a git change is never a review
    assert {k: evergreen[k] for k in ("interval", "due", "days_until_due", "state")} == {
        "interval": "never", "due": None, "days_until_due": None, "state": "evergreen"}
    assert "SECRET" not in site.all_output()


def test_the_json_report_may_not_replace_a_file_of_the_site(tmp_path):
    config = make_repo(tmp_path, [("2026-01-01", {"index.md": "# Home\n", "data/review.json": "{}"})],
                       plugin(review_report_json="data/review.json"))
    site = build_config(tmp_path, config)
    assert site.aborted is not None
    assert any("option 'review_report_json': 'data/review.json' would replace the site's 'data/review.json'" in w
               for w in site.warnings), site.warnings


def test_the_report_page_groups_by_owner_with_charts_and_titles(tmp_path):
    config = make_repo(
        tmp_path,
        [
            (
                "2026-01-01",
                {
                    "index.md": "---\nreviewed: 2026-11-01\nowner: Ana\n---\n# Welcome home\n\n![[Old#^o]]\n",
                    "Old.md": "---\nreviewed: 2024-01-01\n---\n# Old\n\nText ^o\n",
                    "Soon.md": "---\nreviewed: 2026-06-10\nowner: [Ben, Ana]\n---\n# Soon\n",
                },
            ),
            ("2026-11-20", {"Old.md": "---\nreviewed: 2024-01-01\n---\n# Old\n\nNew ^o\n"}),
        ],
        plugin(review_report="review-report.md"),
    )
    site = build_config(tmp_path, config, strict=True)
    assert site.aborted is None, site.warnings
    report = site.content("review-report")
    assert "3 pages: 1 overdue, 1 due soon, and 1 fresh." in text(report)
    assert "States on December 1, 2026. A page is due soon from 14 days before its due date." in text(report)
    headings = re.findall(r'<h2 id="[^"]*">([^<]*)</h2>', report)
    assert headings == ["Ana", "Ben", "No owner"]
    ana = report[report.index(">Ana</h2>"):report.index(">Ben</h2>")]
    assert re.findall(r'<td><a href="([^"]*)">([^<]*)</a>', ana) == [("../Soon/", "Soon"), ("../", "Welcome home")]
    assert "Quotes sources changed since this page was reviewed: Old (changed Nov 20, 2026)." in text(ana)
    assert "Quotes sources overdue for review: Old (reviewed Jan 1, 2024)." in text(ana)
    charts = report[report.index('<div class="review-charts">'):report.index("</figure></div>")]
    assert "<script" not in charts and charts.count('<svg role="img"') == 2
    assert '<desc id="review-chart-states-desc">1 overdue, 1 due soon, and 1 fresh</desc>' in charts
    assert '<desc id="review-chart-ages-desc">1 month: 1 page; 5 months: 1 page; 24 months or more: 1 page.</desc>' in charts


def test_a_language_other_than_english_translates_the_badge_and_the_report(tmp_path):
    files = {"index.md": "---\nreviewed: 2026-03-01\nowner: [Ana, Ben]\n---\n# Start\n\n![[Quelle#^q]]\n",
             "Quelle.md": "---\nreviewed: 2025-01-01\n---\nZitat ^q\n"}
    for language, words in [
        ("de", ["Zuletzt geprüft 1. März 2026 (vor 9 Monaten) Verantwortlich: Ana und Ben Prüfung überfällig, war vor 3 Monaten fällig",
                "Zitiert Quellen, deren Prüfung überfällig ist: Quelle (geprüft am 1. Januar 2025).",
                "Prüfbericht", "2 Seiten: 2 überfällig, 0 bald fällig und 0 aktuell.", "Ohne Verantwortliche", "Seite Datum Fällig Status"]),
        ("ja", ["最終レビュー 2026年3月1日 （9 か月前） 担当者：Ana、Ben レビュー期限を3 か月超過",
                "レビュー期限を過ぎた引用元：Quelle (2025年1月1日にレビュー)。", "レビューレポート", "担当者なし"]),
        ("ru", ["Последняя проверка 1 марта 2026 г. (9 месяцев назад) Ответственные: Ana и Ben Срок проверки истёк 3 месяца назад",
                "Отчёт о проверке", "2 страницы: просрочено: 2", "Без ответственного"]),
    ]:
        root = tmp_path / language
        root.mkdir()
        config = make_repo(root, [("2026-01-01", files)],
                           {**plugin(review_report="review.md", review_git=False), "theme": {"name": "material", "language": language}})
        site = build_config(root, config, strict=True)
        assert site.aborted is None, site.warnings
        shown = text(badge(site.content("index")) + site.content("review"))
        for phrase in words:
            assert phrase in shown, (language, phrase, shown)
        assert not any("no translation" in info for info in site.infos)


def test_a_language_without_a_catalogue_is_english_with_one_info_line(tmp_path):
    config = make_repo(tmp_path, [("2026-01-01", {"index.md": "---\nreviewed: 2026-11-01\n---\n# Home\n"})],
                       {**plugin(), "theme": {"name": "mkdocs", "locale": "eo"}})
    site = build_config(tmp_path, config)
    assert text(badge(site.content("index"))) == "Last reviewed November 1, 2026 (1 month ago) Next review in 4 months"
    assert [info for info in site.infos if "translation" in info] == [
        "obsidian-embeds: the theme's language 'eo' has no translation of the review badge and report: they are in English "
        "(see the README to add one)"
    ]


def test_bad_owners_and_intervals_warn_with_their_line_and_keep_the_page(tmp_path):
    config = make_repo(
        tmp_path,
        [("2026-01-01", {"index.md": "---\ntitle: Home\nreviewed: 2026-11-01\nowner: {name: Ana}\nreview_every: soon\n---\n"
                                     "# Home\n\nBody stays.\n",
                         "Zero.md": "---\nreviewed: 2026-11-01\nreview_every: 0\n---\n# Zero\n"})],
        plugin(review_folders={"nowhere": {"owner": "Ghost"}}),
    )
    site = build_config(tmp_path, config)
    assert site.aborted is None
    assert sorted(site.plugin_warnings()) == [
        "obsidian-embeds: Zero.md:3: invalid review interval in 'review_every': 0: an interval is at least 1 day (never marks "
        "an evergreen page) (expected days such as 90 or 90d, 6m, 1y, or never); the folder's or site's interval is used",
        "obsidian-embeds: index.md:4: invalid owner in 'owner': {'name': 'Ana'} (expected a name, or a list of names); "
        "the folder's or no owner is used",
        "obsidian-embeds: index.md:5: invalid review interval in 'review_every': 'soon' (expected days such as 90 or 90d, 6m, "
        "1y, or never); the folder's or site's interval is used",
        "obsidian-embeds: review_folders: 'nowhere' holds no published page",
    ]
    assert "Body stays." in site.content("index")
    assert text(badge(site.content("index"))) == "Last reviewed November 1, 2026 (1 month ago) Next review in 4 months"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"review_folders": ["guide"]}, "expected folders mapped to their owner and review_every, not ['guide']"),
        ({"review_folders": {"guide": {"owners": "Ana"}}}, "folder 'guide': expected owner and/or review_every"),
        ({"review_folders": {"guide": {"review_every": "6 fortnights"}}}, "invalid review interval in 'guide: review_every'"),
        ({"review_folders": {"guide": {"owner": 7}}}, "invalid owner in 'guide: owner': 7"),
        ({"review_folders": {"../up": {"owner": "Ana"}}}, "folder '../up' must be a path inside the site"),
        ({"review_folders": {"Guide": {"owner": "A"}, "guide/": {"owner": "B"}}}, "'guide/' and 'Guide' are the same folder"),
        ({"review_report_json": "review.md"}, "'review.md' must be a .json file"),
        ({"review_report_json": "../review.json"}, "must be a path inside the site"),
        ({"review_today": "tomorrow"}, "expected a date such as 2026-12-01, not 'tomorrow'"),
        ({"due_soon_days": -1}, "must be 0 or more, not -1"),
        ({"owner_fields": "owner"}, "option 'owner_fields'"),
    ],
)
def test_bad_review_options_stop_the_build_naming_the_option(tmp_path, options, message):
    config = make_repo(tmp_path, [("2026-01-01", {"index.md": "# Home\n"})], {"plugins": [{"obsidian-embeds": options}]})
    site = Site(tmp_path)
    with captured_log(site), pytest.raises(Abort):
        build_config(tmp_path, config)
    option = next(iter(options))
    assert [w for w in site.warnings if "obsidian-embeds" in w] == [
        w for w in site.warnings if f"Plugin 'obsidian-embeds' option '{option}': " in w and message in w
    ] != [], site.warnings


def test_the_readmes_reminder_script_opens_one_issue_per_owner(tmp_path):
    """The CI example of the README, run on a real report with a stand-in for ``gh``."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    script = re.search(r"<!-- review-reminders-script -->\n```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "remind.py").write_text(script, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(  # logs each call; "Pages to review: Ana" is open already, as issue 7
        "#!/usr/bin/env python3\nimport json, sys\nopen(sys.argv[0] + '.log', 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "if sys.argv[1:3] == ['issue', 'list']:\n"
        "    print(json.dumps([{'number': 7, 'title': 'Pages to review: Ana'}, {'number': 8, 'title': 'Pages to review: Ana B'}]))\n",
        encoding="utf-8",
    )
    (bin_dir / "gh").chmod(0o755)
    repo = tmp_path / "repo"
    repo.mkdir()
    config = make_repo(
        repo,
        [("2026-01-01", {"index.md": "---\nreviewed: 2026-11-01\nowner: Ana\n---\n# Home\n\n![[Src#^s]]\n",
                         "Late.md": "---\nreviewed: 2026-01-01\nowner: [Ana, Ben]\n---\n# Late\n",
                         "Fine.md": "---\nreviewed: 2026-11-01\nowner: Cy\n---\n# Fine\n",
                         "Src.md": "---\nreviewed: 2026-01-01\nreview_every: never\n---\nQuoted ^s\n"}),
         ("2026-11-10", {"Src.md": "---\nreviewed: 2026-01-01\nreview_every: never\n---\nQuoted anew ^s\n"})],
        {**plugin(review_report_json="review.json"), "site_url": "https://kb.example.org/"},
    )
    assert build_config(repo, config).aborted is None
    subprocess.run([sys.executable, str(tmp_path / "remind.py"), str(repo / "site" / "review.json")], check=True,
                   env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    calls = [json.loads(line) for line in (bin_dir / "gh.log").read_text().splitlines()]
    edits = [call for call in calls if call[:2] in (["issue", "edit"], ["issue", "create"])]
    assert [call[:4] for call in edits] == [["issue", "edit", "7", "--body"], ["issue", "create", "--title", "Pages to review: Ben"]]
    assert edits[0][4] == (
        "As of 2026-12-01:\n\n"
        "- [ ] [Late](https://kb.example.org/Late/) (`docs/Late.md`): overdue by 154 days\n"
        "- [ ] [Home](https://kb.example.org/) (`docs/index.md`): fresh\n"
        "  - quotes [Src](https://kb.example.org/Src/), changed 2026-11-10"
    )
    assert "Cy" not in json.dumps(calls)  # nothing to do: no issue
