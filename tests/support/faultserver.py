"""A misbehaving Gradio server for fault injection (features are proven on real Gradio servers).

``FaultServer`` serves a small ASGI app (``FaultApp``) that speaks enough of Gradio's protocol
(config, info, login, upload, queue/join, queue/data, cancel, file=) to fail on cue. The HTTP
server under it is ours too (``tests/support/faulthttp.py``), so a fault can also be one a real server
never makes on purpose: a TCP reset instead of an answer, the connection cut inside a chunk, a
listening socket that refuses connections for a while.

    fs = FaultServer().start()                   # 127.0.0.1, a free port, its own thread
    fs.join_faults = [("status", 429, {"retry-after": "0"}), "reset", "ok"]
    fs.script = lambda eid, body: [estimation(eid), ("sleep", 0.1), completed(eid, ["x"])]
    ... Session.connect(fs.url) ...
    fs.requests                                  # every request: method, path, headers, body
    fs.stop()

Stream steps (``script`` returns them for one job; ``close_stream`` follows unless ``"hold"``):
``("msg", dict)`` one ``data:`` frame · ``("raw", bytes)`` bytes as they are · ``("sleep", s)`` ·
``("cut",)`` a TCP reset mid-stream · ``("trickle", bytes, seconds_per_byte)`` ·
``("heartbeats", every_s, count|None)`` (``None``: until the client goes) · ``("end",)`` end the
body now (no ``close_stream``) · ``("hold",)`` keep the stream open on heartbeats, no close.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.support.faulthttp import Abort, AsgiServer

FAULT_LOG: list[str] = []      # every fault the tests inject (for the count in the closing note)
VERSION = "6.31.0"
PREFIX = "/gradio_api"
COOKIE_NAME = "access-token-unsecure-fault"


# --- config / info builders ---------------------------------------------------------------------

def textbox(cid: int, label: str = "Text", value: Any = None, **props: Any) -> dict[str, Any]:
    return {"id": cid, "type": "textbox", "props": {"label": label, "value": value, **props},
            "api_info": {"type": "string"}, "skip_api": False}


def make_config(endpoints: list[dict[str, Any]] | None = None, *, title: str = "faulty",
                components: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """A 6.x config: by default ``/predict`` (text → text) and ``/gen`` (a generator)."""
    comps = components if components is not None else [textbox(1, "Input", "hi"), textbox(2, "Output")]
    deps = endpoints if endpoints is not None else [
        dependency(0, "predict", [1], [2]), dependency(1, "gen", [1], [2], generator=True)]
    return {"version": VERSION, "api_prefix": PREFIX, "protocol": "sse_v3", "mode": "blocks", "title": title,
            "components": comps, "dependencies": deps, "show_error": True, "max_file_size": None, **extra}


def dependency(fn: int, name: str | None, inputs: list[int], outputs: list[int], *, generator: bool = False,
               visibility: str = "public", **extra: Any) -> dict[str, Any]:
    return {"id": fn, "api_name": name, "api_visibility": visibility, "backend_fn": True, "inputs": inputs,
            "outputs": outputs, "targets": [[1, "click"]], "queue": True,
            "types": {"generator": generator, "cancel": False}, **extra}


def make_info(config: dict[str, Any]) -> dict[str, Any]:
    """The ``/info`` a server would derive from ``config`` (public endpoints, Textbox-like)."""
    comps = {c["id"]: c for c in config.get("components", []) if isinstance(c, dict) and "id" in c}
    named = {}
    for dep in config.get("dependencies", []):
        if not isinstance(dep, dict) or dep.get("api_visibility", "public") == "private" or not dep.get("api_name"):
            continue
        params = []
        for n, cid in enumerate(dep.get("inputs", [])):
            props = comps.get(cid, {}).get("props", {})
            params.append({"label": props.get("label"), "parameter_name": f"param_{n}" if n else "text",
                           "parameter_has_default": props.get("value") is not None,
                           "parameter_default": props.get("value"), "type": {"type": "string"},
                           "python_type": {"type": "str", "description": ""},
                           "component": comps.get(cid, {}).get("type", "textbox").capitalize(),
                           "example_input": "Hello!!"})
        returns = [{"label": comps.get(cid, {}).get("props", {}).get("label"), "type": {"type": "string"},
                    "python_type": {"type": "str", "description": ""}, "component": "Textbox"}
                   for cid in dep.get("outputs", [])]
        named[f"/{dep['api_name']}"] = {"parameters": params, "returns": returns,
                                        "api_visibility": dep.get("api_visibility", "public"),
                                        "description": dep.get("api_description", "")}
    return {"named_endpoints": named, "unnamed_endpoints": {}}


# --- stream steps ---------------------------------------------------------------------------------

def msg(**fields: Any) -> tuple[str, dict[str, Any]]:
    return ("msg", fields)


def estimation(eid: str, rank: int = 0) -> tuple[str, dict[str, Any]]:
    return msg(msg="estimation", event_id=eid, rank=rank, queue_size=rank + 1, rank_eta=None)


def starts(eid: str) -> tuple[str, dict[str, Any]]:
    return msg(msg="process_starts", event_id=eid, eta=None)


def completed(eid: str, data: list[Any], **output: Any) -> tuple[str, dict[str, Any]]:
    return msg(msg="process_completed", event_id=eid, success=True,
               output={"data": data, "is_generating": False, "duration": 0.01, "average_duration": 0.01, **output})


def failed(eid: str, error: str | None, title: str | None = None) -> tuple[str, dict[str, Any]]:
    return msg(msg="process_completed", event_id=eid, success=False, title=title or "Error",
               output={"error": error, "title": title})


def heartbeat() -> tuple[str, dict[str, Any]]:
    return msg(msg="heartbeat", event_id=None)


def echo_script(eid: str, body: dict[str, Any]) -> list[tuple]:
    """What a healthy app does: ack, start, answer ``["echo:<first input>"]``."""
    data = body.get("data") or [None]
    return [estimation(eid), starts(eid), completed(eid, [f"echo:{data[0]}"])]


def sse(message: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(message).encode() + b"\n\n"


# --- the recorded traffic ------------------------------------------------------------------------

@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    host: str
    at: float = field(default_factory=time.monotonic)


# --- the ASGI app ----------------------------------------------------------------------------------

class FaultApp:
    """The Gradio routes, with faults chosen by the attributes of its ``FaultServer``."""

    def __init__(self, server: FaultServer) -> None:
        self.server = server

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        srv = self.server
        path = scope["path"]
        method = scope["method"]
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope["query_string"].decode())
        srv.requests.append(Recorded(method, path, query, headers, body[:4096], headers.get("host", "")))
        route = srv.routes.get((method, path))
        if route is not None:
            return await route(scope, receive, send, body)
        if path == "/config" and method == "GET":
            return await self.config(send)
        if path == "/" and method == "GET":
            return await reply(send, 404, b"<html>nothing here</html>", "text/html")
        if path == "/login" and method == "POST":
            return await self.login(send, body)
        if path == "/redirect" and method == "GET":
            target = unquote(query.get("to", ["/"])[0])
            return await reply(send, 302, b"", headers=[(b"location", target.encode())])
        if not path.startswith(srv.prefix):
            return await reply(send, 404, b'{"detail":"Not Found"}')
        route_path = path[len(srv.prefix):]
        if route_path == "/info" and method == "GET":
            info = srv.info if srv.info is not None else make_info(srv.config)
            return await reply(send, 200, json.dumps(info).encode())
        if route_path == "/queue/join" and method == "POST":
            return await self.join(send, body)
        if route_path == "/queue/data" and method == "GET":
            return await self.data(send, receive, query.get("session_hash", [""])[0])
        if route_path == "/cancel" and method == "POST":
            return await reply(send, 200, b'{"success":true}')
        if route_path == "/upload" and method == "POST":
            return await reply(send, 200, json.dumps(["/tmp/fault/uploaded.bin"]).encode())
        if route_path.startswith("/file="):
            return await reply(send, 200, srv.file_bytes, "application/octet-stream")
        return await reply(send, 404, b'{"detail":"Not Found"}')

    async def config(self, send: Callable) -> None:
        srv = self.server
        if srv.auth and not srv.logged_in_cookie_seen():
            return await reply(send, 401, b'{"detail":{"error":"Not authenticated","auth_message":null}}')
        fault = srv.config_fault
        if fault is None:
            return await reply(send, 200, json.dumps(srv.config).encode())
        if fault[0] == "status":
            return await reply(send, fault[1], fault[2] if len(fault) > 2 else b"oops", "text/plain")
        if fault[0] == "raw":
            return await reply(send, 200, fault[1])
        if fault[0] == "hang":
            await asyncio.sleep(fault[1])
            return await reply(send, 200, json.dumps(srv.config).encode())
        raise AssertionError(f"unknown config fault {fault!r}")

    async def login(self, send: Callable, body: bytes) -> None:
        srv = self.server
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if srv.auth and (form.get("username"), form.get("password")) == srv.auth:
            cookie = f"{COOKIE_NAME}={srv.cookie_value}; HttpOnly; Path=/; SameSite=lax".encode()
            return await reply(send, 200, b'{"success":true}', headers=[(b"set-cookie", cookie)])
        return await reply(send, 400, b'{"detail":"Incorrect credentials."}')

    async def join(self, send: Callable, body: bytes) -> None:
        srv = self.server
        srv.joins += 1
        fault = srv.join_faults.pop(0) if srv.join_faults else "ok"
        if fault == "reset":
            raise Abort()
        if isinstance(fault, tuple) and fault[0] == "status":
            headers = [(k.encode(), v.encode()) for k, v in (fault[2] if len(fault) > 2 else {}).items()]
            text = fault[3] if len(fault) > 3 else json.dumps({"detail": f"fault {fault[1]}"}).encode()
            return await reply(send, fault[1], text, headers=headers)
        if isinstance(fault, tuple) and fault[0] == "raw":
            return await reply(send, 200, fault[1])
        try:
            payload = json.loads(body)
        except ValueError:
            return await reply(send, 422, b'{"detail":"bad json"}')
        eid = f"ev{srv.joins}-{uuid.uuid4().hex[:6]}"
        srv.sessions.setdefault(payload.get("session_hash", ""), []).append((eid, payload))
        return await reply(send, 200, json.dumps({"event_id": eid}).encode())

    async def data(self, send: Callable, receive: Callable, session_hash: str) -> None:
        srv = self.server
        if srv.data_status is not None:
            return await reply(send, srv.data_status, b"stream refused", "text/plain")
        jobs = srv.sessions.pop(session_hash, [])
        if not jobs:
            await start_stream(send)
            await send_body(send, sse({"msg": "unexpected_error", "event_id": None, "message": "404: Not Found",
                                       "session_not_found": True, "success": False}))
            return await send_body(send, b"", more=False)
        await start_stream(send)
        hold = False
        for eid, payload in jobs:
            for step in srv.script(eid, payload):
                kind = step[0]
                if kind == "msg":
                    await send_body(send, sse(step[1]))
                elif kind == "raw":
                    await send_body(send, step[1])
                elif kind == "sleep":
                    await asyncio.sleep(step[1])
                elif kind == "cut":
                    raise Abort()
                elif kind == "trickle":
                    for byte in step[1]:
                        await send_body(send, bytes([byte]))
                        await asyncio.sleep(step[2])
                elif kind == "heartbeats":
                    count = step[2]
                    while count is None or count > 0:
                        await asyncio.sleep(step[1])
                        await send_body(send, sse({"msg": "heartbeat", "event_id": None}))
                        count = None if count is None else count - 1
                elif kind == "end":
                    return await send_body(send, b"", more=False)
                elif kind == "hold":
                    hold = True
                else:
                    raise AssertionError(f"unknown step {step!r}")
        while hold:
            await asyncio.sleep(0.5)
            await send_body(send, sse({"msg": "heartbeat", "event_id": None}))
        await send_body(send, sse({"msg": "close_stream", "event_id": None}))
        await send_body(send, b"", more=False)


async def reply(send: Callable, status: int, body: bytes, content_type: str = "application/json",
                headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def start_stream(send: Callable) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache")]})


async def send_body(send: Callable, body: bytes, more: bool = True) -> None:
    await send({"type": "http.response.body", "body": body, "more_body": more})


# --- the server: the app on our small HTTP server (tests/support/faulthttp.py) ------------------------------

class FaultServer(AsgiServer):
    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__(FaultApp(self), host)
        self.reset()

    # --- scenario ---------------------------------------------------------------------------
    def reset(self) -> None:
        self.prefix = PREFIX
        self.config: dict[str, Any] = make_config()
        self.info: dict[str, Any] | None = None
        self.config_fault: tuple | None = None
        self.join_faults: list[Any] = []
        self.data_status: int | None = None
        self.script: Callable[[str, dict[str, Any]], list[tuple]] = echo_script
        self.routes: dict[tuple[str, str], Callable] = {}
        self.sessions: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.requests: list[Recorded] = []
        self.auth: tuple[str, str] | None = None
        self.cookie_value = "cookie-" + uuid.uuid4().hex
        self.file_bytes = b"file content"
        self.joins = 0
        self.connections = 0

    def logged_in_cookie_seen(self) -> bool:
        last = self.requests[-1] if self.requests else None
        return bool(last and f"{COOKIE_NAME}={self.cookie_value}" in last.headers.get("cookie", ""))
