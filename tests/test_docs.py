"""The README and the benchmarks' README speak to users about today's code: no development history."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

#: Words that date a text to a stage of the work rather than describe the code as it is.
HISTORY = re.compile(
    r"\bsessions? \d|\bsession \w+'s|\bin session\b|\bworker process|\bbackground worker|\bpreviously\b|"
    r"\bused to\b|\bno longer\b|\bwas (?:fixed|changed|removed)\b|\bbefore this (?:change|session)\b|\bthe old code\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", ["README.md", "benchmarks/README.md"])
def test_the_docs_carry_no_development_history(path):
    text = (REPO / path).read_text(encoding="utf-8")
    assert not [m.group() for m in HISTORY.finditer(text)]


def test_the_readme_opens_with_the_two_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- (serve|test)-command -->\n```bash\n(.+)\n```", text)
    assert [name for name, _ in blocks] == ["serve", "test"]
    assert text.index("<!-- serve-command -->") < 200
    assert "mkdocs serve -f sample_site/mkdocs.yml" in blocks[0][1] and "pytest" in blocks[1][1]
