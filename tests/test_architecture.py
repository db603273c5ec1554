"""The layout shows the architecture: a plain-Python engine, two front doors onto it (the
Python-Markdown extension and the MkDocs plugin), and freshness beside them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mkdocs_obsidian_embeds"
SITE_GENERATORS = {"mkdocs", "zensical", "properdocs"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(folder: str) -> list[Path]:
    found = sorted((PACKAGE / folder).glob("*.py"))
    assert found, folder
    return found


def test_the_engine_imports_no_site_generator():
    engine = _modules("engine")
    assert len(engine) >= 10
    for path in engine:
        assert not _imports(path) & SITE_GENERATORS, path.name


def test_only_html_blocks_reads_python_markdown_in_the_engine():
    """The engine mirrors one list of Python-Markdown (its block-level tags, to know which lines
    it keeps as raw HTML); everything else that touches Python-Markdown is in extension/."""
    for path in _modules("engine"):
        if path.name != "html_blocks.py":
            assert "markdown" not in _imports(path), path.name


def test_the_extension_and_freshness_import_no_site_generator():
    for path in _modules("extension") + _modules("freshness"):
        assert not _imports(path) & SITE_GENERATORS, path.name


def test_only_the_plugin_folder_imports_mkdocs():
    assert "mkdocs" in _imports(PACKAGE / "plugin" / "plugin.py")
    outside = [p for p in PACKAGE.rglob("*.py") if "mkdocs" in _imports(p) and p.parent.name != "plugin"]
    assert outside == []


def test_folders_depend_one_way():
    """engine <- extension, freshness <- plugin: the engine reaches into no front door."""
    allowed = {"engine": set(), "extension": {"engine"}, "freshness": {"engine"}, "plugin": {"engine", "extension", "freshness"}}
    for folder, may_use in allowed.items():
        for path in _modules(folder):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            used = {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 2 and n.module}
            assert used <= may_use, (path.name, used - may_use)


def test_no_class_is_much_over_two_hundred_lines():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno < 230, (path.name, node.name)


def test_no_function_takes_seven_parameters():
    """Recursion state travels in a context object (engine/page.py's Scope), not in parameters."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
                count = len([name for name in names if name not in ("self", "cls")])
                assert count < 7, (path.name, node.name, count)


def test_no_module_starts_processes_or_threads_of_its_own():
    """The plugin runs in the site generator's process, like every other plugin: nothing can be
    left behind by a stopped build, and nothing waits on another process (git's log aside, which
    review.py runs to completion)."""
    for path in PACKAGE.rglob("*.py"):
        imported, text = _imports(path), path.read_text(encoding="utf-8")
        assert not imported & {"multiprocessing", "concurrent", "_thread"}, path.name
        assert "Thread(" not in text and "os.fork" not in text and "Popen(" not in text, path.name
        if "subprocess" in imported:
            assert path.name == "review.py", path.name
