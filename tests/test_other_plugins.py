"""Living beside other plugins: the order of ``plugins:`` in mkdocs.yml does not change the
output, and pages the plugin generates look like real pages to other plugins."""

from __future__ import annotations

import re

import pytest

FILES = {
    "index.md": "---\nreviewed: 2026-01-01\n---\n# Home\n\n![[Source#^b]]\n\n![[pic.png]]\n\nThe year {{ 2000 + 26 }}.\n",
    "Source.md": "---\nreviewed: 2026-01-01\n---\n# Source\n\nQuoted in {{ 2000 + 26 }} words ^b\n",
    "pic.png": b"\x89PNG\r\n\x1a\n",
}
EMBEDS = {"obsidian-embeds": {"review_git": False}}


def _pages(site) -> dict[str, str]:
    return {page: re.sub(r'id="__[^"]*"', "", site.content(page)) for page in ("index", "Source")}


@pytest.mark.parametrize("other", ["glightbox", "macros"])
def test_the_order_of_plugins_does_not_change_the_output(tmp_path, other):
    from conftest import make_site

    before = make_site(tmp_path / "before", FILES, {"plugins": [other, EMBEDS]}, theme="material")
    after = make_site(tmp_path / "after", FILES, {"plugins": [EMBEDS, other]}, theme="material")
    assert before.aborted is None and after.aborted is None
    assert _pages(before) == _pages(after)
    home = _pages(after)["index"]
    assert home.index("<h1") < home.index('class="last-reviewed')
    if other == "macros":
        assert "Quoted in 2026 words" in home and "The year 2026." in home
        assert "Quoted in 2026 words" in _pages(after)["Source"]
    else:
        assert 'class="glightbox"' in home


def test_static_i18n_sees_the_review_report_as_a_page(site_builder):
    site = site_builder(
        {"index.md": "---\nreviewed: 2026-01-01\n---\n# Home\n\n[[Other]]\n", "Other.md": "# Other\n"},
        {
            "plugins": [
                {"i18n": {"docs_structure": "suffix", "languages": [
                    {"locale": "en", "default": True, "name": "English"}, {"locale": "fr", "name": "Français"}]}},
                {"obsidian-embeds": {"review_report": "review-report.md", "review_git": False}},
            ]
        },
        theme="material",
    )
    assert site.aborted is None
    report = site.content("review-report")
    assert "Review report" in report and ">Other</a>" in report
    assert "Jan 1, 2026" in report
    french = (site.site_dir / "fr" / "review-report" / "index.html").read_text(encoding="utf-8")
    assert "1 janv. 2026" in french and "Rapport de relecture" in french


def _titles(site, pages: list[str]) -> dict[str, tuple[str, str]]:
    """Each page's browser-tab title and the nav entry that links it."""
    out = {}
    for page in pages:
        html = site.html(page)
        tab = re.search(r"<title>(.*?) - Test</title>", html).group(1)
        out[page] = tab
    return out


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (None, {"kb/Teaching culture": "Teaching culture", "kb/Titled": "Set in frontmatter", "Docs page": "First heading"}),
        ("heading", {"kb/Teaching culture": "Needs effort to Maintain", "kb/Titled": "Set in frontmatter",
                     "Docs page": "First heading"}),
    ],
)
def test_note_titles_follow_the_option(site_builder, tmp_path, option, expected):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Teaching culture.md").write_text("# Needs effort to Maintain\n\nText.\n", encoding="utf-8")
    (vault / "Titled.md").write_text("---\ntitle: Set in frontmatter\n---\n# Heading\n", encoding="utf-8")
    plugin = {"vault_dir": "vault", "vault_prefix": "kb", **({"note_titles": option} if option else {})}
    site = site_builder(
        {"index.md": "# Home\n", "Docs page.md": "# First heading\n"},
        {"plugins": [{"obsidian-embeds": plugin}], "site_name": "Test"},
        theme="material",
    )
    assert _titles(site, list(expected)) == expected
    nav = site.html("index")
    for title in expected.values():
        assert f'<span class="md-ellipsis">\n    {title}\n  </span>' in nav or title in nav


def test_a_vault_in_docs_dir_keeps_mkdocs_titles_by_default(site_builder):
    site = site_builder({"index.md": "# Home\n", "Teaching culture.md": "# Needs effort to Maintain\n"}, theme="material")
    assert _titles(site, ["Teaching culture"]) == {"Teaching culture": "Needs effort to Maintain"}
