"""The Python-Markdown extension: the tree processors that build the engine's output into the
page, and ``obsidian_embeds``, the front door for Zensical and any tool that runs the
extensions a site lists (``standalone.py``)."""

from .standalone import ObsidianEmbedsExtension, makeExtension

__all__ = ["ObsidianEmbedsExtension", "makeExtension"]
