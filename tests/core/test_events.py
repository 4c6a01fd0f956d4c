"""Generator diffs and event shapes, on real captured streams."""

from __future__ import annotations

import pytest

from gradio_tui.core.protocol.events import CompleteEvent, ErrorEvent, EstimationEvent, apply_diff, apply_edits
from tests.support.shared import sse_messages


@pytest.mark.parametrize("capture", ["b_queue_data_count.sse.txt", "b_queue_data_count_json.sse.txt",
                                     "f_queue_generator_error_data.sse.txt"])
def test_diffs_rebuild_every_full_value(capture):
    """Applying each chunk's diff to the last value gives what the server had (its final full value)."""
    current = None
    chunks = 0
    completed = None
    for message in sse_messages(capture):
        if message.get("msg") == "process_generating":
            data = message["output"]["data"]
            current = data if current is None else apply_diff(current, data)
            chunks += 1
        elif message.get("msg") == "process_completed":
            completed = message
    assert chunks >= 2
    if completed["success"]:
        assert current == completed["output"]["data"]
    else:
        assert completed["output"]["error"]


def test_edit_actions():
    assert apply_edits("tick0 ", [["append", [], "tick1 "]]) == "tick0 tick1 "
    assert apply_edits({"items": [0]}, [["append", ["items"], [1]]]) == {"items": [0, 1]}
    assert apply_edits([1, 3], [["add", [1], 2]]) == [1, 2, 3]
    assert apply_edits({"a": 1}, [["add", ["b"], 2]]) == {"a": 1, "b": 2}
    assert apply_edits({"a": 1, "b": 2}, [["delete", ["a"], None]]) == {"b": 2}
    assert apply_edits([1, 2, 3], [["delete", [0], None]]) == [2, 3]
    assert apply_edits("x", [["replace", [], 5]]) == 5
    before = {"items": [0]}
    apply_edits(before, [["append", ["items"], [1]]])
    assert before == {"items": [0]}  # the previous value is never mutated


def test_new_output_index_diffs_against_none():
    assert apply_diff(["a"], [[["append", [], "b"]], [["replace", [], 1]]]) == ["ab", 1]


def test_event_json_shape():
    e = EstimationEvent(t=0.5, event_id="abc", raw="data: {}", rank=2, queue_size=3, eta=1.5)
    assert e.to_json() == {"type": "estimation", "t": 0.5, "event_id": "abc", "rank": 2, "queue_size": 3, "eta": 1.5}
    c = CompleteEvent(t=1.0, data=["x"], duration=0.1, average_duration=None)
    assert c.terminal and "raw" not in c.to_json() and "event_id" not in c.to_json()
    assert ErrorEvent(message=None).to_json()["message"] is None
