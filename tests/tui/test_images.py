"""Issue 16: image outputs are shown inline (Unicode half-blocks), fetched with the core's download rules.

Against the ``images`` test app (Pillow makes its images) and, for the hostile cases, the fault
server: a 1 GB answer, a 50k×50k PNG and an image on another origin each end as one dim line
in place of the picture, quickly, and the TUI goes on.
"""

from __future__ import annotations

import struct
import zlib

import pytest

from tests.support.faultserver import FaultServer, completed, estimation, starts
from tests.support.hostile_answers import endless
from tests.support.pilot import SIZE, open_endpoint, run_with_keys, until_connected, until_done, wait_for

pytest.importorskip("PIL")

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def near(colour, want, slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, want))


def cell(line, x):
    """(upper pixel, lower pixel) colours of one half-block cell."""
    style = line[x].style
    return style.color.triplet, style.bgcolor.triplet


async def call_and_wait_for_images(pilot, app, route: str, count: int, values=None, timeout: float = 30.0):
    from gradio_tui.tui.widgets.image_view import ImageView

    await open_endpoint(pilot, app, route, values)
    run = await until_done(pilot, await run_with_keys(pilot, app))
    assert run.status == "complete", run.error

    def views():
        return list(app.screen.query(ImageView))

    await wait_for(pilot, lambda: len(views()) == count and all(v.picture or v.problem for v in views()), timeout,
                   f"{count} image(s) drawn")
    return views()


async def test_an_image_output_is_drawn_in_half_blocks(gradio6):
    from gradio_tui.tui.app import GradioTuiApp

    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        [view] = await call_and_wait_for_images(pilot, app, "/picture", 1, {"width": 64, "height": 32})
        assert view.problem is None and view.picture is not None
        assert view.picture.size == (64, 32)
        lines = list(view.picture.lines())
        assert all(segment.text == "▀" for line in lines for segment in line)
        assert 20 <= view.picture.width <= 100 and len(lines) == (view.picture.width + 3) // 4   # 2:1, two pixels a row
        top, bottom = lines[0], lines[-1]
        assert all(near(c, RED) for c in cell(top, 0)) and all(near(c, GREEN) for c in cell(top, -1))
        assert near(cell(bottom, 0)[0], BLUE) and near(cell(bottom, -1)[0], WHITE)   # (an odd last pixel row: its own)
        assert "Picture" in str(view.render()) or view.caption == "Picture"
        assert app.is_running


async def test_gallery_and_annotated_image_show_each_picture(gradio6):
    from gradio_tui.tui.app import GradioTuiApp

    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        views = await call_and_wait_for_images(pilot, app, "/gallery", 3)
        assert [v.caption for v in views] == ["Gallery 1", "Gallery 2", "Gallery 3"]
        colours = [cell(next(iter(v.picture.lines())), 0)[0] for v in views if v.picture is not None]
        assert [near(c, want) for c, want in zip(colours, (RED, GREEN, BLUE))] == [True, True, True]
        [base] = await call_and_wait_for_images(pilot, app, "/annotated", 1)
        assert base.caption == "Annotated" and base.picture is not None and base.picture.size == (64, 32)


async def test_a_chat_reply_that_is_a_picture_is_drawn_under_its_bubble(gradio6):
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.chat_view import ChatView
    from gradio_tui.tui.widgets.image_view import ImageView
    from tests.support.pilot import panel

    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/chat")
        view = screen.current_center()
        assert isinstance(view, ChatView)
        view.focus_input()
        await pilot.press(*"draw", "enter")
        run = await until_done(pilot, await _first_run(pilot, app, panel))
        assert run.status == "complete", run.error
        await wait_for(pilot, lambda: any(v.picture for v in view.query(ImageView)), 30, "the reply's picture")
        [picture] = list(view.query(ImageView))
        assert picture.picture is not None and picture.picture.size == (32, 16)
        assert near(cell(next(iter(picture.picture.lines())), 0)[0], RED)
        bubbles = list(view.query(".chat-message"))
        children = list(picture.parent.children)
        assert children.index(picture) == children.index(bubbles[-1]) + 1        # right under the app's bubble


async def _first_run(pilot, app, panel):
    await wait_for(pilot, lambda: len(panel(app).runs) > 0, 10, "the chat's run")
    return panel(app).runs[-1]


# --- hostile apps -----------------------------------------------------------------------------------

def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width×height pixels (a few bytes: a decompression-bomb header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def image_output(url: str, name: str = "out.png") -> dict:
    return {"path": f"/tmp/{name}", "url": url, "orig_name": name, "size": None, "mime_type": "image/png",
            "meta": {"_type": "gradio.FileData"}}


@pytest.fixture(scope="module")
def elsewhere_server():
    second = FaultServer().start()
    yield second
    second.stop()


async def shown_problem(fs, output: dict) -> str:
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.image_view import ImageView

    fs.script = lambda eid, body: [estimation(eid), starts(eid), completed(eid, [output])]
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await until_done(pilot, await run_with_keys(pilot, app))
        await wait_for(pilot, lambda: any(v.problem or v.picture for v in app.screen.query(ImageView)), 30,
                       "the image's outcome")
        [view] = list(app.screen.query(ImageView))
        assert view.picture is None and app.is_running
        shown = str(view.render())
        return shown


async def test_an_endless_image_is_cut_at_the_preview_cap(fs):
    from gradio_tui.tui.widgets.image_view import PREVIEW_BYTES

    fs.routes[("GET", "/gradio_api/file=/tmp/huge.png")] = endless(content_type="image/png", head=b"\x89PNG")
    shown = await shown_problem(fs, image_output(f"{fs.url}/gradio_api/file=/tmp/huge.png", "huge.png"))
    assert f"larger than {PREVIEW_BYTES} bytes" in shown and "not shown" in shown


async def test_a_50k_by_50k_image_is_refused_before_decoding(fs):
    fs.file_bytes = png_header(50_000, 50_000)
    shown = await shown_problem(fs, image_output(f"{fs.url}/gradio_api/file=/tmp/bomb.png", "bomb.png"))
    assert "too many pixels for a preview" in shown          # Pillow's own bomb check or ours, from the header


async def test_an_image_on_another_origin_is_never_fetched(fs, elsewhere_server):
    elsewhere_server.reset()
    shown = await shown_problem(fs, image_output(f"{elsewhere_server.url}/gradio_api/file=/tmp/x.png"))
    assert "is not on the app's host" in shown
    assert elsewhere_server.requests == []


def test_which_files_are_images():
    from gradio_tui.tui.widgets.image_view import images_in, is_image

    png = {"path": "/tmp/a.png", "meta": {"_type": "gradio.FileData"}}
    assert is_image(png) and is_image({"path": "x", "mime_type": "image/webp", "orig_name": "x"})
    assert not is_image({"path": "/tmp/a.txt", "meta": {"_type": "gradio.FileData"}})
    assert not is_image({"path": "/tmp/a.svg", "mime_type": "image/svg+xml", "meta": {"_type": "gradio.FileData"}})
    gallery = [{"image": png, "caption": "c"}] * 20
    mask = {"path": "/tmp/mask.png", "meta": {"_type": "gradio.FileData"}}
    assert len(images_in(gallery)) == 8
    assert images_in({"image": png, "annotations": [{"image": mask, "label": "box"}]}) == [png]   # the base only
