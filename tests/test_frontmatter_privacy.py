"""A note is private whenever its author said so, however the frontmatter is written.

One site build holds every spelling of a private note and the public notes that look like them;
unit tests pin the split and the verdict with its message; a property test checks that the
verdict on a ``publish`` key never depends on whether the YAML around it parses.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_obsidian_embeds.engine.frontmatter import load, publish_verdict, split
from mkdocs_obsidian_embeds.engine.vault import Note

ONLY = "(only true and false are understood)"


def unclear(value: str) -> str:
    return f"note treated as private: publish is {value!r}, which is neither true nor false {ONLY}"


NO_VALUE = f"note treated as private: publish has no value on its line {ONLY}"

# name -> frontmatter (everything between the file's start and its body)
PRIVATE = {
    "Json": '---\n{"tags": ["journal"], "publish": false}\n---\n',
    "JsonLines": '---\n{\n  "tags": ["journal"],\n  "publish": false\n}\n---\n',
    "JsonGlued": '---\n{"tags":["journal"],"publish":false,"title":"x"}\n---\n',
    "Flow": "---\n{tags: [a, b], publish: false}\n---\n",
    "FlowNested": "---\nmeta: {site: {publish: false}}\n---\n",
    "FlowSequence": "---\nsettings: [draft, publish: false]\n---\n",
    "Explicit": "---\n? publish\n: false\n---\n",
    "ExplicitQuoted": "---\ntitle: x\n? 'Publish'\n# why\n:   false\n---\n",
    "ExplicitBlockKey": "---\n? |-\n  publish\n: false\ncreated: {{date}}\n---\n",
    "QuotedKey": '---\n"publish": false\n---\n',
    "SingleQuotedKey": "---\n'PUBLISH' : false\n---\n",
    "EscapedKey": '---\n"publi\\u0073h": false\ntitle: [unclosed\n---\n',
    "TaggedKey": "---\n!!str publish: false\n---\n",
    "AliasKey": "---\nword: &k publish\n*k : false\n---\n",
    "Indented": "---\n  publish: false\n  title: Indented\n---\n",
    "Nested": "---\nobsidian:\n  publish: false\n---\n",
    "ListItem": "---\nsites:\n  - name: main\n    publish: false\n---\n",
    "CommentBroken": "---\npublish: false # not yet\ncreated: <% tp.file.creation_date() %>\n\tbad: tab\n---\n",
    "FourDashes": "---\ntitle: Dashes\n----\npublish: false\n---\n",
    "Bom": "\ufeff---\npublish: false\n---\n",
    "Crlf": "---\r\ntitle: Windows\r\npublish: false\r\n---\r\n",
    "Cr": "---\rpublish: false\r---\r",
    "StringFalse": '---\npublish: "false"\n---\n',
    "CapitalKey": "---\nPublish: false\n---\n",
    "Uppercase": "---\nPUBLISH: FALSE\n---\n",
    "Glued": "---\npublish:false\n---\n",
    "Duplicate": "---\npublish: false\npublish: true\n---\n",
    "Unclosed": "---\ntitle: never closed\npublish: false\n",
    "DotsThenKey": "---\ntitle: dots\n...\npublish: false\n---\n",
    "Zero": "---\npublish: 0\n---\n",
    "No": "---\ntitle: [unclosed\npublish: no\n---\n",
    "Yes": "---\npublish: yes\n---\n",
    "Empty": "---\npublish:\n---\n",
    "GluedTrue": "---\npublish:true\n---\n",
    "BlockScalar": "---\npublish: |\n  true\n---\n",
}
NOTICES = {
    "Zero": (2, unclear("0")),
    "No": (3, unclear("no")),
    "Yes": (2, unclear("yes")),
    "Empty": (2, NO_VALUE),
    "GluedTrue": (
        2,
        "note treated as private: 'publish:true' has no space after the colon, so YAML does not read it"
        " as the publish property (write 'publish: true' to publish the note)",
    ),
    "BlockScalar": (2, unclear("|")),
}
PUBLIC = {
    "Plain": "---\npublish: true\n---\n",
    "QuotedTrue": "---\npublish: \"TRUE\"\ntags: [a]\n---\n",
    "JsonTrue": '---\n{"tags": ["journal"], "publish": true}\n---\n',
    "CommentTrue": "---\npublish: true # yes, publish it\ncreated: {{date}}\n---\n",
    "HowTo": "---\ntitle: How to publish: a guide\n---\n",
    "News": "---\ndescription: we publish false news\nsummary: \"publish: false\"\n---\n",
    "TaggedPublish": "---\ntags:\n  - publish\n  - Publish\npublished: 2024-05-01\npublish_date: never\n---\n",
    "NoFrontmatter": "",
}


def body(name: str, marker: str) -> str:
    return f"# {name}\n\n{marker}-{name.upper()} ^b{len(name)}\n\n## Part\n\n{marker}-{name.upper()}-PART\n"


def test_every_spelling_of_a_private_note_stays_private(site_builder):
    shown = ["Json", "Explicit", "EscapedKey", "Unclosed", "Zero"]
    index = (
        "# Home\n\nHOME-TEXT "
        + " ".join(f"[[{name}]]" for name in shown)
        + "\n\n"
        + "".join(f"![[{name}#Part]]\n\n" for name in shown)
        + " ".join(f"[[{name}]]" for name in PUBLIC)
        + "\n\nHOME-END\n"
    )
    files = {"index.md": index}
    files |= {f"{name}.md": head + body(name, "SECRET") for name, head in PRIVATE.items()}
    files |= {f"{name}.md": head + body(name, "PUBLIC") for name, head in PUBLIC.items()}
    site = site_builder(files, {"plugins": ["search", "obsidian-embeds"]})

    output = site.all_output()
    assert "SECRET" not in output
    for name in PRIVATE:
        assert not (site.site_dir / name).exists(), name
    search = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = " ".join(doc["text"] for doc in search["docs"])
    for name in PUBLIC:
        assert f"PUBLIC-{name.upper()}-PART" in site.html(name), name
        assert f"PUBLIC-{name.upper()}-PART" in indexed, name
    home = site.content("index")
    assert "HOME-TEXT" in home and "<p>HOME-END</p>" in home
    assert home.count("obsidian-unresolved") == 2 * len(shown)
    linked = re.findall(r'href="([^"#]*)', home)
    assert not [href for href in linked if href.strip("./") in PRIVATE]
    assert {f"{name}/" for name in PUBLIC} <= set(linked)
    assert site.plugin_warnings() == [
        *(f"obsidian-embeds: index.md:3: unresolved link '[[{name}]]': is private (not published)" for name in shown),
        *(
            f"obsidian-embeds: index.md:{5 + 2 * i}: unresolved embed '![[{name}#Part]]': is private (not published)"
            for i, name in enumerate(shown)
        ),
    ]
    notices = [info for info in site.infos if "treated as private" in info]
    assert sorted(notices) == sorted(f"obsidian-embeds: {name}.md:{line}: {text}" for name, (line, text) in NOTICES.items())


# -- the split ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, yaml_text, body_text, privacy",
    [
        ("---\na: 1\n---\nbody\n", "a: 1\n", "body\n", "a: 1\n"),
        ("\ufeff---\r\na: 1\r\n---\r\n\r\nbody\r\n", "a: 1\n", "body\n", "a: 1\n"),
        ("---\ra: 1\r--- \rbody", "a: 1\n", "body", "a: 1\n--- \nbody"),
        ("---\na: 1\n----\nb: 2\n---\nbody", "a: 1\n----\nb: 2\n", "body", "a: 1\n----\nb: 2\n"),
        ("---\na: 1\n...\nb: 2\n---\nbody", "a: 1\n", "b: 2\n---\nbody", "a: 1\n...\nb: 2\n"),
        ("---\na: 1\nno end\n", "", "---\na: 1\nno end\n", "a: 1\nno end\n"),
        ("---\n---\nbody", "", "body", ""),
        ("text\n---\na: 1\n---\n", "", "text\n---\na: 1\n---\n", ""),
    ],
)
def test_split_is_obsidians_and_the_privacy_text_reads_as_far_as_obsidian_may(text, yaml_text, body_text, privacy):
    parts = split(text)
    assert (parts.yaml, parts.body, parts.privacy_text) == (yaml_text, body_text, privacy)


def test_body_offset_counts_the_frontmatter_lines():
    assert split("---\na: 1\n---\n\nbody").body_offset == 4
    assert split("body").body_offset == 0


# -- the verdict -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        'tags: [journal]\n"publish": false\n',
        "{publish: false}\n",
        "{\n  a: 1,\n  publish: false\n}\n",
        '{"tags": ["a"] "publish": false}\n',
        "sites: [\n  {name: a, Publish: False}\n]\n",
        "x: [a, {b: [publish: false]}]\n",
        "? publish\n\n# comment\n: false\n",
        '? "publ\\\n  ish"\n: false\n',
        "{? publish : false}\n",
        '"\\x70ublish": false\n',
        "name: &k \"publi\\u0073h\"\n*k: false\n",
        "base: &b {publish: false}\npage:\n  <<: *b\n",
        "a: 1\u2028publish: false\n",
        "a: 1\n\ufeffpublish: false\n",
        "publiſh: false\n",
        "\tpublish: false\n",
        "publish: 'FALSE' # c\n",
        '- "Publish" :\tfalse\n',
    ],
)
def test_false_in_any_spelling_is_private_without_a_message(raw):
    assert publish_verdict(raw).private
    assert publish_verdict(raw).notice is None
    assert publish_verdict(raw, document=lambda: None) == publish_verdict(raw)


@pytest.mark.parametrize(
    "raw, notice",
    [
        ("publish: 0\n", unclear("0")),
        ("publish: off\n", unclear("off")),
        ("publish: on\n", unclear("on")),
        ("publish: ~\n", unclear("~")),
        ("publish: null\n", unclear("null")),
        ('publish: ""\n', unclear('""')),
        ('publish: "false "\n', unclear('"false "')),
        ("publish: [false]\n", unclear("[false]")),
        ("publish: !!bool false\n", unclear("!!bool false")),
        ("publish: !!str true\n", unclear("!!str true")),
        ("publish: &a true\n", unclear("&a true")),
        ("publish: true#x\n", unclear("true#x")),
        ("publish: true, false\n", unclear("true, false")),
        ("publish: false}\n", unclear("false}")),
        ("publish: >-\n  true\n", unclear(">-")),
        ("publish:   # later\n", NO_VALUE),
        ("publish:\n  true\n", NO_VALUE),
        ("? publish\n", NO_VALUE),
        ("x: {publish}\n", NO_VALUE),
        ("{publish:true}\n", "note treated as private: 'publish:true' has no space after the colon, so YAML does not read it as the publish property (write 'publish: true' to publish the note)"),
    ],
)
def test_a_value_that_is_neither_true_nor_false_is_private_and_says_why(raw, notice):
    verdict = publish_verdict(raw, first_line=2)
    assert (verdict.private, verdict.notice, verdict.line) == (True, notice, 2)
    assert publish_verdict("title: [broken\n" + raw, first_line=1) == verdict


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "title: x\n",
        "publish: true\n",
        "Publish: True # on the site\n",
        "publish: 'tRUE'\n",
        '{"publish":true}\n',
        "? publish\n: true\n",
        "title: How to publish: a guide\n",
        "description: we publish false news\n",
        "summary: \"publish: false\"\n",
        "tags: [publish, draft]\n",
        '{"title": "publish", "x": ["publish"]}\n',
        "tags:\n- publish\n",
        "publishing: false\npublished: false\npublish-date: 0\n",
        "# publish: false\n",
        "path: C:\\notes\\x\n",
    ],
)
def test_true_or_no_publish_key_is_public(raw):
    assert publish_verdict(raw) == publish_verdict(raw, document=lambda: None) == publish_verdict(raw + "bad: [\n")
    assert not publish_verdict(raw).private


def test_the_whole_document_is_read_too():
    """Reading 4 (the parsed YAML, walked) adds privacy where the lines alone say nothing."""
    verdict = publish_verdict("about: publish\n", document=lambda: load("a:\n  - {PUBLISH : 0}\n"), first_line=2)
    assert (verdict.private, verdict.notice, verdict.line) == (True, unclear("0"), 3)
    assert publish_verdict("about: publish\n", document=lambda: load("publish: true\n")) == publish_verdict("")


def test_anchor_graphs_and_deep_nesting_are_walked_once():
    bomb = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}]\n" for p, c in zip("abcdefghijklmnopqrst", "bcdefghijklmnopqrstu"))
    assert not publish_verdict(bomb + "publish: true\n").private
    deep = "publish: " + "[" * 3000 + "]" * 3000 + "\n"
    assert publish_verdict(deep).private


# -- the note ----------------------------------------------------------------------------


def test_note_meta_aliases_and_title_from_json_and_broken_frontmatter():
    json_note = Note("a.md", "a.md", "", text='---\n{"title": "Json", "aliases": ["J"], "publish": true}\n---\nbody\n')
    assert (json_note.meta["title"], json_note.aliases, json_note.title, json_note.published) == ("Json", ["J"], "Json", True)
    broken = Note("b.md", "b.md", "", text="---\ntitle: B\n----\naliases: [x]\n---\nbody\n")
    assert broken.meta == {} and broken.meta_error and broken.title == "b" and broken.published
    assert broken.body == "body\n" and broken.body_offset == 5


# -- the property ------------------------------------------------------------------------


def _cased(word: str) -> st.SearchStrategy[str]:
    flips = st.lists(st.booleans(), min_size=len(word), max_size=len(word))
    return flips.map(lambda f: "".join(c.upper() if up else c for c, up in zip(word, f)))


def _escaped(word: str) -> st.SearchStrategy[str]:
    def escape(i: int, style: str) -> str:
        code = f"\\x{ord(word[i]):02x}" if style == "x" else f"\\u{ord(word[i]):04x}"
        return f'"{word[:i]}{code}{word[i + 1:]}"'

    return st.builds(escape, st.integers(0, len(word) - 1), st.sampled_from("xu"))


KEYS = st.one_of(
    _cased("publish"),
    _cased("publish").map(lambda k: f'"{k}"'),
    _cased("publish").map(lambda k: f"'{k}'"),
    _cased("publish").map(lambda k: f'" {k} "'),
    _escaped("publish"),
    _cased("publish").map(lambda k: f"!!str {k}"),
)
VALUES = [
    *(("true", v) for v in ["true", "True", "TRUE", '"true"', "'TrUe'"]),
    *(("false", v) for v in ["false", "False", "FALSE", '"false"', "'False'"]),
    *(("unclear", v) for v in ["0", "1", "no", "yes", "off", "on", "~", "null", '""', "maybe", "[false]",
                               "!!bool false", '"false "', "-1", "0.0", "{a: 1}"]),
]
SEPARATORS = [": ", ":  ", " : ", ":\t"]
COMMENTS = ["", " # a comment", "   #x"]


@st.composite
def publish_entries(draw) -> tuple[list[str], str]:
    """The lines of a top-level entry that holds a ``publish`` key, and the kind of its value."""
    key, (kind, value) = draw(KEYS), draw(st.sampled_from(VALUES))
    sep, comment = draw(st.sampled_from(SEPARATORS)), draw(st.sampled_from(COMMENTS))
    glued = sep.strip() if key[0] in "'\"" else sep
    entries = {
        "top": [f"{key}{sep}{value}{comment}"],
        "nested": ["meta:", f"  {key}{sep}{value}{comment}"],
        "list": ["items:", f"  - {key}{sep}{value}{comment}"],
        "deep": ["a:", "  b:", "    - c: 1", f"      {key}{sep}{value}{comment}"],
        "flow": [f"meta: {{a: 1, {key}{sep}{value}}}{comment}"],
        "json": [f'meta: {{"tags": ["journal"], {key}{glued}{value}}}{comment}'],
        "sequence": [f"meta: [a, {key}{sep}{value}]{comment}"],
        "lines": ["meta: {", '  "tags": ["journal"],', f"  {key}{sep}{value}{comment}", "}"],
        "explicit": [f"? {key}{comment}", f": {value}{comment}"],
        "alias": [f"name: &k {key}", f"*k{sep}{value}{comment}"],
    }
    return entries[draw(st.sampled_from(sorted(entries)))], kind


VALID = ["title: Some title", "tags: [a, b]", "created: 2024-01-01", "description: we publish false news",
         'summary: "publish: false"', "due: <% tp.date.now() %>", "aliases: [Other]"]
BROKEN = ["created: {{date}}", "\tindented: with a tab", 'title: "unclosed', "tags: [a,", "key: value: other",
          "<% tp.file.cursor() %>", "----", "- stray item", "title: How to publish: a guide"]


def _note(text: str, newline: str, bom: str) -> Note:
    return Note("n.md", "n.md", "", text=bom + f"---\n{text}---\nbody\n".replace("\n", newline))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    publish_entries(),
    st.lists(st.tuples(st.sampled_from(VALID), st.sampled_from(BROKEN)), min_size=1, max_size=3),
    st.integers(0, 3),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["", "\ufeff"]),
)
def test_privacy_never_depends_on_whether_the_rest_of_the_yaml_parses(entry, around, where, newline, bom):
    lines, kind = entry
    where = min(where, len(around))
    valid = "\n".join([v for v, _ in around][:where] + lines + [v for v, _ in around][where:]) + "\n"
    broken = "\n".join([b for _, b in around][:where] + lines + [b for _, b in around][where:]) + "\n"
    assert load(valid).error is None and load(broken).error is not None
    good, bad = _note(valid, newline, bom), _note(broken, newline, bom)
    assert good.privacy == bad.privacy
    assert good.published == (kind == "true")
    assert (good.privacy.notice is not None) == (kind == "unclear")
    assert good.meta and not bad.meta and good.meta_error is None and bad.meta_error is not None
