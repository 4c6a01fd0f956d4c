"""A hostile app's default that names a file of this machine is never uploaded (nor prefilled in
the form): only what the user gives is read from disk. The app is the project's fault server,
whose ``/info`` gives a list-of-files parameter such a default; every request it got is logged."""

from __future__ import annotations

import json

import pytest

from tests.support.faultserver import dependency, make_config
from tests.support.fixtures_faults import cli, fault, json_events

pytestmark = pytest.mark.trust

SCHEMA = {"$defs": {"FileData": {"title": "FileData", "type": "object", "required": ["path"], "properties": {
    "path": {"type": "string"}, "meta": {"$ref": "#/$defs/FileDataMeta"}}},
    "FileDataMeta": {"type": "object", "properties": {"_type": {"const": "gradio.FileData"}}}},
    "type": "array", "items": {"$ref": "#/$defs/FileData"}, "title": "ListFiles"}
SECRET = "PRIVATE-KEY-7f3a9c: must never leave this machine"


def one_parameter_app(fs, api_name: str, param: str, component: dict, default, schema, python_type: str,
                      shown_as: str) -> None:
    """The fault server as an app with one endpoint ``/api_name``: one input (``component``, whose
    default is ``default``), one text output; ``/info`` says what a real server would."""
    component = {"id": 1, **component, "api_info": schema, "skip_api": False}
    component["props"] = {**component.get("props", {}), "value": default}
    out = {"id": 2, "type": "textbox", "props": {"label": "Out"}, "api_info": {"type": "string"}, "skip_api": False}
    fs.config = make_config([dependency(0, api_name, [1], [2])], components=[component, out])
    fs.info = {"named_endpoints": {f"/{api_name}": {
        "parameters": [{"label": component["props"].get("label"), "parameter_name": param,
                        "parameter_has_default": True, "parameter_default": default, "type": schema,
                        "python_type": {"type": python_type, "description": ""}, "component": shown_as,
                        "example_input": None}],
        "returns": [{"label": "Out", "type": {"type": "string"}, "python_type": {"type": "str", "description": ""},
                     "component": "Textbox"}]}}, "unnamed_endpoints": {}}


@pytest.fixture
def hostile(fs, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text(SECRET)
    default = [{"path": str(secret), "meta": {"_type": "gradio.FileData"}, "orig_name": "id_rsa"}, str(secret)]
    one_parameter_app(fs, "files", "files", {"type": "file", "props": {"label": "Files", "file_count": "multiple"}},
                      default, SCHEMA, "list[filepath]", "File")
    fault("an app's default names a local file (a private key) in a list of files")
    return fs, secret


def test_cli_never_uploads_a_file_the_apps_default_names(hostile, capsys):
    fs, secret = hostile
    code, out, err = cli(capsys, "call", fs.url, "/files", "--kwargs", "{}", "--json")
    assert code == 0, err
    assert not [r for r in fs.requests if r.path.endswith("/upload")]
    assert all(SECRET.encode() not in r.body for r in fs.requests)
    assert "upload" not in [e["type"] for e in json_events(out)]
    # The same file given by the user is uploaded: the rule is about who named it.
    code, out, err = cli(capsys, "call", fs.url, "/files", "--file", f"files={secret}", "--json")
    assert code == 0, err
    assert [r for r in fs.requests if r.path.endswith("/upload")]
    joined = [json.loads(r.body) for r in fs.requests if r.path.endswith("/queue/join")][-1]
    assert joined["data"][0][0]["path"] == "/tmp/fault/uploaded.bin"


async def test_the_form_does_not_prefill_a_path_from_the_app(hostile):
    from gradio_tui.tui.app import GradioTuiApp
    from tests.support.pilot import SIZE, open_endpoint, until_connected

    fs, _ = hostile
    app = GradioTuiApp(fs.url)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/files")
        field = form.field("files")
        assert type(field).__name__ == "FileListField"
        assert field.control.text == ""


def json_default(fs, tmp_path, path: str) -> None:
    """A JSON parameter (shown as an editable JSON box) whose default holds a FileData naming ``path``."""
    default = {"note": "harmless settings", "cfg": {"path": path, "meta": {"_type": "gradio.FileData"}}}
    one_parameter_app(fs, "go", "settings", {"type": "json", "props": {"label": "Settings"}}, default,
                      {"type": {}, "description": "any valid json"}, "Dict[Any, Any]", "Json")
    fault("an app's JSON default holds a FileData naming a local file")


@pytest.mark.parametrize("where", ["absolute", "home"])
async def test_running_a_json_default_in_the_form_uploads_nothing(fs, tmp_path, monkeypatch, where):
    """The form shows the app's JSON default for editing and sends it back on ctrl+r: the FileData in
    it (a private key, or ``~/.cache/huggingface/token``) is never read from disk."""
    from gradio_tui.tui.app import GradioTuiApp
    from tests.support.pilot import SIZE, open_endpoint, run_with_keys, until_connected, wait_for

    monkeypatch.setenv("HOME", str(tmp_path))
    token_file = tmp_path / ".cache" / "huggingface" / "token"
    token_file.parent.mkdir(parents=True)
    token_file.write_text(SECRET)
    (tmp_path / "id_rsa").write_text(SECRET)
    json_default(fs, tmp_path, str(tmp_path / "id_rsa") if where == "absolute" else "~/.cache/huggingface/token")
    app = GradioTuiApp(fs.url)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/go")
        assert "gradio.FileData" in form.field("settings").control.text      # the default is shown
        run = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: not run.active, 15, "the run to end")
    assert any(r.path.endswith("/queue/join") for r in fs.requests)
    assert not [r for r in fs.requests if r.path.endswith("/upload")]
    assert all(SECRET.encode() not in r.body for r in fs.requests)


def test_a_python_snippet_never_makes_gradio_client_read_the_apps_file(fs, tmp_path, capsys):
    """gradio_client uploads every FileData it is given from the local disk: the exported snippet
    passes the app's default FileData without ``meta``, so running it reads nothing of ours."""
    import ast

    from gradio_client.utils import is_file_obj_with_meta, traverse

    json_default(fs, tmp_path, str(tmp_path / "id_rsa"))
    code, out, err = cli(capsys, "export", fs.url, "/go", "--kwargs", "{}", "--lang", "python")
    assert code == 0, err
    call = next(node for node in ast.walk(ast.parse(out))
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "predict")
    sent = [ast.literal_eval(k.value) for k in call.keywords if k.arg == "settings"]
    assert sent and sent[0]["cfg"]["path"] == str(tmp_path / "id_rsa")    # the app's value, as it gave it
    found: list = []
    traverse(sent[0], lambda f: found.append(f) or f, is_file_obj_with_meta)
    assert found == []                                                      # nothing gradio_client would upload
