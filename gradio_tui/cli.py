"""``gradio-tui``: the TUI with no subcommand, the headless commands of ``cli-contract.md`` with one.

Each command module adds its parsers with ``add_parsers(subparsers, common)`` and sets
``handler=`` to an ``async def (args) -> int`` returning the exit code. Errors from the core
are ``GradioTuiError`` values: one line on stderr and their exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from . import __version__
from .core.errors import GradioTuiError
from .textsafe import line

COMMANDS = ("api", "call", "export", "search", "space", "logs", "duplicate", "history")


def common_options() -> argparse.ArgumentParser:
    """Options for every command that talks to an app or the Hub."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--token", help="HF token for this target (else HF_TOKEN / the token file)")
    common.add_argument("--auth", metavar="USER:PASS",
                        help="app login (else GRADIO_USERNAME / GRADIO_PASSWORD)")
    common.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to connect, and the longest silence on a stream (default 30)")
    common.add_argument("--wait", type=float, default=300.0,
                        help="seconds to wait for a sleeping or building Space (default 300)")
    return common


def build_parser() -> argparse.ArgumentParser:
    from . import cli_app

    parser = argparse.ArgumentParser(prog="gradio-tui", description="Explore and call Gradio apps and Spaces.")
    parser.add_argument("--version", action="version", version=f"gradio-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = common_options()
    cli_app.add_parsers(sub, common)
    try:
        from . import cli_hub
    except ImportError:  # pragma: no cover - while the Hub commands are not there yet
        cli_hub = None
    if cli_hub is not None:
        cli_hub.add_parsers(sub, common)
    try:
        from . import cli_export
    except ImportError:  # pragma: no cover - while the export command is not there yet
        cli_export = None
    if cli_export is not None:
        cli_export.add_parsers(sub, common)
    return parser


def run_tui(argv: list[str]) -> int:
    tui = argparse.ArgumentParser(prog="gradio-tui", description="Explore and call Gradio apps and Spaces.")
    tui.add_argument("src", nargs="?", help="a Space id or app URL to open")
    tui.add_argument("--demo", action="store_true", help="start the bundled demo app and open it")
    tui.add_argument("--version", action="version", version=f"gradio-tui {__version__}")
    for option in common_options()._actions:
        if option.option_strings:
            tui._add_action(option)
    args = tui.parse_args(argv)
    from .tui.main import run

    return run(args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        if argv[:1] == ["--version"]:
            print(f"gradio-tui {__version__}")
            return 0
        try:
            return run_tui(argv)
        except GradioTuiError as err:
            print(f"gradio-tui: {line(str(err), 2000)}", file=sys.stderr)
            return err.exit_code
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return asyncio.run(handler(args))
    except GradioTuiError as err:
        print(f"gradio-tui: {line(str(err), 2000)}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("gradio-tui: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - a bug of ours: one line, not a traceback
        if os.environ.get("GRADIO_TUI_DEBUG"):
            raise
        print(f"gradio-tui: internal error: {type(err).__name__}: {line(str(err), 400)} "
              "(please report it; GRADIO_TUI_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
