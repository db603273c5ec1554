"""The logger of every message the plugin writes: MkDocs prefixes them with the plugin's name."""

from __future__ import annotations

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("obsidian-embeds")
