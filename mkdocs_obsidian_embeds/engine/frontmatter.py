"""A note's frontmatter: split off as Obsidian does, read as YAML, and whether it makes the note private.

A note is private whenever its author said so, however the frontmatter is written (block YAML,
a flow mapping, JSON as Obsidian's help shows it, quoted, indented or explicit ``? publish``
keys) and whether or not the rest of the frontmatter is valid YAML. The decision is the OR of
these readings:

1. every line that may hold a ``publish`` key is read the way YAML reads a line (keys, quotes,
   escapes, flow collections, anchors, comments), without the lines around it;
2. every line that mentions "publish", unless reading 1 found it private, parsed alone as YAML;
3. every explicit key (``? ...`` with its ``: value``) is parsed alone, for keys over several lines;
4. when 1-3 find nothing private: the whole frontmatter, as far as it parses, walked for a
   ``publish`` key in any mapping (a net for spellings the pieces might miss).

Readings 1-3 never look beyond their piece, so a broken line elsewhere can neither hide a
``publish`` key from them nor change what they say: the same line gives the same answer,
message included, whether or not the rest of the YAML parses. A key matches when its text,
trimmed and case-folded, is "publish" (``Publish``, ``" PUBLISH "``). A value decides by its
text as written: only ``true`` (any case, quoted or not) publishes, ``false`` likewise is
private, and any other value (``0``, ``no``, ``yes``, empty, a tag, an anchor or alias, a list,
a block scalar...) is private too, with a notice naming it. Reading 1 errs towards private: a
line inside a multi-line string that looks like a ``publish`` key counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

try:
    _LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader

_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_STRICT_CLOSING = re.compile(r"^---$", re.MULTILINE)
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks for YAML besides ``\\n`` (CR is normalised away first)."""

TRUE, FALSE, UNCLEAR = "true", "false", "unclear"
_KEY = "publish"
_PLAIN_TRUE = re.compile(r"[ \t]*publish[ \t]*:[ \t]+true[ \t]*(?:[ \t]#.*)?", re.IGNORECASE)
"""A line that says ``publish: true`` and nothing else: where every mention of "publish" is one
of these and no escape can spell it, no reading can find anything else (most published notes)."""


# -- splitting and loading --------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """A note's text cut into its frontmatter and its body.

    The body is not a string of its own: it is the end of ``text`` from ``body_start``, cut off
    when asked for, so that a note read for the whole build holds its text once.
    """

    yaml: str
    """The YAML between the fences ('' when there is no frontmatter or it is not closed)."""
    text: str
    """The note's text without a BOM and with LF line endings (the very string given when it has neither)."""
    body_start: int
    """Where the body starts in ``text``."""
    body_offset: int
    """Lines before the body in the file, for line numbers in warnings."""
    privacy_text: str
    """What the publish decision reads: the YAML, and more where Obsidian may see more (below)."""
    closed: bool = True

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


def split(text: str) -> Split:
    """Split ``text`` as Obsidian does: a first line ``---``, a closing line ``---`` (or ``...``).

    A BOM is dropped and CRLF/CR line endings become LF. The publish decision reads up to the
    first line that is exactly ``---``, which every reader treats as the end: where the YAML
    ends earlier (``...``, ``---`` with trailing spaces) or never ends, it reads on, to the
    next such line or the end of the note (fail closed: whatever Obsidian counts as
    frontmatter is read).
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    opening = _OPENING.match(text)
    if not opening:
        return Split("", text, 0, 0, "")
    start = opening.end()
    strict = _STRICT_CLOSING.search(text, start)
    privacy = text[start : strict.start()] if strict else text[start:]
    closing = _CLOSING.search(text, start)
    if not closing:
        return Split("", text, 0, 0, privacy, closed=False)
    yaml_text = privacy if strict and strict.start() == closing.start() else text[start : closing.start()]
    body_start = closing.end()
    while text.startswith("\n", body_start):
        body_start += 1
    return Split(yaml_text, text, body_start, text.count("\n", 0, body_start), privacy)


@dataclass(frozen=True)
class Loaded:
    """YAML as parsed (any type) or the reason it could not be, and its node graph.

    The nodes keep each scalar as written (``no`` is not ``false`` there) and where it is;
    they exist even when constructing Python values fails (``{{date}}`` as a key, an unknown
    tag, a date like 2026-13-45)."""

    data: object = None
    error: str | None = None
    node: yaml.Node | None = None
    text: str = ""

    def values_only(self) -> Loaded:
        """The values and the error, without the nodes: what a note keeps for the whole build."""
        return Loaded(self.data, self.error)


def load(text: str) -> Loaded:
    """Parse ``text`` with PyYAML's safe loader (one parse for nodes and values); never raises."""
    if not text.strip():
        return Loaded()
    loader = _LOADER(text)
    node = None
    try:
        node = loader.get_single_node()
        return Loaded(loader.construct_document(node) if node is not None else None, None, node, text)
    except Exception as error:  # noqa: BLE001 - YAML raises ValueError (2026-13-45), RecursionError...
        return Loaded(None, " ".join(str(error).split()), node, text)
    finally:
        loader.dispose()


# -- the decision -----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Whether a note is private, and why when the value was not a plain true or false."""

    private: bool
    notice: str | None = None
    line: int | None = None
    """The line (of the text given to :func:`publish_verdict`) the notice is about."""


@dataclass(frozen=True)
class _Finding:
    kind: str
    reason: str = ""
    line: int | None = None


PUBLIC = Verdict(False)


def publish_verdict(raw: str, *, document: Callable[[], Loaded | None] | None = None, first_line: int = 1) -> Verdict:
    """Whether the frontmatter text ``raw`` makes its note private (see the module docstring).

    ``document`` returns the YAML at the start of ``raw`` already loaded (or None when there
    is none to read); without it, ``raw`` is loaded here when it matters. ``first_line``
    numbers raw's first line.
    Text that never mentions "publish" (in any case) nor has a backslash escape is public
    without further work: that is most notes.
    """
    if _KEY not in raw.casefold() and "\\" not in raw:
        return PUBLIC
    lines = list(_lines(raw, first_line))
    if "\\" not in raw and all(_PLAIN_TRUE.fullmatch(text) for _, text in lines if _KEY in text.casefold()):
        return PUBLIC
    in_flow = _flow_guesses(lines)
    findings = _scan(lines, in_flow)
    if not _any(findings, FALSE):
        settled = {f.line for f in findings if f.kind != TRUE}
        findings += _lines_alone(lines, in_flow, settled) + _explicit_keys(lines, settled)
    if all(f.kind == TRUE for f in findings):
        findings = _node_findings(document() if document is not None else load(raw), first_line)
    return _verdict(findings)


def _verdict(findings: list[_Finding]) -> Verdict:
    if all(f.kind == TRUE for f in findings):
        return PUBLIC
    if _any(findings, FALSE):
        return Verdict(True)
    first = next(f for f in findings if f.kind == UNCLEAR)
    return Verdict(True, f"note treated as private: {first.reason}", first.line)


def _any(findings: list[_Finding], kind: str) -> bool:
    return any(f.kind == kind for f in findings)


def _lines(raw: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line number, text) for each line YAML sees; NEL, LS and PS break lines for YAML."""
    for number, physical in enumerate(raw.split("\n"), first_line):
        for part in _OTHER_BREAKS.split(physical):
            yield number, part


def is_publish_key(key: object) -> bool:
    """Whether a key's text is "publish", after trimming (spaces, a stray BOM) and case folding."""
    return str(key).strip().strip("\ufeff").strip().casefold() == _KEY


def _kind(text: str | None) -> str:
    """TRUE for a scalar written true (any case, quoted or not), FALSE for false, else UNCLEAR."""
    folded = text.casefold() if text is not None else None
    return TRUE if folded == TRUE else FALSE if folded == FALSE else UNCLEAR


def _written_reason(written: str) -> str:
    if not written:
        return "publish has no value on its line (only true and false are understood)"
    return f"publish is {written!r}, which is neither true nor false (only true and false are understood)"


def _no_space_reason(written: str) -> str:
    return (
        f"{written!r} has no space after the colon, so YAML does not read it as the publish property"
        " (write 'publish: true' to publish the note)"
    )


# -- readings 2 to 4: YAML parsed, walked for publish keys -------------------------------


def _node_findings(loaded: Loaded | None, first_line: int) -> list[_Finding]:
    """A finding for every ``publish`` key in any mapping of the loaded YAML, nested in
    mappings, lists and keys to any depth. Aliases make the nodes a graph (possibly with
    cycles): each collection is visited once."""
    if loaded is None or loaded.node is None:
        return []
    findings = []
    pending: list[yaml.Node] = [loaded.node]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
            continue
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and is_publish_key(key.value):
                findings.append(_node_finding(value, loaded.text, first_line))
        pending.extend(child for pair in reversed(node.value) for child in reversed(pair))
    return findings


def _node_finding(node: yaml.Node, text: str, first_line: int) -> _Finding:
    """A scalar decides by its text as written, as reading 1 does: YAML's ``no`` and ``off``
    are not ``false``, and a tag, an anchor or a block scalar makes any value unclear."""
    written = text[node.start_mark.index : node.end_mark.index].split("\n")[0].strip()
    plain = isinstance(node, yaml.ScalarNode) and node.style not in ("|", ">") and written[:1] not in ("!", "&")
    kind = _kind(node.value) if plain else UNCLEAR
    return _Finding(kind, _written_reason(written) if kind == UNCLEAR else "", first_line + node.start_mark.line)


_FLOW_LEAD = re.compile(r"^(?:[-?][ \t]+|[,{\[][ \t]*)+")
_EXPLICIT = re.compile(r"^[ \t]*(?:-[ \t]+)*\?(?:[ \t]|$)")


def _lines_alone(lines: list[tuple[int, str]], in_flow: list[bool], settled: set[int | None]) -> list[_Finding]:
    """Reading 2: each line that mentions "publish" parsed as YAML on its own, except lines
    that reading 1 already found private (this one could only find them private again)."""
    findings = []
    for (number, text), flow in zip(lines, in_flow):
        if number not in settled and _KEY in text.casefold():
            findings += _node_findings(_line_alone(text, flow), number)
    return findings


def _line_alone(text: str, in_flow: bool) -> Loaded | None:
    """The line as YAML, without what ties it to its neighbours in a flow collection or a list:
    a leading ``{`` ``[`` ``,`` ``-`` ``?``, a comment and a trailing ``,`` ``}`` ``]``. A line
    of a flow mapping with several pairs (``"a": 1, "publish": false``) is read inside braces
    (not a block line: ``summary: Write, publish: repeat`` is one text); the whole line is the
    last resort."""
    stripped = text.strip()
    core = _FLOW_LEAD.sub("", _without_comment(stripped))
    while core[-1:] in (",", "}", "]") and core:
        core = core[:-1].rstrip()
    flow = in_flow or stripped[:1] in ("{", "[", ",")
    candidates = [core, "{" + core + "}"] if flow and ":" in core else [core]
    for candidate in [*candidates, text.strip()]:
        loaded = load(candidate)
        if loaded.error is None:
            return loaded
    return None


def _explicit_keys(lines: list[tuple[int, str]], settled: set[int | None]) -> list[_Finding]:
    """Reading 3: each explicit key (``? ...``), its continuation lines and its ``: value``
    parsed alone, so that a key written over several lines (``? |-`` or a double-quoted key
    with an escaped line break) is read as YAML reads it. Keys that reading 1 already found
    private are left alone."""
    findings = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        if not _EXPLICIT.match(text):
            index += 1
            continue
        end = _explicit_end(lines, index)
        chunk = [line for _, line in lines[index:end]]
        joined = "\n".join(chunk)
        if (_KEY in joined.casefold() or "\\" in joined) and not settled & {n for n, _ in lines[index:end]}:
            column = len(text) - len(text.lstrip(" "))
            findings += _node_findings(load("\n".join(line[column:] for line in chunk)), number)
        index = end
    return findings


def _explicit_end(lines: list[tuple[int, str]], start: int) -> int:
    """Where the explicit key starting at ``lines[start]`` ends: after the lines indented
    deeper than its ``?`` and its ``:`` line at the same indentation (YAML indents with
    spaces only: a line that starts with a tab ends the key)."""
    first = lines[start][1]
    column = len(first) - len(first.lstrip(" "))
    end = start + 1
    while end < len(lines):
        text = lines[end][1]
        indent = len(text) - len(text.lstrip(" "))
        if text.strip() and indent <= column and not (indent == column and re.match(r":(?:[ \t]|$)", text[indent:])):
            break
        end += 1
    return end


# -- reading 1: each line read as YAML reads it -------------------------------------------------

_ANCHOR_NAME = r"[0-9A-Za-z_-]+"
_PROPERTY = re.compile(rf"(?:&(?P<anchor>{_ANCHOR_NAME})|!(?:<[^>]*>|[^\s,\[\]{{}}]*))(?=[\s,\[\]{{}}]|$)")
_ALIAS = re.compile(rf"\*(?P<name>{_ANCHOR_NAME})")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_KEY_END = re.compile(r":(?=[ \t]|$)|[ \t]#")
"""Where a plain scalar that may be a key ends, in block context."""
_VALUE_END = re.compile(r"[ \t]#|$")
"""Where a plain scalar that is a value ends, in block context (``a: b: c`` is no key)."""
_FLOW_END = re.compile(r"[,\[\]{}]|:(?=[\s,\[\]{}]|$)|[ \t]#")
_SPACES = re.compile(r"[ \t]*")
_COMMENT = re.compile(r"[ \t]#")
_UNKNOWN_DEPTH = 1 << 20
"""Flow depth of a line that continues a flow collection opened on an earlier line."""


@dataclass(frozen=True)
class _Node:
    """A scalar or alias as written on the line, and its text (None when it has none)."""

    end: int
    written: str
    text: str | None
    plain: bool = False
    alias: str | None = None


def _scan(lines: list[tuple[int, str]], in_flow: list[bool]) -> list[_Finding]:
    """Reading 1 over the lines that may hold a ``publish`` key."""
    findings: list[_Finding] = []
    anchors: set[str] = set()
    for index, ((number, text), flow) in enumerate(zip(lines, in_flow)):
        if _KEY in text.casefold() or "\\" in text or anchors and "*" in text:
            reader = _LineReader(text, number, flow, anchors)
            findings += reader.read()
            if reader.explicit_publish:
                findings.append(_explicit_value(lines, index))
    return findings


def _flow_guesses(lines: list[tuple[int, str]]) -> list[bool]:
    """For each line, whether it is likely inside a flow collection opened on an earlier line
    (JSON over several lines): the previous line that is not blank or a comment ends with ``{``
    ``[`` or ``,``, or this one starts with ``,`` ``}`` or ``]``."""
    guesses = []
    before = ""
    for _, text in lines:
        guesses.append(before[-1:] in ("{", "[", ",") or text.lstrip()[:1] in (",", "}", "]"))
        if text.strip() and not text.lstrip().startswith("#"):
            before = _without_comment(text)
    return guesses


def _explicit_value(lines: list[tuple[int, str]], index: int) -> _Finding:
    """The value of ``? publish`` given on a later ``: value`` line (blank and comment lines between)."""
    for number, text in lines[index + 1 :]:
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if re.match(r":(?:[ \t]|$)", stripped):
            return _LineReader(stripped, number, False, set()).value(1)
        break
    return _Finding(UNCLEAR, _written_reason(""), lines[index][0])


class _LineReader:
    """One line read as YAML's scanner reads it, to find ``publish`` keys and their values.

    It tracks what YAML tracks within a line: the flow depth, whether the next node may be a
    key (at the line's start, after ``-`` ``?`` ``:`` indicators, after ``{`` ``[`` ``,`` in
    flow), quoted scalars with their escapes, anchors on a scalar that says "publish" (so that
    ``*alias :`` keys count) and comments. A quote left open ends at the end of the line.
    """

    def __init__(self, text: str, number: int, in_flow: bool, anchors: set[str]) -> None:
        self.text = text
        self.number = number
        self.depth = _UNKNOWN_DEPTH if in_flow else 0
        self.openers: list[str] = []
        self.anchors = anchors
        self.findings: list[_Finding] = []
        self.explicit_publish = False
        """Whether the line ends with an explicit ``? publish`` key whose value comes later."""

    def read(self) -> list[_Finding]:
        text, pos = self.text, 0
        key_allowed, explicit, anchor = True, False, None
        while True:
            pos = _SPACES.match(text, pos).end()
            if pos >= len(text) or text[pos] == "#":
                return self.findings
            char = text[pos]
            if self._indicator(pos):
                key_allowed, explicit = True, char == "?"
                pos += 1
            elif char in "{[":
                self.depth += 1
                self.openers.append(char)
                key_allowed, pos = True, pos + 1
            elif char in "}]" or char in ",:" and self.depth:
                self._close(char)
                key_allowed, pos = char == ",", pos + 1
            elif char in "|>" and not self.depth:
                return self.findings
            elif prop := _PROPERTY.match(text, pos):
                anchor, pos = prop.group("anchor") or anchor, prop.end()
            else:
                node = self._node(pos, key_allowed)
                if anchor and node.text is not None and is_publish_key(node.text):
                    self.anchors.add(anchor)
                anchor = None
                pos = self._after_node(node, key_allowed, explicit)
                key_allowed = False

    def _indicator(self, pos: int) -> bool:
        """``-`` ``?`` ``:`` followed by a space: a list item, an explicit key, an explicit value
        (``-`` and ``:`` only outside brackets opened on this line)."""
        char, following = self.text[pos], self.text[pos + 1 : pos + 2]
        if following in ("", " ", "\t"):
            return char == "?" or char in "-:" and not self.openers
        return char == "?" and self.depth > 0 and following in (",", "]", "}")

    def _close(self, char: str) -> None:
        if char in "}]" and self.depth:
            self.depth -= 1
            if self.openers:
                self.openers.pop()

    def _node(self, pos: int, key_allowed: bool) -> _Node:
        text, char = self.text, self.text[pos]
        quoted = (_DOUBLE if char == '"' else _SINGLE).match(text, pos) if char in "\"'" else None
        if quoted:
            return _Node(quoted.end(), quoted.group(), _unquote(quoted.group()))
        if char in "\"'":
            return _Node(len(text), text[pos:], None)
        alias = _ALIAS.match(text, pos) if char == "*" else None
        if alias:
            return _Node(alias.end(), alias.group(), None, alias=alias.group("name"))
        ends = _FLOW_END if self.depth else _KEY_END if key_allowed else _VALUE_END
        found = ends.search(text, pos + 1)
        end = found.start() if found else len(text)
        return _Node(end, text[pos:end].rstrip(), text[pos:end].strip(), plain=True)

    def _names_publish(self, node: _Node) -> bool:
        return node.alias in self.anchors if node.alias else node.text is not None and is_publish_key(node.text)

    def _after_node(self, node: _Node, key_allowed: bool, explicit: bool) -> int:
        """Reads the value when ``node`` is a ``publish`` key; returns where reading goes on.

        In flow context any node followed by ``:`` counts as a key, even where YAML expects a
        ``,`` first (JSON with a comma missing: ``{"tags": [] "publish": false}``)."""
        text = self.text
        after = _SPACES.match(text, node.end).end()
        colon = text.startswith(":", after)
        following = text[after + 1 : after + 2]
        if key_allowed and node.plain and ":" in node.written:
            self._glued(node.written)
        if not ((key_allowed or self.depth and colon) and self._names_publish(node)):
            return after + 1 if colon else after
        if colon and (following in ("", " ", "\t") or self.depth and following in ",[]{}" or self.depth and not node.plain):
            self.findings.append(self.value(after + 1))
            return after + 1
        if colon:
            self._glued(node.written + text[after:])
        elif explicit and not self.openers and (after >= len(text) or text[after] == "#"):
            self.explicit_publish = True
        elif self.openers[-1:] == ["{"] and text[after : after + 1] in ("", ",", "}"):
            self.findings.append(_Finding(UNCLEAR, _written_reason(""), self.number))
        return after

    def _glued(self, written: str) -> None:
        """``publish:false``: no space after the colon, so YAML reads no key; false still counts."""
        key, _, rest = written.partition(":")
        if is_publish_key(key.strip("\"'")):
            value = _without_comment(rest).strip()
            kind = FALSE if _kind(_unquote(value) if value[:1] in "\"'" else value) == FALSE else UNCLEAR
            self.findings.append(_Finding(kind, _no_space_reason(written.strip()), self.number))

    def value(self, pos: int) -> _Finding:
        """The finding for the value that starts at or after ``pos``."""
        text = self.text
        start = _SPACES.match(text, pos).end()
        rest = _without_comment(text[start:])
        if start >= len(text) or text[start] == "#":
            return _Finding(UNCLEAR, _written_reason(""), self.number)
        if text[start] in "{[*|>&!":
            return _Finding(UNCLEAR, _written_reason(rest), self.number)
        node = self._node(start, key_allowed=False)
        after = _SPACES.match(text, node.end).end()
        clean = after >= len(text) or text[after] == "#" or self.depth > 0 and text[after] in ",]}"
        if node.text is None or not clean:
            return _Finding(UNCLEAR, _written_reason(rest), self.number)
        kind = _kind(node.text)
        return _Finding(kind, _written_reason(node.written) if kind == UNCLEAR else "", self.number)


def _without_comment(text: str) -> str:
    """``text`` without a trailing ``# comment`` (a ``#`` after a space), right-stripped."""
    comment = _COMMENT.search(text)
    return (text[: comment.start()] if comment else text).rstrip()


def _unquote(written: str) -> str | None:
    """The text of a quoted scalar as YAML reads it (escapes included), None if YAML would not."""
    if written[:1] == "'":
        return written[1:-1].replace("''", "'")
    if "\\" not in written:
        return written[1:-1]
    loaded = load(written)
    return loaded.data if isinstance(loaded.data, str) else None
