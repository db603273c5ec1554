"""Sources of the pages the plugin generates (the review report)."""

from __future__ import annotations

import tempfile
from pathlib import Path


class GeneratedSources:
    """A generated page's source is written to a file of its own outside the site's folders:
    other plugins (mkdocs-static-i18n) expect every page to have a source path."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory | None = None

    def write(self, src_uri: str, text: str) -> str:
        """Write ``text`` as the source of the page at ``src_uri``; the file's path."""
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="obsidian-embeds-")
        path = Path(self._folder.name, src_uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)

    def cleanup(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
