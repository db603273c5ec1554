"""The community vault obsidian-hub (6,591 notes) publishes with only the warnings its content explains,
and no raw Obsidian syntax reaches a reader beyond what the vault itself writes as text.

The build takes tens of seconds, so these tests are marked ``slow`` and left out of the
default run: ``.venv/bin/python -m pytest -m slow tests/test_hub.py``. Each plugin bug found here has an
``xfail(strict=True)`` test of what Obsidian shows: when the bug is fixed it passes, strict turns that
into a failure, and the mark (and the bug's entry in ``PLUGIN_BUGS``) is removed.
"""

from __future__ import annotations

import html

from collections import Counter

import pytest
from conftest import SHARED, build_config, raw_obsidian_syntax

HUB = SHARED / "corpus" / "obsidian-hub"

pytestmark = [
    pytest.mark.skipif(not HUB.is_dir(), reason="../shared/corpus/obsidian-hub is absent"),
    pytest.mark.slow,
    pytest.mark.xdist_group("hub"),
]

PEOPLE = "01 - Community/People/"
TALKS = "01 - Community/Events/Obsidian Community Talks.md"
TALK_NOTES = "04 - Guides, Workflows, & Courses/Community Talks/"
BY_CATEGORY = "02 - Community Expansions/02.01 Plugins by Category/"
EXPANSIONS = "02 - Community Expansions/02.05 All Community Expansions/"
THEMES = EXPANSIONS + "Themes/"
DAILY_LOG = "03 - Showcases & Templates/Templates/Daily notes/T - Thecookiemomma's Daily Log.md"
IMAGE_ADJUSTMENTS = EXPANSIONS + "CSS Snippets/Image Adjustments.md"


def _link(path: str, line: int, raw: str) -> str:
    return f"obsidian-embeds: {path}:{line}: unresolved link '{raw}': no such note or file"


def _embed(path: str, line: int, raw: str) -> str:
    return f"obsidian-embeds: {path}:{line}: unresolved embed '{raw}': no such note or file"


def _heading(path: str, line: int, raw: str, heading: str, note: str) -> str:
    return f"obsidian-embeds: {path}:{line}: link '{raw}' links to the note only: no heading '{heading}' in '{note}'"


#: Every warning the build gives, by kind, with why it is real: no note, file or alias of the vault has
#: the name, in any case or Unicode form, and no heading of the note has the text (checked against the
#: vault's files). Nothing else is allowed.
EXPLAINED: dict[str, list[str]] = {
    # The configuration, not the vault: the one-page nav names index.md and the vault has none.
    "nav": ["A reference to 'index.md' is included in the 'nav' configuration, which is not found in the documentation files."],
    # Author pages the hub links to but nobody wrote (People/ has no such note, no alias names them).
    "missing person": [
        _link(TALKS, 50, "[[lithou]]"),
        _link(TALKS, 51, "[[Phnx]]"),
        _link(TALKS, 52, "[[Cat]]"),
        _link(TALKS, 53, "[[bri]]"),
        _link(TALKS, 55, "[[Phnx]]"),
        _link(TALKS, 56, "[[jamesb]]"),
        _link(TALKS, 62, "[[learningrabbithole]]"),
        _link(TALKS, 77, "[[Phnx]]"),
        _link(PEOPLE + "MichaBrugger.md", 23, "[[Jason Qin]]"),
        _link(PEOPLE + "MichaBrugger.md", 24, "[[Zachary Wright]]"),
        _link(PEOPLE + "PKM-er.md", 23, "[[Windily-cloud]]"),
        _link(PEOPLE + "timhor.md", 24, "[[Andrew Brown]]"),
        _link("01 - Community/Video Channels/Obsidian Office Hours.md", 12, "[[Anthony Gold]]"),
        _link(EXPANSIONS + "Plugins/Unlisted/quick-monsters-5e.md", 25, "[[g-bauer]]"),
        _link("03 - Showcases & Templates/Vaults/Life Disciplines Projects.md", 10, "[[uwi]]"),
        _link("03 - Showcases & Templates/Vaults/Obsidian JG Method.md", 10, "[[joshwingreene]]"),
        _link("03 - Showcases & Templates/Vaults/Obsidian Starter Templates.md", 10, "[[masonlr]]"),
        _link(TALK_NOTES + "Deep Learning on Networks.md", 11, "[[phnx]]"),
        _link(
            TALK_NOTES + "Knowledge Organization, Cataloguing and Classification in Obsidian.md", 12, "[[bri|Bri Watson]]"
        ),
        _link(TALK_NOTES + "Obsidian 101.md", 11, "[[learningrabbithole]]"),
        _link(TALK_NOTES + "Spaced repetition - An Introduction.md", 11, "[[jamesb]]"),
        _link(TALK_NOTES + "What your vault knows.md", 11, "[[phnx]]"),
        _link(TALK_NOTES + "What your vault knows.md", 11, "[[paulbricman]]"),
        _link("04 - Guides, Workflows, & Courses/Guides/Effective Remote Work.md", 16, "[[Justin DiRose]]"),
        _link(
            "04 - Guides, Workflows, & Courses/Guides/"
            "YT - Dataview Plugin - How to Use this Powerful Obsidian Plugin (With Examples).md",
            10,
            "[[Filipe Donadio]]",
        ),
    ],
    # Topic, talk and plugin notes never written; 'Obsidian Publish.' has a stray dot inside the brackets
    # (the note is 'Obsidian Publish'; Obsidian does not drop the dot either); the plugins are listed
    # under other names ('dataview', no floating-toc note).
    "missing note": [
        _link("Editing notes using the github.dev editor.md", 13, "[[Obsidian Hub]]"),
        _link(TALKS, 49, "[[Note-taking for University Students]]"),
        _link(TALKS, 66, "[[Obsidian October Showcase]]"),
        _link(BY_CATEGORY + "Mathjax and LaTeX Plugins.md", 12, "[[Mathjax]]"),
        _link("04 - Guides, Workflows, & Courses/for Beginners.md", 15, "[[Obsidian Garden]]"),
        _link("05 - Concepts/Obsidian Core Plugins.md", 121, "[[Obsidian Publish.]]"),
        _link(THEMES + "Shimmering Focus.md", 170, "[[obsidian-floating-toc-plugin|obsidian-floating-toc-plugin]]"),
        _link(THEMES + "Typewriter.md", 82, "[[obsidian-dataview|obsidian-dataview]]"),
    ],
    # Plugin descriptions that show what a wikilink looks like: example text, written as a live link.
    "example in prose": [
        _link("01 - Community/Contributing to the Community/Plugins seeking help.md", 40, "[[internal links]]"),
        _link(BY_CATEGORY + "Uncategorized plugins.md", 1399, "[[Some document]]"),
        _link(BY_CATEGORY + "Uncategorized plugins.md", 1447, "[[wiki-links]]"),
        _link(EXPANSIONS + "Plugins/nextcloud-link-fixer.md", 28, "[[Some document]]"),
        _link(EXPANSIONS + "Plugins/notemd.md", 28, "[[wiki-links]]"),
    ],
    # Blue Topaz's docs show its image syntax with placeholder names ('*.jpg', 'xxx.jpg', '...*.jpg').
    "example image": [
        _embed(THEMES + "Blue Topaz.md", 371, "![[*.jpg|L]]"),
        _embed(THEMES + "Blue Topaz.md", 371, "![[*.png|Right|200]]"),
        _embed(THEMES + "Blue Topaz.md", 372, "![[*.jpg#left|Figure 1]]"),
        _embed(THEMES + "Blue Topaz.md", 372, "![[*.png#right|Figure 2|200]]"),
        _embed(THEMES + "Blue Topaz.md", 372, "![[*.jpg#centre|Figure 3]]"),
        _embed(THEMES + "Blue Topaz.md", 372, "![[*.jpg#inl|Figure 4|100]]"),
        _embed(THEMES + "Blue Topaz.md", 373, "![[*.jpg|+grid]]"),
        _embed(THEMES + "Blue Topaz.md", 482, "![[xxx.jpg|inlineR]]"),
        f"Doc file '{THEMES}Blue Topaz.md' contains a link '...*.jpg', but the target "
        f"'{THEMES}...*.jpg' is not found among documentation files.",
    ],
    # Template text: a placeholder of the theme template, Templater expressions that only a template run
    # fills in, and the template author's own notes (which the vault does not hold).
    "template": [
        _link(THEMES + "Bubble Space.md", 191, "[[<plugin-id>|<plugin-id>]]"),
        _link(THEMES + "Bubble Space.md", 192, "[[<plugin-id>|<plugin-id>]]"),
        _link(DAILY_LOG, 17, '[[<% tp.date.yesterday("YYYY-MM-DD -- dddd") %>]]'),
        _link(DAILY_LOG, 17, '[[<% tp.date.tomorrow("YYYY-MM-DD -- dddd") %>]]'),
        _link(DAILY_LOG, 41, "[[Physical Fitness]]"),
        *(
            _link(DAILY_LOG, 45, f"[[{name}]]")
            for name in ("Life Lessons", "Revelations", "Dreams", "Feeling", "Gratitude", "Wellness", "Deep Thoughts")
        ),
        *(_link(DAILY_LOG, 58, f"[[{name}]]") for name in ("Fanfiction", "Food", "Music")),
    ],
    # Headings the note does not have: 'Obsidian Core Plugins' has no 'None' (the theme template's
    # "no core plugin" placeholder written as a link), no 'Bookmarks' and no 'Properties view';
    # 'for TTRPG' has 'Community Plugins and Scripts'; 'Content People' has 'Divide up the author jinja
    # template in to component parts.' (other words).
    "missing heading": [
        *(
            _heading(THEMES + note, line, "[[Obsidian Core Plugins#None|None]]", "None", "Obsidian Core Plugins")
            for note, line in (
                ("Bubble Space.md", 188),
                ("Material Ocean.md", 50),
                ("Material Ocean.md", 54),
                ("Prism.md", 274),
                ("Shimmering Focus.md", 164),
                ("Typewriter.md", 58),
            )
        ),
        _heading(
            THEMES + "Kakano.md",
            84,
            "[[Obsidian Core Plugins#Bookmarks|Bookmarks]]",
            "Bookmarks",
            "Obsidian Core Plugins",
        ),
        _heading(
            THEMES + "Kakano.md",
            95,
            "[[Obsidian Core Plugins#Properties view|Properties view]]",
            "Properties view",
            "Obsidian Core Plugins",
        ),
        _heading(
            "03 - Showcases & Templates/Templates/TTRPG notes/DnD Character Sheet.md",
            13,
            "[[for TTRPG#Community Plugins|TTRPG Community Plugins]]",
            "Community Plugins",
            "for TTRPG",
        ),
        _heading(
            "00 - Contribute to the Obsidian Hub/03 Contributor Notes/03.02 Design Decisions/Content People.md",
            131,
            "[[#Divide up the jinja templates in to component parts]]",
            "Divide up the jinja templates in to component parts",
            "Content People",
        ),
    ],
    # The roundup was renamed '2021-07-17 Obsidian Mobile, Community Events & Graph Tips' (it holds ^9d3b2a).
    "renamed note": [_embed("03 - Showcases & Templates/Plugin Showcases/Graph view.md", 14, "![[2021.07.17#^9d3b2a]]")],
}

#: Warnings the plugin gives where Obsidian resolves the reference: bugs, each with its xfail test below.
PLUGIN_BUGS: dict[str, list[str]] = {}

ROUNDUP = "01 - Community/Obsidian Roundup/2021-09-04 View transclusions in edit mode & an end to early bird pricing"
DATAVIEW = "04 - Guides, Workflows, & Courses/Guides/An Introduction to Dataview"

#: Raw syntax a reader sees that the vault writes as text, as Obsidian shows it too.
VAULT_RAW = {
    # Escaped brackets: '!\[\[transclusions\]\]' (heading and title), '\[\[Overdue]]', '\[\[Links\]\]'.
    (f"{ROUNDUP}/index.html", "![[transclusions]]"),
    (f"{BY_CATEGORY}Task management plugins/index.html", "[[Overdue]]"),
    (f"{DATAVIEW}/index.html", "[[Links]]"),
    (f"{DATAVIEW} Slides/index.html", "[[Links]]"),
    # '<https://...>^paypal', '[...](...)^newsletter': no space before the caret, so no block id
    # (Obsidian's help: "Note the blank space before the caret"); Obsidian shows the text.
    (f"{PEOPLE}damiankorcz/index.html", "^paypal"),
    (f"{PEOPLE}eleanorkonik/index.html", "^newsletter"),
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub")
    (root / "mkdocs.yml").write_text(
        f"site_name: Hub\ndocs_dir: {HUB}\ntheme: mkdocs\nplugins: [obsidian-embeds]\n"
        "validation: {links: {anchors: warn}}\nnav: [index.md]\n",
        encoding="utf-8",
    )
    return build_config(root, root / "mkdocs.yml")


def _all(groups: dict[str, list[str]]) -> Counter[str]:
    return Counter(warning for warnings in groups.values() for warning in warnings)


def test_every_warning_is_explained_by_the_vault(hub):
    expected = _all(EXPLAINED)
    unexplained = Counter(hub.warnings) - expected - _all(PLUGIN_BUGS)
    assert not unexplained, sorted(unexplained)
    assert not expected - Counter(hub.warnings), sorted(expected - Counter(hub.warnings))
    assert sum(expected.values()) == 74


def test_no_raw_syntax_beyond_the_vaults_own(hub):
    found = raw_obsidian_syntax(hub.site_dir)
    # The linked mentions of the notes those pages mention show the same text: the Roundup page's
    # title, Task management's line about Overdue, damiankorcz's PayPal line, as those pages show them.
    in_mentions = {(page, text) for page, text in found - VAULT_RAW if text in {text for _, text in VAULT_RAW}}
    assert found - in_mentions == VAULT_RAW
    assert len(in_mentions) >= 3
    for page, text in in_mentions:
        section = (hub.site_dir / page).read_text(encoding="utf-8").split('<section class="obsidian-mentions"')[1]
        assert text in html.unescape(section.split("</section>")[0]), page


def test_broken_references_stay_readable(hub):
    """A missing person links nowhere but keeps its name; a missing heading still links to the note."""
    talks = hub.content("01 - Community/Events/Obsidian Community Talks")
    assert '<span class="obsidian-unresolved" title="Unresolved: Phnx">Phnx</span>' in talks
    prism = hub.note_content(THEMES + "Prism")
    assert '<a href="../../../../05%20-%20Concepts/Obsidian%20Core%20Plugins/">None</a>' in prism


def test_a_block_id_after_an_html_block_names_that_block(hub):
    """'<iframe ...>' then '^image-adjustment-community-talk' on a line of its own: Obsidian gives the
    id to the iframe, and the vault embeds it elsewhere."""
    assert not any("^image-adjustment-community-talk" in warning for warning in hub.warnings)
    page = hub.content(IMAGE_ADJUSTMENTS.removesuffix(".md"))
    assert "https://www.youtube.com/embed/VRoBNWvw8sU" in page
    source = hub.content("04 - Guides, Workflows, & Courses/Community Talks/Image Adjustment Snippets - ITS Theme")
    assert '<div id="^image-adjustment-community-talk"><iframe' in source
