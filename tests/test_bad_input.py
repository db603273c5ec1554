"""Bad options stop the build with one message naming the option; bad files are left out with
one warning naming the file, and the rest of the site is built; names that links cannot tell
apart are named in one info line."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import Site, captured_log, make_site
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_obsidian_embeds.engine import readable
from mkdocs_obsidian_embeds.engine.vault import VaultFile, VaultIndex

HOME = "# Home\n\nSee [[Good]].\n\n![[Good#^g]]\n\nHome text stays.\n"
GOOD = "# Good\n\nGood words ^g\n"


def attempt(root: Path, options: dict, mkdocs: dict | None = None) -> Site:
    """Load and build ``root/mkdocs.yml`` with these plugin options; a refused config or an
    aborted build leaves its reason in ``site.aborted`` and its messages in ``site.warnings``."""
    settings = {"site_name": "T", "theme": "mkdocs", "plugins": [{"obsidian-embeds": options}], **(mkdocs or {})}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    site = Site(root)
    with captured_log(site):
        try:
            config = load_config(str(root / "mkdocs.yml"))
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
        except Abort as error:
            site.aborted = str(error)
    return site


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """docs/ (index, Good, a folder `notes`, a page `kb.md`, a folder `guide/` with an index) and vault/."""
    for path, text in {
        "docs/index.md": HOME,
        "docs/Good.md": GOOD,
        "docs/notes/Inner.md": "inner",
        "docs/kb.md": "kb page",
        "docs/guide/index.md": "guide",
        "vault/Vault note.md": "vault note",
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


REFUSED = [
    ({"stale_after_days": -1}, "stale_after_days", "must be 0 or more, not -1"),
    ({"citation_excerpt": -5}, "citation_excerpt", "must be 0 or more, not -5"),
    ({"max_embed_chars": -1}, "max_embed_chars", "must be 0 or more, not -1"),
    ({"stale_after_days": True}, "stale_after_days", "expected a whole number, not True"),
    ({"citation_excerpt": "120"}, "citation_excerpt", "expected a whole number, not '120'"),
    ({"max_embed_depth": 0}, "max_embed_depth", "must be from 1 to 20, not 0"),
    ({"max_embed_depth": 100000}, "max_embed_depth", "must be from 1 to 20, not 100000: deeper nesting can exhaust the stack"),
    ({"vault_dir": "vault", "vault_prefix": ""}, "vault_prefix", "'' names no folder"),
    ({"vault_dir": "vault", "vault_prefix": "/"}, "vault_prefix", "'/' names no folder"),
    ({"vault_dir": "vault", "vault_prefix": "//"}, "vault_prefix", "'//' names no folder"),
    ({"vault_dir": "vault", "vault_prefix": "../up"}, "vault_prefix", "without '..'"),
    ({"vault_dir": "vault", "vault_prefix": "a/../b"}, "vault_prefix", "without '..'"),
    ({"vault_dir": "vault", "vault_prefix": "a//b"}, "vault_prefix", "empty folder names"),
    ({"vault_dir": "vault", "vault_prefix": "a\\b"}, "vault_prefix", "must use '/' between folders"),
    ({"vault_dir": "vault", "vault_prefix": ".kb"}, "vault_prefix", "must not name a hidden file or folder"),
    ({"vault_dir": "vault", "vault_prefix": "assets/obsidian-embeds"}, "vault_prefix", "where the plugin publishes its own files"),
    ({"vault_dir": "vault", "vault_prefix": "notes"}, "vault_prefix", "'notes' is also docs_dir's folder 'notes'"),
    ({"vault_dir": "vault", "vault_prefix": "Notes/"}, "vault_prefix", "'Notes' is also docs_dir's folder 'notes'"),
    ({"vault_dir": "vault", "vault_prefix": "kb"}, "vault_prefix", "'kb' is also docs_dir's page 'kb.md'"),
    ({"vault_dir": "vault", "vault_prefix": "Good.md"}, "vault_prefix", "'Good.md' is also docs_dir's page 'Good.md'"),
    ({"vault_dir": "vault", "vault_prefix": "guide/index"}, "vault_prefix", "'guide/index' is also docs_dir's page 'guide/index.md'"),
    ({"vault_dir": "."}, "vault_dir", "holds mkdocs.yml: the whole project would be published"),
    ({"vault_dir": ".."}, "vault_dir", "holds mkdocs.yml"),
    ({"vault_dir": "docs"}, "vault_dir", "is docs_dir itself"),
    ({"vault_dir": "docs/notes"}, "vault_dir", "lies inside docs_dir"),
    ({"vault_dir": "docs/notes", "vault_prefix": "elsewhere"}, "vault_dir", "lies inside docs_dir"),
    ({"vault_dir": "missing"}, "vault_dir", "isn't an existing directory"),
    ({"review_report": "index.md"}, "review_report", "'index.md' would replace the site's 'index.md'"),
    ({"review_report": "INDEX.md"}, "review_report", "'INDEX.md' would replace the site's 'index.md'"),
    ({"review_report": "guide.md"}, "review_report", "'guide.md' would replace the site's 'guide/index.md'"),
    ({"review_report": "notes/Inner.md"}, "review_report", "would replace the site's 'notes/Inner.md'"),
    ({"review_report": "../x.md"}, "review_report", "must be a path inside the site, without '..'"),
    ({"review_report": "a/../../x.md"}, "review_report", "without '..'"),
    ({"review_report": "/tmp/x.md"}, "review_report", "not an absolute path"),
    ({"review_report": "C:/x.md"}, "review_report", "not an absolute path"),
    ({"review_report": "a\\x.md"}, "review_report", "must use '/' between folders"),
    ({"review_report": "report.html"}, "review_report", "must be a Markdown page"),
    ({"review_report": ".hidden.md"}, "review_report", "hidden"),
    ({"vault_dir": "vault", "review_report": "vault/report.md"}, "review_report", "lies among the vault's pages"),
]


@pytest.mark.parametrize(("options", "option", "message"), REFUSED, ids=[repr(case[0]) for case in REFUSED])
def test_a_bad_option_stops_the_build_with_one_message_naming_it(project, options, option, message):
    site = attempt(project, options)
    assert site.aborted is not None
    errors = [w for w in site.warnings if f"Plugin 'obsidian-embeds' option '{option}':" in w]
    assert len(errors) == 1, site.warnings
    assert message in errors[0], errors[0]
    assert not (project / "site" / "index.html").exists()
    assert (project / "docs" / "index.md").read_text(encoding="utf-8") == HOME  # nothing of the project touched


def test_a_vault_that_holds_docs_dir_or_site_dir_is_refused(project):
    (project / "kb" / "docs").mkdir(parents=True)
    (project / "kb" / "docs" / "index.md").write_text("kb home")
    site = attempt(project, {"vault_dir": "kb"}, {"docs_dir": "kb/docs"})
    assert [w for w in site.warnings if "option 'vault_dir'" in w] == [
        f"Plugin 'obsidian-embeds' option 'vault_dir': '{project / 'kb'}' holds docs_dir ('{project / 'kb' / 'docs'}'), "
        "whose pages would be published twice"
    ]
    site = attempt(project, {"vault_dir": "vault"}, {"site_dir": "vault/out"})
    assert [w for w in site.warnings if "option 'vault_dir'" in w] == [
        f"Plugin 'obsidian-embeds' option 'vault_dir': '{project / 'vault'}' holds site_dir ('{project / 'vault' / 'out'}'): "
        "each build would publish the one before"
    ]
    (project / "out" / "vault").mkdir(parents=True)
    site = attempt(project, {"vault_dir": "out/vault"}, {"site_dir": "out"})
    assert any("lies inside site_dir" in w for w in site.warnings), site.warnings
    assert (project / "out" / "vault").is_dir()  # MkDocs empties site_dir only after the plugin's check


def test_good_options_still_build(project):
    options = {
        "vault_dir": "vault",
        "vault_prefix": "/kb2/",
        "stale_after_days": 0,
        "citation_excerpt": 0,
        "max_embed_depth": 20,
        "review_report": "reports/review.md",
    }
    site = attempt(project, options)
    assert site.aborted is None, site.warnings
    assert (project / "site" / "kb2" / "Vault note" / "index.html").exists()
    assert (project / "site" / "reports" / "review" / "index.html").exists()
    assert "Home text stays." in site.content("index")


def test_vault_prefix_without_vault_dir_is_a_config_warning(project):
    site = attempt(project, {"vault_prefix": "kb2"})
    assert site.aborted is None
    assert [w for w in site.warnings if "vault_prefix" in w] == [
        "Config value 'plugins': Plugin 'obsidian-embeds' option 'vault_prefix': ignored, since vault_dir is not set "
        "(it names the URL folder of vault_dir's notes)"
    ]


# -- bad files ---------------------------------------------------------------------------


def _vault_site(root: Path, where: str) -> tuple[Path, dict]:
    """The folder the bad file goes in (docs/ or vault/) and the plugin options for it."""
    (root / "docs").mkdir(exist_ok=True)
    (root / "vault").mkdir(exist_ok=True)
    return (root / where), ({"vault_dir": "vault"} if where == "vault" else {})


def _build_with_bad_file(root: Path, where: str, make_bad) -> tuple[Site, str]:
    folder, options = _vault_site(root, where)
    (root / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (folder / "Good.md").write_text(GOOD, encoding="utf-8")
    name = make_bad(folder)
    site = attempt(root, options)
    return site, (f"vault/{name}" if where == "vault" else name)


def _assert_intact(site: Site, good: str) -> None:
    assert site.aborted is None, site.warnings
    home = site.content("index")
    assert "Home text stays." in home and "Good words" in home
    assert f'href="{good}/"' in home
    assert "Good words" in site.content(good)


BAD_FILES = {
    "broken symlink": (lambda f: os.symlink(f / "Missing.md", f / "bad.md") or "bad.md", "broken symlink (its target does not exist)"),
    "broken symlink out": (lambda f: os.symlink("/nonexistent/x.md", f / "bad.md") or "bad.md", "broken symlink (its target does not exist)"),
    "symlink to itself": (lambda f: os.symlink(f / "bad.md", f / "bad.md") or "bad.md", "symlink loop"),
    "symlinks to each other": (
        lambda f: os.symlink(f / "b.png", f / "a.png") or os.symlink(f / "a.png", f / "b.png") or "a.png",
        "symlink loop",
    ),
    "fifo note": (lambda f: os.mkfifo(f / "bad.md") or "bad.md", "not a regular file (a fifo)"),
    "fifo attachment": (lambda f: os.mkfifo(f / "pic.png") or "pic.png", "not a regular file (a fifo)"),
}


@pytest.mark.parametrize("where", ["docs", "vault"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_that_cannot_be_read_is_left_out_with_one_warning(tmp_path, where, case):
    make_bad, reason = BAD_FILES[case]
    site, name = _build_with_bad_file(tmp_path, where, make_bad)
    if case == "symlinks to each other":  # two files, each a loop
        other = name.replace("a.png", "b.png")
        assert site.plugin_warnings() == [
            f"obsidian-embeds: {name}: {reason}: not published",
            f"obsidian-embeds: {other}: {reason}: not published",
        ]
    else:
        assert site.plugin_warnings() == [f"obsidian-embeds: {name}: {reason}: not published"]
    _assert_intact(site, "vault/Good" if where == "vault" else "Good")


@pytest.mark.parametrize("where", ["docs", "vault"])
def test_a_file_without_read_permission_is_left_out_with_one_warning(tmp_path, where, monkeypatch):
    """Root reads every file, so the refusal is the system's answer faked for that one path."""
    real_access = os.access

    def access(path, mode, **kwargs):
        return False if str(path).endswith("Locked.md") else real_access(path, mode, **kwargs)

    monkeypatch.setattr(readable.os, "access", access)
    site, name = _build_with_bad_file(tmp_path, where, lambda f: (f / "Locked.md").write_text("SECRET") and "Locked.md")
    assert site.plugin_warnings() == [f"obsidian-embeds: {name}: cannot be read (permission denied): not published"]
    assert "SECRET" not in site.all_output()
    _assert_intact(site, "vault/Good" if where == "vault" else "Good")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_a_file_without_read_permission_for_real(tmp_path):
    def make(folder: Path) -> str:
        (folder / "Locked.md").write_text("SECRET")
        (folder / "Locked.md").chmod(0)
        return "Locked.md"

    site, name = _build_with_bad_file(tmp_path, "docs", make)
    assert site.plugin_warnings() == [f"obsidian-embeds: {name}: cannot be read (permission denied): not published"]
    _assert_intact(site, "Good")


def test_an_unreadable_vault_folder_is_left_out_with_one_warning(tmp_path, monkeypatch):
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("Locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    site, _ = _build_with_bad_file(tmp_path, "vault", lambda f: (f / "Locked").mkdir() or (f / "Locked" / "N.md").write_text("SECRET"))
    assert site.plugin_warnings() == ["obsidian-embeds: vault/Locked: folder cannot be read (permission denied): not published"]
    assert "SECRET" not in site.all_output()
    _assert_intact(site, "vault/Good")


def test_a_folder_symlink_that_loops_back_in_docs_is_left_out_with_one_warning(tmp_path):
    """MkDocs follows symlinked folders: through this one it finds docs/ again, 40 levels deep."""
    site, _ = _build_with_bad_file(tmp_path, "docs", lambda f: os.symlink(f, f / "again") or "again")
    assert site.plugin_warnings() == ["obsidian-embeds: again: symlink loop (a folder that leads back to itself): not published"]
    assert not (site.site_dir / "again").exists()
    _assert_intact(site, "Good")


@pytest.mark.parametrize("where", ["docs", "vault"])
def test_a_folder_named_like_a_note_is_an_ordinary_folder(tmp_path, where):
    def make(folder: Path) -> str:
        (folder / "Folder.md").mkdir()
        (folder / "Folder.md" / "Inside.md").write_text("Inside words ^i\n")
        return "Folder.md"

    site, name = _build_with_bad_file(tmp_path, where, make)
    assert site.plugin_warnings() == []
    assert "Inside words" in site.content(f"{name}/Inside")
    _assert_intact(site, "vault/Good" if where == "vault" else "Good")


@pytest.mark.parametrize("where", ["docs", "vault"])
def test_a_note_that_is_not_utf8_is_not_published_and_named_with_line_and_byte(tmp_path, where):
    site, name = _build_with_bad_file(
        tmp_path, where, lambda f: (f / "Latin.md").write_bytes("# Latin\ncaf\xe9 SECRET-LATIN\n".encode("latin-1")) and "Latin.md"
    )
    assert site.plugin_warnings() == [f"obsidian-embeds: {name}:2: not valid UTF-8 (byte 12): not published"]
    assert "SECRET" not in site.all_output()
    assert not (site.site_dir / name.removesuffix(".md")).exists()
    _assert_intact(site, "vault/Good" if where == "vault" else "Good")


def test_a_reference_to_a_note_that_is_not_utf8_finds_a_private_note(site_builder):
    site = site_builder({"index.md": "![[Latin]]\n\nafter\n", "Latin.md": "caf\xe9 SECRET\n".encode("latin-1")})
    assert site.plugin_warnings() == [
        "obsidian-embeds: Latin.md:1: not valid UTF-8 (byte 4): not published",
        "obsidian-embeds: index.md:1: unresolved embed '![[Latin]]': is private (not published)",
    ]
    assert "SECRET" not in site.all_output()
    assert "<p>after</p>" in site.content("index")


def test_a_byte_order_mark_is_not_text_and_counts_in_the_byte_offset(site_builder):
    site = site_builder({
        "index.md": "![[Bom#^b]]\n",
        "Bom.md": b"\xef\xbb\xbf# Bom\n\nMarked words ^b\n",
        "BadBom.md": b"\xef\xbb\xbf# T\n\xff\n",
    })
    assert site.plugin_warnings() == ["obsidian-embeds: BadBom.md:2: not valid UTF-8 (byte 8): not published"]
    assert "Marked words" in site.content("index") and "\ufeff" not in site.content("Bom")


def test_a_vault_file_whose_place_the_theme_has_is_left_out_with_one_warning(tmp_path):
    (tmp_path / "vault").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("home")
    (tmp_path / "vault" / "base.css").write_text("/* VAULT-CSS */")
    (tmp_path / "vault" / "Note.md").write_text("note")
    site = attempt(tmp_path, {"vault_dir": "vault", "vault_prefix": "css"})
    assert site.plugin_warnings() == ["obsidian-embeds: css/base.css: not published: the site has another file there (the theme's)"]
    assert "VAULT-CSS" not in (site.site_dir / "css" / "base.css").read_text()
    assert (site.site_dir / "css" / "Note" / "index.html").exists()


# -- names links cannot tell apart -------------------------------------------------------

NFC = unicodedata.normalize("NFC", "Café")
NFD = unicodedata.normalize("NFD", "Café")


def _shadow_infos(site: Site) -> list[str]:
    return [line for line in site.infos if "differ only by" in line]


def test_notes_differing_only_by_case_are_named_in_one_info_line(site_builder):
    site = site_builder({
        "index.md": "[[note]] and [[NOTE|shown]]\n\n![[note#^w]]\n",
        "note.md": "lower words ^w\n",
        "Note.md": "upper words ^w\n",
    })
    assert _shadow_infos(site) == [
        "obsidian-embeds: 'Note.md', 'note.md': these names differ only by letter case, Unicode normalisation "
        "or ending, which links do not tell apart; links reach 'Note.md'"
    ]
    home = site.content("index")
    assert 'href="Note/"' in home and 'href="note/"' not in home
    assert "upper words" in home and "lower words" not in home
    assert "lower words" in site.content("note") and "upper words" in site.content("Note")  # both published
    assert site.plugin_warnings() == []


def test_nfc_and_nfd_spellings_are_named_with_their_forms(site_builder):
    site = site_builder({
        "index.md": f"[[{NFD}]]\n\n![[{NFD}#^w]]\n",
        f"{NFD}.md": "decomposed words ^w\n",
        f"{NFC}.md": "composed words ^w\n",
        "sub/Other.md": "other",
    })
    assert _shadow_infos(site) == [
        f"obsidian-embeds: '{NFC}.md' (NFC), '{NFD}.md' (NFD): these names differ only by letter case, Unicode "
        f"normalisation or ending, which links do not tell apart; links reach '{NFC}.md' (NFC)"
    ]
    assert "composed words" in site.content("index") and "decomposed words" not in site.content("index")


def test_folders_differing_by_case_clash_but_same_names_in_different_folders_do_not(site_builder):
    site = site_builder({
        "index.md": "[[a/Note]]\n",
        "a/Note.md": "a",
        "A/Note.md": "A",
        "b/Other.md": "b",
        "c/Other.md": "c",
    })
    assert [line.split(":")[1] for line in _shadow_infos(site)] == [" 'A/Note.md', 'a/Note.md'"]
    assert 'href="A/Note/"' in site.content("index")


def test_which_file_links_reach_does_not_depend_on_the_listing_order():
    files = [VaultFile(p, p, "") for p in ("pic.png", "Pic.png", "PIC.png", f"{NFD}.png", f"{NFC}.png")]
    for order in (files, files[::-1], files[2:] + files[:2]):
        index = VaultIndex(list(order))
        assert index.get("pic.png").path == "PIC.png"
        assert index.get(f"{NFD}.png").path == f"{NFC}.png"
        assert len(index.notices) == 2
        assert index.notices == VaultIndex(files).notices


def test_a_draft_that_cannot_be_read_does_not_block_a_serve_build(tmp_path):
    """``mkdocs serve`` renders drafts: opening a fifo there would block the build for good."""
    (tmp_path / "docs" / "drafts").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text(HOME)
    (tmp_path / "docs" / "Good.md").write_text(GOOD)
    (tmp_path / "docs" / "drafts" / "Soon.md").write_text("Draft words")
    os.mkfifo(tmp_path / "docs" / "drafts" / "pipe.md")
    settings = {"site_name": "T", "theme": "mkdocs", "plugins": ["obsidian-embeds"], "draft_docs": "drafts/\n"}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings))
    site = Site(tmp_path)
    with captured_log(site):
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/")
    assert site.plugin_warnings() == ["obsidian-embeds: drafts/pipe.md: not a regular file (a fifo): not published"]
    _assert_intact(site, "Good")


NESTED_FOOTNOTES = (
    "# Home\n\nOne[^1], two[^2], three[^3], four[^4].\n\n"
    "[^1]: First.\n\n    [^2]: Nested in the first.\n\n        [^4]: Nested in the second.\n\n"
    "[^3]: Third.\n\nThe end.\n"
)


@pytest.mark.parametrize("where", ["own", "quoted"])
def test_a_footnote_defined_inside_another_footnote_is_a_footnote_of_its_own(tmp_path, where):
    """Python-Markdown's footnotes extension stops the page with "OrderedDict mutated during
    iteration" on a definition nested in another's (the next one new to it); the page is built
    and each nested definition is a footnote of the page."""
    files = {"index.md": NESTED_FOOTNOTES}
    if where == "quoted":
        files = {"index.md": "# Home\n\n![[Notes]]\n\nHome text stays.\n", "Notes.md": NESTED_FOOTNOTES.replace("# Home", "# Notes")}
    site = make_site(tmp_path, files)
    html = site.content("index")
    for text in ("First.", "Nested in the first.", "Nested in the second.", "Third.", "The end."):
        assert text in html
    assert html.count('class="footnote-ref"') == 4 and html.count('class="footnote-backref"') == 4
    assert "[^" not in html and "<pre>" not in html  # the indented definitions are no code
    if where == "quoted":
        assert "Home text stays." in html
    assert site.warnings == []
