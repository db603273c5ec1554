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


def test_no_module_starts_processes_or_threads_of_its_own():
    """The plugin runs in the site generator's process, like every other plugin: nothing can be
    left behind by a stopped build, and nothing waits on another process (git's log aside, which
    review.py runs to completion)."""
    for path in PACKAGE.glob("*.py"):
        imported, text = _imports(path), path.read_text(encoding="utf-8")
        assert not imported & {"multiprocessing", "concurrent", "_thread"}, path.name
        assert "Thread(" not in text and "os.fork" not in text and "Popen(" not in text, path.name
        if "subprocess" in imported:
            assert path.name == "review.py", path.name
