"""The headless ``api`` and ``call`` commands (``cli-contract.md``), over the core."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from .core.errors import ArgumentError, GradioTuiError, UsageError
from .core.events import ErrorEvent, Event, StageEvent
from .core.session import Session
from .textsafe import plain
from .view_api import view_api

EXPORT_LANGS = ("curl", "python", "js")


def add_call_arguments(parser: argparse.ArgumentParser) -> None:
    """What ``call`` and ``export`` share: the target, endpoint and arguments."""
    parser.add_argument("src", metavar="SRC", help="Space id (owner/name) or app URL")
    parser.add_argument("api_name", metavar="API_NAME", help="endpoint: /name, name or fn:N")
    parser.add_argument("args", metavar="ARGS", nargs="?", help="JSON array of positional values, or - for stdin")
    parser.add_argument("--kwargs", metavar="JSON", help="JSON object of values by parameter name")
    parser.add_argument("--file", metavar="NAME=PATH_OR_URL", action="append", default=[],
                        help="a file parameter's value (repeatable)")
    parser.add_argument("--allow-private", action="store_true", help="call an endpoint that is not part of the API")


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    api = sub.add_parser("api", parents=[common], help="list an app's endpoints")
    api.add_argument("src", metavar="SRC")
    api.add_argument("--all", action="store_true", help="also undocumented and private endpoints")
    api.add_argument("--json", action="store_true", help="view_api(return_format='dict') shape plus our fields")
    api.set_defaults(handler=cmd_api)

    call = sub.add_parser("call", parents=[common], help="run one endpoint and print its events")
    add_call_arguments(call)
    call.add_argument("--session", metavar="HASH", help="reuse a session_hash (State carries over)")
    call.add_argument("--download", metavar="DIR", help="save file outputs to DIR")
    call.add_argument("--json", action="store_true", help="one JSON object per event")
    call.add_argument("--export", metavar="LANG", choices=EXPORT_LANGS, help="print the snippet of what ran")
    call.add_argument("--report", action="store_true", help="print a Markdown debug report")
    call.add_argument("--grant-oauth", action="store_true",
                      help="pass your HF token to an endpoint that declares gr.OAuthToken")
    call.set_defaults(handler=cmd_call)

    history = sub.add_parser("history", help="list recorded calls, newest first")
    history.add_argument("--json", action="store_true")
    history.add_argument("--limit", type=int, default=20)
    history.set_defaults(handler=cmd_history)


# --- argument parsing --------------------------------------------------------------------------

def parse_call_values(args: argparse.Namespace) -> tuple[list[Any], dict[str, Any]]:
    """ARGS (JSON array or ``-``), ``--kwargs`` and ``--file`` → positional and keyword values."""
    text = args.args
    if text == "-":
        text = sys.stdin.read()
    positional: list[Any] = []
    if text:
        try:
            positional = json.loads(text)
        except ValueError as err:
            raise UsageError(f"ARGS is not valid JSON: {err}", hint='give a JSON array, e.g. \'["hello", 3]\'') from None
        if not isinstance(positional, list):
            positional = [positional]
    kwargs: dict[str, Any] = {}
    if args.kwargs:
        try:
            kwargs = json.loads(args.kwargs)
        except ValueError as err:
            raise UsageError(f"--kwargs is not valid JSON: {err}") from None
        if not isinstance(kwargs, dict):
            raise UsageError("--kwargs must be a JSON object")
    for item in args.file or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--file needs NAME=PATH_OR_URL, got {item!r}")
        kwargs[name] = value
    return positional, kwargs


async def connect_for(args: argparse.Namespace, on_stage=None, session_hash: str | None = None) -> Session:
    return await Session.connect(args.src, token=args.token, auth=args.auth, timeout=args.timeout,
                                 wait=args.wait, on_stage=on_stage, session_hash=session_hash,
                                 grant_oauth=getattr(args, "grant_oauth", False))


def stage_printer(as_json: bool, started: float):
    """``stage`` events while a Space wakes or builds: JSON lines, or a line on stderr."""
    def on_stage(event: StageEvent) -> None:
        if as_json:
            event.t = time.monotonic() - started
            print(json.dumps(event.to_json()), flush=True)
        else:
            print(f"Space is {event.stage}… ({event.elapsed:.0f} s)", file=sys.stderr, flush=True)
    return on_stage


# --- api ---------------------------------------------------------------------------------------

async def cmd_api(args: argparse.Namespace) -> int:
    session = await connect_for(args, stage_printer(False, time.monotonic()))
    async with session:
        schema = session.schema
        if args.json:
            print(json.dumps(view_api(schema, include_all=args.all), indent=2, ensure_ascii=False))
            return 0
        title = plain(schema.title) or session.target.display
        print(f"{title} — Gradio {schema.version} ({schema.protocol}) at {schema.root}")
        for ep in schema.visible_endpoints(include_private=args.all):
            if ep.visibility != "public" and not args.all:
                continue
            badges = [b for b, on in (("generator", ep.generator), ("state", ep.uses_state),
                                      ("files", ep.has_files), ("batch", ep.batch),
                                      (ep.visibility, ep.visibility != "public")) if on]
            print(f"\n{ep.route}  (fn_index {ep.fn_index}){'  [' + ', '.join(badges) + ']' if badges else ''}")
            if ep.description:
                print(f"  {plain(ep.description)}")
            for p in ep.parameters:
                default = f" = {json.dumps(p.default, ensure_ascii=False)}" if p.has_default else "  (required)"
                print(f"  {p.name}: {plain(p.python_type)}{plain(default)}   [{plain(p.component)}: {plain(p.label or '')}]")
            for r in ep.returns:
                print(f"  -> {plain(r.label or r.component)}: {plain(r.python_type)}")
        hidden = [e for e in schema.endpoints if e.visibility != "public"]
        if hidden and not args.all:
            print(f"\n({len(hidden)} undocumented or private endpoint(s): --all shows them)")
    return 0


# --- call --------------------------------------------------------------------------------------

def describe_event(event: Event) -> str | None:
    """One readable line per event (None to skip)."""
    d = event.to_json()
    t = f"[{event.t:7.3f}s]"
    kind = event.type
    if kind == "heartbeat":
        return None
    if kind == "estimation":
        eta = f", eta {d['eta']:.1f}s" if d.get("eta") is not None else ""
        return f"{t} queue: rank {d.get('rank')} of {d.get('queue_size')}{eta}"
    if kind == "process_starts":
        return f"{t} processing" + (f" (expected {d['eta']:.1f}s)" if d.get("eta") is not None else "")
    if kind == "progress":
        parts = []
        for unit in d.get("units") or []:
            if unit.get("progress") is not None:
                parts.append(f"{unit['progress'] * 100:.0f}%")
            elif unit.get("index") is not None:
                parts.append(f"{unit.get('index')}/{unit.get('length')} {unit.get('unit') or ''}".strip())
            if unit.get("desc"):
                parts.append(plain(str(unit["desc"])))
        return f"{t} progress: {' '.join(parts)}"
    if kind == "log":
        return f"{t} {d.get('level')}: {plain(d.get('message') or '')}"
    if kind in ("generating", "streaming", "complete"):
        return f"{t} {kind}: {plain(json.dumps(d.get('data'), ensure_ascii=False))}"
    if kind == "upload":
        return f"{t} uploaded {plain(d.get('name') or '')} ({d.get('bytes')} bytes)"
    if kind == "error":
        title = f"{plain(d['title'])}: " if d.get("title") else ""
        message = d.get("message")
        return f"{t} error: {title}{plain(message) if message else 'the app hides error details (it was not launched with show_error=True)'}"
    if kind == "cancelled":
        return f"{t} cancelled"
    if kind == "retry":
        return f"{t} retry {d.get('attempt')}: {plain(d.get('reason') or '')} (waiting {d.get('wait')}s)"
    return f"{t} {kind}"


def exit_code_for(event: Event | None) -> int:
    if event is None:
        return 4
    if isinstance(event, ErrorEvent):
        return {"stream": 4, "timeout": 4, "queue_full": 3, "auth": 3, "connect": 3, "target": 3}.get(event.kind, 1)
    if event.type == "cancelled":
        return 1
    return 0


async def cmd_call(args: argparse.Namespace) -> int:
    positional, kwargs = parse_call_values(args)
    started = time.monotonic()
    session = await connect_for(args, stage_printer(args.json, started), session_hash=args.session)
    async with session:
        session.records  # noqa: B018 - the recorder starts empty
        connect_time = time.monotonic() - started
        job = session.submit(args.api_name, positional, kwargs, allow_private=args.allow_private)
        job.record.timings.connect = connect_time
        if args.session:
            job.record.session_hash = args.session
        final: Event | None = None
        try:
            async for event in job:
                if event.terminal:
                    final = event
                if args.download and event.type == "complete":
                    await _download_outputs(session, event, args.download)
                if args.json:
                    print(json.dumps(event.to_json(), ensure_ascii=False), flush=True)
                else:
                    line = describe_event(event)
                    if line:
                        print(line, flush=True)
        except (KeyboardInterrupt, asyncio.CancelledError):
            await job.cancel()
            job.record.status = "cancelled"
            _save_history(job.record)
            print("gradio-tui: interrupted; the job was cancelled on the server", file=sys.stderr)
            return 130
        _save_history(job.record)
        if isinstance(final, ErrorEvent) and not args.json:
            print(f"gradio-tui: {job._error_value(final)}", file=sys.stderr)
        extras = []
        if args.export:
            from .core.snippets import render

            extras.append(("export", {"lang": args.export}, render(job.record, args.export)))
        if args.report:
            from .core.report import render_report

            extras.append(("report", {}, render_report(session, job.record)))
        for kind, fields, text in extras:
            if args.json:
                print(json.dumps({"type": kind, "t": round(time.monotonic() - job.submitted_at, 6), **fields,
                                  "text": text}, ensure_ascii=False))
            else:
                print(text)
        return exit_code_for(final)


def _save_history(record) -> None:
    """Append to history; a history that cannot be written never fails the call."""
    from .core.history import HistoryStore

    try:
        HistoryStore().append(record)
    except OSError as err:
        print(f"gradio-tui: history not saved: {err}", file=sys.stderr)


async def cmd_history(args: argparse.Namespace) -> int:
    from .core.history import HistoryStore, history_summary

    records = HistoryStore().load(limit=args.limit)
    if args.json:
        print(json.dumps([history_summary(r) for r in records], ensure_ascii=False, default=str))
        return 0
    if not records:
        print("no calls recorded yet")
    for r in records:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.started_at))
        total = f"{r.timings.total:.2f}s" if r.timings.total is not None else "-"
        error = f"  {plain(r.error)[:80]}" if r.error else ""
        print(f"{r.id}  {when}  {r.status:<9} {total:>7}  {plain(r.target)} {plain(r.route)}{error}")
    return 0


async def _download_outputs(session: Session, event: Event, folder: str) -> None:
    """Save every FileData in a complete event's data, adding ``local_path``."""
    async def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("path"), str) and ("url" in value or "meta" in value):
                value["local_path"] = str(await session.download(value, folder))
                return
            for item in value.values():
                await walk(item)
        elif isinstance(value, list):
            for item in value:
                await walk(item)
    await walk(getattr(event, "data", None))


__all__ = ["add_parsers", "add_call_arguments", "parse_call_values", "ArgumentError", "GradioTuiError"]
