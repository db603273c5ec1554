"""Footnote definitions nested in another footnote's definition, as Obsidian reads them: footnotes
of their own.

Python-Markdown's footnotes extension renders each definition by parsing its text while it
iterates over the definitions; a definition inside that text (``[^1]: one`` followed by the
indented ``    [^2]: two``) is added to the dictionary being iterated, and the page fails with
"OrderedDict mutated during iteration". ``NestedFootnotesTreeprocessor`` runs just before the
extension's tree processor and gives it a dictionary whose ``keys()`` also yields the
definitions added while it is iterated, so each one becomes a footnote of the page.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from itertools import islice
from xml.etree import ElementTree as etree

from markdown.treeprocessors import Treeprocessor

#: Python-Markdown's footnotes extension registers its tree processor under this name, at 50.
FOOTNOTES = "footnote"
#: Just before it.
PRIORITY = 51


class GrowingFootnotes(OrderedDict):
    """Footnote definitions whose ``keys()`` yields, after the ones there when it started, those
    added while it is iterated (Python-Markdown adds a nested definition at the end)."""

    def keys(self) -> Iterator[str]:  # type: ignore[override]
        done = 0
        while done < len(self):
            batch = list(islice(super().keys(), done, None))
            done += len(batch)
            yield from batch


class NestedFootnotesTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        footnotes = getattr(self.md.treeprocessors[FOOTNOTES], "footnotes", None) if FOOTNOTES in self.md.treeprocessors else None
        found = getattr(footnotes, "footnotes", None)
        if type(found) is OrderedDict and found:
            footnotes.footnotes = GrowingFootnotes(found)
