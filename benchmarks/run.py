"""Every performance figure of Article Five, in one run (well under two minutes).

    python benchmarks/run.py [--content DIR] [--markdown]

Prints the machine, then: simulated terms per second (one process, and all
CPUs), `check` on the bundled campaign and on a synthetic pack of 5,000
events (against tomli alone on the same files), and the figures of the other
benchmark scripts in this folder (`tui_bench.py`, `replay_bench.py`), each run
as a subprocess and passed through. A summary table with the targets ends the
run; `--markdown` prints it as the table kept in benchmarks/README.md.

Wall-clock figures depend on what else the machine is doing: the load average
at the start is printed so that a slow figure on a busy machine can be told
from a slow program.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tomli  # noqa: E402

from benchmarks.synth_pack import write_pack  # noqa: E402
from game.content.bundled import bundled_content  # noqa: E402
from game.content.files import content_files  # noqa: E402
from game.content.load import Content, load_content  # noqa: E402
from game.sim import simulate  # noqa: E402
from game.sim.runner import default_jobs  # noqa: E402

SPEED_BASE = "8ee8e5e"  # the commit before the simulator's speed-up (issue 13)
SPEED_CONTENT = ROOT / "tests" / "data" / "campaign-8ee8e5e"  # the campaign as it was then
SPEED_TRIES = 5
SINGLE_RUNS = 2_000
PARALLEL_RUNS = 10_000
SYNTH_EVENTS = 5_000
SCRIPT_TIMEOUT = 45  # seconds for each colleague's script
SCRIPTS = ("tui_bench.py", "replay_bench.py")


class Figures:
    """The summary: (figure, value, target, met) rows, printed at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, name: str, value: str, target: str = "", met: bool | None = None) -> None:
        self.rows.append((name, value, target, met))
        mark = "" if met is None else ("  ✓" if met else "  ✗ MISSED")
        aim = f"   (target: {target})" if target else ""
        print(f"  {name}: {value}{aim}{mark}", flush=True)

    def table(self) -> str:
        lines = ["| figure | value | target | met |", "|---|---|---|---|"]
        for name, value, target, met in self.rows:
            ok = "" if met is None else ("yes" if met else "**no**")
            lines.append(f"| {name} | {value} | {target} | {ok} |")
        return "\n".join(lines)


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The shortest wall time of `repeats` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "unknown"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpus": str(default_jobs()),
        "cpu": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load": f"{load:.2f}",
    }


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `work`."""
    cpu, wall = cpu_seconds(), time.perf_counter()
    work()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def bench_simulate(content: Content, figures: Figures) -> None:
    print(f"\nsimulate — {content.counts['events']} events, random strategy", flush=True)
    simulate(content, 50, "random", seed=99, jobs=1)  # warm up imports and caches
    wall, one_cpu = timed(lambda: simulate(content, SINGLE_RUNS, "random", seed=1, jobs=1))
    rate_one = SINGLE_RUNS / wall
    figures.add(
        "simulate, 1 job",
        f"{rate_one:,.0f} terms/s ({SINGLE_RUNS:,} terms in {wall:.2f} s; "
        f"{SINGLE_RUNS / one_cpu:,.0f} terms per CPU-second)",
    )
    jobs = max(2, default_jobs())
    wall, cpu = timed(lambda: simulate(content, PARALLEL_RUNS, "random", seed=1, jobs=jobs))
    rate_many = PARALLEL_RUNS / wall
    figures.add(
        f"simulate {PARALLEL_RUNS:,} terms, {jobs} jobs",
        f"{wall:.2f} s ({rate_many:,.0f} terms/s; {cpu:.1f} CPU-s, "
        f"{cpu / wall:.2f} of {jobs} CPUs busy)",
        "< 10 s on 2 cores",
        wall < 10,
    )
    figures.add(f"simulate scaling 1 → {jobs} jobs", f"{rate_many / rate_one:.2f}×")
    projected = PARALLEL_RUNS / (jobs * SINGLE_RUNS / one_cpu)
    figures.add(
        f"simulate {PARALLEL_RUNS:,} terms, projected on {jobs} idle CPUs",
        f"{projected:.2f} s (from CPU time: what the figure above would be on a quiet machine)",
    )


def sim_rate(root: Path, runs: int = 400) -> float:
    """Terms per CPU-second of the game package under `root` on SPEED_CONTENT (a subprocess)."""
    script = ROOT / "benchmarks" / "sim_rate.py"
    out = subprocess.run(
        [sys.executable, str(script), str(root), str(SPEED_CONTENT), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    return float(out.stdout.strip())


def bench_speedup(figures: Figures) -> None:
    """This tree against SPEED_BASE on the same content, interleaved, fastest of several."""
    print(f"\nsimulate speed against {SPEED_BASE} (the commit before the speed-up)", flush=True)
    with tempfile.TemporaryDirectory(prefix="article-five-base-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", SPEED_BASE, "game"],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            figures.add("simulate speed-up", f"not run (no commit {SPEED_BASE} in this clone)")
            return
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        base = now = 0.0
        for _ in range(SPEED_TRIES):
            base = max(base, sim_rate(Path(tmp)))
            now = max(now, sim_rate(ROOT))
    ratio = now / base
    figures.add(
        f"simulate terms per CPU-second vs {SPEED_BASE} (random, its campaign)",
        f"{now:,.0f} vs {base:,.0f}: {ratio:.2f}× (fastest of {SPEED_TRIES}, interleaved)",
        "≥ 5×",
        ratio >= 5,
    )


def bench_expert(content: Content, figures: Figures) -> None:
    """`simulate --strategy expert --runs 1000` with every CPU, and its budget."""
    from game.sim.search import DEFAULT_BUDGET

    jobs = max(2, default_jobs())
    print(f"\nexpert (expert:{DEFAULT_BUDGET}), 1,000 terms, {jobs} jobs", flush=True)
    wall, cpu = timed(lambda: simulate(content, 1000, "expert", seed=1, jobs=jobs))
    figures.add(
        f"simulate --strategy expert (expert:{DEFAULT_BUDGET}) --runs 1000, {jobs} jobs",
        f"{wall:.1f} s ({cpu:.0f} CPU-s: {cpu / jobs:.1f} s on {jobs} idle CPUs)",
        "< 60 s on 2 cores",
        wall < 60,
    )


WHATIF_SAVE = ROOT / "saves" / "example-quiet-term.json"  # a whole term, 20 decisions


def bench_whatif(content: Content, figures: Figures) -> None:
    """`replay --whatif` on a whole term: 200 continuations per alternative, 2 jobs, no cache."""
    from game.saves import load_save
    from game.sim.whatif import DEFAULT_RUNS, DEFAULT_STRATEGY, what_if

    session = load_save(WHATIF_SAVE, content)
    decisions = len(session.state.decisions)
    print(f"\nwhat if, {WHATIF_SAVE.name} ({decisions} decisions), 2 jobs", flush=True)
    what_if(content, session, runs=2, jobs=1)  # warm up
    wall, cpu = timed(lambda: what_if(content, session, runs=DEFAULT_RUNS, jobs=2))
    figures.add(
        f"replay --whatif, {decisions}-decision term, {DEFAULT_RUNS} continuations per "
        f"alternative ({DEFAULT_STRATEGY}), 2 jobs",
        f"{wall:.1f} s ({cpu:.1f} CPU-s: {cpu / 2:.1f} s on 2 idle CPUs)",
        "< 10 s on 2 cores",
        wall < 10,
    )


def check_command(folder: Path) -> float:
    """Wall time of `python -m game check --content FOLDER`, interpreter start-up included."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "game", "check", "--content", str(folder)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def tomli_alone(folder: Path) -> None:
    for file in content_files(folder):
        tomli.loads(file.read_bytes().decode("utf-8"))


def bench_check(bundled: Path, figures: Figures) -> None:
    print("\ncheck", flush=True)
    loaded = best_of(5, lambda: load_content(bundled))
    command = min(check_command(bundled) for _ in range(3))
    figures.add(
        "check, bundled campaign",
        f"{loaded * 1000:.0f} ms loading and checking; "
        f"{command * 1000:.0f} ms as a command (with start-up)",
    )
    with tempfile.TemporaryDirectory(prefix="article-five-synth-") as tmp:
        folder = Path(tmp)
        files = write_pack(folder, SYNTH_EVENTS)
        size = sum(f.stat().st_size for f in files) / 1e6
        loaded_pack = load_content(folder)
        errors, warnings = len(loaded_pack.errors), len(loaded_pack.warnings)
        if errors or warnings:
            print(f"  the synthetic pack has {errors} errors, {warnings} warnings; figures void")
        conditions = _conditions(loaded_pack)
        del loaded_pack  # not kept: a live pack slows the collector
        gc.collect()
        parse = best_of(3, lambda: tomli_alone(folder))
        full = best_of(3, lambda: load_content(folder))
        analysis = best_of(3, lambda: _analyse_all(conditions, folder))
        command = check_command(folder)
        figures.add(
            f"check, synthetic pack ({SYNTH_EVENTS:,} events, {len(files)} files, {size:.1f} MB)",
            f"{command:.2f} s as a command; {full:.2f} s loading and checking",
            "< 2 s",
            command < 2,
        )
        figures.add("tomli alone, same files", f"{parse:.2f} s")
        figures.add(
            "of which the interval analysis",
            f"{analysis * 1000:.0f} ms ({len(conditions):,} conditions)",
        )
        figures.add("check ÷ tomli", f"{full / parse:.1f}×", "≤ 3×", full / parse <= 3)


def _conditions(content: Content) -> list[str]:
    """Every condition of a loaded pack, as the interval analysis reads them."""
    scenario = content.scenario
    if scenario is None:
        return []
    found = [e.when for e in scenario.events] + [c.when for e in scenario.events for c in e.choices]
    found += [x.when for x in scenario.endings] + [t.when for t in scenario.transitions]
    return [expr.text for expr in found if expr is not None]


def _analyse_all(conditions: list[str], folder: Path) -> None:
    """The meaning checks' own work: ranges once, then every condition."""
    from game.content.check import _ranges
    from game.content.intervals import analyse
    from game.content.schema import CONVERTER, ScenarioDoc

    doc = CONVERTER.structure(tomli.loads((folder / "scenario.toml").read_text()), ScenarioDoc)
    ranges = _ranges(doc)
    for text in conditions:
        analyse(text, ranges)


def bench_scripts(figures: Figures) -> None:
    for name in SCRIPTS:
        script = ROOT / "benchmarks" / name
        print(f"\n{name}", flush=True)
        if not script.is_file():
            print(f"  skipped: benchmarks/{name} does not exist yet")
            figures.add(name, "not run (script absent)")
            continue
        started = time.perf_counter()
        try:
            result = subprocess.run(
                [sys.executable, str(script)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                timeout=SCRIPT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"  stopped after {SCRIPT_TIMEOUT} s")
            figures.add(name, f"timed out after {SCRIPT_TIMEOUT} s")
            continue
        for line in result.stdout.splitlines():
            if line.strip():
                figures.add(name, line.strip())
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            print(f"  exited with {result.returncode}:")
            for line in result.stderr.strip().splitlines()[-3:] or ["(no message)"]:
                print(f"    {line}")
            figures.add(name, f"failed (exit {result.returncode})")
        else:
            figures.add(name, f"ran in {seconds:.1f} s (figures above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, help="content for the simulate figures")
    parser.add_argument("--markdown", action="store_true", help="end with a Markdown table")
    parser.add_argument(
        "--only-check", action="store_true", help="only the check figures (about 15 s)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    info = machine()
    print(
        f"Article Five benchmarks, {time.strftime('%Y-%m-%d %H:%M')}\n"
        f"machine: {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"{info['system']}, load average {info['load']} at the start"
    )
    figures = Figures()
    bundled = bundled_content()
    content = load_content(args.content or bundled)
    if args.only_check:
        bench_check(bundled, figures)
    elif content.scenario is None:
        print(
            f"\nsimulate — skipped: the content has {len(content.errors)} errors "
            "(`article-five check` lists them)"
        )
        figures.add("simulate", "not run (content has errors)")
    else:
        bench_simulate(content, figures)
        bench_expert(content, figures)
    if not args.only_check:
        if content.scenario is not None and args.content is None:
            bench_whatif(content, figures)
        bench_speedup(figures)
        bench_check(bundled, figures)
        bench_scripts(figures)

    total = time.perf_counter() - started
    print(f"\nall figures in {total:.0f} s")
    if args.markdown:
        print(f"\nMachine: {info['cpus']} × {info['cpu']}, Python {info['python']}\n")
        print(figures.table())
    missed = [row[0] for row in figures.rows if row[3] is False]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
