"""The plugin's options, as a typed MkDocs ``Config``: each one documented where it is declared."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .review import DEFAULT_FIELDS


class ObsidianEmbedsConfig(base.Config):
    vault_dir = c.Optional(c.Dir(exists=True))
    """A vault folder outside `docs_dir` (relative to mkdocs.yml) whose notes and attachments are
    published as part of the site. Default: the vault is `docs_dir` itself."""

    vault_prefix = c.Optional(c.Type(str))
    """URL prefix under which the notes of `vault_dir` are published. Default: the folder's name."""

    citation_excerpt = c.Type(int, default=120)
    """Length (characters) of the excerpt a citation footnote shows after the source's title;
    0 shows the title only."""

    strict_line_breaks = c.Type(bool, default=False)
    """Like Obsidian's setting of the same name (off by default there): when off, a single line
    break inside a paragraph of a vault note is shown as a line break, as Obsidian's reading view
    shows it; when on, lines are joined as in plain Markdown."""

    max_embed_depth = c.Type(int, default=8)
    """How deeply embeds may nest before expansion stops with a warning."""

    max_embed_chars = c.Type(int, default=2_000_000)
    """How much embedded text one page may receive before expansion stops with a warning."""

    search_quoted_text = c.Type(bool, default=False)
    """Also index the text that embeds quote under the pages that quote it. Off by default: as in
    Obsidian's search, a quoted passage is found on the note it comes from, once however many
    pages quote it, and the search index does not grow with every quote. The caption saying
    where a quote comes from is indexed either way."""

    review_badge = c.Type(bool, default=True)
    """Show the "last reviewed" badge at the top of every page that has a date."""

    review_fields = c.ListOfItems(c.Type(str), default=list(DEFAULT_FIELDS))
    """Frontmatter fields holding a page's review date, first match wins."""

    review_git = c.Type(bool, default=True)
    """Fall back to the date of the last git commit that touched the file."""

    stale_after_days = c.Type(int, default=180)
    """A page (or quoted source) whose date is older than this many days is overdue for review."""

    review_report = c.Optional(c.Type(str))
    """Path (inside the site, e.g. `review-report.md`) of a generated page listing every page with
    its date and state, most overdue first. Off by default."""

    warn_overdue = c.Type(bool, default=False)
    """Log each overdue page as a warning, so `mkdocs build --strict` fails on stale content."""
