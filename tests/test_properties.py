"""Property tests: the block scanner and the resolver never crash and keep their promises."""

from __future__ import annotations

import os
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import markdown
from markdown_it import MarkdownIt

from conftest import without_link_extras
from mkdocs_obsidian_embeds.extension.processors import ObsidianExtension
from mkdocs_obsidian_embeds.engine.inline import find_wikilinks
from mkdocs_obsidian_embeds.plugin.plugin import EXTENSIONS
from mkdocs_obsidian_embeds.engine.markers import ANY_MARKER_RE, PART
from mkdocs_obsidian_embeds.engine.notes import no_code_holds_comments, parse_note, strip_comments
from mkdocs_obsidian_embeds.engine.structure import parse_structure
from mkdocs_obsidian_embeds.engine.vault import Note, VaultFile, VaultIndex

FRAGMENTS = [
    "text", "more words", "- item", "\t- child", "  - two-space child", "1. ordered", "> quote", "> > deeper",
    "> [!tip] Title", "| a | b |", "|---|---|", "| 1 | 2 |", "```", "~~~", "    code", "# Heading",
    "## Sub", "^abc123", "para ^blk-1", "![[Note#^x]]", "![[pic.png]]^img", "[[Note|alias]]", "%%",
    "a %% b %% c", "==hi==", "[^1]: [[Note#^x]]", "`code [[x]]`", "", "", "\ufeffbom", "itâ€™s",
]

lines = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40)


@settings(max_examples=150, deadline=None)
@given(lines)
def test_scanner_keeps_line_count_and_never_crashes(body_lines):
    body = "\n".join(body_lines)
    parsed = parse_note(body)
    assert len(parsed.lines) == len(body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for block in parsed.blocks.values():
        assert 0 <= block.start < block.end <= len(parsed.lines)
    for heading in parsed.headings:
        assert 0 <= heading.line < len(parsed.lines)


@settings(max_examples=150, deadline=None)
@given(lines)
def test_code_lines_are_never_changed(body_lines):
    body = "\n".join(body_lines)
    parsed = parse_note(body)
    original = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number in parsed.code_lines:
        if "%%" not in body:
            assert parsed.lines[number] == original[number]


COMMENT_FRAGMENTS = [
    "%%", "a %% b", "%% c %%", "    %% code", "\t%%", "> %%", ">     %% q", "- %%", "  - x %%", "```", "~~~",
    "    code", "text", "", "- item", "1. one", "> quote", "`%%`", "``a %% b``", "%%`", "      %%",
]


@settings(max_examples=int(os.environ.get("RENDER_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.sampled_from(COMMENT_FRAGMENTS) | st.text(alphabet="%` >-\t~a", max_size=8), max_size=14))
def test_comments_stripped_before_the_parse_are_those_stripped_after_it(body_lines):
    """Where no line holding ``%%`` can be code, stripping without knowing the code lines gives
    the text that stripping with them does."""
    body = "\n".join(body_lines)
    if no_code_holds_comments(body, body_lines):
        assert strip_comments(body_lines, frozenset()) == strip_comments(body_lines, parse_structure(body).fence_lines)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["para ^a1", "- item ^b2", "^c3", "> q", "text", ""]), max_size=20))
def test_every_block_id_at_a_block_end_leaves_the_visible_text(body_lines):
    parsed = parse_note("\n\n".join(body_lines))
    for block in parsed.blocks.values():
        visible = "\n".join(ANY_MARKER_RE.sub("", line) for line in parsed.lines)
        assert f"^{block.id}" not in visible.replace(f"]]^{block.id}", "")


TABLE_FRAGMENTS = [
    "| a | b |", "|---|---|", "| :-- | --: |", "a | b", "--- | ---", "-|-", "|-", ":-:", "---", "- a",
    "> | q |", "> |---|", "  |---|", "    |---|", "[[Note|alias]]", "text", "", "\t|-|", "| - |", "1. x", "<div>", "a\n===", "<!--", "- <div>", "> <p>", "1) <b>", "  ===", "> ---", "- ---",
]


#: The block parser with every rule the engine's may leave out of a note that cannot need it.
FULL_PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join", "reference"])


def _all_rules_blocks(text: str) -> list[tuple[str, int, int]]:
    found, in_table = [], False
    for token in FULL_PARSER.parse(text):
        if in_table:
            in_table = token.type != "table_close"
            continue
        if token.map is not None and token.nesting != -1 and token.type != "inline":
            found.append((token.type.removesuffix("_open"), token.map[0], token.map[1]))
            in_table = token.type == "table_open"
    return found


@settings(max_examples=int(os.environ.get("RENDER_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.sampled_from(TABLE_FRAGMENTS) | st.text(alphabet="|-=: \t>a<", max_size=8), max_size=12))
def test_leaving_rules_out_of_the_block_parser_changes_no_block(body_lines):
    """The block parser leaves its table, HTML block and setext heading rules out of a note that
    shows no delimiter row, no line starting with ``<`` or no underline: its blocks are those of
    the parser with every rule."""
    text = "\n".join(body_lines)
    assert [(node.type, node.start, node.end) for node in parse_structure(text).walk()] == _all_rules_blocks(text)


@given(st.text(max_size=60))
def test_wikilink_finder_returns_well_formed_links(line):
    for link in find_wikilinks(line):
        assert line[link.start : link.end] == link.raw
        assert "\n" not in link.raw
        assert link.raw.startswith("![[" if link.embed else "[[")


# A note named ".." is left out: the target "[[..]]" is the parent folder, which the resolver always
# treats as pointing outside the vault (a decision for safety, pinned by the test below).
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\#|[]^"), min_size=1, max_size=12
).filter(lambda name: name.strip() != "..")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "a", "a/b", "c"]), names), min_size=1, max_size=12, unique=True), st.data())
def test_resolver_finds_every_note_by_its_name_in_any_case(entries, data):
    files = []
    for folder, name in entries:
        name = name.strip() or "x"
        path = f"{folder}/{name}.md" if folder else f"{name}.md"
        files.append(Note(path, path, "", text="body"))
    index = VaultIndex(files)
    source = VaultFile("elsewhere/x.md", "elsewhere/x.md", "")
    target = data.draw(st.sampled_from(files))
    assume(target.name.upper().casefold() == target.name.casefold())  # e.g. Turkish dotless i has no round trip
    wanted = data.draw(st.sampled_from([target.name, target.name.upper(), unicodedata.normalize("NFD", target.name), f" {target.name} "]))
    found = index.resolve(wanted, source)
    assert found.file is not None
    assert found.file.name.casefold() == target.name.casefold() or unicodedata.normalize("NFC", found.file.name).casefold() == unicodedata.normalize("NFC", target.name).casefold()
    assert index.resolve(target.path, source).file is target or index.resolve(target.path, source).file.path.casefold() == target.path.casefold()


@given(st.text(max_size=30))
def test_resolver_never_leaves_the_vault(target):
    index = VaultIndex([Note("a.md", "a.md", "", text="")])
    result = index.resolve("../" + target, VaultFile("a.md", "a.md", ""))
    assert result.file is None


RENDER_FRAGMENTS = FRAGMENTS + [
    "![[A]]", "![[B#^x]]", "![[B#Head]]", "![[#Head]]", "![[#^x]]", "[[A#Head#Sub]]", "![[missing]]",
    "![[pic.png|100x]]", "![[../up]]", "[[/abs]]", "^x", "# Head", "## Sub", "text ^x", "^[inline [[A]]]",
    "[^1]: [[B#^x]]", "[link](B.md#Head)", "> ![[A]]", "- ![[B#^x]]", "\t- ![[A]]", "---", "***",
    "![alt [[A]] ^x](pic.png)", '[text [[B]]](B.md "title [[A]]")',
    "<div>", "</div>", "<!--", "-->", "<details>", "~~~", "```", '<div markdown="1">',
    "[^2]: two", "    [^3]: nested", "        [^1]: deeper", "a[^2] b[^3]",
]


@settings(max_examples=int(os.environ.get("RENDER_EXAMPLES", "150")), deadline=None)
@given(st.lists(st.sampled_from(RENDER_FRAGMENTS) | st.text(max_size=15), max_size=25),
       st.lists(st.sampled_from(RENDER_FRAGMENTS), max_size=15))
def test_rendering_any_vault_text_never_crashes(a_lines, b_lines):
    from markdown.extensions.toc import slugify

    from mkdocs_obsidian_embeds.engine.render import Options, Renderer

    a = Note("A.md", "A.md", "", text="\n".join(a_lines))
    b = Note("B.md", "B.md", "", text="\n".join(b_lines))
    index = VaultIndex([a, b, VaultFile("pic.png", "pic.png", "")])
    renderer = Renderer(index, Options(slugify=slugify, max_depth=4, max_chars=20_000), lambda t, h: t.site_path)
    for note in (a, b):
        text, page = renderer.render(note)
        for problem in page.problems:
            assert problem.line >= 1 and problem.message
        html = markdown.markdown(text, extensions=[*EXTENSIONS, "fenced_code", ObsidianExtension(parts=page.parts)])  # MkDocs adds fenced_code
        assert not ANY_MARKER_RE.search(html)
        html = without_link_extras(html)
        assert html.count('class="obsidian-embed__source">') == html.count('class="obsidian-embed__source"><a href=')
        citations = html.count('class="obsidian-citation"><a href=')
        assert html.count('class="obsidian-citation">') == citations <= text.count("]: " + PART)


segments = st.lists(st.sampled_from(["a", "b", "c d", "é"]), max_size=4)


@given(segments, segments)
def test_relative_path_agrees_with_posixpath(target, start):
    import posixpath

    from mkdocs_obsidian_embeds.engine.vault import relative_path

    target_path, start_folder = "/".join(target + ["x.md"]), "/".join(start)
    assert relative_path(target_path, start_folder) == posixpath.relpath(target_path, start_folder or ".")


def test_case_folding_that_decomposes_still_finds_the_note():
    """Found by the property above: "ῢ".upper() is "Ϋ̀", whose case fold is decomposed differently."""
    index = VaultIndex([Note("ῢ.md", "ῢ.md", "", text="body"), Note("other.md", "other.md", "", text="")])
    source = VaultFile("elsewhere/x.md", "elsewhere/x.md", "")
    for wanted in ("ῢ", "ῢ".upper(), unicodedata.normalize("NFD", "ῢ")):
        assert index.resolve(wanted, source).file.path == "ῢ.md", wanted
    assert index.resolve("other", source).file.path == "other.md"


def test_a_target_of_two_dots_is_the_parent_folder_even_beside_a_note_of_that_name():
    index = VaultIndex([Note("...md", "...md", "", text="body")])
    found = index.resolve("..", VaultFile("x.md", "x.md", ""))
    assert found.file is None and found.reason == "points outside the vault"
