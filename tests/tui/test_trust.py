"""The TUI's side of issue 12 "Trust boundary", with Pilot against the fault server.

- item 1: ``--token`` / ``--auth`` reach only the target they were given for;
- item 6: numbers of any size from the wire never crash the TUI;
- item 7: thousands of gr.Info messages do not freeze it (a few toasts, the rest counted);
- item 11: "Save file" refuses an output on another origin (the core's ``Session.download``).
"""

from __future__ import annotations

import pytest

from tests.support.faultserver import estimation, starts
from tests.support.pilot import SIZE, press, run_with_keys, static_text, until_connected, until_done, wait_for

pytestmark = pytest.mark.trust

pytest.importorskip("textual")

TOKEN = "hf_tuiScopeSECRET0123456789"
USER, PASSWORD = "ada", "pw-SECRET-tui-4711"


def leaked(requests) -> list[str]:
    """Every request that carried the token or the password (anywhere: headers, body, URL)."""
    out = []
    for r in requests:
        blob = " ".join(f"{k}: {v}" for k, v in r.headers.items()) + r.body.decode("latin-1") + r.path + str(r.query)
        if TOKEN in blob or PASSWORD in blob:
            out.append(f"{r.method} {r.path}")
    return out


# --- item 1: credentials belong to the target they were given for -------------------------------------

async def open_in_the_open_box(pilot, app, url: str) -> None:
    """ctrl+o, then type the URL into the *Open* box and press Enter (as a person would)."""
    from gradio_tui.tui.screens.search import OpenInput

    await press(pilot, "ctrl+o")
    await wait_for(pilot, lambda: bool(app.screen.query(OpenInput)), 10, "the open box")
    box = app.screen.query_one(OpenInput)
    box.focus()
    box.value = url
    await pilot.pause()
    await press(pilot, "enter")


async def test_token_and_password_stay_with_their_app(fs, other):
    from gradio_tui.tui.app import ConnectOptions, GradioTuiApp

    fs.auth = (USER, PASSWORD)                        # the first app needs a login
    app = GradioTuiApp(fs.url, options=ConnectOptions(token=TOKEN, auth=f"{USER}:{PASSWORD}", timeout=10),
                       remember_targets=True)
    async with app.run_test(size=SIZE) as pilot:
        first = await until_connected(pilot, app)
        assert "token in use" in static_text(app, "#app-header")
        assert first.session.logged_in
        assert any(r.path == "/login" for r in fs.requests)
        assert any(TOKEN in r.headers.get("x-hf-authorization", "") for r in fs.requests)

        await open_in_the_open_box(pilot, app, other.url)          # a second app, typed in the open box
        await wait_for(pilot, lambda: app.screen is not first and getattr(app.screen, "src", "") == other.url,
                       30, "the second app's screen")
        second = await until_connected(pilot, app)
        assert second.session.target.url == other.url
        assert other.requests, "the second app was never asked"
        assert leaked(other.requests) == []
        assert not any(r.path == "/login" for r in other.requests)
        header = static_text(app, "#app-header")
        assert "token in use" not in header and "no token" in header
        assert not second.session.logged_in

        fs.requests.clear()
        app.open_target(fs.url)                                     # back to the first (recent, history do this)
        await wait_for(pilot, lambda: app.screen is not second and getattr(app.screen, "src", "") == fs.url,
                       30, "the first app's screen again")
        again = await until_connected(pilot, app)
        assert again.session.logged_in and "token in use" in static_text(app, "#app-header")
        assert any(r.path == "/login" for r in fs.requests)
        assert leaked(other.requests) == []


async def test_the_environments_login_stays_with_the_command_lines_app(fs, other, monkeypatch):
    """GRADIO_USERNAME / GRADIO_PASSWORD log in to the app named on the command line when it asks;
    an app opened later that asks for a login (any hostile one can) does not get them."""
    from gradio_tui.tui.app import ConnectOptions, GradioTuiApp

    monkeypatch.setenv("GRADIO_USERNAME", USER)
    monkeypatch.setenv("GRADIO_PASSWORD", PASSWORD)
    fs.auth = other.auth = (USER, PASSWORD)
    app = GradioTuiApp(fs.url, options=ConnectOptions(timeout=10, target=fs.url), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        first = await until_connected(pilot, app)
        assert first.session.logged_in
        await open_in_the_open_box(pilot, app, other.url)
        await wait_for(pilot, lambda: app.screen is not first and getattr(app.screen, "src", "") == other.url,
                       30, "the second app's screen")
        await wait_for(pilot, lambda: any(r.path.endswith("/config") for r in other.requests), 30, "a config request")
        await pilot.pause(0.5)
    assert other.requests and not any(r.path == "/login" for r in other.requests)
    assert leaked(other.requests) == []


def test_credentials_scope_is_the_origin_or_the_space():
    from gradio_tui.tui.options import ConnectOptions, Credentials

    options = ConnectOptions(token=TOKEN, auth="u:p", target="http://127.0.0.1:7000/app")
    mine = Credentials(TOKEN, "u:p", env_login=True)
    assert options.for_target("http://127.0.0.1:7000/other?page=x") == mine   # same origin
    assert options.for_target("http://127.0.0.1:7000") == mine
    for elsewhere in ("http://127.0.0.1:7001/app", "https://127.0.0.1:7000/app", "http://localhost:7000/app",
                      "owner/space", "https://owner-space.hf.space", "not a target"):
        assert options.for_target(elsewhere) == Credentials(), elsewhere
    assert options.hub_token() is None                 # a token given for one app is not the Hub's

    space = ConnectOptions(token=TOKEN, target="Owner/Space")
    assert space.for_target("https://huggingface.co/spaces/owner/space").token == TOKEN
    assert space.for_target("other/space") == Credentials()
    assert space.hub_token() == TOKEN

    nothing = ConnectOptions(token=TOKEN, auth="u:p")  # no SRC: --token is an HF token, --auth for no app
    assert nothing.for_target("owner/space") == Credentials(TOKEN, None)
    assert nothing.for_target("https://owner-space.hf.space") == Credentials(TOKEN, None)
    assert nothing.for_target("http://127.0.0.1:7000") == Credentials()


def test_auth_without_a_target_is_a_usage_error(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "gradio_tui", "--auth", "u:p"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "--auth" in done.stderr and "Traceback" not in done.stderr
    assert "u:p" not in done.stdout + done.stderr


# --- item 7: a flood of gr.Info is a few toasts, and keys still work --------------------------------------

FLOOD = 5000


def info_flood(eid: str, body: dict) -> list[tuple]:
    from tests.support.faultserver import completed, sse

    infos = b"".join(sse({"msg": "log", "event_id": eid, "log": f"note {n}", "level": "info", "title": None})
                     for n in range(FLOOD))
    return [estimation(eid), starts(eid), ("raw", infos), completed(eid, ["done"])]


async def test_a_flood_of_info_messages_is_a_few_toasts_and_keys_still_work(fs):
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.dialogs import HelpScreen

    fs.script = info_flood
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    toasts: list[str] = []
    notify = app.notify

    def recording(message, *, title="", **kwargs):
        toasts.append(f"{title}|{message}")
        return notify(message, title=title, **kwargs)

    app.notify = recording
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: screen.run_panel.runs and screen.run_panel.runs[-1].counts["log"] >= FLOOD,
                       120, "the flood to arrive")
        await press(pilot, "f1")                           # a key right after the flood is handled promptly
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), 10, "F1 to open the help")
        await press(pilot, "escape")
        await pilot.pause(3)                               # the window closes: the summary toast
    from_the_app = [t for t in toasts if "note " in t or "more gr.Info" in t]
    assert len(from_the_app) <= 8, toasts
    summary = [t for t in from_the_app if "more gr.Info" in t and "see the event log" in t]
    assert summary, toasts
    counted = sum(int(t.split("+", 1)[1].split(" ", 1)[0].replace(",", "")) for t in summary)
    assert counted + len(from_the_app) - len(summary) == FLOOD, toasts


# --- item 6: any number from the wire is shown (or left out), never a crash ---------------------------------

HUGE_INT = 10**400


def huge_numbers(eid: str, body: dict) -> list[tuple]:
    from tests.support.faultserver import completed, msg

    return [msg(msg="estimation", event_id=eid, rank=HUGE_INT, queue_size=HUGE_INT, rank_eta=HUGE_INT),
            ("raw", b'data: {"msg": "estimation", "event_id": "%s", "rank": 1, "queue_size": 2, '
                    b'"rank_eta": Infinity}\n\n' % eid.encode()),
            msg(msg="process_starts", event_id=eid, eta=HUGE_INT),
            ("sleep", 0.4),
            msg(msg="progress", event_id=eid, progress_data=[{"index": HUGE_INT, "length": HUGE_INT, "unit": "steps",
                                                              "progress": None, "desc": "huge"}]),
            ("sleep", 0.4),
            msg(msg="progress", event_id=eid, progress_data=[{"index": -HUGE_INT, "length": 0, "unit": "s",
                                                              "progress": None, "desc": "zero"},
                                                             {"index": None, "length": None, "unit": "s",
                                                              "progress": HUGE_INT, "desc": "fraction"}]),
            ("sleep", 0.4),
            ("raw", b'data: {"msg": "progress", "event_id": "%s", "progress_data": [{"index": NaN, '
                    b'"length": Infinity, "unit": "s", "progress": -Infinity, "desc": "nan"}]}\n\n' % eid.encode()),
            ("sleep", 0.4),
            msg(msg="process_generating", event_id=eid, output={"data": [HUGE_INT]}),
            ("sleep", 0.4),
            completed(eid, [HUGE_INT], duration=HUGE_INT, average_duration=HUGE_INT)]


async def huge_json(scope, receive, send, body, *, data):
    import json

    from tests.support.faultserver import reply

    await reply(send, 200, json.dumps(data).encode())


async def test_huge_numbers_never_crash_the_tui(fs):
    import functools

    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.debug import DebugScreen

    fs.script = huge_numbers
    fs.routes[("GET", "/monitoring/summary")] = functools.partial(huge_json, data={"functions": {"predict": {
        "success_rate": HUGE_INT, "total_requests": HUGE_INT,
        "process_time_percentiles": {"50th": HUGE_INT, "90th": HUGE_INT, "99th": HUGE_INT}}}})
    fs.routes[("GET", "/gradio_api/queue/status")] = functools.partial(huge_json, data={"queue_size": HUGE_INT})
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await until_done(pilot, await run_with_keys(pilot, app))
        await pilot.pause(0.5)                                   # the panel draws the final state
        assert app.is_running
        await press(pilot, "f6")                                 # the debug view: latencies and queue
        await wait_for(pilot, lambda: isinstance(app.screen, DebugScreen), 10, "the debug view")
        await wait_for(pilot, lambda: "Gathering" not in static_text(app, "#debug-overview"), 15,
                       "the debug view to show something")
        await pilot.pause(0.5)
        assert app.is_running
        await press(pilot, "escape")
        await wait_for(pilot, lambda: app.screen is screen, 10, "back on the app")
    assert app.return_code in (None, 0)


def test_words_for_any_number():
    from gradio_tui.core import count, progress_words, seconds
    from gradio_tui.tui.format import progress_fraction
    from gradio_tui.tui.runs import RunState
    from gradio_tui.tui.widgets.queue_bar import bar_fraction, queue_words

    nan, inf = float("nan"), float("inf")
    for value in (HUGE_INT, -HUGE_INT, nan, inf, -inf, 1e308, "12", None, True):
        units = [{"index": value, "length": value, "unit": "s", "progress": None, "desc": "d"},
                 {"index": 1, "length": value, "unit": "s", "progress": value, "desc": "d"}]
        assert isinstance(progress_words(units), str)
        fraction = progress_fraction(units)
        assert fraction is None or 0.0 <= fraction <= 1.0
        assert len(seconds(value)) < 20
        run = RunState(1, "/x", clock=lambda: 5.0)
        run.status, run.rank, run.queue_size, run.queue_eta, run.queue_eta_at = "queued", value, value, value, 1.0
        run.upload_bytes, run.run_eta, run.run_started_at, run.progress = value, value, 1.0, units
        assert len(queue_words(run).plain) < 200 and len(run.summary()) < 200
        run.status = "running"
        assert len(queue_words(run).plain) < 300
        assert bar_fraction(run) is None or 0.0 <= bar_fraction(run) <= 1.0
    assert seconds(nan) == "–"
    assert count(HUGE_INT) == "> 10^15" and count(42) == "42" and count(3.0) == "3" and len(count("x" * 99)) < 45


# --- item 11: "Save file" fetches an output only from the app's own origin -----------------------------------

async def test_save_file_refuses_an_output_on_another_origin(fs, other, tmp_path):
    """Passes once the core's ``Session.download`` refuses other origins (the limits branch)."""
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.dialogs import SaveDialog
    from gradio_tui.tui.widgets.result_view import ResultView
    from tests.support.faultserver import completed

    other.file_bytes = b"from another origin"
    elsewhere = {"path": "loot.bin", "url": f"{other.url}/gradio_api/file=loot.bin", "orig_name": "loot.bin",
                 "size": 19, "meta": {"_type": "gradio.FileData"}}
    fs.script = lambda eid, body: [estimation(eid), starts(eid), completed(eid, [elsewhere])]
    folder = tmp_path / "downloads"
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await until_done(pilot, await run_with_keys(pilot, app))
        await pilot.pause(0.3)
        screen.query_one(ResultView).focus()
        await press(pilot, "s")                                          # Save file…
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 10, "the save dialog")
        app.screen.query_one("#save-path").value = str(folder)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: any(n.title in ("Download failed", "Saved") for n in app._notifications), 15,
                       "the download's outcome")
        outcome = [f"{n.title}|{n.message}" for n in app._notifications if n.title in ("Download failed", "Saved")]
        assert app.is_running
    assert [r.path for r in other.requests] == []                        # the other origin was never asked
    assert not folder.exists() or list(folder.iterdir()) == []
    assert outcome and outcome[0].startswith("Download failed|") and "host" in outcome[0], outcome
