#!/usr/bin/env python3
"""Build pathological inputs with plain MkDocs and with the ``obsidian-embeds`` plugin, side by side.

    python benchmarks/pathological.py [--timeout 120] [--only NAME ...] [--list] [--work-dir DIR]

Each input is a tiny site (an ``index.md`` holding the input, and the few notes it links to or
embeds) built twice, each build in a process of its own with a timeout, so that a build that
hangs is reported as ``> TIMEOUT`` instead of being waited for: once with ``plain.yml`` (the
Markdown extensions the plugin enables, no plugin) and once with ``plugin.yml`` (the same plus
``obsidian-embeds``). The time is that of ``load_config`` + ``build`` inside the child process,
imports excluded. The table gives both times, their ratio, and the count of warnings the plugin
logged. The embed bombs have no plain counterpart worth timing (a plain build of 41 small notes),
but it is printed for scale.

See benchmarks/README.md ("Pathological inputs") for what each input is and for the figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLUGIN = "obsidian-embeds"
PLUGIN_LOGGER = f"mkdocs.plugins.{PLUGIN}"
#: The Markdown extensions the plugin enables, so that the plain build does the same Markdown work.
EXTENSIONS = [
    "footnotes", "attr_list", "md_in_html", "tables", "toc", "admonition",
    "pymdownx.details", "pymdownx.superfences",
]
TARGET = "# Target\n\nThe target note.\n\n## Section\n\nA paragraph. ^blk\n"

Files = dict[str, str | bytes]


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    files: Callable[[], Files]


def _page(text: str, **more: str | bytes) -> Callable[[], Files]:
    return lambda: {"index.md": text, "Target.md": TARGET, **more}


def _bomb(kind: str) -> Callable[[], Files]:
    """41 notes, each embedding the next one ten times (whole notes, blocks or headings)."""

    def files() -> Files:
        out: Files = {"index.md": "# Bomb\n\n![[N0]]\n\nThe end of the host page.\n", "Target.md": TARGET}
        for i in range(41):
            nxt = f"N{i + 1}"
            if i == 40:
                body = "The last note. ^b\n"
            elif kind == "note":
                body = f"Note {i} says hello.\n\n" + f"![[{nxt}]]\n\n" * 10
            elif kind == "prose":
                body = f"Note {i}. " + "Some words of prose, *emphasis* and a [[Target]] link. " * 30 + "\n\n" + f"![[{nxt}]]\n\n" * 10
            elif kind == "block":
                body = f"Note {i}.\n\n" + f"- ![[{nxt}#^b]]\n" * 10 + "\n^b\n"
            else:
                body = f"# H\n\nNote {i}.\n\n" + f"![[{nxt}#H]]\n\n" * 10
            if kind == "heading" and i == 40:
                body = "# H\n\nThe last note.\n"
            out[f"N{i}.md"] = body
        return out

    return files


def _flat_bomb() -> Files:
    """41 pages that each embed the same 200 notes of 1 KB: no nesting, every embed within the limits."""
    out: Files = {f"P{i}.md": f"# Page {i}\n\n" + "".join(f"![[S{j}]]\n\n" for j in range(200)) for i in range(41)}
    out.update({f"S{j}.md": f"Source {j}. " + "Some words of prose, *emphasis* and a [[Target]] link. " * 18 for j in range(200)})
    out["index.md"], out["Target.md"] = "# Index\n", TARGET
    return out


def _long_paragraph_links() -> Files:
    return {"index.md": "".join(f"Line {i} links to [[Target]] and goes on.\n" for i in range(100_000)), "Target.md": TARGET}


def _block_ids() -> Files:
    return {"index.md": "".join(f"Paragraph {i}.\n\n^id{i}\n\n" for i in range(10_000)) + "[[#^id9999]]\n"}


def _many_heading_links() -> Files:
    headings = "".join(f"## Heading {i}\n\nText {i}.\n\n" for i in range(5_000))
    links = "".join(f"- [[#Heading {i}]] and [[#Heading {i}#nothing]]\n" for i in range(5_000))
    return {"index.md": headings + links}


def _backtick_runs() -> Files:
    openers = " ".join("`" * k for k in range(600, 0, -2))
    return _page(openers + " " + "a``b " * 30_000 + "\n")()


def _deep_lists() -> Files:
    text = "".join("  " * depth + f"- item {depth}\n" for depth in range(150)) * 5
    return _page(text)()


def _deep_quotes() -> Files:
    text = "".join("> " * depth + f"quote {depth}\n" for depth in range(1, 100)) * 5
    return _page(text)()


def _big_table() -> Files:
    rows = "".join(f"| a{i} | [[Target]] | ==b{i}== | `c` | d ^r{i} |\n" for i in range(5_000))
    return _page("| h1 | h2 | h3 | h4 | h5 |\n| --- | --- | --- | --- | --- |\n" + rows + "\n^tbl\n")()


def _embedded_footnote_refs() -> Files:
    return {
        "index.md": "Host.\n\n![[Source]]\n",
        "Source.md": "[^a" * 2_000 + "\n\n[^a]: a footnote\n",
    }


def _citation_prefix() -> Files:
    return {
        "index.md": "Cites.[^1]\n\n[^1]: [[Source#^q]]\n",
        "Source.md": "> " * 5_000 + "- " * 5_000 + "quoted text\n\n^q\n",
    }


CASES: list[Case] = [
    # The inputs the issue names.
    Case("paragraph-of-links", "100,000-line paragraph, a wikilink per line", _long_paragraph_links),
    Case("heading-attr-openers", "24 KB heading of repeated '{#a ', linked", _page("# " + "{#a " * 6_000 + "\n\n## x\n\n[[#x]]\n")),
    Case("code-and-comments", "200 KB line of repeated '`x`%%'", _page("`x`%%" * 40_000 + "\n")),
    Case("link-angle-openers", "320 KB of repeated '](< '", _page("](< " * 80_000 + "\n")),
    Case("callout-title-spaces", "callout title of 100k spaces", _page("> [!note] a" + " " * 100_000 + "b\n> body\n")),
    # More shapes of the same classes.
    Case("callout-only-spaces", "callout whose title is 100k spaces", _page("> [!tip]-" + " " * 100_000 + "\n> body\n")),
    Case("wikilink-openers", "2 KB line of '[['", _page("[[" * 1_000 + "\n")),
    Case("wikilink-unclosed", "3 KB line of '[[a'", _page("[[a" * 1_000 + "\n")),
    Case("wikilinks-one-line", "30,000 wikilinks on one line", _page("[[Target]] " * 30_000 + "\n")),
    Case("highlight-openers", "200 KB line of '=='", _page("==" * 100_000 + "\n")),
    Case("highlights", "33,000 highlights on one line", _page("==a== " * 33_000 + "\n")),
    Case("inline-footnote-openers", "3 KB line of '^['", _page("^[" * 1_500 + "\n")),
    Case("inline-footnote-unclosed", "4.5 KB line of '^[a'", _page("^[a" * 1_500 + "\n")),
    Case("embed-openers", "180 KB line of '![[x]]' (x missing)", _page("![[x]]" * 30_000 + "\n")),
    Case("image-embeds", "10,000 image embeds on one line", _page("![[pic.png]] " * 10_000 + "\n", **{"pic.png": b"\x89PNG\r\n\x1a\n"})),
    Case("note-embeds-one-line", "2,000 note embeds on one line", _page("x ![[Target#Section]] " * 2_000 + "\n")),
    Case("pipes", "200 KB line of '|'", _page("|" * 200_000 + "\n")),
    Case("big-table", "table of 5,000 rows with links, highlights, code, block ids", _big_table),
    Case("comments-alone", "200 KB line of '%%'", _page("%%" * 100_000 + "\n")),
    Case("comment-unclosed", "200 KB line of '%% `x'", _page("%% `x" * 40_000 + "\n")),
    Case("code-spans-in-comments", "200 KB line of '`%%`'", _page("`%%`" * 50_000 + "\n")),
    Case("md-link-brackets", "8 KB line of '[a](' ", _page("[a](" * 2_000 + "\n")),
    Case("heading-brackets", "2.4 KB heading of '[', '<', '[^' and '[a](', linked", _page(
        "# " + "[" * 600 + "<" * 600 + "[^" * 300 + "[a](" * 150 + "\n\n## x\n\n[[#x]]\n")),
    Case("heading-wikilinks", "heading with 2,400 wikilinks (24 KB)", _page("# " + "[[Target]]" * 2_400 + "\n")),
    Case("backtick-runs", "unclosed backtick runs of 300 lengths, then 30,000 code spans", _backtick_runs),
    Case("footnote-refs-embedded", "embedded 6 KB line of '[^a'", _embedded_footnote_refs),
    Case("citation-prefix", "citation of a block under 5,000 quote and 5,000 list prefixes", _citation_prefix),
    Case("own-line-block-ids", "10,000 paragraphs, each with an own-line ^id", _block_ids),
    Case("heading-links", "5,000 headings, 10,000 links to them", _many_heading_links),
    Case("duplicate-headings", "3,000 headings '# a' and a link to one", _page("# a\n\n" * 3_000 + "[[#a]]\n")),
    Case("deep-lists", "lists nested 150 deep, five times", _deep_lists),
    Case("deep-quotes", "quotes nested 100 deep, five times", _deep_quotes),
    Case("list-markers-line", "300 lines of 50 '- ' each", _page(("- " * 50 + "x\n") * 300)),
    Case("html-blocks-unclosed", "5,000 lines '<div markdown=\"1\">', never closed", _page('<div markdown="1">\n\n' * 5_000)),
    Case("soft-breaks-emphasis", "20,000-line paragraph, emphasis and code on each line", _page(
        "".join(f"line {i} *em* `code` [[Target]] ==hi==\n" for i in range(20_000)))),
    # Embed bombs: 41 notes, each embedding the next one ten times.
    Case("bomb-notes", "41 notes, each embedding the next ten times", _bomb("note")),
    Case("bomb-blocks", "the same with block embeds (a list of ten)", _bomb("block")),
    Case("bomb-headings", "the same with heading embeds", _bomb("heading")),
    Case("bomb-prose", "the same with 1.7 KB of prose in each note", _bomb("prose")),
    Case("bomb-flat", "41 pages, each embedding the same 200 notes of 1 KB", _flat_bomb),
]


# -- the child: one build --------------------------------------------------------------


def _child(yml: Path) -> int:
    """Build ``yml`` once and print what the parent reads: seconds and warning counts, as JSON."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import mkdocs_obsidian_embeds.plugin.plugin  # noqa: F401 - imported in both variants, outside the timing

    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.addHandler(Collect(logging.WARNING))
    logger.propagate = False
    t0 = time.perf_counter()
    cfg = load_config(config_file=str(yml))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg, dirty=False)
    finally:
        cfg.plugins.on_shutdown()
    seconds = time.perf_counter() - t0
    mine = [r.getMessage() for r in records if r.name.startswith(PLUGIN_LOGGER)]
    print(json.dumps({"seconds": seconds, "warnings": len(records), "plugin_warnings": len(mine), "first": mine[:3]}))
    return 0


# -- the parent ------------------------------------------------------------------------


def _write_case(case: Case, root: Path) -> dict[str, Path]:
    import yaml

    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    for name, content in case.files().items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    configs = {}
    for variant in ("plain", "plugin"):
        cfg = {
            "site_name": f"{case.name} ({variant})",
            "docs_dir": "docs",
            "site_dir": str(root / f"site-{variant}"),
            "theme": {"name": "mkdocs"},
            "plugins": ["search"] + ([PLUGIN] if variant == "plugin" else []),
            "markdown_extensions": list(EXTENSIONS),
        }
        configs[variant] = root / f"{variant}.yml"
        configs[variant].write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return configs


def _build(yml: Path, timeout: float) -> dict | None:
    """One build in a child process; None if it did not finish within ``timeout`` seconds."""
    try:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(yml)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        return {"error": tail[0]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _seconds(result: dict | None, timeout: float) -> str:
    if result is None:
        return f"> {timeout:g}"
    if "error" in result:
        return "error"
    return f"{result['seconds']:.2f}"


def _size(case: Case) -> str:
    total = sum(len(c) for c in case.files().values())
    return f"{total / 1000:,.0f} KB" if total >= 1000 else f"{total} B"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per build before it counts as hung (default 120)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only these inputs")
    p.add_argument("--list", action="store_true", help="list the inputs and exit")
    p.add_argument("--skip-plain", action="store_true", help="build with the plugin only")
    p.add_argument("--work-dir", type=Path, default=HERE / "_work" / "pathological")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return _child(args.child)
    cases = [c for c in CASES if not args.only or c.name in args.only]
    if args.list or not cases:
        for case in CASES:
            print(f"{case.name:<26} {case.what}")
        return 0 if cases else 2
    print(f"{'input':<26} {'size':>9} {'plain s':>8} {'plugin s':>9} {'ratio':>7} {'warnings':>8}  what")
    failed = 0
    for case in cases:
        configs = _write_case(case, args.work_dir.resolve() / case.name)
        plain = None if args.skip_plain else _build(configs["plain"], args.timeout)
        plugin = _build(configs["plugin"], args.timeout)
        ratio = ""
        if plain and plugin and "seconds" in plain and "seconds" in plugin:
            ratio = f"{plugin['seconds'] / plain['seconds']:.2f}x"
        warnings = str(plugin["plugin_warnings"]) if plugin and "plugin_warnings" in plugin else "-"
        plain_s = "-" if args.skip_plain else _seconds(plain, args.timeout)
        print(f"{case.name:<26} {_size(case):>9} {plain_s:>8} {_seconds(plugin, args.timeout):>9} {ratio:>7} {warnings:>8}  {case.what}", flush=True)
        if plugin is None or "error" in plugin:
            failed += 1
            if plugin:
                print(f"    plugin build failed: {plugin['error']}")
        elif plugin["first"] and case.name.startswith("bomb"):
            for message in plugin["first"]:
                print(f"    {message[:160]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
