"""Listeners that read event data (gr.SelectData, gr.LikeData, gr.KeyUpData, gr.EditData):
callable from the core, the CLI (``--event-data``) and the curl and JavaScript snippets on
4.44, 5.50 and 6.31 (tests/apps/events.py); gradio_client cannot send it, and its snippet says so."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gradio_tui.cli.main import main
from gradio_tui.core.errors import ArgumentError
from gradio_tui.core.protocol.eventdata import event_trigger
from gradio_tui.core.session import Session
from gradio_tui.core.snippets import render
from tests.core.test_snippets_live import JS_DIR, js_problem, snippet_env


def test_the_config_says_which_event_and_its_fields():
    comps = {1: {"type": "dataframe", "props": {"value": {"data": [["a", "b"]]}}},
             2: {"type": "chatbot",
                 "props": {"value": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]}}}
    select = event_trigger({"targets": [[1, "select"]], "collects_event_data": True}, comps)
    assert select is not None and select.trigger_id == 1 and select.class_name == "gr.SelectData"
    assert select.sample == {"index": [0, 0], "value": "a", "selected": True}
    like = event_trigger({"targets": [[2, "like"]], "collects_event_data": True}, comps)
    assert like is not None and like.data({"liked": False}) == {"index": 0, "value": "hi", "liked": False}
    # A listener that reads no event data, and hostile shapes: nothing.
    assert event_trigger({"targets": [[1, "select"]], "collects_event_data": False}, comps) is None
    assert event_trigger({"targets": "x", "collects_event_data": True}, comps) is None
    odd = event_trigger({"targets": [[["x"], {"y": 1}]], "collects_event_data": True}, comps)
    assert odd is not None and odd.trigger_id is None and odd.sample == {}
    with pytest.raises(ArgumentError, match="JSON object"):
        select.data([1, 2])


async def test_core_calls_each_event_listener(gradio_server):
    async with await Session.connect(gradio_server.url("events")) as session:
        events = {ep.api_name: ep.event.event for ep in session.schema.endpoints if ep.event}
        assert {"on_select": "select", "on_like": "like", "on_key_up": "key_up"}.items() <= events.items()
        assert await session.submit("/on_select", [], {}, event_data={"index": [1, 0], "value": "c"}).result() \
            == ["selected [1, 0] = c (on)"]
        # The pre-filled sample alone: the table's first cell, the dropdown's value.
        assert await session.submit("/on_select").result() == ["selected [0, 0] = a (on)"]
        assert await session.submit("/on_key_up").result() == ["key Enter in 'apple'"]
        assert await session.submit("/on_like", event_data={"index": 1, "value": "hello", "liked": False}).result() \
            == ["disliked 1: hello"]
        if gradio_server.version != "4":       # gr.EditData is new in 5.0
            assert await session.submit("/on_edit", event_data={"value": "new", "previous_value": "old"}).result() \
                == ["edited 0: old -> new"]


def test_cli_event_data(gradio_server, capsys):
    url = gradio_server.url("events")
    assert main(["api", url, "--json"]) == 0
    shape = json.loads(capsys.readouterr().out)["named_endpoints"]
    assert shape["/on_like"]["event_data"]["class"] == "gr.LikeData"
    assert shape["/on_select"]["event_data"]["fields"] == ["index", "value", "selected"]
    assert main(["api", url]) == 0
    assert "event data: gr.KeyUpData of the key_up event (key, input_value)" in capsys.readouterr().out
    code = main(["call", url, "/on_like", "--event-data", '{"index": 1, "value": "hello"}'])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "liked 1: hello" in out
    code = main(["call", url, "/on_like", "--event-data", "[1]"])
    out, err = capsys.readouterr()
    assert code == 2 and "--event-data must be a JSON object" in err and "Traceback" not in err
    code = main(["call", gradio_server.url("basic"), "/echo", '["x"]', "--event-data", "{}"])
    out, err = capsys.readouterr()
    assert code == 2 and "reads no event data" in err


async def test_snippets_send_the_event_data(gradio_server, tmp_path):
    async with await Session.connect(gradio_server.url("events")) as session:
        record = session.plan("/on_select", [], {}, event_data={"index": [1, 1], "value": "d"})
    env = snippet_env(tmp_path, login=False)
    curl = tmp_path / "s.sh"
    curl.write_text(render(record, "curl"))
    done = subprocess.run(["sh", str(curl)], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["selected [1, 1] = d (on)"]
    python = render(record, "python")
    assert "gradio_client\n# cannot send event data" in python
    if gradio_server.version != "4":    # gradio_client 2.x drops a 4.x app's sub-path (test_snippets_live)
        script = tmp_path / "s.py"
        script.write_text(python)
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
        assert done.returncode != 0 and "NoneType" not in done.stdout   # the app's function fails, as it says
    problem = js_problem()
    if problem:
        pytest.skip(problem)
    (tmp_path / "node_modules").symlink_to(JS_DIR / "node_modules")
    js = tmp_path / "s.mjs"
    js.write_text(render(record, "js"))
    done = subprocess.run(["node", str(js)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["selected [1, 1] = d (on)"]


def test_a_hostile_event_name_and_sample_stay_inert_in_every_snippet():
    from gradio_tui.core.history import CallRecord

    record = CallRecord(target="http://127.0.0.1:9/x", root="http://127.0.0.1:9/x", gradio_version="6.31.0",
                        api_prefix="/gradio_api", api_name="f", fn_index=0, event="sel\x1b]52;c;AAAA\x07ect",
                        event_data={"value": "a\u202eb\x1b[2J"}, trigger_id=3)
    for lang in ("curl", "python", "js"):
        text = render(record, lang)
        assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text, lang
