"""Snippet rendering without a matrix of servers: forms, quoting, syntax, tokens, the ``export``
command, ``call --export``, and a Space (through the Hub stand-in) with a token.

The snippets are run against every Gradio version in ``test_snippets_live.py``; the property
test over strings is ``test_snippets_property.py``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from gradio_tui.cli.main import main
from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.filedata import FileArg
from gradio_tui.core.session import Session
from gradio_tui.core.snippets import LANGS, call_form, render, render_session

FAKE_TOKEN = "hf_FAKEtokenThatMustNeverAppearInASnippet42"
HOSTILE = "it's \"q\" $HOME `id` $(id) \\ \\\\ \n\r\t ü 漢字 🎉 \u2028 %s {} ;|&"
JS_DIR = Path(__file__).resolve().parents[1] / "js"


def make(**changes) -> CallRecord:
    base = CallRecord(target="http://127.0.0.1:7860/app", root="http://127.0.0.1:7860/app",
                      gradio_version="6.31.0", api_prefix="/gradio_api", api_name="greet", fn_index=2,
                      params=["name", "excited"], args={"name": "World", "excited": False})
    return replace(base, **changes)


def space(**changes) -> CallRecord:
    return make(target="acme/app", root="https://acme-app.hf.space", is_space=True, needs_token=True, **changes)


def predict_call(python: str) -> ast.Call:
    """The ``client.predict(...)`` call of a Python snippet."""
    return next(n for n in ast.walk(ast.parse(python))
                if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "predict")


def state(version: str, **changes) -> CallRecord:
    return make(gradio_version=version, api_prefix="" if version.startswith("4") else "/gradio_api",
                api_name="increment", params=[], args={}, state_positions=[0], uses_state=True,
                session_hash="abc123", **changes)


# C1 controls (0x9b = 8-bit CSI), every bidi control, DEL, ESC, U+2028: what a terminal could act on.
CONTROLS = ("\x80\x9b31m\x9d0;t\x9c \u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069i"
            "\u200ej\u200fk\u061cl\x7f\x1b[2J\u2028")
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

VARIANTS = {
    "plain": make(),
    "hostile": make(args={"name": HOSTILE, "excited": True}),
    "json_values": make(params=["data", "n"], args={"data": {"k": [1, 2.5, None, True, "ü"], "": "e"}, "n": -3}),
    "odd_names": make(params=["class", "two words", "ok"], args={"class": 1, "two words": "x", "ok": None}),
    "state_6_31": state("6.31.0"),
    "state_5_50": state("5.50.0"),
    "state_4_44": state("4.44.1"),
    "unnamed": make(api_name=None),
    "old_server": make(gradio_version="4.15.0", api_prefix=""),
    "files": make(api_name="file_info", params=["f", "g"], args={"f": "/tmp/we ird \"$x\";type=text.txt",
                                                                "g": "https://example.com/a/b.png?x=1"},
                  files=[FileArg("f", "/tmp/we ird \"$x\";type=text.txt"),
                         FileArg("g", "https://example.com/a/b.png?x=1", is_url=True)]),
    "login": make(needs_login=True),
    "space_token": space(),
    "space_login_token_files": space(needs_login=True, api_name="file_info", params=["f"], args={"f": "a.txt"},
                                     files=[FileArg("f", "a.txt")]),
    "no_params": make(api_name="reset_count", params=[], args={}),
    "non_finite": make(params=["x", "y"], args={"x": float("nan"), "y": float("-inf")}),
    "controls": make(api_name="say" + CONTROLS, gradio_version="6.31.0" + CONTROLS,
                     params=["t" + CONTROLS, "f"],
                     args={"t" + CONTROLS: {CONTROLS: [CONTROLS]}, "f": "/tmp/a" + CONTROLS},
                     files=[FileArg("f", "/tmp/a" + CONTROLS)], needs_login=True),
    "controls_recorded": make(args={"name": CONTROLS, "excited": True}, root="http://127.0.0.1:7860/a" + CONTROLS,
                              target="http://127.0.0.1:7860/a" + CONTROLS, api_prefix="/gradio_api" + CONTROLS),
    "slash_name": make(api_name="odd/name"),
    "dot_name": make(api_name=".."),
    "clashing_names": make(params=["self", "headers", "__proto__", "toString"],
                           args={"self": 1, "headers": {"h": 2}, "__proto__": "p", "toString": "s"}),
}


# --- which form, which prefix --------------------------------------------------------------------

@pytest.mark.parametrize(("version", "uses_state", "named", "form"), [
    ("6.31.0", False, True, "call"), ("6.31.0", True, True, "call"), ("6.18.0", True, True, "call"),
    ("6.17.3", True, True, "call+queue"), ("5.50.0", True, True, "call+queue"), ("4.44.1", True, True, "call+queue"),
    ("5.50.0", False, True, "call"), ("4.20.0", False, True, "call"), ("4.19.2", False, True, "queue"),
    ("6.31.0", False, False, "queue"), ("4.44.1", True, False, "queue"),
])
def test_call_form(version, uses_state, named, form):
    assert call_form(make(gradio_version=version, uses_state=uses_state, api_name="x" if named else None)) == form


def test_prefix_follows_the_record():
    assert 'API="$ROOT/gradio_api"' in render(make(), "curl")
    four = render(make(gradio_version="4.44.1", api_prefix=""), "curl")
    assert 'API="$ROOT"\n' in four and "gradio_api" not in four
    assert "ROOT='http://127.0.0.1:7860/app'" in four


def test_curl_call_form_captures_the_event_id_in_bash():
    text = render(make(), "curl")
    assert "EVENT_ID=$(curl -sS -X POST" in text and "| read" not in text and "jq" not in text.replace("no jq", "")
    assert '"$API/call/greet"' in text and '"$API/call/greet/$EVENT_ID" | call_result' in text
    assert """-d '{"data": ["World", false]}'""" in text


def test_curl_state_forms():
    new = render(VARIANTS["state_6_31"], "curl")
    assert '"session_hash": "\'"$SESSION_HASH"\'"' in new and '"$API/call/increment/$EVENT_ID"' in new
    assert "queue/data" not in new
    for old in (VARIANTS["state_5_50"], VARIANTS["state_4_44"]):
        text = render(old, "curl")
        assert "queue/data?session_hash=$SESSION_HASH" in text and "/call/increment/$EVENT_ID" not in text
        assert '"data": [null]' in text  # the State slot goes as null (4.x/5.x refuse a list without it)
    # the session hash is made when the script runs, never the TUI's own
    assert "abc123" not in new and "SESSION_HASH=${SESSION_HASH:-$(od" in new


def test_curl_queue_form_for_unnamed_endpoints_and_old_servers():
    for variant in ("unnamed", "old_server"):
        text = render(VARIANTS[variant], "curl")
        assert '"$API/queue/join"' in text and '"fn_index": 2' in text and "/call/" not in text
        assert 'queue_result "$EVENT_ID"' in text
    assert "Gradio 4.15.0 has no /call route" in render(VARIANTS["old_server"], "curl")


def test_curl_files_upload_then_filedata():
    text = render(VARIANTS["files"], "curl")
    assert """-F 'files=@"/tmp/we ird \\"$x\\";type=text.txt"'""" in text
    assert ('"path": "\'"$FILE_1"\'", "meta": {"_type": "gradio.FileData"}, '
            '"orig_name": "we ird \\"$x\\";type=text.txt"') in text
    assert '"path": "https://example.com/a/b.png?x=1", "url": "https://example.com/a/b.png?x=1"' in text
    assert text.count('"$API/upload"') == 1


def test_login_in_every_language():
    curl = render(VARIANTS["login"], "curl")
    assert '"$ROOT/login"' in curl and "gradio_api/login" not in curl
    assert '--data-urlencode "username=$GRADIO_USERNAME"' in curl and '-c "$JAR"' in curl
    assert curl.count('-b "$JAR"') >= 3  # the login, the POST and the GET
    assert 'auth=(os.environ["GRADIO_USERNAME"], os.environ["GRADIO_PASSWORD"])' in render(VARIANTS["login"], "python")
    assert "auth: [process.env.GRADIO_USERNAME, process.env.GRADIO_PASSWORD]" in render(VARIANTS["login"], "js")


def test_space_by_id_and_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    record = VARIANTS["space_login_token_files"]
    texts = {lang: render(record, lang) for lang in LANGS}
    assert all(FAKE_TOKEN not in t for t in texts.values())
    assert 'HF_AUTH="X-HF-Authorization: Bearer $HF_TOKEN"' in texts["curl"]
    assert texts["curl"].count('-H "$HF_AUTH"') >= 4  # login, upload, POST, GET
    assert "ROOT='https://acme-app.hf.space'" in texts["curl"]
    assert 'Client("acme/app", token=os.environ["HF_TOKEN"], auth=' in texts["python"]
    assert 'Client.connect("acme/app", { token: process.env.HF_TOKEN, auth:' in texts["js"]
    assert "hf_token" not in texts["js"]  # deprecated in @gradio/client 2.x


def test_python_keyword_arguments_and_literals():
    text = render(VARIANTS["json_values"], "python")
    call = predict_call(text)
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert kwargs == {"data": {"k": [1, 2.5, None, True, "ü"], "": "e"}, "n": -3, "api_name": "/greet"}
    assert "True" in text and "None" in text and "true" not in text


def test_python_odd_parameter_names_go_through_a_dict():
    text = render(VARIANTS["odd_names"], "python")
    assert '**{"class": 1, "two words": "x"}' in text and "ok=None" in text
    compile(text, "snippet.py", "exec")


def test_python_hostile_string_is_a_literal_not_pasted_text():
    text = render(VARIANTS["hostile"], "python")
    call = predict_call(text)
    assert ast.literal_eval(call.keywords[0].value) == HOSTILE


def test_python_unnamed_endpoint_positional_with_fn_index():
    text = render(VARIANTS["unnamed"], "python")
    assert "fn_index=2" in text and "api_name" not in text and '"World",' in text


def test_python_note_for_gradio4_under_a_subpath():
    assert "gradio_client 1.3.0" in render(make(gradio_version="4.44.1", api_prefix=""), "python")
    assert "gradio_client 1.3.0" not in render(make(), "python")
    at_root = make(gradio_version="4.44.1", api_prefix="", root="http://h:1", target="http://h:1")
    assert "gradio_client 1.3.0" not in render(at_root, "python")


def test_js_files_keep_their_names_and_the_script_ends():
    text = render(VARIANTS["files"], "js")
    assert ('handle_file(new File([await readFile("/tmp/we ird \\"$x\\";type=text.txt")], '
            '"we ird \\"$x\\";type=text.txt"))') in text
    assert 'handle_file("https://example.com/a/b.png?x=1")' in text
    assert 'import { readFile } from "node:fs/promises";' in text
    assert text.rstrip().endswith("process.exit(0);")
    assert 'client.predict("/file_info", {' in text and "console.log(JSON.stringify(result.data));" in text


def test_js_odd_keys_and_unnamed():
    assert '"two words": "x"' in render(VARIANTS["odd_names"], "js")
    assert "client.predict(2, [" in render(VARIANTS["unnamed"], "js")
    assert "NaN" in render(VARIANTS["non_finite"], "js") and 'float("nan")' in render(VARIANTS["non_finite"], "python")


def test_server_text_cannot_break_out_of_comments(tmp_path):
    """api_name and version come from the server's config: in comments they stay on one line, in
    code they are quoted literals or percent-encoded URL paths."""
    evil = "x\nrm -rf y\u2028alert(1)\r\u0085z"
    sneaky = make(api_name=evil, gradio_version="6.31.0\nrm -rf v")
    for lang in LANGS:
        text = render(sneaky, lang)
        for line in text.split("\n"):  # the languages' own line ends (JS comments also end at U+2028)
            for piece in line.replace("\u2028", "\n").replace("\u2029", "\n").split("\n"):
                if piece.lstrip().startswith(("//", "#")) or not piece.strip():
                    continue
                assert not piece.lstrip().startswith(("rm -rf", "alert(1)")), (lang, line)
    assert '"$API"\'/call/x%0Arm%20-rf%20y%E2%80%A8alert%281%29%0D%C2%85z\'' in render(sneaky, "curl")


def test_recorder_one_client_and_failed_calls_left_out():
    calls = [state("6.31.0"), state("6.31.0", status="error"), state("6.31.0")]
    py = render_session(calls, "python")
    assert py.count("Client(") == 1 and py.count("client.predict(") == 2 and "left out: /increment (error)" in py
    js = render_session(calls, "js")
    assert js.count("Client.connect(") == 1 and js.count("let result") == 1 and js.count("result = await") == 2
    sh = render_session(calls, "curl")
    assert sh.count("SESSION_HASH=${SESSION_HASH:-") == 1 and sh.count("EVENT_ID=$(") == 2
    with pytest.raises(ValueError):
        render_session([make(), make(root="http://other")], "curl")
    with pytest.raises(ValueError):
        render_session([], "python")
    with pytest.raises(ValueError):
        render(make(), "ruby")


# --- items 19 and 20 of issue 12: nothing raw on the terminal, every snippet does the call ---------

@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_control_character_is_printed_raw(variant):
    """Whatever a record holds, the snippet shows no C1/bidi/C0 control raw: in code they are
    escapes inside the literal (the same characters when run), in comments spaces."""
    for lang in LANGS:
        for text in (render(VARIANTS[variant], lang), render_session([VARIANTS[variant]], lang)):
            found = RAW_CONTROL.findall(text)
            assert not found, (lang, sorted({f"U+{ord(c):04X}" for c in found}), text)


def test_escaped_literals_hold_the_exact_characters():
    record = VARIANTS["controls"]
    py = render(record, "python")
    call = predict_call(py)
    spread = next(k.value for k in call.keywords if k.arg is None)  # **{...}: not an identifier
    assert ast.literal_eval(spread) == {"t" + CONTROLS: {CONTROLS: [CONTROLS]}}
    assert "\\u202e" in py and "\\x9b" in py
    js = render(record, "js")
    assert '"t\\u0080\\u009b31m' in js and "\\u202e" in js
    sh = render(record, "curl")
    body = re.search(r"-d '(.*)' \\$", sh, re.M).group(1).replace("""'"$FILE_1"'""", "uploaded")
    assert json.loads(body)["data"][0] == {CONTROLS: [CONTROLS]}  # JSON escapes: the server reads the same string


def test_curl_words_spell_controls_with_printf_exactly():
    """Shell words (ROOT, the API prefix, a file name) cannot escape inside single quotes:
    characters a terminal acts on go through ``printf`` octal escapes, POSIX sh (every shell
    installed here, in the C locale)."""
    from gradio_tui.core.snippets.curl import q

    values = [CONTROLS, "it's" + CONTROLS + "'" + CONTROLS + "\n\t$HOME `id`", "\u202e", "a\u2066", "\x1b"]
    script = "".join(f"printf '%s|' {q(v)}\n" for v in values)
    assert not RAW_CONTROL.search(script)
    shells = [[s] for s in ("bash", "dash", "zsh") if shutil.which(s)]
    shells += [["busybox", "sh"]] if shutil.which("busybox") else []
    assert ["bash"] in shells and ["dash"] in shells
    for argv in shells:
        done = subprocess.run(argv, input=script.encode(), check=False, capture_output=True,
                              env={**os.environ, "LC_ALL": "C"})
        assert done.returncode == 0, (argv, done.stderr)
        assert done.stdout.decode("utf-8") == "".join(v + "|" for v in values), argv


def test_curl_uses_the_queue_for_names_no_call_url_can_address():
    """``odd%2Fname`` is decoded before routing (two segments: HTTP 405), ``..`` is a dot segment."""
    for variant in ("slash_name", "dot_name"):
        record = VARIANTS[variant]
        assert call_form(record) == "queue"
        text = render(record, "curl")
        assert '"$API/queue/join"' in text and '"fn_index": 2' in text and "/call/" not in text
        assert "no /call URL can address a name with a '/'" in text
    assert call_form(make(api_name="odd name?#%ü")) == "call"


def test_clashing_parameter_names_go_in_order():
    """Python: ``headers``/``self`` as keywords are taken by ``predict`` (TypeError); JS: a
    ``__proto__`` key sets the prototype (the client sends the default)."""
    record = VARIANTS["clashing_names"]
    py = render(record, "python")
    call = predict_call(py)
    assert [ast.literal_eval(a) for a in call.args] == [1, {"h": 2}, "p", "s"]
    assert [k.arg for k in call.keywords] == ["api_name"]
    js = render(record, "js")
    assert 'client.predict("/greet", [\n  1,\n  {"h": 2},\n  "p",\n  "s",\n]);' in js
    only_proto = make(params=["__proto__"], args={"__proto__": "p"})
    assert 'client.predict("/greet", [\n  "p",\n]);' in render(only_proto, "js")
    assert "__proto__='p'" in render(only_proto, "python") or '__proto__="p"' in render(only_proto, "python")
    proto_endpoint = render(make(api_name="__proto__"), "js")  # the client's name map cannot hold it
    assert 'client.predict(2, [\n  "World",\n  false,\n]);' in proto_endpoint
    plain_names = render(make(), "js")
    assert 'client.predict("/greet", {' in plain_names and "name=" in render(make(), "python")


# --- syntax, in the real interpreters ------------------------------------------------------------

@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_snippets_parse(variant, tmp_path):
    record = VARIANTS[variant]
    sh = render(record, "curl")
    for shell in ("bash", "dash", "sh"):
        if shutil.which(shell):
            done = subprocess.run([shell, "-n"], input=sh.encode(), check=False, capture_output=True)
            assert done.returncode == 0, (shell, done.stderr, sh)
    compile(render(record, "python"), "snippet.py", "exec")
    if shutil.which("node"):
        path = tmp_path / "snippet.mjs"
        path.write_text(render(record, "js"), encoding="utf-8")
        done = subprocess.run(["node", "--check", str(path)], check=False, capture_output=True, text=True)
        assert done.returncode == 0, (done.stderr, path.read_text())


# --- against a real app ---------------------------------------------------------------------------

def run_bash(script: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", script], check=False, capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "LC_ALL": "C.UTF-8", **env})


async def test_curl_upload_of_a_hostile_file_name(gradio6, tmp_path):
    path = tmp_path / "we ird \"$x\" it's;type=text,a.txt"
    path.write_bytes(b"content\n")
    async with await Session.connect(gradio6.url("files")) as session:
        record = session.plan("/file_info", [str(path)])
    done = run_bash(render(record, "curl"))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)[0]  # "name:size:sha256" (the server may rewrite the name)
    assert summary.split(":")[-2:] == ["8", hashlib.sha256(b"content\n").hexdigest()]


def test_cli_export_prints_a_snippet_that_runs(gradio6, capsys):
    code = main(["export", gradio6.url("basic"), "/greet", '["Ada"]', "--kwargs", '{"times": 2}', "--lang", "curl"])
    out, _ = capsys.readouterr()
    assert code == 0 and out.startswith("#!/bin/sh")
    done = run_bash(out)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["Hello, Ada.Hello, Ada.", 22]
    for lang in ("python", "js"):
        assert main(["export", gradio6.url("basic"), "greet", '["Ada"]', "--lang", lang]) == 0
        assert "/greet" in capsys.readouterr().out


def test_cli_export_exit_codes(gradio6, capsys):
    assert main(["export", "http://127.0.0.1:9/app", "/greet", "--lang", "curl"]) == 3  # unreachable
    assert main(["export", gradio6.url("basic"), "/nope", "--lang", "curl"]) == 2     # unknown endpoint
    assert main(["export", gradio6.url("basic"), "/add", '["x"]', "--lang", "curl"]) == 2  # bad value
    with pytest.raises(SystemExit) as exit_info:
        main(["export", gradio6.url("basic"), "/add", "--lang", "ruby"])
    assert exit_info.value.code == 2
    capsys.readouterr()


def test_call_export_json_gives_a_snippet_of_what_ran(gradio6):
    done = subprocess.run([sys.executable, "-m", "gradio_tui", "call", gradio6.url("state"), "/increment",
                           "--json", "--export", "curl"], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[-2]["type"] == "complete" and events[-2]["data"] == ["1"]
    export = events[-1]
    assert export["type"] == "export" and export["lang"] == "curl"
    ran = run_bash(export["text"])
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == [None, "1"]  # a fresh session: the State output comes back null


async def test_space_snippets_by_id_with_a_token(hub, hub_token, gradio6, tmp_path):
    """A Space that needs a token, through the Hub stand-in: the curl and Python snippets name it,
    send ``X-HF-Authorization: Bearer $HF_TOKEN`` to the app host, and never contain the token."""
    space = hub.add_space("acme/snip", upstream=gradio6.url("basic"), private=True)
    async with await Session.connect("acme/snip", token=hub_token) as session:
        assert await session.submit("/echo", [HOSTILE]).result() == [HOSTILE]
        record = session.records[-1]
    assert record.is_space and record.target == "acme/snip" and record.root == space.host
    # The core sends a token to *.hf.space hosts only; the stand-in's host is 127.0.0.1, so say
    # here what a real private Space's record says.
    record = replace(record, needs_token=True)
    texts = {lang: render(record, lang) for lang in LANGS}
    assert all(hub_token not in text for text in texts.values())
    env = hub.env(HF_TOKEN=hub_token, HF_HUB_DISABLE_IMPLICIT_TOKEN="1", HF_HUB_OFFLINE="0",
                  GRADIO_TEMP_DIR=str(tmp_path))

    hub.requests.clear()
    done = subprocess.run(["bash", "-c", texts["curl"]], check=False, capture_output=True, text=True, timeout=60,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [HOSTILE]
    app_requests = hub.app_requests()
    assert app_requests and all(r.headers.get("x-hf-authorization") == f"Bearer {hub_token}" for r in app_requests)

    hub.requests.clear()
    path = tmp_path / "snippet.py"
    path.write_text(texts["python"], encoding="utf-8")
    subprocess.run([sys.executable, str(path)], check=False, capture_output=True, text=True, timeout=90, env=env)
    # gradio_client resolved the id through the Hub with the token from $HF_TOKEN. (It then joins
    # API paths onto the host as if it were a domain root, which real *.hf.space hosts are and the
    # stand-in's /_app/<sub> hosts are not, so the call itself is not checked here.)
    asked = hub.requests_to("/api/spaces/acme/snip")
    assert asked and asked[0].headers.get("authorization") == f"Bearer {hub_token}"
    # @gradio/client resolves Space ids at https://huggingface.co only (no endpoint override), so
    # its snippet is checked for shape here and run against every server in test_snippets_live.py.
    assert 'Client.connect("acme/snip", { token: process.env.HF_TOKEN });' in texts["js"]


def _awk_shims(tmp: Path) -> dict[str, Path]:
    """A PATH directory per awk found here, with ``awk`` pointing at it."""
    found = {}
    for name, argv in (("mawk", ["mawk"]), ("gawk", ["gawk"]), ("bwk", ["original-awk"]),
                       ("busybox", ["busybox", "awk"])):
        exe = shutil.which(argv[0])
        if exe is None:
            continue
        folder = tmp / f"awk-{name}"
        folder.mkdir()
        shim = folder / "awk"
        shim.write_text(f'#!/bin/sh\nexec {" ".join([exe, *argv[1:]])} "$@"\n')
        shim.chmod(0o755)
        found[name] = folder
    return found


async def test_curl_snippets_under_other_shells_and_awks(gradio6, tmp_path):
    """The /call and queue forms under every shell and awk installed here (bash, dash, busybox sh,
    zsh; mawk, gawk, the one true awk of macOS/BSD, busybox awk), in a UTF-8 and the C locale."""
    async with await Session.connect(gradio6.url("basic")) as session:
        named = session.plan("/echo", [HOSTILE])
    scripts = [render(named, "curl"), render(replace(named, api_name=None), "curl")]
    shells = [[s] for s in ("bash", "dash", "zsh") if shutil.which(s)]
    if shutil.which("busybox"):
        shells.append(["busybox", "sh"])
    awks = _awk_shims(tmp_path)
    assert shells and awks
    tried = []
    for shell in shells:
        for awk, folder in awks.items():
            for script in scripts:
                for locale in ("C.UTF-8", "C"):  # awk counting characters, or bytes
                    env = {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}", "LC_ALL": locale}
                    done = subprocess.run([*shell, "-c", script], check=False, capture_output=True, timeout=60, env=env)
                    assert done.returncode == 0, (shell, awk, locale, done.stderr.decode(errors="replace"))
                    assert json.loads(done.stdout) == [HOSTILE], (shell, awk, locale)
            tried.append(f"{' '.join(shell)}+{awk}")
    print("curl snippets ran under:", ", ".join(tried))
