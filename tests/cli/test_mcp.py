"""``gradio-tui mcp`` and ``export --lang mcp`` as a script would use them, against Gradio's real
MCP server; the exported configuration is the one the official SDK connects with."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from gradio_tui.core.history import CallRecord
from gradio_tui.core.snippets import render
from gradio_tui.core.snippets.mcp import render_config
from tests.support.fixtures_faults import cli, json_events

FAKE_TOKEN = "hf_FAKEtokenThatMustNeverAppearInAnMcpConfig42"


def test_mcp_lists_tools_resources_prompts_and_what_they_need(gradio6, capsys):
    code, out, err = cli(capsys, "mcp", gradio6.url("mcp_tools"))
    assert code == 0, err
    assert f"MCP server at {gradio6.url('mcp_tools')}/gradio_api/mcp/" in out
    assert "letters  [endpoint /letters]" in out and "word: string  (required)" in out
    assert "file_size  [endpoint /file_size; needs file URLs: doc]" in out
    assert "greet  [endpoint /greet; needs headers: x-api-key]" in out
    assert "\nresources:\n\nnote  [endpoint /note]" in out and "\nprompts:\n\nask  [endpoint /ask]" in out
    code, out, err = cli(capsys, "mcp", gradio6.url("mcp_tools"), "--json")
    data = json.loads(out)
    assert [t["name"] for t in data["tools"]] == ["letters", "file_size", "countdown", "greet"]
    assert [t["name"] for t in data["resources"]] == ["note"] and [t["name"] for t in data["prompts"]] == ["ask"]
    greet = data["tools"][3]
    assert greet["endpoint"] == "/greet" and greet["headers"] == ["x-api-key"] and not greet["needs_files"]


def test_mcp_calls_a_tool_with_progress_and_compares_with_the_api(gradio6, capsys):
    code, out, err = cli(capsys, "mcp", gradio6.url("mcp_tools"), "countdown", '{"n": 2}', "--compare")
    assert code == 0, err
    assert "progress: Progress Counting: Step 1 of 2" in out
    assert re.search(r'\] complete: \["liftoff"\]\n', out)
    assert 'complete: ["liftoff"]  (gradio api)' in out
    assert out.rstrip().endswith("compare countdown with /countdown: the same result")
    code, out, err = cli(capsys, "mcp", gradio6.url("mcp_tools"), "letters", '{"word": "abc"}', "--compare", "--json")
    events = json_events(out)
    assert code == 0 and events[-1] == {"type": "compare", "agree": True, "mcp": "complete", "api": "complete"}
    assert {e["via"] for e in events[:-1]} == {"mcp", "api"}
    assert [e["data"] for e in events if e["type"] == "complete"] == [["abc has 3 letters"]] * 2


def test_a_header_goes_to_the_tool_and_is_never_shown(gradio6, capsys):
    key = "sk-very-secret-key-123"
    url = gradio6.url("mcp_tools")
    code, out, err = cli(capsys, "mcp", url, "greet", '{"name": "Ada"}', "--header", f"X-Api-Key={key}")
    assert code == 0 and "hello Ada (key of 22 characters)" in out and key not in out + err
    code, out, err = cli(capsys, "mcp", url, "greet", '{"name": "Ada"}')
    assert code == 0 and "reads the header x-api-key: give it with --header x-api-key=VALUE" in err


@pytest.mark.parametrize(("argv", "code", "words"), [
    (["nope"], 2, "has no tool 'nope' (its tools: letters, file_size, countdown, greet)"),
    (["letters", "[1]"], 2, "ARGS must be a JSON object"),
    (["letters", "{"], 2, "ARGS is not valid JSON"),
    (["letters", "{}", "--header", "Authorization=x"], 2, "give a token with --token"),
    (["--compare"], 2, "--compare needs a TOOL"),
])
def test_usage_errors(gradio6, capsys, argv, code, words):
    got, out, err = cli(capsys, "mcp", gradio6.url("mcp_tools"), *argv)
    assert got == code and words in err and err.count("\n") == 1


def test_an_app_without_mcp_is_exit_3(gradio6, capsys):
    code, out, err = cli(capsys, "mcp", gradio6.url("basic"))
    assert code == 3 and "the app runs no MCP server" in err


def test_a_tool_error_is_exit_1(gradio6, capsys):
    code, out, err = cli(capsys, "mcp", gradio6.url("mcp_tools"), "file_size", '{"doc": "not a url"}')
    assert code == 1 and "error (app)" in out


# --- the exported configuration -----------------------------------------------------------------

def _record(**changes) -> CallRecord:
    return CallRecord(**{"target": "acme/my_app", "root": "https://acme-my-app.hf.space", "gradio_version": "6.31.0",
                         "api_prefix": "/gradio_api", "api_name": "letters", "fn_index": 0, "is_space": True,
                         **changes})


def _json_blocks(text: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r"^\{\n.*?^\}$", text, flags=re.M | re.S)]


def test_export_mcp_has_the_three_forms(gradio6, capsys):
    url = gradio6.url("mcp_tools")
    code, out, err = cli(capsys, "export", url, "/letters", '["a", false]', "--lang", "mcp")
    assert code == 0, err
    http, stdio = _json_blocks(out)
    assert http == {"mcpServers": {"mcp-tools": {"url": f"{url}/gradio_api/mcp/"}}}
    assert stdio == {"mcpServers": {"mcp-tools": {"command": "npx", "args": [
        "mcp-remote", f"{url}/gradio_api/mcp/", "--transport", "streamable-http"]}}}
    assert f"claude mcp add --transport http mcp-tools {url}/gradio_api/mcp/\n" in out


def test_a_private_space_gets_a_token_placeholder_never_the_token(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    text = render(_record(needs_token=True), "mcp")
    assert FAKE_TOKEN not in text
    http, stdio = _json_blocks(text)
    assert http["mcpServers"]["my-app"] == {"url": "https://acme-my-app.hf.space/gradio_api/mcp/",
                                            "headers": {"Authorization": "Bearer ${HF_TOKEN}"}}
    assert stdio["mcpServers"]["my-app"]["args"][-2:] == ["--header", "Authorization:Bearer ${HF_TOKEN}"]
    claude = text.strip().splitlines()[-1]
    assert shlex.split(claude)[-2:] == ["--header", "Authorization: Bearer ${HF_TOKEN}"]
    assert "Authorization" not in render(_record(needs_token=False), "mcp")


def test_tool_headers_are_placeholders_and_hostile_names_stay_quoted():
    text = render_config("https://h.example/x\n rm -rf ~ #/gradio_api/mcp/", "evil\n$(rm -rf ~)", token=False,
                         headers=["x-api-key", "bad\nname: 1"])
    http, stdio = _json_blocks(text)
    (name, entry), = http["mcpServers"].items()
    assert name == "evil-rm-rf" and entry["headers"] == {"x-api-key": "${X_API_KEY}"}
    assert "\n rm" not in entry["url"] and "%0A" in entry["url"]
    assert all(not line.startswith(("rm", " rm")) for line in text.splitlines())
    claude = text.strip().splitlines()[-1]
    assert shlex.split(claude)[:6] == ["claude", "mcp", "add", "--transport", "http", "evil-rm-rf"]


async def test_the_exported_url_is_one_the_sdk_connects_to(gradio6):
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    http, _ = _json_blocks(render(_record(target=gradio6.url("mcp_tools"), root=gradio6.url("mcp_tools")), "mcp"))
    (entry,) = http["mcpServers"].values()
    async with streamable_http_client(entry["url"]) as (read, write, _), ClientSession(read, write) as sdk:
        await sdk.initialize()
        result = await sdk.call_tool("letters", {"word": "sdk"})
    assert [c.text for c in result.content] == ["sdk has 3 letters"]
