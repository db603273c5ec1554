"""Re-indent Obsidian lists so that Python-Markdown nests them the way Obsidian does.

Obsidian follows CommonMark: a line belongs to a list item when it is indented to the
item's *content column* (2 columns under ``- ``, 3 under ``1. ``, ...). Python-Markdown,
which MkDocs renders with, counts in steps of 4 columns instead: a nested list, a second
paragraph, a quote or a code block inside an item must sit 4 columns (or one tab) past the
item's marker, or it falls out of the item. ``- a\\n  - b`` is a nested list in Obsidian
and two flat items on the site.

:func:`normalize_lists` finds the list items with markdown-it's block parser (so it sees
what Obsidian sees) and rewrites only the leading whitespace of their lines. Inside an
item, a block that starts 0-3 columns past the CommonMark content column is moved to at
least the marker column + 4, which puts a nested marker exactly 4 columns past its
parent's; blocks 4 or more columns past it (indented code) keep that offset. The mapping
never moves a line left and keeps the order of offsets, so every line stays in the item
it was in and nothing that was code becomes text or the other way round. Items holding an
indented code block get their marker's space widened to 4 columns, so that the code's
offset means the same to both parsers.

Lines keep their number (a 1:1 mapping other code relies on), text that already nests
correctly comes back identical, and text without an indented line is returned without
parsing. Columns are counted with tabs expanded to 4, the tab stops of both parsers; a line
that moves has its tabs expanded, a line that stays is kept byte for byte. After a ``>``,
columns count from the quote's content, so lists inside quotes and quotes inside lists are
handled alike.
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
_SINGLE_LEAVES = frozenset({"fence", "code_block", "html_block", "hr"})

# Cheap pre-check: nothing can move unless some line is a list item and some line has at
# least two columns of indentation (after any ``>`` prefixes and the space after them).
_LIST_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t\r]|$)", re.MULTILINE)
_INDENTED_LINE = re.compile(r"^(?:[ \t]{0,3}>)*(?: ?\t| {2})[ \t]*[^ \t\r\n]", re.MULTILINE)

_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_FENCE_RUN = re.compile(r"(?:`{3,}|~{3,})(?=[ \r]*$)")
# Paragraph text that cannot start or interrupt a block at any indentation.
_PLAIN = re.compile(r"[^-*+>#<=_~`|0-9][^|]*$")

Rule = Callable[["_Block", int], int]


@dataclass(eq=False)
class _Block:
    """A markdown-it block holding lines ``[start, end)``: a container or a leaf.

    List item columns are relative to the content of the enclosing quote (or to the line
    start) and are set when the marker line is rewritten: ``old_content`` is the CommonMark
    content column of the input, ``new_content`` that of the output, ``floor`` the least
    offset past ``new_content`` of a child block (so that it starts at the marker column
    + 4). Leaves remember how far their first line moved (``shift``) and their markup (a
    fence's backticks).
    """

    kind: str
    start: int
    end: int
    parent: _Block | None = None
    markup: str = ""
    has_code: bool = False
    resolved: bool = False
    old_content: int = 0
    new_content: int = 0
    floor: int = 0
    shift: int = 0

    @property
    def is_item(self) -> bool:
        return self.kind == "list_item"

    def child(self, column: int) -> int:
        """Where a child block found at ``column`` goes: 0-3 past the content column is
        raised to ``floor``, 4 or more (indented code) keeps its offset."""
        offset = column - self.old_content
        if 0 <= offset < TAB:
            offset = max(offset, self.floor)
        return self.new_content + offset

    def low(self) -> int:
        return self.new_content + self.floor


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


def normalize_lists(text: str, tokens: list[Token] | None = None) -> str:
    """Re-indent list items in ``text`` for Python-Markdown; the line count never changes.

    ``tokens`` may be markdown-it's block tokens of the same lines, parsed already by the caller.
    """
    if not _LIST_LINE.search(text) or not _INDENTED_LINE.search(text):
        return text
    lines = text.split("\n")
    layout = _layout(text, len(lines), tokens)
    for number, line in enumerate(lines):
        chain = layout.chain(number)
        if line.strip(" \t\r") and any(block.is_item for block in chain):
            new = _rewrite(number, line, chain, layout.leaf[number])
            lines[number] = line if new is None else new
    return "\n".join(lines)


def _layout(text: str, line_count: int, tokens: list[Token] | None = None) -> _Layout:
    """Containers and leaves per line; carriage returns are blanked so lines match ``split("\\n")``."""
    layout = _Layout([None] * line_count, [None] * line_count)
    open_blocks: list[_Block | None] = []
    leaf_depth = 0
    for token in tokens if tokens is not None else _PARSER.parse(text.replace("\r", " ")):
        if token.nesting == -1:
            leaf_depth -= _is_open_leaf(open_blocks.pop())
            continue
        block = _block(token, open_blocks, layout) if leaf_depth == 0 else None
        if token.nesting == 1:
            open_blocks.append(block)
            leaf_depth += _is_open_leaf(block)
    return layout


def _is_open_leaf(block: _Block | None) -> int:
    """1 for a paragraph, heading or table, whose inner tokens are not blocks of ours."""
    return int(block is not None and block.kind in _OPEN_LEAVES)


def _block(token: Token, open_blocks: list[_Block | None], layout: _Layout) -> _Block | None:
    """The container or leaf that ``token`` opens, registered on its lines; else ``None``."""
    kind = token.type.removesuffix("_open")
    is_leaf = kind in _OPEN_LEAVES or (token.nesting == 0 and kind in _SINGLE_LEAVES)
    if token.map is None or not (is_leaf or kind in _CONTAINERS):
        return None
    parent = next((b for b in reversed(open_blocks) if b is not None), None)
    block = _Block(kind, token.map[0], min(token.map[1], len(layout.leaf)), parent, token.markup)
    per_line = layout.leaf if is_leaf else layout.container
    per_line[block.start : block.end] = [block] * (block.end - block.start)
    if kind == "code_block" and parent is not None and parent.is_item:
        parent.has_code = True
    return block


class _Cursor:
    """Walks one line (tabs expanded) left to right while building its rewritten form.

    ``old_base``/``new_base`` are where the innermost quote's content starts in the input
    and in the output; columns handed in and out are relative to them. ``owner`` is the
    item whose continuation the cursor is in, ``after`` the item whose marker it just
    passed on this line.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.parts: list[str] = []
        self.width = 0
        self.old_base = 0
        self.new_base = 0
        self.bare = False
        self.owner: _Block | None = None
        self.after: _Block | None = None

    def skip(self) -> int:
        """Index of the next non-space character at or after the cursor."""
        index = self.pos
        while index < len(self.text) and self.text[index] == " ":
            index += 1
        return index

    def rel(self, index: int) -> int:
        return index - self.old_base

    def column(self, index: int, rule: Rule) -> int | None:
        """Where the thing at ``index`` goes: as far past a marker on the same line as it
        was, where it was at the top of a quote (or of the document), or inside ``owner``
        as ``rule`` says; ``None`` if ``owner``'s marker line could not be read."""
        if self.after is not None:
            return self.width - self.new_base + index - self.pos
        if self.owner is None:
            return self.rel(index)
        return rule(self.owner, self.rel(index)) if self.owner.resolved else None

    def place(self, index: int, column: int) -> int:
        """Indent the output to ``column``, skip the input to ``index``; the column reached."""
        if self.bare and column > 0:
            self.emit(" ")
            self.new_base += 1
        self.bare = False
        target = self.new_base + max(column, 0)
        if target > self.width:
            self.emit(" " * (target - self.width))
        self.pos = index
        return self.width - self.new_base

    def take(self, end: int) -> None:
        """Copy the input up to ``end`` unchanged."""
        self.emit(self.text[self.pos : end])
        self.pos = end

    def emit(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.width += len(chunk)

    def enter_quote(self, bare: bool) -> None:
        """Count from the quote's content on. A ``>`` without its space gets one when
        indentation follows: CommonMark would take the first space as the ``>``'s own."""
        self.bare = bare
        self.old_base = self.pos
        self.new_base = self.width
        self.owner = self.after = None

    def result(self) -> str:
        return "".join(self.parts) + self.text[self.pos :]


def _rewrite(number: int, line: str, chain: list[_Block], leaf: _Block | None) -> str | None:
    """The re-indented ``line``, or ``None`` to keep it as it is."""
    text = line.expandtabs(TAB)
    cursor = _Cursor(text)
    for block in chain:
        if block.is_item and block.start != number:
            cursor.owner, cursor.after = block, None
            continue
        index = cursor.skip()
        if block.kind == "blockquote":
            if not text.startswith(">", index):
                break
            if not _quote(cursor, index):
                return None
        elif not _item(cursor, index, block):
            return None
    if not _content(number, cursor, leaf):
        return None
    new = cursor.result()
    return None if new == text else new


def _quote(cursor: _Cursor, index: int) -> bool:
    """Place a ``>`` and enter its quote; ``False`` when it cannot be placed."""
    column = cursor.column(index, _Block.child)
    if column is None:
        return False
    cursor.place(index, column)
    spaced = cursor.text.startswith("> ", index)
    cursor.take(index + 2 if spaced else index + 1)
    cursor.enter_quote(bare=not spaced)
    return True


def _item(cursor: _Cursor, index: int, item: _Block) -> bool:
    """Place a list marker and record the item's columns; ``False`` when it cannot."""
    marker = _MARKER.match(cursor.text, index)
    column = cursor.column(index, _Block.child)
    if marker is None or column is None:
        return False
    if cursor.after is not None:
        cursor.after.floor = 0
    column = cursor.place(index, column)
    rest = cursor.text[marker.end() :]
    spaces = len(rest) - len(rest.lstrip(" "))
    width = len(marker.group())
    inline = bool(rest.strip(" \r")) and spaces <= TAB
    gap = spaces if inline else 1
    new_gap = max(gap, TAB - width) if item.has_code and inline else gap
    item.old_content = cursor.rel(marker.end()) + gap
    item.new_content = column + width + new_gap
    item.floor = max(0, column + TAB - item.new_content)
    item.resolved = True
    cursor.take(marker.end())
    cursor.emit(" " * (new_gap - gap))
    cursor.owner, cursor.after = None, item
    return True


def _content(number: int, cursor: _Cursor, leaf: _Block | None) -> bool:
    """Indent what follows the containers' prefixes; ``False`` when it cannot be placed."""
    index = cursor.skip()
    if not cursor.text[index:].strip(" \r"):
        return True
    column = cursor.column(index, _content_rule(number, leaf, cursor.text[index:]))
    if column is None:
        return False
    reached = cursor.place(index, column)
    if leaf is not None and leaf.start == number:
        leaf.shift = reached - cursor.rel(index)
    return True


def _content_rule(number: int, leaf: _Block | None, content: str) -> Rule:
    """How a line's content is placed inside its item, by the leaf block it belongs to."""
    if leaf is None or leaf.start == number or leaf.kind == "table":
        return _Block.child
    if leaf.kind == "heading" and number == leaf.end - 1:
        return _Block.child
    if leaf.kind in _SINGLE_LEAVES:
        closing = leaf.kind == "fence" and _closes(leaf, number, content)
        return lambda owner, column: _rigid(owner, column, leaf.shift, closing)
    return _continuation_rule if _PLAIN.match(content) else _literal_rule


def _closes(fence: _Block, number: int, content: str) -> bool:
    """Whether ``content`` on line ``number`` is ``fence``'s closing line."""
    run = _FENCE_RUN.match(content)
    return number == fence.end - 1 and run is not None and run.group().startswith(fence.markup)


def _rigid(owner: _Block, column: int, shift: int, closing: bool) -> int:
    """A later line of code or HTML moves with the block's first line; a closing fence
    (0-3 past the content column) is placed like a block of its own."""
    if closing and column - owner.old_content < TAB:
        return owner.child(column)
    return column + shift


def _continuation_rule(owner: _Block, column: int) -> int:
    """A later line of a paragraph, in plain text: where a child block would go, unless it
    is lazy (left of the content column) and still is in the output."""
    if column >= owner.old_content:
        return owner.child(column)
    if column < owner.new_content:
        return column
    return owner.low()


def _literal_rule(owner: _Block, column: int) -> int:
    """A later line of a paragraph that could start a block elsewhere (``- x``, ``> x``).

    Inside the item it goes where a child block would. A lazy one goes 4 past the content
    column: it cannot start a block there either, so it stays in the paragraph.
    """
    if column >= owner.old_content:
        return owner.child(column)
    return owner.new_content + TAB
