"""Every benchmark in one run, contenders interleaved; writes ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/run.py [--calls 200] [--yields 10000] [--quick]

Starts its own local Gradio 6 server with the test apps (4.44 / 5.50 too when their venvs
exist, for the call round trip), so every figure below comes from the same machine and run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.call_roundtrip import pct, raw_call, raw_queue  # noqa: E402
from benchmarks.targets import check, targets_section  # noqa: E402
from gradio_tui.core.protocol.schema import parse_schema  # noqa: E402
from gradio_tui.core.session import Session  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def row(name: str, values: list[float], floor: float | None, unit: float = 1000.0) -> str:
    med = statistics.median(values)
    ratio = f"{med / floor:.2f}" if floor else "–"
    return f"| {name} | {med * unit:.2f} | {pct(values, 0.95) * unit:.2f} | {ratio} |"


# --- 1. connect ----------------------------------------------------------------------------------

async def bench_connect(url: str, rounds: int) -> list[str]:
    from gradio_client import Client

    times: dict[str, list[float]] = {"core: config + info → schema": [], "raw httpx: two GETs": [],
                                     "gradio_client: Client() + view_api()": []}
    prefix = (await Session.connect(url)).schema.api_prefix
    async with httpx.AsyncClient() as raw:
        for _ in range(rounds):
            t = time.perf_counter()
            s = await Session.connect(url)
            await s.aclose()
            times["core: config + info → schema"].append(time.perf_counter() - t)
            t = time.perf_counter()
            (await raw.get(f"{url}/config")).json()
            (await raw.get(f"{url}{prefix}/info", params={"all_endpoints": "true"})).json()
            times["raw httpx: two GETs"].append(time.perf_counter() - t)
            t = time.perf_counter()

            def gc_connect():
                c = Client(url, verbose=False)
                c.view_api(print_info=False, return_format="dict")
                c.close()
            await asyncio.to_thread(gc_connect)
            times["gradio_client: Client() + view_api()"].append(time.perf_counter() - t)
    floor = statistics.median(times["raw httpx: two GETs"])
    return ["| contender | median ms | p95 ms | × raw |", "|---|---:|---:|---:|"] + [
        row(k, v, floor) for k, v in times.items()]


# --- 2. call round trip ------------------------------------------------------------------------

async def bench_calls(url: str, calls: int, with_gradio_client: bool = True) -> tuple[list[str], dict]:
    session = await Session.connect(url)
    echo = session.schema.endpoint("/echo")
    api = session.schema.api_root
    client = httpx.AsyncClient(timeout=30)
    gc = None
    if with_gradio_client:
        from gradio_client import Client

        gc = await asyncio.to_thread(Client, url, verbose=False)
    times: dict[str, list[float]] = {"core: submit → complete": [], "raw httpx: queue/join + queue/data": [],
                                     "raw httpx: /call two-step": []}
    if gc:
        times["gradio_client: predict"] = []
    has_call = session.schema.has_call_route
    for i in range(calls + 5):
        text = f"hello {i}"
        t = time.perf_counter()
        assert await session.submit(echo, [text]).result() == [text]
        d_core = time.perf_counter() - t
        t = time.perf_counter()
        assert await raw_queue(client, api, echo.fn_index, text) == [text]
        d_raw = time.perf_counter() - t
        d_call = None
        if has_call:
            t = time.perf_counter()
            assert await raw_call(client, api, "echo", text) == [text]
            d_call = time.perf_counter() - t
        d_gc = None
        if gc:
            t = time.perf_counter()
            assert await asyncio.to_thread(gc.predict, text, api_name="/echo") == text
            d_gc = time.perf_counter() - t
        if i < 5:
            continue  # warm-up
        times["core: submit → complete"].append(d_core)
        times["raw httpx: queue/join + queue/data"].append(d_raw)
        if d_call is not None:
            times["raw httpx: /call two-step"].append(d_call)
        if gc:
            times["gradio_client: predict"].append(d_gc)
    await session.aclose()
    await client.aclose()
    if gc:
        gc.close()
    floor = statistics.median(times["raw httpx: queue/join + queue/data"])
    lines = ["| contender | median ms | p95 ms | × raw queue |", "|---|---:|---:|---:|"]
    lines += [row(k, v, floor) for k, v in times.items() if v]
    ratio = statistics.median(times["core: submit → complete"]) / floor
    check(f"call overhead, Gradio {session.schema.version}", "≤ 1.3× raw httpx (queue)", f"{ratio:.2f}×", ratio <= 1.3)
    return lines, {k: statistics.median(v) for k, v in times.items() if v}


# --- 3. streaming ------------------------------------------------------------------------------

async def drain_raw(url: str, api: str, fn_index: int, n: int) -> int:
    session_hash = uuid.uuid4().hex[:11]
    count = 0
    async with httpx.AsyncClient(timeout=60) as client:
        r = await client.post(f"{api}/queue/join", json={"data": [n], "fn_index": fn_index,
                                                          "session_hash": session_hash})
        event_id = r.json()["event_id"]
        async with aconnect_sse(client, "GET", f"{api}/queue/data", params={"session_hash": session_hash}) as src:
            async for sse in src.aiter_sse():
                msg = json.loads(sse.data)
                if msg.get("msg") == "process_generating":
                    count += 1
                if msg.get("msg") == "process_completed" and msg.get("event_id") == event_id:
                    return count
    return count


async def drain_core(url: str, n: int) -> int:
    async with await Session.connect(url) as s:
        count = 0
        async for event in s.submit("/stream_many", [n]):
            count += event.type == "generating"
        return count


def drain_gradio_client(url: str, n: int) -> int:
    from gradio_client import Client

    client = Client(url, verbose=False)
    try:
        job = client.submit(n, api_name="/stream_many")
        count = sum(1 for _ in job)
        return count
    finally:
        client.close()


async def bench_streaming(url: str, n: int, rounds: int) -> list[str]:
    s = await Session.connect(url)
    ep = s.schema.endpoint("/stream_many")
    api = s.schema.api_root
    await s.aclose()
    results: dict[str, tuple[list[float], list[float]]] = {
        "raw httpx-sse": ([], []), "core": ([], []), "gradio_client": ([], [])}
    for _ in range(rounds):
        for name in results:
            c0, t0 = time.process_time(), time.perf_counter()
            if name == "raw httpx-sse":
                got = await drain_raw(url, api, ep.fn_index, n)
            elif name == "core":
                got = await drain_core(url, n)
            else:
                got = await asyncio.to_thread(drain_gradio_client, url, n)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert got >= n * 0.9, (name, got)
            results[name][0].append(wall)
            results[name][1].append(cpu)
    wall_floor = statistics.median(results["raw httpx-sse"][0])
    cpu_floor = statistics.median(results["raw httpx-sse"][1])
    lines = [f"{n:,} yields of `/stream_many`, median of {rounds}.", "",
             "| contender | wall s | × raw | client CPU s | × raw |", "|---|---:|---:|---:|---:|"]
    for name, (walls, cpus) in results.items():
        w, c = statistics.median(walls), statistics.median(cpus)
        lines.append(f"| {name} | {w:.2f} | {w / wall_floor:.2f} | {c:.2f} | {c / cpu_floor:.2f} |")
    ratio = statistics.median(results["core"][0]) / wall_floor
    check("streaming wall time through the core (§3)", "≤ 1.1× raw", f"{ratio:.2f}×", ratio <= 1.1)
    return lines


# --- 4. schema scale ---------------------------------------------------------------------------

def synthetic_config(n_components: int = 1000, n_endpoints: int = 300) -> tuple[dict, dict]:
    kinds = ["textbox", "number", "slider", "dropdown", "checkbox", "json", "file", "image"]
    comps = []
    for i in range(n_components):
        kind = kinds[i % len(kinds)]
        props = {"label": f"c{i}", "value": None}
        if kind == "slider":
            props.update(minimum=0, maximum=10, step=1, value=1)
        if kind == "dropdown":
            props["choices"] = [[f"L{j}", f"v{j}"] for j in range(20)]
        comps.append({"id": i, "type": kind, "props": props, "skip_api": False,
                      "api_info": {"type": "string"}, "api_info_as_input": {"type": "string"}})
    deps, named = [], {}
    for e in range(n_endpoints):
        ins = [(e * 3 + k) % n_components for k in range(3)]
        outs = [(e * 3 + 7) % n_components]
        deps.append({"id": e, "api_name": f"fn{e}", "api_visibility": "public", "backend_fn": True,
                     "inputs": ins, "outputs": outs, "types": {"generator": False}, "queue": True})
        named[f"/fn{e}"] = {"parameters": [{"label": f"c{c}", "parameter_name": f"p{k}", "parameter_has_default": False,
                                            "parameter_default": None, "type": {"type": "string"},
                                            "python_type": {"type": "str", "description": ""},
                                            "component": "Textbox", "example_input": "x"}
                                           for k, c in enumerate(ins)],
                            "returns": [{"label": "out", "type": {"type": "string"},
                                         "python_type": {"type": "str", "description": ""}, "component": "Textbox"}]}
    config = {"version": "6.31.0", "api_prefix": "/gradio_api", "protocol": "sse_v3", "components": comps,
              "dependencies": deps}
    return config, {"named_endpoints": named, "unnamed_endpoints": {}}


def bench_schema(rounds: int = 20) -> list[str]:
    config, info = synthetic_config()
    text_config, text_info = json.dumps(config), json.dumps(info)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        schema = parse_schema("http://x", json.loads(text_config), json.loads(text_info))
        times.append(time.perf_counter() - t)
    assert len(schema.endpoints) == 300
    check("schema parse, 1,000 components / 300 endpoints", "≤ 50 ms", f"{statistics.median(times) * 1000:.1f} ms",
          statistics.median(times) <= 0.05)
    return ["| what | median ms | p95 ms |", "|---|---:|---:|",
            f"| JSON decode + parse, 1,000 components / 300 endpoints | {statistics.median(times) * 1000:.1f} | "
            f"{pct(times, 0.95) * 1000:.1f} |"]


# --- main ----------------------------------------------------------------------------------------

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; {system}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--yields", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    from tests.support.servers import GradioServer, ServerUnavailable

    rounds = 3 if args.quick else 10
    sections: list[tuple[str, list[str]]] = []
    servers = []
    try:
        g6 = GradioServer("6", apps=["basic", "gen", "images"])
        g6.start()
        servers.append(g6)
        others = []
        for version in ("5", "4"):
            try:
                server = GradioServer(version, apps=["basic"])
                server.start()
                servers.append(server)
                others.append(server)
            except ServerUnavailable:
                pass
        url = g6.url("basic")
        sections.append(("1. Connect: target → schema", asyncio.run(bench_connect(url, rounds * 3))))
        lines, _ = asyncio.run(bench_calls(url, args.calls))
        sections.append((f"2. Call round trip: {args.calls} calls of `/echo`, Gradio {g6.gradio_version}", lines))
        for server in others:
            lines, _ = asyncio.run(bench_calls(server.url("basic"), max(50, args.calls // 4),
                                               with_gradio_client=server.version != "4"))
            sections.append((f"2b. Call round trip on Gradio {server.gradio_version}", lines))
        sections.append(("3. Streaming", asyncio.run(bench_streaming(g6.url("gen"), args.yields,
                                                                     1 if args.quick else 5))))
        sections.append(("4. Schema scale", bench_schema()))
        try:
            from benchmarks import tui_bench
        except ImportError:
            tui_bench = None
        if tui_bench is not None:
            sections.extend(tui_bench.run(g6, args))
            from benchmarks import tui_views_bench

            sections.extend(tui_views_bench.run(g6, args))
    finally:
        for server in servers:
            server.stop()
    text = ["# Benchmark results", "", f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {machine()}.",
            "Made by `.venv/bin/python benchmarks/run.py`; contenders interleaved in one process run.", ""]
    text += ["## Targets", "", *targets_section(), ""]
    for title, lines in sections:
        text += [f"## {title}", "", *lines, ""]
    out = "\n".join(text)
    print(out)
    if not args.no_write:
        RESULTS.write_text(out)


if __name__ == "__main__":
    main()
