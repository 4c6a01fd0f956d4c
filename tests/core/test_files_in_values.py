"""Files inside a value (a list of files, an editor's layers, a gallery, a slider's pair, a
multimodal message, a video with subtitles) are uploaded, through the core, the CLI and every
snippet language, and agree with gradio_client — on gradio 4.44, 5.50 and 6.31.

The app (``tests/apps/filevalues.py``) runs in its own mount namespace, where the folder that
holds the client's files is covered by an empty tmpfs: the server cannot read them, exactly as a
remote Space cannot, so a file that was not uploaded fails the call (``test_the_server_cannot_see
_the_client_files`` and ``test_a_missed_upload_fails`` prove the setup, not just assume it).
Each endpoint answers with what the server itself read: ``name:size:sha256`` of a file, ``WxH``
of an image (which it re-encodes), so the expected text is known here from the client's files.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from gradio_tui.cli.main import main
from gradio_tui.core.session import Session
from gradio_tui.core.snippets import render
from tests.core.test_snippets_live import js_problem, run, snippet_env
from tests.support.servers import GradioServer, ServerFailed, ServerUnavailable, in_ci, python_for

JS_DIR = Path(__file__).resolve().parents[1] / "js"
APP = "filevalues"

# Runs the server's python in a new mount namespace with an empty tmpfs over the client's folder.
WRAPPER = """#!/bin/sh
exec unshare --mount --propagation private sh -c \
  'mount -t tmpfs -o size=64k gradio-tui-hidden "$GTUI_HIDDEN_DIR" && exec "$GTUI_REAL_PYTHON" "$@"' sh "$@"
"""


# --- the client's files -------------------------------------------------------------------------

def _png(path: Path, size: tuple[int, int], colour: tuple[int, ...]) -> Path:
    from PIL import Image

    Image.new("RGBA" if len(colour) == 4 else "RGB", size, colour).save(path)
    return path


def make_files(folder: Path) -> dict[str, Path]:
    files = {
        "text": folder / "notes v2 ü.txt",
        "bin": folder / "data.bin",
        "clip": folder / "clip.mp4",
        "subs": folder / "subs.vtt",
    }
    files["text"].write_text("it's ü 漢字\n", encoding="utf-8")
    files["bin"].write_bytes(bytes(range(256)) * 3)
    files["clip"].write_bytes(hashlib.sha256(b"clip").digest() * 64)   # bytes: the server only reads them
    files["subs"].write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", encoding="utf-8")
    files["red"] = _png(folder / "red.png", (4, 3), (255, 0, 0))
    files["blue"] = _png(folder / "blue layer.png", (5, 2), (0, 0, 255, 128))
    return files


def summary(path: Path) -> str:
    data = path.read_bytes()
    return f"{path.name}:{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


def dims(path: Path) -> str:
    from PIL import Image

    with Image.open(path) as im:
        return f"{im.width}x{im.height}"


# --- the cases: the value as the user writes it, the same for gradio_client, what comes back ---

class Case:
    def __init__(self, id: str, api_name: str, value: Callable[[dict[str, Path], Callable], Any],
                 expected: Callable[[dict[str, Path]], str], versions: tuple[str, ...] = ("6", "5", "4")) -> None:
        self.id, self.api_name, self.value, self.expected, self.versions = id, api_name, value, expected, versions


def plain(path: Path) -> str:
    return str(path)


CASES = [
    Case("files_multi", "/files_multi", lambda f, h: [h(f["text"]), h(f["bin"])],
         lambda f: f"{summary(f['text'])} | {summary(f['bin'])}"),
    Case("upload_multi", "/upload_multi", lambda f, h: [h(f["bin"]), h(f["text"]), h(f["bin"])],
         lambda f: f"{summary(f['bin'])} | {summary(f['text'])} | {summary(f['bin'])}"),
    Case("editor", "/editor",
         lambda f, h: {"background": h(f["red"]), "layers": [h(f["blue"]), h(f["red"])], "composite": h(f["blue"])},
         lambda f: "background=4x3 layers=[5x2,4x3] composite=5x2"),
    Case("slider", "/slider", lambda f, h: [h(f["red"]), h(f["blue"])], lambda f: "4x3 & 5x2", versions=("6", "5")),
    Case("gallery", "/gallery",
         lambda f, h: [{"image": h(f["red"]), "caption": "red ü"}, {"image": h(f["blue"]), "caption": None}],
         lambda f: "4x3:red ü | 5x2:None"),
    Case("multimodal", "/multimodal", lambda f, h: {"text": "look at these", "files": [h(f["text"]), h(f["red"])]},
         lambda f: f"text='look at these' files=[{summary(f['text'])} | {summary(f['red'])}]"),
    Case("video_and_subtitles", "/video", lambda f, h: {"video": h(f["clip"]), "subtitles": h(f["subs"])},
         lambda f: summary(f["clip"]), versions=("5", "4")),
    Case("video", "/video", lambda f, h: h(f["clip"]), lambda f: summary(f["clip"]), versions=("6",)),
]
CASE_IDS = [c.id for c in CASES]


def case_for(case_id: str, version: str) -> Case:
    case = next(c for c in CASES if c.id == case_id)
    if version not in case.versions:
        pytest.skip(f"{case.api_name} {case.id}: not on gradio {version}.x")
    return case


# --- the server that cannot see the client's files -------------------------------------------

class Hidden:
    def __init__(self, server: GradioServer, folder: Path, files: dict[str, Path]) -> None:
        self.server, self.folder, self.files = server, folder, files

    @property
    def url(self) -> str:
        return self.server.url()   # the app at / (gradio_client 2.x cannot reach 4.x sub-path apps)


@pytest.fixture(scope="module", params=["6", "5", "4"], ids=["g6", "g5", "g4"])
def hidden(request):
    version = request.param
    if shutil.which("unshare") is None:
        _unavailable("unshare(1) is not installed")
    try:
        real_python = python_for(version)
    except ServerUnavailable as exc:
        _unavailable(str(exc))
    work = Path(tempfile.mkdtemp(prefix="gradio-tui-hidden-"))
    folder = work / "client-files"
    folder.mkdir()
    wrapper = work / "python-in-a-namespace"
    wrapper.write_text(WRAPPER)
    wrapper.chmod(0o755)
    server = GradioServer(version, python=str(wrapper), apps=[APP], root_app=APP,
                          env={"GTUI_HIDDEN_DIR": str(folder), "GTUI_REAL_PYTHON": real_python})
    try:
        server.start()
    except ServerFailed as exc:
        shutil.rmtree(work, ignore_errors=True)
        if "unshare" in str(exc) or "mount" in str(exc):
            _unavailable(f"cannot start a server in its own mount namespace: {str(exc)[-400:]}")
        raise
    try:
        yield Hidden(server, folder, make_files(folder))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# --- the setup is what it claims ----------------------------------------------------------------

def test_the_server_cannot_see_the_client_files(hidden):
    pid = hidden.server.process.pid
    for path in hidden.files.values():
        assert path.is_file()
        assert not os.path.exists(f"/proc/{pid}/root{path}"), f"the server sees {path}"
    assert os.path.exists(f"/proc/{pid}/root{hidden.folder}")   # the folder is there, empty


def test_a_missed_upload_fails(hidden):
    """What gradio-tui sent before: the client's path in a FileData, never uploaded."""
    prefix = "" if hidden.server.version == "4" else "/gradio_api"
    filedata = {"path": str(hidden.files["text"]), "orig_name": hidden.files["text"].name,
                "meta": {"_type": "gradio.FileData"}}
    with httpx.Client(timeout=60) as client:
        posted = client.post(f"{hidden.url}{prefix}/call/files_multi", json={"data": [[filedata]]})
        assert posted.status_code == 200, posted.text
        event_id = posted.json()["event_id"]
        stream = client.get(f"{hidden.url}{prefix}/call/files_multi/{event_id}").text
    assert "event: error" in stream and "event: complete" not in stream, stream


# --- the core ------------------------------------------------------------------------------------

async def _core_call(hidden: Hidden, case: Case, value: Any) -> tuple[list[Any], Any, list[dict]]:
    async with await Session.connect(hidden.url, timeout=60) as session:
        job = session.submit(case.api_name, [value])
        events = []
        async for event in job:
            events.append(event.to_json())
        return await job.result(), job.record, events


@pytest.mark.parametrize("case_id", CASE_IDS)
async def test_core_uploads_every_file_in_the_value(hidden, case_id):
    case = case_for(case_id, hidden.server.version)
    result, record, events = await _core_call(hidden, case, case.value(hidden.files, plain))
    assert result == [case.expected(hidden.files)]
    uploads = [e["name"] for e in events if e["type"] == "upload" and e["done"]]
    assert len(uploads) == len({fa.source for fa in record.files}) > 0   # each distinct file once


@pytest.mark.parametrize("case_id", ["files_multi", "gallery", "editor"])
async def test_core_takes_filedata_with_a_local_path(hidden, case_id):
    """FileData objects (what ``handle_file`` makes) that point at local files are uploaded too."""
    case = case_for(case_id, hidden.server.version)

    def filedata(path: Path) -> dict[str, Any]:
        return {"path": str(path), "meta": {"_type": "gradio.FileData"}, "orig_name": path.name}

    result, _, _ = await _core_call(hidden, case, case.value(hidden.files, filedata))
    assert result == [case.expected(hidden.files)]


async def test_a_missing_file_is_a_usage_error(hidden):
    async with await Session.connect(hidden.url, timeout=60) as session:
        with pytest.raises(Exception) as caught:
            session.submit("/gallery", [[{"image": str(hidden.folder / "nope.png"), "caption": "x"}]])
    assert getattr(caught.value, "exit_code", None) == 2
    assert "file not found" in str(caught.value) and "nope.png" in str(caught.value)


# --- the CLI -------------------------------------------------------------------------------------

def _cli(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_cli_call_agrees_with_the_core(hidden, case_id, capsys):
    case = case_for(case_id, hidden.server.version)
    value = case.value(hidden.files, plain)
    code, events, err = _cli(capsys, "call", hidden.url, case.api_name, json.dumps([value]), "--json")
    assert code == 0, err
    assert events[-1]["type"] == "complete" and events[-1]["data"] == [case.expected(hidden.files)]


def test_cli_file_repeats_for_a_list_of_files(hidden, capsys):
    f = hidden.files
    code, events, err = _cli(capsys, "call", hidden.url, "/files_multi", "--file", f"files={f['text']}",
                             "--file", f"files={f['bin']}", "--json")
    assert code == 0, err
    assert events[-1]["data"] == [f"{summary(f['text'])} | {summary(f['bin'])}"]
    code, events, err = _cli(capsys, "call", hidden.url, "/upload_multi", "--file", f"files={f['bin']}", "--json")
    assert code == 0, err
    assert events[-1]["data"] == [summary(f["bin"])]


def test_cli_file_lays_paths_out_as_the_schema_says(hidden, capsys):
    """``--file`` for a Gallery (one or several images) and a 4.x/5.x Video (the video, then its
    subtitles): the paths become the value the component takes, and are uploaded."""
    f = hidden.files
    code, events, err = _cli(capsys, "call", hidden.url, "/gallery", "--file", f"items={f['red']}",
                             "--file", f"items={f['blue']}", "--json")
    assert code == 0, err
    assert events[-1]["data"] == ["4x3:None | 5x2:None"]
    if hidden.server.version in ("5", "4"):
        code, events, err = _cli(capsys, "call", hidden.url, "/video", "--file", f"path={f['clip']}",
                                 "--file", f"path={f['subs']}", "--json")
        assert code == 0, err
        assert events[-1]["data"] == [summary(f["clip"])]


# --- gradio_client ------------------------------------------------------------------------------

@pytest.mark.parametrize("case_id", CASE_IDS)
def test_gradio_client_agrees_with_the_core(hidden, case_id, tmp_path):
    case = case_for(case_id, hidden.server.version)
    script = tmp_path / "client.py"
    script.write_text(
        "import json, sys\n"
        "from gradio_client import Client, handle_file\n"
        "files = {k: handle_file(v) for k, v in json.loads(sys.argv[2]).items()}\n"
        "value = json.loads(sys.argv[3], object_hook=lambda d: files[d['@file']] if '@file' in d else d)\n"
        "print(json.dumps(Client(sys.argv[1], verbose=False).predict(value, api_name=sys.argv[4])))\n")
    value = case.value(hidden.files, lambda path: {"@file": path.name})
    done = subprocess.run([sys.executable, str(script), hidden.url + "/",
                           json.dumps({p.name: str(p) for p in hidden.files.values()}),
                           json.dumps(value), case.api_name],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1", "NO_PROXY": "127.0.0.1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == case.expected(hidden.files)


# --- the snippets, run --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def js_missing():
    problem = js_problem()
    if problem and in_ci():
        pytest.fail(f"JavaScript snippets cannot run on CI: {problem}", pytrace=False)
    return problem


@pytest.mark.parametrize("lang", ["curl", "python", "js"])
@pytest.mark.parametrize("case_id", CASE_IDS)
async def test_snippet_uploads_and_agrees_with_the_core(hidden, case_id, lang, tmp_path, js_missing):
    case = case_for(case_id, hidden.server.version)
    if lang == "js" and js_missing:
        pytest.skip(f"JavaScript snippets not run: {js_missing}")
    result, record, _ = await _core_call(hidden, case, case.value(hidden.files, plain))
    script = render(record, lang)
    path = tmp_path / ("snippet." + {"curl": "sh", "python": "py", "js": "mjs"}[lang])
    path.write_text(script, encoding="utf-8")
    if lang == "js":
        os.symlink(JS_DIR / "node_modules", tmp_path / "node_modules")
    cmd = {"curl": ["sh", str(path)], "python": [sys.executable, str(path)], "js": ["node", str(path)]}[lang]
    code, out, err = await run(cmd, tmp_path, snippet_env(tmp_path, False), asyncio.Semaphore(1))
    assert code == 0, f"--- script ---\n{script}\n--- stderr ---\n{err[-3000:]}"
    # Python prints predict()'s one result; curl and JS print the output list as JSON.
    got = [out[:-1]] if lang == "python" else json.loads(out.splitlines()[-1])
    assert got == result, script


# --- the TUI form --------------------------------------------------------------------------------

TUI_CASES = [  # endpoint, the field's class, paths typed one per line, what the app answers
    ("/files_multi", "FileListField", ["text", "bin"], lambda f: f"{summary(f['text'])} | {summary(f['bin'])}"),
    ("/gallery", "FileListField", ["red", "blue"], lambda f: "4x3:None | 5x2:None"),
    ("/slider", "FileListField", ["blue", "red"], lambda f: "5x2 & 4x3"),
    ("/multimodal", "FileListField", ["text"], lambda f: f"text='hello' files=[{summary(f['text'])}]"),
    ("/editor", "FileField", ["red"], lambda f: "background=4x3 layers=[] composite=4x3"),
    ("/video", "FileField", ["clip"], lambda f: summary(f["clip"])),
]


async def test_tui_form_takes_files_without_json(hidden):
    """Each of these parameters gets a file field (never the JSON box): paths one per line, the
    picker adds one; the run uploads them and the app reads them."""
    from textual.widgets import Input

    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.dialogs import FilePicker
    from tests.support.pilot import SIZE, open_endpoint, run_with_keys, until_connected, until_done, wait_for

    f = hidden.files
    app = GradioTuiApp(hidden.url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        names = {ep.route for ep in screen.session.schema.endpoints}
        for route, kind, keys, expected in TUI_CASES:
            if route not in names:
                continue
            form = await open_endpoint(pilot, app, route)
            field = form.fields[0]
            assert type(field).__name__ == kind, (route, type(field).__name__)
            if kind == "FileListField":
                field.control.load_text("\n".join(str(f[k]) for k in keys[:-1]))
                if route == "/multimodal":
                    field.query_one(".field-text", Input).value = "hello"
                field.query_one(".browse").press()            # Add…: the picker appends a line
                await wait_for(pilot, lambda: isinstance(app.screen, FilePicker), 5, "the file picker")
                box = app.screen.query_one("#picker-path", Input)
                box.value = str(f[keys[-1]])
                box.focus()
                await pilot.press("enter")
                await wait_for(pilot, lambda: not isinstance(app.screen, FilePicker), 5, "the picker to close")
                assert field.control.text.splitlines() == [str(f[k]) for k in keys]
            else:
                field.control.value = str(f[keys[0]])
            await pilot.pause()
            assert field.error is None, (route, field.error)
            run = await until_done(pilot, await run_with_keys(pilot, app), 60)
            assert run.status == "complete", (route, run.error)
            assert run.outputs == [expected(f)], route
