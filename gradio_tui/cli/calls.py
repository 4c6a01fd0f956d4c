"""The headless ``api`` and ``call`` commands (``docs/cli.md``), over the core."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
from typing import TYPE_CHECKING, Any

from gradio_tui.cli.view_api import view_api
from gradio_tui.core import LANGS as EXPORT_LANGS
from gradio_tui.core import (
    ArgumentError,
    Event,
    FilePaths,
    GradioTuiError,
    Session,
    StageEvent,
    UsageError,
    cli_summary,
    json_text,
    line,
    number,
    plain,
)

if TYPE_CHECKING:
    from gradio_tui.cli.main import Subcommands


def add_call_arguments(parser: argparse.ArgumentParser) -> None:
    """What ``call`` and ``export`` share: the target, endpoint and arguments."""
    parser.add_argument("src", metavar="SRC", help="Space id (owner/name) or app URL")
    parser.add_argument("api_name", metavar="API_NAME", help="endpoint: /name, name or fn:N")
    parser.add_argument("args", metavar="ARGS", nargs="?", help="JSON array of positional values, or - for stdin")
    parser.add_argument("--kwargs", metavar="JSON", help="JSON object of values by parameter name")
    parser.add_argument("--file", metavar="NAME=PATH_OR_URL", action="append", default=[],
                        help="a file parameter's value; repeat a NAME for a list of files")
    parser.add_argument("--allow-private", action="store_true", help="call an endpoint that is not part of the API")
    parser.add_argument("--event-data", metavar="JSON",
                        help="the event's fields for a listener that reads gr.SelectData, gr.LikeData, … "
                             "(a JSON object over the pre-filled sample; sent as event_data)")


def add_parsers(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    api = sub.add_parser("api", parents=[common], help="list an app's endpoints")
    api.add_argument("src", metavar="SRC")
    api.add_argument("--all", action="store_true", help="also undocumented and private endpoints")
    shape = api.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="view_api(return_format='dict') shape plus our fields")
    shape.add_argument("--markdown", action="store_true",
                       help="the whole API as a SKILL.md (YAML front matter, parameters, snippets)")
    api.set_defaults(handler=cmd_api)

    call = sub.add_parser("call", parents=[common], help="run one endpoint and print its events")
    add_call_arguments(call)
    call.add_argument("--session", metavar="HASH", help="reuse a session_hash (State carries over)")
    call.add_argument("--download", metavar="DIR", help="save file outputs to DIR")
    call.add_argument("--max-download-size", metavar="BYTES", type=_size, default=None,
                      help="the largest file output --download saves, in bytes (K, M, G suffixes: "
                           "powers of 1024; default 2G); a call saves at most 4 times that and 1,000 files")
    call.add_argument("--json", action="store_true", help="one JSON object per event")
    call.add_argument("--export", metavar="LANG", choices=EXPORT_LANGS, help="print the snippet of what ran")
    call.add_argument("--report", action="store_true", help="print a Markdown debug report")
    call.add_argument("--retries", metavar="N", type=_retries, default=0,
                      help="retry the submission up to N times on connection resets, 429 and 503 (queue full), "
                           "with exponential backoff honouring Retry-After (default 0)")
    call.add_argument("--grant-oauth", action="store_true",
                      help="pass your HF token to an endpoint that declares gr.OAuthToken")
    call.set_defaults(handler=cmd_call)

    history = sub.add_parser("history", help="list recorded calls, newest first")
    history.add_argument("--json", action="store_true")
    history.add_argument("--limit", type=_count, default=20, help="how many calls to list (default 20)")
    history.set_defaults(handler=cmd_history)


# --- argument parsing --------------------------------------------------------------------------

def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give a number of 1 or more")
    return value


def _retries(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("give a number from 0 to 100")
    return value


ARGS_MAX_DEPTH = 64     # ARGS / --kwargs nested deeper are refused (history keeps wirejson.MAX_DEPTH)


def _json_arg(text: str, what: str, hint: str | None = None) -> Any:
    """``text`` parsed as JSON for ``what`` (ARGS, --kwargs): a ``UsageError`` for anything
    that is not plain, finite JSON at most ``ARGS_MAX_DEPTH`` deep."""
    from gradio_tui.core import depth_exceeds

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    def finite(number: str) -> float:
        value = float(number)
        if not math.isfinite(value):
            raise ValueError(f"{number[:40]} is too large for a number")
        return value

    try:
        value = json.loads(text, parse_constant=no_constant, parse_float=finite)
    except RecursionError:
        raise UsageError(f"{what} is nested too deeply (at most {ARGS_MAX_DEPTH} levels)") from None
    except ValueError as err:
        raise UsageError(f"{what} is not valid JSON: {err}", hint=hint) from None
    if depth_exceeds(value, ARGS_MAX_DEPTH):
        raise UsageError(f"{what} is nested too deeply (at most {ARGS_MAX_DEPTH} levels)")
    return value


def _size(text: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
    number, unit = text.strip()[:-1], text.strip()[-1:].upper()
    if unit.isdigit():
        number, unit = text.strip(), ""
    if unit not in units or not number.isdigit():
        raise argparse.ArgumentTypeError(f"not a size in bytes: {text!r} (e.g. 500M)")
    return int(number) * units[unit]


def parse_call_values(args: argparse.Namespace) -> tuple[list[Any], dict[str, Any]]:
    """ARGS (JSON array or ``-``), ``--kwargs`` and ``--file`` → positional and keyword values."""
    text = args.args
    if text == "-":
        try:
            text = sys.stdin.read()
        except (OSError, ValueError) as err:
            raise UsageError(f"cannot read ARGS from standard input: {err}") from None
    positional: list[Any] = []
    if text:
        positional = _json_arg(text, "ARGS", hint='give a JSON array, e.g. \'["hello", 3]\'')
        if not isinstance(positional, list):
            positional = [positional]
    kwargs: dict[str, Any] = {}
    if args.kwargs:
        kwargs = _json_arg(args.kwargs, "--kwargs")
        if not isinstance(kwargs, dict):
            raise UsageError("--kwargs must be a JSON object")
    given: dict[str, list[str]] = {}
    for item in args.file or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--file needs NAME=PATH_OR_URL, got {item!r}")
        given.setdefault(name, []).append(value)
    for name, paths in given.items():
        # Repeatable; the core lays the paths out as the parameter's schema says (a list, a
        # gallery, a video with its subtitles…).
        kwargs[name] = FilePaths(paths)
    return positional, kwargs


def parse_event_data(args: argparse.Namespace) -> dict[str, Any] | None:
    """``--event-data '{…}'``: a JSON object, or None when not given."""
    text = getattr(args, "event_data", None)
    if text is None:
        return None
    value = _json_arg(text, "--event-data", hint='give a JSON object, e.g. \'{"index": 0, "value": "a"}\'')
    if not isinstance(value, dict):
        raise UsageError("--event-data must be a JSON object", hint='e.g. \'{"index": 0, "value": "a"}\'')
    return value


async def connect_for(args: argparse.Namespace, on_stage=None, session_hash: str | None = None) -> Session:
    return await Session.connect(args.src, token=args.token, auth=args.auth, timeout=args.timeout,
                                 wait=args.wait, on_stage=on_stage, session_hash=session_hash,
                                 grant_oauth=getattr(args, "grant_oauth", False),
                                 retries=getattr(args, "retries", 0) or 0)


def stage_printer(as_json: bool, started: float):
    """``stage`` events while a Space wakes or builds: JSON lines, or a line on stderr."""
    def on_stage(event: StageEvent) -> None:
        if as_json:
            event.t = time.monotonic() - started
            print(json_text(event.to_json()), flush=True)
        else:
            print(f"Space is {line(event.stage, 80)}… ({event.elapsed:.0f} s)", file=sys.stderr, flush=True)
    return on_stage


# --- api ---------------------------------------------------------------------------------------

async def cmd_api(args: argparse.Namespace) -> int:
    session = await connect_for(args, stage_printer(False, time.monotonic()))
    async with session:
        schema = session.schema
        if args.json:
            print(json_text(view_api(schema, include_all=args.all), indent=2))
            return 0
        if args.markdown:
            from gradio_tui.core import render_skill

            print(render_skill(session, include_all=args.all), end="")
            return 0
        title = line(schema.title, 200) or line(session.target.display, 200)
        print(f"{title} — Gradio {line(schema.version, 40)} ({line(schema.protocol, 40)}) at {line(schema.root, 400)}")
        for ep in schema.visible_endpoints(include_private=args.all):
            if ep.visibility != "public" and not args.all:
                continue
            badges = [b for b, on in (("generator", ep.generator), ("state", ep.uses_state),
                                      ("files", ep.has_files), ("batch", ep.batch),
                                      (ep.visibility, ep.visibility != "public")) if on]
            shown = f"  [{', '.join(badges)}]" if badges else ""
            print(f"\n{line(ep.route, 200)}  (fn_index {ep.fn_index}){shown}")
            if ep.description:
                print(f"  {line(ep.description, 2000, '  ')}")
            if ep.shared_name is not None:
                print(f"  {line(ep.shared_name_note, 400)}")
            if ep.event is not None:
                fields = ", ".join(ep.event.fields) or "any"
                print(f"  event data: {ep.event.class_name} of the {line(ep.event.event, 40)} event ({fields}); "
                      f"--event-data sets it")
            for p in ep.parameters:
                default = f" = {json_text(p.default)}" if p.has_default else "  (required)"
                print(f"  {line(p.name, 200)}: {line(p.python_type, 400)}{line(default, 400)}"
                      f"   [{line(p.component, 100)}: {line(p.label or '', 200)}]")
                if p.description_summary:
                    print(f"      {line(p.description_summary, 400)}")
            for r in ep.returns:
                print(f"  -> {line(r.label or r.component, 200)}: {line(r.python_type, 400)}")
        hidden = [e for e in schema.endpoints if e.visibility != "public"]
        if hidden and not args.all:
            print(f"\n({len(hidden)} undocumented or private endpoint(s): --all shows them)")
    return 0


# --- call --------------------------------------------------------------------------------------

def describe_event(event: Event) -> str | None:
    """One readable line per event (None to skip): the time column and the core's words
    (``core.present.cli_summary``), external text clipped and escape-free."""
    words = cli_summary(event)
    return None if words is None else f"[{event.t:7.3f}s] {words}"


async def cmd_call(args: argparse.Namespace) -> int:
    positional, kwargs = parse_call_values(args)
    event_data = parse_event_data(args)
    started = time.monotonic()
    session = await connect_for(args, stage_printer(args.json, started), session_hash=args.session)
    async with session:
        connect_time = time.monotonic() - started
        job = session.submit(args.api_name, positional, kwargs, allow_private=args.allow_private,
                             event_data=event_data)
        for note in job.payload.warnings:
            print(f"warning: {line(note, 400)}", file=sys.stderr)
        job.record.timings.connect = connect_time
        if args.session:
            job.record.session_hash = args.session
        not_saved: list[str] = []
        try:
            async for event in job:
                if args.download and event.type == "complete":
                    not_saved = await _download_outputs(session, event, args.download, args.max_download_size)
                if args.json:
                    print(json_text(event.to_json()), flush=True)
                else:
                    text = describe_event(event)
                    if text:
                        print(text, flush=True)
        except (KeyboardInterrupt, asyncio.CancelledError):
            await job.aclose()      # cancelled on the server, recorded by the core
            _say_record_problem(job)
            print("gradio-tui: interrupted; the job was cancelled on the server", file=sys.stderr)
            return 130
        except BrokenPipeError:   # our reader went away (| head -1): cancel, record, end quietly
            await job.aclose()
            raise
        _say_record_problem(job)
        for problem in not_saved:
            print(f"gradio-tui: output not saved: {line(problem, 400)}", file=sys.stderr)
        if job.error is not None and not args.json:
            print(f"gradio-tui: {line(str(job.error), 2000)}", file=sys.stderr)
        extras = []
        if args.export:
            from gradio_tui.core import render

            extras.append(("export", {"lang": args.export}, render(job.record, args.export)))
        if args.report:
            from gradio_tui.core import render_report

            extras.append(("report", {}, render_report(session, job.record)))
        for kind, fields, text in extras:
            if args.json:
                print(json_text({"type": kind, "t": round(time.monotonic() - job.submitted_at, 6), **fields,
                                 "text": text}))
            else:
                print(plain(text))
        code = job.state.exit_code
        return code if code or not not_saved else 3


def _say_record_problem(job: Any) -> None:
    """Why the core's recorder could not keep the call (it was not saved; the call is fine)."""
    if job.record_problem:
        print(f"gradio-tui: {line(job.record_problem, 600)}", file=sys.stderr)


async def cmd_history(args: argparse.Namespace) -> int:
    from gradio_tui.core import HistoryStore, history_summary

    store = HistoryStore()
    records = store.load(limit=args.limit)
    if store.problem:
        print(f"gradio-tui: {line(store.problem, 600)}", file=sys.stderr)
    if args.json:
        print(json_text([history_summary(r) for r in records]))
        return 0
    if not records:
        print("no calls recorded yet")
    for r in records:
        try:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.started_at))
        except (TypeError, ValueError, OverflowError, OSError):
            when = "?"
        total = f"{number(r.timings.total, '.2f')}s" if r.timings.total is not None else "-"
        error = f"  {line(r.error, 80).splitlines()[0]}" if r.error else ""
        print(f"{line(r.id, 40)}  {when}  {line(r.status, 20):<9} {total:>7}  {line(r.target, 200)} "
              f"{line(r.route, 200)}{error}")
    return 0


async def _download_outputs(session: Session, event: Event, folder: str, max_bytes: int | None = None) -> list[str]:
    """Save every FileData in a complete event's data, adding ``local_path``; what failed.

    ``Session.download`` fetches only files on the app's own origin (an output that points
    elsewhere, e.g. a hostile app's "file" on an internal address, is reported, not fetched),
    and never writes outside ``folder``. One call saves at most ``MAX_DOWNLOAD_FILES`` files and
    ``DOWNLOAD_TOTAL_FACTOR`` × the largest file's bytes in all; the rest are not saved."""
    from gradio_tui.core import DOWNLOAD_TOTAL_FACTOR, MAX_DOWNLOAD, MAX_DOWNLOAD_FILES, GradioTuiError, walk_filedata

    problems: list[str] = []
    each = MAX_DOWNLOAD if max_bytes is None else max_bytes
    left = DOWNLOAD_TOTAL_FACTOR * each        # bytes the call's files may still take together
    values = list(walk_filedata(getattr(event, "data", None)))
    kept = values[:MAX_DOWNLOAD_FILES]
    for index, value in enumerate(kept):
        if left <= 0:
            problems.append(f"{len(kept) - index} file outputs: the call's files together took "
                            f"{DOWNLOAD_TOTAL_FACTOR * each} bytes (--max-download-size × {DOWNLOAD_TOTAL_FACTOR})")
            break
        try:
            saved = await session.download(value, folder, max_bytes=min(each, left))
            value["local_path"] = str(saved)
            left -= saved.stat().st_size
        except (GradioTuiError, OSError) as err:
            problems.append(str(err))
            if left < each:
                left = 0                       # the call's total was the file's limit: the rest wait
    if len(values) > MAX_DOWNLOAD_FILES:
        problems.append(f"{len(values) - MAX_DOWNLOAD_FILES} file outputs past the first {MAX_DOWNLOAD_FILES:,}")
    return problems


__all__ = ["ArgumentError", "GradioTuiError", "add_call_arguments", "add_parsers", "parse_call_values",
           "parse_event_data"]
