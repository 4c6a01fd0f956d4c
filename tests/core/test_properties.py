"""Property tests (hypothesis): the SSE frame decoder, our handling of whatever a frame holds, the
generator-diff applier, the schema parser on mutated real configs, text neutralising and snippet
quoting. At most ~100 examples each, no deadline; derandomized on CI.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from gradio_tui.cli.calls import describe_event
from gradio_tui.cli.view_api import view_api
from gradio_tui.core.errors import BadConfig, GradioTuiError
from gradio_tui.core.protocol.events import DiffError, Event, apply_diff, apply_edits
from gradio_tui.core.protocol.messages import MessageState, to_event
from gradio_tui.core.protocol.payload import build_payload
from gradio_tui.core.protocol.schema import Endpoint, Return, parse_schema
from gradio_tui.core.protocol.sse import FrameTooLarge, SSEDecoder, decode_all
from gradio_tui.core.protocol.stream import SessionStream
from gradio_tui.core.textsafe import _BIDI, _ESCAPES, escaped, json_text, line, plain
from tests.support.shared import GRADIO_FIXTURES, load_json

EXAMPLES: Counter[str] = Counter()
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def props(n: int = 100):
    return settings(max_examples=n, deadline=None, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def count(name: str) -> None:
    EXAMPLES[name] += 1


scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=12)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=12)
safe_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


# --- SSE frames ------------------------------------------------------------------------------------

sse_lines = st.lists(st.one_of(
    st.builds(lambda v: f"data: {v}", st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)),
                                               max_size=20)),
    st.builds(lambda v: f"event: {v}", st.sampled_from(["", "message", "error", "complete", "x y"])),
    st.builds(lambda v: f"id: {v}", st.sampled_from(["1", "abc", "a\0b"])),
    st.builds(lambda v: f"retry: {v}", st.sampled_from(["100", "x", "-1"])),
    st.sampled_from(["", ":keep-alive", "data", "data:", "nonsense", "data:no space", " data: lead"]),
), max_size=25)
line_ends = st.sampled_from(["\n", "\r\n", "\r"])


def splits(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, last = [], 0
    for point in points:
        pieces.append(data[last:point])
        last = point
    return pieces + [data[last:]]


@props()
@given(st.binary(max_size=400), st.lists(st.integers(0, 1000), max_size=12))
def test_sse_any_bytes_any_chunking(data, cuts):
    count("sse: any bytes, any chunking")
    whole = decode_all([data])
    assert decode_all(splits(data, cuts)) == whole
    for frame in whole:
        assert isinstance(frame.data, str) and isinstance(frame.event, str)


@props()
@given(sse_lines, line_ends, st.lists(st.integers(0, 1000), max_size=8))
def test_sse_agrees_with_httpx_sse(lines, end, cuts):
    """Model: httpx_sse's own line splitter and decoder on the whole text."""
    from httpx_sse._decoders import SSEDecoder as Reference
    from httpx_sse._decoders import SSELineDecoder

    count("sse: agrees with httpx_sse")
    text = end.join(lines) + end
    splitter, reference = SSELineDecoder(), Reference()
    expected = []
    for item in splitter.decode(text) + splitter.flush():
        sse = reference.decode(item)
        if sse is not None:
            expected.append((sse.event or "message", sse.data, sse.id, sse.retry))
    got = [(f.event or "message", f.data, f.id, f.retry) for f in decode_all(splits(text.encode(), cuts))]
    assert got == expected


@props()
@given(st.lists(st.tuples(st.sampled_from(["", "error", "complete"]), json_values), min_size=1, max_size=8),
       st.lists(st.integers(0, 5000), max_size=10))
def test_sse_round_trip_of_json_messages(messages, cuts):
    count("sse: round trip")
    body = b"".join((f"event: {e}\n" if e else "").encode() + b"data: " + json.dumps(v).encode() + b"\n\n"
                    for e, v in messages)
    frames = decode_all(splits(body, cuts))
    assert [(f.event, json.loads(f.data)) for f in frames] == [(e, v) for e, v in messages]


@props(60)
@given(st.binary(max_size=3000), st.integers(16, 512))
def test_sse_frames_never_outgrow_the_limit(data, limit):
    count("sse: size limit")
    decoder = SSEDecoder(max_frame=limit)
    try:
        frames = decoder.feed(data) + decoder.close()
    except FrameTooLarge:
        return
    assert all(len(f.data) <= limit for f in frames)


# --- what a frame holds: routing and conversion ------------------------------------------------------

ENDPOINT = Endpoint(fn_index=0, api_name="x", outputs=[Return(0, 1, "Textbox"), Return(1, 2, "State", skip=True)])
MSG_TYPES = ["estimation", "process_starts", "progress", "log", "process_generating", "process_streaming",
             "process_completed", "heartbeat", "unexpected_error", "queue_full", "close_stream", "send_hash", "?"]
messages = st.fixed_dictionaries(
    {"msg": st.sampled_from(MSG_TYPES) | json_values},
    optional={"event_id": st.sampled_from(["E", None, 1, ["E"]]), "rank": json_values, "queue_size": json_values,
              "rank_eta": json_values, "eta": json_values, "progress_data": json_values, "log": json_values,
              "level": json_values, "title": json_values, "success": json_values, "message": json_values,
              "output": json_values | st.fixed_dictionaries({}, optional={"data": json_values, "error": json_values,
                                                                          "duration": json_values})})


@props()
@given(st.lists(messages, min_size=1, max_size=4))
def test_any_message_becomes_an_event_or_nothing(batch):
    count("messages: arbitrary content")
    state = MessageState.for_protocol("sse_v3")
    for message in batch:
        event = to_event(message, "raw", 0.5, ENDPOINT, state)
        if event is None:
            continue
        assert isinstance(event, Event)
        text = json_text(event.to_json())
        assert CONTROL.search(text) is None and json.loads(text)["type"] == event.type
        shown = describe_event(event)
        assert shown is None or CONTROL.search(shown) is None


@props()
@given(st.lists(st.one_of(json_values.map(json.dumps), messages.map(json.dumps), st.text(max_size=30)),
                max_size=10))
def test_stream_routes_any_frame_without_failing(payloads):
    """``SessionStream._route`` on whatever the data of a frame is: only registered queues
    receive anything, and nothing but the stream's own end marker escapes."""
    from gradio_tui.core.protocol.sse import SSEFrame
    from gradio_tui.core.protocol.stream import Inbox, _Closed

    count("stream: arbitrary frames routed")
    stream = SessionStream(None, "http://x", "s", timeout=1)   # no I/O: _route only
    queue = Inbox()
    stream.queues["E"] = queue
    for payload in payloads:
        try:
            stream._route(SSEFrame(data=payload))
        except _Closed:
            break
    assert set(stream.queues) <= {"E"}
    while not queue.empty():
        message, raw, at = queue.get_nowait()
        assert isinstance(message, dict) and isinstance(raw, str)


# --- generator diffs ---------------------------------------------------------------------------------

def make_diff(old, new, path=()):
    """A correct diff (what a server should send): the model the applier is checked against."""
    if old == new and type(old) is type(new):
        return []
    if isinstance(old, str) and isinstance(new, str) and new.startswith(old):
        return [["append", list(path), new[len(old):]]]
    if isinstance(old, list) and isinstance(new, list):
        edits = []
        for i in range(min(len(old), len(new))):
            edits += make_diff(old[i], new[i], path + (i,))
        for i in range(len(old) - 1, len(new) - 1, -1):
            edits.append(["delete", list(path + (i,)), None])
        for i in range(len(old), len(new)):
            edits.append(["add", list(path + (i,)), new[i]])
        return edits
    if isinstance(old, dict) and isinstance(new, dict):
        edits = []
        for key in old:
            if key in new:
                edits += make_diff(old[key], new[key], path + (key,))
            else:
                edits += [["delete", list(path + (key,)), None]]
        edits += [["add", list(path + (key,)), new[key]] for key in new if key not in old]
        return edits
    return [["replace", list(path), new]]


@props()
@given(st.lists(json_values, min_size=1, max_size=3), st.lists(json_values, min_size=1, max_size=3))
def test_diff_applier_rebuilds_the_new_value(old, new):
    count("diffs: model (correct diffs)")
    frozen = copy.deepcopy(old)
    diff = [make_diff(o, n) for o, n in zip(old, new)] + [[["replace", [], n]] for n in new[len(old):]]
    assert apply_diff(old, diff) == new[:len(diff)]
    assert old == frozen                                          # never mutated


edit = st.tuples(st.sampled_from(["replace", "append", "add", "delete", "frob"]),
                 st.lists(st.integers(-2, 3) | st.text(max_size=3), max_size=3), json_values).map(list)


@props()
@given(json_values, st.lists(edit, max_size=5))
def test_diff_applier_agrees_with_gradio_client(value, edits):
    """Where gradio_client's reference ``apply_diff`` succeeds, ours gives the same value;
    otherwise ours fails with ``DiffError`` (or is more lenient) — never another exception."""
    from gradio_client.utils import apply_diff as reference

    count("diffs: agrees with gradio_client")
    try:
        expected = reference(copy.deepcopy(value), copy.deepcopy(edits))   # it changes its arguments
    except Exception:  # noqa: BLE001 - the reference refuses: ours may refuse or be lenient
        expected = DiffError
    try:
        got = apply_edits(value, edits)
    except DiffError:
        got = DiffError
    event("reference applied the edits" if expected is not DiffError else "reference refused")
    if expected is not DiffError:
        assert got == expected


@props()
@given(json_values, json_values)
def test_diff_applier_only_raises_diff_error(previous, diff):
    count("diffs: junk")
    try:
        apply_diff(previous if isinstance(previous, list) else [previous], diff)
    except DiffError:
        pass


# --- the schema parser on mutated real configs -----------------------------------------------------

CONFIGS = [(name, info) for name, info in (("a_config.json", "a_gradio_api_info.json"),
                                          ("b_config.json", "b_gradio_api_info.json"),
                                          ("d_config.json", "d_gradio_api_info_all_endpoints.json"),
                                          ("e_config.json", None), ("g_config_authenticated.json", None))
           if (GRADIO_FIXTURES / name).exists()]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _mutate(doc, path, action, value):
    if not path:
        return value if action == "replace" else doc
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "stringify":
        parent[last] = json.dumps(parent[last])[:20]
    elif action == "wrap":
        parent[last] = [parent[last]]
    return doc


@pytest.fixture(scope="module")
def fixtures():
    if not CONFIGS:
        pytest.skip("no shared gradio fixtures")
    loaded = []
    for name, info in CONFIGS:
        config = load_json(name)
        loaded.append((config, load_json(info) if info else None,
                       [p for p in _paths(config) if p[:1] in (("components",), ("dependencies",), ("page",))]
                       + [(k,) for k in config]))
    return loaded


mutation = st.tuples(st.integers(0, 10**6), st.sampled_from(["delete", "replace", "stringify", "wrap"]), json_values)


@props()
@given(data=st.data())
def test_schema_parser_on_mutated_configs(fixtures, data):
    count("schema: mutated real configs")
    config, info, paths = fixtures[data.draw(st.integers(0, len(fixtures) - 1))]
    config, info = copy.deepcopy(config), copy.deepcopy(info)
    target = data.draw(st.sampled_from(["config", "info"] if info else ["config"]))
    for pick, action, value in data.draw(st.lists(mutation, min_size=1, max_size=6)):
        doc = config if target == "config" else info
        choices = paths if target == "config" else list(_paths(info))
        path = choices[pick % len(choices)]
        try:
            doc = _mutate(doc, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue                                   # an earlier mutation removed the path
        if target == "config":
            config = doc
        else:
            info = doc
    assume(isinstance(config, dict))
    try:
        schema = parse_schema("http://app", config, info if isinstance(info, dict) else None)
    except BadConfig:
        event("mutated config: refused as a bad config (api_prefix / root off the origin)")
        return
    event(f"mutated {target}; {'some' if schema.endpoints else 'no'} endpoints left")
    json.loads(json_text(view_api(schema, include_all=True)))
    for ep in schema.endpoints:
        for p in ep.parameters:
            line(f"{p.name}: {p.python_type} {p.label} {p.component} {json_text(p.default)}")
        try:
            build_payload(ep, [], {})
        except GradioTuiError:
            pass


# --- text made safe ------------------------------------------------------------------------------------

terminal_text = st.text(st.sampled_from(list("ab[]/;0123 \n\t\x07\x1b\x9b\x9c\x9d\x90\x7f\r\x08")
                                        + ["é", "\u2028", "\u202e", "\u2066", "\u200f"]),
                        max_size=60) | safe_text


@props()
@given(terminal_text)
def test_plain_leaves_no_control_character(text):
    count("textsafe: plain")
    out = plain(text)
    assert CONTROL.search(out) is None and _BIDI.search(out) is None
    assert out == _BIDI.sub(lambda m: escaped(m.group()), _ESCAPES.sub("", text)) and plain(out) == out


@props()
@given(json_values | terminal_text)
def test_json_text_is_terminal_safe_and_exact(value):
    count("textsafe: json_text")
    text = json_text(value)
    assert CONTROL.search(text) is None and "\u2028" not in text and _BIDI.search(text) is None
    assert json.loads(text) == value


# --- snippet quoting ------------------------------------------------------------------------------------

def _record(value):
    from gradio_tui.core.history import CallRecord

    return CallRecord(target="http://127.0.0.1:9", root="http://127.0.0.1:9", gradio_version="6.31.0",
                      api_prefix="/gradio_api", api_name="predict", fn_index=0, args={"text": value},
                      params=["text"])


@pytest.fixture(scope="module")
def fake_curl(tmp_path_factory) -> Path:
    bin_dir = tmp_path_factory.mktemp("fakebin")
    curl = bin_dir / "curl"
    curl.write_text('#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a" >> "$CURL_LOG"; done\n'
                    'printf \'\\n\\0\' >> "$CURL_LOG"\necho \'{"event_id": "ev123"}\'\n')
    curl.chmod(0o755)
    return bin_dir


@props(50)
@given(value=safe_text | json_values)
def test_curl_snippet_sends_exactly_the_value(fake_curl, tmp_path_factory, value):
    """The curl snippet, run by ``sh`` with curl replaced by a recorder, posts the value as given."""
    pytest.importorskip("gradio_tui.core.snippets")
    from gradio_tui.core.snippets import render

    count("snippets: curl quoting (run by sh)")
    work = tmp_path_factory.mktemp("snip")
    script, log = work / "s.sh", work / "curl.log"
    script.write_text(render(_record(value), "curl"), encoding="utf-8")
    env = {**os.environ, "PATH": f"{fake_curl}:{os.environ['PATH']}", "CURL_LOG": str(log)}
    subprocess.run(["sh", str(script)], env=env, capture_output=True, timeout=20)
    argv = log.read_bytes().decode("utf-8").split("\0")
    body = json.loads(argv[argv.index("-d") + 1])
    sent = body["data"][0] if "data" in body else body["text"]
    assert sent == value


@props()
@given(value=safe_text | json_values)
def test_python_snippet_holds_the_literal(value):
    pytest.importorskip("gradio_tui.core.snippets")
    from gradio_tui.core.snippets import render

    count("snippets: python literals")
    tree = ast.parse(render(_record(value), "python"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "predict"]
    keywords = {k.arg: k.value for k in calls[0].keywords}
    assert ast.literal_eval(keywords["text"]) == value


def test_property_counts(capsys):
    """Not a check: how many properties ran and with how many examples, for the closing note."""
    with capsys.disabled():
        total = sum(EXAMPLES.values())
        print(f"\n[hardening] properties: {len(EXAMPLES)}, examples run: {total}")
        for name, n in sorted(EXAMPLES.items()):
            print(f"  {n:5d}  {name}")


