"""The MkDocs adapter: what only a MkDocs plugin can do (the vault from MkDocs' files, privacy
against its exclusions, the badge and the review report, search, ``serve``)."""

from .plugin import ObsidianEmbedsPlugin

__all__ = ["ObsidianEmbedsPlugin"]
