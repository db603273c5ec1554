#!/usr/bin/env python3
"""Check that a generated vault is well-formed, independently of the generator's internals.

    python benchmarks/check_vault.py DEST        # DEST as given to generate_vault.py

Parses every note under DEST/docs and checks that

* every wikilink/embed target note exists (by file name or frontmatter alias);
* every ``#Heading`` target is an H2/H1 of the target note, every ``#^id`` a block id in it;
* block ids are unique within a note;
* ``[[not a link]]`` only occurs inside fenced code blocks, and every note has one;
* every note has a ``==highlight==`` and a footnote citation ``[^1]: [[Note#^id]]``;
* footnote references are well-formed, each has a definition and each definition is referenced;
* embeds form no cycle, and content reached by an embed contains no further embed (depth 1).

Prints a summary (notes, links by kind, embeds, words per note) and exits 1 on any problem.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

LINK = re.compile(r"(!?)\[\[([^\]\|#]+)(?:#(\^?)([^\]\|]+))?(?:\|([^\]]+))?\]\]")
TRAILING_ID = re.compile(r"\s\^([A-Za-z0-9-]+)\s*$")
OWN_LINE_ID = re.compile(r"^\^([A-Za-z0-9-]+)\s*$")
FENCE = re.compile(r"^(```|~~~)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s\[]+)\]")


def parse(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    aliases: list[str] = []
    body_start = 0
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        body_start = end + 1
        in_aliases = False
        for ln in lines[1:end]:
            if ln.startswith("aliases:"):
                in_aliases = True
                rest = ln[len("aliases:"):].strip()
                if rest.startswith("["):
                    aliases += [a.strip().strip('"\'') for a in rest.strip("[]").split(",") if a.strip()]
                    in_aliases = False
            elif in_aliases and ln.startswith("  - "):
                aliases.append(ln[4:].strip().strip('"\''))
            else:
                in_aliases = False
    headings: dict[str, int] = {}   # heading -> line number
    ids: list[tuple[str, int]] = []
    links: list[tuple[int, str, str, str, str, str]] = []  # (line, bang, target, caret, frag, alias)
    code_literal = 0
    stray_literal: list[int] = []
    in_code = False
    words = 0
    for no in range(body_start, len(lines)):
        ln = lines[no]
        if FENCE.match(ln):
            in_code = not in_code
            continue
        if in_code:
            if "[[not a link]]" in ln:
                code_literal += 1
            continue
        if "[[not a link]]" in ln:
            stray_literal.append(no + 1)
        m = re.match(r"^(#{1,6}) (.+?)\s*$", ln)
        if m:
            headings[m.group(2)] = no
        m = TRAILING_ID.search(ln) or OWN_LINE_ID.match(ln)
        if m:
            ids.append((m.group(1), no))
        for lm in LINK.finditer(ln):
            links.append((no, *lm.groups()))
        if not ln.startswith(("#", "|", "^", "[^")) and not ln.strip().startswith("!["):
            words += len(LINK.sub("x", ln).split())
    return {
        "path": path, "lines": lines, "aliases": aliases, "headings": headings, "ids": ids,
        "links": links, "code_literal": code_literal, "stray": stray_literal, "words": words,
        "highlight": "==" in text, "citation": re.search(r"^\[\^1\]: \[\[[^\]]+#\^[^\]]+\]\]$", text, re.M),
        "footnotes": _footnotes(lines),
    }


def _footnotes(lines: list[str]) -> list[str]:
    """What is wrong with the note's footnotes: malformed references, references without definitions, unused definitions."""
    defined = {m.group(1) for ln in lines if (m := FOOTNOTE_DEF.match(ln))}
    body = [ln for ln in lines if not FOOTNOTE_DEF.match(ln)]
    used = {label for ln in body for label in FOOTNOTE_REF.findall(ln)}
    problems = [f"malformed footnote reference in {ln!r}" for ln in body if ln.count("[^") != len(FOOTNOTE_REF.findall(ln))]
    problems += [f"footnote [^{label}] has no definition" for label in sorted(used - defined)]
    problems += [f"footnote [^{label}] is never referenced" for label in sorted(defined - used)]
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    docs = Path(argv[0]) / "docs"
    notes = {p.stem: parse(p) for p in sorted(docs.rglob("*.md")) if p.name != "index.md"}
    by_name = {k.lower(): k for k in notes}
    for k, n in notes.items():
        for a in n["aliases"]:
            if a.lower() in by_name and by_name[a.lower()] != k:
                print(f"alias {a!r} of {k!r} clashes with {by_name[a.lower()]!r}")
            by_name.setdefault(a.lower(), k)

    problems: list[str] = []
    kinds: Counter[str] = Counter()
    embeds: dict[str, list[tuple[str, str, str]]] = {k: [] for k in notes}
    for k, n in notes.items():
        idset = [i for i, _ in n["ids"]]
        if len(idset) != len(set(idset)):
            problems.append(f"{k}: duplicate block ids")
        if n["code_literal"] == 0:
            problems.append(f"{k}: no [[not a link]] in a code block")
        if n["stray"]:
            problems.append(f"{k}: [[not a link]] outside code on lines {n['stray']}")
        if not n["highlight"]:
            problems.append(f"{k}: no ==highlight==")
        problems += [f"{k}: {p}" for p in n["footnotes"]]
        if not n["citation"] and len(notes) > 1:
            problems.append(f"{k}: no [^1]: [[...#^id]] citation")
        for no, bang, target, caret, frag, alias in n["links"]:
            tk = by_name.get(target.lower())
            if tk is None:
                problems.append(f"{k}:{no + 1}: unknown note {target!r}")
                continue
            t = notes[tk]
            kind = ("embed-" if bang else "") + (
                "block" if caret else "heading" if frag else "alias-text" if alias else
                "by-alias" if tk != target else "plain")
            kinds[kind] += 1
            if caret and frag not in {i for i, _ in t["ids"]}:
                problems.append(f"{k}:{no + 1}: no block ^{frag} in {tk!r}")
            if frag and not caret and frag not in t["headings"]:
                problems.append(f"{k}:{no + 1}: no heading {frag!r} in {tk!r}")
            if bang:
                embeds[k].append((tk, caret, frag))

    # Embedded content must not contain embeds: find the line span each embed pulls in.
    def span(t: dict, caret: str, frag: str) -> range:
        lines = t["lines"]
        if caret:
            line = dict(t["ids"])[frag]
            if OWN_LINE_ID.match(lines[line]):    # own-line id: the block above it
                end = line - 1
                if not lines[end].strip():         # optional blank line before the ^id
                    end -= 1
                start = end
                while start > 0 and lines[start - 1].strip():
                    start -= 1
                return range(start, line + 1)
            return range(line, line + 1)
        start = t["headings"][frag]
        end = start + 1
        while end < len(lines) and not re.match(r"^#{1,2} ", lines[end]):
            end += 1
        return range(start, end)

    for k, lst in embeds.items():
        for tk, caret, frag in lst:
            try:
                rng = span(notes[tk], caret, frag)
            except KeyError:
                continue
            nested = [no for no, bang, *_ in notes[tk]["links"] if bang and no in rng]
            if nested:
                problems.append(f"{k}: embed of {tk}#{'^' if caret else ''}{frag} contains embeds")

    # Cycle check (DFS over the embed graph).
    state: dict[str, int] = {}

    def visit(u: str, stack: list[str]) -> None:
        state[u] = 1
        for v, _, _ in embeds[u]:
            if state.get(v) == 1:
                problems.append("embed cycle: " + " -> ".join(stack + [u, v]))
            elif v not in state:
                visit(v, stack + [u])
        state[u] = 2

    sys.setrecursionlimit(max(10000, 4 * len(notes)))
    for u in notes:
        if u not in state:
            visit(u, [])

    words = [n["words"] for n in notes.values()]
    folders = {n["path"].parent.name for n in notes.values()}
    with_alias = sum(1 for n in notes.values() if n["aliases"])
    print(f"notes: {len(notes)} in {len(folders)} folders, {with_alias} with aliases")
    print(f"words/note: min {min(words)}, median {statistics.median(words):.0f}, max {max(words)}")
    print(f"block ids: {sum(len(n['ids']) for n in notes.values())}")
    print("links: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    n_links = sum(v for k, v in kinds.items() if not k.startswith("embed-"))
    print(f"wikilinks/note (excl. embeds, incl. footnote citations): {n_links / len(notes):.1f}")
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems[:50]:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
