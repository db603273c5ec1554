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
import time
import xml.etree.ElementTree as etree
from collections.abc import Iterator

import markdown
import pytest
from markdown.extensions.toc import slugify

from conftest import without_link_extras
from mkdocs_obsidian_embeds.engine import fragments
from mkdocs_obsidian_embeds.engine.callouts import convert_callouts
from mkdocs_obsidian_embeds.extension.processors import ObsidianExtension
from mkdocs_obsidian_embeds.engine.html_blocks import raw_html_lines
from mkdocs_obsidian_embeds.engine.inline import code_spans, plain_text
from mkdocs_obsidian_embeds.engine.markers import ANY_MARKER_RE, EMBED_CLOSE, embed_open, part
from mkdocs_obsidian_embeds.engine.notes import Heading, ParsedNote, parse_note
from mkdocs_obsidian_embeds.engine.parts import Citation, Link
from mkdocs_obsidian_embeds.plugin.plugin import EXTENSIONS
from mkdocs_obsidian_embeds.engine.links import strip_container
from mkdocs_obsidian_embeds.engine.render import Options, Page, Renderer
from mkdocs_obsidian_embeds.engine.transclusion import rename_footnotes
from mkdocs_obsidian_embeds.engine.vault import Note, VaultIndex

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


def _renderer(files: dict[str, str], **options) -> Renderer:
    index = VaultIndex([Note(path, path, "", text=text) for path, text in files.items()])
    return Renderer(index, Options(slugify=slugify, **options), lambda target, host: target.site_path)


def _markdown(files: dict[str, str], name: str = "index.md", **options) -> tuple[str, Page]:
    """The Markdown the engine makes of a page, and the page."""
    renderer = _renderer(files, **options)
    return renderer.render(renderer.index.get(name))


def _html(text: str, parts: dict) -> str:
    html = markdown.markdown(text, extensions=[*EXTENSIONS, ObsidianExtension(parts=parts)])
    assert not ANY_MARKER_RE.search(html)
    return html


def _render(files: dict[str, str], name: str = "index.md", **options) -> tuple[str, Page]:
    """The page's HTML as the plugin makes it, without MkDocs: engine, Python-Markdown, tree processor."""
    text, page = _markdown(files, name, **options)
    return _html(text, page.parts), page


TARGET = "# Target\n\n## Section\n\nA paragraph. ^blk\n"


# -- lines: regexes and scans that restarted at every opener -------------------------------


def test_code_spans_on_a_line_of_unclosed_backtick_runs():
    unclosed = " ".join("`" * length for length in range(901, 2, -2))  # no later run of these lengths
    line = unclosed + " " + "a``b`` " * 60_000
    spans = code_spans(line)
    assert len(spans) == 60_000
    first = len(unclosed) + 2
    assert spans[0] == (first, first + 5) and line[spans[-1][0] : spans[-1][1]] == "``b``"


def test_comments_between_code_spans_on_one_line():
    note = parse_note("`x`%%" * 20_000 + "\n\nAfter.\n")
    assert note.lines[0] == "`x`" * 10_000 and note.lines[2] == "After."  # every second `x` is commented out


def test_callout_title_of_many_spaces():
    text = convert_callouts("> [!note] a" + " " * 100_000 + "b\n> body\n")
    header, body = text.split("\n")[:2]
    assert header == '!!! note "a' + " " * 100_000 + 'b"' and body == "    body"
    assert convert_callouts("> [!tip]-" + " " * 100_000 + "\n> body\n") == "??? tip\n    body\n"


@pytest.mark.parametrize(
    ("heading", "slug"),
    [("{#a " * 6_000, "a-a-a"), ("{# " * 24_000 + "}", "_1"), ("{#a " * 6_000 + "{#id }", "id")],
    ids=["openers", "ids-never-follow", "closed-at-the-end"],
)
def test_a_long_heading_of_attribute_list_openers(heading, slug):
    note = parse_note(f"# {heading}\n\n# a a a\n")
    slugs = fragments.heading_slugs(note, slugify, "-")
    assert slugs[1] == "a-a-a"
    assert slugs[0] == (slug if slug != "a-a-a" else slugify(note.headings[0].text, "-"))


def test_a_long_heading_of_class_lists():
    note = parse_note("# " + "a {.b " * 20_000 + "}\n\n# " + " {" * 40_000 + "x}\n")
    started = time.perf_counter()
    slugs = fragments.heading_slugs(note, slugify, "-")
    assert time.perf_counter() - started < 1
    assert slugs == ["a", "_1"]


@pytest.mark.parametrize("line", ["[" * 50_000, "<" * 150_000, "[^" * 25_000, "[a](" * 40_000, "^[^" * 16_000])
def test_plain_text_of_a_line_of_openers_keeps_it(line):
    assert plain_text(line) == line


@pytest.mark.parametrize("line", ["[[" * 100_000, "[[a" * 60_000, "^[" * 100_000, "^[a" * 60_000, "== a " * 40_000])
def test_a_line_of_wikilink_footnote_and_highlight_openers_stays_as_it_is(line):
    text, page = _markdown({"index.md": line + "\n"})
    assert text == line + "\n" and page.parts == {} and page.footnotes == []


def test_plain_text_of_a_heading_with_many_wikilinks():
    assert plain_text("[[Target|T]] " * 30_000) == " ".join(["T"] * 30_000)


def test_footnote_references_in_embedded_text_on_a_long_line():
    refs: set[str] = set()
    assert rename_footnotes("[^a" * 60_000, "e1", refs) == "[^a" * 60_000 and not refs
    assert rename_footnotes("x[^a" * 60_000 + "]", "e1", refs) == "x[^e1-a" + "x[^a" * 59_999 + "]"
    assert refs == {"a" + "x[^a" * 59_999}


def test_container_prefix_of_a_cited_line():
    assert strip_container("> " * 300_000 + "- " * 150_000 + "text") == "text"


def test_markdown_link_destinations_after_many_openers():
    text, _ = _markdown({"index.md": "](< " * 80_000 + "[ok](Target.md)\n", "Target.md": TARGET})
    assert text == "](< " * 80_000 + "[ok](<Target.md>)\n"


# -- notes: loops over a note's blocks and headings ----------------------------------------


def test_unclosed_html_blocks_that_hold_markdown():
    lines = ['<div markdown="1">', ""] * 20_000
    assert raw_html_lines(lines, frozenset()) == frozenset(range(0, 40_000, 2))


def test_own_line_block_ids_after_many_paragraphs():
    note = parse_note("".join(f"Paragraph {i}.\n\n^id{i}\n\n" for i in range(5_000)))
    assert len(note.blocks) == 5_000
    assert note.blocks["id4999"].kind == "p" and note.blocks["id4999"].start == 4 * 4_999


def _headings(names: list[str]) -> ParsedNote:
    headings = [Heading(2 if name.startswith("Sub") else 1, name, number) for number, name in enumerate(names)]
    return ParsedNote([f"# {name}" for name in names], frozenset(), headings, {}, {})


def test_many_links_to_many_headings():
    note = _headings([name for i in range(10_000) for name in (f"Heading {i}", f"Sub {i}")])
    for i in range(0, 10_000, 7):
        found = fragments.find_heading(note, f"heading {i}#Sub {i}")
        assert found.index == 2 * i + 1 and fragments.section_lines(note, found) == (2 * i + 1, 2 * i + 2)
        assert fragments.find_heading(note, f"Heading {i}#Sub {i + 1}") is None
    assert fragments.section_lines(note, fragments.find_heading(note, "Heading 9999")) == (19_998, 20_000)


def test_duplicate_headings_get_unique_slugs():
    slugs = fragments.heading_slugs(_headings(["a"] * 30_000), slugify, "-")
    assert slugs[:3] == ["a", "a_1", "a_2"] and slugs[-1] == "a_29999" and len(set(slugs)) == 30_000


def test_citations_of_one_long_block():
    block = "Cited words " * 20_000 + "^blk\n"
    host = "".join(f"Claim {i}.[^{i}]\n\n" for i in range(5_000)) + "".join(f"[^{i}]: [[Src#^blk]]\n" for i in range(5_000))
    _, page = _markdown({"index.md": host, "Src.md": block})
    citations = [p for p in page.parts.values() if isinstance(p, Citation)]
    assert page.problems == [] and len(citations) == 5_000
    assert citations[0].excerpt.startswith("Cited words Cited") and citations[0].excerpt.endswith("Cited…")
    assert len({c.excerpt for c in citations}) == 1


# -- the page: Python-Markdown and the tree processor ------------------------------------


def test_a_long_paragraph_with_a_link_and_a_line_break_per_line():
    html, _ = _render({"index.md": "".join(f"Line {i} links to [[Target]].\n" for i in range(3)), "Target.md": TARGET})
    assert without_link_extras(html) == (
        '<p>Line 0 links to <a href="Target.md">Target</a>.<br />\nLine 1 links to <a href="Target.md">Target</a>.<br />\n'
        'Line 2 links to <a href="Target.md">Target</a>.</p>'
    )
    lines = 20_000  # the same shape, as the engine writes it
    parts = {f"a.{i:x}": Link("Target", "Target.md") for i in range(lines)}
    html = _html("  \n".join(f"Line {i} links to {part(f'a.{i:x}')}." for i in range(lines)), parts)
    assert html.count('<a href="Target.md">Target</a>.<br />\nLine ') == lines - 1


def test_line_breaks_stay_out_of_code_spans_and_keep_emphasis():
    html, _ = _render({"index.md": "a *b*\nc `d  \ne` f\n*g*\n"})
    assert html == "<p>a <em>b</em><br />\nc <code>d  \ne</code> f<br />\n<em>g</em></p>"


def test_many_highlights_on_one_line():
    html, page = _render({"index.md": "==a== " * 30_000 + "\n"})
    assert html.count("<mark>a</mark>") == 30_000 and len(page.parts) == 2


def test_an_embed_of_many_blocks():
    """The tree processor moves an embed's blocks into its wrapper (the tree as Python-Markdown leaves it)."""
    root = etree.Element("div")
    opening = etree.SubElement(root, "p")
    opening.text = embed_open("block") + part("a.0")
    for i in range(100_000):
        etree.SubElement(root, "p").text = f"Paragraph {i}."
    etree.SubElement(root, "p").text = EMBED_CLOSE
    etree.SubElement(root, "p").text = "After."
    md = markdown.Markdown(extensions=[ObsidianExtension(parts={"a.0": Link("Src", "Src.md")})])
    md.treeprocessors["obsidian_embeds"].run(root)
    wrapper, after = list(root)
    content, source = list(wrapper)
    assert wrapper.get("class") == "obsidian-embed obsidian-embed--block" and after.text == "After."
    assert len(content) == 100_000 and content[-1].text == "Paragraph 99999." and source[0].get("href") == "Src.md"


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
    files = _bomb(kind)
    renderer = _renderer(files)
    for name in files:
        _, other = renderer.render(renderer.index.get(name))
        assert len(other.problems) <= 1 and other.met <= 200 + 1 + 10 * 8, name
    html, page = _render(files)
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
    files = {name: text for name, text in _bomb("note").items() if name == "index.md" or int(name[1:-3]) < 12}
    files["N11.md"] = "The last note.\n"
    site = site_builder(files)
    pages = sorted(w.split(":")[1].strip() for w in site.plugin_warnings())
    assert pages == [f"N{i}.md" for i in range(9)] + ["index.md"]  # N9 meets 110 embeds, N8 over 200
    assert all("not expanded" in w and "stopped by the limits" in w for w in site.plugin_warnings())
    assert "The end of the host page." in site.content("index")


def test_the_size_and_count_limits_each_stop_a_page_once():
    files = {"index.md": "".join(f"![[S{i}]]\n\n" for i in range(300)) + "The end.\n"}
    files.update({f"S{i}.md": f"Source {i} " + "text " * 100 for i in range(300)})
    text, page = _markdown(files, max_chars=20_000)
    assert [p.message for p in page.problems] == [
        "embed '![[S40]]' not expanded: embedded content exceeds 20000 characters on this page"
        " (and 259 more embeds on this page stopped by the limits)"
    ]
    assert page.problems[0].line == 81 and text.endswith("\nThe end.\n")
    text, page = _markdown(files)
    assert [p.message for p in page.problems] == [
        "embed '![[S200]]' not expanded: more than 200 embeds on this page (and 99 more embeds on this page stopped by the limits)"
    ]
    assert page.problems[0].line == 401 and text.count("Source ") == 200 and text.endswith("\nThe end.\n")


def test_cycles_are_one_warning_per_page_apart_from_the_limits():
    files = {"index.md": "![[A]]\n\n![[A]]\n\n![[A]]\n", "A.md": "A text\n\n![[B]]\n", "B.md": "B text\n\n![[A]]\n"}
    html, page = _render(files)
    assert [p.message for p in page.problems] == [
        "embed '![[A]]' not expanded: embed cycle: index → A → B → A (closed by the embed in B.md:3) (and 2 more embeds on this page stopped by cycles)"
    ]
    assert html.count("A text") == 3 and html.count("obsidian-embed--stopped") == 3


def test_a_paragraph_of_many_lines_each_linking_another_note_costs_linear_mentions(site_builder):
    """Each line's mention reads its context from the lines around it, never the whole paragraph."""
    lines = 1500
    files = {f"n/N{i}.md": "x\n" for i in range(lines)}
    files["Big.md"] = "".join(f"Line {i} names [[N{i}]] in a long paragraph\n" for i in range(lines))
    site = site_builder(files, {"nav": ["Big.md"]})  # a one-page nav: MkDocs' own nav of every page is quadratic
    assert "Line 999 names N999 in a long paragraph" in site.content("n/N999")
    assert site.plugin._mentions.own_time.seconds < 5
