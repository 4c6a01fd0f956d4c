"""A local stand-in for the Hugging Face Hub and the Spaces proxy, for offline tests.

It serves the shapes of ``shared/fixtures/hub/`` on 127.0.0.1 (``HF_ENDPOINT`` points at it) and
plays scripted Spaces. Two ports, one process: the Hub API on ``stub.url`` and the Spaces' app
hosts on ``stub.app_base`` (a different host:port, so the token host rule treats them as what they
stand for: the Hub gets the token, app hosts do not). A Space's host is
``{app_base}/_app/{subdomain}``; it reverse-proxies (streaming, SSE included) to a real Gradio
app registered at run time, and rewrites the upstream's own URLs in bodies and headers so /config's
``root`` and file URLs point back through the proxy::

    stub = HubStub().start()
    space = stub.add_space("acme/echo", upstream=gradio6.url("basic"),
                           stages=["SLEEPING", "APP_STARTING", "RUNNING"])
    ...                                  # HF_ENDPOINT=stub.url
    space.wake_requests                  # requests the proxy saw while it slept
    stub.requests_to("/api/spaces/acme/echo")[0].headers["authorization"]
    stub.stop()

Stage scripts: each read of the stage (``/api/spaces/{id}``, ``/runtime``, ``/by-subdomain``)
returns the current stage, then moves to the next one; the last one sticks. A SLEEPING or STOPPED
stage does not move until a request reaches the Space's app host (that request gets a 503, as the
real proxy answers while a Space starts); the stage after it follows on the next read.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx
import uvicorn
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

from tests.support.shared import HUB_FIXTURES

SLEEPING = ("SLEEPING", "STOPPED")
RUNNING = ("RUNNING", "RUNNING_BUILDING", "RUNNING_APP_STARTING")
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length",
               "content-encoding", "host", "proxy-authorization", "proxy-connection"}
REWRITE_TYPES = ("text/", "application/json", "application/javascript", "application/x-javascript")


def fixture_json(name: str) -> Any:
    return json.loads((HUB_FIXTURES / name).read_text(encoding="utf-8"))


def fixture_log_events(name: str = "logs-run.sse.txt") -> list[str]:
    """The ``data:`` payloads of a recorded SSE body, keep-alives (empty) included."""
    out = []
    for line in (HUB_FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("data:"):
            out.append(line[5:].strip())
    return out


def fixture_http(name: str) -> tuple[int, dict[str, str], str]:
    """``rate-limited.txt``: a raw HTTP response → (status, headers, body)."""
    text = (HUB_FIXTURES / name).read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    lines = head.splitlines()
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip()] = value.strip()
    return status, headers, body.strip()


def log_event(text: str, timestamp: str | None = None) -> str:
    """One log SSE payload as the Hub sends it."""
    stamp = timestamp or time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return json.dumps({"data": text + "\n", "timestamp": stamp})


@dataclass
class Recorded:
    port: int
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]          # lower-case names
    body: bytes = b""

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class StubSpace:
    id: str
    upstream: str | None = None
    stages: list[str] = field(default_factory=lambda: ["RUNNING"])
    sdk: str = "gradio"
    hardware: str | None = "cpu-basic"
    private: bool = False
    error_message: str | None = None
    likes: int = 0
    trending: float = 0.0
    title: str | None = None
    emoji: str = "🧪"
    description: str | None = None
    gc_timeout: int = 172800
    logs: dict[str, list[str]] = field(default_factory=dict)   # "run"/"build" → SSE data payloads
    logs_end: str = "hold"           # after the events: "hold" (keep-alives), "close", "drop"
    drop_logs_after: int | None = None   # the first log connection drops after N events
    host: str = ""                   # set by the stub
    stage_index: int = 0
    wake_requests: int = 0
    stage_reads: list[str] = field(default_factory=list)
    log_connections: int = 0

    @property
    def subdomain(self) -> str:
        return self.id.lower().replace("/", "-").replace(".", "-").replace("_", "-")

    @property
    def stage(self) -> str:
        return self.stages[min(self.stage_index, len(self.stages) - 1)]

    def read_stage(self) -> str:
        stage = self.stage
        self.stage_reads.append(stage)
        if stage not in SLEEPING and self.stage_index < len(self.stages) - 1:
            self.stage_index += 1
        return stage

    def wake(self) -> None:
        self.wake_requests += 1
        if self.stage in SLEEPING and self.stage_index < len(self.stages) - 1:
            self.stage_index += 1

    def append_log(self, text: str, kind: str = "run") -> None:
        self.logs.setdefault(kind, []).append(log_event(text))


class HubStub:
    def __init__(self, token: str = "hf_stub_owner_token", user: str | None = None) -> None:
        self.owner_token = token
        self.user = user or fixture_json("whoami.json")["name"]
        self.url = ""                # the Hub: http://127.0.0.1:PORT
        self.app_base = ""           # the Spaces' hosts: http://127.0.0.1:PORT2
        self.port = self.app_port = 0
        self.spaces: dict[str, StubSpace] = {}
        self.requests: list[Recorded] = []
        self.semantic: tuple[int, Any] | None = None     # (status, body) override
        self.semantic_results: list[dict[str, Any]] = fixture_json("semantic-search-flux.json")
        self._faults: list[list[Any]] = []               # [path_prefix, status, times_left, headers, body]
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._proxy: httpx.AsyncClient | None = None

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> HubStub:
        socks = []
        for _ in range(2):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            sock.listen(128)
            sock.set_inheritable(True)
            socks.append(sock)
        self.port, self.app_port = (s.getsockname()[1] for s in socks)
        self.url = f"http://127.0.0.1:{self.port}"
        self.app_base = f"http://127.0.0.1:{self.app_port}"
        config = uvicorn.Config(self.asgi, interface="asgi3", log_level=os.environ.get("HUBSTUB_LOG", "critical"),
                                lifespan="off", access_log=False, timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": socks}, daemon=True,
                                        name="hubstub")
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the Hub stand-in did not start")
            time.sleep(0.01)
        self._socks = socks
        return self

    def stop(self) -> None:
        if self._proxy is not None and getattr(self, "_loop", None) is not None:
            try:
                asyncio.run_coroutine_threadsafe(self._proxy.aclose(), self._loop).result(timeout=2)
            except Exception:  # noqa: BLE001 - best effort at teardown
                pass
            self._proxy = None
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        for sock in getattr(self, "_socks", []):
            sock.close()

    def __enter__(self) -> HubStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget Spaces, requests and faults (between tests)."""
        self.spaces.clear()
        self.requests.clear()
        self._faults.clear()
        self.semantic = None
        self.semantic_results = fixture_json("semantic-search-flux.json")

    # --- scripting -------------------------------------------------------------------------------
    def add_space(self, space_id: str, *, upstream: str | None = None, stages: list[str] | str | None = None,
                  **fields: Any) -> StubSpace:
        stage_list = [stages] if isinstance(stages, str) else list(stages or ["RUNNING"])
        space = StubSpace(id=space_id, upstream=upstream.rstrip("/") if upstream else None, stages=stage_list,
                          **fields)
        space.host = f"{self.app_base}/_app/{space.subdomain}"
        if not space.logs:
            space.logs = {"run": fixture_log_events(),
                          "build": [log_event("Step 1/3 : FROM python:3.10"), log_event("Successfully built")]}
        self.spaces[space_id] = space
        return space

    def fail(self, path_prefix: str, status: int = 500, times: int | None = 1, headers: dict[str, str] | None = None,
             body: str = '{"error":"Internal Error"}') -> None:
        """The next ``times`` requests whose path starts with ``path_prefix`` get ``status``."""
        self._faults.append([path_prefix, status, times, headers or {}, body])

    def rate_limit(self, path_prefix: str, times: int | None = 1) -> None:
        """The next ``times`` requests under ``path_prefix`` get the recorded 429."""
        status, headers, body = fixture_http("rate-limited.txt")
        self.fail(path_prefix, status, times, headers, body)

    def requests_to(self, path_prefix: str, port: int | None = None) -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith(path_prefix) and (port is None or r.port == port)]

    def hub_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.port == self.port]

    def app_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.port == self.app_port]

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a subprocess CLI run against the stand-in (no token unless given)."""
        env = {k: v for k, v in os.environ.items() if k not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
        env.update({"HF_ENDPOINT": self.url, "GRADIO_TUI_HUB_POLL": "0.05", "NO_COLOR": "1",
                    "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
        env.update(extra)
        return env

    # --- shapes ----------------------------------------------------------------------------------
    def _runtime(self, space: StubSpace, stage: str) -> dict[str, Any]:
        data = copy.deepcopy(fixture_json("runtime-building.json"))
        data.update(stage=stage, gcTimeout=space.gc_timeout,
                    hardware={"current": space.hardware if stage in RUNNING else None, "requested": space.hardware},
                    domains=[{"domain": f"{space.subdomain}.hf.space", "stage": "READY"}])
        data["replicas"] = {"current": 1, "requested": 1} if stage in RUNNING else {"requested": 1}
        if space.error_message and stage not in RUNNING:
            data["errorMessage"] = space.error_message
        return data

    def _info(self, space: StubSpace) -> dict[str, Any]:
        data = copy.deepcopy(fixture_json("space-info.json"))
        owner, _, name = space.id.partition("/")
        data.update(id=space.id, author=owner, private=space.private, host=space.host, subdomain=space.subdomain,
                    likes=space.likes, sdk=space.sdk, trendingScore=space.trending,
                    runtime=self._runtime(space, space.read_stage()))
        data["cardData"].update(title=space.title or name, emoji=space.emoji, sdk=space.sdk,
                                short_description=space.description or f"the {name} test Space")
        return data

    def _listing_item(self, space: StubSpace) -> dict[str, Any]:
        owner, _, name = space.id.partition("/")
        return {"id": space.id, "author": owner, "likes": space.likes, "sdk": space.sdk, "private": space.private,
                "trendingScore": space.trending, "subdomain": space.subdomain, "tags": [space.sdk],
                "cardData": {"title": space.title or name, "emoji": space.emoji,
                             "short_description": space.description},
                "runtime": self._runtime(space, space.stage)}

    # --- the ASGI app --------------------------------------------------------------------------
    async def asgi(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        body = await request.body()
        port = scope["server"][1] if scope.get("server") else 0
        record = Recorded(port=port, method=request.method, path=request.url.path,
                          query=parse_qs(request.url.query), headers={k.lower(): v for k, v in request.headers.items()},
                          body=body)
        self.requests.append(record)
        response = self._fault(record) or await self._route(request, record)
        await response(scope, receive, send)

    def _fault(self, record: Recorded) -> Response | None:
        for fault in self._faults:
            prefix, status, times, headers, body = fault
            if record.path.startswith(prefix) and (times is None or times > 0):
                if times is not None:
                    fault[2] = times - 1
                return Response(body, status_code=status, headers=headers, media_type="application/json")
        return None

    def _authorized(self, record: Recorded) -> bool:
        return record.headers.get("authorization") == f"Bearer {self.owner_token}"

    def _has_token(self, record: Recorded) -> bool:
        return record.headers.get("authorization", "").startswith("Bearer ")

    def _find(self, owner: str, name: str, record: Recorded) -> StubSpace | None:
        space = self.spaces.get(f"{owner}/{name}")
        if space is None or (space.private and not self._authorized(record)):
            return None
        return space

    async def _route(self, request: Request, record: Recorded) -> Response:
        path = record.path
        if path.startswith("/_app/"):
            return await self._app(request, record)
        not_found = JSONResponse({"error": "Repository not found"}, status_code=404 if self._has_token(record) else 401,
                                 headers={"X-Error-Code": "RepoNotFound"})
        if path == "/api/whoami-v2":
            if not self._has_token(record):
                return JSONResponse({"error": "Invalid credentials in Authorization header"}, status_code=401)
            data = fixture_json("whoami.json")
            data["name"] = self.user
            return JSONResponse(data)
        if path == "/api/spaces/zero-gpu/quota":
            if not self._has_token(record):
                return JSONResponse({"error": "Invalid credentials in Authorization header"}, status_code=401)
            return JSONResponse(fixture_json("zero-gpu-quota.json"))
        if path == "/api/spaces/semantic-search":
            if self.semantic is not None:
                status, body = self.semantic
                return JSONResponse(body, status_code=status)
            return JSONResponse(self.semantic_results)
        if path == "/api/spaces":
            return self._listing(record)
        match = re.fullmatch(r"/api/spaces/by-subdomain/([^/]+)", path)
        if match:
            space = next((s for s in self.spaces.values() if s.subdomain == match.group(1)), None)
            if space is None or (space.private and not self._authorized(record)):
                return not_found
            return JSONResponse(self._info(space))
        match = re.fullmatch(r"/api/spaces/([^/]+)/([^/]+)(?:/(.*))?", path)
        if not match:
            return JSONResponse({"error": "Not Found"}, status_code=404)
        owner, name, tail = match.group(1), match.group(2), match.group(3) or ""
        if tail == "duplicate" and request.method == "POST":
            return self._duplicate(owner, name, record)
        space = self._find(owner, name, record)
        if space is None:
            return not_found
        if tail == "":
            return JSONResponse(self._info(space))
        if tail == "host":
            return JSONResponse({"subdomain": space.subdomain, "host": space.host})
        if tail == "runtime":
            return JSONResponse(self._runtime(space, space.read_stage()))
        if tail in ("logs/run", "logs/build"):
            if not self._authorized(record):
                return JSONResponse({"error": "Unauthorized"}, status_code=401)
            return self._logs(space, tail.split("/")[1])
        return JSONResponse({"error": "Not Found"}, status_code=404)

    def _listing(self, record: Recorded) -> Response:
        query = record.query
        search = (query.get("search") or [""])[0].lower()
        items = [self._listing_item(s) for s in self.spaces.values() if not s.private or self._authorized(record)]
        for raw in fixture_json("semantic-search-flux.json"):
            items.append({k: raw[k] for k in ("id", "author", "likes", "sdk", "private", "trendingScore", "runtime",
                                              "createdAt") if k in raw})
        items = [item for item in items if search in item["id"].lower()]
        sort = (query.get("sort") or [None])[0]
        if sort:
            items.sort(key=lambda item: -(item.get(sort) or 0))
        limit = int((query.get("limit") or ["0"])[0] or 0)
        return JSONResponse(items[:limit] if limit else items)

    def _duplicate(self, owner: str, name: str, record: Recorded) -> Response:
        if not self._has_token(record):
            return JSONResponse({"error": "Invalid credentials"}, status_code=401)
        source = self._find(owner, name, record)
        if source is None:
            return JSONResponse({"error": "Repository not found"}, status_code=404,
                                headers={"X-Error-Code": "RepoNotFound"})
        body = record.json or {}
        repo = body.get("repository", "")
        if repo in self.spaces:
            return JSONResponse({"error": f"You already created this space repo: {repo}"}, status_code=409)
        copy_space = self.add_space(repo, upstream=source.upstream, stages=["BUILDING", "RUNNING"],
                                    hardware=body.get("hardware") or source.hardware,
                                    private=body.get("visibility", "private") == "private", sdk=source.sdk)
        return JSONResponse({"url": f"{self.url}/spaces/{copy_space.id}"})

    def _logs(self, space: StubSpace, kind: str) -> Response:
        space.log_connections += 1
        first = space.log_connections == 1
        drop_after = space.drop_logs_after if first else None

        async def events():
            sent = 0
            while True:
                events_now = space.logs.get(kind, [])
                while sent < len(events_now):
                    if drop_after is not None and sent >= drop_after:
                        raise ConnectionResetError("the stand-in drops the log stream")
                    yield f"data: {events_now[sent]}\n\n".encode()
                    sent += 1
                if space.logs_end == "close":
                    return
                if space.logs_end == "drop":
                    raise ConnectionResetError("the stand-in drops the log stream")
                if drop_after is not None:
                    raise ConnectionResetError("the stand-in drops the log stream")
                await asyncio.sleep(0.05)
                if len(space.logs.get(kind, [])) == sent:
                    yield b"data: \n\n"       # keep-alive

        return StreamingResponse(events(), media_type="text/event-stream")

    # --- the Spaces proxy ----------------------------------------------------------------------
    async def _app(self, request: Request, record: Recorded) -> Response:
        sub, _, rest = record.path[len("/_app/"):].partition("/")
        space = next((s for s in self.spaces.values() if s.subdomain == sub), None)
        if space is None:
            return PlainTextResponse("404: no Space here", status_code=404)
        if space.stage in SLEEPING:
            space.wake()
            return PlainTextResponse(f"Space {space.id} is waking up", status_code=503)
        if space.stage not in RUNNING:
            return PlainTextResponse(f"Space {space.id} is {space.stage.lower()}", status_code=503)
        if not space.upstream:
            return PlainTextResponse("no upstream app registered for this Space", status_code=502)
        if self._proxy is None:
            self._proxy = httpx.AsyncClient(timeout=httpx.Timeout(60.0), follow_redirects=False, trust_env=False)
            self._loop = asyncio.get_running_loop()
        url = f"{space.upstream}/{rest}"
        headers = [(k, v) for k, v in request.headers.items()
                   if k.lower() not in HOP_HEADERS and k.lower() != "x-hf-authorization"]  # the real proxy strips it
        headers.append(("accept-encoding", "identity"))
        upstream_req = self._proxy.build_request(request.method, url, params=request.url.query or None,
                                                 headers=headers, content=record.body)
        try:
            upstream = await self._proxy.send(upstream_req, stream=True)
        except httpx.HTTPError as err:
            return PlainTextResponse(f"upstream unreachable: {err}", status_code=502)
        pattern = re.compile(re.escape(space.upstream) + r"(?![\w.-])")
        out_headers = [(k, pattern.sub(space.host, v)) for k, v in upstream.headers.multi_items()
                       if k.lower() not in HOP_HEADERS]
        content_type = upstream.headers.get("content-type", "")

        def rewrite(data: bytes) -> bytes:
            return pattern.sub(space.host, data.decode("utf-8", "replace")).encode("utf-8")

        if content_type.startswith("text/event-stream"):
            async def lines():
                pending = b""
                async for chunk in upstream.aiter_raw():
                    pending += chunk
                    head, sep, pending = pending.rpartition(b"\n")
                    if sep:
                        yield rewrite(head + sep)
                if pending:
                    yield rewrite(pending)

            return StreamingResponse(lines(), status_code=upstream.status_code, headers=dict(out_headers),
                                     background=BackgroundTask(upstream.aclose))
        if content_type.startswith(REWRITE_TYPES):
            data = rewrite(await upstream.aread())
            await upstream.aclose()
            response = Response(data, status_code=upstream.status_code)
        else:
            response = StreamingResponse(upstream.aiter_raw(), status_code=upstream.status_code,
                                         background=BackgroundTask(upstream.aclose))
        for key, value in out_headers:
            response.headers.append(key, value)
        return response
