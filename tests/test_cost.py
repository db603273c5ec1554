"""Cost stays proportional to the input: one test per class of input that once took time growing
with the square (or cube) of its size.

Each input is large enough that the quadratic path took from many seconds to minutes, and a
linear one takes well under a second. The tests assert what comes out; the time only shows as
the guard below, which fails a test that runs for more than 20 seconds instead of letting it
hang. ``benchmarks/pathological.py`` times the same classes against a plain MkDocs build.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator

import markdown
import pytest
from markdown.extensions.toc import slugify

from mkdocs_obsidian_embeds import fragments
from mkdocs_obsidian_embeds.callouts import convert_callouts
from mkdocs_obsidian_embeds.extension import ObsidianExtension
from mkdocs_obsidian_embeds.inline import code_spans, plain_text
from mkdocs_obsidian_embeds.markers import ANY_MARKER_RE
from mkdocs_obsidian_embeds.notes import parse_note
from mkdocs_obsidian_embeds.plugin import EXTENSIONS
from mkdocs_obsidian_embeds.render import Options, Page, Renderer, _rename_footnotes, _strip_container
from mkdocs_obsidian_embeds.vault import Note, VaultIndex

SECONDS = 20


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    """Fail a test that runs longer than SECONDS (where the platform has SIGALRM)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        pytest.fail(f"took more than {SECONDS} s: the cost is no longer proportional to the input")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _render(files: dict[str, str], name: str = "index.md", **options) -> tuple[str, Page]:
    """The page's HTML as the plugin makes it, without MkDocs: engine, Python-Markdown, tree processor."""
    notes = [Note(path, path, "", text=text) for path, text in files.items()]
    index = VaultIndex(notes)
    renderer = Renderer(index, Options(slugify=slugify, **options), lambda target, host: target.site_path)
    text, page = renderer.render(index.get(name))
    html = markdown.markdown(text, extensions=[*EXTENSIONS, ObsidianExtension(parts=page.parts)])
    assert not ANY_MARKER_RE.search(html)
    return html, page


TARGET = "# Target\n\n## Section\n\nA paragraph. ^blk\n"


# -- lines: regexes and scans that restarted at every opener -------------------------------


def test_code_spans_on_a_line_of_unclosed_backtick_runs():
    unclosed = " ".join("`" * length for length in range(601, 2, -2))  # no later run of these lengths
    line = unclosed + " " + "a``b`` " * 20_000
    spans = code_spans(line)
    assert len(spans) == 20_000
    first = len(unclosed) + 2
    assert spans[0] == (first, first + 5) and line[spans[-1][0] : spans[-1][1]] == "``b``"


def test_comments_between_code_spans_on_one_line():
    note = parse_note("`x`%%" * 40_000 + "\n\nAfter.\n")
    assert note.lines[0] == "`x`" * 20_000 and note.lines[2] == "After."  # every second `x` is commented out


def test_callout_title_of_many_spaces():
    text = convert_callouts("> [!note] a" + " " * 100_000 + "b\n> body\n")
    header, body = text.split("\n")[:2]
    assert header == '!!! note "a' + " " * 100_000 + 'b"' and body == "    body"
    assert convert_callouts("> [!tip]-" + " " * 100_000 + "\n> body\n") == "??? tip\n    body\n"


@pytest.mark.parametrize(
    ("heading", "slug"),
    [("{#a " * 6_000, "a-a-a"), ("{# " * 8_000 + "}", "_1"), ("{#a " * 6_000 + "{#id }", "id")],
    ids=["openers", "ids-never-follow", "closed-at-the-end"],
)
def test_a_long_heading_of_attribute_list_openers(heading, slug):
    note = parse_note(f"# {heading}\n\n# a a a\n")
    slugs = fragments.heading_slugs(note, slugify, "-")
    assert slugs[1] == "a-a-a"
    assert slugs[0] == (slug if slug != "a-a-a" else slugify(note.headings[0].text, "-"))


@pytest.mark.parametrize("line", ["[" * 50_000, "<" * 50_000, "[^" * 25_000, "[a](" * 12_000, "^[^" * 16_000])
def test_plain_text_of_a_line_of_openers_keeps_it(line):
    assert plain_text(line) == line


def test_plain_text_of_a_heading_with_many_wikilinks():
    assert plain_text("[[Target|T]] " * 30_000) == " ".join(["T"] * 30_000)


def test_footnote_references_in_embedded_text_on_a_long_line():
    refs: set[str] = set()
    assert _rename_footnotes("[^a" * 60_000, "e1", refs) == "[^a" * 60_000 and not refs
    assert _rename_footnotes("x[^a" * 60_000 + "]", "e1", refs) == "x[^e1-a" + "x[^a" * 59_999 + "]"
    assert refs == {"a" + "x[^a" * 59_999}


def test_container_prefix_of_a_cited_line():
    assert _strip_container("> " * 100_000 + "- " * 50_000 + "text") == "text"


def test_markdown_link_destinations_after_many_openers():
    html, _ = _render({"index.md": "](< " * 80_000 + "\n\n[ok](Target.md)\n", "Target.md": TARGET})
    assert '<a href="Target.md">ok</a>' in html and html.count("](&lt;") == 80_000


# -- notes: loops over a note's blocks and headings ----------------------------------------


def test_own_line_block_ids_after_many_paragraphs():
    note = parse_note("".join(f"Paragraph {i}.\n\n^id{i}\n\n" for i in range(20_000)))
    assert len(note.blocks) == 20_000
    assert note.blocks["id19999"].kind == "p" and note.blocks["id19999"].start == 4 * 19_999


def test_many_links_to_many_headings():
    headings = "".join(f"## Heading {i}\n\nText {i}.\n\n" for i in range(5_000))
    links = "".join(f"- [[#Heading {i}]]\n" for i in range(5_000))
    html, page = _render({"index.md": headings + links})
    assert page.problems == []
    assert '<a href="#heading-4999">Heading 4999</a>' in html and html.count('<a href="#heading-') == 5_000


def test_duplicate_headings_get_unique_slugs():
    note = parse_note("# a\n\n" * 20_000)
    slugs = fragments.heading_slugs(note, slugify, "-")
    assert slugs[:3] == ["a", "a_1", "a_2"] and slugs[-1] == "a_19999" and len(set(slugs)) == 20_000


def test_citations_of_one_long_block():
    block = "Cited words " * 20_000 + "^blk\n"
    host = "".join(f"Claim {i}.[^{i}]\n\n" for i in range(3_000)) + "".join(f"[^{i}]: [[Src#^blk]]\n" for i in range(3_000))
    html, page = _render({"index.md": host, "Src.md": block})
    assert page.problems == []
    assert html.count('class="obsidian-citation__excerpt">“Cited words') == 3_000


# -- the page: Python-Markdown and the tree processor ------------------------------------


def test_a_long_paragraph_with_a_link_and_a_line_break_per_line():
    lines = 30_000
    html, page = _render({"index.md": "".join(f"Line {i} links to [[Target]] here.\n" for i in range(lines)), "Target.md": TARGET})
    assert html.count('<a href="Target.md">Target</a>') == lines
    assert html.count("<br />") == lines - 1
    assert "Line 0 links to <a" in html and f"Line {lines - 1} links to <a" in html


def test_line_breaks_stay_out_of_code_spans_and_keep_emphasis():
    html, _ = _render({"index.md": "a *b*\nc `d  \ne` f\n*g*\n"})
    assert html == "<p>a <em>b</em><br />\nc <code>d  \ne</code> f<br />\n<em>g</em></p>"


def test_many_links_on_one_line():
    html, _ = _render({"index.md": "[[Target]] " * 30_000 + "\n", "Target.md": TARGET})
    assert html.count('<a href="Target.md">Target</a>') == 30_000


def test_many_highlights_on_one_line():
    html, page = _render({"index.md": "==a== " * 30_000 + "\n"})
    assert html.count("<mark>a</mark>") == 30_000 and len(page.parts) == 2


def test_an_embed_of_many_blocks():
    source = "".join(f"Paragraph {i}.\n\n" for i in range(20_000))
    html, page = _render({"index.md": "Before.\n\n![[Src]]\n\nAfter.\n", "Src.md": source})
    content = html.split('<div class="obsidian-embed__content">', 1)[1]
    assert content.count("<p>Paragraph ") == 20_000 and "<p>After.</p>" in html


# -- embed bombs ------------------------------------------------------------------------


def _bomb(kind: str) -> dict[str, str]:
    """41 notes, each embedding the next one ten times (whole notes, blocks or headings)."""
    files = {"index.md": "# Host\n\nThe top of the host page.\n\n![[N0]]\n\nThe end of the host page.\n"}
    for i in range(41):
        embed = {"note": f"![[N{i + 1}]]\n\n", "block": f"- ![[N{i + 1}#^b]]\n", "heading": f"![[N{i + 1}#H]]\n\n"}[kind]
        files[f"N{i}.md"] = f"# H\n\nNote {i} says hello.\n\n" + embed * 10 + ("\n^b\n" if kind == "block" else "")
    files["N41.md"] = "# H\n\nThe last note. ^b\n"
    return files


@pytest.mark.parametrize("kind", ["note", "block", "heading"])
def test_an_embed_bomb_stops_with_one_warning_and_keeps_the_page(kind):
    html, page = _render(_bomb(kind))
    assert len(page.problems) == 1
    message = page.problems[0].message
    first = {"note": "![[N8]]", "block": "![[N8#^b]]", "heading": "![[N8#H]]"}[kind]
    assert re.fullmatch(
        rf"embed '{re.escape(first)}' not expanded: embeds nested deeper than 8 levels"
        r" \(and \d+ more embeds on this page stopped by the limits\)",
        message,
    ), message
    more = int(re.search(r"and (\d+) more", message).group(1))
    assert more + 1 == html.count("obsidian-embed--stopped")
    assert page.problems[0].line == 5
    assert "<p>The top of the host page.</p>" in html and "<p>The end of the host page.</p>" in html
    assert page.met <= Options(slugify=slugify).max_embeds + 1 + 10 * 9
    assert len(html) < 2_000_000


def test_an_embed_bomb_in_a_site_gives_one_warning_per_page(site_builder):
    site = site_builder(_bomb("note"))
    warnings = site.plugin_warnings()
    pages = [w.split(":")[1].strip() for w in warnings]
    assert len(pages) == len(set(pages)) and "index.md" in pages
    assert all("not expanded" in w and "stopped by the limits" in w for w in warnings)
    assert "The end of the host page." in site.content("index")


def test_the_size_and_count_limits_each_stop_a_page_once():
    files = {"index.md": "".join(f"![[S{i}]]\n\n" for i in range(300)) + "The end.\n"}
    files.update({f"S{i}.md": f"Source {i} " + "text " * 2_000 for i in range(300)})
    html, page = _render(files)
    assert [p.message for p in page.problems] == [
        "embed '![[S20]]' not expanded: embedded content exceeds 200000 characters on this page"
        " (and 279 more embeds on this page stopped by the limits)"
    ]
    assert page.problems[0].line == 41 and "<p>The end.</p>" in html
    html, page = _render(files, max_chars=10_000_000)
    assert [p.message for p in page.problems] == [
        "embed '![[S200]]' not expanded: more than 200 embeds on this page (and 99 more embeds on this page stopped by the limits)"
    ]


def test_cycles_are_one_warning_per_page_apart_from_the_limits():
    files = {"index.md": "![[A]]\n\n![[A]]\n\n![[A]]\n", "A.md": "A text\n\n![[B]]\n", "B.md": "B text\n\n![[A]]\n"}
    html, page = _render(files)
    assert [p.message for p in page.problems] == [
        "embed '![[A]]' not expanded: embed cycle: index → A → B → A (closed by the embed in B.md:3) (and 2 more embeds on this page stopped by cycles)"
    ]
    assert html.count("A text") == 3 and html.count("obsidian-embed--stopped") == 3
