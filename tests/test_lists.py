"""normalize_lists: Obsidian (CommonMark) list nesting re-indented for Python-Markdown."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mkdocs_obsidian_embeds.engine import lists
from mkdocs_obsidian_embeds.engine.lists import normalize_lists

COMMONMARK = MarkdownIt("commonmark").enable("table")


def render(text: str) -> str:
    """Python-Markdown's HTML with the newlines between tags removed."""
    return markdown.markdown(text, extensions=["tables", "fenced_code"]).replace("\n", "")


def nesting(html: str) -> list[str]:
    """The list, item, quote and code tags of ``html``, in order, without attributes."""
    return re.findall(r"</?(?:ul|ol|li|blockquote|pre)(?=[ >])", html)


# --- re-nesting ---------------------------------------------------------------------------


def test_two_space_bullets_nest_four_deeper() -> None:
    assert normalize_lists("- a\n  - b\n  - c\n- d") == "- a\n    - b\n    - c\n- d"


def test_three_space_ordered_lists_nest_four_deeper() -> None:
    text = "1. a\n   1. b\n   2. c\n2. d"
    assert normalize_lists(text) == "1. a\n    1. b\n    2. c\n2. d"


def test_wide_ordered_marker_children_go_four_past_the_marker() -> None:
    assert normalize_lists("10. a\n    - b") == "10. a\n    - b"
    assert normalize_lists("9. a\n   - b") == "9. a\n    - b"


def test_three_levels_deep() -> None:
    text = "- a\n  - b\n    - c\n      - d\n- e"
    assert normalize_lists(text) == "- a\n    - b\n        - c\n            - d\n- e"


def test_mixed_tabs_and_spaces() -> None:
    # "\t  - c" is 6 columns: under b's content column (6), so c is b's child.
    text = "- a\n\t- b\n\t  - c\n  - d"
    assert normalize_lists(text) == "- a\n\t- b\n        - c\n    - d"


def test_bullet_under_ordered_and_back() -> None:
    text = "1. one\n   - bullet\n     1. deep\n2. two"
    assert normalize_lists(text) == "1. one\n    - bullet\n        1. deep\n2. two"


def test_nested_marker_past_the_content_column_still_goes_four_deeper() -> None:
    assert normalize_lists("- a\n   - b") == "- a\n    - b"


def test_task_list_items() -> None:
    assert normalize_lists("- [ ] todo\n  - [x] done") == "- [ ] todo\n    - [x] done"


# --- blocks inside items ------------------------------------------------------------------


def test_continuation_paragraphs_move_into_the_item() -> None:
    text = "- a\n\n  second\n\n  - b\n\n    third\n\n- c"
    expected = "- a\n\n    second\n\n    - b\n\n        third\n\n- c"
    assert normalize_lists(text) == expected


def test_paragraph_continuation_lines_follow_and_lazy_lines_stay() -> None:
    text = "- a\n  more of a\nlazy a\n  - b\n    more of b\n  lazy b"
    expected = "- a\n    more of a\nlazy a\n    - b\n        more of b\n  lazy b"
    assert normalize_lists(text) == expected


def test_fenced_code_keeps_its_indentation_relative_to_the_fence() -> None:
    text = "1. a\n   ```py\n   x = 1\n     y\n   ```\n2. b"
    assert normalize_lists(text) == "1. a\n    ```py\n    x = 1\n      y\n    ```\n2. b"


def test_indented_code_keeps_its_four_extra_spaces() -> None:
    # The marker's space widens to 4 columns so that the code is 4 past the content for
    # CommonMark as well as for Python-Markdown.
    text = "- a\n\n      code\n        deeper\n\n- b"
    expected = "-   a\n\n        code\n          deeper\n\n- b"
    assert normalize_lists(text) == expected
    assert "<pre><code>code\n  deeper\n</code></pre>" in markdown.markdown(expected)


def test_quote_inside_an_item() -> None:
    text = "- a\n\n  > quoted\n  > more\n\n- b"
    expected = "- a\n\n    > quoted\n    > more\n\n- b"
    assert normalize_lists(text) == expected
    assert "<li><p>a</p><blockquote>" in render(expected)


def test_list_inside_a_quote_inside_an_item() -> None:
    text = "- a\n  > - q\n  >   - r"
    assert normalize_lists(text) == "- a\n    > - q\n    >     - r"


# --- lists inside quotes -----------------------------------------------------------------


def test_lists_inside_quotes_keep_the_prefix() -> None:
    text = "> intro\n>\n> - a\n>   - b\n>     - c\n> lazy"
    expected = "> intro\n>\n> - a\n>     - b\n>         - c\n> lazy"
    assert normalize_lists(text) == expected


def test_lists_inside_nested_quotes_and_callouts() -> None:
    text = "> [!note] Title\n> > 1. a\n> >    1. b"
    assert normalize_lists(text) == "> [!note] Title\n> > 1. a\n> >     1. b"


def test_quote_without_space_after_the_marker() -> None:
    # After a bare ">", the first space of the indentation is the ">"'s own.
    assert normalize_lists(">- a\n>   - b") == ">- a\n>     - b"


# --- what must not change -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "- a\n\t- b\n\t\t- c",
        "- a\n    - b\n        - c\n- d",
        "1. a\n    1. b\n        1. c",
        "1. a\n\t1. b\n2. c",
        "- a\n\n    para\n\n\t- b\n",
        "> - a\n>     - b",
        "- a\n- b\n\n1. c\n2. d",
        "plain text\n  indented text\n",
    ],
)
def test_text_that_already_nests_comes_back_identical(text: str) -> None:
    assert normalize_lists(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "```\n- a\n  - b\n```",
        "text\n\n    - a\n      - b",
        "~~~md\n1. a\n   1. b\n~~~\n- c",
        "<div>\n- a\n  - b\n</div>",
    ],
)
def test_code_and_html_outside_lists_are_untouched(text: str) -> None:
    assert normalize_lists(text) == text


def test_no_parse_without_an_indented_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_text: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(lists._PARSER, "parse", refuse)
    for text in ["- a\n- b\n\ntext", "> - a\n> - b", "# Title\n\nno lists", "  indented, no list", ""]:
        assert normalize_lists(text) == text


def test_line_count_crlf_and_private_use_characters_are_kept() -> None:
    text = "- a\ue000\r\n  - b \ue0ff\r\n\r\n  para\ue010\r\n"
    expected = "- a\ue000\r\n    - b \ue0ff\r\n\r\n    para\ue010\r\n"
    assert normalize_lists(text) == expected
    assert normalize_lists(text).count("\n") == text.count("\n")


def test_trailing_newlines_and_blank_lines_are_kept() -> None:
    text = "\n\n- a\n  - b\n\n\n  \t\n"
    out = normalize_lists(text)
    assert out == "\n\n- a\n    - b\n\n\n  \t\n"


# --- rendering ------------------------------------------------------------------------------


def test_python_markdown_nests_after_normalizing() -> None:
    text = "- a\n  - b\n    - c\n- d"
    assert render(text) == "<ul><li>a</li><li>b<ul><li>c</li></ul></li><li>d</li></ul>"
    after = render(normalize_lists(text))
    assert after == "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"


def test_python_markdown_nests_ordered_lists_and_paragraphs_after_normalizing() -> None:
    text = "1. one\n\n   more\n\n   1. inner\n\n2. two"
    before = render(text)
    after = render(normalize_lists(text))
    assert before == "<ol><li>one</li></ol><p>more</p><ol><li><p>inner</p></li><li><p>two</p></li></ol>"
    assert after == "<ol><li><p>one</p><p>more</p><ol><li>inner</li></ol></li><li><p>two</p></li></ol>"


def test_python_markdown_nests_like_commonmark_in_quotes() -> None:
    text = "> - a\n>   - b\n>     1. c\n> - d"
    expected = nesting(COMMONMARK.render(text))
    assert nesting(render(text)) != expected
    assert nesting(render(normalize_lists(text))) == expected


# --- properties -----------------------------------------------------------------------------

_INDENTS = ["", " ", "  ", "   ", "    ", "\t", " \t", "\t\t", "     ", "      ", "        "]
_QUOTES = ["", "", "", "> ", ">", "> > "]
_BODIES = [
    "- a", "* b", "+ c", "1. d", "2) e", "10. f", "- [ ] t", "- - x", "-", "-     code",
    "-\ttab", "text", "2. text", "#tag", "# h", "---", "===", "> q", "```", "~~~", "<div>",
    "| a | b |", "|---|---|", "\ue000 marker", "",
]
_LINES = st.tuples(st.sampled_from(_QUOTES), st.sampled_from(_INDENTS), st.sampled_from(_BODIES)).map("".join)
_DOCUMENTS = st.lists(_LINES, max_size=12).map("\n".join)


def _blocks(text: str) -> list[tuple[str, str]]:
    """Block structure as CommonMark sees it (tabs expanded, whitespace in text collapsed)."""
    tokens = COMMONMARK.parse("\n".join(line.expandtabs(4) for line in text.split("\n")))
    return [(token.type, re.sub(r"\s+", " ", token.content).strip()) for token in tokens]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_property_line_count_idempotence(text: str) -> None:
    out = normalize_lists(text)
    assert out.count("\n") == text.count("\n")
    assert normalize_lists(out) == out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "\t  "]), max_size=10))
def test_property_commonmark_structure_is_kept(indents: list[str]) -> None:
    text = "\n".join(f"{indent}{'- ' if i % 2 else '1. '}item {i}" for i, indent in enumerate(indents))
    assert _blocks(normalize_lists(text)) == _blocks(text)
