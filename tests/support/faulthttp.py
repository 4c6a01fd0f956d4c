"""A tiny HTTP/1.1 server for one ASGI app, on asyncio streams in its own thread (tests only).

Ours rather than uvicorn's so that a fault can be one a real server never makes on purpose: the
app raises ``Abort`` to reset the TCP connection (SO_LINGER 0) whatever was sent, and
``refuse_for`` stops listening for a while (connection refused), dropping kept-alive connections
as a restarted server would. Keep-alive, chunked bodies both ways, ``http.disconnect`` when the
client goes; nothing else (no TLS, no pipelining, no HTTP/2).
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote


class Abort(Exception):
    """Raised by the app: reset the TCP connection now, whatever was sent."""


class AsgiServer:
    def __init__(self, app: Callable, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.port = 0
        self.connections = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url_as(self, host: str) -> str:
        """The same server under another host name (``localhost``): another origin for cookies."""
        return f"http://{host}:{self.port}"

    @property
    def open_connections(self) -> set[asyncio.StreamWriter]:
        return set(self._writers)

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self) -> AsgiServer:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self._listen())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="asgi-test-server", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("test server did not start")
        return self

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._connection, self.host, self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop is None:
            return
        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        self._loop = None

    def refuse_for(self, seconds: float) -> None:
        """Stop listening (connections are refused) for ``seconds``, then listen again on the same port."""
        assert self._loop is not None

        async def pause() -> None:
            assert self._server is not None
            self._server.close()
            for writer in list(self._writers):      # as a restarted server: kept-alive connections go too
                _reset(writer)
            await asyncio.sleep(seconds)
            self._server = await asyncio.start_server(self._connection, self.host, self.port, reuse_address=True)

        asyncio.run_coroutine_threadsafe(pause(), self._loop)
        time.sleep(0.05)

    # --- one connection: HTTP/1.1, keep-alive, chunked -------------------------------------------
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            while await self._one_request(reader, writer):
                pass
        except (Abort, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            _reset(writer)
        except Exception:  # noqa: BLE001 - the app failed: cut the connection
            _reset(writer)
        finally:
            self._writers.discard(writer)
            if not writer.transport.is_closing():
                writer.close()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = []
        for raw in lines[1:]:
            if raw:
                name, _, value = raw.partition(":")
                headers.append((name.strip().lower().encode("latin-1"), value.strip().encode("latin-1")))
        hmap = dict(headers)
        if hmap.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                body += await reader.readexactly(size)
                await reader.readexactly(2)
        else:
            body = await reader.readexactly(int(hmap.get(b"content-length", b"0")))
        path, _, query = target.partition("?")
        scope = {"type": "http", "method": method, "path": unquote(path), "raw_path": path.encode(),
                 "query_string": query.encode(), "headers": headers, "http_version": "1.1",
                 "client": writer.get_extra_info("peername"), "server": (self.host, self.port)}
        state = {"body_sent": False, "chunked": False, "done": False}

        async def receive() -> dict[str, Any]:
            if not state["body_sent"]:
                state["body_sent"] = True
                return {"type": "http.request", "body": body, "more_body": False}
            data = await reader.read(65536)
            if not data:
                return {"type": "http.disconnect"}
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if writer.transport.is_closing() or reader.at_eof():
                raise ConnectionResetError("client went away")
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message["headers"]}
                state["chunked"] = b"content-length" not in names
                out = [f"HTTP/1.1 {message['status']} {_REASONS.get(message['status'], 'Status')}".encode()]
                out += [k + b": " + v for k, v in message["headers"]]
                if state["chunked"]:
                    out.append(b"transfer-encoding: chunked")
                writer.write(b"\r\n".join(out) + b"\r\n\r\n")
            elif message["type"] == "http.response.body":
                data = message.get("body", b"")
                more = message.get("more_body", False)
                if state["chunked"]:
                    if data:
                        writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    if not more:
                        writer.write(b"0\r\n\r\n")
                else:
                    writer.write(data)
                if not more:
                    state["done"] = True
                await writer.drain()

        await self.app(scope, receive, send)
        return state["done"] and hmap.get(b"connection", b"").lower() != b"close"


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0), as a crashed process or a cutting proxy would."""
    sock = writer.get_extra_info("socket")
    try:
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    writer.transport.abort()


_REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
            422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
            503: "Service Unavailable"}
