"""Per-call round trip on one local echo endpoint: the core vs raw httpx vs gradio_client.

    .venv/bin/python benchmarks/call_roundtrip.py [--calls 200] [--url URL]

Starts the test apps' Gradio 6 server on 127.0.0.1 (unless --url is given), then runs the
contenders interleaved, call by call, so load on the machine hits them alike. Prints medians,
p95 and the ratio to raw httpx on the same transport (queue/join + queue/data).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gradio_tui.core.session import Session


async def raw_queue(client: httpx.AsyncClient, api: str, fn_index: int, text: str) -> list:
    """The floor for our transport: join, then read the session's stream to completion."""
    session_hash = uuid.uuid4().hex[:11]
    r = await client.post(f"{api}/queue/join", json={"data": [text], "fn_index": fn_index,
                                                      "session_hash": session_hash})
    event_id = r.json()["event_id"]
    async with aconnect_sse(client, "GET", f"{api}/queue/data", params={"session_hash": session_hash}) as src:
        async for sse in src.aiter_sse():
            import json

            msg = json.loads(sse.data)
            if msg.get("msg") == "process_completed" and msg.get("event_id") == event_id:
                return msg["output"]["data"]
    raise RuntimeError("no result")


async def raw_call(client: httpx.AsyncClient, api: str, name: str, text: str) -> list:
    """The documented two-step: POST /call/x, then GET /call/x/{id}."""
    import json

    r = await client.post(f"{api}/call/{name}", json={"data": [text]})
    event_id = r.json()["event_id"]
    async with aconnect_sse(client, "GET", f"{api}/call/{name}/{event_id}") as src:
        async for sse in src.aiter_sse():
            if sse.event == "complete":
                return json.loads(sse.data)
    raise RuntimeError("no result")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def measure(url: str, calls: int) -> dict[str, list[float]]:
    from gradio_client import Client

    session = await Session.connect(url)
    echo = session.schema.endpoint("/echo")
    api = session.schema.api_root
    client = httpx.AsyncClient(timeout=30)
    gc = await asyncio.to_thread(Client, url, verbose=False)
    times: dict[str, list[float]] = {"core": [], "raw queue": [], "raw /call": [], "gradio_client": []}
    for _ in range(5):  # warm up every path
        await session.submit(echo, ["warm"]).result()
        await raw_queue(client, api, echo.fn_index, "warm")
        await raw_call(client, api, "echo", "warm")
        await asyncio.to_thread(gc.predict, "warm", api_name="/echo")
    for i in range(calls):
        text = f"hello {i}"
        t = time.perf_counter()
        assert await session.submit(echo, [text]).result() == [text]
        times["core"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert await raw_queue(client, api, echo.fn_index, text) == [text]
        times["raw queue"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert await raw_call(client, api, "echo", text) == [text]
        times["raw /call"].append(time.perf_counter() - t)
        t = time.perf_counter()
        assert await asyncio.to_thread(gc.predict, text, api_name="/echo") == text
        times["gradio_client"].append(time.perf_counter() - t)
    await session.aclose()
    await client.aclose()
    gc.close()
    return times


def report(times: dict[str, list[float]]) -> str:
    floor = statistics.median(times["raw queue"])
    lines = ["| contender | median ms | p95 ms | × raw queue |", "|---|---:|---:|---:|"]
    for name, values in times.items():
        med = statistics.median(values)
        lines.append(f"| {name} | {med * 1000:.2f} | {pct(values, 0.95) * 1000:.2f} | {med / floor:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--url", help="an app with /echo (default: start the test apps' server)")
    args = parser.parse_args()
    server = None
    url = args.url
    if url is None:
        from tests.support.servers import GradioServer

        server = GradioServer("6", apps=["basic"])
        server.start()
        url = server.url("basic")
    try:
        times = asyncio.run(measure(url, args.calls))
    finally:
        if server is not None:
            server.stop()
    print(f"{args.calls} calls of /echo at {url}, interleaved\n")
    print(report(times))


if __name__ == "__main__":
    main()
