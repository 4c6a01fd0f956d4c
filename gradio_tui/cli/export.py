"""``gradio-tui export SRC API_NAME [ARGS] … --lang curl|python|js`` (``docs/cli.md``).

Prints the snippet of a call without running it. It still reads the app's schema (an
unreachable app is exit 3) and validates the arguments like ``call`` does (exit 2), because a
snippet is only worth printing for a call the app would accept.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from gradio_tui.cli.calls import add_call_arguments, connect_for, parse_call_values, parse_event_data, stage_printer
from gradio_tui.core import LANGS, render

if TYPE_CHECKING:
    from gradio_tui.cli.main import Subcommands


def add_parsers(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    export = sub.add_parser("export", parents=[common],
                            help="print a curl, Python or JavaScript snippet of a call (without running it)")
    add_call_arguments(export)
    export.add_argument("--lang", required=True, choices=LANGS, help="the snippet's language")
    export.set_defaults(handler=cmd_export)


async def cmd_export(args: argparse.Namespace) -> int:
    positional, kwargs = parse_call_values(args)
    event_data = parse_event_data(args)
    session = await connect_for(args, stage_printer(False, time.monotonic()))
    async with session:
        record = session.plan(args.api_name, positional, kwargs, allow_private=args.allow_private,
                              event_data=event_data)
    print(render(record, args.lang), end="")
    return 0


__all__ = ["add_parsers", "cmd_export"]
