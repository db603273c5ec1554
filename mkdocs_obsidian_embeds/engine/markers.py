"""Markers that carry block ids, embed boundaries and parts through Python-Markdown.

The text rewriter runs before Markdown; the element-tree processor runs after it. Between
the two, Python-Markdown treats a marker as ordinary text (it is neither markup nor HTML),
so it comes out in the element tree exactly where the rewriter put it, and the tree
processor turns it into an id, a wrapper element or a part of the page.

Every marker is ``MARK`` (a control character followed by a random token drawn once
per process) then a kind letter, a payload and ``FIELD_END``. A note cannot know the
token, so such characters that a note contains stay text: only markers the
rewriter wrote are read, and only those are removed.
"""

from __future__ import annotations

import re
import secrets

#: Control characters that neither Python-Markdown (which strips STX and ETX, its own) nor an
#: extension gives a meaning; ASCII, so a page of ASCII text stays one byte per character.
MARK_CHAR = "\x0e"
#: Drawn once per process: what a note cannot know, so cannot forge.
TOKEN = secrets.token_hex(6)
MARK = MARK_CHAR + TOKEN
FIELD_END = "\x0f"

BLOCK_START = MARK + "b"
BLOCK_END = FIELD_END
EMBED_OPEN = MARK + "o"
EMBED_CLOSE = MARK + "c" + FIELD_END
PART = MARK + "k"

# What a block marker names, by its one-letter kind: p paragraph, i list item, l list,
# t table, q quote or callout, e embed (extension/processors.py's _KIND_TAGS maps them to elements), h raw
# HTML or code (the block just before the marker's own paragraph).

BLOCK_MARK_RE = re.compile(f"{BLOCK_START}([piltqeh])([A-Za-z0-9_-]+){BLOCK_END}")
EMBED_OPEN_RE = re.compile(f"{EMBED_OPEN}([a-z]+):([A-Za-z0-9_-]*){FIELD_END}")
PART_RE = re.compile(f"{PART}([0-9a-f.]+){FIELD_END}")
ANY_MARKER_RE = re.compile(f"{MARK}[bock][A-Za-z0-9_:.-]*{FIELD_END}")


def block_mark(kind: str, block_id: str) -> str:
    """Marker naming the block ``block_id`` of kind ``kind`` (one of the letters above)."""
    return f"{BLOCK_START}{kind}{block_id}{BLOCK_END}"


def embed_open(kind: str, block_id: str = "") -> str:
    """Marker opening an embed of ``kind``; ``block_id`` names the embed itself (``]]^id``)."""
    return f"{EMBED_OPEN}{kind}:{block_id}{FIELD_END}"


def part(key: str) -> str:
    """Marker standing for the part ``key`` of the page (parts.py), which the tree processor builds."""
    return f"{PART}{key}{FIELD_END}"


def strip_markers(text: str) -> str:
    """Text without any marker, e.g. for excerpts and plain-text titles."""
    return ANY_MARKER_RE.sub("", text) if MARK in text else text
