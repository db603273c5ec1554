"""What a piece of Markdown leaves open at its end, closed there: a fence, a raw HTML block.

Python-Markdown pairs a fence with the next fence line of its kind wherever that is, and runs an
unclosed raw HTML block to the end of the page. Embedded content that leaves either open would
hold the rest of the quoting page as code or raw HTML, the embed's own end included; Obsidian
keeps it inside the embed (CommonMark ends a fence with its container). So the content gets what
closes it, and so do the page's own lines before the footnotes the renderer adds after them.
Fences are read as Python-Markdown's fence extensions read them (at a line's start, before raw
HTML): a fence closes at a line of the same character, at least as long, with nothing after it;
the fence added to close one repeats its opening run, which closes it for fenced_code and
superfences alike.
"""

from __future__ import annotations

import re

from .html_blocks import unclosed_html

#: A fence's line (up to three spaces in): its run of backticks or tildes, and what follows it.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def close_open_blocks(lines: list[str]) -> list[str]:
    """``lines`` and what closes the fence and the raw HTML block they leave open, if any."""
    code, opened = _fences(lines)
    if opened:
        code |= set(range(opened[1], len(lines) + 1))
        lines = [*lines, opened[0]]
    if any("<" in line for line in lines) and unclosed_html(lines, frozenset()):
        closer = unclosed_html(lines, frozenset(code))  # a tag in code is text
        if closer:
            lines = [*lines, closer]
    return lines


def _fences(lines: list[str]) -> tuple[set[int], tuple[str, int] | None]:
    """The lines of closed fences, and the run and first line of one left open at the end."""
    code: set[int] = set()
    opened: tuple[str, int] | None = None
    for number, line in enumerate(lines):
        if "``" not in line and "~~" not in line:
            continue
        m = _FENCE.match(line)
        if m is None:
            continue
        run, rest = m.group(1), m.group(2)
        if opened is None:
            if not (run[0] == "`" and "`" in rest):  # a backtick fence's info holds no backtick
                opened = (run, number)
        elif run[0] == opened[0][0] and len(run) >= len(opened[0]) and not rest.strip():
            code.update(range(opened[1], number + 1))
            opened = None
    return code, opened
