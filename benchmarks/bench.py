"""`make bench`: how factdesk scales, measured beside MkDocs on the same machine in one run.

For each size (claims; default 1k, 10k, 50k) it writes a synthetic site (`synthetic.py`) and
measures, each in its own child process so that peak memory belongs to one measurement:

- `factdesk check` as an editor runs it;
- the generator's own pass in one process, `pipeline.generate` (load, validate, link, render
  to Markdown, the data files), each file let go once made. Every size's site is written
  first, and the passes run in rounds that visit every size in turn, so that a growth factor
  compares passes timed minutes apart (its median over the rounds is reported);
- `factdesk build --out`, the portable path that writes the Markdown tree;
- up to `--mkdocs-max` claims: a full `mkdocs build` with the plugin, a
  plain `mkdocs build` of the Markdown tree `factdesk build --out` wrote (same theme, nav and
  extensions, no plugin), and Python-Markdown alone converting the same pages;
- what a reader downloads (`readers.py`): the largest HTML page and the bytes of a first
  search, on the plugin build, and above `--mkdocs-max` up to `--html-max` claims on one plain
  build of the Markdown tree;
- at `--serve-sizes`: `mkdocs serve --livereload` as `make serve` starts it, an edit of one
  claim's text, and the time until every page showing that claim serves the new text (above
  `--mkdocs-max`, the pages showing it are found in the Markdown tree, and `--dirty` is not
  measured: serve's first build would be the size's only plugin build); then as many renames
  of that claim's claimant in `content/entities.yml`, each timed to the server's log line
  saying the rebuild is done, after which every page whose Markdown shows the new name must
  serve it.
- at `--profile-size`: `pipeline.generate` under cProfile, and the pass a build after a
  one-claim edit makes with what the build before it kept, timed by phase in one process and
  then under cProfile (where a missed share of the build after an edit went).

It prints one Markdown table (seconds, peak memory, ratios, growth factors, the issue's targets
met or missed) and writes the same figures as JSON (`--out`, default bench-results/latest.json).
Timing lives here and never in tests. Wall-clock seconds are the figures; CPU seconds and the
load average are recorded beside them because the machine may be shared.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import html
import io
import itertools
import json
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from . import readers, synthetic

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1_000, 10_000, 50_000)
DEFAULT_OUT = ROOT / "bench-results" / "latest.json"

# The issues' targets (issue 8, tightened by issue 17), as limits used by `targets()`.
GENERATOR_SHARE_MAX = 0.05
PLUGIN_OVER_PLAIN_MAX = 0.8
BUILD_GROWTH_MAX = 11.0  # for 10x the claims
BUILD_OVER_MARKDOWN_MAX = 3.0
GENERATOR_GROWTH_MAX = 5.5  # for 5x the claims
PEAK_MEMORY_MAX_MIB = 1024.0
SERVE_MAX_SECONDS = {1_000: 1.0, 10_000: 2.0, 50_000: 5.0}  # issue 17's
# Issue 19's budgets (benchmarks/readers.py) hold from 10k claims up.
READER_BUDGET_FROM = 10_000

# What the plugin adds to the theme (the sharing tags in the head); the plain build names it as
# custom_dir, so both builds render the same pages.
THEME_OVERRIDE = ROOT / "site_templates" / "theme"

_GENERATED_LOG = re.compile(r"generated (\d+) files.*? in ([0-9.]+) s")
_KEPT_LOG = re.compile(r"generated (\d+) files(?: \((\d+) pages kept[^)]*\))? in ([0-9.]+) s")
_BUILT_LOG = re.compile(r"Documentation built in ([0-9.]+) seconds")
_RENDERED_LOG = re.compile(r"generated \d+ files \((\d+) rendered")
_CHECKED_LOG = re.compile(r"checked the content in ([0-9.]+) s")
# The plugin's own rebuild of the pages a save changed (generator/plugin/rebuild.py).
_REBUILT_LOG = re.compile(
    r"rebuilt (\d+) pages and (\d+) files of \d+ in ([0-9.]+) s(?:, converted in (\d+) processes)?"
)


# --- measuring a child process ----------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """One child process: wall and CPU seconds, peak resident memory, its output."""

    command: list[str]
    wall: float
    cpu: float
    peak_mib: float
    returncode: int
    load_before: float
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)

    def summary(self) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "peak_mib": round(self.peak_mib, 1),
            "load_before": round(self.load_before, 2),
        }

    def require_success(self, what: str) -> None:
        if self.returncode != 0:
            tail = "\n".join(self.stderr.strip().splitlines()[-15:])
            raise BenchError(f"{what} failed with exit code {self.returncode}:\n{tail}")


class BenchError(Exception):
    """A measurement could not be made; the message says which and why."""


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    # benchmarks/ is not installed (it stays out of the wheel) and children run in the synthetic
    # site's folder, so `-m benchmarks.bench` finds it through the path.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def measure(command: Sequence[str], cwd: Path, *, timeout: float) -> Run:
    """Run `command` to the end and take its own resource usage from wait4.

    `getrusage(RUSAGE_CHILDREN)` would give the largest peak of all children so far; wait4
    gives this child's alone.
    """
    load_before = os.getloadavg()[0]
    # Files rather than pipes: a child that writes megabytes of warnings never blocks on us.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=out, stderr=err, env=child_environment()
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
        stderr = err.read().decode("utf-8", errors="replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        command=list(command),
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        # Linux reports ru_maxrss in KiB.
        peak_mib=usage.ru_maxrss / 1024,
        returncode=process.returncode,
        load_before=load_before,
        stdout=stdout,
        stderr=stderr,
    )


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]


def mkdocs_executable() -> list[str]:
    """The venv's `mkdocs`, as `make serve` runs it; `python -m mkdocs` when there is none."""
    beside = Path(sys.executable).parent / "mkdocs"
    return [str(beside)] if beside.exists() else python_command("-m", "mkdocs")


# --- the child side: measurements that need timing inside the process -------------------------

# The generator pass in its parts: checking (load, validate, link), the pages, the search index
# and the other data files (exports, share images, vendored assets).
GENERATOR_PHASES = ("check", "pages", "search", "data")
_PHASE_LABELS = {"check": "check", "pages": "pages", "search": "search index", "data": "data files"}


def generator_phase(path: str) -> str:
    """The phase of the generator pass that makes the file at `path`."""
    if path.endswith(".md"):
        return "pages"
    return "search" if path.startswith("search/") else "data"


def child_build(root: Path) -> dict[str, Any]:
    from generator import pipeline

    # Every file is made and let go, as `build --out` and the plugin take them: holding them
    # all (`pipeline.build`, for tests) would measure the 880 MB of Markdown at 50k claims.
    # pipeline.generate is check, then generated: timed apart, with each file's making counted
    # to its phase, they say where a missed generator target's time went.
    started, cpu = time.perf_counter(), time.process_time()
    checked = pipeline.check(root)
    last = time.perf_counter()
    phases = dict.fromkeys(GENERATOR_PHASES, 0.0)
    phases["check"] = last - started
    result, generated = pipeline.generated(root, checked)
    files = pages = 0
    for path, text in generated:
        files += 1
        pages += path.endswith(".md")
        del text  # not kept while the next file is made
        now = time.perf_counter()
        phases[generator_phase(path)] += now - last
        last = now
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_s": cpu_seconds,
        "phases": phases,
        "files": files,
        "pages": pages,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
    }


def child_markdown(config_file: Path) -> dict[str, Any]:
    """Python-Markdown alone, with MkDocs' extension list, converting every page of the tree."""
    import markdown  # type: ignore[import-untyped]
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    config = load_config(str(config_file))
    docs = Path(config.docs_dir)
    pages = sorted(p for p in docs.rglob("*.md") if p.is_file())
    texts = [get_data(p.read_text(encoding="utf-8"))[0] for p in pages]
    converter = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    started, cpu = time.perf_counter(), time.process_time()
    size = 0
    for text in texts:
        converter.reset()
        size += len(converter.convert(text))
    return {
        "seconds": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "pages": len(pages),
        "html_chars": size,
    }


def child_profile(root: Path, out: Path) -> dict[str, Any]:
    from generator import pipeline

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    _, generated = pipeline.generate(root)
    pages = sum(1 for path, _ in generated if path.endswith(".md"))
    profiler.disable()
    seconds = time.perf_counter() - started
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.strip_dirs()
    text.write(f"pipeline.generate of {root} under cProfile: {seconds:.2f} s\n")
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.getvalue(), encoding="utf-8")
    profiler.dump_stats(str(out.with_suffix(".prof")))
    return {"seconds": seconds, "pages": pages, "profile": str(out)}


def child_kept_profile(root: Path, out: Path) -> dict[str, Any]:
    """Where the generator's part of the build after a one-claim edit goes: the pass a one-off
    build makes with what the build before it kept (records, page keys, parts of the data files
    and search index), in one process so that each file's making is counted to its phase, then
    the same pass again under cProfile into `out`. The claim is reworded as for `kept_build`
    (`reworded_claim`), and its text put back."""
    from generator import pipeline
    from generator.content.kept_records import KeptRecords
    from generator.site.page_keys import code_digest

    def generated(
        kept: KeptRecords, keys: dict[str, str], parts: Path
    ) -> tuple[pipeline.Result, dict[str, float], int]:
        started = time.perf_counter()
        # As the plugin checks: it compares mkdocs.yml's identity itself.
        checked = pipeline.check(root, identity=False, kept=kept)
        last = time.perf_counter()
        phases = dict.fromkeys(GENERATOR_PHASES, 0.0)
        phases["check"] = last - started
        result, files = pipeline.generated(root, checked, kept_keys=keys, parts_folder=parts)
        pages = 0
        for path, text in files:
            pages += path.endswith(".md")
            del text
            now = time.perf_counter()
            phases[generator_phase(path)] += now - last
            last = now
        return result, phases, pages

    with tempfile.TemporaryDirectory(prefix="factdesk-bench-kept-") as scratch:
        before = Path(scratch) / "before"
        before.mkdir()
        first = KeptRecords({}, code=code_digest())
        result, _, _ = generated(first, {}, before)
        listing = before / "records.jsonl"
        listing.write_bytes(first.changed() or b"")
        keys = dict(result.page_keys)
        # Each pass leaves its own parts for a next one: the profiled pass starts from a copy
        # of what the first left, as the timed one does.
        again = Path(scratch) / "again"
        shutil.copytree(before, again)
        with reworded_claim(root):
            kept = KeptRecords.read(listing, code=code_digest())
            result, phases, rendered = generated(kept, keys, before)
            profiler = cProfile.Profile()
            profiler.enable()
            started = time.perf_counter()
            generated(KeptRecords.read(again / "records.jsonl", code=code_digest()), keys, again)
            profiled = time.perf_counter() - started
            profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    # Of the check, under the profiler: loading (reading files, taking records back),
    # validating, linking.
    check_parts = {
        label: round(
            max(
                (row[3] for (file, _, name), row in stats.stats.items()  # type: ignore[attr-defined]
                 if name == function and file.endswith(module)),
                default=0.0,
            ),
            3,
        )
        for label, module, function in (
            ("load", "load.py", "load_content"),
            ("validate", "validate.py", "check_content"),
            ("link", "resolve.py", "resolve"),
        )
    }  # fmt: skip
    stats.strip_dirs()
    text.write(
        f"The generator pass of {root} after a one-claim edit, with the last build's records, "
        f"page keys and parts kept, under cProfile: {profiled:.2f} s\n"
    )
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.getvalue(), encoding="utf-8")
    return {
        "seconds": sum(phases.values()),
        "phases": phases,
        "pages_rendered": rendered,
        "pages_kept": len(result.kept),
        "records_kept": kept.kept,
        "profiled_s": profiled,
        "check_profiled_s": check_parts,
        "profile": str(out),
    }


def _run_child(argv: Sequence[str]) -> int:
    task, *rest = argv
    tasks: dict[str, Callable[..., dict[str, Any]]] = {
        "build": child_build,
        "markdown": child_markdown,
        "profile": child_profile,
        "kept-profile": child_kept_profile,
    }
    print(json.dumps(tasks[task](*(Path(a) for a in rest))))
    return 0


def generator_figures(passes: Sequence[tuple[Run, dict[str, Any]]]) -> dict[str, Any]:
    """The generator pass's figures from one or more runs: the run with the median time (its
    phases too), the most memory any run held, and every run's seconds."""
    ordered = sorted(passes, key=lambda p: p[1]["seconds"])
    run, inside = ordered[(len(ordered) - 1) // 2]
    return {
        **run.summary(),
        "peak_mib": round(max(r.peak_mib for r, _ in passes), 1),
        "inside_s": round(inside["seconds"], 3),
        "inside_cpu_s": round(inside["cpu_s"], 3),
        "phases_s": {name: round(value, 3) for name, value in inside["phases"].items()},
        "runs_s": [round(i["seconds"], 3) for _, i in passes],
        "pages": inside["pages"],
        "files": inside["files"],
        "warnings": inside["warnings"],
    }


def child(task: str, *args: Path, cwd: Path, timeout: float) -> tuple[Run, dict[str, Any]]:
    run = measure(
        python_command("-m", "benchmarks.bench", "_child", task, *(str(a) for a in args)),
        cwd,
        timeout=timeout,
    )
    run.require_success(f"bench child '{task}'")
    return run, json.loads(run.stdout.strip().splitlines()[-1])


# --- one size ----------------------------------------------------------------------------------


def count_warnings(stderr: str) -> tuple[int, list[str]]:
    """(warnings logged, the first few of them). A synthetic site has none: its claims under
    review are a state, not a warning."""
    warnings = [line.strip() for line in stderr.splitlines() if "WARNING" in line]
    return len(warnings), warnings[:5]


def mkdocs_build(config_file: Path, site_dir: Path, cwd: Path, timeout: float) -> Run:
    command = [*mkdocs_executable(), "build", "-f", str(config_file), "-d", str(site_dir)]
    run = measure(command, cwd, timeout=timeout)
    run.require_success(f"mkdocs build -f {config_file}")
    return run


def zensical_executable() -> str | None:
    """The venv's `zensical` (pinned in requirements-dev.lock), if installed."""
    beside = Path(sys.executable).parent / "zensical"
    return str(beside) if beside.exists() else None


def measure_zensical(
    zensical: str, claims: int, markdown_tree: Path, work: Path, timeout: float
) -> dict[str, Any]:
    """`zensical build` of the `factdesk build --out` tree, cold (a folder of its own, so no
    cache of an earlier build), with the same configuration as the plain MkDocs build. A failed
    build is recorded with Zensical's message, not raised: it is a finding of the run."""
    folder = work / f"zensical-{claims}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    config = folder / "mkdocs.yml"
    config.write_text(
        synthetic.mkdocs_yml(
            f"{synthetic.TITLE} ({claims} claims)", plugin=False, custom_dir=str(THEME_OVERRIDE)
        ),
        encoding="utf-8",
    )
    # Zensical refuses a docs_dir outside the configuration's folder: the tree is moved in
    # for the build (a rename, not a copy) and back after it.
    docs = folder / "docs"
    markdown_tree.rename(docs)
    try:
        run = measure([zensical, "build", "-f", str(config)], folder, timeout=timeout)
    finally:
        docs.rename(markdown_tree)
    figures: dict[str, Any] = {**run.summary(), "ok": run.returncode == 0}
    if run.returncode != 0:
        output = (run.stdout + run.stderr).strip().splitlines()
        figures["error"] = " ".join(line.strip() for line in output[-3:])[:400]
        figures.pop("wall_s")
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def html_pages_showing(site_dir: Path, text: str) -> list[str]:
    """Served paths of the built pages whose HTML contains `text`."""
    needle = html.escape(text, quote=False)
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        if path.name == "404.html":
            continue
        if needle in path.read_text(encoding="utf-8"):
            relative = path.relative_to(site_dir).as_posix()
            found.append("/" + relative.removesuffix("index.html"))
    return found


def markdown_pages_showing(tree: Path, text: str) -> list[str]:
    """Served paths (directory URLs) of the generated pages whose Markdown contains `text`: at
    a size whose HTML is not built, the pages an edit of `text` must update."""
    found = []
    for path in sorted(tree.rglob("*.md")):
        if text in path.read_text(encoding="utf-8"):
            relative = path.relative_to(tree).as_posix().removesuffix(".md")
            if relative == "index" or relative.endswith("/index"):
                found.append("/" + relative.removesuffix("index"))
            else:
                found.append(f"/{relative}/")
    return sorted(found)


def prepare_size(
    claims: int, work: Path, options: argparse.Namespace
) -> tuple[Path, dict[str, Any]]:
    """Write the synthetic site of `claims` claims and time `factdesk check` on it. Returns the
    site and its first figures."""
    say = options.say
    site = work / f"site-{claims}"
    say(f"[{claims}] writing the synthetic site")
    # In a child process: this process stays small, as it must, because a child's peak memory
    # (wait4) counts from the size of the process it was forked from. Writing the 50k site here
    # put 223 MiB under every later measurement's peak.
    write = measure(
        python_command("-m", "benchmarks.synthetic", str(claims), str(site)),
        work,
        timeout=options.timeout,
    )
    write.require_success("writing the synthetic site")
    figures: dict[str, Any] = {
        "claims": claims,
        "sizes": asdict(synthetic.Sizes.for_claims(claims)),
        "synthetic_write_s": round(write.wall, 2),
    }
    say(f"[{claims}] factdesk check")
    check = measure(
        python_command("-m", "generator.cli", "--root", str(site), "check"),
        site,
        timeout=options.timeout,
    )
    check.require_success("factdesk check")
    figures["check"] = check.summary()
    return site, figures


def generator_rounds(
    sites: dict[int, Path], options: argparse.Namespace
) -> dict[int, list[tuple[Run, dict[str, Any]]]]:
    """The generator pass at every size, timed in rounds: each round passes once over every
    size, in ascending order and then descending in the next. A growth factor is then taken
    within a round, from passes minutes apart, and a drift in the machine's speed over the run
    (this VM's varies by a third between hours) falls on both sizes of a pair alike instead of
    on one size's passes."""
    passes: dict[int, list[tuple[Run, dict[str, Any]]]] = {claims: [] for claims in sites}
    ascending = sorted(sites)
    for number in range(1, options.generator_runs + 1):
        order = ascending if number % 2 else ascending[::-1]
        for claims in order:
            options.say(
                f"[{claims}] generator pass (pipeline.generate), round "
                f"{number}/{options.generator_runs}"
            )
            run, inside = child("build", sites[claims], cwd=sites[claims], timeout=options.timeout)
            if inside["errors"]:
                raise BenchError(
                    f"the synthetic site of {claims} claims has {inside['errors']} errors"
                )
            passes[claims].append((run, inside))
    return passes


def measure_size(
    claims: int, site: Path, figures: dict[str, Any], work: Path, options: argparse.Namespace
) -> dict[str, Any]:
    """Everything after the generator passes at one size, added to `figures`; the site is
    removed at the end unless `--keep`."""
    say = options.say
    timeout = options.timeout

    # The portable path (plain Markdown for any MkDocs-like tool), measured at every size.
    markdown_tree = work / f"markdown-{claims}"
    say(f"[{claims}] factdesk build --out")
    out = measure(
        python_command(
            "-m", "generator.cli", "--root", str(site), "build", "--out", str(markdown_tree)
        ),
        site,
        timeout=timeout,
    )
    out.require_success("factdesk build --out")
    figures["build_out"] = out.summary()

    if claims <= options.mkdocs_max and not options.skip_mkdocs:
        say(f"[{claims}] mkdocs build with the factdesk plugin")
        plugin_html = work / f"html-plugin-{claims}"
        plugin = mkdocs_build(site / "mkdocs.yml", plugin_html, site, timeout)
        warnings, examples = count_warnings(plugin.stderr)
        generated = _GENERATED_LOG.findall(plugin.stderr)
        checked = _CHECKED_LOG.findall(plugin.stderr)
        built = _BUILT_LOG.findall(plugin.stderr)
        figures["mkdocs_plugin"] = {
            **plugin.summary(),
            # The generator's part: checking the content, then generating the files.
            "generator_logged_s": (
                float(generated[-1][1]) + sum(float(s) for s in checked[-1:]) if generated else None
            ),
            "mkdocs_logged_s": float(built[-1]) if built else None,
            "warnings": warnings,
            "warning_examples": examples,
        }

        say(f"[{claims}] mkdocs build again after a one-claim edit, keeping pages")
        figures["mkdocs_kept"] = kept_build(site, work, claims, timeout)

        say(f"[{claims}] plain mkdocs build of the Markdown tree")
        plain_config, plain_html = plain_build(claims, work, markdown_tree, figures, timeout)
        say(f"[{claims}] what a reader downloads: the largest page, a first search")
        figures["readers"] = measure_readers(plugin_html, site)

        say(f"[{claims}] Python-Markdown alone")
        run, inside = child("markdown", plain_config, cwd=work, timeout=timeout)
        figures["markdown_alone"] = {
            **run.summary(),
            "inside_s": round(inside["seconds"], 3),
            "inside_cpu_s": round(inside["cpu_s"], 3),
            "pages": inside["pages"],
        }

        zensical = zensical_executable()
        if zensical is not None:
            say(f"[{claims}] zensical build of the Markdown tree")
            figures["zensical"] = measure_zensical(zensical, claims, markdown_tree, work, timeout)

        if claims in options.serve_sizes and not options.skip_serve:

            def in_html(text: str) -> list[str]:
                return html_pages_showing(plugin_html, text)

            say(f"[{claims}] mkdocs serve: edit one claim, wait for the pages")
            figures["serve"] = measure_serve(site, in_html, options)
            if options.serve_dirty:
                say(f"[{claims}] mkdocs serve --dirty: edit one claim, wait for the pages")
                figures["serve_dirty"] = measure_serve(site, in_html, options, ["--dirty"])
        if not options.keep:
            for folder in (plugin_html, plain_html):
                shutil.rmtree(folder, ignore_errors=True)

    elif claims <= options.html_max and not options.skip_mkdocs:
        # Above --mkdocs-max, one plain build of the Markdown tree still gives the pages and
        # the search a reader downloads (the budgets hold at 50k claims too).
        say(f"[{claims}] plain mkdocs build of the Markdown tree, for the reader budgets")
        _, plain_html = plain_build(claims, work, markdown_tree, figures, timeout)
        say(f"[{claims}] what a reader downloads: the largest page, a first search")
        figures["readers"] = measure_readers(plain_html, site)
        if not options.keep:
            shutil.rmtree(plain_html, ignore_errors=True)

    if (
        claims > options.mkdocs_max
        and claims in options.serve_sizes
        and not (options.skip_serve or options.skip_mkdocs)
    ):
        # No HTML is built at this size: the pages showing the claim are found in the
        # Markdown tree, and serve's first build is the only plugin build (so no --dirty).
        say(f"[{claims}] mkdocs serve: edit one claim, wait for the pages")
        figures["serve"] = measure_serve(
            site, functools.partial(markdown_pages_showing, markdown_tree), options
        )
    if not options.keep:
        shutil.rmtree(markdown_tree, ignore_errors=True)
    if claims == options.profile_size:
        say(f"[{claims}] cProfile of pipeline.generate")
        profile_out = DEFAULT_OUT.parent / f"profile-{claims}.txt"
        _, inside = child("profile", site, profile_out, cwd=site, timeout=timeout)
        figures["profile"] = {"file": str(profile_out), "seconds": round(inside["seconds"], 2)}
        say(f"[{claims}] the generator pass after a one-claim edit, keeping what one before left")
        kept_out = DEFAULT_OUT.parent / f"profile-kept-{claims}.txt"
        _, inside = child("kept-profile", site, kept_out, cwd=site, timeout=timeout)
        figures["kept_profile"] = {
            **inside,
            "seconds": round(inside["seconds"], 3),
            "phases": {name: round(value, 3) for name, value in inside["phases"].items()},
            "profiled_s": round(inside["profiled_s"], 2),
        }
    if not options.keep:
        shutil.rmtree(site, ignore_errors=True)
    return figures


@contextmanager
def reworded_claim(site: Path) -> Iterator[Path]:
    """The claim in the middle of the site's claims (the one the serve benchmark edits), its
    claim line reworded while inside; its text is put back afterwards."""
    files = sorted((site / "content" / "claims").glob("*.yml"))
    claim_file = files[len(files) // 2]
    original = claim_file.read_text(encoding="utf-8")
    first_line, rest = original.split("\n", 1)
    if not first_line.startswith("claim: "):
        raise BenchError(f"{claim_file} does not open with its claim line")
    try:
        with open(claim_file, "w", encoding="utf-8", newline="") as handle:
            handle.write(f"claim: {json.dumps('Reworded for the kept-pages build.')}\n{rest}")
        yield claim_file
    finally:
        with open(claim_file, "w", encoding="utf-8", newline="") as handle:
            handle.write(original)


def kept_build(site: Path, work: Path, claims: int, timeout: float) -> dict[str, Any]:
    """A second `mkdocs build` with the plugin after a claim was reworded (`reworded_claim`),
    as CI builds a push with the page folder of the last build restored: only the pages whose
    key changed are rendered (`generator/plugin/kept_pages.py`)."""
    html = work / f"html-kept-{claims}"
    try:
        with reworded_claim(site):
            run = mkdocs_build(site / "mkdocs.yml", html, site, timeout)
        run.require_success("mkdocs build after a one-claim edit, keeping pages")
    finally:
        shutil.rmtree(html, ignore_errors=True)
    generated = _KEPT_LOG.findall(run.stderr)
    checked = _CHECKED_LOG.findall(run.stderr)
    built = _BUILT_LOG.findall(run.stderr)
    return {
        **run.summary(),
        "pages_kept": int(generated[-1][1] or 0) if generated else 0,
        "generator_logged_s": (
            float(generated[-1][2]) + sum(float(s) for s in checked[-1:]) if generated else None
        ),
        "mkdocs_logged_s": float(built[-1]) if built else None,
    }


def plain_build(
    claims: int, work: Path, markdown_tree: Path, figures: dict[str, Any], timeout: float
) -> tuple[Path, Path]:
    """`mkdocs build` of the tree `factdesk build --out` wrote, without the plugin; its figures
    go into `figures["mkdocs_plain"]`. Returns its configuration file and HTML folder."""
    plain_config = work / f"mkdocs-plain-{claims}.yml"
    plain_config.write_text(
        synthetic.mkdocs_yml(
            f"{synthetic.TITLE} ({claims} claims)",
            plugin=False,
            docs_dir=str(markdown_tree),
            custom_dir=str(THEME_OVERRIDE),
        ),
        encoding="utf-8",
    )
    plain_html = work / f"html-plain-{claims}"
    plain = mkdocs_build(plain_config, plain_html, work, timeout)
    plain_warnings, plain_examples = count_warnings(plain.stderr)
    built = _BUILT_LOG.findall(plain.stderr)
    figures["mkdocs_plain"] = {
        **plain.summary(),
        "mkdocs_logged_s": float(built[-1]) if built else None,
        "warnings": plain_warnings,
        "warning_examples": plain_examples,
    }
    return plain_config, plain_html


def measure_readers(html_root: Path, site: Path) -> dict[str, Any]:
    """The largest page and the first-search bytes (benchmarks/readers.py); a browser that
    fails is recorded, not fatal: the build figures stand without it."""
    try:
        return readers.measure(html_root, site)
    except Exception as exc:  # Playwright's errors have no common base worth naming here
        largest = readers.largest_pages(html_root, 1)
        return {
            "largest_page": largest[0][0],
            "largest_page_bytes": largest[0][1],
            "search": None,
            "search_note": f"the search could not be measured: {exc}",
        }


# --- mkdocs serve ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # only ever 127.0.0.1
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


class Server:
    """`mkdocs serve --livereload` on 127.0.0.1, as `make serve` starts it."""

    def __init__(self, site: Path, extra: Sequence[str] = ()) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = site.parent / f"serve-{site.name}.log"
        self.command = [
            *mkdocs_executable(),
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{self.port}",
            *extra,
        ]
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            self.command,
            cwd=site,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=child_environment(),
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                return False
            if "Serving on" in self.output() and fetch(self.base + "/") is not None:
                return True
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.log.close()


def measure_serve(
    site: Path,
    pages_showing: Callable[[str], list[str]],
    options: argparse.Namespace,
    extra: Sequence[str] = (),
) -> dict[str, Any]:
    """`pages_showing(text)`: the served paths of the pages that show `text` before the edit."""
    claim_files = sorted((site / "content" / "claims").glob("*.yml"))
    claim_file = claim_files[len(claim_files) // 2]
    claim_id = claim_file.stem
    original = claim_file.read_text(encoding="utf-8")
    first_line, rest = original.split("\n", 1)
    if not first_line.startswith("claim: "):
        raise BenchError(f"{claim_file} does not open with its claim line")
    old_text = json.loads(first_line.removeprefix("claim: "))
    entities_file = site / "content" / "entities.yml"
    entities = entities_file.read_text(encoding="utf-8")
    showing = pages_showing(old_text)
    claim_page = f"/claims/{claim_id}/"
    # The claims index is paged (page_size): the claim is listed on one of its pages.
    index_pages = [p for p in showing if p == "/claims/" or p.startswith("/claims/page/")]
    if claim_page not in showing or len(index_pages) != 1:
        raise BenchError(
            f"the built site does not show claim '{claim_id}' where expected: on {claim_page} "
            f"and on one page of the claims index (found on {showing})"
        )

    result: dict[str, Any] = {
        "claim": claim_id,
        "pages_showing_claim": showing,
        "command": "",
        "strict_abort": False,
        "edits": [],
    }
    server = Server(site, extra)
    ready = server.wait_ready(options.timeout)
    if not ready and "strict mode" in server.output():
        # `make serve` aborts on warnings while mkdocs.yml says strict; the synthetic site should
        # give none, and if it does the measurement goes on with --no-strict (and says so).
        result["strict_abort"] = True
        server.stop()
        server = Server(site, [*extra, "--no-strict"])
        ready = server.wait_ready(options.timeout)
    result["command"] = " ".join(["mkdocs", *server.command[len(mkdocs_executable()) :]])
    try:
        if not ready:
            tail = "\n".join(server.output().splitlines()[-10:])
            raise BenchError(f"mkdocs serve did not start:\n{tail}")
        time.sleep(1.0)  # let the file watcher settle after the first build
        for number in range(1, options.serve_edits + 1):
            result["edits"].append(
                _one_edit(server, claim_file, rest, showing, (claim_page, index_pages[0]), number)
            )
            time.sleep(1.0)
        log_before = len(server.output())
        claim_file.write_text(original, encoding="utf-8")
        _wait_for_rebuilds(server, log_before, 1)
        time.sleep(1.0)
        claimant = _CLAIMANT.search(original)
        if claimant is None:
            raise BenchError(f"{claim_file} names no claimant")
        result["entity"] = claimant.group(1)
        result["entity_edits"] = [
            _entity_edit(server, site, claimant.group(1), number)
            for number in range(1, options.serve_edits + 1)
        ]
    finally:
        server.stop()
        claim_file.write_text(original, encoding="utf-8")
        entities_file.write_text(entities, encoding="utf-8")
    done = [e for e in result["edits"] if e["all_pages_s"] is not None]
    for key in ("claim_page_s", "claims_index_s", "all_pages_s", "generator_s", "mkdocs_s"):
        values = [e[key] for e in done if e[key] is not None]
        result[f"median_{key}"] = round(statistics.median(values), 3) if values else None
    result["stale_pages"] = sorted({p for e in result["edits"] for p in e["stale"]})
    renamed = [e for e in result.get("entity_edits", []) if e["all_pages_s"] is not None]
    for key in ("all_pages_s", "generator_s", "mkdocs_s", "pages_rendered", "pages_rebuilt"):
        values = [e[key] for e in renamed if e[key] is not None]
        result[f"median_entity_{key}"] = round(statistics.median(values), 3) if values else None
    result["entity_stale_pages"] = sorted(
        {p for e in result.get("entity_edits", []) for p in e["stale"]}
    )
    return result


_CLAIMANT = re.compile(r"^claimant: (\S+)$", re.M)


def _wait_for_rebuilds(server: Server, log_before: int, count: int, limit: float = 120) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        log = server.output()[log_before:]
        if len(_REBUILT_LOG.findall(log)) + len(_BUILT_LOG.findall(log)) >= count:
            return
        time.sleep(0.02)


def _entity_edit(server: Server, site: Path, entity_id: str, number: int) -> dict[str, Any]:
    """One rename of the edited claim's claimant in content/entities.yml. Which pages must
    show the new name is known only after the rebuild (from the Markdown the plugin wrote, in
    its cache folder), so the time is that of the server's log line saying the rebuild is
    done, and every one of those pages is then fetched and must show the new name."""
    entities_file = site / "content" / "entities.yml"
    text = entities_file.read_text(encoding="utf-8")
    name = re.search(rf"^- id: {re.escape(entity_id)}\n  name: (.*)$", text, re.M)
    if name is None:
        raise BenchError(f"{entities_file} has no name line for '{entity_id}'")
    new_name = f"Renamed entity number {number}"
    log_before = len(server.output())
    started = time.perf_counter()
    with open(entities_file, "w", encoding="utf-8", newline="") as handle:
        handle.write(text[: name.start(1)] + json.dumps(new_name) + text[name.end(1) :])
    _wait_for_rebuilds(server, log_before, 1)
    elapsed = time.perf_counter() - started
    log = server.output()[log_before:]
    generated = _GENERATED_LOG.findall(log)
    rebuilt = _REBUILT_LOG.findall(log)
    built = _BUILT_LOG.findall(log)
    rendered = _RENDERED_LOG.findall(log)
    showing = markdown_pages_showing(site / ".cache" / "factdesk" / "pages", new_name)
    stale = [
        path
        for path in showing
        if html.escape(new_name, quote=False) not in (fetch(server.base + path) or "")
    ]
    done = bool(rebuilt or built) and f"/entities/{entity_id}/" in showing
    generator_s = float(generated[-1][1]) if generated else None
    built_s = float(rebuilt[-1][2]) if rebuilt else float(built[-1]) if built else None
    return {
        "all_pages_s": _rounded(elapsed) if done and not stale else None,
        "pages_showing": len(showing),
        "stale": stale if done else ["(no rebuild, or the entity's page does not show it)"],
        "generator_s": generator_s,
        "mkdocs_s": (
            round(built_s - generator_s, 3)
            if built_s is not None and generator_s is not None
            else built_s
        ),
        "pages_rendered": int(rendered[-1]) if rendered else None,
        "pages_rebuilt": int(rebuilt[-1][0]) if rebuilt else None,
        "full_rebuilds": len(built),
    }


def _one_edit(
    server: Server,
    claim_file: Path,
    rest: str,
    showing: list[str],
    pages: tuple[str, str],
    number: int,
) -> dict[str, Any]:
    """One edit of the claim's text; `pages` are its own page and its claims index page."""
    new_text = f"Edited claim number {number} for the serve benchmark."
    log_before = len(server.output())
    started = time.perf_counter()
    with open(claim_file, "w", encoding="utf-8", newline="") as handle:
        handle.write(f"claim: {json.dumps(new_text)}\n{rest}")
    seen: dict[str, float] = {}
    deadline = started + 120
    while len(seen) < len(showing) and time.perf_counter() < deadline:
        for path in showing:
            if path in seen:
                continue
            body = fetch(server.base + path)
            if body is not None and new_text in body:
                seen[path] = time.perf_counter() - started
        time.sleep(0.02)
    log = server.output()[log_before:]
    generated = _GENERATED_LOG.findall(log)
    built = _BUILT_LOG.findall(log)
    rebuilt = _REBUILT_LOG.findall(log)
    generator_s = float(generated[-1][1]) if generated else None
    # Either the plugin rebuilt the changed pages or MkDocs' own builder ran (a fallback).
    built_s = float(rebuilt[-1][2]) if rebuilt else float(built[-1]) if built else None
    claim_page, index_page = pages
    return {
        "claim_page_s": _rounded(seen.get(claim_page)),
        "claims_index_s": _rounded(seen.get(index_page)),
        "all_pages_s": _rounded(max(seen.values())) if len(seen) == len(showing) else None,
        "stale": sorted(set(showing) - set(seen)),
        "generator_s": generator_s,
        "mkdocs_s": (
            round(built_s - generator_s, 3)
            if built_s is not None and generator_s is not None
            else built_s
        ),
        "rebuilds": len(built) + len(rebuilt),
        "full_rebuilds": len(built),
        "pages_rebuilt": int(rebuilt[-1][0]) if rebuilt else None,
        # How many processes converted those pages (plugin/parallel.py, `populate`).
        "converting_processes": int(rebuilt[-1][3] or 1) if rebuilt else None,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- the report --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pyyaml"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "generator", "site_templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    import yaml

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "versions": versions,
        "commit": commit + ("+uncommitted" if dirty else ""),
    }


def _get(figures: dict[str, Any], *keys: str) -> Any:
    value: Any = figures
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def generator_growth(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """How the generator pass grew from figures `a` to `b`: the median of the factors within
    each round (`generator_rounds`), where both sizes were timed in the same minutes; figures
    without rounds of equal count (recorded before rounds existed) give the ratio of the
    medians. Both are kept, with each round's factor."""
    of_medians = _ratio(_get(b, "generator", "inside_s"), _get(a, "generator", "inside_s"))
    runs_a, runs_b = _get(a, "generator", "runs_s"), _get(b, "generator", "runs_s")
    if not runs_a or not runs_b or len(runs_a) != len(runs_b):
        return {"generator": of_medians, "generator_of_medians": of_medians}
    rounds = [_ratio(late, early) for early, late in zip(runs_a, runs_b, strict=True)]
    known = [factor for factor in rounds if factor is not None]
    return {
        "generator": statistics.median(known) if known else of_medians,
        "generator_of_medians": of_medians,
        "generator_rounds": [_rounded(factor) for factor in rounds],
    }


def derived(sizes: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Ratios per size and growth factors between successive sizes."""
    per_size: dict[int, dict[str, Any]] = {}
    for claims, f in sizes.items():
        pages = _get(f, "generator", "pages")
        plugin = _get(f, "mkdocs_plugin", "wall_s")
        plain = _get(f, "mkdocs_plain", "wall_s")
        markdown_s = _get(f, "markdown_alone", "inside_s")
        generator_in_plugin = _get(f, "mkdocs_plugin", "generator_logged_s")
        per_size[claims] = {
            "generator_share_of_plugin_build": _ratio(
                generator_in_plugin
                if generator_in_plugin is not None
                else _get(f, "generator", "inside_s"),
                plugin,
            ),
            "standalone_generator_over_plugin_build": _ratio(
                _get(f, "generator", "inside_s"), plugin
            ),
            "plugin_over_plain": _ratio(plugin, plain),
            "generator_share_of_kept_build": _ratio(
                _get(f, "mkdocs_kept", "generator_logged_s"), _get(f, "mkdocs_kept", "wall_s")
            ),
            "kept_over_plain": _ratio(_get(f, "mkdocs_kept", "wall_s"), plain),
            "zensical_over_plain": _ratio(_get(f, "zensical", "wall_s"), plain),
            "plugin_over_markdown": _ratio(plugin, markdown_s),
            "plain_over_markdown": _ratio(plain, markdown_s),
            "plugin_ms_per_page": _ratio(plugin, pages / 1000) if pages else None,
            "plain_ms_per_page": _ratio(plain, pages / 1000) if pages else None,
            "markdown_ms_per_page": _ratio(markdown_s, pages / 1000) if pages else None,
        }
    growth: dict[str, dict[str, Any]] = {}
    ordered = sorted(sizes)
    for small, large in itertools.pairwise(ordered):
        a, b = sizes[small], sizes[large]
        growth[f"{small}->{large}"] = {
            "claims": large / small,
            "check": _ratio(_get(b, "check", "wall_s"), _get(a, "check", "wall_s")),
            **generator_growth(a, b),
            "mkdocs_plugin": _ratio(
                _get(b, "mkdocs_plugin", "wall_s"), _get(a, "mkdocs_plugin", "wall_s")
            ),
            "mkdocs_plain": _ratio(
                _get(b, "mkdocs_plain", "wall_s"), _get(a, "mkdocs_plain", "wall_s")
            ),
            "pages": _ratio(_get(b, "generator", "pages"), _get(a, "generator", "pages")),
            "generator_phases": {
                name: _ratio(
                    _get(b, "generator", "phases_s", name), _get(a, "generator", "phases_s", name)
                )
                for name in GENERATOR_PHASES
            },
        }
    return {"per_size": per_size, "growth": growth}


# The start of the build-after-an-edit target's name: its notes are added when it is missed.
_KEPT_SHARE = "generator share of a build after a one-claim edit"


def targets(sizes: dict[int, dict[str, Any]], ratios: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target that this run could measure: the value, the limit, met or not."""
    found: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, unit: str = "") -> None:
        if value is None:
            return
        found.append(
            {
                "target": name,
                "value": round(value, 3),
                "limit": limit,
                "unit": unit,
                "met": value <= limit,
            }
        )

    per_size, growth = ratios["per_size"], ratios["growth"]
    largest_built = max((c for c in sizes if "mkdocs_plugin" in sizes[c]), default=None)
    if largest_built is not None:
        r = per_size[largest_built]
        add(
            f"generator share of the plugin build at {largest_built}",
            r["generator_share_of_plugin_build"],
            GENERATOR_SHARE_MAX,
        )
        add(
            f"plugin build / plain build at {largest_built}",
            r["plugin_over_plain"],
            PLUGIN_OVER_PLAIN_MAX,
            "x",
        )
        # The same limit for the build CI makes of a push, with the last build's pages kept.
        add(
            f"{_KEPT_SHARE}, pages kept, at {largest_built}",
            r["generator_share_of_kept_build"],
            GENERATOR_SHARE_MAX,
        )
    for claims in sorted(sizes):
        if "mkdocs_plugin" in sizes[claims]:
            r = per_size[claims]
            add(
                f"plugin build / Python-Markdown alone at {claims}",
                r["plugin_over_markdown"],
                BUILD_OVER_MARKDOWN_MAX,
                "x",
            )
            add(
                f"plain build / Python-Markdown alone at {claims}",
                r["plain_over_markdown"],
                BUILD_OVER_MARKDOWN_MAX,
                "x",
            )
    for step, g in growth.items():
        if abs(g["claims"] - 10) < 1e-9:
            add(f"plain build growth {step}", g["mkdocs_plain"], BUILD_GROWTH_MAX, "x")
            add(f"plugin build growth {step}", g["mkdocs_plugin"], BUILD_GROWTH_MAX, "x")
        if abs(g["claims"] - 5) < 1e-9:
            add(f"generator growth {step}", g["generator"], GENERATOR_GROWTH_MAX, "x")
    if sizes:
        largest = max(sizes)
        peak = max(
            _get(sizes[largest], step, "peak_mib") or 0
            for step in ("check", "generator", "build_out")
        )
        add(
            f"peak memory of check, generator pass and build --out at {largest}",
            peak,
            PEAK_MEMORY_MAX_MIB,
            "MiB",
        )
    for claims in sorted(sizes):
        page_bytes = _get(sizes[claims], "readers", "largest_page_bytes")
        if claims >= READER_BUDGET_FROM and page_bytes is not None:
            add(
                f"largest HTML page at {claims}",
                page_bytes / 1024,
                readers.PAGE_BYTES_BUDGET / 1024,
                "KB",
            )
        search_bytes = _get(sizes[claims], "readers", "search_max_bytes")
        if claims >= READER_BUDGET_FROM and search_bytes is not None:
            add(
                f"first search download (most of 5 queries) at {claims}",
                search_bytes / 1024,
                readers.SEARCH_BYTES_BUDGET / 1024,
                "KB",
            )
    for claims, limit in SERVE_MAX_SECONDS.items():
        serve = _get(sizes.get(claims, {}), "serve")
        if serve:
            value = serve["median_all_pages_s"]
            if value is None:
                value = float("inf")  # some page never showed the edit
            add(f"serve: save to every page updated at {claims}", value, limit, "s")
            if "entity_edits" in serve:
                # A rename in entities.yml: the same target, for another common save.
                value = serve["median_entity_all_pages_s"]
                if value is None:
                    value = float("inf")
                add(f"serve: entity renamed to every page updated at {claims}", value, limit, "s")
    return found


def _pair(a: float | None, b: float | None, digits: int = 2) -> str | None:
    if a is None and b is None:
        return None
    return f"{_cell(a, digits)} / {_cell(b, digits)}"


def _kb(value: float | None) -> float | None:
    return None if value is None else value / 1024


def _cell(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(report: dict[str, Any]) -> str:
    sizes: dict[int, dict[str, Any]] = {int(k): v for k, v in report["sizes"].items()}
    ordered = sorted(sizes)
    ratios = report["derived"]
    header = "| | " + " | ".join(f"{c:,} claims" for c in ordered) + " |"
    rule = "|---|" + "---|" * len(ordered)
    rows = [header, rule]

    def row(label: str, getter: Callable[[int, dict[str, Any]], Any], digits: int = 2) -> None:
        cells = [_cell(getter(c, sizes[c]), digits) for c in ordered]
        if any(cell != "—" for cell in cells):
            rows.append(f"| {label} | " + " | ".join(cells) + " |")

    row("pages generated (Markdown)", lambda c, f: _get(f, "generator", "pages"))
    row(
        "articles / events / contradictions / entities",
        lambda c, f: "{articles} / {events} / {contradictions} / {entities}".format(**f["sizes"]),
    )
    row("`factdesk check` s", lambda c, f: _get(f, "check", "wall_s"))
    row("`factdesk check` peak MiB", lambda c, f: _get(f, "check", "peak_mib"), 0)
    row(
        "generator pass (`pipeline.generate`) s, median",
        lambda c, f: _get(f, "generator", "inside_s"),
    )
    row(
        "… each pass s",
        lambda c, f: " / ".join(_cell(v) for v in _get(f, "generator", "runs_s") or []) or None,
    )
    row(
        "… " + " / ".join(_PHASE_LABELS[name] for name in GENERATOR_PHASES) + " s",
        lambda c, f: _phases_cell(_get(f, "generator", "phases_s")),
    )
    row("generator pass peak MiB", lambda c, f: _get(f, "generator", "peak_mib"), 0)
    row("`factdesk build --out` s", lambda c, f: _get(f, "build_out", "wall_s"))
    row("`factdesk build --out` peak MiB", lambda c, f: _get(f, "build_out", "peak_mib"), 0)
    row("`mkdocs build` with plugin s", lambda c, f: _get(f, "mkdocs_plugin", "wall_s"))
    row(
        "… generator part (plugin log) s",
        lambda c, f: _get(f, "mkdocs_plugin", "generator_logged_s"),
    )
    row("`mkdocs build` with plugin peak MiB", lambda c, f: _get(f, "mkdocs_plugin", "peak_mib"), 0)
    row(
        "… again after a one-claim edit, pages kept s",
        lambda c, f: _get(f, "mkdocs_kept", "wall_s"),
    )
    row(
        "… its generator part s / pages kept",
        lambda c, f: _pair(
            _get(f, "mkdocs_kept", "generator_logged_s"), _get(f, "mkdocs_kept", "pages_kept"), 2
        ),
    )
    row("plain `mkdocs build` s", lambda c, f: _get(f, "mkdocs_plain", "wall_s"))
    row("plain `mkdocs build` peak MiB", lambda c, f: _get(f, "mkdocs_plain", "peak_mib"), 0)
    row("`zensical build` of the same tree s", lambda c, f: _zensical_cell(f))
    row("Python-Markdown alone s", lambda c, f: _get(f, "markdown_alone", "inside_s"))
    per = ratios["per_size"]
    row("plugin build ms / page", lambda c, f: per[str(c)]["plugin_ms_per_page"])
    row("plain build ms / page", lambda c, f: per[str(c)]["plain_ms_per_page"])
    row("Python-Markdown ms / page", lambda c, f: per[str(c)]["markdown_ms_per_page"])
    row(
        "generator share of plugin build",
        lambda c, f: per[str(c)]["generator_share_of_plugin_build"],
        3,
    )
    row("plugin build / plain build", lambda c, f: per[str(c)]["plugin_over_plain"], 3)
    row(
        "generator share of the build keeping pages",
        lambda c, f: per[str(c)].get("generator_share_of_kept_build"),
        3,
    )
    row("build keeping pages / plain build", lambda c, f: per[str(c)].get("kept_over_plain"), 3)
    row("zensical build / plain build", lambda c, f: per[str(c)].get("zensical_over_plain"), 3)
    row("plugin build / Python-Markdown", lambda c, f: per[str(c)]["plugin_over_markdown"])
    row("plain build / Python-Markdown", lambda c, f: per[str(c)]["plain_over_markdown"])
    row("serve: save → claim page s", lambda c, f: _get(f, "serve", "median_claim_page_s"))
    row("serve: save → claims index s", lambda c, f: _get(f, "serve", "median_claims_index_s"))
    row(
        "serve: save → every page showing it s", lambda c, f: _get(f, "serve", "median_all_pages_s")
    )
    row("serve: generator part s", lambda c, f: _get(f, "serve", "median_generator_s"))
    row("serve: MkDocs part s", lambda c, f: _get(f, "serve", "median_mkdocs_s"))
    row(
        "serve `--dirty`: save → every page showing it s",
        lambda c, f: _get(f, "serve_dirty", "median_all_pages_s"),
    )
    row(
        "serve `--dirty`: generator part s",
        lambda c, f: _get(f, "serve_dirty", "median_generator_s"),
    )
    row("serve `--dirty`: MkDocs part s", lambda c, f: _get(f, "serve_dirty", "median_mkdocs_s"))
    row(
        "serve, an entity renamed: save → every page showing it s",
        lambda c, f: _get(f, "serve", "median_entity_all_pages_s"),
    )
    row(
        "… generator part / MkDocs part s",
        lambda c, f: _pair(
            _get(f, "serve", "median_entity_generator_s"),
            _get(f, "serve", "median_entity_mkdocs_s"),
        ),
    )
    row(
        "… pages rendered / sent through MkDocs",
        lambda c, f: _pair(
            _get(f, "serve", "median_entity_pages_rendered"),
            _get(f, "serve", "median_entity_pages_rebuilt"),
            0,
        ),
    )
    row(
        "largest HTML page KB",
        lambda c, f: _kb(_get(f, "readers", "largest_page_bytes")),
        0,
    )
    row("… which page", lambda c, f: _get(f, "readers", "largest_page"))
    row(
        "first search: KB downloaded, most of 5 queries",
        lambda c, f: _kb(_get(f, "readers", "search_max_bytes")),
        0,
    )
    row(
        "first search: KB downloaded, median",
        lambda c, f: _kb(_get(f, "readers", "search_median_bytes")),
        0,
    )
    row(
        "search index: files / MB on disk",
        lambda c, f: (
            None
            if _get(f, "readers", "search_index") is None
            else "{} / {:.1f}".format(
                f["readers"]["search_index"]["files"],
                f["readers"]["search_index"]["bytes"] / 1024 / 1024,
            )
        ),
    )
    row("load average before check", lambda c, f: _get(f, "check", "load_before"))

    growth_rows = [
        "",
        "| growth | " + " | ".join(ratios["growth"]) + " |",
        "|---|" + "---|" * len(ratios["growth"]),
    ]

    def growth_row(label: str, factors: list[float | None]) -> None:
        cells = [_cell(factor) for factor in factors]
        if any(cell != "—" for cell in cells):
            growth_rows.append(
                f"| {label} | " + " | ".join(f"{c}×" if c != "—" else c for c in cells) + " |"
            )

    steps = list(ratios["growth"].values())
    for key, label in (
        ("claims", "claims"),
        ("pages", "pages"),
        ("check", "`factdesk check`"),
        ("generator", "generator pass (median of the rounds' factors)"),
        ("generator_of_medians", "… ratio of the median passes"),
    ):
        growth_row(label, [g.get(key) for g in steps])
    if any(g.get("generator_rounds") for g in steps):
        growth_rows.append(
            "| … each round's factor | "
            + " | ".join(
                " / ".join(f"{_cell(f)}×" for f in g.get("generator_rounds") or []) or "—"
                for g in steps
            )
            + " |"
        )
    for name in GENERATOR_PHASES:
        growth_row(
            f"… {_PHASE_LABELS[name]}", [g.get("generator_phases", {}).get(name) for g in steps]
        )
    for key, label in (
        ("mkdocs_plugin", "`mkdocs build` with plugin"),
        ("mkdocs_plain", "plain `mkdocs build`"),
    ):
        growth_row(label, [g.get(key) for g in steps])
    target_rows = [
        "",
        "| target | measured | limit | | measured / limit |",
        "|---|---|---|---|---|",
    ]
    for t in report["targets"]:
        mark = "met" if t["met"] else "MISSED"
        target_rows.append(
            f"| {t['target']} | {_cell(t['value'], 3)}{t['unit'] and ' ' + t['unit']} | "
            f"{t['limit']}{t['unit'] and ' ' + t['unit']} | {mark} | "
            f"{_cell(_ratio(t['value'], t['limit']))} |"
        )
    lines = rows + (growth_rows if ratios["growth"] else []) + target_rows
    notes = _missed_generator_notes(report)
    for claims in ordered:
        for variant in ("serve", "serve_dirty"):
            notes += _serve_notes(claims, _get(sizes[claims], variant))
        zensical = _get(sizes[claims], "zensical")
        if zensical and not zensical["ok"]:
            notes.append(f"- at {claims}: `zensical build` failed: {zensical['error']}")
        for kind in ("mkdocs_plugin", "mkdocs_plain"):
            count = _get(sizes[claims], kind, "warnings")
            if count:
                notes.append(f"- at {claims}: {kind} logged {count} unexpected warning(s)")
    return "\n".join(lines + (["", *notes] if notes else [])) + "\n"


def _phases_cell(phases: dict[str, float] | None) -> str | None:
    if not phases:
        return None
    return " / ".join(_cell(phases.get(name)) for name in GENERATOR_PHASES)


def _missed_generator_notes(report: dict[str, Any]) -> list[str]:
    """Why a generator target was missed: where the generator pass spent its time at each
    size, how each part grew, and the profile that shows it in detail."""
    sizes = {int(k): v for k, v in report["sizes"].items()}
    missed = [t for t in report["targets"] if not t["met"] and t["target"].startswith("generator ")]
    if not missed:
        return []
    notes = []
    for t in missed:
        notes.append(f"- {t['target']} missed: {_cell(t['value'], 3)} against {t['limit']}.")
    for claims in sorted(sizes):
        phases = _get(sizes[claims], "generator", "phases_s")
        logged = _get(sizes[claims], "mkdocs_plugin", "generator_logged_s")
        plugin = _get(sizes[claims], "mkdocs_plugin", "wall_s")
        if phases:
            parts = ", ".join(
                f"{_PHASE_LABELS[name]} {_cell(phases[name])} s" for name in GENERATOR_PHASES
            )
            where = f"  - at {claims}, the generator pass in one process: {parts}"
            if logged is not None and plugin is not None:
                where += (
                    f"; inside `mkdocs build` (pages shared with a forked copy) the plugin "
                    f"logged {_cell(logged)} s of the build's {_cell(plugin)} s"
                )
            notes.append(where + ".")
    notes += _shared_pass_notes(report, sizes)
    for step, growth in report["derived"]["growth"].items():
        phases = growth.get("generator_phases") or {}
        if any(value is not None for value in phases.values()):
            parts = ", ".join(
                f"{_PHASE_LABELS[name]} {_cell(phases.get(name))}×" for name in GENERATOR_PHASES
            )
            notes.append(f"  - growth {step} ({_cell(growth['claims'])}× the claims): {parts}.")
    for claims in sorted(sizes):
        profile = _get(sizes[claims], "profile", "file")
        if profile:
            notes.append(f"  - cProfile of the generator pass at {claims}: `{profile}`.")
    if any(t["target"].startswith(_KEPT_SHARE) for t in missed):
        notes += _kept_pass_notes(sizes)
    return notes


def _shared_pass_notes(report: dict[str, Any], sizes: dict[int, dict[str, Any]]) -> list[str]:
    """Whether sharing the first build's generator work between processes could meet its
    share at all: the pass in one process does less than the plugin's part (it writes no file
    and keys no page), so that pass divided by the machine's cores is the least the plugin's
    part can take while the build before left it nothing."""
    cores = _get(report, "machine", "nproc")
    if not cores:
        return []
    notes = []
    for claims in sorted(sizes):
        alone = _get(sizes[claims], "generator", "inside_s")
        plugin = _get(sizes[claims], "mkdocs_plugin", "wall_s")
        if alone is None or plugin is None:
            continue
        least, allowed = alone / cores, GENERATOR_SHARE_MAX * plugin
        verdict = (
            f"{_cell(least / allowed)}× the {GENERATOR_SHARE_MAX:.0%} of the build "
            f"({_cell(allowed)} s): no sharing of this work between processes meets the "
            "target on this machine; only work kept from the build before can (the build "
            "after an edit)"
            if least > allowed
            else f"within the {GENERATOR_SHARE_MAX:.0%} of the build ({_cell(allowed)} s): "
            "the plugin's part is over it by what it does besides the pass (writing the pages, "
            "keying them, keeping parts for the next build) and by how unevenly it shares"
        )
        notes.append(
            f"  - at {claims}, the pass in one process ({_cell(alone)} s) shared perfectly "
            f"between this machine's {cores} cores would take {_cell(least)} s, {verdict}."
        )
    return notes


def _kept_pass_notes(sizes: dict[int, dict[str, Any]]) -> list[str]:
    """Where the generator's part of the build after a one-claim edit went, from the pass
    `child_kept_profile` timed and profiled."""
    notes = []
    for claims in sorted(sizes):
        kept = _get(sizes[claims], "kept_profile")
        if not kept:
            continue
        phases = ", ".join(
            f"{_PHASE_LABELS[name]} {_cell(kept['phases'][name])} s" for name in GENERATOR_PHASES
        )
        check = kept["check_profiled_s"]
        notes.append(
            f"  - at {claims}, after a one-claim edit, the generator pass in one process with "
            f"what the pass before left ({kept['records_kept']:,} record files and "
            f"{kept['pages_kept']:,} pages kept, {kept['pages_rendered']:,} pages rendered): "
            f"{phases}; under cProfile ({_cell(kept['profiled_s'])} s) loading took "
            f"{_cell(check['load'])} s, validating {_cell(check['validate'])} s and linking "
            f"{_cell(check['link'])} s of the check: `{kept['profile']}`."
        )
    return notes


def _zensical_cell(figures: dict[str, Any]) -> Any:
    zensical = figures.get("zensical")
    if not zensical:
        return None
    return zensical["wall_s"] if zensical["ok"] else "failed"


def _serve_notes(claims: int, serve: dict[str, Any] | None) -> list[str]:
    if not serve:
        return []
    notes = []
    if serve.get("strict_abort"):
        notes.append(
            f"- at {claims}: `mkdocs serve --livereload` aborted on warnings (strict mode); "
            f"measured with `{serve['command']}`"
        )
    if serve.get("stale_pages"):
        notes.append(
            f"- at {claims}: `{serve['command']}`: pages never updated after an edit: "
            f"{serve['stale_pages']}"
        )
    extra = [e["rebuilds"] for e in serve["edits"] if e["rebuilds"] != 1]
    if extra:
        notes.append(
            f"- at {claims}: `{serve['command']}`: an edit caused {extra} rebuilds, not one "
            "(a file under a watched folder changed meanwhile)"
        )
    full = [e.get("full_rebuilds") for e in serve["edits"] if e.get("full_rebuilds")]
    if full:
        notes.append(
            f"- at {claims}: `{serve['command']}`: MkDocs' own full rebuild ran for {len(full)} "
            "edit(s) instead of the plugin's rebuild of the changed pages"
        )
    if serve.get("entity_stale_pages"):
        notes.append(
            f"- at {claims}: `{serve['command']}`: pages not showing an entity's new name after "
            f"the rebuild: {serve['entity_stale_pages']}"
        )
    renamed = serve.get("entity_edits", [])
    if any(e.get("full_rebuilds") for e in renamed):
        notes.append(
            f"- at {claims}: `{serve['command']}`: MkDocs' own full rebuild ran after an "
            "entity was renamed"
        )
    if renamed:
        notes.append(
            f"- at {claims}: renaming `{serve['entity']}` (the edited claim's claimant): pages "
            f"showing the new name {[e['pages_showing'] for e in renamed]}, rendered "
            f"{[e['pages_rendered'] for e in renamed]}, sent through MkDocs "
            f"{[e['pages_rebuilt'] for e in renamed]}, save → rebuilt "
            f"{[e['all_pages_s'] for e in renamed]} s"
        )
    pages = [e.get("pages_rebuilt") for e in serve["edits"] if e.get("pages_rebuilt")]
    if pages:
        processes = [
            e.get("converting_processes") for e in serve["edits"] if e.get("pages_rebuilt")
        ]
        notes.append(
            f"- at {claims}: `{serve['command']}`: pages sent through MkDocs per edit: {pages}, "
            f"converted in this many processes: {processes}"
        )
    return notes


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if part.endswith("k"):
            sizes.append(int(float(part[:-1]) * 1000))
        elif part:
            sizes.append(int(part))
    return sorted(set(sizes))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="claim counts, e.g. 1k,10k,50k (default)",
    )
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    p.add_argument("--skip-mkdocs", action="store_true", help="no mkdocs builds, no serve")
    p.add_argument("--skip-serve", action="store_true", help="no mkdocs serve measurement")
    p.add_argument(
        "--mkdocs-max",
        type=int,
        default=10_000,
        help="build with mkdocs only up to this many claims (default 10000)",
    )
    p.add_argument(
        "--html-max",
        type=int,
        default=50_000,
        help="above --mkdocs-max and up to this many claims, build the Markdown tree as HTML "
        "once (plain mkdocs) for the reader budgets: largest page, first search (default 50000)",
    )
    p.add_argument(
        "--serve-sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="sizes at which to measure mkdocs serve (default 1k,10k,50k: each size's target)",
    )
    p.add_argument("--serve-edits", type=int, default=3, help="edits to time (median reported)")
    p.add_argument(
        "--generator-runs",
        type=int,
        default=3,
        help="rounds of generator passes, one pass per size in each (median reported; default 3)",
    )
    p.add_argument(
        "--serve-dirty",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure `mkdocs serve --dirty` (default: yes)",
    )
    p.add_argument(
        "--profile-size",
        type=int,
        default=10_000,
        help="cProfile pipeline.generate, and the pass after a one-claim edit with what was "
        "kept, at this size into bench-results/ (default 10000; 0: never)",
    )
    p.add_argument(
        "--work",
        type=Path,
        default=None,
        help="where to make this run's folder of sites and builds (default: the temp folder)",
    )
    p.add_argument("--keep", action="store_true", help="keep the sites and builds")
    p.add_argument(
        "--timeout",
        type=float,
        default=3600,
        help="seconds allowed per measurement (default 3600: serve's first build at 50k)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child"]:
        return _run_child(argv[1:])
    options = parser().parse_args(argv)
    if options.generator_runs < 1:
        parser().error("--generator-runs must be 1 or more")
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"{time.perf_counter() - started:7.1f} s  {message}", file=sys.stderr, flush=True)

    options.say = say
    # A folder of our own for this run, so two runs never delete each other's sites and nothing
    # we did not create is ever removed.
    parent: Path = options.work.resolve() if options.work else Path(tempfile.gettempdir())
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="factdesk-bench-", dir=parent))
    report: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "options": {
            "sizes": options.sizes,
            "mkdocs_max": 0 if options.skip_mkdocs else options.mkdocs_max,
            "serve_sizes": [] if options.skip_serve else options.serve_sizes,
            "generator_runs": options.generator_runs,
        },
        "sizes": {},
    }
    code = 0
    try:
        prepared = {claims: prepare_size(claims, work, options) for claims in options.sizes}
        passes = generator_rounds({c: site for c, (site, _) in prepared.items()}, options)
        for claims in options.sizes:
            site, figures = prepared[claims]
            figures["generator"] = generator_figures(passes[claims])
            report["sizes"][claims] = measure_size(claims, site, figures, work, options)
            # Written after every size, so a run that fails later keeps what it measured.
            write_report(report, options.out, time.perf_counter() - started, partial=True)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        code = 1
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = write_report(report, options.out, time.perf_counter() - started, partial=bool(code))
    print(text)
    print(f"total {time.perf_counter() - started:.1f} s; results in {options.out}")
    return code


def write_report(report: dict[str, Any], out: Path, elapsed: float, *, partial: bool) -> str:
    """Add ratios and targets to the measured figures; write JSON and the Markdown table."""
    ratios = derived(report["sizes"])
    complete = {
        **report,
        "partial": partial,
        "total_s": round(elapsed, 1),
        "sizes": {str(k): v for k, v in report["sizes"].items()},
        "targets": targets(report["sizes"], ratios),
        # int keys become strings, as they are in the file
        "derived": json.loads(json.dumps(ratios)),
    }
    text = table(complete)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(complete, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    raise SystemExit(main())
