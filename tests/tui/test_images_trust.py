"""Red team on inline images (issue 16): an app that answers with many images (many outputs, each
a full gallery) gets a bounded number of previews fetched and drawn per result, and a line saying
how many more there are — not a download, a temporary folder and a decode for each of hundreds."""

from __future__ import annotations

import io

import pytest

from tests.support.faultserver import completed, dependency, estimation, make_config, starts, textbox
from tests.support.pilot import SIZE, run_with_keys, until_connected, until_done, wait_for
from tests.tui.test_images import image_output

pytest.importorskip("PIL")
pytestmark = pytest.mark.trust

OUTPUTS = 40                # outputs of the hostile app, each a gallery of 8 images: 320 in one result


def small_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (255, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_a_result_with_hundreds_of_images_previews_a_bounded_few(fs):
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.image_view import MAX_RESULT_IMAGES, ImageView

    outputs = list(range(2, 2 + OUTPUTS))
    fs.config = make_config([dependency(0, "predict", [1], outputs)],
                            components=[textbox(1, "Input", "hi"), *(textbox(i, f"Out {i}") for i in outputs)])
    fs.file_bytes = small_png()
    gallery = [image_output(f"{fs.url}/gradio_api/file=/tmp/g{n}.png", f"g{n}.png") for n in range(8)]
    fs.script = lambda eid, body: [estimation(eid), starts(eid), completed(eid, [gallery] * OUTPUTS)]
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete", run.error

        def views():
            return list(app.screen.query(ImageView))

        await wait_for(pilot, lambda: views() and all(v.picture or v.problem for v in views()), 60,
                       "the previews drawn")
        await pilot.pause()
        assert len(views()) == MAX_RESULT_IMAGES
        assert all(v.picture is not None for v in views())
        fetched = [r for r in fs.requests if "/file=" in r.path]
        assert len(fetched) == MAX_RESULT_IMAGES
        more = OUTPUTS * 8 - MAX_RESULT_IMAGES
        assert any(f"{more} more images not previewed" in str(w.render())
                   for w in app.screen.query(".image-more")), "a line says how many more there are"
        assert app.is_running
