"""The Textual game's figures (issue 5), measured in one run and printed.

1. Start-up: wall time from process start to the first frame of the title
   screen (Textual's Ready event), with the game started the way a player
   starts it (`python -m game` on a pseudo-terminal of 80×24), as a ratio
   to a minimal Textual app that shows one label, started the same way.
   Both are run alternately, RUNS times each; the medians are compared.
   The game loads and checks its content before the UI starts; the time
   the command line takes up to the UI is shown on its own too.
2. Latency: the median time from a choice key arriving to the consequences
   being rendered (the compositor's frame turned into terminal output),
   over a whole term of the bundled campaign played headlessly, with the
   autosave after every decision running as in the game.
3. Peak RSS of the process that played that term, after the term.
4. The latency's anchor: a bare Textual app at 80×24 whose key swaps the text
   of a Markdown body and of five labels, timed the same way (key arrives to
   frame written), in a process of its own. The game's latency is given as a
   ratio to it; the anchor and the term run alternately, ROUNDS times, and the
   fastest median of each is kept.

Usage: python benchmarks/tui_bench.py [--runs N] [--seed N] [--content DIR]
Targets: start-up ≤ 1.6×, latency ≤ 30 ms and ≤ 1.5× the anchor, peak RSS ≤ 90 MiB. Nothing here
asserts; the figures are printed (and with --json, printed as JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import compileall
import fcntl
import json
import os
import pty
import random
import resource
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READY_FD = "A5_BENCH_READY_FD"

MINIMAL_APP = """
import os
from textual.app import App
from textual.widgets import Label

class Hello(App):
    def compose(self):
        yield Label("Hello")

    def on_ready(self):
        os.write(int(os.environ["A5_BENCH_READY_FD"]), b"ready")
        self.exit()

Hello().run()
"""

# The game started the way `python -m game` starts it; only the Ready handler is
# replaced, in the App class as the game imports it (importing it up front would
# change the order in which the game sets itself up).
GAME_APP = """
import os, runpy, sys
from importlib.util import find_spec

def ready(self, *args):
    os.write(int(os.environ["A5_BENCH_READY_FD"]), b"ready")
    self.exit()

class AddReady:
    def find_spec(self, name, path=None, target=None):
        if name != "game.tui.app":
            return None
        sys.meta_path.remove(self)
        spec = find_spec(name)
        run_module = spec.loader.exec_module

        def exec_module(module):
            run_module(module)
            module.ArticleFiveApp.on_ready = ready

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, AddReady())
runpy.run_module("game", run_name="__main__", alter_sys=True)
"""

# What the command line does before the TUI starts: parse, import, load the content.
BEFORE_TUI = """
import os, sys, types

def run_app(content, args):
    os.write(int(os.environ["A5_BENCH_READY_FD"]), b"ready")
    return 0

stand_in = types.ModuleType("game.tui.app")  # the TUI itself is not started
stand_in.run_app = run_app
sys.modules["game.tui.app"] = stand_in
from game.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


def time_to_ready(code: str, args: list[str]) -> float:
    """Seconds from spawning `python -c code args` on a pty until it reports its first frame."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    ready_read, ready_write = os.pipe()
    env = {**os.environ, READY_FD: str(ready_write), "TERM": "xterm-256color"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        pass_fds=(ready_write,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(ready_write)
    elapsed: float | None = None
    try:
        while True:
            readable, _, _ = select.select([master, ready_read], [], [], 30)
            if not readable:
                raise RuntimeError("no first frame within 30 s")
            if ready_read in readable and elapsed is None and os.read(ready_read, 16):
                elapsed = time.perf_counter() - start
            if master in readable:
                try:
                    if not os.read(master, 65536):
                        break
                except OSError:  # the child closed the terminal
                    break
            if elapsed is not None and child.poll() is not None:
                break
    finally:
        child.wait(timeout=30)
        os.close(master)
        os.close(ready_read)
    if elapsed is None:
        raise RuntimeError(f"the app exited ({child.returncode}) before its first frame")
    return elapsed


def scratch(prefix: str) -> str:
    """A temporary folder, removed when the benchmark exits."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, True)
    return folder


def compile_bytecode() -> None:
    """Compile the game's bytecode, as installing it does (Textual's is compiled too).

    A checkout run with PYTHONDONTWRITEBYTECODE set (as on CI) would otherwise
    compile every game module from source on every start.
    """
    compileall.compile_dir(ROOT / "game", quiet=1)


def startup(runs: int, content: str | None) -> dict[str, Any]:
    compile_bytecode()
    saves = scratch("a5-bench-saves-")
    args = ["--seed", "1", "--saves", saves]
    if content:
        args += ["--content", content]
    minimal: list[float] = []
    game: list[float] = []
    before_tui: list[float] = []
    time_to_ready(MINIMAL_APP, [])  # warm the file cache for all of them
    time_to_ready(GAME_APP, args)
    time_to_ready(BEFORE_TUI, args)
    for _ in range(runs):
        minimal.append(time_to_ready(MINIMAL_APP, []))
        game.append(time_to_ready(GAME_APP, args))
        before_tui.append(time_to_ready(BEFORE_TUI, args))
    median = statistics.median
    return {
        "minimal_ms": median(minimal) * 1000,
        "game_ms": median(game) * 1000,
        "ratio": median(game) / median(minimal),
        "before_tui_ms": median(before_tui) * 1000,
        "runs": runs,
    }


class FrameWatch:
    """Wraps an app's frame output: `shown` is set by the first frame written once
    `arm()` was called and `ready()` holds — the frame a player would see.

    It wraps the app's private `_display` because no public hook reports a frame
    as written; this is the benchmark's instrument only, never the game's code.
    """

    def __init__(self, app: Any, ready: Any = lambda: True) -> None:
        self.app, self.ready = app, ready
        self.shown = asyncio.Event()
        self.armed = False
        self.original = app._display
        app._display = self.display

    def arm(self) -> None:
        self.armed = True

    def display(self, screen: Any, renderable: Any) -> None:
        self.original(screen, renderable)
        if renderable is None:
            return
        renderable.render_segments(self.app.console)  # what a terminal driver would write
        if self.armed and self.ready():
            self.armed = False
            self.shown.set()

    async def time_key(self, key: str, *, arm: bool) -> tuple[float, float]:
        """Send `key` as a terminal would; (wall, main-thread CPU) seconds to the frame."""
        from textual import events

        self.shown.clear()
        if arm:
            self.arm()
        start, start_cpu = time.perf_counter(), time.thread_time()
        assert self.app._driver is not None
        self.app._driver.send_message(events.Key(key, key))
        await asyncio.wait_for(self.shown.wait(), timeout=10)
        return time.perf_counter() - start, time.thread_time() - start_cpu


async def play_term(content_dir: str | None, seed: int) -> dict[str, Any]:
    """Play one whole term headlessly; time every choice key to its consequences' frame."""
    from game.cli.common import content_folder
    from game.content.load import load_content
    from game.engine.step import options
    from game.tui.app import ArticleFiveApp
    from game.tui.screens.game import GameScreen

    content = load_content(content_folder(content_dir))
    if content.scenario is None:
        raise SystemExit("the content has errors: run article-five check")
    scenario = content.scenario
    saves = Path(scratch("a5-bench-"))
    app = ArticleFiveApp(content, saves=saves, seed=seed, owns_process=True)  # as run_app makes it
    watch = FrameWatch(
        app, lambda: isinstance(app.screen, GameScreen) and app.screen.view == "consequences"
    )
    picker = random.Random(seed)
    latencies: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        while isinstance(app.screen, GameScreen):
            screen = app.screen
            offered = options(scenario, screen.session.state)
            numbers = [i for i, o in enumerate(offered, start=1) if o.available]
            wall, thread = await watch.time_key(str(picker.choice(numbers)), arm=True)
            latencies.append(wall)
            cpu.append(thread)
            await pilot.press("enter")
            await pilot.pause()
        await app.workers.wait_for_complete()
        ending = app.screen.session.state.ending if hasattr(app.screen, "session") else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "decisions": len(latencies),
        "median_ms": statistics.median(latencies) * 1000,
        "p90_ms": sorted(latencies)[int(len(latencies) * 0.9)] * 1000,
        "max_ms": max(latencies) * 1000,
        "median_cpu_ms": statistics.median(cpu) * 1000,
        "peak_rss_mib": peak,
        "ending": ending,
    }


ANCHOR_TEXTS = [
    "## An event\n\n" + " ".join(["The minister reads the cable twice."] * 12) + "\n\n" + text
    for text in ("A first paragraph of the answer.", "Another paragraph, of another length.")
]


async def anchor_latency(keys: int) -> dict[str, Any]:
    """A bare Textual app: each key swaps a Markdown body and five labels; time key to frame."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import Label, Markdown

    class Anchor(App[None]):
        turn = 0

        def compose(self) -> ComposeResult:
            for n in range(5):
                yield Label(f"label {n}", id=f"label-{n}")
            yield Markdown(ANCHOR_TEXTS[0])

        async def on_key(self, event: events.Key) -> None:
            self.turn += 1
            for n in range(5):
                self.query_one(f"#label-{n}", Label).update(f"label {n}: {self.turn}")
            await self.query_one(Markdown).update(ANCHOR_TEXTS[self.turn % 2])
            watch.arm()  # the key's changes are all made: the next frame shows them

    app = Anchor()
    watch = FrameWatch(app)
    latencies: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(keys):
            wall, thread = await watch.time_key("x", arm=False)
            latencies.append(wall)
            cpu.append(thread)
            await pilot.pause()
    return {
        "keys": keys,
        "median_ms": statistics.median(latencies) * 1000,
        "median_cpu_ms": statistics.median(cpu) * 1000,
    }


def in_child(flag: str, content: str | None, seed: int) -> dict[str, Any]:
    """One measurement in a fresh process (`flag`: --term-only or --anchor-only)."""
    command = [sys.executable, __file__, flag, "--seed", str(seed)]
    if content:
        command += ["--content", content]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def latency_against_anchor(content: str | None, seed: int, rounds: int) -> dict[str, Any]:
    """The term and the anchor alternately, `rounds` times each; the fastest median of each."""
    terms, anchors = [], []
    for _ in range(rounds):
        anchors.append(in_child("--anchor-only", content, seed))
        terms.append(in_child("--term-only", content, seed))
    term = min(terms, key=lambda t: t["median_ms"])
    anchor = min(a["median_ms"] for a in anchors)
    term_cpu = min(t["median_cpu_ms"] for t in terms)
    anchor_cpu = min(a["median_cpu_ms"] for a in anchors)
    return {
        "term": term,
        "anchor_ms": anchor,
        "ratio": term["median_ms"] / anchor,
        "anchor_cpu_ms": anchor_cpu,
        "cpu_ratio": term_cpu / anchor_cpu,
        "rounds": rounds,
        "peak_rss_mib": max(t["peak_rss_mib"] for t in terms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app (default 7)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the benchmarked term")
    parser.add_argument("--content", help="content folder (default: the bundled campaign)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--rounds", type=int, default=3, help="latency rounds (default 3)")
    parser.add_argument("--latency-only", action="store_true", help="skip the start-up figure")
    parser.add_argument("--term-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--anchor-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.term_only:
        print(json.dumps(asyncio.run(play_term(args.content, args.seed))))
        return 0
    if args.anchor_only:
        print(json.dumps(asyncio.run(anchor_latency(keys=40))))
        return 0
    start = None if args.latency_only else startup(args.runs, args.content)
    latency = latency_against_anchor(args.content, args.seed, args.rounds)
    term = latency["term"]
    if args.json:
        print(json.dumps({"startup": start, "latency": latency}, indent=2))
        return 0
    if start is not None:
        print(
            f"start-up to the first title frame: {start['game_ms']:.0f} ms vs "
            f"{start['minimal_ms']:.0f} ms for a one-label Textual app: "
            f"{start['ratio']:.2f}x (target <= 1.6x; medians of {start['runs']} runs each)"
        )
        print(
            f"  of which {start['before_tui_ms']:.0f} ms is the process and the command line "
            "before the TUI starts (imports, loading and checking the content)"
        )
    print(
        f"choice key to consequences rendered: median {term['median_ms']:.1f} ms, "
        f"90th percentile {term['p90_ms']:.1f} ms, worst {term['max_ms']:.1f} ms "
        f"over {term['decisions']} decisions of a whole term (target median <= 30 ms); "
        f"the main thread's CPU time in it: median {term['median_cpu_ms']:.1f} ms"
    )
    print(
        f"  against the anchor (a bare Textual app swapping a Markdown body and five labels "
        f"on a key): {latency['anchor_ms']:.1f} ms, so the game takes {latency['ratio']:.2f}x "
        f"(target <= 1.5x; fastest median of {latency['rounds']} alternating rounds each); "
        f"in main-thread CPU time {latency['anchor_cpu_ms']:.1f} ms, {latency['cpu_ratio']:.2f}x "
        "(the figure to trust on a loaded machine)"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(
        f"peak RSS after the term: {term['peak_rss_mib']:.1f} MiB (target <= 90 MiB); "
        f"the term ended: {term['ending']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
