"""Quoted text hidden from the search plugins, which index a page in ``on_page_context``
(priority 0) from ``page.content``, and put back once they have."""

from __future__ import annotations

from mkdocs.structure.pages import Page

from ..engine.quoted import split_quoted_text, with_quoted_text
from ..engine.timing import Stopwatch


class HiddenQuotes:
    """Pages whose quoted text is hidden from the search plugins: full content, quoted parts."""

    def __init__(self, stopwatch: Stopwatch) -> None:
        self._stopwatch = stopwatch
        self._hidden: dict[str, tuple[str, list[str]]] = {}

    def clear(self) -> None:
        """Forget pages left hidden: only a build that failed between hiding and restoring leaves any."""
        self._hidden.clear()

    def hide(self, page: Page) -> None:
        if not page.content:
            return
        with self._stopwatch.measure():
            searchable, quoted = split_quoted_text(page.content)
        if quoted:
            self._hidden[page.file.src_uri] = (page.content, quoted)
            page.content = searchable

    def restore(self, page: Page) -> None:
        """Splice the quoted text back into the page as the search plugins left it; should a
        placeholder have gone missing, the page as it was before them."""
        hidden = self._hidden.pop(page.file.src_uri, None)
        if hidden is not None:
            full, quoted = hidden
            page.content = with_quoted_text(page.content or "", quoted) or full
