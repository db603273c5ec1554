"""Block structure of a note, from markdown-it-py: which lines are code, lists, quotes, tables.

Obsidian's reading view follows CommonMark, so markdown-it's block parser tells us what a
line belongs to (a lazy ``^id`` line after a quote is part of that quote, a line inside a
fence is code). Only the block pass runs: inline parsing is not needed here and would
cost more time than the whole rest of the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from markdown_it import MarkdownIt

_OPTIONAL_RULES = ("table", "html_block", "lheading")
_PARSERS: dict[tuple[bool, ...], MarkdownIt] = {}
#: What a line must show for the setext heading or HTML block rule to be needed, in a quote or a
#: list item too (``> Title`` then ``> ===``; ``- <div>``).
_SETEXT_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.MULTILINE)
_HTML_START = re.compile(r"^(?:[ \t>]|[-+*][ \t]|\d{1,9}[.)][ \t])*<", re.MULTILINE)
#: A table's delimiter row (``|---|:-:|``), in a quote or list too: a note without one needs no
#: table rule, however many ``|`` its links' display texts hold.
_TABLE_DELIMITER = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)


def _parser_for(text: str) -> MarkdownIt:
    """A block parser with only the rules this text can need: each rule costs time on every line."""
    table = "|" in text and bool(_TABLE_DELIMITER.search(text))
    needs = (table, bool(_HTML_START.search(text)), bool(_SETEXT_UNDERLINE.search(text)))
    parser = _PARSERS.get(needs)
    if parser is None:
        parser = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join", "reference"])
        off = [rule for rule, needed in zip(_OPTIONAL_RULES, needs, strict=True) if not needed]
        if off:
            parser.disable(off)
        _PARSERS[needs] = parser
    return parser

FENCE_TYPES = frozenset({"fence", "code_block"})
CODE_TYPES = FENCE_TYPES | {"html_block"}
LIST_TYPES = frozenset({"bullet_list", "ordered_list"})


@dataclass(eq=False, slots=True)
class Node:
    """A block of the note: its markdown-it type and its line range ``[start, end)``."""

    type: str
    start: int
    end: int
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    level: int = 0
    content: str = ""
    position: int = 0
    """Where the node is among its parent's children (a search there is linear per node)."""

    def ancestors(self) -> list[Node]:
        """Parents from the nearest outwards, without the document itself."""
        chain = []
        node = self.parent
        while node is not None and node.type != "document":
            chain.append(node)
            node = node.parent
        return chain

    def previous_sibling(self) -> Node | None:
        return self.parent.children[self.position - 1] if self.parent and self.position > 0 else None


@dataclass
class Structure:
    """The block tree of a text: its nodes in document order and, per line, the innermost one."""

    roots: list[Node]
    nodes: list[Node]
    innermost: list[Node | None]
    tokens: list = field(default_factory=list, repr=False)

    @cached_property
    def code_lines(self) -> frozenset[int]:
        """Lines of code and of markdown-it's HTML blocks: nothing there is rewritten."""
        return self._lines_of(CODE_TYPES)

    @cached_property
    def fence_lines(self) -> frozenset[int]:
        """Lines of code only (fenced or indented): the one place ``%%`` is not a comment."""
        return self._lines_of(FENCE_TYPES)

    def _lines_of(self, types: frozenset[str]) -> frozenset[int]:
        return frozenset(i for i, node in enumerate(self.innermost) if node is not None and node.type in types)

    def walk(self) -> list[Node]:
        """Every node, in document order (parents before their children)."""
        return self.nodes


def parse_structure(text: str) -> Structure:
    """Parse ``text`` into its block tree; lines are 0-based like markdown-it's maps."""
    tokens = _parser_for(text).parse(text)
    line_count = text.count("\n") + 1
    document = Node(type="document", start=0, end=line_count)
    stack: list[Node] = [document]
    nodes: list[Node] = []
    skip_until: str | None = None
    for token in tokens:
        if skip_until is not None:
            if token.type == skip_until:
                skip_until = None
            continue
        if token.type == "inline":
            stack[-1].content = token.content
            continue
        if token.nesting == -1:
            stack.pop()
            continue
        if token.map is None:
            continue
        node = Node(
            type=token.type.removesuffix("_open"),
            start=token.map[0],
            end=token.map[1],
            parent=stack[-1],
            level=int(token.tag[1]) if token.type == "heading_open" else 0,
            content=token.content if token.nesting == 0 else "",
            position=len(stack[-1].children),
        )
        stack[-1].children.append(node)
        nodes.append(node)
        if token.type == "table_open":
            skip_until = "table_close"
        elif token.nesting == 1:
            stack.append(node)
    innermost: list[Node | None] = [None] * line_count
    for node in nodes:
        for line in range(node.start, min(node.end, line_count)):
            innermost[line] = node
    return Structure(document.children, nodes, innermost, tokens)
