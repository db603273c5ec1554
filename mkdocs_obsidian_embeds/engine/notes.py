"""One note parsed once: comments removed, block ids found, headings and footnotes indexed.

The parsed note keeps its lines with block ids already turned into markers, so the page
that holds a block and every page that embeds it start from the same prepared text.
Line numbers stay those of the note's body (comments and ``^id`` lines are blanked, never
removed) so that warnings can name the line an author sees in their editor.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from itertools import accumulate
from typing import overload

from .callouts import convert_callouts
from .html_blocks import raw_html_lines
from .inline import EMBED_LINE, plain_text
from .lists import normalize_lists
from .markers import block_mark
from .structure import LIST_TYPES, Node, Structure, parse_structure

_OWN_LINE_ID = re.compile(r"^((?:[ \t]*>)*)[ \t]*\^([A-Za-z0-9_-]+)[ \t]*$")
_END_ID = re.compile(r"(?<=[ \t])\^([A-Za-z0-9_-]+)[ \t]*$")
_GLUED_EMBED_ID = re.compile(r"\]\]\^([A-Za-z0-9_-]+)[ \t]*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:")
_NESTED_FOOTNOTE_DEF = re.compile(r"^(?: {4}|\t)[ \t]*\[\^([^\]\s]+)\]:")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    """A block an ``^id`` names: its kind (a marker kind) and its lines ``[start, end)``."""

    id: str
    kind: str
    start: int
    end: int
    quotes: int = 0
    """How many blockquotes the block sits in: prefixes to drop when it is embedded alone."""


class Lines(Sequence[str]):
    """A note's lines held as one text and where each line starts in it.

    A parsed note lives for the whole build: one string per note instead of one per line
    saves a string header and a list slot on every line. Each line asked for is cut off
    anew. ASCII text is kept as it is, any other as UTF-8 (so that one emoji does not make
    every character of the note four bytes wide).
    """

    __slots__ = ("_data", "_starts")

    def __init__(self, text: str) -> None:
        data: str | bytes = text if text.isascii() else text.encode("utf-8", "surrogatepass")
        separator = "\n" if isinstance(data, str) else b"\n"
        self._data = data
        self._starts = array("I", accumulate((len(piece) + 1 for piece in data.split(separator)), initial=0))
        """Where each line starts, and one past the end of the text."""

    def _cut(self, start: int, stop: int) -> str:
        piece = self._data[self._starts[start] : self._starts[stop] - 1]
        return piece if isinstance(piece, str) else piece.decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[number] for number in range(start, stop, step)]
            return self._cut(start, stop).split("\n") if start < stop else []
        number = index + len(self) if index < 0 else index
        if not 0 <= number < len(self):
            raise IndexError("line number out of range")
        return self._cut(number, number + 1)

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.split("\n"))

    @property
    def text(self) -> str:
        """The lines joined by line breaks."""
        return self._cut(0, len(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            return self._data == other._data
        return list(self) == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({self.text!r})"


class LineSet(Set[int]):
    """Line numbers as one flag byte per line, for ``number in parsed.code_lines``: a few bytes
    per note for the whole build, where a set of ints costs tens of bytes per line it holds."""

    __slots__ = ("_flags",)

    def __init__(self, numbers: Iterable[int] = ()) -> None:
        numbers = list(numbers)
        flags = bytearray(max(numbers, default=-1) + 1)
        for number in numbers:
            flags[number] = 1
        self._flags = bytes(flags)

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and 0 <= number < len(self._flags) and self._flags[number] == 1

    def __iter__(self) -> Iterator[int]:
        return (number for number, flag in enumerate(self._flags) if flag)

    def __len__(self) -> int:
        return len(self._flags) - self._flags.count(0)

    @classmethod
    def _from_iterable(cls, numbers: Iterable[int]) -> frozenset[int]:
        """What set operations (``|``, ``&``, ``-``) give: a plain frozenset."""
        return frozenset(numbers)

    def __repr__(self) -> str:
        return f"LineSet({sorted(self)})"


@dataclass
class ParsedNote:
    lines: Sequence[str]
    code_lines: Set[int]
    headings: list[Heading]
    blocks: dict[str, Block]
    footnotes: dict[str, tuple[int, int]]
    soft_breaks: Set[int] = frozenset()
    """Lines that end inside a paragraph: Obsidian shows a line break there by default."""
    table_lines: Set[int] = frozenset()
    """Lines of tables: an embed there must stay inside its cell."""
    html_lines: Set[int] = frozenset()
    """The lines of ``code_lines`` that are raw HTML, not code."""
    lookups: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """Indexes over the note built on first use (fragments.py: headings by name; transclusion.py: the
    lines of footnotes), so that each link or embed looks its target up instead of scanning it."""


def parse_note(body: str) -> ParsedNote:
    """Parse a note's body (frontmatter already removed)."""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    lines = body.split("\n")
    if "%%" not in body:
        structure = parse_structure(body)
    elif no_code_holds_comments(body, lines):
        lines = strip_comments(lines, frozenset())
        structure = parse_structure("\n".join(lines))
    else:  # the code first, for the %% that stay; then the text without its comments
        structure = parse_structure(body)
        stripped = strip_comments(lines, structure.fence_lines)
        if stripped != lines:
            lines = stripped
            structure = parse_structure("\n".join(lines))
    code = structure.code_lines
    if "<" in body:
        code |= raw_html_lines(lines, structure.fence_lines)
    html = code - structure.fence_lines if "<" in body else _NO_LINES
    blocks: dict[str, Block] = {}
    if "^" in body:
        lines, blocks = _mark_blocks(lines, structure, code)
    tokens = structure.tokens
    renested = normalize_lists("\n".join(lines), tokens)
    if renested.count("\n") + 1 == len(lines) and renested != "\n".join(lines):
        lines, tokens = renested.split("\n"), None  # indentation moved: callouts must parse again
    if "[!" in body:
        lines = convert_callouts("\n".join(lines), tokens).split("\n")
    return ParsedNote(
        lines=Lines("\n".join(lines)),
        code_lines=LineSet(code),
        headings=_headings(structure),
        blocks=blocks,
        footnotes=_footnotes(structure, lines),
        soft_breaks=_soft_breaks(structure, lines),
        table_lines=_table_lines(structure) if "|" in body else _NO_LINES,
        html_lines=LineSet(html) if html else _NO_LINES,
    )


_NO_LINES = LineSet()


def _soft_breaks(structure: Structure, lines: list[str]) -> LineSet:
    breaks = set()
    for node in structure.walk():
        if node.type == "paragraph":
            breaks.update(n for n in range(node.start, node.end - 1) if lines[n + 1].strip(" \t>"))
    return LineSet(breaks)


def _table_lines(structure: Structure) -> LineSet:
    return LineSet(n for node in structure.walk() if node.type == "table" for n in range(node.start, node.end))


#: A line that may be indented code: four columns in, after any quote markers.
_MAY_BE_INDENTED_CODE = re.compile(r"^(?:[ ]{0,3}>[ ]?)*(?: {4}|[ ]{0,3}\t)")


def no_code_holds_comments(body: str, lines: list[str]) -> bool:
    """Whether no line holding ``%%`` can be code: the note has no fence and no such line is
    indented four columns (in any container). Its comments are then stripped before its one
    parse, where a note with comments was otherwise parsed twice (code first, for the ``%%``
    that stay, then the text without its comments)."""
    if "```" in body or "~~~" in body:
        return False
    return not any(_MAY_BE_INDENTED_CODE.match(line) for line in lines if "%%" in line)


def strip_comments(lines: list[str], code_lines: frozenset[int]) -> list[str]:
    """Remove ``%% ... %%`` (inline or over several lines) outside code; keep the line count."""
    out, inside = [], False
    for number, line in enumerate(lines):
        if number in code_lines and not inside:
            out.append(line)
            continue
        text, inside = _strip_line_comments(line, inside)
        out.append(text)
    return out


def _strip_line_comments(line: str, inside: bool) -> tuple[str, bool]:
    """The line without its comments, and whether a comment is still open at its end.

    Read left to right as Obsidian reads it: outside a comment a code span (a run of n
    backticks up to the next run of n) keeps its ``%%``; inside a comment nothing but the
    closing ``%%`` counts, backticks included. Linear in the line's length.
    """
    closing = _closing_backticks(line)
    kept, pos = [], 0
    while pos < len(line):
        if inside:
            end = line.find("%%", pos)
            if end < 0:
                pos = len(line)
                break
            inside, pos = False, end + 2
            continue
        m = _COMMENT_OR_CODE.search(line, pos)
        if m is None:
            kept.append(line[pos:])
            break
        if m.group() == "%%":
            kept.append(line[pos : m.start()])
            inside, pos = True, m.end()
            continue
        end = closing.get(m.start(), m.end())
        kept.append(line[pos:end])
        pos = end
    text = "".join(kept)
    return (text.rstrip() if text != line else line), inside


_COMMENT_OR_CODE = re.compile(r"%%|`+")


def _closing_backticks(line: str) -> dict[int, int]:
    """For each run of backticks that opens a code span, where its closing run ends."""
    if "`" not in line:
        return {}
    runs = [(m.start(), m.end()) for m in re.finditer("`+", line)]
    closing: dict[int, int] = {}
    next_of_length: dict[int, int] = {}
    for start, end in reversed(runs):
        length = end - start
        if length in next_of_length:
            closing[start] = next_of_length[length]
        next_of_length[length] = end
    return closing


def _headings(structure: Structure) -> list[Heading]:
    return [
        Heading(node.level, plain_text(node.content), node.start)
        for node in structure.walk()
        if node.type == "heading"
    ]


def _footnotes(structure: Structure, lines: list[str]) -> dict[str, tuple[int, int]]:
    """Each footnote definition's lines: its paragraph and the indented blocks after it, which
    Python-Markdown reads as the definition's own (markdown-it, which knows no footnotes, sees
    code). A definition inside those blocks is a footnote of its own: it has the same lines."""
    notes: dict[str, tuple[int, int]] = {}
    roots = structure.roots
    for at, node in enumerate(roots):
        m = _FOOTNOTE_DEF.match(lines[node.start]) if node.type == "paragraph" else None
        if m is None:
            continue
        end, following = node.end, at + 1
        while following < len(roots) and roots[following].type == "code_block":
            after = roots[following]
            if any(lines[n].strip() for n in range(end, after.start)):
                break
            end, following = after.end, following + 1
        notes[m.group(1)] = (node.start, end)
        for number in range(node.end, end):
            nested = _NESTED_FOOTNOTE_DEF.match(lines[number])
            if nested:
                notes.setdefault(nested.group(1), (node.start, end))
    return notes


def _outermost_quote(node: Node) -> Node | None:
    """The outermost blockquote around ``node`` that is still inside the same list item."""
    found = None
    for ancestor in node.ancestors():
        if ancestor.type == "list_item":
            break
        if ancestor.type == "blockquote":
            found = ancestor
    return found


def _outermost_list(node: Node) -> Node:
    lists = [a for a in node.ancestors() if a.type in LIST_TYPES]
    return lists[-1]


#: Blocks whose lines are never rewritten (an ``^id`` after one names it from the line below).
_RAW_TYPES = frozenset({"html_block", "fence", "code_block"})


@dataclass(frozen=True)
class _Target:
    """What an ``^id`` names: the kind, the node, and where the marker goes."""

    kind: str
    node: Node
    mark_line: int


def _target_of_own_line(line: int, node: Node | None, lines: list[str]) -> _Target | None:
    if node is None:
        return None
    if node.type == "table":
        return _Target("t", node, node.start)
    if node.type != "paragraph":
        return None
    if node.start == line and node.end == line + 1:
        previous = node.previous_sibling()
        if previous is not None and previous.type in _RAW_TYPES:
            return _Target("h", previous, line)  # the marker stays on the id's own line
        return _target_of_block(previous, lines) if previous else None
    if line != node.end - 1:
        return None
    quote = _outermost_quote(node)
    if quote is not None:
        return _Target("q", quote, quote.start)
    if node.parent is not None and node.parent.type == "list_item":
        item = node.parent
        if _indent(lines[line]) <= _indent(lines[item.start]):
            outer = _outermost_list(node)
            return _Target("l", outer, outer.start)
        return _Target("i", item, item.start)
    if EMBED_LINE.match(lines[line - 1]):
        return _Target("e", node, line - 1)
    return _Target("p", node, line - 1)


def _target_of_block(node: Node, lines: list[str]) -> _Target | None:
    kinds = {"table": "t", "blockquote": "q", "bullet_list": "l", "ordered_list": "l"}
    if node.type in kinds:
        return _Target(kinds[node.type], node, node.start)
    if node.type == "paragraph":
        if EMBED_LINE.match(lines[node.end - 1]):
            return _Target("e", node, node.end - 1)
        return _Target("p", node, node.end - 1)
    return None


def _target_of_line_end(line: int, node: Node | None, lines: list[str]) -> _Target | None:
    if node is None or node.type != "paragraph":
        return None
    if EMBED_LINE.match(lines[line]) and node.start == line:
        return _Target("e", node, line)
    if node.parent is not None and node.parent.type == "list_item":
        item = node.parent
        if line in (item.start, node.end - 1):
            return _Target("i", item, line)
        return None
    if line != node.end - 1:
        return None
    quote = _outermost_quote(node)
    if quote is not None and not any(lines[k].strip(" \t>") for k in range(line + 1, quote.end)):
        return _Target("q", quote, line)
    return _Target("p", node, line)


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _mark_blocks(
    lines: list[str], structure: Structure, code: frozenset[int]
) -> tuple[list[str], dict[str, Block]]:
    lines = list(lines)
    blocks: dict[str, Block] = {}
    marks: dict[int, list[str]] = {}
    for number, line in enumerate(lines):
        if number in code or "^" not in line:
            continue
        own = _OWN_LINE_ID.match(line)
        node = structure.innermost[number]
        if own:
            block_id, target = own.group(2), _target_of_own_line(number, node, lines)
        else:
            m = _GLUED_EMBED_ID.search(line) or _END_ID.search(line)
            if not m:
                continue
            block_id, target = m.group(1), _target_of_line_end(number, node, lines)
        if target is None:
            if own and (node is None or node.start == number == node.end - 1):
                lines[number] = own.group(1).rstrip()
            continue
        key = block_id.lower()
        duplicate = key in blocks
        end = number if own and target.node.end > number else target.node.end
        quotes = sum(1 for a in target.node.ancestors() if a.type == "blockquote")
        if not duplicate:
            blocks[key] = Block(block_id, target.kind, target.node.start, max(end, target.node.start + 1), quotes)
        if own:
            lines[number] = own.group(1).rstrip()
        elif m.re is _END_ID:
            lines[number] = line[: m.start()].rstrip()
        if duplicate:
            continue
        if target.kind == "e":
            marks.setdefault(target.mark_line, []).append(f"^{block_id}")
        else:
            marks.setdefault(target.mark_line, []).append(block_mark(target.kind, block_id))
    for number, extra in marks.items():
        lines[number] = _place_marks(lines[number], extra)
    return lines, blocks


def _place_marks(line: str, marks: list[str]) -> str:
    """Put markers at the end of a line (inside the last cell of a table row)."""
    glued = [m for m in marks if m.startswith("^")]
    if glued and not _GLUED_EMBED_ID.search(line):
        line = re.sub(r"\]\][ \t]*$", "]]" + glued[0], line.rstrip())
    text = "".join(m for m in marks if not m.startswith("^"))
    if not text:
        return line
    stripped = line.rstrip()
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        return stripped[:-1].rstrip() + " " + text + " |"
    return stripped + " " + text
