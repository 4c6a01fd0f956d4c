"""Issue 15, dead end 1: credentials typed inside the TUI, not passed on the command line.

A login app (``auth=``) and a private Space (through the Hub stand-in) open a dialog; what the
user types connects at once, is kept in memory for that target's origin (or that Space) only,
and is never shown, written or sent elsewhere. Pilot drives the real app against real servers.
"""

from __future__ import annotations

from pathlib import Path


from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.connected import AppScreen
from gradio_tui.tui.screens.credentials import CredentialsDialog
from tests.support.pilot import (
    SIZE,
    notifications,
    open_endpoint,
    press,
    result_text,
    run_with_keys,
    screen_of,
    static_text,
    until_connected,
    until_done,
    wait_for,
)

USER, PASSWORD = "ada", "pw-TYPED-secret-9d2f"


async def the_dialog(pilot, app: GradioTuiApp) -> CredentialsDialog:
    await wait_for(pilot, lambda: isinstance(app.screen, CredentialsDialog), 30, "the credentials dialog")
    return app.screen


async def type_text(pilot, text: str) -> None:
    await press(pilot, *text)


def carried(requests, secret: str) -> list[str]:
    """The requests that carried ``secret`` anywhere (headers, body, path, query)."""
    out = []
    for r in requests:
        blob = " ".join(f"{k}: {v}" for k, v in r.headers.items()) + r.body.decode("latin-1") + r.path + str(r.query)
        if secret in blob:
            out.append(f"{r.method} {r.path}")
    return out


def screen_words(app: GradioTuiApp) -> str:
    """The text on the screen now (the screenshot's, tags and entities undone)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


def files_holding(root: Path, secret: str) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


async def test_a_login_app_asks_in_a_dialog_and_the_run_succeeds(gradio6):
    from tests.apps.auth import PASSWORD as APP_PASSWORD
    from tests.apps.auth import USERNAME

    app = GradioTuiApp(gradio6.url("auth"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await the_dialog(pilot, app)
        shown = screen_words(app)
        app.save_screenshot("login-dialog.svg", path="/tmp/creds-shots")
        assert "Log in to" in shown and "Log in with user/pass" in shown       # the app's own auth_message
        await type_text(pilot, USERNAME)
        await press(pilot, "enter")                                           # on to the password
        await type_text(pilot, APP_PASSWORD)
        assert dialog.query_one("#credentials-password").password            # masked while typed
        await press(pilot, "enter")
        screen = await until_connected(pilot, app)
        assert "logged in" in static_text(app, "#app-header")
        await open_endpoint(pilot, app, "/whoami", {"x": "hello"})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete", run.error
        assert "user: hello" in result_text(app)
        assert screen.session is not None and screen.session.logged_in


async def test_the_typed_password_stays_with_its_origin_and_in_memory(fs, other, tmp_path_factory):
    fs.auth = (USER, PASSWORD)
    app = GradioTuiApp(fs.url, remember_targets=True)
    async with app.run_test(size=SIZE) as pilot:
        await the_dialog(pilot, app)
        await type_text(pilot, USER)
        await press(pilot, "enter")
        await type_text(pilot, PASSWORD)
        assert PASSWORD not in screen_words(app)                        # dots, never the password
        await press(pilot, "enter")
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/predict", {"x": "a"})
        assert (await until_done(pilot, await run_with_keys(pilot, app))).status == "complete"
        assert carried(fs.requests, PASSWORD) == ["POST /login"]              # the login form, once

        app.open_target(other.url)                                            # another origin: never sent
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen) and app.screen.src == other.url
                       and app.screen.session is not None, 30, "the other app")
        assert carried(other.requests, PASSWORD) == []

        before = len(fs.requests)
        app.open_target(fs.url)                                               # back: kept for the session
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen) and app.screen.src == fs.url
                       and app.screen.session is not None, 30, "the login app again, without a dialog")
        assert carried(fs.requests[before:], PASSWORD) == ["POST /login"]
        texts = [screen_words(app), *notifications(app)]
    assert not any(PASSWORD in text for text in texts)
    home = Path(tmp_path_factory.getbasetemp())
    for folder in ("data", "config", "cache"):                                # history, recent, settings
        found = list(home.glob(f"userdirs*/{folder}"))
        for root in found:
            assert files_holding(root, PASSWORD) == []
    assert any(home.glob("userdirs*/data"))


async def test_escape_leaves_a_screen_that_says_what_to_do_and_a_wrong_password_asks_again(fs):
    fs.auth = (USER, PASSWORD)
    app = GradioTuiApp(fs.url, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await the_dialog(pilot, app)
        await press(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen), 5, "the failed screen")
        words = static_text(app, "#connect-message")
        assert "needs a login" in words and "log in" in words and "--auth" not in words
        await press(pilot, "l")                                               # the key it names
        await the_dialog(pilot, app)
        await type_text(pilot, USER)
        await press(pilot, "enter")
        await type_text(pilot, "not-it")
        await press(pilot, "enter")
        dialog = await wait_for_problem(pilot, app)
        assert "wrong username or password" in static_text(app, "#credentials-problem")
        await type_text(pilot, USER)
        await press(pilot, "enter")
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        await until_connected(pilot, app)
        assert dialog is not app.screen


async def wait_for_problem(pilot, app: GradioTuiApp) -> CredentialsDialog:
    await wait_for(pilot, lambda: isinstance(app.screen, CredentialsDialog) and bool(app.screen.problem), 30,
                   "the dialog again, saying what was wrong")
    return app.screen


async def test_a_private_space_asks_for_a_token_that_only_the_hub_gets(hub, hub_token, gradio6):
    hub.add_space("acme/secret", upstream=gradio6.url("basic"), private=True)
    app = GradioTuiApp("acme/secret", remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await the_dialog(pilot, app)
        assert "private or gated" in screen_words(app)
        await type_text(pilot, hub_token)
        assert hub_token not in screen_words(app)
        await press(pilot, "enter")
        await until_connected(pilot, app)
        assert screen_of(app).session.target.space_id == "acme/secret"
        await open_endpoint(pilot, app, "/greet")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete", run.error
    assert carried(hub.hub_requests(), hub_token)                            # the Hub got it…
    assert carried(hub.app_requests(), hub_token) == []                      # …the app's host did not


async def test_the_logs_tab_asks_for_the_owners_token_and_follows(hub, hub_token, gradio6):
    from gradio_tui.tui.debugging import open_debug
    from gradio_tui.tui.widgets.log_pane import LogPane
    from tests.support.hubstub import log_event

    space = hub.add_space("acme/open", upstream=gradio6.url("basic"))
    space.logs["run"] = [log_event("model loaded on cpu")]
    app = GradioTuiApp("acme/open", remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        debug = open_debug(app)
        await wait_for(pilot, lambda: app.screen is debug and debug.query(LogPane), 10, "the debug view")
        pane = debug.query_one("#debug-run-log", LogPane)
        await wait_for(pilot, lambda: pane.state == "refused", 20, "the refused log")
        debug.show_tab("run-log")
        await the_dialog(pilot, app)
        await type_text(pilot, hub_token)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: "model loaded on cpu" in pane.lines, 20, "the log's lines")
        assert hub_token not in screen_words(app)
        assert app.connect_options.for_target("acme/open").token == hub_token      # that Space's, in memory
        assert app.connect_options.for_target("acme/other").token is None


def test_what_is_typed_is_kept_for_its_origin_or_its_space_only():
    from gradio_tui.tui.options import ConnectOptions

    options = ConnectOptions(token="hf_cli", target="acme/cli")
    assert options.remember("http://127.0.0.1:7860/app", login=(USER, PASSWORD))
    assert options.remember("Acme/Secret", token="hf_typed")
    assert not options.remember("not a target at all")
    assert options.for_target("http://127.0.0.1:7860/other").auth == (USER, PASSWORD)    # same origin
    for elsewhere in ("http://127.0.0.1:7861/app", "https://127.0.0.1:7860/app", "http://localhost:7860/app",
                      "acme/secret2"):
        assert options.for_target(elsewhere).auth is None and options.for_target(elsewhere).token is None
    assert options.for_target("acme/secret").token == "hf_typed"                          # Space ids: any case
    assert options.for_target("acme/cli").token == "hf_cli"                               # the command line's
    options.forget("http://127.0.0.1:7860/")
    assert options.for_target("http://127.0.0.1:7860/app").auth is None
    assert PASSWORD not in repr(options)
