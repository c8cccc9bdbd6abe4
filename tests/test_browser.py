"""The game in a web browser: `article-five serve` driven by headless Chromium.

The test starts `serve` on a free loopback port, opens the page in Debian's
`chromium` (found on PATH or in ARTICLE_FIVE_CHROMIUM; `.ci/run` installs
it; without it the test is skipped, saying so), waits for the title screen,
presses keys to start a term and make a choice, and reads the screen back.

It talks to Chromium over the DevTools protocol with aiohttp (already a
dependency of textual-serve), so it needs no browser-automation package and
never downloads a browser. textual-serve draws the terminal on a canvas, so
the page has no text in its DOM: a small script, added before the page
loads, keeps a reference to the page's xterm.js terminal, and the test reads
the visible rows through xterm.js's public buffer API. Keys are real key
events (`Input.dispatchKeyEvent`) sent to the focused terminal.

A screenshot and the screen's text are saved in tests/artifacts/.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

aiohttp = pytest.importorskip("aiohttp", reason="aiohttp comes with textual-serve; not installed")

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "tests" / "packs" / "harbour"
ARTIFACTS = ROOT / "tests" / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
START_TIMEOUT = 60.0  # a cold Chromium and the first game process in CI
STEP_TIMEOUT = 30.0

# Keep the page's xterm.js Terminal: textual.js stores it as `this.terminal`,
# and a one-shot setter on Object.prototype sees that assignment, then removes itself.
HOOK = r"""
(() => {
  const key = "terminal";
  Object.defineProperty(Object.prototype, key, {
    configurable: true,
    get() { return undefined; },
    set(value) {
      const own = {value, writable: true, configurable: true, enumerable: true};
      Object.defineProperty(this, key, own);
      try {
        if (!window.__articleFiveTerminal && value && value.buffer && value.buffer.active) {
          window.__articleFiveTerminal = value;
          delete Object.prototype[key];
        }
      } catch (error) {}
    },
  });
})();
"""

SCREEN = r"""
(() => {
  const term = window.__articleFiveTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\n");
})()
"""

KEYS: dict[str, tuple[str, int, str]] = {  # key: (code, virtual key code, text)
    "Enter": ("Enter", 13, "\r"),
    "Escape": ("Escape", 27, ""),
    **{d: (f"Digit{d}", 48 + int(d), d) for d in "0123456789"},
    **{c: (f"Key{c.upper()}", ord(c.upper()), c) for c in "abcdefghijklmnopqrstuvwxyz"},
}


# ── processes ────────────────────────────────────────────────────────────


def find_chromium() -> str | None:
    explicit = os.environ.get("ARTICLE_FIVE_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes], first: int = signal.SIGINT) -> None:
    if process.poll() is None:
        process.send_signal(first)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "no Chromium found (looked for " + ", ".join(BROWSERS) + " on PATH and "
            "ARTICLE_FIVE_CHROMIUM): install Debian's chromium package to run the browser test"
        )
    return found


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`article-five serve` on a free loopback port, playing the harbour pack."""
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    command = [
        sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--content", str(HARBOUR), "--saves", str(tmp_path / "saves"), "--seed", "7",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                log.flush()
                pytest.fail(f"serve exited early:\n{(tmp_path / 'serve.log').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            if time.monotonic() > deadline:
                pytest.fail("serve did not start listening within a minute")
            time.sleep(0.1)
        yield url
    finally:
        stop(process)
        log.close()


@contextlib.asynccontextmanager
async def launch(binary: str) -> AsyncIterator[str]:
    """Headless Chromium with a fresh profile; yields its DevTools HTTP address."""
    profile = Path(tempfile.mkdtemp(prefix="article-five-chromium-"))
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--mute-audio", f"--user-data-dir={profile}",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=1280,800", "about:blank",
    ]  # fmt: skip
    process = subprocess.Popen([binary, *flags], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (active.is_file() and active.read_text().strip()):
            if process.poll() is not None:
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                pytest.fail(f"chromium exited with {process.returncode}:\n{error[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("chromium did not open its DevTools port within a minute")
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{active.read_text().split()[0]}"
    finally:
        stop(process, signal.SIGTERM)
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """One browser tab over the DevTools protocol: evaluate, press keys, read the screen."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        ident = self.next_id
        await self.socket.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.socket.receive_json(), STEP_TIMEOUT)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        reply = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"page script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    async def screen(self) -> str:
        return str(await self.evaluate(SCREEN) or "")

    async def wait_for(self, *texts: str, timeout: float = STEP_TIMEOUT) -> str:
        """The screen's text once it shows every one of `texts` (in any letter case)."""
        deadline = time.monotonic() + timeout
        while True:
            text = await self.screen()
            if all(t.casefold() in text.casefold() for t in texts):
                return text
            if time.monotonic() > deadline:
                found = await self.evaluate("Boolean(window.__articleFiveTerminal)")
                where = "" if found else " (no xterm.js terminal found: has textual-serve changed?)"
                raise AssertionError(f"{texts} not on screen{where}; the screen shows:\n{text}")
            await asyncio.sleep(0.1)

    async def press(self, key: str) -> None:
        code, virtual, text = KEYS[key]
        down: dict[str, Any] = {"key": key, "code": code, "windowsVirtualKeyCode": virtual}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **down)

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))


@contextlib.asynccontextmanager
async def open_page(devtools: str, url: str) -> AsyncIterator[Page]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{devtools}/json/list") as reply:
            targets = await reply.json()
        target = next(t for t in targets if t.get("type") == "page")
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            page = Page(ws)
            await page.call("Page.enable")
            await page.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
            await page.call("Emulation.setFocusEmulationEnabled", enabled=True)
            await page.call("Page.navigate", url=url)
            yield page


# ── the test ─────────────────────────────────────────────────────────────

PAGE_FACTS = r"""
(async () => ({
  title: document.title,
  focused: document.activeElement === document.querySelector("#terminal textarea"),
  resources: performance.getEntriesByType("resource").map((entry) => entry.name),
  origin: location.origin,
  icon: (await fetch(document.querySelector("link[rel=icon]").href)).status,
}))()
"""


async def check_the_page(page: Page) -> None:
    """The game's own page: a title, an icon, nothing fetched from elsewhere, keys to the game."""
    reply = await page.call(
        "Runtime.evaluate", expression=PAGE_FACTS, returnByValue=True, awaitPromise=True
    )
    facts = reply["result"]["value"]
    assert facts["title"] == "Harbour Master"
    assert facts["icon"] == 200
    assert facts["resources"], "no resources seen: has the page changed?"
    assert all(url.startswith(facts["origin"]) for url in facts["resources"]), facts
    deadline = time.monotonic() + STEP_TIMEOUT
    while not facts["focused"]:
        assert time.monotonic() < deadline, "the terminal never got the keyboard focus"
        await asyncio.sleep(0.1)
        facts["focused"] = await page.evaluate(
            'document.activeElement === document.querySelector("#terminal textarea")'
        )


async def test_a_term_starts_and_a_choice_is_made_in_the_browser(
    chromium: str, server: str
) -> None:
    timings: dict[str, float] = {}
    started = time.monotonic()
    async with launch(chromium) as devtools, open_page(devtools, server) as page:
        try:
            await page.wait_for("Harbour Master", "New term", timeout=START_TIMEOUT)
            timings["title screen"] = time.monotonic() - started
            await check_the_page(page)

            mark = time.monotonic()  # no click, no focus(): the page gave the game the keys
            await page.press("n")
            event = await page.wait_for("The new harbour master", "Send the boats out")
            timings["new term"] = time.monotonic() - mark
            assert "Q2 1890" in event
            assert "Mend the wall" in event

            mark = time.monotonic()
            await page.press("1")
            after = await page.wait_for("Catch rose by 5 to 25: Boats at sea catch fish.")
            timings["a choice"] = time.monotonic() - mark
            assert "Send the boats out" in after

            # Restart reloads the page: the keys go to the new game at once, and
            # Continue offers this tab's own term.
            await asyncio.sleep(1.0)  # the autosave is written in a worker thread
            await page.call("Page.reload")
            title = await page.wait_for("Harbour Master", "Continue", timeout=START_TIMEOUT)
            assert "1 decision" in title
            await check_the_page(page)
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(ARTIFACTS / "browser-failure.png")
            (ARTIFACTS / "browser-failure.txt").write_text(await page.screen())
            raise
        await page.screenshot(ARTIFACTS / "browser-after-choice.png")
        (ARTIFACTS / "browser-after-choice.txt").write_text(after)
    timings["total"] = time.monotonic() - started
    rounded = {name: round(seconds, 2) for name, seconds in timings.items()}
    (ARTIFACTS / "browser-timings.json").write_text(json.dumps(rounded, indent=2) + "\n")
    assert (ARTIFACTS / "browser-after-choice.png").stat().st_size > 1000
