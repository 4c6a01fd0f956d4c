"""Every exported snippet, RUN against real Gradio servers (4.44.1, 5.50.0, 6.31.0).

For each endpoint kind (plain, multiple outputs, generator, State across two calls, file in and
out, an app behind a login, an unnamed endpoint, odd names: an api_name with a ``/`` or characters
a URL must encode, parameters named like ``predict``'s keywords or ``Object.prototype``'s
properties) the core makes the call, the snippet of the
call (or the recorder's script of the calls) is rendered in each language and run — ``bash``
(and ``dash``) for curl, a Python subprocess with gradio_client, ``node`` with @gradio/client
from ``tests/js`` — and what it prints must equal the core's own result (files by content).
No snippet shows a character a terminal could act on raw (C1 controls, bidi controls, …):
they are escaped inside the literals, and the snippet still sends them exactly.

All runs of one server version are made concurrently by one fixture (``version_runs``); the
tests then check one (case, language) each, so a failure names what broke.
"""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gradio_tui.core.history import CallRecord
from gradio_tui.core.session import Session
from gradio_tui.core.snippets import render, render_session
from tests.support.servers import in_ci, python_for

pytestmark = pytest.mark.live

JS_DIR = Path(__file__).resolve().parents[1] / "js"
FAKE_TOKEN = "hf_FAKEtokenThatMustNeverAppearInASnippet42"
LANGS = ("curl", "python", "js")
HOSTILE = ("it's \"quoted\" $HOME ${PATH} `id` $(id) \\ back\\\\slash \\n \n2nd line\ttab\r"
           " ü ß 漢字 🎉 %s %% {} '' \"\" ;|&<>*?~#! -d @file \x7f\x1b[31m")
# Characters str.splitlines() (and so httpx's iter_lines) breaks lines at, but JSON leaves raw.
LINE_SEPARATORS = "a\u2028b\u2029c\x85d\x1ce"
# C1 controls (0x9b is an 8-bit CSI, 0x9d OSC), every bidi control, DEL and ESC sequences: an app's
# value that must reach the terminal escaped and the server exactly. (No U+0085/U+2028: gradio_client
# 1.3.0 splits its stream there, see line_separators.)
CONTROLS = ("C1 \x80\x9b31m\x9d0;title\x9c\x9f bidi \u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h"
            "\u2069i\u200ej\u200fk\u061cl DEL \x7f ESC \x1b]52;c;aGk=\x07\x1b[2J end")
# tests/apps/oddnames.py: /clash's parameters, in order (Gradio renames three of them param_N).
# What a terminal could act on: C0 but \t and \n, DEL, C1, U+2028/U+2029, bidi controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CLASHING = ("self", "headers", "api_name", "fn_index", "result_callbacks",
            "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf")
RUN_TIMEOUT = 90
RESET = "(session reset)"   # a step of a Case's calls: Session.reset(), as ctrl+n does
PARALLEL = 6


@dataclass
class Case:
    id: str
    app: str
    calls: list[tuple[str, list[Any]]]
    login: bool = False
    recorder: bool = False     # render_session(session.records) instead of render(record)
    unnamed: bool = False      # render as if the endpoint had no name (fn_index, queue protocol)


def sample_file(tmp: Path) -> Path:
    path = tmp / "sample data.txt"
    path.write_bytes("line 1\nit's ü 漢字\n".encode() + bytes(range(256)))
    return path


def cases(tmp: Path | None) -> list[Case]:
    sample = str(sample_file(tmp)) if tmp else "sample data.txt"
    return [
        Case("plain", "basic", [("/echo", [HOSTILE])]),
        Case("multiple_outputs", "basic", [("/greet", ["Ada \"the\" it's ü", True, 2])]),
        Case("generator", "gen", [("/count", [4, 0])]),
        Case("generator_outputs", "gen", [("/count_json", [3])]),
        Case("state_two_calls", "state", [("/increment", []), ("/increment", [])], recorder=True),
        Case("file_in_and_out", "files", [("/file_info", [sample])]),
        Case("file_out", "files", [("/make_file", [HOSTILE])]),
        Case("login", "auth", [("/whoami", [HOSTILE])], login=True),
        Case("unnamed", "basic", [("/echo", [HOSTILE])], unnamed=True),
        Case("line_separators", "basic", [("/echo", [LINE_SEPARATORS])]),
        Case("controls_and_bidi", "basic", [("/echo", [CONTROLS])]),
        Case("slash_in_api_name", "oddnames", [("/odd/name", [CONTROLS])]),
        Case("api_name_to_encode", "oddnames", [("/odd name?#%ü", [HOSTILE])]),
        Case("proto_api_name", "oddnames", [("/__proto__", [HOSTILE])]),
        Case("clashing_param_names", "oddnames", [("/clash", [f"{name}={CONTROLS}" for name in CLASHING])]),
        Case("recorder_files_then_echo", "files", [("/file_info", [sample]), ("/make_file", ["second"])],
             recorder=True),
        # A session reset (ctrl+n) between calls: the script starts a new client there (1, 2, then 1).
        Case("state_reset", "state", [("/increment", []), ("/increment", []), (RESET, []), ("/increment", [])],
             recorder=True),
    ]


CASE_IDS = [c.id for c in cases(None)]


@dataclass
class Outcome:
    lang: str
    script: str
    expected: list[list[Any]] | None = None
    got: list[list[Any]] | None = None
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    note: str = ""
    skip: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def explain(self) -> str:
        return (f"{self.lang} snippet (exit {self.returncode}){' — ' + self.note if self.note else ''}\n"
                f"--- script ---\n{self.script}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr[-3000:]}")


# --- running ------------------------------------------------------------------------------------

async def run(cmd: list[str], cwd: Path, env: dict[str, str], limit: asyncio.Semaphore) -> tuple[int, str, str]:
    async with limit:
        proc = await asyncio.create_subprocess_exec(*cmd, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL,
                                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                    start_new_session=True)
        try:
            out, err = await asyncio.wait_for(proc.communicate(), RUN_TIMEOUT)
        except asyncio.TimeoutError:
            proc.kill()
            out, err = await proc.communicate()
            return -9, out.decode("utf-8", "replace"), err.decode("utf-8", "replace") + "\n[timed out]"
        return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def snippet_env(tmp: Path, login: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_USERNAME", "GRADIO_PASSWORD"))}
    env.update({
        "HF_TOKEN": FAKE_TOKEN,                 # present, and never in a snippet
        "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",   # gradio_client would send a saved token to any host
        "HF_HUB_OFFLINE": "0",
        "GRADIO_TEMP_DIR": str(tmp / "gradio-client-downloads"),
        "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        "LC_ALL": "C.UTF-8",
    })
    if login:
        env.update({"GRADIO_USERNAME": "user", "GRADIO_PASSWORD": "pass"})
    return env


def js_problem() -> str | None:
    """Why the JavaScript snippets cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS_DIR / "node_modules" / "@gradio" / "client" / "package.json").exists():
        npm = shutil.which("npm")
        if npm is None:
            return "tests/js/node_modules is missing and npm is not installed"
        done = subprocess.run([npm, "ci", "--prefix", str(JS_DIR), "--no-audit", "--no-fund"], check=False,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            return f"npm ci --prefix tests/js failed: {done.stderr[-800:]}"
    return None


@pytest.fixture(scope="session")
def js_ready() -> str | None:
    """None when node + @gradio/client are ready; else the reason (a failure on CI)."""
    problem = js_problem()
    if problem and in_ci():
        pytest.fail(f"JavaScript snippets cannot run on CI: {problem}", pytrace=False)
    return problem


# --- comparing ----------------------------------------------------------------------------------

def is_filedata(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("path"), str) and (
        "meta" in value or "url" in value or "orig_name" in value)


async def fetch(session: Session, path: str) -> bytes:
    """An output file by its server path (4.44's /call gives file URLs with a mangled mount path)."""
    response = await session.client.get(f"{session.schema.api_root}/file={path}")
    assert response.status_code == 200, f"download of {path}: HTTP {response.status_code}"
    return response.content


async def normalize(session: Session, value: Any) -> Any:
    if is_filedata(value):
        return ("file", await fetch(session, value["path"]))
    if isinstance(value, list):
        return [await normalize(session, v) for v in value]
    if isinstance(value, dict):
        return {k: await normalize(session, v) for k, v in value.items()}
    return value


def is_file(expected: Any) -> bool:
    return isinstance(expected, tuple) and expected[:1] == ("file",)


def parse_python(text: str, expected: list[Any]) -> list[Any]:
    """What ``print(result)`` printed for a call: one value unwrapped, several as a tuple;
    files as local paths (gradio_client downloads them)."""
    if len(expected) == 1:
        if isinstance(expected[0], str):
            return [text]
        if is_file(expected[0]):
            return [("file", Path(text).read_bytes())]
        return [ast.literal_eval(text)]
    values = list(ast.literal_eval(text))
    return [("file", Path(v).read_bytes()) if is_file(e) else v for v, e in zip(values, expected)]


async def parse_output(lang: str, stdout: str, expected: list[list[Any]], records: list[CallRecord],
                       session: Session) -> list[list[Any]]:
    if lang == "python":
        if len(expected) == 1:
            assert stdout.endswith("\n")
            return [parse_python(stdout[:-1], expected[0])]
        lines = stdout.split("\n")[:-1]  # (not splitlines: U+2028 and \r are data, not line ends)
        assert len(lines) == len(expected), stdout
        return [parse_python(line, exp) for line, exp in zip(lines, expected)]
    lines = stdout.split("\n")[:-1]
    assert len(lines) == len(expected), stdout
    got = []
    for line, record in zip(lines, records):
        data = json.loads(line)
        if lang == "curl":  # the raw output list: State outputs (null) still in it
            data = session.schema.endpoint(record.route, allow_private=True).visible_outputs(data)
        got.append(await normalize(session, data))
    return got


# --- one server version: every case, every language, concurrently -----------------------------

async def core_calls(server, case: Case) -> tuple[Session, list[CallRecord], list[list[Any]]]:
    session = await Session.connect(server.url(case.app), timeout=60,
                                    auth=("user", "pass") if case.login else None)
    results = []
    for api_name, args in case.calls:
        if api_name == RESET:
            session.reset()
            continue
        results.append(await session.submit(api_name, args).result())
    records = list(session.records)
    if case.unnamed:
        records = [dataclasses.replace(r, api_name=None) for r in records]
    return session, records, results


def commands(lang: str, path: Path, server_version: str) -> list[list[str]]:
    if lang == "curl":
        shells = [["bash", str(path)]]
        if shutil.which("dash"):
            shells.append(["dash", str(path)])
        return shells
    if lang == "python":
        if server_version == "4":
            # gradio_client 2.7.2 sends a 4.x app's API calls to the host's root, dropping the
            # sub-path (test_gradio_client_2_drops_the_subpath_of_gradio4_apps): the proof runs
            # with gradio 4.44's own gradio_client (1.3.0); 2.7.2's run is kept as information.
            return [[python_for("4"), str(path)], [sys.executable, str(path)]]
        return [[sys.executable, str(path)]]
    return [["node", str(path)]]


@pytest.fixture(scope="session")
async def version_runs(gradio_server, tmp_path_factory, js_ready) -> dict[str, dict[str, Outcome]]:
    tmp = tmp_path_factory.mktemp(f"snippets-g{gradio_server.version}")
    os.symlink(JS_DIR / "node_modules", tmp / "node_modules")  # so node resolves @gradio/client
    limit = asyncio.Semaphore(PARALLEL)
    saved_token = os.environ.get("HF_TOKEN")
    os.environ["HF_TOKEN"] = FAKE_TOKEN  # the core sees a token too; it must not reach a snippet
    try:
        all_cases = cases(tmp)
        prepared = await asyncio.gather(*(core_calls(gradio_server, case) for case in all_cases))
    finally:
        if saved_token is None:
            os.environ.pop("HF_TOKEN", None)
        else:
            os.environ["HF_TOKEN"] = saved_token
    outcomes: dict[str, dict[str, Outcome]] = {}
    jobs = []
    try:
        for case, (session, records, results) in zip(all_cases, prepared):
            expected = [await normalize(session, r) for r in results]
            outcomes[case.id] = {}
            for lang in LANGS:
                script = render_session(records, lang) if case.recorder else render(records[0], lang)
                outcome = Outcome(lang=lang, script=script, expected=expected)
                outcomes[case.id][lang] = outcome
                if lang == "js" and js_ready:
                    outcome.skip = f"JavaScript snippets not run: {js_ready}"
                    continue
                suffix = {"curl": "sh", "python": "py", "js": "mjs"}[lang]
                path = tmp / f"{case.id}.{suffix}"
                path.write_text(script, encoding="utf-8")
                env = snippet_env(tmp, case.login)
                jobs.append((case, session, records, outcome, env,
                             [run(cmd, tmp, env, limit) for cmd in commands(lang, path, gradio_server.version)]))

        async def finish(case, session, records, outcome, env, runs):
            done = await asyncio.gather(*runs)
            outcome.returncode, outcome.stdout, outcome.stderr = done[0]
            if outcome.lang == "curl" and len(done) > 1:
                outcome.extra["dash"] = done[1]
            if outcome.lang == "python" and len(done) > 1:
                outcome.note = "run with gradio_client 1.3.0"
                outcome.extra["gradio_client_2"] = done[1]
            if outcome.returncode == 0:
                try:
                    outcome.got = await parse_output(outcome.lang, outcome.stdout, outcome.expected, records, session)
                except Exception as err:  # noqa: BLE001 - reported by the test with the output
                    outcome.note += f" (output not understood: {err!r})"

        await asyncio.gather(*(finish(*job) for job in jobs))
    finally:
        for session, _, _ in prepared:
            await session.aclose()
    return outcomes


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case_id", CASE_IDS)
async def test_snippet_runs_and_matches_the_core(version_runs, case_id, lang, gradio_server):
    outcome = version_runs[case_id][lang]
    assert FAKE_TOKEN not in outcome.script
    if outcome.skip:
        pytest.skip(outcome.skip)
    if (case_id, lang, gradio_server.version) == ("line_separators", "python", "4"):
        # gradio_client 1.3.0 reads the queue stream with httpx's iter_lines(), which splits at
        # U+2028/U+2029/U+0085/\x1c like str.splitlines(): the JSON line breaks and it fails.
        assert outcome.returncode != 0 and "JSONDecodeError" in outcome.stderr, outcome.explain()
        # gradio_client 2.x splits the stream at blank lines only; on 4.x it ran against the copy
        # of the app mounted at the server's root (it drops the sub-path), the same app.
        code, out, err = outcome.extra["gradio_client_2"]
        assert code == 0 and out == LINE_SEPARATORS + "\n", err
        return
    assert outcome.returncode == 0, outcome.explain()
    assert outcome.got == outcome.expected, outcome.explain()
    if "dash" in outcome.extra:
        code, out, err = outcome.extra["dash"]
        assert code == 0, f"under dash: {err}\n{outcome.script}"
        if case_id not in ("file_in_and_out", "file_out", "recorder_files_then_echo"):  # new file paths per run
            assert out == outcome.stdout, "dash printed something else than bash"


async def test_no_snippet_shows_a_control_character_raw(version_runs):
    """Item 19: what ``export`` prints has no raw C1 or bidi control (nor DEL, ESC, U+2028…) from
    the app's data, in any language; test_snippet_runs_and_matches_the_core proves the escaped
    literals still send exactly the app's characters."""
    raw = {(case_id, lang): sorted({f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(outcome.script)})
           for case_id, by_lang in version_runs.items() for lang, outcome in by_lang.items()}
    assert {key: found for key, found in raw.items() if found} == {}


async def test_core_echo_is_exact(version_runs):
    """The reference itself: the app echoes the hostile strings unchanged, and gets every value
    of the parameters with clashing names (not their defaults)."""
    assert version_runs["plain"]["curl"].expected == [[HOSTILE]]
    assert version_runs["controls_and_bidi"]["curl"].expected == [[CONTROLS]]
    assert version_runs["slash_in_api_name"]["curl"].expected == [[CONTROLS]]
    [[clash]] = version_runs["clashing_param_names"]["curl"].expected
    assert json.loads(clash) == [f"{name}={CONTROLS}" for name in CLASHING]


async def test_gradio_client_2_drops_the_subpath_of_gradio4_apps(gradio_server):
    """Why Python snippets for a Gradio 4.x app under a sub-path need gradio_client 1.3.0: gradio_client
    2.7.2 builds every API URL with ``urljoin(src, api_prefix.lstrip("/") + "/")``; with no
    api_prefix (4.x) that is ``urljoin(src, "/")``, the host's root. On 5.x/6.x it keeps the sub-path."""
    from gradio_client import Client

    url = gradio_server.url("basic")
    client = await asyncio.to_thread(Client, url, verbose=False)
    try:
        if gradio_server.version == "4":
            assert client.src_prefixed == gradio_server.base_url + "/"
        else:
            assert client.src_prefixed == url + "/gradio_api/"
    finally:
        client.close()
