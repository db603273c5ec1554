"""The "last reviewed" badge, built into real sites inside git repositories with fixed dates."""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import subprocess
from pathlib import Path

import yaml
from conftest import build_config

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
