"""keymap.toml is read as TOML: what is wrong in it is reported, never a crash, and what is
right still applies."""

from __future__ import annotations

import pytest

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.keymap import binding_ids, load_keymap, problems_of, read_keymap
from tests.support.pilot import SIZE, notifications, until_connected, wait_for

pytestmark = pytest.mark.hygiene


def test_toml_forms_comments_and_key_lists(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('# my keys\nrun = "f9, ctrl+r"  # two keys\n\'export.copy\' = "y"\nhelp = """f1"""\n',
                    encoding="utf-8")
    assert load_keymap(path) == {"run": "f9,ctrl+r", "export.copy": "y", "help": "f1"}
    assert read_keymap(path).problems == []


def test_no_file_is_no_keymap_and_no_problem(tmp_path):
    keymap = read_keymap(tmp_path / "absent.toml")
    assert keymap.bindings == {} and keymap.problems == []


def test_bad_values_are_reported_and_the_rest_applies(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('run = "f9"\ncancel = 3\nraw = ""\nquit = "ctrl+q,,"\nhelp = "ctrl q"\n[export]\ncopy = "y"\n',
                    encoding="utf-8")
    keymap = read_keymap(path)
    assert keymap.bindings == {"run": "f9"}
    text = "\n".join(keymap.problems)
    for name in ("cancel", "raw", "quit", "help", "export"):
        assert name in text
    assert len(keymap.problems) == 5


def test_a_file_that_is_not_toml_is_one_problem(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('run = "f9\n', encoding="utf-8")               # the old regex skipped such lines
    keymap = read_keymap(path)
    assert keymap.bindings == {} and len(keymap.problems) == 1 and "not valid TOML" in keymap.problems[0]
    path.write_bytes(b'run = "\xff"\n')
    assert "not valid TOML" in read_keymap(path).problems[0]


def test_unknown_ids_are_reported():
    ids = binding_ids()
    assert {"run", "cancel", "export.copy", "history.rerun", "debug.open"} <= ids
    problems = problems_of(read_keymap_of({"run": "f9", "rnu": "f10"}))
    assert problems == ["keymap.toml: no binding has the id 'rnu'"]


def read_keymap_of(bindings):
    from gradio_tui.tui.keymap import Keymap

    return Keymap(bindings=dict(bindings))


async def test_the_app_says_what_is_wrong_and_applies_the_rest(gradio6, tmp_path, monkeypatch):
    (tmp_path / "keymap.toml").write_text('run = "f9"\nrnu = "f10"\ncancel = 3\n', encoding="utf-8")
    monkeypatch.setenv("GRADIO_TUI_CONFIG_DIR", str(tmp_path))
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await wait_for(pilot, lambda: len([n for n in notifications(app) if "keymap.toml" in n]) >= 2, 10,
                       "the keymap's problems as toasts")
        text = "\n".join(notifications(app))
        assert "'rnu'" in text and "cancel should be a string" in text
        assert app._keymap.get("run") == "f9"


def test_palette_words_name_each_remapped_key_once_and_only_keys():
    from gradio_tui.tui.keymap import BindingInfo, remapped_keys

    app = GradioTuiApp()
    app._keymap = {"run": "f2", "raw": "f5", "sort": "ctrl+x"}
    bindings = [BindingInfo("run", "ctrl+r", "", ""), BindingInfo("raw", "f2", "", ""),
                BindingInfo("sort", "s", "", "")]
    said = {text: remapped_keys(text, app, bindings) for text in
            ("Run the current endpoint (ctrl+r)", "F2", "Space(s) and (s)", "ctrl+t")}
    assert said == {"Run the current endpoint (ctrl+r)": "Run the current endpoint (f2)",   # not then f5
                    "F2": "f5", "Space(s) and (s)": "Space(s) and (^x)", "ctrl+t": "ctrl+t"}
