"""The plugin's options, as a typed MkDocs ``Config``: each one documented where it is declared."""

from __future__ import annotations

import datetime
import os
import posixpath
import re

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..freshness.freshness import FolderRule
from ..freshness.review import DEFAULT_FIELDS, InvalidInterval, InvalidOwner, InvalidReviewDate, date_from_meta, parse_interval, parse_owners
from ..engine.vault import normalize, note_stem

#: Where the plugin publishes its stylesheets and script.
ASSET_URI = "assets/obsidian-embeds"
#: The deepest nesting of embeds one may ask for. Each level costs the renderer two stack frames
#: and the page's element tree at least two levels (the embed's wrapper and its content), on top
#: of the lists and callouts the quoted notes nest themselves; Python-Markdown walks that tree
#: recursively. At 20 levels, a chain of notes each quoting the next from 20 nested list items
#: inside a callout still builds (at 24 items, and plain chains of about 150 levels, Python's
#: stack gives out).
MAX_EMBED_DEPTH = 20


class Count(c.OptionallyRequired[int]):
    """A whole number from ``minimum`` to ``maximum`` (YAML's ``true`` is not one)."""

    def __init__(self, default: int, minimum: int = 0, maximum: int | None = None, why: str = "") -> None:
        super().__init__(default=default)
        self.minimum, self.maximum, self.why = minimum, maximum, why

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"expected a whole number, not {value!r}")
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            allowed = f"from {self.minimum} to {self.maximum}" if self.maximum is not None else f"{self.minimum} or more"
            raise ValidationError(f"must be {allowed}, not {value}{self.why}")
        return value


def _site_path_problem(value: str) -> str | None:
    """What keeps ``value`` from being a path inside the site, as MkDocs publishes it."""
    if "\\" in value:
        return "must use '/' between folders, not '\\'"
    if value.startswith("/") or re.match(r"[A-Za-z]:", value):
        return "must be a path inside the site, not an absolute path"
    segments = value.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return "must be a path inside the site, without '..', '.' or empty folder names"
    if any(segment.startswith(".") for segment in segments):
        return "must not name a hidden file or folder (MkDocs does not publish them)"
    return None


class SiteFolders(c.OptionallyRequired[tuple]):
    """Folders of the site, as paths inside it (``notes``, ``kb/guides``); ``.`` is the whole site."""

    def __init__(self) -> None:
        super().__init__(default=[])

    def run_validation(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValidationError(f"expected a list of folders, not {value!r}")
        return tuple(_site_folder(folder) for folder in value)


def _site_folder(folder: object) -> str:
    """A folder of the site as written in the config (``notes/``, ``.``), checked and without slashes."""
    if not isinstance(folder, str):
        raise ValidationError(f"a folder must be a path, not {folder!r}")
    name = folder.strip().strip("/") or "."
    problem = None if name == "." else _site_path_problem(name)
    if problem:
        raise ValidationError(f"folder {folder!r} {problem}")
    return name


class VaultDir(c.Dir):
    """An existing folder that does not hold the config file (that would publish the project)."""

    def post_validation(self, config: base.Config, key_name: str) -> None:
        vault = config[key_name]
        if vault is None or not config.config_file_path:
            return
        project = os.path.realpath(os.path.dirname(config.config_file_path))
        if _within(project, os.path.realpath(vault)):
            name = os.path.basename(config.config_file_path)
            raise ValidationError(
                f"'{vault}' holds {name}: the whole project would be published ({name}, docs_dir and "
                "everything else there); point it at the vault's own folder"
            )


class VaultPrefix(c.Type[str]):
    """A folder of the site's URLs for the vault's notes (slashes around it are dropped)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        prefix = super().run_validation(value).strip("/")
        if not prefix:
            raise ValidationError(
                f"{value!r} names no folder: the vault's notes would take the site's root, over docs_dir's pages"
            )
        problem = _site_path_problem(prefix)
        if problem is None and _within(normalize(prefix), ASSET_URI, sep="/"):
            problem = f"is where the plugin publishes its own files ({ASSET_URI})"
        if problem:
            raise ValidationError(f"{value!r} {problem}")
        return prefix

    def post_validation(self, config: base.Config, key_name: str) -> None:
        if config[key_name] is not None and config["vault_dir"] is None:
            self.warnings.append("ignored, since vault_dir is not set (it names the URL folder of vault_dir's notes)")


class ReviewReport(c.Type[str]):
    """Where the generated report page goes: a new page inside the site, outside the vault's URLs."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        path = super().run_validation(value)
        problem = _site_path_problem(path)
        if problem is None and note_stem(path) is None:
            problem = "must be a Markdown page (end in .md)"
        if problem:
            raise ValidationError(f"{value!r} {problem}")
        return path

    def post_validation(self, config: base.Config, key_name: str) -> None:
        report = config[key_name]
        if report is None or config["vault_dir"] is None:
            return
        prefix = vault_prefix(config["vault_dir"], config["vault_prefix"])
        if _within(normalize(report), normalize(prefix), sep="/"):
            raise ValidationError(
                f"'{report}' lies among the vault's pages (vault_prefix '{prefix}'), where it could replace a note; "
                "put it outside that folder"
            )


class ReviewReportJson(c.Type[str]):
    """Where the machine-readable review report goes: a ``.json`` file inside the site."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        path = super().run_validation(value)
        problem = _site_path_problem(path)
        if problem is None and not path.lower().endswith(".json"):
            problem = "must be a .json file"
        if problem:
            raise ValidationError(f"{value!r} {problem}")
        return path


#: The settings a folder of ``review_folders`` may give its pages.
FOLDER_KEYS = ("owner", "review_every")


class ReviewFolders(c.OptionallyRequired[tuple]):
    """Folders (of the site, or of the vault) mapped to the ``owner`` and ``review_every`` of
    their pages; ``.`` is the whole site. Read into :class:`FolderRule` objects."""

    def __init__(self) -> None:
        super().__init__(default={})

    def run_validation(self, value: object) -> tuple[FolderRule, ...]:
        if not isinstance(value, dict):
            raise ValidationError(f"expected folders mapped to their {' and '.join(FOLDER_KEYS)}, not {value!r}")
        rules: dict[str, FolderRule] = {}
        for folder, settings in value.items():
            rule = _folder_rule(folder, settings)
            if rule.key in rules:
                raise ValidationError(f"'{folder}' and '{rules[rule.key].folder}' are the same folder")
            rules[rule.key] = rule
        return tuple(rules.values())


def _folder_rule(folder: object, settings: object) -> FolderRule:
    name = _site_folder(folder)
    if not isinstance(settings, dict) or not settings or set(settings) - set(FOLDER_KEYS):
        raise ValidationError(f"folder {folder!r}: expected {' and/or '.join(FOLDER_KEYS)}, not {settings!r}")
    try:
        owners = parse_owners(f"{folder}: owner", settings["owner"]) if "owner" in settings else None
        interval = parse_interval(f"{folder}: review_every", settings["review_every"]) if "review_every" in settings else None
    except (InvalidOwner, InvalidInterval) as error:
        raise ValidationError(str(error)) from None
    return FolderRule(name, owners, interval, sets_interval="review_every" in settings)


class ReviewToday(c.BaseConfigOption[datetime.date]):
    """A day (``2026-12-01``) that the review states are computed for instead of the build's."""

    def run_validation(self, value: object) -> datetime.date:
        try:
            return date_from_meta({"review_today": value}, ("review_today",))
        except InvalidReviewDate:
            raise ValidationError(f"expected a date such as 2026-12-01, not {value!r}") from None


class ObsidianEmbedsConfig(base.Config):
    vault_dir = c.Optional(VaultDir(exists=True))
    """A vault folder outside `docs_dir` (relative to mkdocs.yml) whose notes and attachments are
    published as part of the site. Default: the vault is `docs_dir` itself. It may not hold
    mkdocs.yml, `docs_dir` or `site_dir`, nor lie inside `docs_dir` or `site_dir`."""

    vault_prefix = c.Optional(VaultPrefix())
    """URL prefix under which the notes of `vault_dir` are published. Default: the folder's name.
    It may not be empty, leave the site, or be the name of something at that place in `docs_dir`."""

    citation_excerpt = Count(default=120)
    """Length (characters) of the excerpt a citation footnote shows after the source's title;
    0 shows the title only."""

    note_titles = c.Optional(c.Choice(("file", "heading")))
    """Where a vault note's page title (nav, browser tab) comes from, unless its frontmatter sets
    `title`: `file`, the note's file name, as Obsidian's inline title shows it; `heading`, the
    first heading, as MkDocs does. Default: `file` for the notes of `vault_dir`, `heading` when the
    vault is `docs_dir` itself (so an existing site's titles stay as they are). The home page
    keeps MkDocs' title."""

    strict_line_breaks = c.Type(bool, default=False)
    """Like Obsidian's setting of the same name (off by default there): when off, a single line
    break inside a paragraph of a vault note is shown as a line break, as Obsidian's reading view
    shows it; when on, lines are joined as in plain Markdown."""

    max_embed_depth = Count(
        default=8, minimum=1, maximum=MAX_EMBED_DEPTH, why=": deeper nesting can exhaust the stack while pages render"
    )
    """How deeply embeds may nest before expansion stops with a warning (1 to MAX_EMBED_DEPTH)."""

    max_embed_chars = Count(default=200_000)
    """How much embedded text one page may receive before expansion stops with a warning."""

    max_embeds = Count(default=200)
    """How many embeds one page may meet (nested ones included, stopped ones too) before expansion
    stops with a warning. With the other two limits it bounds what a page of a few lines can pour
    out: 41 notes that each embed the next one ten times would otherwise build for minutes."""

    search_quoted_text = c.Type(bool, default=False)
    """Also index the text that embeds quote under the pages that quote it. Off by default: as in
    Obsidian's search, a quoted passage is found on the note it comes from, once however many
    pages quote it, and the search index does not grow with every quote. The caption saying
    where a quote comes from is indexed either way."""

    hover_previews = c.Type(bool, default=True)
    """Every link the plugin writes to a note (wikilinks, citations, embeds' source lines, linked
    mentions) carries `data-preview`, so that Material for MkDocs (9.7 and later) and Zensical show
    its target on hover (a block link: the block first; a heading link: its section) without the
    site turning previews on for every link. Material needs `site_url` set: it previews the pages
    its sitemap lists."""

    linked_mentions = c.Type(bool, default=True)
    """A "Linked mentions" section after each note's footnotes: every page that links to, embeds or
    cites the note, once, linked to the place of its first mention, with the sentence around it.
    A page leaves it out with `backlinks: false` in its frontmatter; the home page and the review
    report leave it out unless theirs says `backlinks: true`."""

    linked_mentions_folders = SiteFolders()
    """Folders of the site (`notes`, `kb/guides`) whose pages show linked mentions; empty: every
    page. Mentions from pages elsewhere are listed all the same."""

    linked_mentions_folded = Count(default=10)
    """How many mentioning pages the section lists with the context of their mention before the
    rest fold into a "N more" element of their titles."""

    review_badge = c.Type(bool, default=True)
    """Show the "last reviewed" badge at the top of every page that has a date."""

    review_fields = c.ListOfItems(c.Type(str), default=list(DEFAULT_FIELDS))
    """Frontmatter fields holding a page's review date, first match wins."""

    review_git = c.Type(bool, default=True)
    """Fall back to the date of the last git commit that touched the file."""

    stale_after_days = Count(default=180)
    """The site's review interval, in days: a page (or quoted source) whose date is older than
    this is overdue for review, unless its frontmatter or its folder (`review_folders`) sets
    another interval."""

    owner_fields = c.ListOfItems(c.Type(str), default=["owner"])
    """Frontmatter fields naming a page's reviewer (a name) or reviewers (a list of names), first
    match wins. The badge and the report name them, and the overdue warnings too."""

    review_every_fields = c.ListOfItems(c.Type(str), default=["review_every"])
    """Frontmatter fields holding a page's review interval, first match wins: days (`90`, `90d`),
    weeks (`2w`), months (`6m`) or years (`1y`), up to 100 years, or `never` for an evergreen page."""

    review_folders = ReviewFolders()
    """Folders (of the site, or of the vault; `.` for the whole site) mapped to the `owner` and
    `review_every` of their pages; a page's frontmatter wins, then the nearest folder that sets
    the value, then `stale_after_days`."""

    due_soon_days = Count(default=14)
    """How many days before its due date a page's review is "due soon"."""

    review_today = c.Optional(ReviewToday())
    """The day the review states are computed for. Default: the day of the build. A fixed day
    rebuilds a past state or previews a coming one (the sample site pins one)."""

    review_report = c.Optional(ReviewReport())
    """Path (inside the site, e.g. `review-report.md`) of a generated page listing every page by
    owner with its date, due date and state, most overdue first, under charts of the site's
    freshness. Off by default. It must be a new page: not one of `docs_dir`'s, and not among the
    vault's notes."""

    review_report_json = c.Optional(ReviewReportJson())
    """Path (inside the site, e.g. `review.json`) of a JSON file listing every page once with its
    date, owners, interval, due date, state and the quoted sources to check, most overdue first,
    for CI jobs (reminders per owner). Off by default."""

    warn_overdue = c.Type(bool, default=False)
    """Log each overdue page as a warning naming its owners, so `mkdocs build --strict` fails on
    stale content."""

    warn_due_soon = c.Type(bool, default=False)
    """Log each page whose review is due soon (`due_soon_days`) as a warning naming its owners."""


def vault_prefix(vault_dir: str, prefix: str | None) -> str:
    """The URL folder of the vault's notes: ``vault_prefix``, else the vault folder's name."""
    return (prefix if prefix is not None else os.path.basename(os.path.normpath(vault_dir))).strip("/")


def site_problems(options: ObsidianEmbedsConfig, docs_dir: str, site_dir: str) -> list[tuple[str, str]]:
    """(option, message) for options that clash with MkDocs' own folders, known only once the
    whole configuration is loaded: a vault overlapping ``docs_dir`` or ``site_dir``, a prefix
    that is already a folder or page of ``docs_dir``."""
    if not options.vault_dir:
        return []
    vault = os.path.realpath(options.vault_dir)
    problems = [("vault_dir", message) for message in _overlaps(vault, os.path.realpath(docs_dir), "docs_dir")]
    problems += [("vault_dir", message) for message in _overlaps(vault, os.path.realpath(site_dir), "site_dir")]
    prefix = vault_prefix(options.vault_dir, options.vault_prefix)
    taken = None if problems else _docs_entry(docs_dir, prefix)
    if taken:
        problems.append((
            "vault_prefix",
            f"'{prefix}' is also docs_dir's {taken}: the vault's notes and those pages would share URLs; "
            "set vault_prefix to a name docs_dir does not use",
        ))
    return problems


#: What a vault folder overlapping docs_dir or site_dir would do: being it, inside it, holding it.
_OVERLAPS = {
    "docs_dir": (
        "is docs_dir itself; leave vault_dir unset to publish docs_dir as the vault",
        "lies inside docs_dir ('{folder}'), whose files are published already",
        "holds docs_dir ('{folder}'), whose pages would be published twice",
    ),
    "site_dir": (
        "is site_dir itself, which each build empties",
        "lies inside site_dir ('{folder}'), which each build empties",
        "holds site_dir ('{folder}'): each build would publish the one before",
    ),
}


def _overlaps(vault: str, folder: str, name: str) -> list[str]:
    same, inside, holds = _OVERLAPS[name]
    if vault == folder:
        return [f"'{vault}' {same}"]
    if _within(vault, folder):
        return [f"'{vault}' " + inside.format(folder=folder)]
    if _within(folder, vault):
        return [f"'{vault}' " + holds.format(folder=folder)]
    return []


def _docs_entry(docs_dir: str, prefix: str) -> str | None:
    """What of ``docs_dir`` sits where ``prefix`` would put the vault: a folder, a file, or a page
    whose URL is that folder (``kb.md`` for ``kb``). Compared as links are: case and Unicode
    normalisation aside."""
    parent, _, last = prefix.rpartition("/")
    try:
        entries = os.listdir(os.path.join(docs_dir, parent))
    except OSError:
        return None
    for entry in sorted(entries):
        if entry.startswith("."):
            continue
        stem = note_stem(entry)
        if normalize(last) in (normalize(entry), normalize(stem or entry)):
            kind = "folder" if os.path.isdir(os.path.join(docs_dir, parent, entry)) else "page" if stem else "file"
            return f"{kind} '{posixpath.join(parent, entry)}'"
    return None


def _within(path: str, folder: str, sep: str = os.sep) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it."""
    return path == folder or path.startswith(folder.rstrip(sep) + sep)
