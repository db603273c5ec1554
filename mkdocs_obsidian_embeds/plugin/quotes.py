"""Quoted blocks filled in from their sources' pages once every page is rendered (``on_env``),
MkDocs' side of engine/rendered_quotes.py: the pages' contents and URLs."""

from __future__ import annotations

from urllib.parse import urljoin

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .log import log
from ..engine.parts import Quote
from ..engine.render import Page as RenderedPage
from ..engine.rendered_quotes import blocks_of, fill, quoted_html

_ROOT = "http://site/"


def fill_quotes(files: Files, rendered: dict[str, RenderedPage]) -> None:
    """Replace each rendered page's quote comments with the blocks from their sources' pages.

    Every block is cut from its source's page before any page is filled (a quoted block holds
    no quote itself, so the sources' HTML is final); each source page is scanned once."""
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    elements: dict[tuple[str, str], tuple[str, str] | None] = {}
    hosts: list[tuple[File, RenderedPage]] = []
    for host_path, result in rendered.items():
        host = files.get_file_from_path(host_path) if result.quotes else None
        if host is None or host.page is None or host.page.content is None:
            continue
        hosts.append((host, result))
        for quote in result.quotes:
            key = (quote.source, quote.block_id.lower())
            if key not in elements:
                elements[key] = _element(files, quote, spans)
    for host, result in hosts:

        def element_of(quote: Quote, host_url: str = host.url) -> str | None:
            found = elements[(quote.source, quote.block_id.lower())]
            return quoted_html(found[0], found[1], host_url, rebase) if found is not None else None

        host.page.content, missing = fill(host.page.content, result.quotes, element_of)
        for quote in missing:
            log.warning("%s: the block '^%s' of %s is not on its page: its text is shown", host.src_uri, quote.block_id, quote.source)


def _element(files: Files, quote: Quote, spans: dict[str, dict[str, tuple[int, int]]]) -> tuple[str, str] | None:
    """The HTML of the quoted block on its source's page, and that page's URL."""
    source = files.get_file_from_path(quote.source)
    content = source.page.content if source is not None and source.page is not None else None
    if content is None:
        return None
    if quote.source not in spans:
        spans[quote.source] = blocks_of(content)
    span = spans[quote.source].get(quote.block_id.lower())
    return (content[span[0] : span[1]], source.url) if span is not None else None


def rebase(url: str, source_url: str, host_url: str) -> str:
    """A relative URL written on the page at ``source_url``, as written on the page at ``host_url``."""
    path, hash_mark, fragment = url.partition("#")
    target = urljoin(_ROOT + source_url, path).removeprefix(_ROOT) if path else source_url
    if target == host_url and hash_mark:
        return f"#{fragment}"
    relative = get_relative_url(target, host_url)
    return relative + (f"#{fragment}" if hash_mark else "")


def rendered_in(files: Files, dirty: bool):
    """Whether a note's page is rendered in this build: every page is, but in a dirty one."""

    def rendered_here(note) -> bool:
        if dirty:
            return False
        file = files.get_file_from_path(note.site_path)
        return file is not None and file.is_documentation_page()

    return rendered_here
