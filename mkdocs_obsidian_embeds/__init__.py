"""Publish Obsidian vault content with MkDocs: wikilinks, block anchors, citations and transclusion."""

__version__ = "0.1.0"
