"""`article-five serve` without a browser: options, errors, and the request guard."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.cli.cmd_serve import allowed_hosts, child_command, is_loopback, url_host

aiohttp = pytest.importorskip("aiohttp", reason="aiohttp comes with textual-serve; not installed")

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "tests" / "packs" / "harbour"
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|.)")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(tmp_path: Path) -> Iterator[str]:
    with server_process(tmp_path) as (where, _):
        yield where


@contextlib.contextmanager
def server_process(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "game", "serve", "--port", str(port), "--content", str(HARBOUR),
        "--saves", str(tmp_path / "saves"), "--seed", "7",
    ]  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            assert time.monotonic() < deadline, "serve did not start listening"
            time.sleep(0.1)
        yield f"127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# ── the command line ─────────────────────────────────────────────────────


def test_help_says_it_binds_to_localhost_and_warns_about_exposure() -> None:
    result = cli("serve", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "127.0.0.1" in text
    assert "only this machine can connect" in text
    assert "exposes the game" in text
    assert "--port" in text and "default: 8000" in text
    assert "127.0.0.1, this machine only" in " ".join(cli("--help").stdout.split())


@pytest.mark.parametrize("port", ["0", "70000", "eighty", "-1"])
def test_a_bad_port_is_a_one_line_usage_error(port: str) -> None:
    result = cli("serve", "--port", port)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_a_one_line_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = cli("serve", "--port", port, "--content", str(HARBOUR))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"article-five: error: --port {port}: cannot listen on 127.0.0.1:")


def test_an_unknown_host_is_a_one_line_usage_error() -> None:
    result = cli("serve", "--host", "no-such-host.invalid", "--content", str(HARBOUR))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "--host no-such-host.invalid" in line


def test_a_bad_public_url_is_a_usage_error() -> None:
    result = cli("serve", "--public-url", "ftp://x", "--content", str(HARBOUR))
    assert result.returncode == 2
    assert "--public-url" in result.stderr


def test_a_file_as_saves_folder_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    result = cli("serve", "--saves", str(blocker), "--content", str(HARBOUR))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("article-five: error: --saves ")


def test_bad_content_fails_before_serving(tmp_path: Path) -> None:
    (tmp_path / "scenario.toml").write_text("id = \n")
    result = cli("serve", "--content", str(tmp_path), "--port", str(free_port()))
    assert result.returncode == 1
    assert "scenario.toml:1" in result.stderr
    assert "Traceback" not in result.stderr


# ── pure helpers ─────────────────────────────────────────────────────────


def test_loopback_binding_answers_only_loopback_names() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert hosts is not None
    assert {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"} <= hosts
    assert "evil.example:8000" not in hosts
    assert allowed_hosts("0.0.0.0", 8000, "http://0.0.0.0:8000") is None


def test_addresses() -> None:
    assert is_loopback("localhost") and is_loopback("127.0.0.1") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert url_host("::1") == "[::1]"


def test_the_game_process_command_is_quoted_with_absolute_paths(tmp_path: Path) -> None:
    folder = tmp_path / "a pack; rm -rf x"
    command = child_command(folder, seed=3, saves="saves dir", tab="0123abcd")
    assert command.startswith(sys.executable)
    assert "-m game.cli.cmd_serve" in command
    assert f"'{folder.resolve()}'" in command
    assert "--seed 3" in command
    assert f"'{Path('saves dir').resolve()}'" in command
    assert "--tab 0123abcd" in command


# ── the running server ───────────────────────────────────────────────────


async def test_the_page_and_the_game_are_served_over_loopback(tmp_path: Path) -> None:
    with serving(tmp_path) as where:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{where}/") as reply:
                assert reply.status == 200
                assert "<title>Harbour Master</title>" in await reply.text()
            screen = ""
            url = f"ws://{where}/ws?width=100&height=30"
            async with http.ws_connect(url, headers={"Origin": f"http://{where}"}) as ws:
                deadline = time.monotonic() + 30
                while "HARBOUR MASTER" not in screen and time.monotonic() < deadline:
                    message = await ws.receive(timeout=30)
                    if message.type == aiohttp.WSMsgType.BINARY:
                        screen += ANSI.sub("", message.data.decode("utf-8", "replace"))
            assert "HARBOUR MASTER" in screen


async def test_other_host_names_and_cross_site_websockets_are_refused(tmp_path: Path) -> None:
    with serving(tmp_path) as where:
        port = where.rsplit(":", 1)[1]
        async with aiohttp.ClientSession() as http:
            # DNS rebinding: a page on evil.example resolved to 127.0.0.1
            headers = {"Host": f"evil.example:{port}"}
            async with http.get(f"http://{where}/", headers=headers) as reply:
                assert reply.status == 403
            async with http.get(f"http://localhost:{port}/") as reply:
                assert reply.status == 200
            # Any page may open a websocket to localhost; the Origin header gives it away.
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(
                    f"ws://{where}/ws", headers={"Origin": "https://evil.example"}
                )
            assert refused.value.status == 403


# ── the page, and games that outlive a key press but not the server ──────

URL = re.compile(
    r"""(?:src|href)\s*=\s*["']([^"']+)|url\(["']?([^"')]+)|((?:https?|wss?)://[^\s"'<>]+)"""
)


async def test_the_page_loads_nothing_from_elsewhere_and_has_a_title_and_icon(
    tmp_path: Path,
) -> None:
    with serving(tmp_path) as where:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{where}/") as reply:
                page = await reply.text()
            assert "<title>Harbour Master</title>" in page
            urls = [next(u for u in found if u) for found in URL.findall(page)]
            assert urls, "no URL found in the page: has the pattern gone stale?"
            for url in urls:
                assert url.split("://", 1)[-1].startswith(where) or "://" not in url, url
            assert "googleapis" not in page and "@import" not in page
            async with http.get(f"http://{where}/favicon.ico") as reply:
                assert reply.status == 200
                assert reply.content_type == "image/svg+xml"


class Tab:
    """A browser tab without a browser: the game's websocket, its screen as text."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.screen = ""

    async def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never shown; last: {self.screen[-400:]!r}"
            message = await self.ws.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += ANSI.sub("", message.data.decode("utf-8", "replace"))
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"the game ended while waiting for {text!r}")

    async def press(self, keys: str) -> None:
        self.screen = ""
        await self.ws.send_json(["stdin", keys])


@contextlib.asynccontextmanager
async def open_tab(http: Any, where: str, tab: str) -> Any:
    url = f"ws://{where}/ws/{tab}?width=120&height=40"
    async with http.ws_connect(url, headers={"Origin": f"http://{where}"}) as ws:
        page = Tab(ws)
        await page.wait_for("HARBOUR MASTER")
        yield page


async def test_ctrl_c_in_a_served_game_does_not_end_it(tmp_path: Path) -> None:
    with serving(tmp_path) as where:
        async with aiohttp.ClientSession() as http, open_tab(http, where, "c0ffee00") as tab:
            await tab.press("\x03")  # what the browser sends for Ctrl+C
            await asyncio.sleep(1.0)
            assert not tab.ws.closed
            await tab.press("n")
            await tab.wait_for("Send the boats out")


async def test_stopping_the_server_ends_two_games_within_2_s_both_autosaved(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    with server_process(tmp_path) as (where, process):
        async with (
            aiohttp.ClientSession() as http,
            open_tab(http, where, "aaaa0001") as one,
            open_tab(http, where, "bbbb0002") as two,
        ):
            for tab in (one, two):
                await tab.press("n")
                await tab.wait_for("Send the boats out")
                await tab.press("1")
                await tab.wait_for("Catch rose")
            await wait_until(lambda: len(list(saves.glob("autosave-*.json"))) >= 2)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(process.wait, 10)
            stopped = time.monotonic() - started
    log = (tmp_path / "serve.log").read_text()
    assert stopped < 2.0, f"stopping took {stopped:.2f} s:\n{log}"
    assert "2 games closed" in log, log
    from game.saves import latest_autosave

    for tab in ("aaaa0001", "bbbb0002"):
        info = latest_autosave(saves, tab)
        assert info is not None and info.decisions == 1, (tab, info)
    print(f"server stopped in {stopped:.2f} s with two games open")


async def wait_until(done: Any, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
