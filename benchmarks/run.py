#!/usr/bin/env python3
"""Measure ``mkdocs build`` of a vault without and with the ``obsidian-embeds`` plugin.

    python benchmarks/run.py [--notes 1000] [--vault PATH] [--rounds 5] [--theme material|mkdocs]
                             [--nav index|auto] [--no-embeds] [--seed 0] [--only plain|plugin]
                             [--rebuild] [--work-dir DIR]

The vault is a synthetic one generated into ``benchmarks/_work/docs`` (``--notes``, ``--seed``,
``--no-embeds``), or an existing folder given with ``--vault``, read in place. Two configs share
it: ``plain.yml`` (the search plugin and the Markdown extensions the plugin enables) and
``plugin.yml`` (the same plus ``obsidian-embeds``). Every build runs in a fresh Python process,
as ``mkdocs build`` would; the parent measures its wall time, its CPU time (user + system of the
process and of any process it waited for) and its peak resident memory (``ru_maxrss``) with
``os.wait4``. After one untimed warm-up build of each, the variants alternate (plain, plugin,
plain, plugin, ...) for ``--rounds`` rounds. The summary gives each variant's medians and the
plugin/plain ratios of the medians, and the range of each round's own ratios.

``--rebuild`` instead measures the plugin's incremental case in this process: one build, then
``--rounds`` times "append a sentence to one note, build again with the same config object".

See benchmarks/README.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_vault import MARKER, generate  # noqa: E402

PLUGIN = "obsidian-embeds"
PLUGIN_LOGGER = f"mkdocs.plugins.{PLUGIN}"
#: The Markdown extensions the plugin enables (plus superfences, which Material sites use), listed
#: in both configs so that the plain build does the same Markdown work minus the plugin's.
EXTENSIONS = [
    "footnotes", "attr_list", "md_in_html", "tables", "toc", "admonition",
    "pymdownx.details", "pymdownx.superfences",
]
#: The argument that makes this script build one site in the child process it runs in.
CHILD_FLAG = "--build-once"
VARIANTS = ("plain", "plugin")


class WarningCollector(logging.Handler):
    """Collects every record >= WARNING that reaches the ``mkdocs`` logger."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        out, self.records = self.records, []
        return out


def collect_mkdocs_warnings() -> WarningCollector:
    """Silence MkDocs below WARNING and collect everything at WARNING and above."""
    logger = logging.getLogger("mkdocs")
    collector = WarningCollector()
    logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    logger.propagate = False
    return collector


def build_once(config_file: str, site_dir: str, result_file: str) -> int:
    """The child process: one ``mkdocs build`` (clean), as mkdocs.__main__.build_command does it.

    Writes the warnings it logged and the plugin's own time (its stopwatch) to ``result_file``
    as JSON; the parent measures time and memory from outside.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collector = collect_mkdocs_warnings()
    cfg = load_config(config_file=config_file, site_dir=site_dir)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg, dirty=False)
    finally:
        cfg.plugins.on_shutdown()
    records = collector.take()
    plugin = cfg.plugins.get(PLUGIN)
    result = {
        "warnings": len(records),
        "plugin_warnings": sum(1 for r in records if r.name.startswith(PLUGIN_LOGGER)),
        "first_warnings": [f"[{r.name}] {r.levelname}: {r.getMessage()}" for r in records[:5]],
        "plugin_seconds": plugin.stopwatch.seconds if plugin is not None else None,
        "mentions_seconds": _mentions_seconds(plugin),
    }
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0


def _mentions_seconds(plugin) -> float | None:
    """The part of the plugin's own time spent on linked mentions (graph and sections)."""
    mentions = getattr(plugin, "_mentions", None)
    return mentions.own_time.seconds if mentions is not None else None


@dataclass
class Sample:
    """One build measured from outside its process."""

    wall: float       # seconds, from spawning the process to reaping it
    cpu: float        # seconds, user + system of the process and the processes it waited for
    peak_mib: float   # the largest resident set of any of those processes
    warnings: int
    plugin_warnings: int
    first_warnings: list[str]
    plugin_seconds: float | None
    mentions_seconds: float | None = None


def maxrss_mib(maxrss: int) -> float:
    """``ru_maxrss`` in MiB: Linux and the BSDs count KiB, macOS bytes."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def measured_build(yml: Path, site_dir: Path, work: Path) -> Sample:
    """Build ``yml`` in a fresh process of this script and measure that process with ``os.wait4``."""
    result_file, log_file = work / "child-result.json", work / "child-output.log"
    result_file.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), CHILD_FLAG, str(yml), str(site_dir), str(result_file)]
    with log_file.open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)   # reaped here: Popen must not wait again
    if proc.returncode != 0:
        output = log_file.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"the build of {yml} failed (exit status {proc.returncode}):\n{output[-4000:]}")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mib=maxrss_mib(usage.ru_maxrss),
                  warnings=result["warnings"], plugin_warnings=result["plugin_warnings"],
                  first_warnings=result["first_warnings"], plugin_seconds=result["plugin_seconds"],
                  mentions_seconds=result.get("mentions_seconds"))


def home_page(docs: Path) -> str:
    """The page a one-page nav names: index.md, else README.md (MkDocs' home page then), else the
    first note by path."""
    for name in ("index.md", "README.md"):
        if (docs / name).is_file():
            return name
    notes = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.is_file())
    if not notes:
        raise SystemExit(f"error: {docs} holds no .md file")
    return notes[0]


def write_configs(work: Path, docs: Path, theme: str, nav: str) -> dict[str, Path]:
    import yaml

    paths = {}
    for variant in VARIANTS:
        cfg = {
            "site_name": f"Obsidian embeds benchmark ({variant})",
            "docs_dir": str(docs),
            "site_dir": str(work / f"site-{variant}"),
            "theme": {"name": theme},
            "plugins": ["search"] + ([PLUGIN] if variant == "plugin" else []),
            "markdown_extensions": list(EXTENSIONS),
        }
        if nav == "index":   # every page is still built, but the nav no longer grows with the vault
            cfg["nav"] = [home_page(docs)]
        path = work / f"{variant}.yml"
        path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths[variant] = path
    return paths


def forget_plugin_instances() -> None:
    """Make the next load_config create fresh plugin instances, as a new ``mkdocs build`` would.

    MkDocs caches instances of plugins that define on_startup/on_shutdown in the (class-level)
    ``plugins`` config option, so that ``mkdocs serve`` keeps them across rebuilds.
    """
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(MkDocsConfig._schema).get("plugins")
    cache = getattr(option, "plugin_cache", None)
    if isinstance(cache, dict):
        cache.clear()


def plugin_available() -> tuple[str | None, str]:
    """(installed plugin version, "") or (None, why it cannot be used)."""
    for ep in metadata.entry_points(group="mkdocs.plugins"):
        if ep.name == PLUGIN:
            try:
                ep.load()
            except Exception as e:  # noqa: BLE001 - report any import failure
                return None, f"its entry point {ep.value!r} does not load: {e!r}"
            try:
                return metadata.version("mkdocs-obsidian-embeds"), ""
            except metadata.PackageNotFoundError:
                return "?", ""
    return None, f"no 'mkdocs.plugins' entry point named {PLUGIN!r} is installed"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}x-{max(values):.2f}x (median {statistics.median(values):.2f}x)"


def print_summary(samples: dict[str, list[Sample]]) -> None:
    print()
    print(f"{'variant':<8} {'wall median':>11} {'min':>8} {'max':>8} {'CPU median':>11} "
          f"{'peak memory':>12}   warnings/build")
    for v, runs in samples.items():
        walls = [s.wall for s in runs]
        print(f"{v:<8} {statistics.median(walls):10.2f}s {min(walls):7.2f}s {max(walls):7.2f}s "
              f"{statistics.median(s.cpu for s in runs):10.2f}s "
              f"{statistics.median(s.peak_mib for s in runs):8.0f} MiB   {max(s.warnings for s in runs)}")
    if len(samples) != 2:
        return
    plain, plugin = samples["plain"], samples["plugin"]
    print()
    print(f"{'plugin/plain':<12} {'ratio of medians':>16}   each round's ratio")
    for label, field in (("wall", "wall"), ("CPU", "cpu"), ("peak memory", "peak_mib")):
        ratio = statistics.median(getattr(s, field) for s in plugin) / statistics.median(getattr(s, field) for s in plain)
        rounds = [getattr(b, field) / getattr(a, field) for a, b in zip(plain, plugin)]
        print(f"{label:<12} {ratio:15.2f}x   {spread(rounds)}")
    own = [s.plugin_seconds for s in plugin if s.plugin_seconds is not None]
    if own:
        print(f"plugin's own time in a plugin build (its stopwatch, median): {statistics.median(own):.2f} s")
    shares = [s.mentions_seconds / s.wall for s in plugin if s.mentions_seconds is not None]
    if shares:
        spent = statistics.median(s.mentions_seconds for s in plugin if s.mentions_seconds is not None)
        print(f"of it on linked mentions (median): {spent:.2f} s, {100 * statistics.median(shares):.1f} % of the "
              f"plugin build's wall time (rounds {100 * min(shares):.1f}-{100 * max(shares):.1f} %)")
    print(f"warnings per plugin build: {max(s.warnings for s in plugin)}, "
          f"{max(s.plugin_warnings for s in plugin)} of them from {PLUGIN_LOGGER}; "
          f"per plain build: {max(s.warnings for s in plain)}")


def run_compare(args: argparse.Namespace, paths: dict[str, Path], work: Path) -> None:
    variants = list(VARIANTS) if args.only is None else [args.only]
    samples: dict[str, list[Sample]] = {v: [] for v in variants}
    first_warnings: dict[str, list[str]] = {}

    def one(variant: str, timed: bool) -> None:
        s = measured_build(paths[variant], work / f"site-{variant}", work)
        if s.first_warnings and variant not in first_warnings:
            first_warnings[variant] = s.first_warnings
        if timed:
            samples[variant].append(s)
        label = f"round {len(samples[variant])}" if timed else "warm-up"
        print(f"  {label:>8} {variant:<6} wall {s.wall:7.2f} s  cpu {s.cpu:7.2f} s  "
              f"peak {s.peak_mib:6.0f} MiB  warnings {s.warnings}  load {load_average()}", flush=True)

    for v in variants:
        one(v, timed=False)
    for _ in range(args.rounds):
        for v in variants:
            one(v, timed=True)
    print_summary(samples)
    for v, lines in first_warnings.items():
        print(f"first warnings of a {v} build:")
        for line in lines:
            print(f"    {line}")


def run_rebuild(args: argparse.Namespace, paths: dict[str, Path], work: Path, docs: Path) -> None:
    """Like ``mkdocs serve``: one build, then, per round, edit one note, reload the config, rebuild.

    Runs in this process. Reports the whole build time, the plugin's own time (its stopwatch), and
    how many notes the plugin parsed: a rebuild after one edit should parse one note.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def load():
        return load_config(config_file=str(paths["plugin"]), site_dir=str(work / "site-plugin"))

    note = min(p for p in docs.rglob("*.md") if p.name != "index.md")
    original = note.read_bytes()
    collector = collect_mkdocs_warnings()
    forget_plugin_instances()
    cfg = load()
    cfg.plugins.on_startup(command="serve", dirty=False)
    plugin = cfg.plugins[PLUGIN]
    rows: list[tuple[str, float, float, int]] = []
    try:
        for k in range(args.rounds + 1):
            if k:
                with note.open("a", encoding="utf-8") as f:
                    f.write(f"\nAn extra sentence appended for rebuild {k}.\n")
                cfg = load()
            gc.collect()
            collector.take()
            t0 = time.perf_counter()
            build(cfg, dirty=False)
            rows.append(("first build" if not k else f"rebuild {k}", time.perf_counter() - t0,
                         plugin.stopwatch.seconds, plugin.parsed_this_build))
            print(f"  {rows[-1][0]:>12} {rows[-1][1]:8.3f} s  plugin {rows[-1][2]:6.3f} s  "
                  f"parsed {rows[-1][3]:>5}  warnings {len(collector.take())}", flush=True)
    finally:
        cfg.plugins.on_shutdown()
        note.write_bytes(original)
    print()
    print(f"edited note: {note.relative_to(docs)}")
    first, rebuilds = rows[0], rows[1:]
    print(f"first build: {first[1]:.3f} s, plugin's own time {first[2]:.3f} s, {first[3]} notes parsed")
    if rebuilds:
        print(f"rebuild after one edit (median of {len(rebuilds)}): "
              f"{statistics.median(r[1] for r in rebuilds):.3f} s, plugin's own time "
              f"{statistics.median(r[2] for r in rebuilds):.3f} s, "
              f"{statistics.median(r[3] for r in rebuilds):.0f} note(s) parsed")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--notes", type=int, default=1000, help="notes in the synthetic vault (default 1000)")
    p.add_argument("--vault", type=Path, help="benchmark this existing vault folder (read only) "
                                              "instead of a synthetic one")
    p.add_argument("--rounds", type=int, default=5, help="timed builds per variant (default 5)")
    p.add_argument("--theme", choices=["material", "mkdocs"], default="material")
    p.add_argument("--nav", choices=["index", "auto"], default="index",
                   help="index: a nav of one page, index.md (default; see home_page for a vault "
                        "without one); auto: MkDocs' nav of every page, whose rendering grows with "
                        "notes^2 and hides the plugin's cost")
    p.add_argument("--no-embeds", dest="embeds", action="store_false",
                   help="synthetic vault without ![[...]] embeds")
    p.add_argument("--seed", type=int, default=0, help="synthetic vault generator seed (default 0)")
    p.add_argument("--only", choices=VARIANTS, help="build only one variant")
    p.add_argument("--rebuild", action="store_true",
                   help="measure a plugin build, then rebuilds after editing one note of the "
                        "synthetic vault (in this process)")
    p.add_argument("--work-dir", type=Path, default=HERE / "_work", help="default benchmarks/_work")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.notes < 1:
        p.error("--rounds and --notes must be >= 1")
    if args.vault is not None and not args.vault.is_dir():
        p.error(f"--vault {args.vault}: not a folder")
    if args.rebuild and args.vault is not None:
        p.error("--rebuild edits a note: it works on the synthetic vault only, not with --vault")
    if not hasattr(os, "wait4") and not args.rebuild:
        p.error("measuring a build's process needs os.wait4 (Linux, macOS, the BSDs)")
    return args


def prepare_vault(args: argparse.Namespace, work: Path) -> tuple[Path, str]:
    """The docs folder to build and a line describing it; generates the synthetic vault."""
    if args.vault is not None:
        docs = args.vault.resolve()
        count = sum(1 for _ in docs.rglob("*.md"))
        return docs, f"vault: {docs} ({count} .md files, read in place)"
    if (work / "docs" / MARKER).exists():   # an earlier vault; generate() would remove it too
        shutil.rmtree(work / "docs")
    t0 = time.perf_counter()
    generate(work, notes=args.notes, seed=args.seed, embeds=args.embeds)
    return work / "docs", (f"vault: {args.notes} synthetic notes (seed {args.seed}, embeds "
                           f"{'on' if args.embeds else 'off'}), generated in {time.perf_counter() - t0:.2f} s "
                           f"into {work / 'docs'}")


def print_header(args: argparse.Namespace, vault_line: str, plugin_version: str | None) -> None:
    import mkdocs

    versions = [f"python {platform.python_version()}", f"mkdocs {mkdocs.__version__}",
                f"markdown {metadata.version('markdown')}"]
    for dist in ("pymdown-extensions", "mkdocs-material"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    versions.append(f"mkdocs-obsidian-embeds {plugin_version or 'not installed'}")
    spec = importlib.util.find_spec("mkdocs_obsidian_embeds")
    print(vault_line)
    if spec is not None and spec.origin:   # the child processes import the same (PYTHONPATH pins it)
        print(f"plugin code: {Path(spec.origin).parent}")
    print(f"theme: {args.theme}, nav: {args.nav}, CPUs: {os.cpu_count()} ({cpu_model()}), "
          f"load average: {load_average()}")
    print(", ".join(versions))
    mode = "rebuild, in this process" if args.rebuild else \
        f"{args.rounds} alternating rounds after 1 warm-up each, one process per build"
    print(f"mode: {mode}")
    print()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    need_plugin = args.rebuild or args.only != "plain"
    plugin_version, why = plugin_available()
    if need_plugin and plugin_version is None:
        print(f"error: cannot use the MkDocs plugin {PLUGIN!r} with {sys.executable}: {why}\n"
              f"  install it with `pip install -e .` in the repository, "
              f"or time the plain build alone with --only plain", file=sys.stderr)
        return 2

    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    for variant in VARIANTS:
        shutil.rmtree(work / f"site-{variant}", ignore_errors=True)
    docs, vault_line = prepare_vault(args, work)
    paths = write_configs(work, docs, args.theme, args.nav)
    print_header(args, vault_line, plugin_version)
    if args.rebuild:
        run_rebuild(args, paths, work, docs)
    else:
        run_compare(args, paths, work)
    print(f"load average at the end: {load_average()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == CHILD_FLAG:
        sys.exit(build_once(*sys.argv[2:]))
    sys.exit(main())
