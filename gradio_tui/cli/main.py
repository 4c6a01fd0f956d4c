"""``gradio-tui``: the TUI with no subcommand, the headless commands of ``docs/cli.md`` with one.

Each command module adds its parsers with ``add_parsers(subparsers, common)`` and sets
``handler=`` to an ``async def (args) -> int`` returning the exit code. Errors from the core
are ``GradioTuiError`` values: one line on stderr and their exit code, never a traceback; a bad
option is one line and exit 2; a reader of stdout that went away (``| head -1``) is exit 141
with nothing on stderr, as for ``cat``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, Protocol
from urllib.parse import urlsplit

from gradio_tui import (
    __version__,
    startup,  # noqa: F401 - first: keeps httpx's own CLI (click, pygments) out of every start
)
from gradio_tui.core import GradioTuiError, UsageError, line

COMMANDS = ("api", "call", "export", "search", "space", "logs", "duplicate", "history", "mcp")


EXIT_BROKEN_PIPE = 141   # 128 + SIGPIPE: what a shell reports for `cat big | head -1`'s cat


class Subcommands(Protocol):
    """What ``add_subparsers()`` returns, as the command modules use it (argparse's own class is private)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line on stderr (and exit 2), not usage + error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {line(message, 400)} (see {self.prog} --help)\n")


def seconds(text: str, *, zero: bool = False) -> float:
    """A ``--timeout``: a finite number of seconds above zero (not nan, inf, -1); ``zero``
    allows 0 too (``--wait 0``: do not wait)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text[:40]!r}") from None
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        least = "0 or more" if zero else "above 0"
        raise argparse.ArgumentTypeError(f"give a number of seconds {least}, not {text[:40]!r}")
    return value


def wait_seconds(text: str) -> float:
    return seconds(text, zero=True)


def common_options() -> argparse.ArgumentParser:
    """Options for every command that talks to an app or the Hub."""
    common = Parser(add_help=False)
    common.add_argument("--token", help="HF token for this target (else HF_TOKEN / the token file)")
    common.add_argument("--auth", metavar="USER:PASS",
                        help="app login (else GRADIO_USERNAME / GRADIO_PASSWORD)")
    common.add_argument("--timeout", type=seconds, default=30.0,
                        help="seconds to connect, for each request's whole answer, and the longest silence on a stream "
                             "(default 30)")
    common.add_argument("--wait", type=wait_seconds, default=300.0,
                        help="seconds to wait for a sleeping or building Space (default 300)")
    return common


USAGE = "gradio-tui [SRC] [--demo] [--token T] [--timeout S] [--wait S]\n       gradio-tui COMMAND ..."
TUI_USAGE = """\
Explore and call Gradio apps and Spaces.

Start the TUI:
  gradio-tui                 search the Hub for a Space, or type any app's URL
  gradio-tui SRC             open SRC: a Space id (owner/name), a Space page
                             (https://huggingface.co/spaces/owner/name) or an app
                             URL (https://owner-name.hf.space, http://127.0.0.1:7860)
  gradio-tui --demo          start the bundled demo app and open it

  A login or a token the app asks for is typed into the TUI's dialog (kept in
  memory for that app only), or read from GRADIO_USERNAME / GRADIO_PASSWORD and
  HF_TOKEN; --auth USER:PASS works too, but shows the password to ps.
  `gradio-tui SRC --help` lists the TUI's options."""


def build_parser() -> argparse.ArgumentParser:
    """The headless commands' parser (imported only when a command is run: the TUI starts without them)."""
    from gradio_tui.cli import calls as cli_app
    from gradio_tui.cli import export as cli_export
    from gradio_tui.cli import hub as cli_hub
    from gradio_tui.cli import mcp as cli_mcp

    parser = Parser(prog="gradio-tui", usage=USAGE, description=TUI_USAGE,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"gradio-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="headless commands (COMMAND --help for each)",
                                prog="gradio-tui")   # each command's prog: not the two-line usage above
    common = common_options()
    cli_app.add_parsers(sub, common)
    cli_hub.add_parsers(sub, common)
    cli_export.add_parsers(sub, common)
    cli_mcp.add_parsers(sub, common)
    return parser


def tui_parser() -> argparse.ArgumentParser:
    """``gradio-tui [SRC] [--demo]`` and the options every command that talks to an app has."""
    tui = Parser(prog="gradio-tui", description="Open the TUI on SRC (a Space id or an app URL), on the bundled "
                 "demo (--demo), or with nothing on the Hub search. `gradio-tui --help` lists the headless commands.",
                 parents=[common_options()])
    tui.add_argument("src", nargs="?", help="a Space id or app URL to open")
    tui.add_argument("--demo", action="store_true", help="start the bundled demo app and open it")
    tui.add_argument("--version", action="version", version=f"gradio-tui {__version__}")
    return tui


def run_tui(argv: list[str]) -> int:
    args = tui_parser().parse_args(argv)
    if args.src:
        check_target(args.src)
    from gradio_tui.tui.main import run

    return run(args)


def check_target(src: str) -> None:
    """SRC made sure of before the screen opens: a URL that does not parse is a usage error."""
    from gradio_tui.core import parse_target

    try:
        target = parse_target(src)
        if target.url:
            urlsplit(target.url).port   # noqa: B018 - raises for a port out of range
    except GradioTuiError:
        raise
    except ValueError as err:
        raise UsageError(f"not a valid URL: {src[:200]!r} ({err})",
                         hint="use owner/name, https://huggingface.co/spaces/owner/name or http(s)://host/path"
                         ) from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:   # a character stdout cannot encode prints as "?": never a crash, never a raw byte
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        pass
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        if argv[:1] == ["--version"]:
            return guarded(lambda: print(f"gradio-tui {__version__}") or 0)
        return guarded(lambda: run_tui(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2

    async def checked() -> int:
        src = getattr(args, "src", None)
        space = getattr(args, "id", None)      # space / logs / duplicate: an id, or a URL
        if isinstance(space, str) and space.startswith(("http://", "https://")):
            src = src or space
        if src:
            check_target(src)
        return await handler(args)
    return guarded(lambda: asyncio.run(checked()))


def guarded(run: Callable[[], int]) -> int:
    """``run()``'s exit code; any error as one line on stderr with its exit code, never a
    traceback (``GRADIO_TUI_DEBUG=1`` shows ours). A reader that went away (``| head -1``)
    ends us quietly with ``EXIT_BROKEN_PIPE``, as it ends ``cat``."""
    try:
        return run()
    except BrokenPipeError:
        return broken_pipe()
    except GradioTuiError as err:
        return complain(f"gradio-tui: {line(str(err), 2000)}", err.exit_code)
    except KeyboardInterrupt:
        return complain("gradio-tui: interrupted", 130)
    except Exception as err:
        if os.environ.get("GRADIO_TUI_DEBUG"):
            raise
        return complain(f"gradio-tui: internal error: {type(err).__name__}: {line(str(err), 400)} "
                        "(please report it; GRADIO_TUI_DEBUG=1 shows the traceback)", 1)


def complain(message: str, code: int) -> int:
    try:
        print(message, file=sys.stderr)
    except BrokenPipeError:
        return broken_pipe()
    return code


def broken_pipe() -> int:
    """Standard output's reader is gone: point it at /dev/null, so the interpreter's last
    flush cannot fail with a message on stderr either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):   # no real stdout (tests capture it)
        pass
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
