"""The web application behind `article-five serve`, built from textual-serve's public parts.

textual-serve's `Server` renders the page (from the game's own template,
game/cli/serve_page/) and serves downloads; `AppService` runs one game
process per browser tab and relays its screen. The aiohttp application that
holds them is ours, so that it can:

- refuse requests from other web sites (`guard`);
- start each tab's game with the tab's id, so that Continue offers the tab's
  own term (game/saves/terms.py);
- end every game within two seconds when the server stops (each autosaves on
  its way out) and say how many it closed;
- log one line per game started and ended (`--verbose` logs every request).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.web_log import AccessLogger
from textual_serve.app_service import AppService
from textual_serve.server import Server

from game.words import counted

PAGE = Path(__file__).resolve().parent / "serve_page"
TAB = re.compile(r"[0-9a-f]{8,32}")  # the page's per-tab id (serve_page/app_index.html)
STOP_SECONDS = 1.2  # how long the games get to autosave and end when the server stops
HEARTBEAT_SECONDS = 15.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Say = Callable[[str], None]


def make_server(command: str, *, host: str, port: int, title: str, public_url: str) -> Server:
    """textual-serve's Server, with the game's page template."""
    return Server(
        command, host=host, port=port, title=title, public_url=public_url, templates_path=PAGE
    )


def web_app(
    server: Server,
    command_for_tab: Callable[[str | None], str],
    hosts: frozenset[str] | None,
    public_url: str,
    say: Say,
) -> web.Application:
    games = Games(server, command_for_tab, say)
    app = web.Application(middlewares=[guard(hosts, public_url)])
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(server.templates_path))
    app.add_routes(
        [
            web.get("/", server.handle_index, name="index"),
            web.get("/ws", games.play, name="websocket"),  # the page adds "/TAB"
            web.get("/ws/{tab}", games.play),
            web.get("/download/{key}", server.handle_download, name="download"),
            web.get("/favicon.ico", favicon),
            web.static("/static", server.statics_path, name="static"),
        ]
    )

    async def close_games(app: web.Application) -> None:
        closed = await games.stop_all()
        say(f"Server stopped: {counted(closed, 'game')} closed (every decision is autosaved).")

    app.on_shutdown.append(close_games)
    return app


def serve(app: web.Application, *, host: str, port: int, verbose: bool) -> None:
    """Run until SIGINT or SIGTERM, then close every game (STOP_SECONDS at most)."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    web.run_app(
        app,
        host=host,
        port=port,
        print=None,
        shutdown_timeout=STOP_SECONDS,
        access_log=logging.getLogger("aiohttp.access") if verbose else None,
        access_log_class=AccessLogger,
        handle_signals=True,
    )


async def favicon(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGE / "favicon.svg", headers={"Content-Type": "image/svg+xml"})


def guard(hosts: frozenset[str] | None, public_url: str) -> Any:
    """Refuse requests for other host names (DNS rebinding) and cross-site websockets."""
    public = urlsplit(public_url).netloc.lower()

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        host = (request.host or "").lower()
        if hosts is not None and host not in hosts:
            return web.Response(status=403, text="This server only answers to localhost.\n")
        origin = request.headers.get("Origin")
        if (request.path == "/ws" or request.path.startswith("/ws/")) and origin is not None:
            parts = urlsplit(origin)
            site = parts.netloc.lower()
            same = site in (host, public) or (hosts is not None and site in hosts)
            if parts.scheme not in ("http", "https") or not same:
                return web.Response(status=403, text="Cross-site websocket refused.\n")
        return await handler(request)

    return check


class Games:
    """The game processes, one per open tab."""

    def __init__(self, server: Server, command_for_tab: Callable[[str | None], str], say: Say):
        self.server = server
        self.command_for_tab = command_for_tab
        self.say = say
        self.live: dict[int, AppService] = {}
        self.started = 0

    async def play(self, request: web.Request) -> web.StreamResponse:
        """A browser tab's websocket: its own game process, its screen relayed."""
        tab = request.match_info.get("tab")
        if tab is not None and not TAB.fullmatch(tab):
            return web.Response(status=400, text="Not a tab id.\n")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_SECONDS)
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command_for_tab(tab),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.server.download_manager,
        )
        self.started += 1
        number = self.started
        self.live[number] = service
        began = time.monotonic()
        self.say(f"game {number} started{f' (tab {tab[:8]})' if tab else ''}")
        try:
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await relay(websocket, service)
        finally:
            await service.stop()
            self.live.pop(number, None)
            self.say(f"game {number} ended after {_duration(time.monotonic() - began)}")
        return websocket

    async def stop_all(self) -> int:
        """Ask every game to end (each autosaves as it leaves); wait STOP_SECONDS at most."""
        services = list(self.live.values())
        if services:
            await asyncio.wait(
                [asyncio.create_task(service.stop()) for service in services],
                timeout=STOP_SECONDS,
            )
        return len(services)


async def relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """The page's messages to the game process: keys, size, focus; pings answered."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = message.json()
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int):
                await service.set_terminal_size(width, height)
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _size(request: web.Request, key: str, default: int) -> int:
    try:
        return max(1, min(1000, int(request.query.get(key, default))))
    except ValueError:
        return default


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"
