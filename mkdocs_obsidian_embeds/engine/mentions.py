"""Linked mentions: the pages that refer to a note, as Obsidian's backlinks pane lists them.

Each rendered page records its own note's references to other notes (``Page.mentions``: links,
embeds, citations; nothing quoted from elsewhere) with the id of the link that makes each one.
``MentionGraph`` turns those into, for each note, the pages that mention it, once per build;
``context`` reads the sentence around a mention in the text a reader sees; ``section`` writes
the HTML of a note's mentions. Every text written into the HTML is escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .inline import code_spans, code_text, find_wikilinks, outside_code, plain_text
from .links import strip_container, typed_text
from .markers import MARK_CHAR
from .notes import ParsedNote
from .page import Mention, Page

#: How long a context may be (characters) before it is cut around the mention.
CONTEXT_LIMIT = 200
#: Where the mention is in a line while the line is made plain text: a control character that
#: the plain-text steps leave alone (it is neither markup nor space).
_HERE = "\x01"
#: Around inline code in a context, until the section writes it as ``<code>``: controls again,
#: which a note's line cannot bring (they are taken out of it first).
_CODE, _END_CODE = "\x02", "\x03"
_CONTROLS = str.maketrans("", "", _HERE + _CODE + _END_CODE)
_ANY_CONTROL = re.compile(f"[{_HERE}{_CODE}{_END_CODE}]")
_HEADING = re.compile(r"^#{1,6}[ \t]+")
_CALLOUT_HEAD = re.compile(r"^(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+\"(.*)\")?[ \t]*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*")
_INLINE_FOOTNOTE = re.compile(r"\^\[[^\]]*\]")
#: What ``plain_text`` may take out of a text: without any of these, the text is plain already.
_MARKUP_CHARS = re.compile(r"[*_=~`<>\[\]()\\^" + MARK_CHAR + "]")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


class Entry(NamedTuple):
    """One mentioning page of a note's linked mentions, ready to write: ``context`` gives the text
    around its first mention, read only for the entries shown with one."""

    title: str
    href: str
    count: int
    context: Callable[[], str]


@dataclass(frozen=True)
class Words:
    """The section's words in the site's language."""

    title: str = "Linked mentions"
    more: Callable[[int], str] = lambda count: f"{count} more"
    mentions: Callable[[int], str] = lambda count: f"{count} mentions"


class MentionGraph:
    """For each note, the pages that mention it: built once from every rendered page's mentions.

    It holds, by target and mentioning page, the place of the first mention in that page's
    ``mentions`` and how many there are: dictionaries of strings and numbers alone, which the
    garbage collector does not track (a graph of lists and mentions would be tens of
    thousands of objects more for every full collection of the build to walk)."""

    def __init__(self, rendered: Mapping[str, Page], published: Callable[[str], bool]) -> None:
        """``published(site_path)``: whether that page is part of this build's site (a private,
        deleted or excluded page's mentions are left out, not even counted)."""
        self._rendered = rendered
        self._first: dict[str, dict[str, int]] = {}
        self._count: dict[str, dict[str, int]] = {}
        for source, page in rendered.items():
            if page.mentions and published(source):
                self._add(source, page.mentions)

    def _add(self, source: str, mentions: Sequence[Mention]) -> None:
        for index, mention in enumerate(mentions):
            target = mention.target
            if target == source:
                continue
            counts = self._count.get(target)
            if counts is None:
                self._count[target], self._first[target] = {source: 1}, {source: index}
            elif source in counts:
                counts[source] += 1
            else:
                counts[source] = 1
                self._first[target][source] = index

    def of(self, target: str) -> list[tuple[str, Mention, int]]:
        """The pages that mention the note at ``target``: (site path, first mention, how many
        mentions), in no particular order."""
        counts = self._count.get(target)
        if not counts:
            return []
        first = self._first[target]
        return [(source, self._rendered[source].mentions[first[source]], count) for source, count in counts.items()]


def context(page: Page, mention: Mention, quoted: Callable[[Mention], str]) -> str:
    """The sentence (or list item, table cell, heading) around ``mention`` on ``page``, as the
    text a reader sees there: links as their text, embeds left out (for an embed alone on its
    line, ``quoted(mention)``: what it quotes), inline code between ``_CODE`` and ``_END_CODE``.
    Cut around the mention past ``CONTEXT_LIMIT``."""
    parsed = page.parsed
    if parsed is None or not 0 <= mention.line < len(parsed.lines):
        return ""
    number, at = mention.line, -1
    if mention.kind == "citation":
        number, at = _citing_line(parsed.lines, mention.line)
    line = _without_controls(parsed.lines[number])
    text = strip_container(line)
    at = text.find(mention.raw) if at < 0 else at - (len(line) - len(text))
    before, after = _paragraph(parsed, number, text)
    if before or after:  # a paragraph written over several lines reads as one
        at = len(before) + 1 + at if before and at >= 0 else at
        text = " ".join(filter(None, (before, text, after)))
    in_table = number in parsed.table_lines
    placed = at >= 0 and (in_table or len(text) > CONTEXT_LIMIT)  # where the mention is matters: a cell, a cut
    text = " ".join(_reader_text(text[:at] + _HERE + text[at:] if placed else text, in_table).split())
    if not text.strip(_HERE) and mention.kind == "embed":
        return _cut(" ".join(quoted(mention).translate(_CONTROLS).split()), 0)
    position = max(text.find(_HERE), 0)
    return _cut(text.replace(_HERE, "") if placed else text, position)


def _without_controls(line: str) -> str:
    return line.translate(_CONTROLS) if _ANY_CONTROL.search(line) else line


def _paragraph(parsed: ParsedNote, number: int, text: str) -> tuple[str, str]:
    """The text of the paragraph that holds line ``number`` (whose ``text`` is given) before and
    after that line, each line without its container prefixes, from the lines that end inside a
    paragraph (``soft_breaks``): read no further than a context can reach (``CONTEXT_LIMIT``
    characters each way), so that the mentions of a paragraph of many lines cost what their
    lines do."""
    breaks, lines = parsed.soft_breaks, parsed.lines
    if not (number in breaks or number > 0 and number - 1 in breaks):
        return "", ""
    before: list[str] = []
    first, reach, current = number, 0, text
    while first > 0 and first - 1 in breaks and reach < CONTEXT_LIMIT and not _starts_block(current):
        line = _without_controls(lines[first - 1])
        previous = strip_container(line)
        if _CALLOUT_HEAD.match(previous):
            break  # a callout's title is not its body's text
        before.append(previous)
        first, reach, current = first - 1, reach + len(line), previous
    after: list[str] = []
    last, reach = number, 0
    while last in breaks and last + 1 < len(lines) and reach < CONTEXT_LIMIT:
        line = _without_controls(lines[last + 1])
        following = strip_container(line)
        if _starts_block(following):
            break
        after.append(following)
        last, reach = last + 1, reach + len(line)
    return " ".join(reversed(before)), " ".join(after)


def _starts_block(text: str) -> bool:
    """Whether a line's ``text`` (without its container prefixes) opens a footnote's definition
    or a callout, which markdown-it (without Python-Markdown's extensions) reads as more lines of
    the paragraph before it."""
    return text[:1] in ("[", "!", "?") and bool(_FOOTNOTE_DEF.match(text) or _CALLOUT_HEAD.match(text))


def _citing_line(lines: Sequence[str], definition: int) -> tuple[int, int]:
    """The line that refers to the footnote defined at line ``definition``, and where in it; the
    definition itself if no line does."""
    label = _FOOTNOTE_DEF.match(strip_container(lines[definition]))
    if label is not None:
        reference = f"[^{label.group(1)}]"
        for number, other in enumerate(lines):
            at = other.find(reference)
            if at >= 0 and other[at + len(reference) : at + len(reference) + 1] != ":":
                return number, at
    return definition, -1


def _reader_text(line: str, in_table: bool) -> str:
    """A note's line as plain text: no heading marks, callout syntax or
    footnote label; wikilinks as their text, embeds left out; in a table, the mention's cell.
    The line comes without its container prefixes."""
    if in_table:
        line = next((cell for cell in _cells(line) if _HERE in cell), line)
    first = line[:1]
    if first == "#":
        line = _HEADING.sub("", line)
    elif first in ("!", "?"):
        callout = _CALLOUT_HEAD.match(line)
        line = (callout.group(1) or "") if callout else line
    elif first == "[":
        line = _FOOTNOTE_DEF.sub("", line)
    if "^[" in line:
        line = _INLINE_FOOTNOTE.sub("", line)
    pieces, pos = [], 0
    for link in find_wikilinks(line) if "[[" in line else ():
        # a link's text shows as written (parts.py's Link): only the text around it is Markdown
        pieces += [_plain(line[pos : link.start]), "" if link.embed else (link.display or typed_text(link))]
        pos = link.end
    pieces.append(_plain(line[pos:]))
    return "".join(pieces)


def _cells(row: str) -> list[str]:
    """A table row's cells: split at each ``|`` that is neither escaped nor inside code."""
    cells, start = [], 0
    for low, high in outside_code(row):
        for at in (i for i in range(low, high) if row[i] == "|" and (i == 0 or row[i - 1] != "\\")):
            cells.append(row[start:at])
            start = at + 1
    cells.append(row[start:])
    return cells


def _plain(markdown: str) -> str:
    """``plain_text`` of the Markdown between links, its code spans marked as code; whether it
    began or ended with a space is kept."""
    if not markdown.strip():
        return " " if markdown else ""
    pieces, pos = [], 0
    for start, end in code_spans(markdown) if "`" in markdown else ():
        pieces += [_plain_prose(markdown[pos:start]), _CODE + code_text(markdown[start:end]) + _END_CODE]
        pos = end
    pieces.append(_plain_prose(markdown[pos:]))
    return "".join(pieces)


def _plain_prose(markdown: str) -> str:
    if not _MARKUP_CHARS.search(markdown):
        return markdown  # nothing for plain_text to take out (most prose): spaces fold later
    if not markdown.strip():
        return " " if markdown else ""
    lead = " " if markdown[0].isspace() else ""
    trail = " " if markdown[-1].isspace() else ""
    return lead + plain_text(markdown) + trail


def _cut(text: str, position: int) -> str:
    """The sentence of ``text`` around ``position``; past ``CONTEXT_LIMIT``, the words around it.
    Code cut open at either end is closed again."""
    if len(text) <= CONTEXT_LIMIT:
        return text
    cut = _sentence(text, position)
    if cut.rfind(_CODE) > cut.rfind(_END_CODE):
        cut += _END_CODE
    if cut.find(_END_CODE) >= 0 and (cut.find(_CODE) < 0 or cut.find(_END_CODE) < cut.find(_CODE)):
        cut = _CODE + cut
    return cut


def _sentence(text: str, position: int) -> str:
    """The sentence of ``text`` that holds ``position``; past ``CONTEXT_LIMIT``, its words around it."""
    start = 0
    end = len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= position:
            start = m.end()
        else:
            end = m.end()
            break
    sentence = text[start:end].strip()
    offset = position - start - (len(text[start:end]) - len(text[start:end].lstrip()))
    if len(sentence) <= CONTEXT_LIMIT:
        return sentence
    low = max(0, min(offset - CONTEXT_LIMIT // 2, len(sentence) - CONTEXT_LIMIT))
    window = sentence[low : low + CONTEXT_LIMIT]
    if low > 0:
        window = "…" + window.split(" ", 1)[-1]
    if low + CONTEXT_LIMIT < len(sentence):
        window = window.rsplit(" ", 1)[0] + "…"
    return window


def section(entries: Iterable[Entry], folded_after: int, words: Words) -> str:
    """The HTML of a note's linked mentions; empty when there are none. The first
    ``folded_after`` pages by title come with the context of their mention; the rest fold into a
    ``details`` element of titles alone, as Obsidian's collapsed backlinks list them."""
    entries = sorted(entries, key=lambda entry: (entry.title.casefold(), entry.href))
    if not entries:
        return ""
    shown, folded = entries[:folded_after], entries[folded_after:]
    parts = [
        '<section class="obsidian-mentions" data-search-exclude>',
        f'<h2 class="obsidian-mentions__title">{html.escape(words.title)} '
        f'<span class="obsidian-mentions__count">{len(entries)}</span></h2>',
    ]
    if shown:
        parts.append(_list(shown, words, with_context=True))
    if folded:
        parts.append(
            f'<details class="obsidian-mentions__folded"><summary>{html.escape(words.more(len(folded)))}</summary>'
            f"{_list(folded, words, with_context=False)}</details>"
        )
    parts.append("</section>")
    # ASCII, non-ASCII as character references: appended to an ASCII page, one character beyond
    # Latin-1 would make Python hold the whole page at two or four bytes per character
    return "\n".join(parts).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _list(entries: list[Entry], words: Words, with_context: bool) -> str:
    items = []
    for entry in entries:
        item = f'<li><a class="obsidian-mentions__page" href="{html.escape(entry.href)}">{_escaped_title(entry.title)}</a>'
        if entry.count > 1:
            item += f' <span class="obsidian-mentions__times">{html.escape(words.mentions(entry.count))}</span>'
        text = entry.context() if with_context else ""
        if text:
            item += f'<span class="obsidian-mentions__context">{_context_html(text)}</span>'
        items.append(item + "</li>")
    return '<ul class="obsidian-mentions__list">' + "".join(items) + "</ul>"


@lru_cache(maxsize=65536)
def _escaped_title(title: str) -> str:
    """A page's title escaped: once per build for a page listed under many notes."""
    return html.escape(title)


def _context_html(text: str) -> str:
    """A context's text escaped, its inline code as ``<code>``."""
    return html.escape(text, quote=False).replace(_CODE, "<code>").replace(_END_CODE, "</code>")
