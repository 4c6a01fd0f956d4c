"""The core against real Gradio servers (4.44.1, 5.50.0, 6.31.0): what a user would check."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from gradio_tui.core.errors import ArgumentError, CallFailed, QueueFull, UnknownEndpoint, UsageError
from gradio_tui.core.protocol.events import (
    CancelledEvent,
    CompleteEvent,
    ErrorEvent,
    EstimationEvent,
    GeneratingEvent,
    LogEvent,
    ProgressEvent,
)
from gradio_tui.core.session import Session


async def connect(server, app: str, **kw) -> Session:
    return await Session.connect(server.url(app), timeout=kw.pop("timeout", 30), **kw)


async def test_connect_reads_version_prefix_and_endpoints(gradio_server):
    async with await connect(gradio_server, "basic") as s:
        assert s.schema.version == gradio_server.gradio_version
        assert s.schema.api_prefix == ("" if gradio_server.version == "4" else "/gradio_api")
        assert s.schema.root == gradio_server.url("basic").rstrip("/")
        greet = s.schema.endpoint("/greet")
        assert [p.name for p in greet.parameters] == ["name", "excited", "times"]
        times = greet.parameters[2]
        assert (times.minimum, times.maximum, times.step) == (1, 5, 1)
        assert greet.parameters[0].default == "World"


async def test_root_mounted_app(gradio_server):
    async with await Session.connect(gradio_server.base_url) as s:
        assert await s.submit("/add", [2, 3]).result() == [5]


async def test_call_equals_gradio_client_predict(gradio_server):
    gradio_client = pytest.importorskip("gradio_client")
    url = gradio_server.url("basic")
    async with await connect(gradio_server, "basic") as s:
        ours = await s.submit("/greet", ["Ada"], {"excited": True, "times": 2}).result()

    def predict():
        client = gradio_client.Client(url, verbose=False, download_files=False)
        try:
            return client.predict("Ada", True, 2, api_name="/greet")
        finally:
            client.close()

    theirs = await asyncio.to_thread(predict)
    assert ours == list(theirs)


async def test_generator_first_event_before_the_end(gradio_server):
    async with await connect(gradio_server, "gen") as s:
        events = [e async for e in s.submit("/count", [5, 0.3])]
    gens = [e for e in events if isinstance(e, GeneratingEvent)]
    done = events[-1]
    assert isinstance(done, CompleteEvent)
    assert done.data == ["tick0 tick1 tick2 tick3 tick4 "]
    assert [g.data[0] for g in gens] == ["tick0 ", "tick0 tick1 ", "tick0 tick1 tick2 ",
                                         "tick0 tick1 tick2 tick3 ", "tick0 tick1 tick2 tick3 tick4 "]
    assert gens[0].t < done.t - 0.9  # streamed as it ran, not buffered


async def test_generator_diffs_on_structured_outputs(gradio_server):
    async with await connect(gradio_server, "gen") as s:
        events = [e async for e in s.submit("/count_json", [4])]
    gens = [e.data for e in events if isinstance(e, GeneratingEvent)]
    assert gens[-1] == [{"items": [0, 1, 2, 3]}, 4]
    assert events[-1].data == gens[-1]


async def test_progress_and_logs(gradio_server):
    async with await connect(gradio_server, "progress") as s:
        events = [e async for e in s.submit("/slow_job", [3])]
    assert isinstance(events[-1], CompleteEvent)
    assert any(isinstance(e, ProgressEvent) and e.units for e in events)
    levels = {e.level.lower() for e in events if isinstance(e, LogEvent)}
    assert {"info", "warning"} <= levels


async def test_state_counts_in_one_session(gradio_server):
    async with await connect(gradio_server, "state") as s:
        counts = [(await s.submit("/increment").result())[0] for _ in range(3)]
        assert counts == ["1", "2", "3"]
        assert s.records[-1].session_hash == s.session_hash
        s.reset()
        assert await s.submit("/increment").result() == ["1"]


async def test_queue_rank_behind_a_busy_endpoint(gradio_server):
    async with await connect(gradio_server, "queued") as s:
        jobs = [s.submit("/slow", [1.0]) for _ in range(3)]

        async def ranks(job):
            return [e.rank for e in [e async for e in job] if isinstance(e, EstimationEvent)], job

        results = await asyncio.gather(*(ranks(j) for j in jobs))
    assert max(r for rs, _ in results for r in rs if r is not None) >= 1
    assert all(job.record.status == "complete" for _, job in results)
    # Each concurrent job of one endpoint runs under its own session_hash.
    assert len({job.session_hash for _, job in results}) == 3


async def test_cancel_stops_a_generator(gradio_server):
    async with await connect(gradio_server, "gen") as s:
        job = s.submit("/count", [50, 0.1])
        seen = []
        async for event in job:
            seen.append(event)
            if sum(isinstance(e, GeneratingEvent) for e in seen) == 2:
                await job.cancel()
        assert isinstance(seen[-1], CancelledEvent)
        assert sum(isinstance(e, GeneratingEvent) for e in seen) < 10
        assert job.record.status == "cancelled"


async def test_cancelling_one_job_leaves_the_other(gradio_server):
    async with await connect(gradio_server, "gen") as s:
        a = s.submit("/count", [8, 0.1])
        b = s.submit("/count", [40, 0.1])

        async def cancel_b():
            async for event in b:
                if isinstance(event, GeneratingEvent):
                    await b.cancel()

        result, _ = await asyncio.gather(a.result(), cancel_b())
        assert result == ["".join(f"tick{i} " for i in range(8))]
        assert b.record.status == "cancelled"


async def test_app_errors(gradio_server):
    async with await connect(gradio_server, "errors") as s:
        events = [e async for e in s.submit("/boom_gr", ["x"])]
        err = events[-1]
        # 4.x sends str(gr.Error), which is the message's repr: shown verbatim, as the app sent it.
        assert isinstance(err, ErrorEvent) and err.message.strip("'") == "Custom failure: x"
        if gradio_server.version != "4":
            assert err.title == "Bad input"
        with pytest.raises(CallFailed) as hidden:
            await s.submit("/boom_plain", ["x"]).result()
        assert hidden.value.app_message is None
        assert "hides error details" in str(hidden.value)
        gen_events = [e async for e in s.submit("/gen_error", [2])]
        assert [e.data for e in gen_events if isinstance(e, GeneratingEvent)] == [["step 1"], ["step 2"]]
        assert isinstance(gen_events[-1], ErrorEvent) and gen_events[-1].message.strip("'") == "Generator failed"


async def test_shown_errors(gradio_server):
    async with await connect(gradio_server, "errors_shown") as s:
        with pytest.raises(CallFailed) as shown:
            await s.submit("/boom_plain", ["x"]).result()
    assert "Plain failure: x" in str(shown.value)


async def test_arguments_checked_before_sending(gradio_server):
    async with await connect(gradio_server, "widgets") as s:
        ep = s.schema.endpoint("/describe")
        required = [p.name for p in ep.parameters if p.required]
        assert "size" in required
        with pytest.raises(ArgumentError, match="required"):
            s.submit("/describe", [], {})
        with pytest.raises(ArgumentError, match="not a parameter"):
            s.submit("/describe", [], {"size": "S", "colour": "red"})
        with pytest.raises(ArgumentError, match="not among the choices"):
            s.submit("/describe", [], {"size": "XL"})
        with pytest.raises(ArgumentError, match="maximum"):
            s.submit("/describe", [], {"size": "S", "level": 11})
        with pytest.raises(ArgumentError, match="expected"):
            s.submit("/describe", [], {"size": "S", "amount": "lots"})
        with pytest.raises(UnknownEndpoint, match="describe"):
            s.submit("/describ")
        assert s.records == []  # nothing was sent or recorded


async def test_choices_display_labels(gradio_server):
    async with await connect(gradio_server, "widgets") as s:
        choice = s.schema.endpoint("/describe").parameters[0]
        assert choice.choices and any(label != value for label, value in choice.choices)


async def test_files_upload_and_download(gradio_server, tmp_path):
    src = tmp_path / "my report (v2).txt"
    src.write_bytes("héllo\n".encode() * 100)
    async with await connect(gradio_server, "files") as s:
        data = await s.submit("/file_info", [str(src)]).result()
        info, report = data
        # The server keeps the name (older servers drop the parentheses).
        assert info.split(":")[0] in (src.name, "my report v2.txt")
        assert hashlib.sha256(src.read_bytes()).hexdigest() in info
        saved = await s.download(report, tmp_path / "out")
        assert saved.read_bytes()  # the report file arrived
        with pytest.raises(ArgumentError, match="not found"):
            s.submit("/file_info", [str(tmp_path / "missing.txt")])


async def test_visibility_rules(gradio_server):
    async with await connect(gradio_server, "visibility") as s:
        assert await s.submit("/hidden", ["a"]).result()
        private = [e for e in s.schema.endpoints if e.visibility == "private"]
        assert private
        with pytest.raises(UsageError, match="private"):
            s.submit(private[0].route, ["a"])
        assert await s.submit(private[0].route, ["a"], allow_private=True).result()


async def test_batch_function(gradio_server):
    async with await connect(gradio_server, "batch") as s:
        assert await s.submit("/batch_upper", ["abc"]).result() == ["ABC"]


async def test_chat_interface(gradio_server):
    async with await connect(gradio_server, "chat") as s:
        chat = next(e for e in s.schema.endpoints if e.visibility == "public" and e.generator)
        events = [e async for e in s.submit(chat, ["hello"])]
    assert isinstance(events[-1], CompleteEvent)
    assert "hello" in str(events[-1].data)


async def test_queue_full(gradio_server):
    async with await connect(gradio_server, "queued") as s:
        jobs = [s.submit("/slow", [0.5]) for _ in range(8)]
        outcomes = await asyncio.gather(*(j.result() for j in jobs), return_exceptions=True)
    assert any(isinstance(o, QueueFull) for o in outcomes)
    assert any(o == ["done"] for o in outcomes)


async def test_large_upload_reports_progress(gradio6, tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (64 * 1024 * 1024))
    async with await connect(gradio6, "files") as s:
        events = [e async for e in s.submit("/file_info", [str(big)])]
    uploads = [e for e in events if e.type == "upload"]
    assert uploads[-1].done and uploads[-1].bytes == big.stat().st_size
    partial = [u.bytes for u in uploads if not u.done]
    assert partial and partial == sorted(partial) and partial[-1] <= big.stat().st_size
    assert isinstance(events[-1], CompleteEvent)


async def test_multipage_targets(gradio_server):
    if gradio_server.version == "4":
        pytest.skip("gradio 4.x has no multipage apps")
    for src in (gradio_server.url("pages") + "/?page=second", gradio_server.url("pages") + "/second"):
        async with await Session.connect(src) as s:
            assert [e.route for e in s.schema.endpoints] == ["/second_fn"]
            assert s.schema.page == "second"
            assert await s.submit("/second_fn", ["y"]).result() == ["second:y"]
    async with await connect(gradio_server, "pages") as s:
        assert {e.route for e in s.schema.endpoints} == {"/home_fn", "/second_fn"}


async def test_oauth_token_only_when_granted(gradio6, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_fakeTOKEN1234")
    async with await connect(gradio6, "oauth") as s:
        assert s.schema.endpoint("/token_tail").oauth_token == "optional"
        assert "authorization" not in {k.lower() for k in s.client.headers}  # not an HF host
        assert await s.submit("/token_tail", ["a"]).result() == ["a:none"]
    async with await connect(gradio6, "oauth", grant_oauth=True) as s:
        assert await s.submit("/token_tail", ["a"]).result() == ["a:1234"]
