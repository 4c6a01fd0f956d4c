"""The schema parser on real captured configs and infos (Gradio 6.31.0)."""

from __future__ import annotations

import pytest

from gradio_tui.core.errors import UnknownEndpoint, UsageError
from gradio_tui.core.protocol.schema import parse_schema, version_tuple
from tests.support.shared import load_json


@pytest.fixture(scope="module")
def blocks_schema():
    return parse_schema("http://127.0.0.1:7864/", load_json("d_config.json"),
                        load_json("d_gradio_api_info_all_endpoints.json"))


def test_app_fields(blocks_schema):
    s = blocks_schema
    assert (s.version, s.api_prefix, s.protocol) == ("6.31.0", "/gradio_api", "sse_v3")
    assert s.root == "http://127.0.0.1:7864"
    assert s.api_root == "http://127.0.0.1:7864/gradio_api"
    assert s.title == "Demo D: Blocks"


def test_visibility_and_js_only(blocks_schema):
    by_route = {e.route: e for e in blocks_schema.endpoints}
    assert by_route["/secret"].visibility == "private"
    assert by_route["/false"].visibility == "private"
    assert by_route["/hidden"].visibility == "undocumented"
    assert by_route["/add"].visibility == "public"
    assert "/js_fn" not in by_route  # backend_fn false: nothing to call
    assert [e.route for e in blocks_schema.visible_endpoints()] == [
        "/add", "/describe", "/file_info", "/image_info", "/increment", "/hidden", "/lambda", "/step1", "/lambda_1"]


def test_parameters_join_config_and_info(blocks_schema):
    ep = blocks_schema.endpoint("/describe")
    assert ep.fn_index == 2
    names = [p.name for p in ep.parameters]
    assert names == ["choice", "radio", "boxes", "num", "js"]
    choice, radio, boxes, num, js = ep.parameters
    assert choice.choices == [("red", "red"), ("green", "green"), ("blue", "blue")]
    assert choice.has_default and choice.default == "red" and not choice.required
    assert radio.required and radio.python_type == "Literal['S', 'M', 'L']"
    assert boxes.multiselect and boxes.default == ["x"]
    assert num.default == 3.5 and num.step == 1
    assert js.python_type == "str | float | bool | list | dict"


def test_state_hidden_but_kept_in_place(blocks_schema):
    ep = blocks_schema.endpoint("increment")
    assert ep.uses_state
    assert ep.parameters == []
    assert len(ep.inputs) == 1 and ep.inputs[0].is_state
    assert [r.label for r in ep.returns] == ["Counter"]
    assert ep.visible_outputs([None, "3"]) == ["3"]


def test_files(blocks_schema):
    ep = blocks_schema.endpoint("/file_info")
    (f,) = ep.parameters
    assert f.is_file and f.python_type == "filepath" and f.required
    assert [r.is_file for r in ep.returns] == [False, True]
    assert blocks_schema.endpoint("/image_info").parameters[0].is_file


def test_lookup_errors(blocks_schema):
    with pytest.raises(UnknownEndpoint) as err:
        blocks_schema.endpoint("/ad")
    assert "/add" in str(err.value)
    with pytest.raises(UsageError, match="private"):
        blocks_schema.endpoint("/secret")
    assert blocks_schema.endpoint("/secret", allow_private=True).fn_index == 6
    assert blocks_schema.endpoint("fn:0").api_name == "add"
    assert blocks_schema.endpoint("add").route == "/add"


def test_config_alone_when_info_is_missing():
    s = parse_schema("http://x", load_json("d_config.json"), None)
    ep = s.endpoint("/describe")
    assert [p.label for p in ep.parameters] == ["Color", "Size", "Flags", "Amount", "Payload"]
    color, size, *_ = ep.parameters
    assert color.has_default and color.default == "red"
    assert size.required
    assert color.python_type == "Literal['red', 'green', 'blue']"
    assert s.endpoint("/file_info").parameters[0].is_file
    assert s.endpoint("/file_info").parameters[0].python_type == "filepath"


def test_pre_6_visibility_mapping():
    config = {"version": "4.44.1", "protocol": "sse_v3", "components": [
        {"id": 1, "type": "textbox", "props": {"label": "X"}}],
        "dependencies": [
            {"api_name": "pub", "inputs": [1], "outputs": [1], "backend_fn": True, "show_api": True},
            {"api_name": False, "inputs": [1], "outputs": [1], "backend_fn": True},
            {"api_name": "undoc", "inputs": [1], "outputs": [1], "backend_fn": True, "show_api": False},
            {"api_name": None, "inputs": [1], "outputs": [1], "backend_fn": True},
        ]}
    s = parse_schema("http://x", config, None)
    assert [(e.route, e.visibility) for e in s.endpoints] == [
        ("/pub", "public"), ("fn:1", "private"), ("/undoc", "undocumented"), ("fn:3", "public")]
    assert s.api_prefix == "" and s.api_root == "http://x"
    assert s.endpoints[1].fn_index == 1  # no explicit id before 4.32: the list index


def test_tolerates_odd_configs():
    s = parse_schema("http://x", {"dependencies": [None, {"inputs": [99], "outputs": [], "types": None}],
                                  "components": [None, {"no": "id"}]}, {"named_endpoints": None})
    assert len(s.endpoints) == 1
    assert s.endpoints[0].parameters[0].component == "Unknown"


def test_version_tuple():
    assert version_tuple("5.50.0") == (5, 50, 0)
    assert version_tuple("4.44.1") >= (4, 20)
    assert version_tuple("6.0.0b3") == (6, 0, 0)
    assert version_tuple(None) == (0,)
