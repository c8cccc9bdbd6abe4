"""`article-five serve`: the Textual game in a web browser, with textual-serve.

Each browser tab that opens the page starts its own game process:
textual-serve runs `python -m game.cli.cmd_serve --content DIR ... --tab ID`
(the `child_main` at the bottom of this file) with Textual's web driver and
relays its screen over a websocket (game/cli/serve_web.py). The server binds
to 127.0.0.1 unless told otherwise, and refuses requests whose Host or Origin header shows they come
from another web site (a page you visit cannot drive your game through
your browser, even by DNS rebinding).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from game.cli.common import (
    UsageError,
    add_content_option,
    content_folder,
    load_or_report,
    seed_number,
)
from game.safe_text import one_line
from game.saves.terms import TAB_ENV

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

HOST_HELP = (
    "address to listen on (default: 127.0.0.1, so only this machine can connect). "
    "Binding elsewhere, for example 0.0.0.0, exposes the game to everyone who can "
    "reach this machine: anyone there can start games and write saves"
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "serve",
        help="play in a web browser (binds to 127.0.0.1, this machine only)",
        description=(
            "Serve the game to a web browser with textual-serve. It listens on "
            "127.0.0.1 (localhost) by default, so only this machine can connect; "
            "binding to another address exposes the game to the network. "
            "Every browser tab plays its own game. Ctrl+C stops the server."
        ),
    )
    add_content_option(parser)
    parser.add_argument("--seed", type=seed_number, metavar="N", help="seed for every new game")
    parser.add_argument("--saves", metavar="DIR", help="folder for saves and autosaves")
    parser.add_argument("--host", default=DEFAULT_HOST, metavar="ADDRESS", help=HOST_HELP)
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"port to listen on (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="log every request (by default: one line per game started and ended)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, when it is not http://HOST:PORT "
        "(behind a proxy, or when --host is 0.0.0.0)",
    )


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (1 to 65535)")
    return port


def run(args: argparse.Namespace) -> int:
    folder = content_folder(args.content)
    content = load_or_report(folder)  # fail here, not in the browser
    if content is None:
        return 1
    check_saves(args.saves)
    host = check_host(args.host)
    public_url = args.public_url or f"http://{url_host(host)}:{args.port}"
    check_public_url(public_url)
    check_port_free(host, args.port)
    try:
        from game.cli import serve_web
    except ImportError:
        print(
            "article-five: error: serve needs textual-serve (pip install textual-serve)",
            file=sys.stderr,
        )
        return 1

    assert content.scenario is not None  # load_or_report returned checked content
    title = one_line(content.scenario.title)
    server = serve_web.make_server(
        child_command(folder, seed=args.seed, saves=args.saves, tab=None),
        host=host,
        port=args.port,
        title=title,
        public_url=public_url,
    )

    def command_for_tab(tab: str | None) -> str:
        return child_command(folder, seed=args.seed, saves=args.saves, tab=tab)

    def say(line: str) -> None:
        print(line, flush=True)

    app = serve_web.web_app(
        server, command_for_tab, allowed_hosts(host, args.port, public_url), public_url, say
    )
    _export_package_path()
    where = "this machine only" if is_loopback(host) else "EXPOSED to the network"
    print(f"{title}: open {public_url} in a web browser ({where}). Ctrl+C stops the server.")
    if is_unspecified(host) and args.public_url is None:
        print(
            f"Browsers on other machines need --public-url http://THIS-MACHINE:{args.port} "
            "(the address they type)."
        )
    sys.stdout.flush()
    try:
        serve_web.serve(app, host=host, port=args.port, verbose=args.verbose)
    except OSError as error:
        print(f"article-five: error: cannot serve on {host}:{args.port}: {error}", file=sys.stderr)
        return 1
    return 0


# ── checks ──────────────────────────────────────────────────────────────


def check_saves(option: str | None) -> None:
    """A bad --saves is reported here, not by every game process behind the page."""
    from game.saves import SaveError, saves_folder

    try:
        saves_folder(option)
    except SaveError as error:
        raise UsageError(f"--saves {option}: {error}") from None


def check_host(host: str) -> str:
    host = host.strip().strip("[]")
    if not host:
        raise UsageError("--host: give an address, for example 127.0.0.1")
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"--host {host}: not an address of this machine") from None
    return host


def check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--public-url {url}: give an http:// or https:// address")


def check_port_free(host: str, port: int) -> None:
    """A clear message now, rather than a traceback from the web server later."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(f"--port {port}: cannot listen on {host}:{port} ({reason})") from None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_unspecified(host: str) -> bool:
    """0.0.0.0 or ::, every address of this machine."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str, port: int, public_url: str) -> frozenset[str] | None:
    """Host headers the server answers; None (any) when bound beyond this machine."""
    public = urlsplit(public_url).netloc.lower()
    if not is_loopback(host):
        return None
    names = {url_host(name) for name in LOOPBACK_NAMES | {host.lower()}}
    hosts = {f"{name}:{port}" for name in names} | {public}
    if port == 80:  # browsers leave the default port out of the Host header
        hosts |= names
    return frozenset(hosts)


# ── the game process behind each browser tab ────────────────────────────


def child_command(folder: Path, *, seed: int | None, saves: str | None, tab: str | None) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = [sys.executable, "-m", "game.cli.cmd_serve", "--content", str(folder.resolve())]
    if tab is not None:
        argv += ["--tab", tab]
    if seed is not None:
        argv += ["--seed", str(seed)]
    if saves is not None:
        argv += ["--saves", str(Path(saves).expanduser().resolve())]
    return shlex.join(argv)


def _export_package_path() -> None:
    """Let the game processes import this very `game` package, installed or not."""
    root = str(Path(__file__).resolve().parent.parent.parent)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *paths])


def child_main(argv: Sequence[str] | None = None) -> int:
    """Run the Textual game for one browser session (Textual's web driver is set by the server)."""
    parser = argparse.ArgumentParser(prog="article-five serve (game process)")
    add_content_option(parser)
    parser.add_argument("--seed", type=seed_number)
    parser.add_argument("--saves")
    parser.add_argument("--tab", help="the browser tab (its autosaves are its own to continue)")
    args = parser.parse_args(argv)
    args.plain = False
    if args.tab is not None:
        os.environ[TAB_ENV] = args.tab  # read by game.saves.terms
    content = load_or_report(content_folder(args.content))
    if content is None:
        return 1
    from game.tui.app import run_app

    return run_app(content, args)


if __name__ == "__main__":
    raise SystemExit(child_main())
