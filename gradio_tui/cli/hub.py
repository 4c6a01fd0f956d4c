"""The Hub commands: ``search``, ``space``, ``logs``, ``duplicate`` (see ``docs/cli.md``).

Each handler is ``async def (args) -> int``; core errors propagate to ``cli.main``, which prints
one line on stderr and exits with the error's code. Text from the Hub is shown through
``textsafe.plain`` (no terminal control sequences).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

import httpx

from gradio_tui.core import (
    HubError,
    UsageError,
    find_token,
    is_hf_space_host,
    json_text,
    parse_target,
    plain,
    subdomain_of,
)
from gradio_tui.core import line as safe_line
from gradio_tui.core.hub import spaces as hub

if TYPE_CHECKING:
    from gradio_tui.cli.main import Subcommands


def add_parsers(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="find Spaces by what they do")
    p.add_argument("query", nargs="?", default="", help="what the Space should do (e.g. 'text to speech')")
    p.add_argument("--limit", type=int, default=20, help="at most N results (default 20)")
    p.add_argument("--sort", choices=hub.SORTS, default="relevance")
    p.add_argument("--keyword", action="store_true", help="match Space ids instead of meaning")
    p.add_argument("--include-non-running", action="store_true", help="also Spaces that are not running")
    p.add_argument("--filter", action="append", default=[], metavar="TAG", help="only Spaces with this tag")
    p.add_argument("--json", action="store_true", help="a JSON list, best first")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("space", parents=[common], help="a Space's host, stage and hardware")
    p.add_argument("id", help="owner/name, its page URL or its *.hf.space URL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_space)

    p = sub.add_parser("logs", parents=[common], help="a Space's run (or build) logs; needs the owner's token")
    p.add_argument("id", help="owner/name")
    p.add_argument("--build", action="store_true", help="the build logs instead of the run logs")
    p.add_argument("--follow", "-f", action="store_true", help="keep streaming new lines")
    p.add_argument("--tail", type=int, default=None, metavar="N", help="only the last N lines")
    p.add_argument("--json", action="store_true", help="one {text, timestamp} object per line")
    p.set_defaults(handler=cmd_logs)

    p = sub.add_parser("duplicate", parents=[common], help="copy a Space into your namespace")
    p.add_argument("id", help="owner/name")
    p.add_argument("--to", metavar="NAME", help="NAME or NAMESPACE/NAME (default: yours/<same name>)")
    p.add_argument("--hardware", metavar="H", help="e.g. cpu-basic (default: the source's)")
    p.add_argument("--public", action="store_true", help="public copy (default: private)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask before paid hardware")
    p.add_argument("--json", action="store_true", help="{id, created, url}")
    p.set_defaults(handler=cmd_duplicate)


def hub_client(args: argparse.Namespace) -> httpx.AsyncClient:
    """The Hub commands' client: the project's one factory (scoping hook, user-agent)."""
    from gradio_tui.core import make_client

    return make_client(args.timeout)


def token_of(args: argparse.Namespace) -> str | None:
    return args.token if args.token else find_token()


def space_id_of(src: str) -> tuple[str | None, str | None]:
    """``(space_id, hf_space_url)`` from what the user typed; UsageError for other URLs."""
    target = parse_target(src)
    if target.space_id:
        return target.space_id, None
    if target.url and is_hf_space_host(target.url):
        return None, target.url
    raise UsageError(f"{src} is not a Space", hint="give owner/name, a huggingface.co/spaces URL or a *.hf.space URL")


async def space_serving(space_url: str | None, client: httpx.AsyncClient, token: str | None) -> str:
    """The id of the Space behind a ``*.hf.space`` URL, asked of the Hub; UsageError if it does not know."""
    found = await hub.space_by_subdomain(subdomain_of(space_url or ""), client=client, token=token)
    if found is None:
        raise UsageError(f"the Hub does not know which Space serves {space_url}")
    return found.id


# --- search ------------------------------------------------------------------------------------------

def format_result(result: hub.SpaceResult) -> str:
    head = f"{result.id}"
    title = " ".join(x for x in (result.emoji, result.title) if x)
    if title:
        head += f"  {title}"
    facts = []
    if result.likes is not None:
        facts.append(f"♥ {result.likes}")
    if result.stage:
        facts.append(result.stage.lower())
    if result.zero_gpu:
        facts.append("ZeroGPU")
    elif result.hardware:
        facts.append(result.hardware)
    if result.private:
        facts.append("private")
    if result.score is not None:
        facts.append(f"score {result.score:.2f}")
    line = plain(head) + (f"  [{', '.join(facts)}]" if facts else "")
    if result.description:
        line += "\n    " + plain(result.description)
    return line


async def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip() and not args.filter:
        raise UsageError("give a QUERY (or --filter TAG)")
    async with hub_client(args) as client:
        outcome = await hub.search_spaces(args.query, client=client, token=token_of(args), limit=args.limit,
                                          sort=args.sort, keyword=args.keyword,
                                          include_non_running=args.include_non_running, filters=args.filter)
    if outcome.fallback_reason:
        print(f"gradio-tui: {plain(outcome.fallback_reason)}", file=sys.stderr)
    if args.json:
        print(json_text(outcome.to_json()))
        return 0
    if not outcome.results:
        print("no Spaces found", file=sys.stderr)
        return 0
    for result in outcome.results:
        print(safe_line(format_result(result)))
    return 0


# --- space -------------------------------------------------------------------------------------------

async def cmd_space(args: argparse.Namespace) -> int:
    space_id, space_url = space_id_of(args.id)
    token = token_of(args)
    async with hub_client(args) as client:
        space_id = space_id or await space_serving(space_url, client, token)
        info = await hub.space_info(space_id, client=client, token=token)
        quota = None
        if info.zero_gpu and token:
            try:
                quota = await hub.zero_gpu_quota(client=client, token=token)
            except HubError:
                quota = None
    if args.json:
        print(json_text(info.to_json()))
        return 0
    rows: list[tuple[str, Any]] = [
        ("id", info.id),
        ("title", " ".join(x for x in (info.emoji, info.title) if x) or None),
        ("about", info.description),
        ("host", info.host),
        ("sdk", " ".join(x for x in (info.sdk, info.sdk_version) if x) or None),
        ("stage", f"{info.stage} ({hub.describe_stage(info.stage)})" if info.stage else None),
        ("hardware", (info.hardware or "") + (" (ZeroGPU)" if info.zero_gpu else "") or None),
        ("private", None if info.private is None else "yes" if info.private else "no"),
        ("likes", info.likes),
        ("sleeps after", f"{info.sleep_time} s idle" if info.sleep_time else None),
        ("error", info.error_message),
    ]
    for key, value in rows:
        if value is not None and value != "":
            print(f"{key + ':':<14}{plain(value)}")
    if quota is not None:
        print(plain(quota.describe()))
    if info.stage and not hub.stage_usable(info.stage) and info.stage not in ("SLEEPING", "STOPPED", "BUILDING",
                                                                               "APP_STARTING"):
        print(f"{'logs:':<14}gradio-tui logs {plain(info.id)}{' --build' if info.stage == 'BUILD_ERROR' else ''}")
    return 0


# --- logs --------------------------------------------------------------------------------------------

async def cmd_logs(args: argparse.Namespace) -> int:
    space_id, space_url = space_id_of(args.id)
    if args.tail is not None and args.tail < 1:
        raise UsageError("--tail must be at least 1")
    token = token_of(args)
    async with hub_client(args) as client:
        space_id = space_id or await space_serving(space_url, client, token)

        def reconnecting(count: int) -> None:
            if args.follow:
                print(f"gradio-tui: log stream dropped; reconnecting ({count})", file=sys.stderr, flush=True)

        async for line in hub.stream_logs(space_id, client=client, token=token, build=args.build,
                                          follow=args.follow, tail=args.tail, timeout=args.timeout,
                                          on_reconnect=reconnecting):
            if args.json:
                print(json_text({"text": line.text, "timestamp": line.timestamp}), flush=True)
            else:
                print(safe_line(line.text), flush=True)
    return 0


# --- duplicate ---------------------------------------------------------------------------------------

async def confirm(question: str) -> bool:
    answer = await asyncio.to_thread(input, f"{question} [y/N] ")
    return answer.strip().lower() in ("y", "yes")


async def cmd_duplicate(args: argparse.Namespace) -> int:
    space_id, _ = space_id_of(args.id)
    if space_id is None:
        raise UsageError("duplicate needs a Space id (owner/name)")
    token = token_of(args)
    async with hub_client(args) as client:
        plan = await hub.plan_duplicate(space_id, client=client, token=token, to=args.to, hardware=args.hardware,
                                        private=not args.public)
        if plan.needs_confirmation and not args.yes:
            if not sys.stdin.isatty():
                raise UsageError(f"{plan.warning}; refusing without a terminal to ask on",
                                 hint="pass --yes to go ahead")
            print(plain(plan.warning), file=sys.stderr)
            if not await confirm(f"{plan.describe()}?"):
                print("gradio-tui: not duplicated", file=sys.stderr)
                return 2
        result = await hub.duplicate_space(plan, client=client, token=token)
    if args.json:
        print(json_text(result.to_json()))
        return 0
    if result.created:
        print(f"created {plain(result.id)} ({'private' if plan.private else 'public'}): {plain(result.url)}")
    else:
        print(f"{plain(result.id)} exists already: reusing it ({plain(result.url)})")
    print(f"use it with: gradio-tui {plain(result.id)}   (it may take a few minutes to build)")
    return 0
