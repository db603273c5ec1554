"""Re-indent Obsidian lists so that Python-Markdown nests them the way Obsidian does.

Obsidian follows CommonMark: a line belongs to a list item when it is indented to the
item's *content column* (2 columns under ``- ``, 3 under ``1. ``, ...). Python-Markdown,
which MkDocs renders with, counts in steps of 4 columns instead: a nested list, a second
paragraph, a quote or a code block inside an item must sit 4 columns (or one tab) past the
item's marker, or it falls out of the item. ``- a\\n  - b`` is a nested list in Obsidian
and two flat items on the site.

:func:`normalize_lists` rewrites only the leading whitespace of lines that belong to list
items, found with markdown-it's block parser so that it sees what Obsidian sees: every
nested marker goes exactly 4 columns past its parent's marker, the item's other blocks just
past that, where both parsers agree they belong to the item. Lines keep their number (a
1:1 mapping other code relies on), text that already nests correctly comes back identical,
and text without an indented line is returned without parsing.

Columns are counted with tabs expanded to 4, the tab stops of both CommonMark and
Python-Markdown; a line that moves has its tabs expanded, a line that stays is kept byte
for byte. After a ``>`` columns count from the quote's content, so lists inside quotes and
quotes inside lists are handled alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["normalize_lists"]

TAB = 4

_PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])

_CONTAINERS = frozenset({"blockquote", "list_item"})
_OPEN_LEAVES = frozenset({"paragraph", "heading", "table"})
# Leaves whose later lines keep their offset from the leaf's first line.
_RIGID_LEAVES = frozenset({"fence", "code_block", "html_block", "table", "hr"})

# Cheap pre-check: nothing can move unless some line is a list item and some line has at
# least two columns of indentation (after any ``>`` prefixes and the space after them).
_LIST_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t\r]|$)", re.MULTILINE)
_INDENTED_LINE = re.compile(r"^(?:[ \t]{0,3}>)*(?: ?\t| {2})[ \t]*[^ \t\r\n]", re.MULTILINE)
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")

Rule = Callable[["_Block", int], int]


@dataclass(eq=False)
class _Block:
    """A markdown-it block holding lines ``[start, end)``: a container or a leaf.

    For list items, columns are relative to the content of the enclosing quote (or to the
    line start): ``old_content`` is CommonMark's content column in the input, ``new_marker``
    and ``new_content`` the marker and CommonMark content columns in the output. They are
    set when the item's marker line is rewritten.
    """

    kind: str
    start: int
    end: int
    parent: _Block | None = None
    has_code: bool = False
    resolved: bool = False
    old_content: int = 0
    new_marker: int = 0
    new_content: int = 0
    pad: int | None = None
    shift: int = 0

    @property
    def is_item(self) -> bool:
        return self.kind == "list_item"

    def bounds(self) -> tuple[int, int]:
        """Columns at which a block is a plain child of this item for both parsers."""
        python_markdown = self.new_marker + TAB
        low = max(python_markdown, self.new_content)
        return low, max(low, min(python_markdown, self.new_content) + 3)


@dataclass
class _Layout:
    """Per line: the innermost container and the leaf block holding it (or ``None``)."""

    container: list[_Block | None]
    leaf: list[_Block | None]

    def chain(self, line: int) -> list[_Block]:
        """Containers holding ``line``, outermost first."""
        out = []
        block = self.container[line]
        while block is not None:
            out.append(block)
            block = block.parent
        return out[::-1]


def normalize_lists(text: str) -> str:
    """Re-indent list items in ``text`` for Python-Markdown; the line count never changes."""
    if not _LIST_LINE.search(text) or not _INDENTED_LINE.search(text):
        return text
    lines = text.split("\n")
    layout = _layout(text, len(lines))
    for number, line in enumerate(lines):
        chain = layout.chain(number)
        if any(block.is_item for block in chain):
            new = _rewrite(number, line, chain, layout.leaf[number])
            if new is not None:
                lines[number] = new
    return "\n".join(lines)


def _layout(text: str, line_count: int) -> _Layout:
    """Containers and leaves per line; carriage returns are blanked so lines match ``split("\\n")``."""
    layout = _Layout([None] * line_count, [None] * line_count)
    open_blocks: list[_Block | None] = []
    leaf_depth = 0
    for token in _PARSER.parse(text.replace("\r", " ")):
        if token.nesting == -1:
            closed = open_blocks.pop()
            leaf_depth -= closed is not None and closed.kind in _OPEN_LEAVES
            continue
        block = _block(token, open_blocks, layout) if leaf_depth == 0 else None
        if token.nesting == 1:
            open_blocks.append(block)
            leaf_depth += block is not None and block.kind in _OPEN_LEAVES
    return layout


def _block(token: Token, open_blocks: list[_Block | None], layout: _Layout) -> _Block | None:
    """The container or leaf that ``token`` opens, registered on its lines; else ``None``."""
    kind = token.type.removesuffix("_open")
    is_leaf = kind in _OPEN_LEAVES or (token.nesting == 0 and kind in _RIGID_LEAVES)
    if token.map is None or not (is_leaf or kind in _CONTAINERS):
        return None
    parent = next((b for b in reversed(open_blocks) if b is not None and b.kind in _CONTAINERS), None)
    block = _Block(kind, token.map[0], min(token.map[1], len(layout.leaf)), parent)
    per_line = layout.leaf if is_leaf else layout.container
    per_line[block.start : block.end] = [block] * (block.end - block.start)
    if kind == "code_block" and parent is not None and parent.is_item:
        parent.has_code = True
    return block


class _Cursor:
    """Walks one line (tabs expanded) left to right while building its rewritten form.

    ``old_base``/``new_base`` are where the innermost quote's content starts in the input
    and in the output; columns handed in and out are relative to them.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.parts: list[str] = []
        self.width = 0
        self.old_base = 0
        self.new_base = 0

    def skip(self) -> int:
        """Index of the next non-space character at or after the cursor."""
        index = self.pos
        while index < len(self.text) and self.text[index] == " ":
            index += 1
        return index

    def rel(self, index: int) -> int:
        return index - self.old_base

    def out_rel(self) -> int:
        return self.width - self.new_base

    def place(self, index: int, column: int) -> int:
        """Indent the output to ``column``, skip the input to ``index``; the column reached."""
        target = self.new_base + max(column, 0)
        if target > self.width:
            self.emit(" " * (target - self.width))
        self.pos = index
        return self.out_rel()

    def take(self, end: int) -> None:
        """Copy the input up to ``end`` unchanged."""
        self.emit(self.text[self.pos : end])
        self.pos = end

    def emit(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.width += len(chunk)

    def enter_quote(self) -> None:
        self.old_base = self.pos
        self.new_base = self.width

    def result(self) -> str:
        return "".join(self.parts) + self.text[self.pos :]


def _rewrite(number: int, line: str, chain: list[_Block], leaf: _Block | None) -> str | None:
    """The re-indented ``line``, or ``None`` to keep it as it is."""
    text = line.expandtabs(TAB)
    if not text.strip(" \r"):
        return None
    cursor = _Cursor(text)
    owner: _Block | None = None
    after: _Block | None = None
    for block in chain:
        if block.is_item and block.start != number:
            owner, after = block, None
            continue
        index = cursor.skip()
        if block.kind == "blockquote":
            if not text.startswith(">", index):
                break
            column = _column(cursor, index, owner, after, _block_rule)
            if column is None:
                return None
            cursor.place(index, column)
            cursor.take(index + 2 if text.startswith("> ", index) else index + 1)
            cursor.enter_quote()
        else:
            marker = _MARKER.match(text, index)
            column = _column(cursor, index, owner, after, _marker_rule)
            if marker is None or column is None:
                return None
            _open_item(block, cursor, marker, cursor.place(index, column))
        owner, after = None, block if block.is_item else None
    if not _place_content(number, cursor, owner, after, leaf):
        return None
    new = cursor.result()
    return None if new == text else new


def _column(cursor: _Cursor, index: int, owner: _Block | None, after: _Block | None, rule: Rule) -> int | None:
    """Where the thing at ``index`` goes: after a marker on the same line, at the top of the
    current quote (or document), or inside ``owner`` as ``rule`` says."""
    if after is not None:
        gap = after.pad if after.pad is not None else index - cursor.pos
        return cursor.out_rel() + gap
    if owner is None:
        return cursor.rel(index)
    return rule(owner, cursor.rel(index)) if owner.resolved else None


def _open_item(item: _Block, cursor: _Cursor, marker: re.Match[str], column: int) -> None:
    """Record the item's columns from its marker line and copy the marker."""
    rest = cursor.text[marker.end() :]
    spaces = len(rest) - len(rest.lstrip(" "))
    empty = not rest.strip(" \r")
    gap = 1 if empty or spaces > TAB else spaces
    if item.has_code and not empty and spaces <= TAB:
        item.pad = max(1, TAB - len(marker.group()))
    item.old_content = cursor.rel(marker.end()) + gap
    item.new_marker = column
    item.new_content = column + len(marker.group()) + (gap if item.pad is None else item.pad)
    item.resolved = True
    cursor.take(marker.end())


def _place_content(number: int, cursor: _Cursor, owner: _Block | None, after: _Block | None, leaf: _Block | None) -> bool:
    """Indent what follows the containers' prefixes; ``False`` when it cannot be placed."""
    index = cursor.skip()
    if not cursor.text[index:].strip(" \r"):
        return True
    column = _column(cursor, index, owner, after, _content_rule(number, leaf))
    if column is None:
        return False
    reached = cursor.place(index, column)
    if leaf is not None and leaf.start == number:
        leaf.shift = reached - cursor.rel(index)
    return True


def _content_rule(number: int, leaf: _Block | None) -> Rule:
    """How a line's content is placed inside its item, by the leaf block it belongs to."""
    if leaf is None:
        return _keep_rule
    if leaf.start == number:
        return _code_rule if leaf.kind == "code_block" else _block_rule
    if leaf.kind in _RIGID_LEAVES:
        return lambda _owner, column: column + leaf.shift
    if leaf.kind == "heading" and number == leaf.end - 1:
        return _marker_rule
    return _paragraph_rule


def _keep_rule(_owner: _Block, column: int) -> int:
    return column


def _marker_rule(owner: _Block, _column: int) -> int:
    """A nested list's marker (or a setext underline) goes exactly 4 past the parent's marker."""
    return owner.bounds()[0]


def _block_rule(owner: _Block, column: int) -> int:
    """A block's first line: kept where both parsers see it inside the item, else moved there."""
    extra = column - owner.old_content
    if extra < 0:
        return _paragraph_rule(owner, column)
    low, high = owner.bounds()
    if low <= column <= high:
        return column
    return min(low + extra, high)


def _code_rule(owner: _Block, column: int) -> int:
    """An indented code block keeps its indentation past the item's content column."""
    return owner.new_content + column - owner.old_content


def _paragraph_rule(owner: _Block, column: int) -> int:
    """A paragraph's later line: moved into the item, unless it is lazy and stays lazy."""
    low, _high = owner.bounds()
    if column >= low or column < min(owner.old_content, owner.new_content):
        return column
    return low
