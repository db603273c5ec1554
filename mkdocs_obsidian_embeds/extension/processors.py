"""Python-Markdown extension: turn the rewriter's markers into ids, embed wrappers and the
parts of the page it builds itself (links, source lines and citations, see parts.py).

It runs as a tree processor at priority 6: after inline processing (20) and footnotes, and
before ``toc`` and MkDocs' anchor collection (both 5), so the ``id="^block"`` attributes it
sets are real anchors that MkDocs' link validation sees, and headings inside embeds never
reach the host page's table of contents. A second tree processor, right after inline
processing, makes Markdown's hard line breaks in place of Python-Markdown's pattern for them
(``LineBreakTreeprocessor``: the same ``<br />``, at a cost proportional to the paragraph).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..engine.markers import (
    ANY_MARKER_RE,
    BLOCK_MARK_RE,
    BLOCK_START,
    EMBED_CLOSE,
    EMBED_OPEN,
    EMBED_OPEN_RE,
    MARK_CHAR,
    PART,
    PART_RE,
    strip_markers,
)
from ..engine.parts import EMBED_CLASS, CaptureBound, Part, Quote, Tag
from ..engine.timing import Stopwatch
from .footnotes import register as register_nested_footnotes

PRIORITY = 6
#: Right after Python-Markdown's inline processing (20), before anything else reads the tree.
LINE_BREAK_PRIORITY = 19
LINE_BREAK = "  \n"
_KIND_TAGS = {
    "p": ("p",),
    "i": ("li",),
    "l": ("ul", "ol"),
    "t": ("table",),
    "q": ("blockquote", "details", "div.admonition"),
    "e": ("p", "li", "div"),
}
_BLOCK_TAGS = frozenset({"p", "li", "ul", "ol", "table", "blockquote", "details", "div", "dd", "dt", "td", "th"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TEXT_ATTRIBUTES = {"img": ("alt", "title"), "a": ("title",)}


def _classes(el: etree.Element) -> list[str]:
    return el.get("class", "").split()


def _matches(el: etree.Element, selector: str) -> bool:
    tag, _, cls = selector.partition(".")
    return el.tag == tag and (not cls or cls in _classes(el))


def _is_open(el: etree.Element) -> bool:
    return el.tag == "p" and (el.text or "").lstrip().startswith(EMBED_OPEN)


def _is_close(el: etree.Element) -> bool:
    return el.tag == "p" and (el.text or "").strip() == EMBED_CLOSE and len(el) == 0


def _is_placeholder(text: str | None) -> bool:
    """Whether ``text`` is only Python-Markdown's placeholder of a stashed raw block."""
    return bool(_PLACEHOLDER.fullmatch((text or "").strip()))


_PLACEHOLDER = re.compile(f"{re.escape(util.STX)}wzxhzdk:\\d+{re.escape(util.ETX)}")


def _has_marker(text: str | None) -> bool:
    """The (fast) search for the marker's first character spares most texts the regex."""
    return bool(text) and MARK_CHAR in text and ANY_MARKER_RE.search(text) is not None


def _parents_and_marked(root: etree.Element) -> tuple[dict, list[etree.Element]]:
    """Each element's parent, and the elements whose text or tail holds a marker."""
    parents = {child: parent for parent in root.iter() for child in parent}
    marked = [el for el in root.iter() if _has_marker(el.text) or _has_marker(el.tail)]
    return parents, marked


def _insert(parent: etree.Element, position: int, elements: list[etree.Element], parents: dict) -> list[etree.Element]:
    """Insert ``elements`` into ``parent`` from ``position`` on, keeping ``parents`` up to date."""
    parent[position:position] = elements
    parents.update((element, parent) for element in elements)
    return elements


def _insert_after(parent: etree.Element, after: dict[etree.Element, list[etree.Element]], parents: dict) -> None:
    """Put the elements ``after[child]`` right after each such child of ``parent``.

    The children are rebuilt once: finding each child's place (``list(parent).index``) and
    inserting there would be quadratic in a paragraph of many links.
    """
    children: list[etree.Element] = []
    for child in parent:
        children.append(child)
        children += after.get(child, ())
    parent[:] = children
    parents.update((element, parent) for elements in after.values() for element in elements)


def _without_markers(text: str, at_end: bool) -> str:
    """Text with markers removed, and the space that separated a trailing marker."""
    cleaned = strip_markers(text)
    return cleaned.rstrip(" ") if at_end and cleaned != text else cleaned


class ObsidianTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, stopwatch: Stopwatch | None = None, parts: Mapping[str, Part] | None = None) -> None:
        super().__init__(md)
        self.stopwatch = stopwatch or Stopwatch()
        self.parts = parts if parts is not None else {}

    def run(self, root: etree.Element) -> None:
        with self.stopwatch.measure():
            self._run(root)
            self._clean_stash()

    def _clean_stash(self) -> None:
        """Markers that Python-Markdown took into raw HTML or code it stashed (a tag the note left
        open across lines) can be read by nobody: they are removed, never shown."""
        stash = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(stash):
            if isinstance(block, str) and MARK_CHAR in block:
                stash[number] = strip_markers(block)

    def _run(self, root: etree.Element) -> None:
        self._clean_attributes(root)
        parents, marked = _parents_and_marked(root)
        if not marked:
            return
        openers = {parents[el] for el in marked if el in parents and _is_open(el)}
        wrappers: list[etree.Element] = []
        for parent in openers:
            self._wrap_embeds(parent, wrappers, parents)
        marked += self._build_parts(marked, parents)
        if wrappers:
            self._mark_embedded_headings(wrappers)
            self._name_embeds(wrappers, parents)
        self._assign_block_ids(marked, parents)
        for el in marked:
            if _has_marker(el.text):
                el.text = _without_markers(el.text, len(el) == 0)
            if _has_marker(el.tail):
                el.tail = _without_markers(el.tail, True)

    # -- parts ---------------------------------------------------------------------

    def _build_parts(self, marked: list[etree.Element], parents: dict) -> list[etree.Element]:
        """Put the elements of each part (parts.py) where its marker is; returns the new
        elements whose tails took over text with markers still in it."""
        added = []
        after: dict[etree.Element, dict[etree.Element, list[etree.Element]]] = {}
        for el in list(marked):
            if el.text and PART in el.text:
                el.text, built = self._parts_in(el.text)
                added += _insert(el, 0, built, parents)
            parent = parents.get(el)
            if el.tail and PART in el.tail and parent is not None:
                el.tail, built = self._parts_in(el.tail)
                after.setdefault(parent, {})[el] = built
                added += built
        for parent, built_after in after.items():
            _insert_after(parent, built_after, parents)
        return [el for el in added if _has_marker(el.tail)]

    def _parts_in(self, text: str) -> tuple[str, list[etree.Element]]:
        """The text before the first part marker, and the parts' elements with the rest as tails.

        A key the page does not know (its Markdown was rendered elsewhere) leaves nothing.
        """
        pieces = PART_RE.split(text)
        lead = [pieces[0]]
        built: list[etree.Element] = []
        texts, tails = lead, []  # where the text after a marker goes: the lead or the last element's tail
        for key, after in zip(pieces[1::2], pieces[2::2]):
            found = self.parts.get(key)
            elements = found.elements(self.md.htmlStash.store) if found is not None else []
            if isinstance(found, Tag | Quote | CaptureBound):
                texts.append(found.raw(self.md.htmlStash.store))
            if elements:
                built += elements
                texts = [elements[-1].tail or ""]
                tails.append((elements[-1], texts))
            texts.append(after)
        for element, texts in tails:
            element.tail = "".join(texts)
        return "".join(lead), built

    def _clean_attributes(self, root: etree.Element) -> None:
        """Attributes Python-Markdown fills with text (an image's alt text, a link's title)
        get a part's text for its marker, and lose any other marker."""
        for tag, names in _TEXT_ATTRIBUTES.items():
            for el in root.iter(tag):
                for name in names:
                    value = el.get(name)
                    if _has_marker(value):
                        el.set(name, strip_markers(PART_RE.sub(self._part_text, value)))

    def _part_text(self, m: re.Match[str]) -> str:
        found = self.parts.get(m.group(1))
        return found.text if found is not None else ""

    # -- embeds --------------------------------------------------------------------

    def _wrap_embeds(self, parent: etree.Element, wrappers: list[etree.Element], parents: dict) -> None:
        """Wrap each outermost open...close run of ``parent``'s children; nested runs move along.

        ``parents`` is kept up to date for the elements that move.
        """
        children = list(parent)
        pairs, depth, opened = [], 0, 0
        for index, child in enumerate(children):
            if _is_open(child):
                if depth == 0:
                    opened = index
                depth += 1
            elif _is_close(child) and depth:
                depth -= 1
                if depth == 0:
                    pairs.append((opened, index))
        for start, end in reversed(pairs):
            wrapper = self._wrap(parent, children, start, end, parents)
            wrappers.append(wrapper)
            self._wrap_embeds(wrapper[0], wrappers, parents)

    def _wrap(
        self, parent: etree.Element, children: list[etree.Element], start: int, end: int, parents: dict
    ) -> etree.Element:
        head, close = children[start], children[end]
        m = EMBED_OPEN_RE.search(head.text or "")
        kind, block_id = (m.group(1), m.group(2)) if m else ("block", "")
        wrapper = etree.Element("div", {"class": f"{EMBED_CLASS} {EMBED_CLASS}--{kind}"})
        if block_id:
            wrapper.set("data-block-id", f"^{block_id}")
        content = etree.SubElement(wrapper, "div", {"class": f"{EMBED_CLASS}__content"})
        moved = children[start + 1 : end]
        content.extend(moved)
        parents.update((child, content) for child in moved)
        wrapper.tail, close.tail = close.tail, None
        head.tag = "div"
        head.set("class", f"{EMBED_CLASS}__source")
        head.text = EMBED_OPEN_RE.sub("", head.text or "").lstrip()
        head.tail = None
        wrapper.append(head)
        # Runs are wrapped from the last one on, so ``start`` is still the head's place; one slice
        # instead of a search and a removal per child (quadratic for an embed of many blocks).
        parent[start : end + 1] = [wrapper]
        parents.update({wrapper: parent, content: wrapper, head: wrapper})
        parents.pop(close, None)
        return wrapper

    def _mark_embedded_headings(self, wrappers: list[etree.Element]) -> None:
        """Headings quoted from another note are not headings of this page (no TOC entry, no id)."""
        for wrapper in wrappers:
            for heading in [el for el in wrapper[0].iter() if el.tag in _HEADINGS]:
                level = heading.tag[1]
                heading.tag = "div"
                heading.set("class", f"{EMBED_CLASS}__heading {EMBED_CLASS}__heading--h{level}")
                heading.set("role", "heading")
                heading.set("aria-level", level)

    # -- block ids -----------------------------------------------------------------

    def _name_embeds(self, wrappers: list[etree.Element], parents: dict) -> None:
        """An embed named by a glued ``]]^id`` gets that id, unless it is itself quoted elsewhere."""
        for wrapper in wrappers:
            if wrapper.get("data-block-id") and not self._inside_embed(wrapper, parents):
                wrapper.set("id", wrapper.attrib.pop("data-block-id"))

    def _assign_block_ids(self, marked: list[etree.Element], parents: dict) -> None:
        for el in marked:
            for text, holder in ((el.text, el), (el.tail, parents.get(el))):
                if text and holder is not None and BLOCK_START in text:
                    for m in BLOCK_MARK_RE.finditer(text):
                        self._assign(holder, m.group(1), m.group(2), parents)

    def _assign(self, holder: etree.Element, kind: str, block_id: str, parents: dict) -> None:
        if kind == "h":
            self._name_raw_block(holder, f"^{block_id}", parents)
            return
        target = self._target(holder, kind, parents)
        if target is None:
            return
        anchor = f"^{block_id}"
        if self._inside_embed(target, parents):
            target.set("data-block-id", anchor)
        elif "id" not in target.attrib:
            target.set("id", anchor)
        self._fill_empty_title(holder, parents)

    def _name_raw_block(self, holder: etree.Element, anchor: str, parents: dict) -> None:
        """An ``^id`` after raw HTML or code: its marker is a paragraph of its own, right after the
        paragraph that holds the block's placeholder (Python-Markdown puts raw blocks back after
        the tree is built). That one becomes a ``div`` with the id; the marker's paragraph goes."""
        parent = parents.get(holder)
        if parent is None or holder.tag != "p" or len(holder) or strip_markers(holder.text or "").strip():
            return
        siblings = list(parent)
        position = siblings.index(holder)
        block = siblings[position - 1] if position else None
        if block is None or block.tag != "p" or len(block) or not _is_placeholder(block.text):
            return
        block.tag = "div"
        block.set("data-block-id" if self._inside_embed(block, parents) else "id", anchor)
        block.tail = (block.tail or "") + (holder.tail or "")
        parent.remove(holder)

    def _target(self, holder: etree.Element, kind: str, parents: dict) -> etree.Element | None:
        """The element the block id names; never the document root (it is not part of the page)."""
        fallback = None
        el: etree.Element | None = holder
        while el is not None and el in parents:
            if any(_matches(el, selector) for selector in _KIND_TAGS[kind]):
                return el
            if fallback is None and el.tag in _BLOCK_TAGS:
                fallback = el
            el = parents.get(el)
        return fallback if fallback is not None else (holder if holder in parents else None)

    def _inside_embed(self, el: etree.Element, parents: dict) -> bool:
        el = parents.get(el)
        while el is not None:
            if EMBED_CLASS in _classes(el):
                return True
            el = parents.get(el)
        return False

    def _fill_empty_title(self, holder: etree.Element, parents: dict) -> None:
        """A callout without a title whose only text was the block marker shows its type."""
        is_title = holder.tag == "summary" or "admonition-title" in _classes(holder)
        if not is_title or len(holder) or ANY_MARKER_RE.sub("", BLOCK_MARK_RE.sub("", holder.text or "")).strip():
            return
        box = parents.get(holder)
        kinds = [c for c in _classes(box) if c not in ("admonition",)] if box is not None else []
        holder.text = (kinds[0] if kinds else "note").capitalize()


class LineBreakTreeprocessor(Treeprocessor):
    """Markdown's hard line breaks (two spaces at a line's end), each made a ``<br>``.

    Python-Markdown's inline pattern for them copies the whole text it is in for every break,
    which is quadratic in a paragraph of many lines, and the plugin gives every line of a
    vault paragraph such a break (Obsidian shows one). This takes that pattern's place and
    leaves what it would have: a ``<br>`` per break, with the text after the break as its tail,
    in every text the inline patterns read (code spans are atomic: they keep their spaces).
    """

    def run(self, root: etree.Element) -> None:
        found = [el for el in root.iter() if LINE_BREAK in (el.tail or "") or _breaks_text(el) and el is not root]
        if not found:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        after: dict[etree.Element, dict[etree.Element, list[etree.Element]]] = {}
        for el in found:
            if _breaks_text(el) and el is not root:
                el.text, breaks = _split_breaks(el.text)
                _insert(el, 0, breaks, parents)
            if LINE_BREAK in (el.tail or "") and el in parents:
                el.tail, breaks = _split_breaks(el.tail)
                after.setdefault(parents[el], {})[el] = breaks
        for parent, breaks_after in after.items():
            _insert_after(parent, breaks_after, parents)


def _breaks_text(el: etree.Element) -> bool:
    return bool(el.text) and LINE_BREAK in el.text and not isinstance(el.text, AtomicString)


def _split_breaks(text: str) -> tuple[str, list[etree.Element]]:
    """The text before the first break, and a ``<br>`` per break with the text after it as tail."""
    first, *rest = text.split(LINE_BREAK)
    breaks = []
    for tail in rest:
        br = etree.Element("br")
        br.tail = tail
        breaks.append(br)
    return first, breaks


class ObsidianExtension(Extension):
    """Register with ``markdown.Markdown(extensions=[ObsidianExtension()])``."""

    def __init__(self, stopwatch: Stopwatch | None = None, parts: Mapping[str, Part] | None = None, **kwargs) -> None:
        """``parts``: the parts of the pages to be rendered (``Page.parts``), by key."""
        super().__init__(**kwargs)
        self.stopwatch = stopwatch
        self.parts = parts

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API name
        processor = ObsidianTreeprocessor(md, self.stopwatch, self.parts)
        md.treeprocessors.register(processor, "obsidian_embeds", PRIORITY)
        register_nested_footnotes(md)
        if "linebreak" in md.inlinePatterns:
            md.inlinePatterns.deregister("linebreak")
            md.treeprocessors.register(LineBreakTreeprocessor(md), "obsidian_line_breaks", LINE_BREAK_PRIORITY)
