"""Footnote definitions nested in another footnote's definition: footnotes of their own.

Python-Markdown's footnotes extension renders each definition by parsing its text while it
iterates over the definitions; a definition inside that text (``[^1]: one`` followed by the
indented ``    [^2]: two``) is added to the dictionary being iterated, and the page fails with
"OrderedDict mutated during iteration". ``NestedFootnotesTreeprocessor`` runs just before the
extension's tree processor and gives it a dictionary whose ``keys()`` also yields the
definitions added while it is iterated, so each one becomes a footnote of the page; just after
it, a plain dictionary is put back.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from itertools import islice
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

#: Python-Markdown's footnotes extension registers its tree processor under this name, at 50.
FOOTNOTES = "footnote"
#: Just before it (and, for the plain dictionary back, just after it).
PRIORITY = 51


class GrowingFootnotes(OrderedDict):
    """Footnote definitions whose ``keys()`` yields, after the ones there when it started, those
    added while it is iterated (Python-Markdown adds a nested definition at the end)."""

    def keys(self) -> _GrowingKeys:  # type: ignore[override]
        return _GrowingKeys(self)


class _GrowingKeys:
    """The keys of a ``GrowingFootnotes``: ``in`` looks one up, iterating also yields those added meanwhile."""

    def __init__(self, footnotes: GrowingFootnotes) -> None:
        self._footnotes = footnotes

    def __contains__(self, key: object) -> bool:
        return key in self._footnotes

    def __len__(self) -> int:
        return len(self._footnotes)

    def __iter__(self) -> Iterator[str]:
        done = 0
        while done < len(self._footnotes):
            batch = list(islice(OrderedDict.keys(self._footnotes), done, None))
            done += len(batch)
            yield from batch


class NestedFootnotesTreeprocessor(Treeprocessor):
    """Registered twice: just before the footnotes' tree processor (``growing``) to swap in the
    ``GrowingFootnotes``, just after it to swap a plain dictionary back, whose ``keys()`` the
    footnote references (parsed later, by the inline processor) look their numbers up in."""

    def __init__(self, md: Markdown, growing: bool) -> None:
        super().__init__(md)
        self.growing = growing

    def run(self, root: etree.Element) -> None:
        footnotes = getattr(self.md.treeprocessors[FOOTNOTES], "footnotes", None) if FOOTNOTES in self.md.treeprocessors else None
        found = getattr(footnotes, "footnotes", None)
        if self.growing and type(found) is OrderedDict and found:
            footnotes.footnotes = GrowingFootnotes(found)
        elif not self.growing and type(found) is GrowingFootnotes:
            footnotes.footnotes = OrderedDict(found)


def register(md: Markdown) -> None:
    """The two halves of ``NestedFootnotesTreeprocessor`` around the footnotes' tree processor."""
    md.treeprocessors.register(NestedFootnotesTreeprocessor(md, growing=True), "obsidian_nested_footnotes", PRIORITY)
    md.treeprocessors.register(NestedFootnotesTreeprocessor(md, growing=False), "obsidian_nested_footnotes_done", PRIORITY - 2)
