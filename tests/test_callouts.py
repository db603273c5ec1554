"""Tests for the Obsidian callout -> admonition converter."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_obsidian_embeds.engine import callouts
from mkdocs_obsidian_embeds.engine.callouts import CALLOUT_TYPES, convert_callouts

GOLDEN = Path(__file__).parent / "golden" / "callouts"
EXTENSIONS = ["admonition", "pymdownx.details", "pymdownx.superfences"]


def lines(*rows: str) -> str:
    return "\n".join(rows)


def render(text: str) -> str:
    return markdown.markdown(convert_callouts(text), extensions=EXTENSIONS)


# --- headers -----------------------------------------------------------------


def test_basic_callout_with_title() -> None:
    source = lines(
        "> [!tip] Custom title",
        "> Body **markdown**, several lines",
        "> - lists etc.",
    )
    assert convert_callouts(source) == lines(
        '!!! tip "Custom title"',
        "    Body **markdown**, several lines",
        "    - lists etc.",
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("> [!tip]- Title", '??? tip "Title"'),
        ("> [!tip]+ Title", '???+ tip "Title"'),
        ("> [!tip] Title", '!!! tip "Title"'),
        ("> [!tip]-", "??? tip"),
        ("> [!tip]+", "???+ tip"),
        ("> [!tip]", "!!! tip"),
        ("> [!tip]   ", "!!! tip"),
        ("> [!tip]  Spaced   title  ", '!!! tip "Spaced   title"'),
        ('> [!tip] Say "hi"', '!!! tip "Say &quot;hi&quot;"'),
        (">[!tip] No space after marker", '!!! tip "No space after marker"'),
        (">  [!tip] Two spaces", '!!! tip "Two spaces"'),
        ("   > [!tip] Indented marker", '   !!! tip "Indented marker"'),
    ],
)
def test_header_forms(header: str, expected: str) -> None:
    assert convert_callouts(header + "\n> body") == expected + "\n    body"


@pytest.mark.parametrize("spelling", ["WARNING", "Warning", "wArNiNg"])
def test_type_matching_is_case_insensitive(spelling: str) -> None:
    assert convert_callouts(f"> [!{spelling}] T") == '!!! warning "T"'


@pytest.mark.parametrize(
    ("alias", "admonition"),
    [
        ("summary", "abstract"),
        ("tldr", "abstract"),
        ("todo", "info"),
        ("hint", "tip"),
        ("important", "tip"),
        ("check", "success"),
        ("done", "success"),
        ("help", "question"),
        ("faq", "question"),
        ("caution", "warning"),
        ("attention", "warning"),
        ("fail", "failure"),
        ("missing", "failure"),
        ("error", "danger"),
        ("cite", "quote"),
    ],
)
def test_aliases_map_to_material_types(alias: str, admonition: str) -> None:
    assert CALLOUT_TYPES[alias] == admonition
    assert convert_callouts(f"> [!{alias}] T") == f'!!! {admonition} "T"'


def test_untitled_alias_keeps_obsidian_title() -> None:
    assert convert_callouts("> [!FAQ]") == '!!! question "Faq"'
    assert convert_callouts("> [!todo]-") == '??? info "Todo"'


@pytest.mark.parametrize(
    "name",
    ["note", "abstract", "info", "tip", "success", "question", "warning",
     "failure", "danger", "bug", "example", "quote"],
)
def test_canonical_types_are_untitled(name: str) -> None:
    assert CALLOUT_TYPES[name] == name
    assert convert_callouts(f"> [!{name.upper()}]") == f"!!! {name}"


def test_unknown_type_is_lowercased() -> None:
    assert convert_callouts("> [!My-Type_2] T") == '!!! my-type_2 "T"'
    assert convert_callouts("> [!Custom]") == "!!! custom"


@pytest.mark.parametrize(
    "source",
    [
        "> [!] title\n> body",
        "> [!note title\n> body",
        "> [!not a type] x",
        "> [! note] x",
        "> text before [!note]\n> body",
        "> \n> [!note] header on the second line",
        "> # [!note] ATX heading",
        "> plain quote\n> with [!note] inside",
    ],
)
def test_non_callouts_stay_unchanged(source: str) -> None:
    assert convert_callouts(source) == source


def test_plain_blockquote_next_to_callout_is_untouched() -> None:
    source = lines("> plain", ">", "> quote", "", "> [!info]", "> body", "", "> plain again")
    assert convert_callouts(source) == lines(
        "> plain", ">", "> quote", "", "!!! info", "    body", "", "> plain again"
    )


def test_setext_heading_header_line() -> None:
    assert convert_callouts("> [!note]\n> ---") == "!!! note\n    ---"


# --- body --------------------------------------------------------------------


def test_empty_quote_lines_become_blank() -> None:
    source = lines("> [!note]", "> one", ">", ">   ", "> two")
    assert convert_callouts(source) == lines("!!! note", "    one", "", "", "    two")


def test_lazy_continuation_lines_join_the_body() -> None:
    source = lines("> [!note] T", "> first", "lazy one", "   lazy two", "", "after")
    assert convert_callouts(source) == lines(
        '!!! note "T"', "    first", "    lazy one", "    lazy two", "", "after"
    )


def test_lazy_line_right_after_header() -> None:
    assert convert_callouts("> [!note] T\nlazy") == '!!! note "T"\n    lazy'


def test_body_keeps_relative_indentation() -> None:
    source = lines("> [!note]", ">     indented code", "> - item", ">   - nested")
    assert convert_callouts(source) == lines(
        "!!! note", "        indented code", "    - item", "      - nested"
    )


def test_fence_inside_callout_moves_with_body() -> None:
    source = lines("> [!example]", "> ```", "> > [!note] literal", "> ```")
    assert convert_callouts(source) == lines(
        "!!! example", "    ```", "    > [!note] literal", "    ```"
    )


def test_private_use_markers_pass_through() -> None:
    source = lines("> [!note] \ue000Title\ue0ff \"q\"", "> \ue001body\ue002", "\ue003lazy")
    assert convert_callouts(source) == lines(
        '!!! note "\ue000Title\ue0ff &quot;q&quot;"', "    \ue001body\ue002", "    \ue003lazy"
    )


def test_crlf_line_endings_are_kept() -> None:
    assert convert_callouts("> [!note] T\r\n> body\r\n") == '!!! note "T"\r\n    body\r\n'


# --- code blocks -------------------------------------------------------------


def test_fenced_code_is_never_converted() -> None:
    source = lines("```markdown", "> [!note] in a fence", "> body", "```")
    assert convert_callouts(source) == source


def test_tilde_fence_is_never_converted() -> None:
    source = lines("~~~", "> [!note]", "~~~", "", "> [!tip]")
    assert convert_callouts(source) == lines("~~~", "> [!note]", "~~~", "", "!!! tip")


def test_indented_code_is_never_converted() -> None:
    source = lines("para", "", "    > [!note] in indented code", "    > body")
    assert convert_callouts(source) == source


def test_fence_inside_list_is_never_converted() -> None:
    source = lines("- item", "", "    ```", "    > [!note]", "    ```")
    assert convert_callouts(source) == source


# --- nesting -----------------------------------------------------------------


def test_callout_in_list_item() -> None:
    source = lines("- item", "", "    > [!note] T", "    > body", "    >", "    > more", "- next")
    assert convert_callouts(source) == lines(
        "- item", "", '    !!! note "T"', "        body", "", "        more", "- next"
    )


def test_lazy_line_in_list_item_callout_keeps_list_indent() -> None:
    source = lines("- item", "", "    > [!note]", "    > body", "lazy")
    assert convert_callouts(source) == lines(
        "- item", "", "    !!! note", "        body", "        lazy"
    )


def test_callout_in_ordered_list_item() -> None:
    source = lines("1. one", "   > [!bug]", "   > x")
    assert convert_callouts(source) == lines("1. one", "   !!! bug", "       x")


def test_callout_on_list_marker_line() -> None:
    source = lines("- > [!tip] T", "  > x", "lazy")
    assert convert_callouts(source) == lines('- !!! tip "T"', "      x", "      lazy")


def test_callout_in_plain_blockquote() -> None:
    source = lines("> Quote", ">", "> > [!warning]- Careful", "> > body", ">>", "> > more", "> lazy")
    assert convert_callouts(source) == lines(
        "> Quote", ">", '> ??? warning "Careful"', ">     body", ">", ">     more", ">     lazy"
    )


def test_unspaced_outer_marker_is_normalised() -> None:
    assert convert_callouts(">> [!tip]\n>>x") == "> !!! tip\n>     x"


def test_callout_inside_callout() -> None:
    source = lines("> [!note] Outer", "> > [!tip] Inner", "> > inner", "> >", "> > more", ">", "> outer")
    assert convert_callouts(source) == lines(
        '!!! note "Outer"',
        '    !!! tip "Inner"',
        "        inner",
        "",
        "        more",
        "",
        "    outer",
    )


def test_three_levels_with_list_in_between() -> None:
    source = lines("> [!note]", "> - item", ">", ">   > [!tip]", ">   > deep", "lazy")
    assert convert_callouts(source) == lines(
        "!!! note", "    - item", "", "      !!! tip", "          deep", "          lazy"
    )


def test_non_callout_quote_inside_callout_stays_a_quote() -> None:
    source = lines("> [!note]", "> > quoted", "> > text", "lazy")
    assert convert_callouts(source) == lines("!!! note", "    > quoted", "    > text", "    lazy")


def test_malformed_inner_callout_stays_a_quote() -> None:
    source = lines("> [!note]", "> > [!tip", "> > x")
    assert convert_callouts(source) == lines("!!! note", "    > [!tip", "    > x")


# --- fast path ---------------------------------------------------------------


class _ExplodingParser:
    def parse(self, text: str) -> list:
        raise AssertionError("parser must not run without '[!'")


def test_no_marker_returns_input_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(callouts, "_PARSER", _ExplodingParser())
    source = "> [note] body\n> more\n```\ncode\n```"
    assert convert_callouts(source) is source


def test_empty_text() -> None:
    assert convert_callouts("") == ""


# --- rendering with Python-Markdown ------------------------------------------


def test_rendered_admonition_with_title() -> None:
    html = render("> [!tip] Custom title\n> Body **markdown**")
    assert '<div class="admonition tip">' in html
    assert '<p class="admonition-title">Custom title</p>' in html
    assert "<strong>markdown</strong>" in html
    assert "<blockquote>" not in html
    assert "[!tip]" not in html


def test_rendered_untitled_admonition_shows_capitalised_type() -> None:
    html = render("> [!info]\n> body")
    assert '<p class="admonition-title">Info</p>' in html


def test_rendered_foldable_callouts() -> None:
    closed = render("> [!warning]- Careful\n> body")
    assert '<details class="warning">' in closed
    assert "<summary>Careful</summary>" in closed
    opened = render("> [!warning]+ Careful\n> body")
    assert '<details class="warning" open="open">' in opened


def test_rendered_quote_in_title() -> None:
    html = render('> [!note] Say "hi"\n> body')
    assert '<p class="admonition-title">Say &quot;hi&quot;</p>' in html


def test_rendered_callout_stays_inside_list_item() -> None:
    html = render(lines("- item", "", "    > [!note] Inside", "    > body", "", "- next"))
    item_start = html.index("<li>")
    div = html.index('<div class="admonition note">')
    item_end = html.index("</li>")
    assert item_start < div < item_end
    assert '<p class="admonition-title">Inside</p>' in html


def test_rendered_nested_callouts() -> None:
    html = render(lines("> [!note] Outer", "> > [!tip] Inner", "> > inner text", "> lazy"))
    outer = html.index('<div class="admonition note">')
    inner = html.index('<div class="admonition tip">')
    assert outer < inner < html.index("inner text") < html.index("lazy")
    assert html.count("</div>") == 2
    assert html.rindex("lazy") < html.index("</div>")


def test_rendered_callout_inside_plain_quote() -> None:
    html = render(lines("> Quote", ">", "> > [!danger] Hot", "> > body"))
    assert html.index("<blockquote>") < html.index('<div class="admonition danger">')
    assert html.index("</div>") < html.index("</blockquote>")


def test_rendered_fence_inside_callout() -> None:
    html = render(lines("> [!example]", "> ```python", "> x = 1", "> ```"))
    assert '<div class="admonition example">' in html
    assert "<code>" in html and "x" in html
    assert html.index("<code>") > html.index('<div class="admonition example">')


# --- golden files ------------------------------------------------------------


def golden_cases() -> list[Path]:
    return sorted(p for p in GOLDEN.glob("*.md") if not p.name.endswith(".expected.md"))


@pytest.mark.parametrize("source", golden_cases(), ids=lambda p: p.stem)
def test_golden(source: Path) -> None:
    expected = source.with_name(source.stem + ".expected.md").read_text(encoding="utf-8")
    text = source.read_text(encoding="utf-8")
    assert convert_callouts(text) == expected
    assert len(expected.split("\n")) == len(text.split("\n"))


# --- properties --------------------------------------------------------------

FRAGMENTS = [
    "> [!note] Title",
    "> [!tip]-",
    "> [!WARNING]+ t \"q\"",
    "> [!]",
    "> [!note",
    ">[!faq]",
    "> > [!bug] inner",
    "> > body",
    "> body",
    ">",
    ">>",
    "",
    "   ",
    "- item",
    "1. item",
    "- > [!info] x",
    "    > [!note]",
    "    > body",
    "  > body",
    "\t> [!note]",
    "> \t code",
    "```",
    "~~~",
    "    code",
    "lazy text",
    "| a | b |",
    "|---|---|",
    "> | a | b |",
    "> ---",
    "\ue000 > [!note] \ue0ff",
    "> [!note] \ue001",
    "text\r",
    "> [!tip]\r",
]

fragment = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(alphabet=" >-*1.![]+\t\r`~|\ue000abn", max_size=16),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(fragment, max_size=30))
def test_line_count_is_preserved(rows: list[str]) -> None:
    source = "\n".join(rows)
    output = convert_callouts(source)
    assert output.count("\n") == source.count("\n")
    assert convert_callouts(output).count("\n") == source.count("\n")


@settings(max_examples=30, deadline=None)
@given(st.lists(fragment, max_size=30))
def test_private_use_characters_survive(rows: list[str]) -> None:
    source = "\n".join(rows)
    output = convert_callouts(source)
    for marker in ("\ue000", "\ue001", "\ue0ff"):
        assert output.count(marker) == source.count(marker)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([f for f in FRAGMENTS if "[!" not in f]), max_size=30))
def test_text_without_callouts_is_unchanged(rows: list[str]) -> None:
    source = "\n".join(rows)
    assert convert_callouts(source) == source
