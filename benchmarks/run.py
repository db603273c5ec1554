#!/usr/bin/env python3
"""Time ``mkdocs build`` of a synthetic vault without and with the ``obsidian-embeds`` plugin.

    python benchmarks/run.py [--notes 1000] [--rounds 5] [--theme mkdocs|material] [--no-embeds]
                             [--seed 0] [--nav auto|index] [--only plain|plugin] [--rebuild]
                             [--no-worker]

The vault is generated once into ``benchmarks/_work/docs``. Two configs share that docs dir:
``plain.yml`` (search plugin + the Markdown extensions the plugin enables) and ``plugin.yml``
(the same plus ``obsidian-embeds``). After one untimed warm-up build of each, the variants are
built alternately (plain, plugin, plain, plugin, ...) for ``--rounds`` rounds in this process,
each build being what ``mkdocs build`` does: load_config, on_startup, build, on_shutdown.

``--rebuild`` instead measures the plugin's incremental case: one build, then ``--rounds``
times "append a sentence to one note, build again with the same config object".

See benchmarks/README.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import platform
import shutil
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_vault import MARKER, generate  # noqa: E402

PLUGIN = "obsidian-embeds"
PLUGIN_LOGGER = f"mkdocs.plugins.{PLUGIN}"
# The Markdown extensions the plugin enables, so that the plain build does comparable work.
EXTENSIONS = [
    "footnotes", "attr_list", "md_in_html", "tables", "toc", "admonition",
    "pymdownx.details", "pymdownx.superfences",
]


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


def write_configs(work: Path, theme: str, nav: str = "auto", worker: bool = True) -> dict[str, Path]:
    import yaml

    paths = {}
    plugin_entry = PLUGIN if worker else {PLUGIN: {"background_worker": False}}
    for variant in ("plain", "plugin"):
        cfg = {
            "site_name": f"Obsidian embeds benchmark ({variant})",
            "docs_dir": "docs",
            "site_dir": str(work / f"site-{variant}"),
            "theme": {"name": theme},
            "plugins": ["search"] + ([plugin_entry] if variant == "plugin" else []),
            "markdown_extensions": list(EXTENSIONS),
        }
        if nav == "index":   # pages stay built, but the nav no longer grows with the vault
            cfg["nav"] = [{"Home": "index.md"}]
        path = work / f"{variant}.yml"
        path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
        paths[variant] = path
    return paths


def forget_plugin_instances() -> None:
    """Make the next load_config create fresh plugin instances, as a new ``mkdocs build`` would.

    MkDocs caches instances of plugins that define on_startup/on_shutdown in the (class-level)
    ``plugins`` config option, so that ``mkdocs serve`` keeps them across rebuilds. In one process
    that would let later builds reuse state from earlier ones.
    """
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(MkDocsConfig._schema).get("plugins")
    cache = getattr(option, "plugin_cache", None)
    if isinstance(cache, dict):
        cache.clear()


LAST_PLUGIN_SECONDS: list[float] = []
LAST_CPU_SECONDS: list[float] = []


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the plugin's worker), user + system."""
    try:
        import resource
    except ImportError:  # Windows
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def mkdocs_build(yml: Path, site_dir: Path) -> float:
    """One ``mkdocs build`` (clean) of ``yml``, mirroring mkdocs.__main__.build_command. Seconds.

    The plugin's own time in that build (its stopwatch) is appended to LAST_PLUGIN_SECONDS, the
    CPU time of the build (this process and its worker processes) to LAST_CPU_SECONDS.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    forget_plugin_instances()
    gc.collect()
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    cfg = load_config(config_file=str(yml), site_dir=str(site_dir))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg, dirty=False)
    finally:
        cfg.plugins.on_shutdown()
    seconds = time.perf_counter() - t0
    LAST_CPU_SECONDS.append(cpu_seconds() - cpu0)
    plugin = cfg.plugins.get(PLUGIN)
    if plugin is not None:
        LAST_PLUGIN_SECONDS.append(plugin.stopwatch.seconds)
    return seconds


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


def fmt_warnings(records: list[logging.LogRecord], limit: int = 5) -> str:
    lines = [f"    [{r.name}] {r.levelname}: {r.getMessage()}" for r in records[:limit]]
    if len(records) > limit:
        lines.append(f"    ... and {len(records) - limit} more")
    return "\n".join(lines)


def run_compare(args, paths: dict[str, Path], work: Path, collector: WarningCollector) -> None:
    variants = ["plain", "plugin"] if args.only is None else [args.only]
    times: dict[str, list[float]] = {v: [] for v in variants}
    cpu: dict[str, list[float]] = {v: [] for v in variants}
    warns: dict[str, list[int]] = {v: [] for v in variants}
    plugin_warns: list[int] = []
    samples: dict[str, list[logging.LogRecord]] = {v: [] for v in variants}

    def one(variant: str, timed: bool) -> None:
        collector.take()
        seconds = mkdocs_build(paths[variant], work / f"site-{variant}")
        recs = collector.take()
        warns[variant].append(len(recs))
        if variant == "plugin":
            plugin_warns.append(sum(1 for r in recs if r.name.startswith(PLUGIN_LOGGER)))
        if recs and not samples[variant]:
            samples[variant] = recs
        if timed:
            times[variant].append(seconds)
            cpu[variant].append(LAST_CPU_SECONDS[-1])
        label = f"round {len(times[variant])}" if timed else "warm-up"
        print(f"  {label:>8} {variant:<6} {seconds:8.3f} s  cpu {LAST_CPU_SECONDS[-1]:8.3f} s  "
              f"warnings {len(recs)}", flush=True)

    for v in variants:
        one(v, timed=False)
    for _ in range(args.rounds):
        for v in variants:
            one(v, timed=True)

    print()
    print(f"{'variant':<8} {'median':>9} {'min':>9} {'max':>9} {'cpu':>9}   warnings/build")
    for v in variants:
        t = times[v]
        print(f"{v:<8} {statistics.median(t):8.3f}s {min(t):8.3f}s {max(t):8.3f}s "
              f"{statistics.median(cpu[v]):8.3f}s   {max(warns[v])}")
    if len(variants) == 2:
        ratio = statistics.median(times["plugin"]) / statistics.median(times["plain"])
        print(f"ratio plugin/plain (medians): {ratio:.2f}x")
        print(f"ratio plugin/plain (fastest builds, less sensitive to a busy machine): "
              f"{min(times['plugin']) / min(times['plain']):.2f}x")
        cpu_ratio = statistics.median(cpu["plugin"]) / statistics.median(cpu["plain"])
        print(f"ratio of CPU time, worker process included (medians): {cpu_ratio:.2f}x")
        own = LAST_PLUGIN_SECONDS[-len(times["plugin"]):]
        print(f"plugin's own time in a plugin build (median): {statistics.median(own):.3f} s "
              f"({statistics.median(own) / statistics.median(times['plain']) * 100:.1f}% of a plain build)")
        print(f"warnings in plugin builds: {max(warns['plugin'])} per build on the mkdocs logger tree, "
              f"{max(plugin_warns)} of them from {PLUGIN_LOGGER} "
              f"({sum(warns['plugin'])} in all {len(warns['plugin'])} plugin builds)")
    for v in variants:
        if samples[v]:
            print(f"first warnings of a {v} build:\n{fmt_warnings(samples[v])}")


def run_rebuild(args, paths: dict[str, Path], work: Path, collector: WarningCollector) -> None:
    """Like ``mkdocs serve``: one build, then, per round, edit one note, reload the config, rebuild.

    Reports the whole build time and the plugin's own time (its stopwatch), and how many notes
    the plugin parsed: a rebuild after one edit should parse one note.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def load():
        return load_config(config_file=str(paths["plugin"]), site_dir=str(work / "site-plugin"))

    note = min(p for p in (work / "docs").rglob("*.md") if p.name != "index.md")
    original = note.read_text(encoding="utf-8")
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
        note.write_text(original, encoding="utf-8")
    print()
    print(f"edited note: {note.relative_to(work / 'docs')}")
    first, rebuilds = rows[0], rows[1:]
    print(f"first build: {first[1]:.3f} s, plugin's own time {first[2]:.3f} s, {first[3]} notes parsed")
    if rebuilds:
        print(f"rebuild after one edit (median of {len(rebuilds)}): "
              f"{statistics.median(r[1] for r in rebuilds):.3f} s, plugin's own time "
              f"{statistics.median(r[2] for r in rebuilds):.3f} s, "
              f"{statistics.median(r[3] for r in rebuilds):.0f} note(s) parsed")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--notes", type=int, default=1000, help="notes in the synthetic vault (default 1000)")
    p.add_argument("--rounds", type=int, default=5, help="timed builds per variant (default 5)")
    p.add_argument("--theme", choices=["mkdocs", "material"], default="mkdocs")
    p.add_argument("--no-embeds", dest="embeds", action="store_false", help="vault without ![[...]] embeds")
    p.add_argument("--seed", type=int, default=0, help="vault generator seed (default 0)")
    p.add_argument("--nav", choices=["auto", "index"], default="auto",
                   help="auto: MkDocs' nav of all pages (default); index: nav with index.md only, "
                        "which takes the O(notes^2) nav rendering out of the figures")
    p.add_argument("--no-worker", dest="worker", action="store_false",
                   help="plugin option background_worker: false (everything in the main process)")
    p.add_argument("--only", choices=["plain", "plugin"], help="build only one variant")
    p.add_argument("--rebuild", action="store_true",
                   help="measure a plugin build, then rebuilds after editing one note")
    p.add_argument("--work-dir", type=Path, default=HERE / "_work", help="default benchmarks/_work")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.notes < 1:
        p.error("--rounds and --notes must be >= 1")

    need_plugin = args.rebuild or args.only != "plain"
    plugin_version, why = plugin_available()
    if need_plugin and plugin_version is None:
        print(f"error: cannot use the MkDocs plugin {PLUGIN!r} with {sys.executable}: {why}\n"
              f"  install it with `pip install -e .` in the repository, "
              f"or time the plain build alone with --only plain", file=sys.stderr)
        return 2

    import mkdocs

    work = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    for variant in ("plain", "plugin"):
        shutil.rmtree(work / f"site-{variant}", ignore_errors=True)
    if (work / "docs" / MARKER).exists():   # an earlier vault; generate() would remove it too
        shutil.rmtree(work / "docs")
    t0 = time.perf_counter()
    generate(work, notes=args.notes, seed=args.seed, embeds=args.embeds)
    gen_s = time.perf_counter() - t0
    paths = write_configs(work, args.theme, args.nav, args.worker)

    versions = [f"python {platform.python_version()}", f"mkdocs {mkdocs.__version__}",
                f"markdown {metadata.version('markdown')}"]
    for dist in ("pymdown-extensions", "mkdocs-material"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    versions.append(f"mkdocs-obsidian-embeds {plugin_version or 'not installed'}")
    print(f"notes: {args.notes} (seed {args.seed}, embeds {'on' if args.embeds else 'off'}), "
          f"theme: {args.theme}, nav: {args.nav}, background worker: {'on' if args.worker else 'off'}, "
          f"CPUs: {os.cpu_count()}, generated in {gen_s:.2f} s into {work / 'docs'}")
    print(", ".join(versions))
    print(f"mode: {'rebuild' if args.rebuild else f'{args.rounds} alternating rounds after 1 warm-up each'}")
    print()

    # Silence MkDocs below WARNING; collect (and count) everything at WARNING and above.
    mk_logger = logging.getLogger("mkdocs")
    old_level, old_propagate = mk_logger.level, mk_logger.propagate
    collector = WarningCollector()
    mk_logger.setLevel(logging.WARNING)
    mk_logger.addHandler(collector)
    mk_logger.propagate = False
    try:
        if args.rebuild:
            run_rebuild(args, paths, work, collector)
        else:
            run_compare(args, paths, work, collector)
    finally:
        mk_logger.removeHandler(collector)
        mk_logger.setLevel(old_level)
        mk_logger.propagate = old_propagate
    return 0


if __name__ == "__main__":
    sys.exit(main())
