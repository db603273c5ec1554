"""Tests for review dates (review.py) and their rendering (badge.py)."""

from __future__ import annotations

import datetime
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest

from mkdocs_obsidian_embeds.freshness.badge import QuotedSource, render_badge, render_embed_date
from mkdocs_obsidian_embeds.freshness.catalogue import words_for
from mkdocs_obsidian_embeds.freshness.report import ReportRow, render_report
from mkdocs_obsidian_embeds.freshness.review import (
    DEFAULT_FIELDS,
    GitDates,
    Interval,
    InvalidInterval,
    InvalidOwner,
    InvalidReviewDate,
    PageReview,
    ReviewDate,
    changed_since_review,
    date_from_meta,
    elapsed,
    parse_interval,
    parse_owners,
    review_state,
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


# --- intervals, owners, states ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (90, Interval(90)),
        ("90", Interval(90)),
        ("90d", Interval(90)),
        ("90 days", Interval(90)),
        ("1 day", Interval(1)),
        ("2w", Interval(2, "w")),
        ("6m", Interval(6, "m")),
        (" 6 Months ", Interval(6, "m")),
        ("1y", Interval(1, "y")),
        ("100y", Interval(100, "y")),
        ("never", None),
        ("NEVER", None),
    ],
)
def test_intervals(value: object, expected: Interval | None) -> None:
    assert parse_interval("review_every", value) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (0, "at least 1 day"),
        ("0d", "at least 1 day"),
        ("-3", ""),
        ("101y", "at most 100 years"),
        ("36501", "at most 100 years"),
        ("6 fortnights", ""),
        ("soon", ""),
        (True, ""),
        (1.5, ""),
        (["6m"], ""),
        ("9" * 40, ""),
    ],
)
def test_bad_intervals_say_what_is_expected(value: object, why: str) -> None:
    with pytest.raises(InvalidInterval) as info:
        parse_interval("review_every", value)
    message = str(info.value)
    assert message.startswith(f"invalid review interval in 'review_every': {value!r}")
    assert "expected days such as 90 or 90d, 6m, 1y, or never" in message and why in message


@pytest.mark.parametrize(
    ("date", "interval", "due"),
    [
        (D(2026, 1, 1), Interval(90), D(2026, 4, 1)),
        (D(2026, 1, 1), Interval(2, "w"), D(2026, 1, 15)),
        (D(2026, 8, 31), Interval(6, "m"), D(2027, 2, 28)),  # a day the month lacks: its last day
        (D(2024, 2, 29), Interval(1, "y"), D(2025, 2, 28)),
        (D(2026, 12, 15), Interval(1, "m"), D(2027, 1, 15)),
    ],
)
def test_due_dates_count_calendar_months_and_years(date, interval, due) -> None:
    assert interval.due(date) == due


def test_owners() -> None:
    assert parse_owners("owner", "Ana") == ("Ana",)
    assert parse_owners("owner", "Smith, Jane") == ("Smith, Jane",)  # one name as written
    assert parse_owners("owner", ["Ana", " Ben  Lee ", "", "Ana"]) == ("Ana", "Ben Lee")
    for bad in (42, True, {"name": "Ana"}, ["Ana", 3], [["Ana"]]):
        with pytest.raises(InvalidOwner) as info:
            parse_owners("owner", bad)
        assert str(info.value) == f"invalid owner in 'owner': {bad!r} (expected a name, or a list of names)"


def test_three_states_and_their_edges() -> None:
    due = D(2026, 12, 15)
    assert review_state(due, D(2026, 11, 30), 14) == "fresh"  # 15 days before
    assert review_state(due, D(2026, 12, 1), 14) == "due-soon"  # 14 days before
    assert review_state(due, due, 14) == "due-soon"
    assert review_state(due, D(2026, 12, 16), 14) == "overdue"
    assert review_state(due, due, 0) == "due-soon" and review_state(due, D(2026, 12, 14), 0) == "fresh"
    assert review_state(None, TODAY, 14) == "evergreen"
    assert review_state(None, TODAY, 14, dated=False) == "undated"


def test_a_page_review_takes_its_date_from_the_review_and_never_from_a_later_change() -> None:
    page = PageReview(reviewed=D(2026, 1, 1), changed=D(2026, 6, 1), interval=Interval(6, "m"))
    assert page.date == ReviewDate(D(2026, 1, 1), "frontmatter") and page.due == D(2026, 7, 1)
    assert page.state(D(2026, 7, 2), 14) == "overdue"  # the edit in June was no review
    git_only = PageReview(changed=D(2026, 6, 1), interval=Interval(30))
    assert git_only.date == ReviewDate(D(2026, 6, 1), "git") and git_only.due == D(2026, 7, 1)
    assert PageReview(reviewed=D(2026, 1, 1), interval=None).state(TODAY, 14) == "evergreen"
    assert PageReview(interval=Interval(30)).state(TODAY, 14) == "undated"


def test_a_source_changed_or_reviewed_after_the_page_was_reviewed() -> None:
    page = PageReview(reviewed=D(2026, 3, 1))
    assert changed_since_review(page, PageReview(reviewed=D(2025, 1, 1), changed=D(2026, 3, 2))) == (
        ReviewDate(D(2026, 3, 2), "git")
    )
    assert changed_since_review(page, PageReview(reviewed=D(2026, 4, 1), changed=D(2026, 3, 2))) == (
        ReviewDate(D(2026, 4, 1), "frontmatter")
    )
    assert changed_since_review(page, PageReview(reviewed=D(2026, 4, 1), changed=D(2026, 4, 1))) == (
        ReviewDate(D(2026, 4, 1), "frontmatter")  # the commit that recorded the review
    )
    assert changed_since_review(page, PageReview(reviewed=D(2025, 1, 1), changed=D(2026, 3, 1))) is None  # same day
    assert changed_since_review(PageReview(changed=D(2026, 1, 1)), PageReview(changed=D(2026, 5, 1))) is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 1, 1), D(2026, 11, 1), (2, "y")),  # 2 years 10 months: never rounded up to 3
        (D(2026, 3, 1), D(2026, 11, 29), (8, "m")),
        (D(2026, 1, 31), D(2026, 2, 28), (1, "m")),
        (D(2026, 1, 31), D(2026, 2, 27), (3, "w")),
        (D(2026, 1, 1), D(2026, 1, 7), (6, "d")),
        (D(2026, 1, 1), D(2026, 1, 1), (0, "d")),
        (D(2025, 12, 2), D(2026, 12, 1), (11, "m")),
        (D(2025, 12, 1), D(2026, 12, 1), (1, "y")),
    ],
)
def test_elapsed_counts_whole_units(start, end, expected) -> None:
    assert elapsed(start, end) == expected


# --- words ----------------------------------------------------------------------------------


EN = words_for("en")


def test_relative_ages_never_round_up_in_any_language() -> None:
    assert EN.ago(D(2024, 1, 1), D(2026, 11, 1)) == "2 years ago"
    assert EN.ago(D(2026, 3, 1), TODAY) == "8 months ago"
    assert EN.within(TODAY, D(2026, 12, 11)) == "in 1 week"
    assert EN.duration(D(2026, 8, 30), TODAY) == "2 months"
    assert words_for("de").ago(D(2024, 1, 1), D(2026, 11, 1)) == "vor 2 Jahren"
    assert words_for("ru").within(TODAY, D(2027, 10, 30)) == "через 11 месяцев"
    assert words_for("ja").ago(D(2025, 11, 29), TODAY) == "1 年前"
    assert EN.ago(TODAY, TODAY) is None


# --- badge --------------------------------------------------------------------


def badge(review: PageReview, **kwargs: object) -> str:
    options: dict = {"today": TODAY, "words": EN, "due_soon_days": 14}
    options.update(kwargs)
    return render_badge(review, **options)


def reviewed(date: datetime.date, every: Interval | None = Interval(365), **kwargs: object) -> PageReview:
    return PageReview(reviewed=date, interval=every, **kwargs)


def test_badge_english() -> None:
    html = badge(reviewed(MARCH_1))
    assert html.startswith('<div class="last-reviewed last-reviewed--frontmatter last-reviewed--fresh" data-search-exclude>')
    assert '<span class="last-reviewed__label">Last reviewed</span>' in html
    assert '<time datetime="2026-03-01">March 1, 2026</time>' in html
    assert '<span class="last-reviewed__age">(8 months ago)</span>' in html
    assert '<span class="last-reviewed__due">Next review in 3 months</span>' in html
    assert "stale" not in html and "overdue" not in html.lower() and "Owner" not in html
    assert "\n" not in html


@pytest.mark.parametrize("locale", ["fr", "fr_FR", "fr-FR", "fr-CA"])
def test_badge_french(locale: str) -> None:
    html = badge(reviewed(MARCH_1, owners=("Ana", "Ben")), words=words_for(locale))
    assert '<time datetime="2026-03-01">1 mars 2026</time>' in html
    assert "(il y a 8 mois)" in html
    assert "Responsables\u00a0: Ana et Ben" in html
    assert "Prochaine relecture dans 3 mois" in html


def test_badge_german_due_soon_and_overdue() -> None:
    de = words_for("de")
    soon = badge(reviewed(D(2025, 12, 10), owners=("Ana",)), words=de)
    assert "last-reviewed--due-soon" in soon
    assert '<strong class="last-reviewed__due last-reviewed__due-soon">Prüfung fällig in 1 Woche</strong>' in soon
    assert "Verantwortlich: Ana" in soon
    late = badge(reviewed(D(2025, 8, 1)), words=de)
    assert "Prüfung überfällig, war vor 3 Monaten fällig" in late


def test_badge_portuguese_with_dash() -> None:
    assert "1 de março de 2026" in badge(PageReview(changed=MARCH_1, interval=Interval(9)), words=words_for("pt-BR"))


@pytest.mark.parametrize("locale", ["xx", "", "en US", "tlh-Piqad-!", "eo", "hy"])
def test_badge_without_a_catalogue_is_english_throughout(locale: str) -> None:
    words = words_for(locale)
    assert not words.exact and words.catalogue == "en"
    html = badge(reviewed(MARCH_1), words=words)
    assert ">March 1, 2026</time>" in html
    assert "(8 months ago)" in html


@pytest.mark.parametrize(("locale", "catalogue"), [("zh", "zh"), ("zh-CN", "zh"), ("zh_Hans", "zh"), ("pt_BR", "pt"),
                                                   ("de-AT", "de"), ("en", "en")])
def test_a_language_finds_its_catalogue(locale: str, catalogue: str) -> None:
    assert words_for(locale).catalogue == catalogue and words_for(locale).exact


def test_badge_git_label() -> None:
    html = badge(PageReview(changed=MARCH_1, interval=Interval(365)))
    assert "last-reviewed--git" in html
    assert ">Last changed</span>" in html
    assert "Last reviewed" not in html


def test_badge_today_has_no_age() -> None:
    html = badge(reviewed(TODAY))
    assert "last-reviewed__age" not in html
    assert 'datetime="2026-11-29"' in html


def test_badge_states_and_their_words() -> None:
    at_limit = badge(reviewed(TODAY - datetime.timedelta(days=30), Interval(30)))
    past_limit = badge(reviewed(TODAY - datetime.timedelta(days=31), Interval(30)))
    assert "last-reviewed--due-soon" in at_limit and ">Review due today</strong>" in at_limit
    assert "last-reviewed--stale" not in at_limit
    assert 'class="last-reviewed last-reviewed--frontmatter last-reviewed--overdue last-reviewed--stale"' in past_limit
    assert '<strong class="last-reviewed__due last-reviewed__overdue">Review overdue by 1 day</strong>' in past_limit
    months_late = badge(reviewed(D(2026, 1, 1), Interval(90)))
    assert "Review overdue by 7 months" in months_late  # due April 1: 7 months and 28 days
    soon = badge(reviewed(D(2026, 6, 10), Interval(6, "m")))
    assert "Review due in 1 week" in soon and "last-reviewed--due-soon" in soon
    evergreen = badge(reviewed(D(2020, 1, 1), None))
    assert "last-reviewed--evergreen" in evergreen and "Evergreen: no review scheduled" in evergreen
    assert "overdue" not in evergreen


def test_badge_names_its_owners_escaped() -> None:
    html = badge(reviewed(MARCH_1, owners=("<b>Ana</b>", "Ben & Co")))
    assert '<span class="last-reviewed__owners">Owners: &lt;b&gt;Ana&lt;/b&gt; and Ben &amp; Co</span>' in html
    assert "Owner: Ana" in badge(reviewed(MARCH_1, owners=("Ana",)))


def test_badge_flagged_sources_are_escaped() -> None:
    html = badge(
        reviewed(TODAY),
        changed_sources=[QuotedSource("A & B", "a/", ReviewDate(D(2026, 11, 30), "git"))],
        overdue_sources=[
            QuotedSource("<script>alert(1)</script>", 'x/"onmouseover="y', ReviewDate(D(2024, 5, 6), "frontmatter")),
            QuotedSource("Plain \ue0000\ue001 simple", "notes/plain/", ReviewDate(D(2025, 1, 2), "frontmatter")),
        ],
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="x/&quot;onmouseover=&quot;y"' in html
    assert '<a href="notes/plain/">Plain \ue0000\ue001 simple</a>' in html  # a title is never a token
    assert '(reviewed <time datetime="2024-05-06">May 6, 2024</time>) and <a href="notes/plain/">' in html
    assert (
        '<span class="last-reviewed__sources last-reviewed__sources--changed">Quotes sources changed since this page '
        'was reviewed: <a href="a/">A &amp; B</a> (changed <time datetime="2026-11-30">November 30, 2026</time>).</span>'
    ) in html
    assert html.startswith(
        '<div class="last-reviewed last-reviewed--frontmatter last-reviewed--fresh last-reviewed--changed-sources '
        'last-reviewed--stale-sources" data-search-exclude>'
    )


def test_badge_without_flagged_sources_has_no_sources_class() -> None:
    assert "sources" not in badge(PageReview(changed=TODAY, interval=Interval(9)))
    assert badge(PageReview(interval=Interval(9))) == ""


def test_embed_date() -> None:
    fresh = render_embed_date(ReviewDate(MARCH_1, "frontmatter"), overdue=False, words=EN)
    assert fresh == (
        '<span class="obsidian-embed__reviewed">reviewed '
        '<time datetime="2026-03-01">March 1, 2026</time></span>'
    )
    stale = render_embed_date(ReviewDate(MARCH_1, "git"), overdue=True, words=words_for("de"))
    assert 'class="obsidian-embed__reviewed obsidian-embed__reviewed--stale" title="Prüfung überfällig"' in stale
    assert "geändert am <time" in stale
    assert "1. März 2026" in stale
    for html in (fresh, stale):
        assert "last-reviewed" not in html


# --- report ---------------------------------------------------------------------


def row(title: str, path: str, review: PageReview, **kwargs: object) -> ReportRow:
    return ReportRow(path, title, path, review, **kwargs)


def report_rows() -> list[ReportRow]:
    every = Interval(180)
    return [
        row("Fresh note", "fresh.md", PageReview(reviewed=D(2026, 11, 1), interval=every, owners=("Ana",))),
        row("Undated B", "b.md", PageReview(interval=every)),
        row("Oldest", "old.md", PageReview(changed=D(2024, 11, 1), interval=every, owners=("Ana", "Ben"))),
        row("Undated A", "a.md", PageReview(interval=every)),
        row("Old", "older.md", PageReview(reviewed=D(2025, 6, 1), interval=every)),
        row("Soon", "soon.md", PageReview(reviewed=D(2026, 6, 10), interval=every, owners=("ben",))),
        row("Forever", "forever.md", PageReview(reviewed=D(2019, 1, 1), interval=None)),
    ]


def tables(md: str) -> dict[str, list[str]]:
    """Each owner group's heading and the first cell of each of its rows."""
    groups: dict[str, list[str]] = {}
    heading = ""
    for line in md.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        elif line.startswith("| [") :
            groups.setdefault(heading, []).append(line.split("]")[0][3:])
    return groups


def test_report_groups_by_owner_most_overdue_first() -> None:
    md = render_report(report_rows(), today=TODAY, words=EN, due_soon_days=14)
    lines = md.splitlines()
    assert lines[0] == "# Review report"
    assert lines[2] == "7 pages&#58; 2 overdue, 1 due soon, 1 fresh, 1 evergreen, and 2 without a date."
    assert tables(md) == {
        "Ana": ["Oldest", "Fresh note"],
        "ben": ["Soon"],
        "Ben": ["Oldest"],
        "No owner": ["Old", "Forever", "Undated A", "Undated B"],
    }
    oldest = next(line for line in lines if line.startswith("| [Oldest]"))
    assert oldest.startswith("| [Oldest](old.md) | ")
    assert 'changed <time datetime="2024-11-01">Nov 1, 2024</time>' in oldest
    assert '<time datetime="2025-04-30">Apr 30, 2025</time></span> <span class="review-report__when">(1 year ago)</span>' in oldest
    assert 'review-report__state--overdue">Overdue</span> |' in oldest
    forever = next(line for line in lines if line.startswith("| [Forever]"))
    assert "never" in forever and "review-report__state--evergreen" in forever
    assert next(line for line in lines if line.startswith("| [Undated A]")).endswith(
        '| [Undated A](a.md) |  |  | <span class="review-report__label">State</span> '
        '<span class="review-report__state review-report__state--undated">No date</span> |'
    )


def test_report_without_owners_has_one_table_and_its_charts() -> None:
    rows = [row("A", "a.md", PageReview(reviewed=D(2026, 10, 1), interval=Interval(180)))]
    md = render_report(rows, today=TODAY, words=EN, due_soon_days=14)
    assert "## " not in md and md.count("| Page | Date | Due | State |") == 1
    assert '<div class="review-charts"><figure class="review-chart review-chart--states">' in md
    charts = next(line for line in md.splitlines() if line.startswith('<div class="review-charts">'))
    assert "\n" not in charts  # one raw HTML block
    assert '<desc id="review-chart-states-desc">0 overdue, 0 due soon, and 1 fresh</desc>' in charts
    assert '<desc id="review-chart-ages-desc">1 month: 1 page.</desc>' in charts


def test_report_lists_flagged_sources_under_the_page() -> None:
    source = QuotedSource("S|ource *x*", "sources/S.md", ReviewDate(D(2026, 11, 2), "git"), "sources/S.md")
    rows = [row("Host", "host.md", PageReview(reviewed=D(2026, 10, 1), interval=Interval(180)), changed_sources=(source,))]
    line = next(line for line in render_report(rows, today=TODAY, words=EN, due_soon_days=14).splitlines()
                if line.startswith("| [Host]"))
    assert line.count(" | ") == 3  # four cells: the source's | is no cell border
    assert ('<br><span class="review-report__sources">Quotes sources changed since this page was reviewed&#58; '
            '[S&#124;ource &#42;x&#42;](sources/S.md) (changed <time datetime="2026-11-02">Nov 2, 2026</time>).</span>') in line


def test_report_escapes_titles_and_urls() -> None:
    rows = [row("A | B *c* [[d]] <script>\nnext", "notes/my note (1).md", PageReview(reviewed=MARCH_1, interval=Interval(365)))]
    md = render_report(rows, today=TODAY, words=words_for("fr"), due_soon_days=14)
    line = next(line for line in md.splitlines() if line.startswith("| ["))
    assert line.count(" | ") == 3
    assert "<script>" not in line and "[[" not in line and "*c*" not in line
    assert "&#60;script&#62;" in line
    assert "](notes/my%20note%20%281%29.md)" in line
    assert "relu le <time" in line and "1 mars 2026" in line and "(dans 3 mois)" in line
    assert "| Page | Date | Échéance | État |" in md


def test_report_owner_headings_are_literal() -> None:
    rows = [row("A", "a.md", PageReview(reviewed=MARCH_1, interval=Interval(365), owners=("# [x](javascript:y) **z**",)))]
    md = render_report(rows, today=TODAY, words=EN, due_soon_days=14)
    assert "## &#35; &#91;x&#93;(javascript&#58;y) &#42;&#42;z&#42;&#42;" in md.splitlines()


def test_report_singular_and_empty() -> None:
    one = [row("Only", "only.md", PageReview(changed=TODAY, interval=Interval(1)))]
    md = render_report(one, today=TODAY, words=EN, due_soon_days=1)
    assert md.splitlines()[2] == "1 page&#58; 0 overdue, 1 due soon, and 0 fresh."
    empty = render_report([], today=TODAY, words=EN, due_soon_days=1)
    assert empty.splitlines()[2] == "0 pages&#58; 0 overdue, 0 due soon, and 0 fresh."
    assert "<table" not in empty and "review-charts" not in empty
