#!/usr/bin/env python3
"""Generate a synthetic Obsidian vault for benchmarking the ``obsidian-embeds`` plugin.

``generate(dest, notes=1000, seed=0, embeds=True)`` writes ``notes`` Markdown notes into
``dest/docs/``, spread over ten folders, plus an ``index.md``. The output depends only on the
arguments: the same seed always gives byte-identical files.

Every note has

* YAML frontmatter with tags, some with ``aliases:`` and some with a ``reviewed:`` date;
* an H1 and 3-5 H2 sections, about 300-600 words of prose in total;
* block ids: paragraphs and list items ending in `` ^b1a2c3``, a table followed by an
  own-line ``^id`` (sometimes after a blank line, sometimes directly under the last row),
  sometimes a blockquote or a whole list with an own-line ``^id``;
* a fenced code block that contains ``[[not a link]]`` (must stay literal);
* about five wikilinks to other notes, of the forms ``[[Note]]``, ``[[Note|text]]``,
  ``[[Note#Heading]]``, ``[[Note#^id]]`` and now and then ``[[Alias]]``; every heading, block
  id and alias linked to really exists in the target note;
* one or two footnotes, the first of which cites a block: ``[^1]: [[Other note#^id]]``;
* a ``==highlight==``; every third note or so a callout.

With ``embeds=True`` each note (except the last) also embeds two blocks of other notes
(``![[Other#^id]]`` on their own line) and every fourth note embeds a section
(``![[Other#Heading]]``). Embeds only ever point at notes with a *higher* index, so the embed
graph is acyclic. Embed lines sit in one "host" section per note; sections embedded by heading
are always taken from the other sections, which contain no embeds and no footnote references,
and block ids are never put on embed lines or on the paragraph holding footnote references.
So the embedded content never embeds anything itself: the embed depth is exactly 1.

CLI::

    python benchmarks/generate_vault.py DEST --notes N [--seed S] [--no-embeds]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".generated-vault"

FOLDERS = [
    "Projects", "Research", "Meetings", "People", "Reading",
    "Journal", "Areas", "Reference", "Ideas", "Archive",
]

TITLE_ADJ = [
    "Quarterly", "Coastal", "Northern", "Distributed", "Practical", "Early", "Remote", "Shared",
    "Annual", "Open", "Internal", "Seasonal", "Urban", "Long-term", "Weekly", "Regional", "Modern",
    "Informal", "Applied", "Lean", "Hybrid", "Public", "Minimal", "Steady", "Rural", "Secure",
    "Collaborative", "Visual", "Incremental", "Local",
]
TITLE_TOPIC = [
    "Erosion", "Onboarding", "Pricing", "Caching", "Hiring", "Soil", "Budget", "Design", "Search",
    "Migration", "Learning", "Logistics", "Feedback", "Energy", "Writing", "Release", "Mentoring",
    "Storage", "Water", "Security", "Research", "Product", "Sales", "Support", "Testing", "Garden",
    "Archive", "Network", "Platform", "Reading", "Community", "Planning", "Retention", "Transit",
    "Analytics", "Hardware", "Wellbeing", "Documentation", "Risk", "Translation",
]
TITLE_NOUN = [
    "Survey", "Review", "Plan", "Notes", "Retrospective", "Checklist", "Principles", "Experiment",
    "Strategy", "Roadmap", "Workshop", "Handbook", "Summary", "Proposal", "Guide", "Playbook",
    "Overview", "Report", "Log", "Interview", "Patterns", "Questions", "Decisions", "Sketch",
    "Timeline",
]

HEADINGS = [
    "Overview", "Background", "Context", "Key ideas", "Open questions", "Findings", "Method",
    "Next steps", "Risks", "Timeline", "Decisions", "Related work", "Examples", "Trade-offs",
    "Lessons learned", "Constraints", "Metrics", "Stakeholders", "Costs", "Assumptions",
    "Alternatives", "Summary of the discussion", "What worked", "What did not work",
    "Further reading", "Implementation notes",
]

TAGS = [
    "inbox", "project", "research", "meeting", "reading", "idea", "reference", "draft",
    "evergreen", "review", "team", "writing", "planning", "archive",
]

CALLOUTS = ["note", "tip", "warning", "info", "example", "question"]

LANGS = ["python", "bash", "yaml", "text"]

# --- prose -------------------------------------------------------------------------------------

SUBJECTS = [
    "the team", "the first draft", "our current process", "the pilot group", "this approach",
    "the survey", "the new schedule", "every participant", "the review board", "the main risk",
    "the budget", "the second iteration", "the customer interviews", "the old system", "a short guide",
    "the workshop", "the shared calendar", "the reading group", "the field data", "the proposal",
    "the onboarding checklist", "a weekly check-in", "the migration", "the handbook", "the data",
]
VERBS = [
    "suggests", "shows", "depends on", "changes", "improves", "complicates", "replaces", "supports",
    "hides", "reveals", "reduces", "needs", "follows", "questions", "shapes", "delays", "simplifies",
    "highlights", "repeats", "ignores", "builds on", "contradicts", "documents", "measures",
]
OBJECTS = [
    "the way people share what they know", "most of the manual work", "a clear owner for each task",
    "the cost of switching tools", "the time it takes to get feedback", "a handful of open questions",
    "the need for a single source of truth", "how decisions are recorded", "the gap between plan and practice",
    "what new colleagues see on their first day", "the number of meetings per week",
    "the quality of the written notes", "where the bottlenecks really are", "the assumptions we started with",
    "how much context gets lost", "the trade-off between speed and care", "the results of the last round",
    "the rhythm of the release cycle", "the long tail of small fixes", "the habits that keep the work visible",
]
CLAUSES = [
    "which nobody expected at the start", "although the sample is still small",
    "because the feedback arrived late", "while the deadline stayed the same",
    "as long as someone keeps an eye on it", "even when the schedule is tight",
    "once the first results were in", "before anyone had written it down",
    "unless we change the defaults", "so the next review should look at it again",
    "and that matters more than the tooling", "but only for the larger groups",
]
OPENERS = [
    "In practice,", "For now,", "Over time,", "In most cases,", "As a rule,", "On balance,",
    "In the last round,", "At the moment,", "Looking back,", "Seen from outside,",
]
ITEM_TEXTS = [
    "Write down who owns each decision", "Keep the checklist short enough to read in a minute",
    "Ask for feedback before the draft feels finished", "Review the open questions every week",
    "Record the reason behind each change", "Move recurring questions into the handbook",
    "Share the raw numbers alongside the summary", "Pair new people with someone who knows the area",
    "Archive notes that nobody has opened in a year", "Link every task back to a goal",
    "Prefer small experiments over big launches", "Agree on one place for the latest version",
    "Check the assumptions against the field data", "Leave room in the plan for surprises",
]
TABLE_HEADERS = [
    ("Metric", "Before", "After"), ("Option", "Cost", "Effort"), ("Phase", "Owner", "Status"),
    ("Question", "Answer", "Source"), ("Risk", "Likelihood", "Impact"),
]
TABLE_CELLS = [
    "low", "medium", "high", "done", "in progress", "planned", "unclear", "team lead", "two weeks",
    "three days", "about half", "most of it", "none yet", "see notes", "agreed", "blocked",
]
CODE_LINES = {
    "python": ['def summarize(notes):', '    # wikilinks like [[not a link]] stay literal in code',
               '    return [n.title for n in notes if n.reviewed]'],
    "bash": ['# copy the vault, [[not a link]] must survive', 'rsync -a vault/ backup/',
             'grep -r "\\^b1a2c3" backup/ | wc -l'],
    "yaml": ['# [[not a link]] inside YAML', 'owner: team', 'review_every: 90d'],
    "text": ['[[not a link]] and ![[not an embed]] are plain text here', 'step 1: collect',
             'step 2: review'],
}


def _sentence(rng: random.Random, words_wanted: int = 0) -> str:
    parts = []
    if rng.random() < 0.25:
        parts.append(rng.choice(OPENERS))
    parts += [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.5:
        parts.append(rng.choice(CLAUSES))
    s = " ".join(parts)
    s = s[0].upper() + s[1:]
    # "In practice, the team ..." is fine, but "In practice, The" is not.
    return s.replace(", T", ", t").replace(", A", ", a").replace(", O", ", o").replace(", E", ", e") + "."


def _prose(rng: random.Random, words: int) -> list[str]:
    """Sentences adding up to roughly ``words`` words."""
    out: list[str] = []
    n = 0
    while n < words or not out:
        s = _sentence(rng)
        out.append(s)
        n += len(s.split())
    return out


# --- plan --------------------------------------------------------------------------------------

@dataclass
class Block:
    kind: str                    # para | list | table | quote | code | callout | footref
    block_id: str | None = None  # id of the whole block (para / table / quote / whole list)
    item_ids: list[str | None] = field(default_factory=list)  # list items
    words: int = 0
    table_gap: bool = True       # blank line between table and own-line ^id
    lang: str = "text"


@dataclass
class Section:
    heading: str
    blocks: list[Block]
    host: bool = False           # holds embeds and footnote refs; never embedded by heading


@dataclass
class Note:
    index: int
    title: str
    folder: str
    aliases: list[str]
    tags: list[str]
    reviewed: str | None
    sections: list[Section]

    @property
    def block_ids(self) -> list[str]:
        ids: list[str] = []
        for sec in self.sections:
            for b in sec.blocks:
                if b.block_id:
                    ids.append(b.block_id)
                ids.extend(i for i in b.item_ids if i)
        return ids

    @property
    def clean_sections(self) -> list[Section]:
        return [s for s in self.sections if not s.host]


def _titles(n: int, seed: int) -> list[str]:
    rng = random.Random(f"{seed}:titles")
    seen: set[str] = set()
    titles = []
    for i in range(n):
        for _ in range(50):
            t = f"{rng.choice(TITLE_ADJ)} {rng.choice(TITLE_TOPIC)} {rng.choice(TITLE_NOUN)}"
            if t.lower() not in seen:
                break
        else:
            t = f"{t} {i}"
        seen.add(t.lower())
        titles.append(t)
    return titles


def _plan(n: int, seed: int) -> list[Note]:
    titles = _titles(n, seed)
    taken = {t.lower() for t in titles}
    used_ids: set[str] = set()
    notes: list[Note] = []
    for i, title in enumerate(titles):
        rng = random.Random(f"{seed}:plan:{i}")

        def new_id() -> str:
            while True:
                bid = f"{rng.getrandbits(24):06x}"
                if bid not in used_ids and not bid.isdigit():
                    used_ids.add(bid)
                    return bid

        aliases: list[str] = []
        if rng.random() < 0.35:
            words = title.split()
            for cand in (f"{words[1]} {words[2]}".lower(), f"{words[0]} {words[1]}".lower(),
                         "".join(w[0] for w in words).upper() + f" {i}"):
                if cand.lower() not in taken:
                    taken.add(cand.lower())
                    aliases.append(cand)
                    break
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        reviewed = None
        if rng.random() < 0.5:
            reviewed = f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

        n_sec = rng.randint(3, 5)
        headings = rng.sample(HEADINGS, n_sec)
        host = rng.randrange(n_sec)
        table_sec = rng.randrange(n_sec)
        code_sec = rng.randrange(n_sec)
        callout_sec = rng.randrange(n_sec) if rng.random() < 0.35 else -1
        total_words = rng.randint(280, 540)

        sections = []
        for s, heading in enumerate(headings):
            blocks: list[Block] = []
            for _ in range(rng.randint(1, 2)):
                blocks.append(Block("para", new_id() if rng.random() < 0.5 else None))
            if rng.random() < 0.5:
                items = [new_id() if rng.random() < 0.4 else None for _ in range(rng.randint(2, 4))]
                whole = None
                if rng.random() < 0.2:   # own-line ^id under the whole list instead
                    items, whole = [None] * len(items), new_id()
                blocks.append(Block("list", whole, items))
            if rng.random() < 0.2:
                blocks.append(Block("quote", new_id()))
            if s == table_sec:
                blocks.insert(rng.randint(1, len(blocks)), Block("table", new_id(), table_gap=rng.random() < 0.5))
            if s == code_sec:
                blocks.append(Block("code", lang=rng.choice(LANGS)))
            if s == callout_sec:
                blocks.insert(rng.randint(0, len(blocks)), Block("callout"))
            if s == host:
                blocks.insert(1, Block("footref"))   # paragraph with footnote refs, never an id
            sections.append(Section(heading, blocks, host=(s == host)))

        # Spread the word budget over the prose blocks (lists/tables/code add a little more).
        prose = [b for sec in sections for b in sec.blocks if b.kind in ("para", "quote", "footref", "callout")]
        per = max(20, (total_words - 130) // len(prose))
        for b in prose:
            b.words = max(15, int(per * rng.uniform(0.7, 1.3)))

        notes.append(Note(i, title, rng.choice(FOLDERS), aliases, tags, reviewed, sections))
    return notes


# --- render ------------------------------------------------------------------------------------

def _link(rng: random.Random, notes: list[Note], me: int) -> str:
    j = rng.randrange(len(notes) - 1)
    j = j + 1 if j >= me else j          # any other note
    t = notes[j]
    kind = rng.choices(["plain", "alias", "heading", "block", "by-alias"], [3, 2, 2, 3, 1])[0]
    if kind == "by-alias" and not t.aliases:
        kind = "plain"
    if kind == "plain":
        return f"[[{t.title}]]"
    if kind == "alias":
        return f"[[{t.title}|{rng.choice(['this note', 'the earlier notes', t.title.lower(), 'see here', 'background'])}]]"
    if kind == "heading":
        return f"[[{t.title}#{rng.choice(t.sections).heading}]]"
    if kind == "block":
        return f"[[{t.title}#^{rng.choice(t.block_ids)}]]"
    return f"[[{t.aliases[0]}]]"


def _with_links(sentences: list[str], links: list[str], highlight: bool, rng: random.Random) -> str:
    """Join sentences, hang each link off a random sentence and highlight a few words."""
    sents = list(sentences)
    if highlight:
        k = rng.randrange(len(sents))
        words = sents[k].split(" ")
        if len(words) > 4:
            a = rng.randrange(1, len(words) - 3)
            words[a] = "==" + words[a]
            words[a + 2] = words[a + 2] + "=="
            sents[k] = " ".join(words).replace(".==", "==.")
    for link in links:
        k = rng.randrange(len(sents))
        form = rng.choice([" (see {})", ", as in {}", " - compare {}", "; {} has more"])
        sents[k] = sents[k][:-1] + form.format(link) + "."
    return " ".join(sents)


def _render(note: Note, notes: list[Note], seed: int, embeds: bool) -> str:
    rng = random.Random(f"{seed}:render:{note.index}")
    n = len(notes)
    out: list[str] = ["---"]
    out.append(f"tags: [{', '.join(note.tags)}]")
    if note.aliases:
        out.append("aliases:")
        out += [f'  - "{a}"' for a in note.aliases]
    if note.reviewed:
        out.append(f"reviewed: {note.reviewed}")
    out += ["---", "", f"# {note.title}", ""]
    out.append(" ".join(_prose(rng, rng.randint(15, 30))))
    out.append("")

    # Which prose blocks get the ~5 links and the highlight.
    slots = [(s, b) for s, sec in enumerate(note.sections) for b, blk in enumerate(sec.blocks)
             if blk.kind in ("para", "quote", "callout") or (blk.kind == "list")]
    link_at: dict[tuple[int, int], list[str]] = {}
    if n > 1:
        for _ in range(rng.randint(4, 6)):
            link_at.setdefault(rng.choice(slots), []).append(_link(rng, notes, note.index))
    highlight_at = rng.choice([sl for sl in slots if note.sections[sl[0]].blocks[sl[1]].kind != "list"] or slots)

    # Footnotes: [^1] cites a block of another note; sometimes a plain [^2].
    footdefs: list[str] = []
    if n > 1:
        j = rng.randrange(n - 1)
        j = j + 1 if j >= note.index else j
        footdefs.append(f"[^1]: [[{notes[j].title}#^{rng.choice(notes[j].block_ids)}]]")
    if rng.random() < 0.5 or not footdefs:
        footdefs.append(f"[^{len(footdefs) + 1}]: " + _sentence(rng))

    # Embeds (only into notes with a higher index -> no cycles; depth 1, see module docstring).
    embed_lines: list[str] = []
    if embeds and note.index < n - 1:
        for _ in range(2):
            t = notes[rng.randrange(note.index + 1, n)]
            embed_lines.append(f"![[{t.title}#^{rng.choice(t.block_ids)}]]")
        if note.index % 4 == 0:
            t = notes[rng.randrange(note.index + 1, n)]
            embed_lines.append(f"![[{t.title}#{rng.choice(t.clean_sections).heading}]]")

    for s, sec in enumerate(note.sections):
        out += [f"## {sec.heading}", ""]
        if sec.host and embed_lines:
            out.append(" ".join(_prose(rng, rng.randint(10, 20))))
            out.append("")
            for line in embed_lines:
                out += [line, ""]
        for b, blk in enumerate(sec.blocks):
            links = link_at.get((s, b), [])
            hl = highlight_at == (s, b)
            if blk.kind == "para":
                text = _with_links(_prose(rng, blk.words), links, hl, rng)
                out.append(text + (f" ^{blk.block_id}" if blk.block_id else ""))
            elif blk.kind == "footref":
                sents = _prose(rng, blk.words)
                sents[0] = sents[0][:-1] + ".[^1]"
                if len(footdefs) > 1:
                    # a one-sentence block already ends in "[^1]"
                    sents[-1] = sents[-1] + "[^2]" if len(sents) == 1 else sents[-1][:-1] + ".[^2]"
                out.append(" ".join(sents))
            elif blk.kind == "quote":
                text = _with_links(_prose(rng, blk.words), links, hl, rng)
                words = text.split(" ")
                half = len(words) // 2
                out += ["> " + " ".join(words[:half]), "> " + " ".join(words[half:]), "", f"^{blk.block_id}"]
            elif blk.kind == "callout":
                kind = rng.choice(CALLOUTS)
                text = _with_links(_prose(rng, blk.words), links, hl, rng)
                out += [f"> [!{kind}] {rng.choice(['Worth remembering', 'Caveat', 'Aside', 'Summary'])}",
                        f"> {text}"]
            elif blk.kind == "list":
                texts = rng.sample(ITEM_TEXTS, len(blk.item_ids))
                for k, (t, iid) in enumerate(zip(texts, blk.item_ids)):
                    if k == 0 and links:
                        t = f"{t}, see {' and '.join(links)}"
                    out.append(f"- {t}" + (f" ^{iid}" if iid else ""))
                    if rng.random() < 0.25:
                        out.append(f"\t- {rng.choice(ITEM_TEXTS)}")
                if blk.block_id:
                    out += ["", f"^{blk.block_id}"]
            elif blk.kind == "table":
                head = rng.choice(TABLE_HEADERS)
                out.append("| " + " | ".join(head) + " |")
                out.append("| " + " | ".join("---" for _ in head) + " |")
                for _ in range(rng.randint(2, 4)):
                    out.append("| " + " | ".join(rng.choice(TABLE_CELLS) for _ in head) + " |")
                if blk.table_gap:
                    out.append("")
                out.append(f"^{blk.block_id}")
            elif blk.kind == "code":
                out.append(f"```{blk.lang}")
                out += CODE_LINES[blk.lang]
                out.append("```")
            out.append("")

    out += footdefs
    out.append("")
    return "\n".join(out)


def _render_index(notes: list[Note]) -> str:
    lines = ["# Synthetic vault", "",
             f"A generated vault of {len(notes)} notes for benchmarking the `obsidian-embeds` plugin.", ""]
    for folder in FOLDERS:
        members = [n for n in notes if n.folder == folder]
        if members:
            lines.append(f"- {folder}: " + ", ".join(f"[[{m.title}]]" for m in members[:3]))
    lines.append("")
    return "\n".join(lines)


def generate(dest: Path, notes: int = 1000, seed: int = 0, embeds: bool = True) -> None:
    """Write a synthetic vault of ``notes`` notes into ``dest/docs/`` (deterministic for ``seed``).

    An existing ``dest/docs`` is replaced only if a previous run of this function created it;
    otherwise a non-empty ``dest/docs`` raises ``FileExistsError``.
    """
    if notes < 1:
        raise ValueError("notes must be >= 1")
    docs = Path(dest) / "docs"
    if docs.exists():
        if (docs / MARKER).exists():
            shutil.rmtree(docs)
        elif any(docs.iterdir()):
            raise FileExistsError(f"{docs} exists, is not empty and was not made by generate_vault.py")
    docs.mkdir(parents=True, exist_ok=True)
    (docs / MARKER).write_text(f"notes={notes} seed={seed} embeds={embeds}\n", encoding="utf-8")

    plan = _plan(notes, seed)
    for note in plan:
        folder = docs / note.folder
        folder.mkdir(exist_ok=True)
        (folder / f"{note.title}.md").write_text(_render(note, plan, seed, embeds), encoding="utf-8")
    (docs / "index.md").write_text(_render_index(plan), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate a synthetic Obsidian vault into DEST/docs/.")
    p.add_argument("dest", type=Path, help="destination; notes are written to DEST/docs/")
    p.add_argument("--notes", type=int, default=1000, help="number of notes (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--no-embeds", dest="embeds", action="store_false", help="no ![[...]] embeds")
    args = p.parse_args(argv)
    generate(args.dest, notes=args.notes, seed=args.seed, embeds=args.embeds)
    print(f"wrote {args.notes} notes to {args.dest / 'docs'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
