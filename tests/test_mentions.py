"""Linked mentions: each note's page lists the pages that link to, embed or cite it."""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import text_of
from test_serve import Session, write

SECTION = re.compile(r'<section class="obsidian-mentions".*?</section>', re.S)
ENTRY = re.compile(
    r'<li><a class="obsidian-mentions__page" href="([^"]*)">([^<]*)</a>'
    r'(?: <span class="obsidian-mentions__times">([^<]*)</span>)?'
    r'(?:<span class="obsidian-mentions__context">((?:[^<]|</?code>)*)</span>)?</li>'
)


def plugin(**options) -> dict:
    return {"plugins": [{"obsidian-embeds": options}] if options else ["obsidian-embeds"]}


def section(site, page: str) -> str:
    found = SECTION.findall(site.content(page))
    assert len(found) <= 1
    return found[0] if found else ""


def entries(site, page: str) -> list[tuple[str, str, str, str]]:
    """(href, title, times, context) of each mentioning page, as text (unescaped, no tags), in the order shown."""
    return [
        tuple(html.unescape(re.sub("</?code>", "", group)) for group in m.groups(default=""))
        for m in ENTRY.finditer(section(site, page))
    ]


def test_a_link_is_listed_with_its_sentence_and_leads_to_the_exact_place(site_builder):
    site = site_builder({
        "Target.md": "# Target\n\nSome text.\n",
        "Reader.md": "# Reader\n\nFirst sentence here. Then [[Target]] is **named** in the second one! A third.\n",
        "index.md": "# Home\n",
    })
    assert site.plugin_warnings() == []
    [(href, title, times, context)] = entries(site, "Target")
    assert (href, title, times) == ("../Reader/#obsidian-mention-1", "Reader", "")
    assert context == "First sentence here. Then Target is named in the second one! A third."
    link = re.search(r'<a [^>]*id="obsidian-mention-1"[^>]*>([^<]*)</a>', site.content("Reader"))
    assert link is not None and link.group(1) == "Target"
    assert "Linked mentions" in text_of(section(site, "Target"))
    assert section(site, "Reader") == ""  # nothing links to Reader


def test_a_long_paragraph_gives_the_sentence_of_the_mention(site_builder):
    filler = "This sentence says nothing in particular and goes on for a while. " * 6
    site = site_builder({
        "Target.md": "# Target\n",
        "Reader.md": f"# Reader\n\n{filler}Here [[Target|the target]] is linked. {filler}\n",
    })
    [(_, _, _, context)] = entries(site, "Target")
    assert context == "Here the target is linked."


def test_each_page_is_listed_once_with_its_count_and_sorted_by_title(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "b/Zeta.md": "[[Target]] once. And [[Target#Nope|again]]. ![[Target]]\n",
        "Alpha.md": "A [[Target]] mention.\n",
        "index.md": "# Home\n\nHome links [[Target]].\n",
    })
    found = entries(site, "Target")
    assert [(title, times) for _, title, times, _ in found] == [("Alpha", ""), ("Home", ""), ("Zeta", "3 mentions")]
    assert found[1][0] == "../#obsidian-mention-1"  # the home page mentions, though it lists none itself
    assert '<span class="obsidian-mentions__count">3</span>' in section(site, "Target")


def test_private_pages_never_appear_not_even_as_a_count(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Secret.md": "---\npublish: false\n---\nSECRET-WORDS link [[Target]].\n",
        "private/Deep.md": "SECRET-DEEP [[Target]]\n",
        "Public.md": "Public [[Target]].\n",
        "Lonely.md": "# Lonely\n",
        "OnlySecret.md": "# Only\n",
        "Secret2.md": "---\npublish: false\n---\n[[OnlySecret]] SECRET-TWO\n",
    }, {"exclude_docs": "private/\n"})
    assert [title for _, title, _, _ in entries(site, "Target")] == ["Public"]
    assert '<span class="obsidian-mentions__count">1</span>' in section(site, "Target")
    assert section(site, "OnlySecret") == ""
    output = site.all_output()
    for secret in ("SECRET-WORDS", "SECRET-DEEP", "SECRET-TWO", "Secret2", "Deep/"):
        assert secret not in output


def test_a_private_embed_on_the_mentioning_line_is_not_named_in_the_context(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Hidden Plans.md": "---\npublish: false\n---\nSECRET\n",
        "Reader.md": "See [[Target]] and ![[Hidden Plans]] here.\n",
    })
    [(_, _, _, context)] = entries(site, "Target")
    assert context == "See Target and here."
    assert "Hidden Plans" not in site.all_output()


def test_mentions_in_a_table_a_list_item_and_a_footnote(site_builder):
    site = site_builder({
        "Target.md": "# Target\n\nThe claim. ^claim\n",
        "Table.md": "| Name | Where |\n| --- | --- |\n| first | see [[Target]] now |\n",
        "List.md": "- one item\n- the item that links [[Target#^claim|the claim]]\n    - a child\n",
        "Cites.md": "# Cites\n\nWe know this from the study.[^1] More text.\n\n[^1]: [[Target#^claim]]\n",
        "Quotes.md": "# Quotes\n\n![[Target#^claim]]\n",
    })
    found = {title: context for _, title, _, context in entries(site, "Target")}
    assert found == {
        "Table": "see Target now",
        "List": "the item that links the claim",
        "Cites": "We know this from the study. More text.",  # the citing line, not the footnote
        "Quotes": "“The claim.”",
    }
    for page in ("Table", "List", "Cites", "Quotes"):
        href = next(href for href, title, _, _ in entries(site, "Target") if title == page)
        anchor = href.split("#")[1]
        assert f'id="{anchor}"' in site.content(page), page


def test_a_page_with_many_mentions_folds_the_rest(site_builder):
    files = {"Hub.md": "# Hub\n"}
    files.update({f"n/Note {number:03d}.md": f"Note {number} links [[Hub]].\n" for number in range(40)})
    site = site_builder(files)
    text = section(site, "Hub")
    shown, folded = text.split('<details class="obsidian-mentions__folded">')
    assert len(ENTRY.findall(shown)) == 10 and len(ENTRY.findall(folded)) == 30
    assert "<summary>30 more</summary>" in folded
    assert shown.count("obsidian-mentions__context") == 10 and "obsidian-mentions__context" not in folded
    assert [title for _, title, _, _ in entries(site, "Hub")] == [f"Note {number:03d}" for number in range(40)]


def test_opt_outs_frontmatter_site_and_folders(site_builder, tmp_path):
    files = {
        "notes/Target.md": "# Target\n",
        "notes/Quiet.md": "---\nbacklinks: false\n---\n# Quiet\n",
        "other/Elsewhere.md": "# Elsewhere\n",
        "index.md": "---\nbacklinks: true\n---\n# Home\n",
        "notes/Reader.md": "[[Target]] [[Quiet]] [[Elsewhere]] [[index|home]]\n",
    }
    site = site_builder(files, plugin(linked_mentions_folders=["notes"]))
    assert entries(site, "notes/Target") and not section(site, "notes/Quiet")
    assert not section(site, "other/Elsewhere")  # not in the folders
    assert entries(site, "index")  # its frontmatter wins
    site = site_builder(files)
    assert entries(site, "other/Elsewhere") and entries(site, "index")  # the home page opted in
    site = site_builder(files, plugin(linked_mentions=False))
    assert "obsidian-mentions" not in site.all_output() and "obsidian-mention-" not in site.all_output()


def test_the_home_page_and_the_review_report_list_none_by_default(site_builder):
    site = site_builder(
        {"index.md": "# Home\n", "Reader.md": "---\nreviewed: 2026-01-01\n---\n[[index|Home]] and [[review]]\n"},
        plugin(review_report="review.md"),
    )
    assert not section(site, "index") and not section(site, "review")
    assert "obsidian-mention-1" in site.content("Reader")


def test_the_mentions_are_not_searched_as_the_pages_own_text(site_builder):
    site = site_builder({
        "Target.md": "# Target\n\nOwn words.\n",
        "Reader.md": "A UNIQUECONTEXTWORD sentence with [[Target]].\n",
    }, {"plugins": ["search", "obsidian-embeds"]})
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text())
    assert "UNIQUECONTEXTWORD" in section(site, "Target")
    found = [doc["location"] for doc in index["docs"] if "UNIQUECONTEXTWORD" in doc["text"]]
    assert found and all(location.startswith("Reader/") for location in found)
    assert "Linked mentions" not in json.dumps(index)


def test_a_quoted_link_is_a_mention_of_its_own_page_only(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Source.md": "A block that links [[Target]]. ^b\n",
        "Quoter.md": "![[Source#^b]]\n",
    })
    assert [title for _, title, _, _ in entries(site, "Target")] == ["Source"]
    quoter = site.content("Quoter")
    assert quoter.count('id="obsidian-mention-') == 1  # its mention of Source, not the quoted link's
    assert re.search(r'id="obsidian-mention-1"[^>]*>Source<', quoter) or 'id="obsidian-mention-1">Source' in quoter


def test_a_note_that_only_links_itself_has_no_mentions(site_builder):
    site = site_builder({"Self.md": "# Self\n\n## Part\n\nSee [[#Part]] and [[Self]].\n"})
    assert section(site, "Self") == ""


def test_hostile_titles_and_contexts_are_escaped(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Evil.md": '---\ntitle: "<script>alert(1)</script>"\n---\nIf 5 < 6 & "x" then [[Target|<b>x</b>]].\n',
    })
    text = section(site, "Target")
    assert "<script>" not in text and "<b>" not in text
    assert "5 &lt; 6 &amp;" in text
    [(_, title, _, context)] = entries(site, "Target")
    assert title == "<script>alert(1)</script>"
    assert context.startswith('If 5 < 6 & "x" then')


def test_dirty_rebuilds_update_the_mentions_of_links_added_and_removed(tmp_path):
    write(tmp_path / "mkdocs.yml", "site_name: S\ntheme: mkdocs\nplugins: [obsidian-embeds]\n")
    write(tmp_path / "docs" / "index.md", "# Home\n")
    write(tmp_path / "docs" / "Target.md", "# Target\n")
    write(tmp_path / "docs" / "Old.md", "# Old\n\nOld [[Old target]].\n")
    write(tmp_path / "docs" / "Old target.md", "# Old target\n")
    write(tmp_path / "docs" / "Writer.md", "# Writer\n\nNothing yet. [[Old target]]\n")
    session = Session(tmp_path, dirty=True)
    site = session.build()
    assert [t for _, t, _, _ in entries(site, "Old target")] == ["Old", "Writer"]
    write(tmp_path / "docs" / "Writer.md", "# Writer\n\nNow [[Target]] is linked.\n", bump=5)
    site = session.build()
    assert [(t, c) for _, t, _, c in entries(site, "Target")] == [("Writer", "Now Target is linked.")]
    assert [t for _, t, _, _ in entries(site, "Old target")] == ["Old"]  # the removed link is gone
    (tmp_path / "docs" / "Old.md").unlink()
    site = session.build()
    assert section(site, "Old target") == ""


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_the_section_follows_the_footnotes(site_builder, theme):
    site = site_builder({
        "Target.md": "# Target\n\nText.[^1]\n\n[^1]: A note.\n",
        "Reader.md": "[[Target]]\n",
    }, theme=theme)
    content = site.content("Target")
    assert content.index('class="footnote"') < content.index('class="obsidian-mentions"')


def test_a_cell_with_an_escaped_pipe_and_inline_code_reads_as_on_the_page(site_builder):
    site = site_builder({
        "Sync regions.md": "# Sync regions\n",
        "Table.md": "| Option | What |\n| --- | --- |\n| `--region` | Server [[Sync regions\\|region]] (`a|b` if omitted) |\n",
        "Prose.md": "Use the `[[Link]]` syntax, as in [[Sync regions]].\n",
    })
    found = {title: context for _, title, _, context in entries(site, "Sync regions")}
    assert found == {"Table": "Server region (a|b if omitted)", "Prose": "Use the [[Link]] syntax, as in Sync regions."}
    assert "Use the <code>[[Link]]</code> syntax" in section(site, "Sync regions")
    assert "(<code>a|b</code> if omitted)" in section(site, "Sync regions")


def test_the_section_is_ascii_with_character_references(site_builder):
    site = site_builder({"Target.md": "# Target\n", "🗂️ Café.md": "Où est [[Target]] ? “Ici”…\n"})
    text = section(site, "Target")
    assert text.isascii() and "&#128450;" in text
    assert entries(site, "Target") == [("../%F0%9F%97%82%EF%B8%8F%20Caf%C3%A9/#obsidian-mention-1", "🗂️ Café", "", "Où est Target ? “Ici”…")]


def test_a_mention_on_a_line_with_a_block_id_and_markup_reads_plain(site_builder):
    site = site_builder({"Target.md": "# Target\n", "Reader.md": "Some **bold** and ==marked== text on [[Target]]. ^blk\n"})
    assert [c for _, _, _, c in entries(site, "Target")] == ["Some bold and marked text on Target."]


def test_comments_on_the_mentioning_line_stay_out_of_the_context(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Reader.md": "Visible %%SECRET-COMMENT%% text <!-- SECRET-HTML --> about [[Target]].\n",
    })
    assert [c for _, _, _, c in entries(site, "Target")] == ["Visible text about Target."]
    assert "SECRET-COMMENT" not in site.all_output()


def test_the_section_speaks_the_sites_language(site_builder):
    files = {"Hub.md": "# Hub\n", "Twice.md": "[[Hub]] here and [[Hub|there]].\n"}
    files.update({f"n/Note {number:02d}.md": f"Note {number} links [[Hub]].\n" for number in range(12)})
    site = site_builder(files, {"theme": {"name": "material", "language": "de"}})
    text = html.unescape(section(site, "Hub"))
    assert '<h2 class="obsidian-mentions__title">Verlinkte Erwähnungen <span class="obsidian-mentions__count">13</span></h2>' in text
    assert "<summary>3 weitere</summary>" in text
    assert [times for _, title, times, _ in entries(site, "Hub") if title == "Twice"] == ["2 Erwähnungen"]
    assert "Linked mentions" not in text and "more" not in text


def test_the_sections_words_take_the_languages_plural_forms_without_review_dates(site_builder):
    files = {
        "Hub.md": "# Hub\n",
        "Three.md": "[[Hub]], [[Hub|ещё]] и [[Hub|снова]].\n",
        "Five.md": " ".join(["[[Hub]]"] * 5) + "\n",
    }
    files.update({f"n/Note {number:02d}.md": f"[[Hub]] {number}.\n" for number in range(10)})
    site = site_builder(files, {"theme": {"name": "material", "language": "ru"}, **plugin(review_badge=False)})
    found = {title: times for _, title, times, _ in entries(site, "Hub")}
    assert (found["Three"], found["Five"]) == ("3 упоминания", "5 упоминаний")
    text = html.unescape(section(site, "Hub"))
    assert "Упоминания со ссылкой" in text and "<summary>Ещё 2</summary>" in text


def test_a_markdown_link_with_brackets_in_its_text_reads_as_its_text(site_builder):
    site = site_builder({"Target.md": "# Target\n", "Reader.md": "[[Target]] - [[FR] Add menus](https://example.com/1)\n"})
    assert [c for _, _, _, c in entries(site, "Target")] == ["Target - [FR] Add menus"]


def test_a_markdown_link_is_a_mention_too_and_leads_to_its_place(site_builder):
    site = site_builder({
        "Target.md": "# Target\n\n## Part\n",
        "Reader.md": "# Reader\n\nRead [the *target* part](Target.md#Part) now. [Self](#Reader) and [out](https://example.com).\n",
        "Quoter.md": "![[Reader#Reader]]\n",
    })
    [(href, title, _, context)] = entries(site, "Target")
    assert (href, title, context) == ("../Reader/#obsidian-mention-1", "Reader", "Read the target part now. Self and out.")
    reader = site.content("Reader")
    assert re.search(r'<a href="../Target/#part">the <em>target</em> part<span id="obsidian-mention-1"></span></a>', reader)
    assert "obsidian-mention" not in site.note_content("Quoter").replace('id="obsidian-mention-1"', "", 1)


def test_the_review_report_is_no_mention_of_the_pages_it_lists(site_builder):
    site = site_builder(
        {"index.md": "# Home\n", "Dated.md": "---\nreviewed: 2026-01-01\n---\n# Dated\n", "Reader.md": "[[Dated]]\n"},
        plugin(review_report="review.md"),
    )
    assert "Dated" in site.content("review")
    assert [title for _, title, _, _ in entries(site, "Dated")] == ["Reader"]
    assert "obsidian-mention-" not in site.content("review")


def test_a_paragraph_written_over_several_lines_reads_as_one(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Reader.md": "# Reader\n\nThe first sentence ends on the next\nline. Then [[Target]] is named\nand the paragraph goes on.\n\nAnother paragraph.\n",
        "Quote.md": "> A quoted line\n> that names [[Target]].\n",
    })
    found = {title: context for _, title, _, context in entries(site, "Target")}
    assert found == {
        "Reader": "The first sentence ends on the next line. Then Target is named and the paragraph goes on.",
        "Quote": "A quoted line that names Target.",
    }


def test_footnotes_and_callouts_are_no_part_of_the_paragraph_before_them(site_builder):
    site = site_builder({
        "Target.md": "# Target\n",
        "Notes.md": "Text.[^1][^2]\n\n[^1]: A plain footnote.\n[^2]: See [[Target]] here.\n",
        "Box.md": "> [!tip] A titled tip\n> The body names [[Target]].\n",
    })
    found = {title: context for _, title, _, context in entries(site, "Target")}
    assert found == {"Notes": "See Target here.", "Box": "The body names Target."}
