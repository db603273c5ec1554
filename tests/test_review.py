"""Tests for review dates (review.py) and their rendering (badge.py)."""

from __future__ import annotations

import datetime
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest

from mkdocs_obsidian_embeds.badge import (
    ReportRow,
    render_badge,
    render_embed_date,
    render_report,
)
from mkdocs_obsidian_embeds.review import (
    DEFAULT_FIELDS,
    GitDates,
    InvalidReviewDate,
    ReviewDate,
    date_from_meta,
    is_stale,
    review_date,
)

D = datetime.date
TODAY = D(2026, 11, 29)
MARCH_1 = D(2026, 3, 1)


# --- date_from_meta -------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        MARCH_1,
        datetime.datetime(2026, 3, 1, 10, 0),
        datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.timezone.utc),
        "2026-03-01",
        "  2026-03-01\n",
        "2026-03-01T10:00:00",
        "2026-03-01 10:00",
        "2026-03-01T10:00:00+02:00",
        "2026-03-01T10:00:00Z",
    ],
)
def test_date_from_meta_accepts(value: object) -> None:
    assert date_from_meta({"reviewed": value}, DEFAULT_FIELDS) == MARCH_1


def test_date_from_meta_uses_first_field_present() -> None:
    meta = {"last-reviewed": "2026-01-01", "last_reviewed": "2026-02-01"}
    assert date_from_meta(meta, DEFAULT_FIELDS) == D(2026, 2, 1)
    assert date_from_meta(meta, ["last-reviewed", "last_reviewed"]) == D(2026, 1, 1)


def test_date_from_meta_missing_or_blank_is_none() -> None:
    assert date_from_meta({"title": "x"}, DEFAULT_FIELDS) is None
    assert date_from_meta({}, DEFAULT_FIELDS) is None
    assert date_from_meta({"reviewed": None, "last_reviewed": "  "}) is None
    assert date_from_meta({"reviewed": None, "last-reviewed": MARCH_1}) == MARCH_1


def test_date_from_meta_single_string_field() -> None:
    assert date_from_meta({"checked": MARCH_1}, "checked") == MARCH_1


@pytest.mark.parametrize(
    "value", ["last spring", "2026-13-45", "2026-02-30", 20260301, 3.5, True, ["x"], "20260301"]
)
def test_date_from_meta_invalid(value: object) -> None:
    with pytest.raises(InvalidReviewDate) as info:
        date_from_meta({"title": "t", "last_reviewed": value}, DEFAULT_FIELDS)
    assert isinstance(info.value, ValueError)
    assert info.value.field == "last_reviewed"
    assert info.value.value == value
    message = str(info.value)
    assert "'last_reviewed'" in message
    assert repr(value) in message


def test_is_stale_is_strict() -> None:
    assert not is_stale(TODAY - datetime.timedelta(days=90), TODAY, 90)
    assert is_stale(TODAY - datetime.timedelta(days=91), TODAY, 90)
    assert not is_stale(TODAY + datetime.timedelta(days=3), TODAY, 0)
    with pytest.raises(ValueError):
        is_stale(TODAY, TODAY, -1)


# --- GitDates ---------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **GIT_ENV}
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def commit(repo: Path, files: dict[str, str], date: str) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", f"commit {date}", date=date)


# git C-quotes such names in plain output even with core.quotepath=off.
QUOTED_NAME = 'notes/tab\tand "quotes" \\ back.md'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "vault"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(
        repo,
        {
            "a.md": "a",
            "notes/b.md": "b",
            "notes/with space.md": "s",
            "notes/café ünïcode.md": "u",
        },
        "2026-01-10T12:00:00+00:00",
    )
    commit(repo, {"notes/b.md": "b2"}, "2026-03-01T09:00:00+00:00")
    if os.name != "nt":
        commit(repo, {QUOTED_NAME: "q"}, "2026-02-02T23:30:00-05:00")
    return repo


def test_git_dates_per_file(repo: Path) -> None:
    dates = GitDates.load(repo / "notes")
    assert not dates.shallow
    assert dates.root is not None and dates.root.resolve() == repo.resolve()
    assert dates.get(repo / "a.md") == D(2026, 1, 10)
    assert dates.get(repo / "notes" / "b.md") == MARCH_1
    assert dates.get(repo / "notes" / "with space.md") == D(2026, 1, 10)
    assert dates.get(repo / "notes" / "café ünïcode.md") == D(2026, 1, 10)
    assert dates.get(repo / "notes" / "missing.md") is None
    if os.name != "nt":
        # The committer's own date, not converted to UTC.
        assert dates.get(repo / QUOTED_NAME) == D(2026, 2, 2)
    assert dates.get(repo.parent / "outside.md") is None


def test_git_dates_nfd_lookup(repo: Path) -> None:
    """macOS hands out decomposed (NFD) names; lookups are NFC-normalised."""
    nfd = unicodedata.normalize("NFD", "café ünïcode.md")
    assert GitDates.load(repo).get(repo / "notes" / nfd) == D(2026, 1, 10)


def test_git_dates_uncommitted_change_keeps_commit_date(repo: Path) -> None:
    (repo / "a.md").write_text("edited", encoding="utf-8")
    (repo / "untracked.md").write_text("new", encoding="utf-8")
    dates = GitDates.load(repo)
    assert dates.get(repo / "a.md") == D(2026, 1, 10)
    assert dates.get(repo / "untracked.md") is None


def test_git_dates_not_a_repo(tmp_path: Path) -> None:
    dates = GitDates.load(tmp_path)
    assert dates.root is None
    assert len(dates) == 0
    assert dates.get(tmp_path / "a.md") is None


def test_git_dates_git_not_installed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-bin-here"))
    dates = GitDates.load(repo)
    assert dates.root is None
    assert dates.get(repo / "a.md") is None


def test_git_dates_shallow_clone(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.resolve().as_uri(), str(clone))
    dates = GitDates.load(clone)
    assert dates.shallow is True
    assert dates.get(clone / "a.md") is None
    assert dates.get(clone / "notes" / "b.md") is None


def test_git_dates_constant_subprocess_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load_counting(file_count: int) -> tuple[int, GitDates]:
        repo = tmp_path / f"repo{file_count}"
        repo.mkdir()
        git(repo, "init", "-q")
        files = {f"n{i}.md": str(i) for i in range(file_count)}
        commit(repo, files, "2026-02-02T00:00:00+00:00")
        calls = []
        real_run = subprocess.run

        def counting_run(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(args)
            return real_run(*args, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(subprocess, "run", counting_run)
            dates = GitDates.load(repo)
        return len(calls), dates

    few_calls, few = load_counting(2)
    many_calls, many = load_counting(40)
    assert few_calls == many_calls <= 3
    assert len(few) == 2 and len(many) == 40


def test_review_date_prefers_frontmatter(repo: Path) -> None:
    dates = GitDates.load(repo)
    note = repo / "notes" / "b.md"
    assert review_date({"reviewed": "2025-12-24"}, DEFAULT_FIELDS, note, dates) == (
        ReviewDate(D(2025, 12, 24), "frontmatter")
    )
    assert review_date({}, DEFAULT_FIELDS, note, dates) == ReviewDate(MARCH_1, "git")
    assert review_date({}, DEFAULT_FIELDS, note, None) is None
    assert review_date({}, DEFAULT_FIELDS, repo / "nope.md", dates) is None
    with pytest.raises(InvalidReviewDate):
        review_date({"reviewed": "soon"}, DEFAULT_FIELDS, note, dates)


# --- badge --------------------------------------------------------------------


def badge(review: ReviewDate, **kwargs: object) -> str:
    options: dict = {"today": TODAY, "locale": "en", "stale_after_days": 365}
    options.update(kwargs)
    return render_badge(review, **options)


def test_badge_english() -> None:
    html = badge(ReviewDate(MARCH_1, "frontmatter"))
    assert html.startswith('<div class="last-reviewed last-reviewed--frontmatter" data-search-exclude>')
    assert '<span class="last-reviewed__label">Last reviewed</span>' in html
    assert '<time datetime="2026-03-01">March 1, 2026</time>' in html
    assert '<span class="last-reviewed__age">(9 months ago)</span>' in html
    assert "stale" not in html and "overdue" not in html.lower()
    assert "\n" not in html


@pytest.mark.parametrize("locale", ["fr", "fr_FR", "fr-FR"])
def test_badge_french(locale: str) -> None:
    html = badge(ReviewDate(MARCH_1, "frontmatter"), locale=locale)
    assert '<time datetime="2026-03-01">1 mars 2026</time>' in html
    assert "(il y a 9 mois)" in html


def test_badge_portuguese_with_dash() -> None:
    assert "1 de março de 2026" in badge(ReviewDate(MARCH_1, "git"), locale="pt-BR")


@pytest.mark.parametrize("locale", ["xx", "", "en US", "tlh-Piqad-!"])
def test_badge_unknown_locale_falls_back_to_english(locale: str) -> None:
    html = badge(ReviewDate(MARCH_1, "frontmatter"), locale=locale)
    assert ">March 1, 2026</time>" in html
    assert "(9 months ago)" in html


def test_badge_git_label() -> None:
    html = badge(ReviewDate(MARCH_1, "git"))
    assert "last-reviewed--git" in html
    assert ">Last changed</span>" in html
    assert "Last reviewed" not in html


def test_badge_today_has_no_age() -> None:
    html = badge(ReviewDate(TODAY, "frontmatter"))
    assert "last-reviewed__age" not in html
    assert 'datetime="2026-11-29"' in html


def test_badge_stale_boundary() -> None:
    at_limit = ReviewDate(TODAY - datetime.timedelta(days=30), "frontmatter")
    past_limit = ReviewDate(TODAY - datetime.timedelta(days=31), "frontmatter")
    fresh = badge(at_limit, stale_after_days=30)
    stale = badge(past_limit, stale_after_days=30)
    assert "last-reviewed--stale" not in fresh
    assert "Review overdue" not in fresh
    assert 'class="last-reviewed last-reviewed--frontmatter last-reviewed--stale"' in stale
    assert '<strong class="last-reviewed__overdue">Review overdue</strong>' in stale


def test_badge_overdue_sources_are_escaped() -> None:
    html = badge(
        ReviewDate(TODAY, "frontmatter"),
        overdue_sources=[
            ("<script>alert(1)</script>", 'x/"onmouseover="y', D(2024, 5, 6)),
            ("Plain & simple", "notes/plain/", D(2025, 1, 2)),
        ],
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="x/&quot;onmouseover=&quot;y"' in html
    assert '<a href="notes/plain/">Plain &amp; simple</a>' in html
    assert '(<time datetime="2024-05-06">May 6, 2024</time>)' in html
    assert html.startswith(
        '<div class="last-reviewed last-reviewed--frontmatter last-reviewed--stale-sources" data-search-exclude>'
    )
    assert "Quotes overdue sources:" in html


def test_badge_without_overdue_sources_has_no_sources_class() -> None:
    assert "stale-sources" not in badge(ReviewDate(TODAY, "git"))


def test_embed_date() -> None:
    fresh = render_embed_date(
        ReviewDate(MARCH_1, "frontmatter"), today=TODAY, locale="en", stale_after_days=365
    )
    assert fresh == (
        '<span class="obsidian-embed__reviewed">reviewed '
        '<time datetime="2026-03-01">March 1, 2026</time></span>'
    )
    stale = render_embed_date(
        ReviewDate(MARCH_1, "git"), today=TODAY, locale="de", stale_after_days=10
    )
    assert "obsidian-embed__reviewed--stale" in stale
    assert "changed <time" in stale
    assert "1. März 2026" in stale
    for html in (fresh, stale):
        assert "last-reviewed" not in html


# --- report ---------------------------------------------------------------------


def report_rows() -> list[ReportRow]:
    return [
        ReportRow("Fresh note", "fresh.md", ReviewDate(D(2026, 11, 1), "frontmatter")),
        ReportRow("Undated B", "b.md", None),
        ReportRow("Oldest", "old.md", ReviewDate(D(2024, 11, 1), "git")),
        ReportRow("Undated A", "a.md", None),
        ReportRow("Old", "older.md", ReviewDate(D(2025, 6, 1), "frontmatter")),
    ]


def test_report_summary_and_order() -> None:
    md = render_report(report_rows(), today=TODAY, locale="en", stale_after_days=180)
    lines = md.splitlines()
    assert lines[0] == "5 pages, 2 overdue, 2 without a date"
    assert lines[1] == ""
    assert lines[2] == "| Page | Date | Source | Age | State |"
    body = lines[4:]
    assert [line.split("]")[0] for line in body] == [
        "| [Oldest",
        "| [Old",
        "| [Fresh note",
        "| [Undated A",
        "| [Undated B",
    ]
    assert body[0] == (
        "| [Oldest](old.md) | November 1, 2024 | git | 2 years ago | **overdue** |"
    )
    assert body[2].endswith("| frontmatter | 1 month ago | fresh |")
    assert body[3] == "| [Undated A](a.md) |  |  |  | no date |"


def test_report_escapes_titles_and_urls() -> None:
    rows = [
        ReportRow(
            "A | B *c* [[d]] <script>\nnext",
            "notes/my note (1).md",
            ReviewDate(MARCH_1, "frontmatter"),
        )
    ]
    md = render_report(rows, today=TODAY, locale="fr", stale_after_days=365)
    row = md.splitlines()[4]
    assert row.count("|") == 6
    assert "<script>" not in row and "[[" not in row and "*c*" not in row
    assert "&#60;script&#62;" in row
    assert "](notes/my%20note%20%281%29.md)" in row
    assert "1 mars 2026" in row and "il y a 9 mois" in row


def test_report_singular_and_empty() -> None:
    one = [ReportRow("Only", "only.md", ReviewDate(TODAY, "git"))]
    md = render_report(one, today=TODAY, locale="en", stale_after_days=1)
    assert md.splitlines()[0] == "1 page, 0 overdue, 0 without a date"
    empty = render_report([], today=TODAY, locale="en", stale_after_days=1)
    assert empty == "0 pages, 0 overdue, 0 without a date\n"
