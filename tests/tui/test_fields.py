"""Form fields by keyboard against the real widgets app: numbers and sliders step with ↑/↓ within
their range, say why a character was refused and go back to their default; ticked and unticked
read differently without colour; a required Radio has no blank entry that would send null."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.fields import rejected_reason
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    result_text,
    run_with_keys,
    until_connected,
    until_done,
    wait_for,
)


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "data"))


async def widgets_form(pilot, app):
    await until_connected(pilot, app)
    form = await open_endpoint(pilot, app, "/describe")
    await wait_for(pilot, lambda: bool(form.query("#run-button")), 10, "the form")
    return form


def notice(field) -> str:
    return str(field.query_one(".field-notice").content) if field.has_class("-notice") else ""


async def test_number_and_slider_step_with_arrows_within_their_range_and_reset(gradio6):
    app = GradioTuiApp(gradio6.url("widgets"))
    async with app.run_test(size=SIZE) as pilot:
        form = await widgets_form(pilot, app)
        level, amount = form.field("level"), form.field("amount")       # Slider 0…10 step 0.5 = 5; Number = 3.5
        level.focus_control()
        await pilot.press("up")
        assert level.control.value == "5.5"
        await pilot.press("down", "down")
        assert level.control.value == "4.5"
        level.control.value = "9.5"
        await pilot.press("up", "up", "up")
        assert level.control.value == "10"                               # clamped at the maximum
        level.control.value = "0.3"                                       # off the grid: back onto it
        await pilot.press("down")
        assert level.control.value == "0"
        await pilot.press("down")
        assert level.control.value == "0"                                # clamped at the minimum
        await pilot.press("ctrl+z")
        assert level.control.value == "5"                                # the app's default
        hint = str(level.query_one(".field-hint").content)
        assert "step 0.5 (↑/↓)" in hint and "default 5 (^z)" in hint
        amount.focus_control()
        await pilot.press("up", "up")
        assert amount.control.value == "5.5"                             # a Number steps by 1
        await pilot.press("up")
        assert app.focused is amount.control                             # ↑ stepped: the focus stayed
        form.field("size").write("M")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        sent = json.loads(run.outputs[0])
        assert sent["level"] == 5 and sent["amount"] == 6.5


async def test_a_refused_character_is_explained_and_the_explanation_goes_with_the_next_edit(gradio6):
    app = GradioTuiApp(gradio6.url("widgets"))
    async with app.run_test(size=SIZE) as pilot:
        form = await widgets_form(pilot, app)
        amount = form.field("amount")
        amount.focus_control()
        await pilot.press("end", "x")
        assert amount.control.value == "3.5"
        assert "'x' is not part of a number" in notice(amount)
        await pilot.press("full_stop")
        assert amount.control.value == "3.5" and "one '.'" in notice(amount)
        await pilot.press("1")
        assert amount.control.value == "3.51" and notice(amount) == ""


def test_the_reasons_for_a_refused_character():
    assert "'a' is not part of a number" in rejected_reason("1", "a")
    assert rejected_reason("1.5", ".") == "a number has one '.'"
    assert rejected_reason("1", ".", whole=True) == "a whole number: no '.'"
    assert rejected_reason("1e5", "e") == "a number has one exponent 'e'"
    assert "sign goes first" in rejected_reason("12", "-")


async def test_ticked_and_unticked_read_differently_without_colour(gradio6):
    app = GradioTuiApp(gradio6.url("widgets"))
    async with app.run_test(size=SIZE) as pilot:
        form = await widgets_form(pilot, app)
        box = form.field("on").control
        assert str(box.render()).startswith("[ ]")
        box.focus()
        await pilot.press("space")
        assert box.value and str(box.render()).startswith("[x]")
        flags = form.field("flags").control                               # CheckboxGroup, ["x"] ticked
        lines = [flags.render_line(y).text for y in range(3)]
        assert lines[0].startswith("[x] x") and lines[1].startswith("[ ] y") and lines[2].startswith("[ ] z")
        assert not any("▐" in line for line in lines)
        flags.focus()
        await pilot.press("down", "space")
        assert flags.render_line(1).text.startswith("[x] y")
        assert form.field("flags").read() == ["x", "y"]


async def test_a_required_radio_has_no_entry_that_sends_null(gradio6):
    app = GradioTuiApp(gradio6.url("widgets"))
    async with app.run_test(size=SIZE) as pilot:
        form = await widgets_form(pilot, app)
        size = form.field("size")
        select = size.control
        assert size.param.required and select.value is Select.NULL
        overlay = select.query_one(SelectOverlay)
        prompts = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
        assert prompts == ["S", "M", "L"]                                # no "choose one" entry
        values, errors = form.collect()
        assert "size" in errors                                          # not sent as null
        select.focus()
        await pilot.press("enter", "down", "enter")
        await wait_for(pilot, lambda: select.value is not Select.NULL, 5, "a size picked")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert json.loads(run.outputs[0])["size"] in ("S", "M", "L")
        optional = form.field("choice").control.query_one(SelectOverlay)  # a Dropdown with a default: "none" stays
        assert str(optional.get_option_at_index(0).prompt) == "none" and optional.option_count == 4
        assert result_text(app)
