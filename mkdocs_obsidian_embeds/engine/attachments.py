"""Markup for embedded attachments: images, audio, video, PDFs, and a link for anything else."""

from __future__ import annotations

import html
import posixpath
import re

from .inline import WikiLink
from .parts import Image, Link, Part
from .vault import VaultFile

IMAGES = frozenset({"png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif"})
AUDIO = frozenset({"mp3", "wav", "m4a", "ogg", "3gp", "flac"})
VIDEO = frozenset({"mp4", "webm", "ogv", "mov", "mkv"})
_SIZE = re.compile(r"^(\d+)(?:x(\d+))?$")
_PAGE = re.compile(r"(?:^|&)page=(\d+)")


def attachment_markup(file: VaultFile, link: WikiLink, href: str, url: str) -> Part | str:
    """What embeds ``file``: a part (image, link) or escaped raw HTML (audio, video, PDF).

    ``href`` is docs-relative (MkDocs rewrites it), ``url`` page-relative (raw HTML keeps it).
    """
    ext = posixpath.splitext(file.path)[1].lower().lstrip(".")
    size = _SIZE.match(link.display or "")
    alt = link.display if link.display and not size else posixpath.splitext(file.name)[0]
    if ext in IMAGES:
        return Image(alt, href, size.group(1) if size else "", (size.group(2) or "") if size else "")
    src = html.escape(url, quote=True)
    if ext in AUDIO:
        return f'<audio class="obsidian-media" controls src="{src}"></audio>'
    if ext in VIDEO:
        return f'<video class="obsidian-media" controls src="{src}"{_size_attrs(size)}></video>'
    if ext == "pdf":
        page = _PAGE.search(link.fragment)
        anchor = f"#page={page.group(1)}" if page else ""
        name = html.escape(file.name)
        return (
            f'<iframe class="obsidian-pdf" src="{src}{anchor}" title="{name}"{_size_attrs(size)}></iframe>'
            f'<a class="obsidian-pdf__link" href="{src}{anchor}">Open {name}</a>'
        )
    return Link(link.display or file.name, href)


def _size_attrs(size: re.Match[str] | None) -> str:
    if not size:
        return ""
    return f' width="{size.group(1)}"' + (f' height="{size.group(2)}"' if size.group(2) else "")
