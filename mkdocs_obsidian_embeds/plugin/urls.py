"""Relative URLs between the site's pages, for HTML moved from one page to another."""

from __future__ import annotations

from urllib.parse import urljoin

from mkdocs.utils import get_relative_url

_ROOT = "http://site/"


def rebase(url: str, source_url: str, host_url: str) -> str:
    """A relative URL written on the page at ``source_url``, as written on the page at ``host_url``."""
    path, hash_mark, fragment = url.partition("#")
    target = urljoin(_ROOT + source_url, path).removeprefix(_ROOT) if path else source_url
    if target == host_url and hash_mark:
        return f"#{fragment}"
    relative = get_relative_url(target, host_url)
    return relative + (f"#{fragment}" if hash_mark else "")
