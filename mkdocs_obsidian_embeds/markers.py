"""Private-use markers that carry block ids and embed boundaries through Python-Markdown.

The text rewriter runs before Markdown; the element-tree processor runs after it. Between
the two, Python-Markdown treats these characters as ordinary text (they are neither
markup nor HTML), so they come out in the element tree exactly where the rewriter put
them, and the tree processor turns them into ids and wrapper elements.
"""

from __future__ import annotations

import re

BLOCK_START = "\ue000"
BLOCK_END = "\ue001"
EMBED_OPEN = "\ue002"
EMBED_CLOSE = "\ue003"
FIELD_END = "\ue004"
PART = "\ue005"

# What a block marker names, by its one-letter kind: p paragraph, i list item, l list,
# t table, q quote or callout, e embed (extension._KIND_TAGS maps them to elements).

BLOCK_MARK_RE = re.compile(f"{BLOCK_START}([piltqe])([A-Za-z0-9_-]+){BLOCK_END}")
EMBED_OPEN_RE = re.compile(f"{EMBED_OPEN}([a-z]+):([A-Za-z0-9_-]*){FIELD_END}")
PART_RE = re.compile(f"{PART}([0-9a-f.]+){FIELD_END}")
ANY_MARKER_RE = re.compile(f"[{BLOCK_START}-{PART}]")


def block_mark(kind: str, block_id: str) -> str:
    """Marker naming the block ``block_id`` of kind ``kind`` (a key of BLOCK_KINDS)."""
    return f"{BLOCK_START}{kind}{block_id}{BLOCK_END}"


def embed_open(kind: str, block_id: str = "") -> str:
    """Marker opening an embed of ``kind``; ``block_id`` names the embed itself (``]]^id``)."""
    return f"{EMBED_OPEN}{kind}:{block_id}{FIELD_END}"


def part(key: str) -> str:
    """Marker standing for the part ``key`` of the page (parts.py), which the tree processor builds."""
    return f"{PART}{key}{FIELD_END}"


def strip_markers(text: str) -> str:
    """Text without any marker, e.g. for excerpts and plain-text titles."""
    return ANY_MARKER_RE.sub("", PART_RE.sub("", BLOCK_MARK_RE.sub("", EMBED_OPEN_RE.sub("", text))))
