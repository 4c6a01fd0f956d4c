"""The result is shown when the run's ``complete`` arrives (issue 16: an image ≤ 150 ms after it).

Two waits were taken out of the way: the result view followed a finished run only once the job's
stream was torn down and the call recorded (or at the run panel's next flush), and a picture was
shown only after its temporary download folder had been removed. Each test holds the step that
used to come first, and checks that the user sees the result meanwhile.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from gradio_tui.core.session import Session
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets import image_view, run_panel
from tests.support.pilot import SIZE, open_endpoint, result_text, run_with_keys, until_connected, wait_for


async def test_the_result_shows_before_the_job_winds_down(gradio6, monkeypatch):
    monkeypatch.setattr(run_panel, "FLUSH_SECONDS", 60.0)       # no flush tick to fall back on
    release = asyncio.Event()
    real_submit = Session.submit

    def submit(self, *args, **kwargs):
        job = real_submit(self, *args, **kwargs)
        events = job.__aiter__()

        class Lingering:                  # the stream's teardown after `complete` held open
            def __getattr__(self, name):
                return getattr(job, name)

            def __aiter__(self):
                return self._events()

            async def _events(self):
                async for event in events:
                    yield event
                await release.wait()

        return Lingering()

    monkeypatch.setattr(Session, "submit", submit)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/echo", {"text": "prompt-result"})
        run = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: run.finished, 30, "complete")
        await wait_for(pilot, lambda: "prompt-result" in result_text(app), 5, "the result, while the job winds down")
        assert run.worker is not None and not run.worker.is_finished
        release.set()
        await wait_for(pilot, lambda: run.worker.is_finished, 10, "the run's worker done")
        await app.action_quit()


async def test_a_picture_shows_before_its_download_folder_is_removed(gradio6, monkeypatch):
    pytest.importorskip("PIL")
    removed = threading.Event()
    release = threading.Event()
    folders: list[Path] = []
    real_rmtree = image_view.shutil.rmtree

    def slow_rmtree(path, *args, **kwargs):
        folders.append(Path(path))
        release.wait(30)
        real_rmtree(path, *args, **kwargs)
        removed.set()

    monkeypatch.setattr(image_view.shutil, "rmtree", slow_rmtree)
    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/picture", {"width": 64, "height": 32})
        await run_with_keys(pilot, app)

        def views():
            return list(app.screen.query(image_view.ImageView))

        try:
            await wait_for(pilot, lambda: bool(views()) and views()[0].picture is not None, 20,
                           "the picture, while its folder is being removed")
            assert views()[0].problem is None and views()[0].picture.size == (64, 32)
        finally:
            release.set()
        await wait_for(pilot, removed.is_set, 10, "the download folder removed")
        assert folders and not any(folder.exists() for folder in folders)   # nothing left behind
        await app.action_quit()
