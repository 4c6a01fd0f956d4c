"""A local app gets a new connection for each request (issue 16: launch → ready form).

uvicorn writes a response's headers and its body apart; on a kept-alive connection the body
waited for the client's delayed ACK of the headers: 40 ms for each request after the first on
Linux, the connect's ``/info`` among them. A loopback connection costs a fraction of a
millisecond, so ``make_client`` keeps none to loopback; the requests are the same. Timings are
in ``benchmarks/`` (not timed here).
"""

from __future__ import annotations

import pytest

from gradio_tui.core.net.http import make_client
from gradio_tui.core.protocol.events import CompleteEvent
from gradio_tui.core.session import Session

pytestmark = pytest.mark.faults


async def test_each_request_to_a_local_app_has_its_own_connection(fs):
    async with await Session.connect(fs.url, timeout=5) as session:
        events = [event async for event in session.submit("/predict", ["x"])]
        assert isinstance(events[-1], CompleteEvent)
    paths = [request.path for request in fs.requests]
    assert any(path.endswith("/config") for path in paths) and any(path.endswith("/info") for path in paths)
    assert fs.connections == len(paths), f"{len(paths)} requests on {fs.connections} connections: {paths}"


async def test_a_remote_host_keeps_its_connections():
    async with make_client(5) as client:
        remote = client._transport_for_url(client.build_request("GET", "https://example.org/config").url)
        local = client._transport_for_url(client.build_request("GET", "http://127.0.0.1:7860/config").url)
        assert remote is not local
        assert remote._pool._max_keepalive_connections == 16      # the pool settings (read only)
        assert local._pool._max_keepalive_connections == 0
