"""Convert Obsidian callouts into Python-Markdown admonitions.

Obsidian writes callouts as blockquotes whose first line is ``[!type]``,
optionally followed by ``+``/``-`` (foldable, open/closed) and a title::

    > [!tip]- Custom title
    > Body **markdown**

Python-Markdown knows nothing about this and would render a plain blockquote
that shows ``[!tip]-``.  Material for MkDocs, however, styles the
``admonition`` and ``pymdownx.details`` syntaxes natively, so every callout
is rewritten into that syntax before Python-Markdown sees the page::

    ??? tip "Custom title"
        Body **markdown**

Why markdown-it-py instead of regular expressions: a ``> [!note]`` line
inside a fenced or indented code block is not a callout, blockquotes nest in
list items and in each other, and lazy continuation lines (lines without
``>`` that CommonMark still counts as part of the quote) belong to the
callout.  The CommonMark block tokens (``blockquote_open`` and
``list_item_open`` with their ``.map`` line ranges) tell exactly which
lines belong to which container; this module then re-walks the container
prefixes of those lines (``>`` markers, list indentation) to rewrite them.

The rewrite is strictly line-for-line: the output has exactly as many lines
as the input, because line numbers are used for warnings elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["CALLOUT_TYPES", "convert_callouts"]

CALLOUT_TYPES: dict[str, str] = {
    "note": "note",
    "abstract": "abstract",
    "summary": "abstract",
    "tldr": "abstract",
    "info": "info",
    "todo": "info",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "question",
    "help": "question",
    "faq": "question",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "failure",
    "fail": "failure",
    "missing": "failure",
    "danger": "danger",
    "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote",
    "cite": "quote",
}
"""Obsidian callout type (lowercase) -> Material admonition type."""

_PARSER = MarkdownIt("commonmark").enable("table")

# The title is the rest of the line, stripped in Python: as "[ \t]*(.*?)[ \t]*" the pattern
# would try every end of the title against the spaces after it (quadratic in the spaces).
_HEADER_RE = re.compile(r"\[!([A-Za-z0-9_-]+)\]([+-]?)(.*)")
_QUOTE_RE = re.compile(r"( {0,3})>[ \t]?")
_ITEM_RE = re.compile(r" {0,3}(?:[-+*]|[0-9]{1,9}[.)])")
_FOLD_MARKERS = {"": "!!!", "-": "???", "+": "???+"}
_BODY_INDENT = "    "
_TAB_SIZE = 4


@dataclass
class _Container:
    """A blockquote or list item that encloses (or is) a callout."""

    kind: str
    start: int
    end: int
    is_callout: bool = False
    relevant: bool = False
    item_width: int | None = None
    body_prefix: str = ""


@dataclass
class _Line:
    """One source line split into container prefixes and remaining text."""

    text: str
    pos: int = 0
    col: int = 0
    pieces: list[str] = field(default_factory=list)
    body_pieces: list[str] = field(default_factory=list)
    lazy_at: int | None = None
    is_header: bool = False

    @property
    def rest(self) -> str:
        return self.text[self.pos :]


def convert_callouts(text: str, tokens: list[Token] | None = None) -> str:
    """Rewrite every Obsidian callout in ``text`` as an admonition.

    Non-callout blockquotes, code blocks and all other lines are returned
    unchanged, and the result has exactly as many lines as ``text``.
    ``tokens`` may be markdown-it's block tokens of the same lines, parsed
    already by the caller (inline parsing is not needed), to save a parse.
    """
    if "[!" not in text:
        return text
    lines = text.split("\n")
    endings = ["\r" if line.endswith("\r") else "" for line in lines]
    bodies = [line[: len(line) - len(end)] for line, end in zip(lines, endings)]
    if tokens is None:
        tokens = _PARSER.parse("\n".join(body.replace("\r", " ") for body in bodies))
    containers = _relevant_containers(tokens)
    if not containers:
        return text
    for number, chain in _chains(containers, len(bodies)):
        rewritten = _rewrite_line(bodies[number], number, chain)
        if rewritten is not None:
            lines[number] = rewritten + endings[number]
    return "\n".join(lines)


def _relevant_containers(tokens: list[Token]) -> list[_Container]:
    """Return callout candidates and their ancestor containers, in document order."""
    stack: list[_Container] = []
    seen: list[_Container] = []
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open") and token.map:
            kind = "quote" if token.type == "blockquote_open" else "item"
            container = _Container(kind, token.map[0], token.map[1])
            if kind == "quote" and _opens_with_header(tokens, index):
                container.is_callout = True
                for enclosing in (*stack, container):
                    enclosing.relevant = True
            stack.append(container)
            seen.append(container)
        elif token.type in ("blockquote_close", "list_item_close") and stack:
            stack.pop()
    return [container for container in seen if container.relevant]


def _opens_with_header(tokens: list[Token], index: int) -> bool:
    """Tell whether the blockquote at ``index`` starts with a ``[!type]`` line."""
    if index + 2 >= len(tokens):
        return False
    block, inline = tokens[index + 1], tokens[index + 2]
    if block.type not in ("paragraph_open", "heading_open"):
        return False
    if block.type == "heading_open" and block.markup not in ("=", "-"):
        return False
    if not block.map or block.map[0] != tokens[index].map[0]:
        return False
    first_line = inline.content.split("\n", 1)[0]
    return _header(first_line) is not None


def _header(text: str) -> tuple[str, str, str] | None:
    """Type, fold marker and title of a callout's first line (all of ``text``), or None."""
    match = _HEADER_RE.fullmatch(text)
    return (match.group(1), match.group(2), match.group(3).strip(" \t")) if match else None


def _chains(
    containers: list[_Container], line_count: int
) -> list[tuple[int, list[_Container]]]:
    """Map each covered line number to its containers, outermost first."""
    chains: dict[int, list[_Container]] = {}
    for container in containers:
        for number in range(container.start, min(container.end, line_count)):
            chains.setdefault(number, []).append(container)
    return sorted(chains.items())


def _rewrite_line(text: str, number: int, chain: list[_Container]) -> str | None:
    """Return the converted line, or None when no callout encloses it."""
    line = _Line(text)
    for depth, container in enumerate(chain):
        if not _consume(line, number, container):
            line.lazy_at = depth
            break
        if line.is_header:
            break
    callouts = [depth for depth, container in enumerate(chain) if container.is_callout]
    if not callouts:
        return None
    deepest = callouts[-1]
    if line.is_header:
        return "".join(line.pieces)
    if line.lazy_at is not None and line.lazy_at <= deepest:
        return chain[deepest].body_prefix + line.rest.lstrip(" \t")
    if not line.rest.strip(" \t"):
        return "".join(line.pieces).rstrip(" \t")
    return "".join(line.pieces) + line.rest


def _consume(line: _Line, number: int, container: _Container) -> bool:
    """Consume ``container``'s prefix from ``line``; False for a lazy line."""
    if container.kind == "quote":
        return _consume_quote(line, number, container)
    if number == container.start:
        return _consume_item_start(line, container)
    return _consume_item_continuation(line, container)


def _consume_quote(line: _Line, number: int, container: _Container) -> bool:
    """Consume a ``>`` marker; on a callout's first line emit its header."""
    match = _QUOTE_RE.match(line.text, line.pos)
    if match is None:
        return False
    indent = match.group(1)
    _advance(line, match.end())
    if not container.is_callout:
        piece = indent + "> "
        line.pieces.append(piece)
        line.body_pieces.append(piece)
        return True
    if number != container.start:
        line.pieces.append(indent + _BODY_INDENT)
        line.body_pieces.append(indent + _BODY_INDENT)
        return True
    header = _header(line.rest.lstrip(" \t"))
    if header is None:
        container.is_callout = False
        line.pieces.append(line.text[match.start() : match.end()])
        line.body_pieces.append(line.pieces[-1])
        return True
    container.body_prefix = "".join(line.body_pieces) + indent + _BODY_INDENT
    line.pieces.append(indent + _admonition_header(*header))
    line.pos = len(line.text)
    line.is_header = True
    return True


def _consume_item_start(line: _Line, container: _Container) -> bool:
    """Consume a list marker and record the item's content indentation."""
    match = _ITEM_RE.match(line.text, line.pos)
    if match is None:
        return False
    start, start_col = line.pos, line.col
    _advance(line, match.end())
    marker_col = line.col
    spaces_end = match.end()
    while spaces_end < len(line.text) and line.text[spaces_end] in " \t":
        spaces_end += 1
    if spaces_end == match.end() and spaces_end < len(line.text):
        return False
    gap = _column_after(line.text, match.end(), spaces_end, marker_col) - marker_col
    if spaces_end == len(line.text) or gap > _TAB_SIZE:
        _advance(line, min(match.end() + 1, len(line.text)))
        container.item_width = marker_col + 1 - start_col
    else:
        _advance(line, spaces_end)
        container.item_width = line.col - start_col
    consumed = line.text[start : line.pos]
    line.pieces.append(consumed)
    line.body_pieces.append(re.sub(r"[^\t]", " ", consumed))
    return True


def _consume_item_continuation(line: _Line, container: _Container) -> bool:
    """Consume a list item's content indentation on one of its later lines."""
    if container.item_width is None:
        return False
    start = line.pos
    if not line.rest.strip(" \t"):
        _advance(line, len(line.text))
    else:
        target = line.col + container.item_width
        end = line.pos
        col = line.col
        while col < target and end < len(line.text) and line.text[end] in " \t":
            col = _column_after(line.text, end, end + 1, col)
            end += 1
        if col < target:
            return False
        _advance(line, end)
    line.pieces.append(line.text[start : line.pos])
    line.body_pieces.append(line.pieces[-1])
    return True


def _advance(line: _Line, end: int) -> None:
    """Move the cursor of ``line`` to ``end``, tracking the visual column."""
    line.col = _column_after(line.text, line.pos, end, line.col)
    line.pos = end


def _column_after(text: str, start: int, end: int, col: int) -> int:
    """Return the column reached after ``text[start:end]`` when starting at ``col``."""
    for char in text[start:end]:
        col = col + _TAB_SIZE - col % _TAB_SIZE if char == "\t" else col + 1
    return col


def _admonition_header(kind: str, fold: str, title: str) -> str:
    """Build the ``!!!``/``???``/``???+`` line for a callout header."""
    name = kind.lower()
    admonition = CALLOUT_TYPES.get(name, name)
    if not title and admonition != name:
        title = name.capitalize()
    header = f"{_FOLD_MARKERS[fold]} {admonition}"
    if title:
        header += ' "' + title.replace('"', "&quot;") + '"'
    return header


_ADMONITION_START = re.compile(r"(?:!!!|\?\?\?\+?) ")
_FENCE_START = re.compile(r"(`{3,}|~{3,})")


def space_nested_callouts(lines: list[str]) -> list[str]:
    """Blank lines around the admonitions that callouts became inside list items.

    Obsidian lets a callout follow a list item's text directly (``- item`` then ``\\t> [!tip]``);
    Python-Markdown reads an admonition there only after a blank line, and the item's next
    sibling only after another. Run on the page's final Markdown lines (so line numbers of
    warnings, taken earlier, are not affected); fenced code is left alone.
    """
    out: list[str] = []
    fence = ""
    callout_indent: int | None = None
    for line in lines:
        body = line.lstrip(" \t")
        if fence:
            fence = "" if body.startswith(fence) and not body[len(fence) :].strip(fence[0] + " \t") else fence
            out.append(line)
            continue
        opening = _FENCE_START.match(body)
        if opening:
            fence = opening.group(1)
            callout_indent = None
            out.append(line)
            continue
        indent = len(line[: len(line) - len(body)].expandtabs(4))
        if callout_indent is not None and body and indent <= callout_indent:
            if out and out[-1].strip():
                out.append("")
            callout_indent = None
        if indent > 0 and _ADMONITION_START.match(body):
            if out and out[-1].strip():
                out.append("")
            if indent < 4:  # not nested in a list item: Python-Markdown wants it at the margin
                line, indent = body, 0
            callout_indent = indent
        out.append(line)
    return out
