"""An app's MCP server (Gradio ≥ 5.28 with ``mcp_server=True``): what it offers, and calling its tools.

``mcp_schema(client, api_root, config)`` reads ``GET {P}/mcp/schema`` (Gradio's own list: each tool's name,
description, input schema and ``meta``: the endpoint it maps to, tool / resource / prompt, the
headers it needs). ``McpClient`` speaks the streamable HTTP transport at ``{P}/mcp/`` itself —
JSON-RPC 2.0 over POST, each answer either JSON or an SSE stream, ``Mcp-Session-Id`` echoed when
the server sets one — through the session's httpx client, so the token stays scoped
(``core.http``). Not the ``mcp`` SDK at run time: it would add pydantic, starlette, uvicorn,
jsonschema and sse-starlette (~18 MB installed; importing its client took 4-5 s against 1.5 s
for this module on the loaded 2-core test machine) for four methods, and it has no cap on an
answer's size or a stream's silence that the hostile-server tests could hold it to. Every
answer is capped and timed as ``core.bodies`` does: a huge, endless or malformed answer is a
``McpError`` (exit 3), a silent or trickling one a ``TimeoutError_`` (exit 4).

A tool call yields the core's own events (``ProgressEvent`` for ``notifications/progress``,
``LogEvent`` for ``notifications/message``, then ``CompleteEvent`` / ``ErrorEvent``), so the
faces fold them into a ``CallState`` and word them with ``present.summary`` like any call.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.call import CallState
from gradio_tui.core.errors import AuthRequired, ConnectError, GradioTuiError, TimeoutError_, UsageError
from gradio_tui.core.net.bodies import BodyTooLarge, fetch, mib
from gradio_tui.core.net.http import REQUEST_ERRORS
from gradio_tui.core.protocol.discovery import describe_transport_error
from gradio_tui.core.protocol.events import CompleteEvent, ErrorEvent, Event, LogEvent, ProgressEvent
from gradio_tui.core.protocol.sse import FrameTooLarge, SSEDecoder
from gradio_tui.core.textsafe import plain, register_secret

PROTOCOL_VERSION = "2025-06-18"
MAX_SCHEMA = 8 * 1024 * 1024          # bytes of /mcp/schema's answer
MAX_ANSWER = 64 * 1024 * 1024         # bytes of one JSON-RPC answer (JSON or a whole SSE stream)
MAX_MESSAGE = 16 * 1024 * 1024        # characters of one SSE message
MAX_NOTIFICATIONS = 100_000           # notifications one call may send before its answer
FILE_FORMAT = "Gradio File Input"     # how Gradio marks a file parameter in a tool's input schema


class McpError(ConnectError):
    """The MCP server cannot be used: none there, or a malformed, oversized or failed answer."""


# --- what the server offers --------------------------------------------------------------------

@dataclass
class McpTool:
    """One entry of ``/mcp/schema`` (a tool, a resource or a prompt)."""

    name: str
    description: str = ""
    input_schema: dict[str, Any] = field(default_factory=dict)
    endpoint: str | None = None            # the Gradio endpoint it calls, "/name"
    kind: str = "tool"                     # tool | resource | prompt
    headers: list[str] = field(default_factory=list)   # request headers the function reads (gr.Header)
    file_params: list[str] = field(default_factory=list)   # parameters that take a file (a URL)

    @property
    def needs_files(self) -> bool:
        return bool(self.file_params)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["needs_files"] = self.needs_files
        return data


@dataclass
class McpInfo:
    """An app's MCP server as gradio-tui sees it. ``enabled``: the config's ``mcp_server`` flag."""

    url: str                               # the streamable HTTP endpoint, ``{P}/mcp/``
    enabled: bool
    tools: list[McpTool] = field(default_factory=list)
    reason: str | None = None              # why the list is empty (no MCP server, an unreadable schema)

    def of_kind(self, kind: str) -> list[McpTool]:
        return [t for t in self.tools if t.kind == kind]

    def tool(self, name: str) -> McpTool:
        for tool in self.tools:
            if tool.name == name and tool.kind == "tool":
                return tool
        names = ", ".join(t.name for t in self.of_kind("tool")) or "none"
        raise UsageError(f"the app's MCP server has no tool {name[:100]!r}", hint=f"its tools: {names}")

    @property
    def headers(self) -> list[str]:
        """Every header some tool needs, in first-seen order."""
        return list(dict.fromkeys(h for t in self.tools for h in t.headers))

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "enabled": self.enabled, "reason": self.reason,
                "tools": [t.to_json() for t in self.of_kind("tool")],
                "resources": [t.to_json() for t in self.of_kind("resource")],
                "prompts": [t.to_json() for t in self.of_kind("prompt")]}


def mcp_url(api_root: str) -> str:
    return f"{api_root}/mcp/"


def enabled_in(config: dict[str, Any]) -> bool:
    """The config's ``mcp_server`` flag (Gradio ≥ 5.28 sets it when the server runs)."""
    return config.get("mcp_server") is True


def file_params(schema: Any) -> list[str]:
    """The input schema's properties that Gradio marks as file inputs (anywhere inside them)."""
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return []
    return [str(name) for name, spec in props.items() if FILE_FORMAT in wirejson.dumps(spec)]


def parse_schema(data: Any) -> list[McpTool]:
    """``/mcp/schema``'s list → tools; entries of another shape are skipped, never an exception,
    and so is a second entry of the same kind and name (a call names a tool: only the first is
    reachable, and the TUI's list keys its rows by it).

    Its ``meta.file_data_present`` is not used: Gradio carries it over from earlier tools."""
    if not isinstance(data, list):
        raise McpError("the app's /mcp/schema is not a list of tools")
    tools = []
    seen: set[tuple[str, str]] = set()
    for entry in data:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        meta, schema = _dict(entry.get("meta")), _dict(entry.get("inputSchema"))
        kind = str(meta.get("mcp_type") or "tool")
        if (kind, entry["name"]) in seen:
            continue
        seen.add((kind, entry["name"]))
        endpoint = meta.get("endpoint_name")
        headers = _list(meta.get("headers"))
        tools.append(McpTool(
            name=entry["name"], description=str(entry.get("description") or ""), input_schema=schema,
            endpoint=f"/{endpoint.lstrip('/')}" if isinstance(endpoint, str) and endpoint else None,
            kind=kind, headers=[str(h) for h in headers], file_params=file_params(schema)))
    return tools


async def mcp_schema(client: httpx.AsyncClient, api_root: str, config: dict[str, Any], *,
                     timeout: float = 30.0) -> McpInfo:
    """The app's MCP offer. An app without an MCP server is ``enabled=False`` with a reason,
    never an error; a server whose schema cannot be read raises ``McpError``."""
    info = McpInfo(url=mcp_url(api_root), enabled=enabled_in(config))
    if not info.enabled:
        info.reason = "the app runs no MCP server (launch it with mcp_server=True or GRADIO_MCP_SERVER=True)"
        return info
    url = f"{api_root}/mcp/schema"
    try:
        response = await fetch(client, "GET", url, limit=MAX_SCHEMA, deadline=timeout)
    except REQUEST_ERRORS as err:
        raise describe_transport_error(url, err) from None
    if response.status_code != 200:
        raise McpError(f"the app's MCP schema: HTTP {response.status_code} at {url}")
    try:
        info.tools = parse_schema(wirejson.loads(response.content))
    except (ValueError, RecursionError):
        raise McpError(f"the app's MCP schema at {url} is not JSON") from None
    return info


# --- the client --------------------------------------------------------------------------------

class McpClient:
    """JSON-RPC 2.0 over the streamable HTTP transport, on the session's client.

    ``extra_headers``: what the tools read (``gr.Header``), sent with every request."""

    def __init__(self, client: httpx.AsyncClient, url: str, *, timeout: float = 30.0,
                 extra_headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.url = url
        self.timeout = timeout
        self.extra_headers = dict(extra_headers or {})
        self.session_id: str | None = None
        self.protocol: str | None = None
        self.server_info: dict[str, Any] = {}
        self._ids = itertools.count(1)

    def _headers(self) -> dict[str, str]:
        headers = {"accept": "application/json, text/event-stream", "content-type": "application/json",
                   **self.extra_headers}
        if self.session_id:
            headers["mcp-session-id"] = self.session_id
        if self.protocol:
            headers["mcp-protocol-version"] = self.protocol
        return headers

    async def initialize(self) -> dict[str, Any]:
        """``initialize`` then ``notifications/initialized``: the server's name and capabilities."""
        result = await self.request("initialize", {
            "protocolVersion": PROTOCOL_VERSION, "capabilities": {},
            "clientInfo": {"name": "gradio-tui", "version": _version()}})
        version = result.get("protocolVersion")
        self.protocol = version if header_safe(version, 40) else PROTOCOL_VERSION
        info = result.get("serverInfo")
        self.server_info = info if isinstance(info, dict) else {}
        await self.notify("notifications/initialized")
        return result

    async def list_tools(self) -> list[dict[str, Any]]:
        result = await self.request("tools/list", {})
        tools = result.get("tools")
        if not isinstance(tools, list):
            raise McpError("the MCP server's tools/list answer has no list of tools")
        return [t for t in tools if isinstance(t, dict)]

    async def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """One request, its whole answer within the timeout; its ``result``."""
        async def answer() -> dict[str, Any] | None:
            async for message in self._exchange(method, params):
                if "id" in message and "method" not in message:
                    return _result_of(message, method)
            return None

        try:
            result = await asyncio.wait_for(answer(), self.timeout)
        except asyncio.TimeoutError:
            raise TimeoutError_(f"the MCP server did not answer {method} within {self.timeout:g} s",
                                hint="raise --timeout") from None
        if result is None:
            raise McpError(f"the MCP server's answer to {method} ended without a result")
        return result

    async def notify(self, method: str) -> None:
        try:
            response = await fetch(self.client, "POST", self.url, limit=MAX_SCHEMA, deadline=self.timeout,
                                   headers=self._headers(), content=_body({"jsonrpc": "2.0", "method": method}),
                                   follow_redirects=False)
        except REQUEST_ERRORS as err:
            raise describe_transport_error(self.url, err) from None
        self._check_status(response, method)

    async def call_tool(self, name: str, arguments: dict[str, Any]) -> AsyncIterator[Event]:
        """``tools/call`` with a progress token: its notifications as events, then its end.

        The answer may take as long as the tool runs; ``timeout`` is how long the server may
        stay silent (no whole message) before the call is given up (``TimeoutError_``)."""
        started = time.monotonic()
        token = f"gradio-tui-{next(self._ids)}"
        params = {"name": name, "arguments": arguments, "_meta": {"progressToken": token}}
        notifications = 0
        messages = self._exchange("tools/call", params).__aiter__()
        while True:
            try:
                message = await asyncio.wait_for(messages.__anext__(), self.timeout)
            except StopAsyncIteration:
                raise McpError(f"the MCP server's answer to tools/call {name} ended without a result") from None
            except asyncio.TimeoutError:
                await messages.aclose()  # type: ignore[attr-defined]
                raise TimeoutError_(f"the MCP server sent nothing for {self.timeout:g} s during tools/call {name}",
                                    hint="raise --timeout") from None
            t = time.monotonic() - started
            raw = _clip(wirejson.dumps(message))
            if "method" in message:
                notifications += 1
                if notifications > MAX_NOTIFICATIONS:
                    await messages.aclose()  # type: ignore[attr-defined]
                    raise McpError(f"the MCP server sent more than {MAX_NOTIFICATIONS:,} notifications "
                                   f"during tools/call {name}")
                event = _notification_event(message, t, raw)
                if event is not None:
                    yield event
                continue
            if "id" not in message:
                continue
            await messages.aclose()  # type: ignore[attr-defined]
            if message.get("error") is not None:     # the server refused the call: the app's answer (exit 1)
                try:
                    _result_of(message, "tools/call")
                except McpError as err:
                    yield ErrorEvent(t=t, raw=raw, message=str(err), title="MCP error", kind="mcp")
                return
            yield _result_event(_result_of(message, "tools/call"), t, raw)
            return

    async def _exchange(self, method: str, params: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """POST one request; yield every JSON-RPC message of its answer (JSON or SSE), capped."""
        request_id = next(self._ids)
        body = _body({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        try:
            async with self.client.stream("POST", self.url, headers=self._headers(), content=body,
                                          follow_redirects=False) as response:
                if response.status_code >= 300 or response.status_code in (202, 204):
                    self._check_status(response, method)
                    raise McpError(f"the MCP server answered {method} with no content (HTTP {response.status_code})")
                session_id = response.headers.get("mcp-session-id")
                if header_safe(session_id, 200):
                    self.session_id = session_id
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind == "text/event-stream":
                    async for message in _sse_messages(response, method):
                        yield message
                elif kind == "application/json":
                    data = await _read(response, method)
                    for message in _messages_of(data, method):
                        yield message
                else:
                    raise McpError(f"the MCP server answered {method} with {kind[:60] or 'no content type'}, "
                                   "not JSON or an event stream")
        except REQUEST_ERRORS as err:
            raise describe_transport_error(self.url, err) from None

    def _check_status(self, response: httpx.Response, method: str) -> None:
        status = response.status_code
        if 300 <= status < 400:     # not followed: httpx keeps the tools' headers (--header) on any redirect
            where = response.headers.get("location", "")
            raise McpError(f"the MCP server answered {method} with a redirect (HTTP {status}) "
                           f"to {_clip(plain(where), 200) or 'nowhere'}: not followed",
                           hint="the headers given for the app go to its MCP endpoint only; "
                                "give the app's final URL instead")
        if status in (401, 403):
            raise AuthRequired(f"the MCP server refused {method}: HTTP {status}",
                               hint="a private Space needs HF_TOKEN; a tool may need its headers (--header)")
        if status == 404:
            raise McpError(f"no MCP server at {self.url} (HTTP 404)",
                           hint="the app must be launched with mcp_server=True")
        if status >= 400:
            raise McpError(f"the MCP server answered {method} with HTTP {status}")


class McpCall:
    """One tool call as the faces see any call: its events, folded into a ``CallState``.

    A failure of the exchange (a timeout, a malformed answer) ends it with an ``error`` event
    whose value keeps its exit code, so a face never sees an exception from it."""

    def __init__(self, client: McpClient, name: str, arguments: dict[str, Any]) -> None:
        self.client = client
        self.name = name
        self.arguments = arguments
        self.state = CallState()
        self.events: list[Event] = []
        self.started = time.monotonic()

    async def __aiter__(self) -> AsyncIterator[Event]:
        try:
            if self.client.protocol is None:
                await self.client.initialize()
            async for event in self.client.call_tool(self.name, self.arguments):
                self._add(event)
                yield event
        except GradioTuiError as err:
            kind = "timeout" if isinstance(err, TimeoutError_) else "mcp"
            event = ErrorEvent(t=time.monotonic() - self.started, message=str(err), title="MCP", kind=kind)
            self._add(event, err)
            yield event

    def _add(self, event: Event, error: GradioTuiError | None = None) -> None:
        self.events.append(event)
        self.state.apply(event, error)

    @property
    def outputs(self) -> list[Any] | None:
        return self.state.outputs


# --- one answer's messages ---------------------------------------------------------------------

async def _read(response: httpx.Response, method: str) -> Any:
    size, chunks = 0, []
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER:
            raise BodyTooLarge(f"the MCP server's answer to {method} is larger than {mib(MAX_ANSWER)}",
                               hint="a broken or hostile server")
        chunks.append(chunk)
    try:
        return wirejson.loads(b"".join(chunks))
    except (ValueError, RecursionError):
        raise McpError(f"the MCP server's answer to {method} is not JSON") from None


async def _sse_messages(response: httpx.Response, method: str) -> AsyncIterator[dict[str, Any]]:
    decoder = SSEDecoder(max_frame=MAX_MESSAGE)
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > MAX_ANSWER:
                raise BodyTooLarge(f"the MCP server's answer to {method} is larger than {mib(MAX_ANSWER)}",
                                   hint="a broken or hostile server")
            for frame in decoder.feed(chunk):
                if frame.event not in ("", "message") or not frame.data:
                    continue
                try:
                    data = wirejson.loads(frame.data)
                except (ValueError, RecursionError):
                    raise McpError(f"the MCP server sent a message that is not JSON during {method}: "
                                   f"{_clip(frame.data, 80)!r}") from None
                for message in _messages_of(data, method):
                    yield message
    except FrameTooLarge:
        raise McpError(f"the MCP server sent a message larger than {mib(MAX_MESSAGE)} during {method}",
                       hint="a broken or hostile server") from None


def _messages_of(data: Any, method: str) -> list[dict[str, Any]]:
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(m, dict) and m.get("jsonrpc") == "2.0" for m in items):
        raise McpError(f"the MCP server's answer to {method} is not JSON-RPC 2.0")
    return items


def _result_of(message: dict[str, Any], method: str) -> dict[str, Any]:
    error = message.get("error")
    if error is not None:
        text = error.get("message") if isinstance(error, dict) else error
        code = error.get("code") if isinstance(error, dict) else None
        raise McpError(f"the MCP server answered {method} with an error"
                       + (f" {code}" if isinstance(code, int) else "") + f": {_clip(str(text), 300)}")
    result = message.get("result")
    if not isinstance(result, dict):
        raise McpError(f"the MCP server's answer to {method} has no result object")
    return result


def _notification_event(message: dict[str, Any], t: float, raw: str) -> Event | None:
    params = _dict(message.get("params"))
    if message.get("method") == "notifications/progress":
        text = params.get("message")
        step = params.get("progress")
        words = f"step {step:g}" if isinstance(step, (int, float)) and not isinstance(step, bool) else "step"
        unit: dict[str, Any] = {"desc": _clip(str(text), 200) if text is not None else words}
        total = params.get("total")
        if isinstance(total, (int, float)) and not isinstance(total, bool):
            unit.update(index=params.get("progress"), length=total)
        return ProgressEvent(t=t, raw=raw, units=[unit])
    if message.get("method") == "notifications/message":
        data = params.get("data")
        return LogEvent(t=t, raw=raw, level=_clip(str(params.get("level") or "info"), 20),
                        message=_clip(data if isinstance(data, str) else wirejson.dumps(data), 2000),
                        title=str(params["logger"])[:100] if params.get("logger") else None)
    return None


def _result_event(result: dict[str, Any], t: float, raw: str) -> Event:
    content = _list(result.get("content"))
    if result.get("isError") is True:
        texts = [str(c["text"]) for c in content if isinstance(c, dict) and isinstance(c.get("text"), str)]
        return ErrorEvent(t=t, raw=raw, message=_clip(" ".join(texts), 2000) or None, title="MCP tool error",
                          kind="app")
    data = [content_value(c) for c in content]
    if "structuredContent" in result and not content:
        data = [result["structuredContent"]]
    return CompleteEvent(t=t, raw=raw, data=data)


def content_value(item: Any) -> Any:
    """One ``content`` item as a value: a text's text, a resource link's URI, else the item."""
    if isinstance(item, dict):
        if item.get("type") == "text" and isinstance(item.get("text"), str):
            return item["text"]
        if item.get("type") == "resource_link" and isinstance(item.get("uri"), str):
            return item["uri"]
        if item.get("type") == "image" and isinstance(item.get("data"), str):
            return {"type": "image", "mimeType": item.get("mimeType"), "bytes": len(item["data"]) * 3 // 4}
    return item


REFUSED_HEADERS = ("authorization", "cookie", "x-hf-authorization")


def tool_header(item: str) -> tuple[str, str]:
    """``NAME=VALUE`` as typed (``--header``, the TUI's headers box) → the header a tool reads,
    the value registered as a secret (often a key). What is wrong is said without repeating the
    item: it may hold the key (``x-api-key: sk-…``, curl's form, has no ``=``)."""
    name, sep, value = item.partition("=")
    name, value = name.strip().lower(), value.strip()
    if not sep or not name or not all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
        raise UsageError("a header needs NAME=VALUE, NAME of letters, digits, - and _ (what was given is "
                         "not repeated: it may hold a key)", hint="e.g. x-api-key=VALUE, not 'NAME: VALUE'")
    if name in REFUSED_HEADERS:
        raise UsageError(f"the header {name} is not taken: give a token with --token or HF_TOKEN")
    if not all(" " <= c <= "~" for c in value):
        raise UsageError(f"the value of the header {name} is not plain ASCII text (an HTTP header cannot carry it)")
    register_secret(value)          # a tool's header is often a key: masked wherever it turns up
    return name, value


def header_safe(value: Any, limit: int) -> bool:
    """Whether a server's value may go back as a request header: visible ASCII only (the MCP
    spec's rule for a session id; httpx cannot send anything else), shorter than ``limit``."""
    return isinstance(value, str) and 0 < len(value) < limit and all("!" <= c <= "~" for c in value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _body(message: dict[str, Any]) -> bytes:
    return wirejson.dumps(message).encode()


def _clip(text: str, limit: int = 64 * 1024) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _version() -> str:
    from gradio_tui import __version__

    return __version__


# --- comparing with the Gradio API ---------------------------------------------------------------

def as_text(value: Any) -> str:
    """A Gradio output as Gradio's MCP server words it (a string as is, else JSON)."""
    return value if isinstance(value, str) else wirejson.dumps(value)


def agree(mcp_values: list[Any], api_values: list[Any]) -> bool:
    """Whether an MCP result says what the Gradio API's outputs say (texts compared)."""
    return [as_text(v) for v in mcp_values] == [as_text(v) for v in api_values]


__all__ = ["GradioTuiError", "McpClient", "McpError", "McpInfo", "McpTool", "mcp_schema", "mcp_url", "tool_header"]
