"""Issue 16: pictures through the terminal's graphics protocol (``tui/graphics.py``).

The protocol comes from the environment (no terminal round trip); ``GRADIO_TUI_IMAGES`` forces
one. With one forced, running the ``images`` test app's endpoints writes to the terminal (through
the driver, recorded here) what that protocol reads: a Kitty transmission whose base64 is a PNG of
the picture's cells and placeholder cells on screen; a well-formed Sixel DCS; an iTerm2 OSC 1337.
What is sent is our re-encoding: no file name of the app's reaches an escape.
"""

from __future__ import annotations

import base64
import io
import math
import re

import pytest

from tests.support.faultserver import completed, estimation, starts
from tests.support.pilot import SIZE, until_connected, until_done, run_with_keys, wait_for
from tests.tui.test_images import call_and_wait_for_images, image_output, near

pytest.importorskip("PIL")

KITTY_APC = re.compile(r"\x1b_G([^;\x1b]*);([^\x1b]*)\x1b\\")
SIXEL = re.compile(r'\x1bP0;1;0q"1;1;(\d+);(\d+)((?:#\d+;2;\d+;\d+;\d+)+)([^\x1b]*)\x1b\\')
ITERM = re.compile(r"\x1b\]1337;File=([^:\x07\x1b]*):([A-Za-z0-9+/=]*)\x07")
CELL = (10, 20)                     # the fallback: the test's terminal has no pixel size
TALL = (140, 60)                    # the result pane shows a small picture whole (Sixel and iTerm2 paint only then)


@pytest.mark.parametrize(("env", "protocol"), [
    ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "kitty"),
    ({"TERM": "xterm-kitty"}, "kitty"),
    ({"TERM": "xterm-ghostty"}, "kitty"),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "ghostty"}, "kitty"),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, "iterm"),
    ({"TERM": "xterm-256color", "LC_TERMINAL": "iTerm2"}, "iterm"),
    ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "iterm"),     # no Kitty placeholders there
    ({"TERM": "foot"}, "sixel"),
    ({"TERM": "foot-extra"}, "sixel"),
    ({"TERM": "mlterm"}, "sixel"),
    ({"TERM": "xterm-256color", "WT_SESSION": "x"}, "sixel"),
    ({"TERM": "xterm-256color", "KONSOLE_VERSION": "230804"}, "sixel"),
    ({"TERM": "xterm-256color"}, "halfblocks"),
    ({"TERM": "linux"}, "halfblocks"),
    ({}, "halfblocks"),
    ({"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0", "KITTY_WINDOW_ID": "1"}, "halfblocks"),
    ({"TERM": "screen-256color", "TERM_PROGRAM": "iTerm.app"}, "halfblocks"),
    ({"TERM": "xterm-kitty", "TMUX": "/tmp/t,1,0"}, "halfblocks"),
    ({"TERM": "xterm-256color", "GRADIO_TUI_IMAGES": "kitty"}, "kitty"),           # the override wins
    ({"TERM": "xterm-kitty", "GRADIO_TUI_IMAGES": "halfblocks"}, "halfblocks"),
    ({"TERM": "foot", "GRADIO_TUI_IMAGES": "ITERM"}, "iterm"),
    ({"TERM": "tmux-256color", "TMUX": "x", "GRADIO_TUI_IMAGES": "sixel"}, "sixel"),   # forced even in tmux
    ({"TERM": "xterm-kitty", "GRADIO_TUI_IMAGES": "auto"}, "kitty"),
    ({"TERM": "xterm-kitty", "GRADIO_TUI_IMAGES": "bogus"}, "kitty"),             # unknown: auto
])
def test_the_protocol_comes_from_the_environment(env, protocol):
    from gradio_tui.tui.graphics import detect

    assert detect(env) == protocol


def test_the_suite_draws_half_blocks_wherever_it_runs():
    from gradio_tui.tui.graphics import detect

    assert detect() == "halfblocks"          # the root conftest: the same snapshots inside kitty


def test_a_cell_without_a_pixel_size_is_the_fallback(tmp_path):
    from gradio_tui.tui.graphics import CELL_FALLBACK, cell_pixels

    with open(tmp_path / "f", "w") as not_a_tty:
        assert cell_pixels(not_a_tty.fileno()) == CELL_FALLBACK


@pytest.fixture
def terminal(monkeypatch):
    """What the app writes to its terminal through the driver (Textual's test driver draws
    no frames, so this is only what the pictures send)."""
    from textual.drivers.headless_driver import HeadlessDriver

    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    return written


def forced(monkeypatch, protocol: str) -> None:
    monkeypatch.setenv("GRADIO_TUI_IMAGES", protocol)


def png_of(data: str):
    from PIL import Image

    raw = base64.b64decode(data, validate=True)
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(raw)), raw


def kitty_transmissions(written: str) -> list[tuple[dict[str, str], str]]:
    """Each transmission: the first APC's keys, and the whole base64 of its chunks."""
    found = []
    for keys, chunk in KITTY_APC.findall(written):
        fields = dict(item.split("=", 1) for item in keys.split(","))
        if "a" in fields:
            found.append((fields, chunk))
        elif fields.get("m") is not None and found and set(fields) == {"m"}:
            found[-1] = (found[-1][0], found[-1][1] + chunk)
    return found


def screen_frame(app) -> str:
    """The escapes a full redraw of the screen writes to a 24-bit colour terminal."""
    from rich.console import Console

    console = Console(color_system="truecolor", force_terminal=True, width=SIZE[0])
    return app.screen._compositor.render_full_update().render_segments(console)


def fitted(size, cells):
    """A ``size`` picture's pixels fitted to ``cells`` (aspect kept, grown or shrunk)."""
    box = (cells[0] * CELL[0], cells[1] * CELL[1])
    scale = min(box[0] / size[0], box[1] / size[1])
    return min(box[0], round(size[0] * scale)), min(box[1], round(size[1] * scale))


async def test_kitty_transmits_a_png_of_the_cells_and_draws_placeholders(gradio6, terminal, monkeypatch):
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.graphics import DIACRITICS, KITTY_CHUNK, PLACEHOLDER, KittyCells

    forced(monkeypatch, "kitty")
    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        [view] = await call_and_wait_for_images(pilot, app, "/big", 1)
        picture = view.picture
        assert isinstance(picture, KittyCells) and picture.size == (1024, 1024)
        [(keys, data)] = kitty_transmissions("".join(terminal))
        assert {k: keys[k] for k in ("a", "U", "q", "f")} == {"a": "T", "U": "1", "q": "2", "f": "100"}
        assert int(keys["i"]) == view.kitty_id != 0
        columns, rows = int(keys["c"]), int(keys["r"])
        assert (columns, rows) == (picture.width, picture.height)
        assert 20 <= columns <= 100 and rows == min(30, (columns + 1) // 2)     # the half-blocks' cells, square
        image, raw = png_of(data)
        assert image.size == fitted((1024, 1024), (columns, rows))     # the cells' pixels, not the app's 1024²
        assert (columns, rows) == (math.ceil(image.width / CELL[0]), math.ceil(image.height / CELL[1]))
        assert all(len(chunk) <= KITTY_CHUNK for _, chunk in KITTY_APC.findall("".join(terminal)))
        assert "m=0;" in "".join(terminal) and "m=1;" in "".join(terminal)    # chunked: 1 … 1, then 0

        # On screen: rows of U+10EEEE, the row and column diacritics, the id in the colour.
        lines = list(picture.lines())
        assert len(lines) == rows
        [segment] = lines[2]
        cells_of_row = segment.text.split(PLACEHOLDER)[1:]
        assert len(cells_of_row) == columns
        assert cells_of_row[5][:2] == DIACRITICS[2] + DIACRITICS[5]
        assert cells_of_row[5][2] == DIACRITICS[view.kitty_id >> 24]
        r, g, b = segment.style.color.triplet
        assert (r << 16 | g << 8 | b) == view.kitty_id & 0xFFFFFF
        frame = screen_frame(app)                                      # what a full frame writes
        first = re.escape(f"{PLACEHOLDER}{DIACRITICS[0]}{DIACRITICS[0]}")
        assert re.search(rf"\x1b\[38;2;{r};{g};{b}(;48;2;\d+;\d+;\d+)?m{first}", frame), "the id's colour, untinted"
        shown = frame.count(PLACEHOLDER)
        assert shown and shown % columns == 0 and shown <= columns * rows     # whole rows: the pane clips them

        # The view goes (a new run replaces it): the image leaves the terminal.
        terminal.clear()
        image_id = view.kitty_id
        await view.remove()
        await pilot.pause()
        assert f"\x1b_Ga=d,d=I,i={image_id},q=2\x1b\\" in "".join(terminal)


async def test_sixel_is_a_well_formed_dcs_of_the_pictures_pixels(gradio6, terminal, monkeypatch):
    from gradio_tui.tui.app import GradioTuiApp

    forced(monkeypatch, "sixel")
    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=TALL) as pilot:
        await until_connected(pilot, app)
        [view] = await call_and_wait_for_images(pilot, app, "/picture", 1, {"width": 16, "height": 8})
        graphic = view.picture.graphic
        await wait_for(pilot, lambda: SIXEL.search("".join(terminal)), 10, "the Sixel painted")
        written = "".join(terminal)
        width, height, palette, bands = SIXEL.search(written).groups()
        pixels = fitted((16, 8), (graphic.columns, graphic.rows))
        assert (int(width), int(height)) == pixels == graphic.pixels == (160, 80)
        assert (graphic.columns, graphic.rows) == (16, 4)              # the half-blocks' cells, 2:1
        assert bands.count("-") == math.ceil(pixels[1] / 6)           # one band per six pixel rows
        assert re.fullmatch(r"[#0-9!?-~$-]*", bands)
        colours = {tuple(int(v) for v in c.split(";")[2:]) for c in palette.split("#")[1:]}
        assert any(c[0] > 90 and c[1] < 10 and c[2] < 10 for c in colours)      # the red quadrant
        where = view.picture_region(graphic)
        assert where is not None and f"\x1b7\x1b[{where.y + 1};{where.x + 1}H\x1bP" in written
        assert written.endswith("\x1b\\\x1b8")                          # the cursor put back


async def test_iterm_is_an_osc_1337_inline_png(gradio6, terminal, monkeypatch):
    from gradio_tui.tui.app import GradioTuiApp

    forced(monkeypatch, "iterm")
    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=TALL) as pilot:
        await until_connected(pilot, app)
        await call_and_wait_for_images(pilot, app, "/picture", 1, {"width": 16, "height": 8})
        await wait_for(pilot, lambda: ITERM.search("".join(terminal)), 10, "the iTerm2 picture painted")
        arguments, data = ITERM.search("".join(terminal)).groups()
        fields = dict(item.split("=", 1) for item in arguments.split(";"))
        image, raw = png_of(data)
        assert fields == {"inline": "1", "size": str(len(raw)), "width": "16", "height": "4"}
        assert image.size == fitted((16, 8), (16, 4)) == (160, 80)


HOSTILE_NAME = "evil\x1b]0;pwned\x07\x1b_Gi=9;x\x1b\\name.png"


@pytest.mark.trust
@pytest.mark.parametrize("protocol", ["kitty", "sixel", "iterm"])
async def test_an_apps_file_name_and_bytes_never_reach_an_escape(fs, terminal, monkeypatch, protocol):
    from PIL import Image

    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.image_view import ImageView

    forced(monkeypatch, protocol)
    buffer = io.BytesIO()
    Image.new("RGB", (16, 8), (255, 0, 0)).save(buffer, "PNG", pnginfo=_text_chunk("pwned-caption"))
    fs.file_bytes = buffer.getvalue()
    output = image_output(f"{fs.url}/gradio_api/file=/tmp/evil.png", HOSTILE_NAME)
    fs.script = lambda eid, body: [estimation(eid), starts(eid), completed(eid, [output])]
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    async with app.run_test(size=TALL) as pilot:
        await until_connected(pilot, app)
        await until_done(pilot, await run_with_keys(pilot, app))
        await wait_for(pilot, lambda: any(v.picture for v in app.screen.query(ImageView)), 30, "the picture")
        start = {"kitty": "\x1b_G", "sixel": "\x1bP", "iterm": "\x1b]1337;"}[protocol]
        await wait_for(pilot, lambda: start in "".join(terminal), 10, "the picture sent")
        written = "".join(terminal)
        assert "pwned" not in written and "evil" not in written and "name.png" not in written
        assert base64.b64encode(fs.file_bytes).decode() not in written          # re-encoded, not passed on
        for _, data in KITTY_APC.findall(written) + [(None, d) for _, d in ITERM.findall(written)]:
            assert b"pwned" not in base64.b64decode(data + "=" * (-len(data) % 4))


def _text_chunk(text: str):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    return info


def test_kitty_forced_inside_tmux_is_wrapped_for_its_passthrough():
    from gradio_tui.tui.graphics import kitty_delete, kitty_transmit, passthrough

    sent = kitty_transmit(b"\x89PNG" + bytes(5000), 7, 3, 2) + kitty_delete(7)
    assert passthrough(sent, {}) == sent                                   # not in tmux: as it is
    wrapped = passthrough(sent, {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert wrapped.startswith("\x1bPtmux;")
    parts = wrapped.split("\x1bPtmux;")[1:]
    assert len(parts) == 3                                               # two chunks, a delete
    assert all(part.startswith("\x1b\x1b_G") and part.endswith("\x1b\x1b\\\x1b\\") for part in parts)
    assert "".join(part[:-2].replace("\x1b\x1b", "\x1b") for part in parts) == sent


def sixel_pixels(dcs: str) -> list[list[tuple[int, int, int] | None]]:
    """A small Sixel decoder (the subset we write): the picture's rows of RGB, None where unset."""
    match = SIXEL.search(dcs)
    assert match is not None
    width, height = int(match.group(1)), int(match.group(2))
    palette = {}
    for entry in match.group(3).split("#")[1:]:
        index, _, r, g, b = (int(v) for v in entry.split(";"))
        palette[index] = (round(r * 255 / 100), round(g * 255 / 100), round(b * 255 / 100))
    rows: list[list[tuple[int, int, int] | None]] = [[None] * width for _ in range(height)]
    for band, text in enumerate(match.group(4).split("-")[:-1]):
        for run in text.split("$"):
            colour = palette[int(re.match(r"#(\d+)", run).group(1))]
            x = 0
            for count, char in re.findall(r"(?:!(\d+))?([?-~])", re.sub(r"^#\d+", "", run)):
                for _ in range(int(count or 1)):
                    bits = ord(char) - 63
                    for bit in range(6):
                        y = band * 6 + bit
                        if bits >> bit & 1 and y < height:
                            rows[y][x] = colour
                    x += 1
    return rows


async def test_sixel_paints_only_a_wholly_visible_picture_on_the_top_screen(gradio6, terminal, monkeypatch):
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.image_view import BACKGROUND, HalfBlocks

    forced(monkeypatch, "sixel")
    app = GradioTuiApp(gradio6.url("images"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        [view] = await call_and_wait_for_images(pilot, app, "/picture", 1, {"width": 64, "height": 32})
        graphic = view.picture.graphic
        assert isinstance(view.picture, HalfBlocks) and graphic.rows > 10
        await pilot.pause(0.3)
        assert view.picture_region(view.picture.graphic) is None          # 16 rows in a shorter pane
        assert "\x1bP" not in "".join(terminal)                            # half-blocks only, nothing painted

        await pilot.resize_terminal(140, 90)                               # the pane grows: the picture is whole
        await wait_for(pilot, lambda: "\x1bP" in "".join(terminal), 10, "the Sixel painted once in view")
        where = view.picture_region(view.picture.graphic)
        assert where is not None and f"\x1b[{where.y + 1};{where.x + 1}H\x1bP" in "".join(terminal)
        rows = sixel_pixels("".join(terminal))
        assert (len(rows[0]), len(rows)) == graphic.pixels == (graphic.columns * CELL[0], graphic.rows * CELL[1])
        width, height = fitted((64, 32), (graphic.columns, graphic.rows))     # the picture, top-left in its cells
        assert width == len(rows[0]) and len(rows) - CELL[1] < height <= len(rows)
        assert rows[0][0] == (255, 0, 0) and rows[0][width - 1] == (0, 255, 0)
        assert rows[height - 1][0] == (0, 0, 255) and rows[height - 1][width - 1] == (255, 255, 255)
        assert all(near(pixel, BACKGROUND, 2) for row in rows[height:] for pixel in row)   # the rest: covered

        await pilot.press("f1")                                            # a dialog over it
        await pilot.pause(0.2)
        terminal.clear()
        view.refresh()
        await pilot.pause(0.3)
        assert "\x1bP" not in "".join(terminal)                            # not painted under the dialog
        await pilot.press("escape")
        await wait_for(pilot, lambda: "\x1bP" in "".join(terminal), 10, "painted again once the dialog left")


def test_kitty_images_left_at_the_end_are_deleted_once():
    from gradio_tui.tui import graphics

    graphics.farewell()
    first, second = graphics.new_kitty_id(), graphics.new_kitty_id()
    assert first >> 24 != second >> 24 and first & 0xFFFFFF > 0 and second & 0xFFFFFF > 0   # high bytes differ
    graphics.kitty_sent(first)
    graphics.kitty_sent(second)
    assert graphics.kitty_deleted(first) == f"\x1b_Ga=d,d=I,i={first},q=2\x1b\\"
    assert graphics.kitty_deleted(first) == ""                                  # once
    assert graphics.farewell() == f"\x1b_Ga=d,d=I,i={second},q=2\x1b\\"        # what the driver writes at exit
    assert graphics.farewell() == ""
