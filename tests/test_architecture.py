"""The engine is plain Python: only the MkDocs adapter (plugin.py, config.py) imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mkdocs_obsidian_embeds"
ADAPTER = {"plugin.py", "config.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engine_modules_do_not_import_mkdocs():
    engine = [p for p in PACKAGE.glob("*.py") if p.name not in ADAPTER]
    assert len(engine) >= 10
    for path in engine:
        assert "mkdocs" not in _imports(path), path.name


def test_the_adapter_does_import_mkdocs():
    assert "mkdocs" in _imports(PACKAGE / "plugin.py")
