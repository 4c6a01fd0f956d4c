"""Export without running: the export panel follows the form as it is edited (dead end 2 of issue 15).

The user opens an endpoint, edits its fields, presses ctrl+t: the panel shows the call the form
would send, never run (the run list stays empty, the app gets no call). Each language's snippet
is copied from the panel and RUN (bash, Python with gradio_client, node with @gradio/client, as
``test_snippets_live.py`` runs them): it prints what the core returns for the same call.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from gradio_tui.core.session import Session
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.export_panel import ExportPanel
from tests.core.test_snippets_live import (
    JS_DIR,
    commands,
    js_problem,
    normalize,
    parse_output,
    run,
    sample_file,
    snippet_env,
)
from tests.support.pilot import SIZE, notifications, panel, press, screen_of, until_connected, wait_for

SUFFIX = {"curl": "sh", "python": "py", "js": "mjs"}



async def copy_each_language(pilot, app: GradioTuiApp) -> dict[str, str]:
    """ctrl+t, then 1/2/3 and c: the clipboard after each copy."""
    export = screen_of(app).query_one(ExportPanel)
    got = {}
    for key, lang in (("1", "curl"), ("2", "python"), ("3", "js")):
        await press(pilot, key, "c")
        await wait_for(pilot, lambda lang=lang: export.lang == lang and export.text and app.clipboard == export.text,
                       10, f"the {lang} snippet copied")
        assert export.scope == "form"
        got[lang] = app.clipboard
    return got


async def run_snippets(scripts: dict[str, str], tmp: Path, name: str) -> dict[str, tuple[int, str, str]]:
    limit = asyncio.Semaphore(3)
    env = snippet_env(tmp, login=False)
    jobs = {}
    for lang, script in scripts.items():
        path = tmp / f"{name}.{SUFFIX[lang]}"
        path.write_text(script, encoding="utf-8")
        jobs[lang] = run(commands(lang, path, "6")[0], tmp, env, limit)
    done = await asyncio.gather(*jobs.values())
    return dict(zip(jobs, done))


GREETING = ["Ada \"the\" it's", True, 2]


async def edit_greet(pilot, screen, export) -> list:
    """/greet: a fresh form, then edited; ctrl+t shows the form's snippet, no run needed."""
    screen.jump_to(screen.session.schema.endpoint("/greet"))
    await pilot.pause()
    form = screen.current_center()
    await press(pilot, "ctrl+t")
    await wait_for(pilot, lambda: "World" in export.text, 5, "the fresh form's snippet")
    assert export.describe_scope() == "/greet, not run"
    form.field("name").control.focus()
    form.field("name").control.value = ""
    await press(pilot, *GREETING[0])
    form.field("excited").control.value = True
    form.field("times").control.value = "2"
    await wait_for(pilot, lambda: "Ada" in export.text and "World" not in export.text, 5,
                   "the snippet to follow the edits")
    return GREETING


async def edit_file_info(pilot, screen, export, sample: Path) -> list:
    """/file_info: the empty file field says what to fix; a local file becomes an upload step."""
    screen.jump_to(screen.session.schema.endpoint("/file_info"))
    await pilot.pause()
    form = screen.current_center()
    await press(pilot, "ctrl+t")
    await wait_for(pilot, lambda: "Fix the form first" in export.empty_reason(), 5, "the empty file field")
    assert not form.field("f").error                 # the fresh form is not marked red
    form.field("f").control.value = str(sample)
    await wait_for(pilot, lambda: "/upload" in export.text, 5, "the upload step")
    return [str(sample)]


@pytest.mark.parametrize(("app_name", "route"), [("basic", "/greet"), ("files", "/file_info")])
async def test_an_edited_form_exports_runnable_snippets_without_running(gradio6, tmp_path, app_name, route):
    problem = js_problem()
    if problem:
        pytest.skip(problem)
    (tmp_path / "node_modules").symlink_to(JS_DIR / "node_modules")
    sample = sample_file(tmp_path)
    app = GradioTuiApp(gradio6.url(app_name))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        export = screen.query_one(ExportPanel)
        args = (await edit_greet(pilot, screen, export) if route == "/greet"
                else await edit_file_info(pilot, screen, export, sample))
        await press(pilot, "ctrl+t", "ctrl+t")           # to the run view and back: still the form
        scripts = await copy_each_language(pilot, app)
        assert panel(app).runs == [] and screen.session.records == []       # nothing was run
        assert not any("Not sent" in n for n in notifications(app))

    async with await Session.connect(gradio6.url(app_name), timeout=60) as session:
        want = [await normalize(session, await session.submit(route, args).result())]
        done = await run_snippets(scripts, tmp_path, route.strip("/"))
        for lang, (code, out, err) in done.items():
            assert code == 0, f"{lang}: exit {code}\n{scripts[lang]}\n{out}\n{err[-2000:]}"
            got = await parse_output(lang, out, want, [session.plan(route, args)], session)
            assert got == want, f"{lang}\n{scripts[lang]}\n{out}"
