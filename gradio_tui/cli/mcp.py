"""``gradio-tui mcp SRC [TOOL [ARGS]]``: an app's MCP server — its tools, and calling one (``docs/cli.md``)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from gradio_tui.cli.calls import _json_arg, connect_for, describe_event, stage_printer
from gradio_tui.core import (
    ConnectError,
    McpCall,
    McpClient,
    McpInfo,
    McpTool,
    Session,
    UsageError,
    agree,
    json_text,
    line,
    mcp_schema,
    tool_header,
)

if TYPE_CHECKING:
    from gradio_tui.cli.main import Subcommands


def add_parsers(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    mcp = sub.add_parser("mcp", parents=[common], help="list an app's MCP tools, or call one over MCP")
    mcp.add_argument("src", metavar="SRC", help="Space id (owner/name) or app URL")
    mcp.add_argument("tool", metavar="TOOL", nargs="?", help="the tool to call (none: list the tools)")
    mcp.add_argument("args", metavar="ARGS", nargs="?", help="JSON object of the tool's arguments")
    mcp.add_argument("--json", action="store_true", help="the list as one JSON object, or one JSON object per event")
    mcp.add_argument("--header", metavar="NAME=VALUE", action="append", default=[],
                     help="a request header a tool reads (gr.Header), sent to the app only; repeatable")
    mcp.add_argument("--compare", action="store_true",
                     help="also call the tool's endpoint through the Gradio API and say whether they agree")
    mcp.set_defaults(handler=cmd_mcp)


def _headers(items: list[str]) -> dict[str, str]:
    try:
        return dict(tool_header(item) for item in items)
    except UsageError as err:
        raise UsageError(f"--header: {err.message}", hint=err.hint) from None


async def cmd_mcp(args: argparse.Namespace) -> int:
    headers = _headers(args.header)
    arguments: dict[str, Any] = {}
    if args.args:
        arguments = _json_arg(args.args, "ARGS", hint='give a JSON object, e.g. \'{"word": "hello"}\'')
        if not isinstance(arguments, dict):
            raise UsageError("ARGS must be a JSON object of the tool's arguments", hint='e.g. \'{"word": "hello"}\'')
    if args.compare and not args.tool:
        raise UsageError("--compare needs a TOOL to call")
    started = time.monotonic()
    session = await connect_for(args, stage_printer(args.json, started))
    async with session:
        info = await mcp_schema(session.client, session.schema.api_root, session.schema.config,
                                timeout=args.timeout)
        if not info.enabled:
            raise ConnectError(info.reason or "the app runs no MCP server")
        if not args.tool:
            if args.json:
                print(json_text(info.to_json(), indent=2))
            else:
                print_info(session, info)
            return 0
        tool = info.tool(args.tool)
        for name in tool.headers:
            if name not in headers:
                print(f"warning: tool {line(tool.name, 100)} reads the header {line(name, 100)}: "
                      f"give it with --header {line(name, 100)}=VALUE", file=sys.stderr)
        return await _call(args, session, info, tool, arguments, headers)


async def _call(args: argparse.Namespace, session: Session, info: McpInfo, tool: McpTool,
                arguments: dict[str, Any], headers: dict[str, str]) -> int:
    client = McpClient(session.client, info.url, timeout=args.timeout, extra_headers=headers)
    call = McpCall(client, tool.name, arguments)
    async for event in call:
        if args.json:
            print(json_text({**event.to_json(), "via": "mcp"}), flush=True)
        else:
            text = describe_event(event)
            if text:
                print(text, flush=True)
    state = call.state
    if state.error is not None and not args.json:
        print(f"gradio-tui: {line(str(state.error), 2000)}", file=sys.stderr)
    if args.compare:
        await _compare(args, session, tool, arguments, call)
    return state.exit_code


async def _compare(args: argparse.Namespace, session: Session, tool: McpTool, arguments: dict[str, Any],
                   call: McpCall) -> None:
    """The same endpoint through the Gradio API: its events after the MCP ones, then a verdict."""
    if not tool.endpoint:
        print("gradio-tui: --compare: the MCP schema names no endpoint for this tool", file=sys.stderr)
        return
    job = session.submit(tool.endpoint, [], dict(arguments), allow_private=True)
    async for event in job:
        if args.json:
            print(json_text({**event.to_json(), "via": "api"}), flush=True)
        else:
            text = describe_event(event)
            if text:
                print(f"{text}  (gradio api)", flush=True)
    api, mcp = job.state, call.state
    if mcp.outputs is not None and api.outputs is not None:
        same = agree(mcp.outputs, api.outputs)
        verdict = "the same result" if same else "different results"
    else:
        same = False
        verdict = f"MCP call {mcp.status}, Gradio API call {api.status}"
    if args.json:
        print(json_text({"type": "compare", "agree": same, "mcp": str(mcp.status), "api": str(api.status)}))
    else:
        print(f"compare {line(tool.name, 100)} with {line(tool.endpoint, 200)}: {verdict}")


def print_info(session: Session, info: McpInfo) -> None:
    schema = session.schema
    title = line(schema.title, 200) or line(session.target.display, 200)
    print(f"{title} — MCP server at {line(info.url, 400)}")
    for heading, kind in (("tools", "tool"), ("resources", "resource"), ("prompts", "prompt")):
        items = info.of_kind(kind)
        if not items:
            continue
        print(f"\n{heading}:")
        for item in items:
            notes = [f"endpoint {item.endpoint}"] if item.endpoint else []
            if item.needs_files:
                notes.append(f"needs file URLs: {', '.join(item.file_params)}")
            if item.headers:
                notes.append(f"needs headers: {', '.join(item.headers)}")
            print(f"\n{line(item.name, 200)}  [{line('; '.join(notes), 600)}]")
            if item.description:
                print(f"  {line(item.description, 2000, '  ')}")
            props = item.input_schema.get("properties")
            required = item.input_schema.get("required")
            required = required if isinstance(required, list) else []
            for name, spec in (props.items() if isinstance(props, dict) else []):
                spec = spec if isinstance(spec, dict) else {}
                kind_word = spec.get("format") if "Gradio File" in str(spec.get("format")) else spec.get("type")
                default = f" = {json_text(spec['default'])}" if "default" in spec else (
                    "  (required)" if name in required else "")
                print(f"  {line(name, 200)}: {line(kind_word or 'any', 200)}{line(default, 400)}")
                if spec.get("description"):
                    print(f"      {line(spec['description'], 400)}")
    if info.headers:
        print(f"\nheaders some tools read: {line(', '.join(info.headers), 400)} (give each with --header NAME=VALUE)")


__all__ = ["add_parsers", "cmd_mcp"]
