"""``gradio-tui URL`` does only the work its first form needs (issue 16: launch → ready form ≤ floor + 0.3 s).

Each class change on a screen restyles every widget under it, and the connected screen's size
classes (``-wide``, ``-tall``, the narrow drawer) were set by its first resize, after all its
widgets had mounted: one more restyle of the whole screen before the first frame. They are set
before the widgets mount. The footer is rebuilt each time its keys change (twice before the first
form); each of its keys took a class on mount and lost it again, two restyles per key per rebuild:
a key now mounts with its classes as they end up. Between "connected" and the first form no frame
is drawn (two were: the endpoint list beside an empty middle, then the form without its fields):
the first one shows the form with its fields, the focus in the first, and the form's keys. The
connected screen's CSS files are read with the app's: a screen whose files are new to the app
makes Textual parse every stylesheet again when it is pushed. The screens it does not show (the
search, the dialogs, the event detail, a failure's words) load when first shown. Timings are in
``benchmarks/`` (not timed here).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.app import App
from textual.widgets._footer import FooterKey

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.connected import AppScreen
from tests.support.pilot import SIZE, until_connected, wait_for


def first_form_shown(screen: AppScreen) -> bool:
    form = screen.current_center()
    return form is not None and str(form.id).startswith("form-") and bool(form.query("Input"))


@pytest.mark.parametrize(("size", "classes"), [(SIZE, {"-wide", "-tall"}),
                                               ((80, 24), {"-narrow", "-short", "-endpoints-hidden"})])
async def test_the_screen_is_restyled_whole_once_before_its_first_form(gradio6, monkeypatch, size, classes):
    whole: list[str] = []
    real = App.update_styles

    def update_styles(self, node, animate=True):
        if isinstance(node, AppScreen):
            whole.append(" ".join(sorted(node.classes)))
        return real(self, node, animate)

    monkeypatch.setattr(App, "update_styles", update_styles)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=size) as pilot:
        screen = await until_connected(pilot, app)
        await wait_for(pilot, lambda: first_form_shown(screen), 20, "the first form")
        assert classes <= set(screen.classes)
        assert len(whole) == 1, f"the whole screen was restyled {len(whole)} times: {whole}"   # when it is first shown
        await app.action_quit()


async def test_the_footer_keys_are_not_restyled_after_they_mount(gradio6, monkeypatch):
    restyled: list[str] = []
    real = App.update_styles

    def update_styles(self, node, animate=True):
        if isinstance(node, FooterKey):
            restyled.append(node.key)
        return real(self, node, animate)

    monkeypatch.setattr(App, "update_styles", update_styles)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await wait_for(pilot, lambda: first_form_shown(screen), 20, "the first form")
        await pilot.pause(0.3)
        keys = list(screen.query(FooterKey))
        assert {key.key for key in keys} >= {"ctrl+r", "ctrl+t", "ctrl+p"}       # the footer shows the keys…
        assert [key.key for key in keys if key.has_class("-compact")] == ["ctrl+p"]   # …as Textual's footer draws them
        assert restyled == [], f"footer keys restyled after they mounted: {restyled}"
        await app.action_quit()


async def test_the_first_frame_after_connecting_is_the_complete_form(gradio6, monkeypatch):
    drawn: list[tuple[bool, bool, list[str]]] = []
    real = AppScreen.release_frames

    def release_frames(self):
        if self._held is not None:
            keys = [key.key for key in self.query(FooterKey)]
            focused = self.app.focused
            drawn.append((first_form_shown(self), focused is not None and focused.has_class("field-control"), keys))
        return real(self)

    monkeypatch.setattr(AppScreen, "release_frames", release_frames)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        assert len(drawn) == 1
        form, in_a_field, keys = drawn[0]
        assert form and in_a_field
        assert {"ctrl+r", "ctrl+t"} <= set(keys)           # the form's keys, not the connecting screen's
        assert screen.side_ready
        await app.action_quit()


async def test_pushing_the_connected_screen_parses_no_stylesheet_again(gradio6, monkeypatch):
    from textual.css.stylesheet import Stylesheet

    reparsed: list[int] = []
    real = Stylesheet.reparse

    def reparse(self):
        reparsed.append(len(self.source))
        return real(self)

    monkeypatch.setattr(Stylesheet, "reparse", reparse)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        assert first_form_shown(screen)
        assert reparsed == [], "the stylesheets were parsed again when the connected screen was pushed"
        await app.action_quit()


def test_the_connected_screen_loads_without_the_screens_it_does_not_show():
    left_out = ("search", "dialogs", "event_detail", "connect_failure", "debug", "history")
    code = ("import sys\n"
            "import gradio_tui.cli.main\n"
            "from gradio_tui.tui import app, main\n"
            "from gradio_tui.tui.screens import connected\n"
            "app.connected_css()\n"
            f"print(sorted(m for m in {left_out!r} if 'gradio_tui.tui.screens.' + m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
