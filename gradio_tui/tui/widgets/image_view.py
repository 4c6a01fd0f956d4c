"""Image outputs drawn in the terminal: Unicode half-blocks (``▀``, two pixels a cell), from Pillow.

Our own renderer rather than a library: ``textual-image`` asks the terminal what it can do when it
is imported (it must be imported before Textual starts, so it cannot load lazily and adds its
terminal round trips to every start), and ``rich-pixels`` draws full blocks (half the resolution)
and loads the whole image unchecked. Both need Pillow too. Pillow is imported the first time an
image is shown, never at start-up.

An image is fetched with the core's ``Session.download`` (the app's own origin only, every redirect
checked, at most ``PREVIEW_BYTES``, paced by the session's timeout) into a private temporary
folder, and decoded in a thread: the header first (at most ``PREVIEW_PIXELS``, so a 50k×50k image
is refused before any pixel is decoded), then reduced while decoding (``draft``, ``reduce``) to the
cells it is drawn in. A failure is one dim line in place of the image; the rest of the view stays.

Where the terminal has a graphics protocol (``tui.graphics``: Kitty, Sixel, iTerm2; detected from
the environment, ``GRADIO_TUI_IMAGES`` overrides) the same cells show the picture at the
terminal's own resolution: Kitty's placeholder cells replace the half-blocks; a Sixel or iTerm2
picture is painted over them while wholly visible on the top screen. The decoder thread then
decodes for the pixels of those cells (still within the caps) and re-encodes them itself.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from gradio_tui.core import GradioTuiError, is_filedata, plain, walk_filedata
from gradio_tui.tui import graphics
from gradio_tui.tui.graphics import CELL_FALLBACK, CellPicture, Graphic, KittyCells, encode, fit, layout

if TYPE_CHECKING:
    from gradio_tui.core import Session

PREVIEW_BYTES = 32 * 1024 * 1024        # bytes of one image fetched for a preview (the CLI's cap is for saving)
PREVIEW_PIXELS = 50_000_000             # width × height read from the header before decoding (~8k × 6k)
MAX_COLUMNS = 100                       # cells an image is drawn in, at most: wide enough to see, cheap to draw
MAX_ROWS = 30                           # rows (60 pixels high)
MAX_IMAGES = 8                          # images shown per output value (a Gallery's first ones)
MAX_RESULT_IMAGES = 16                  # images shown per result or chat reply, all its outputs together
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".ico")
# The Pillow decoders a preview may use. Pillow picks one by the bytes, whatever the name, and
# some run programs on the file (EPS runs Ghostscript): an app's "out.png" may be PostScript.
PREVIEW_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF", "ICO")
BACKGROUND = (16, 16, 16)               # what transparent pixels are drawn over
UPPER_HALF = "▀"


def is_image(filedata: dict[str, Any]) -> bool:
    """A FileData that is an image, by its MIME type or its name's suffix."""
    mime = filedata.get("mime_type")
    if isinstance(mime, str) and mime:
        return mime.lower().startswith("image/") and "svg" not in mime.lower()
    for key in ("orig_name", "path", "url"):
        name = filedata.get(key)
        if isinstance(name, str) and name:
            return name.lower().split("?", 1)[0].endswith(IMAGE_SUFFIXES)
    return False


def images_in(value: Any, limit: int = MAX_IMAGES) -> list[dict[str, Any]]:
    """The image files of an output value: an Image, a Gallery's items, an AnnotatedImage's base
    (not its masks), a chat message's files (at most ``limit``)."""
    if isinstance(value, dict) and "annotations" in value and is_filedata(value.get("image")):
        value = value["image"]
    found: list[dict[str, Any]] = []
    for filedata in walk_filedata(value):
        if is_image(filedata):
            found.append(filedata)
            if len(found) >= limit:
                break
    return found


def image_key(filedata: dict[str, Any]) -> str:
    return str(filedata.get("url") or filedata.get("path"))


class ImageTooLarge(ValueError):
    pass


Picture = Union["HalfBlocks", KittyCells]


class HalfBlocks(CellPicture):
    """A Rich renderable: ``rows`` of RGB pixels, two pixel rows per line (upper = foreground)."""

    def __init__(self, width: int, rows: list[list[tuple[int, int, int]]], size: tuple[int, int]) -> None:
        self.width = width
        self.rows = rows
        self.size = size           # the image's own width × height, for the caption
        self.graphic: Graphic | None = None     # a Sixel / iTerm2 picture painted over these cells

    @property
    def height(self) -> int:
        return (len(self.rows) + 1) // 2

    def lines(self) -> Iterator[list[Segment]]:
        styles: dict[tuple[tuple[int, int, int], tuple[int, int, int]], Style] = {}
        for top_index in range(0, len(self.rows), 2):
            top = self.rows[top_index]
            bottom = self.rows[top_index + 1] if top_index + 1 < len(self.rows) else None
            line: list[Segment] = []
            for x, upper in enumerate(top):
                lower = bottom[x] if bottom is not None else BACKGROUND
                style = styles.get((upper, lower))
                if style is None:
                    style = styles[(upper, lower)] = Style(color=f"rgb({upper[0]},{upper[1]},{upper[2]})",
                                                           bgcolor=f"rgb({lower[0]},{lower[1]},{lower[2]})")
                line.append(Segment(UPPER_HALF, style))
            yield line


def decode(path: Path, columns: int, rows: int = MAX_ROWS, protocol: str = "halfblocks",
           cell: tuple[int, int] = CELL_FALLBACK, image_id: int = 0) -> Picture:
    """The image at ``path`` as half-blocks at most ``columns`` wide and ``rows`` high (in a thread);
    with a graphics ``protocol``, decoded for the pixels of those cells (``cell`` each) and
    re-encoded for it: Kitty's placeholder cells, or half-blocks carrying the Sixel/iTerm2 picture."""
    from PIL import Image  # ~20 ms of imports: only once an image is shown

    with Image.open(path, formats=PREVIEW_FORMATS) as image:   # the header only (a bomb's is refused)
        width, height = image.size
        if width <= 0 or height <= 0 or width * height > PREVIEW_PIXELS:
            raise ImageTooLarge(f"{width}×{height}: too many pixels for a preview")
        box = (max(1, columns), max(2, rows * 2))
        cells, pixels = layout((width, height), fit((width, height), box, grow=False), cell)
        target = box if protocol == "halfblocks" else (min(width, pixels[0]), min(height, pixels[1]))
        image.draft("RGB", target)        # JPEG: decoded at 1/2, 1/4 or 1/8 of its size
        if getattr(image, "n_frames", 1) > 1:
            image.seek(0)                 # an animation: its first frame
        image.thumbnail(target, reducing_gap=2.0)
        flat = _flatten(image)
    if protocol == "halfblocks":
        return _half_blocks(flat, (width, height))
    graphic = encode(flat, protocol, cells, pixels, cell, image_id, BACKGROUND)
    if protocol == "kitty":
        return KittyCells(graphic, (width, height))
    picture = _half_blocks(flat.resize((cells[0], cells[1] * 2)), (width, height))   # where it is not painted
    picture.graphic = graphic
    return picture


def _flatten(image: Any) -> Any:
    """An RGB copy of ``image``, transparent pixels drawn over ``BACKGROUND``."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _half_blocks(flat: Any, size: tuple[int, int]) -> HalfBlocks:
    cells_w, pixels_h = flat.size
    data = flat.tobytes()
    stride = cells_w * 3
    pixel_rows = [[(data[y * stride + 3 * x], data[y * stride + 3 * x + 1], data[y * stride + 3 * x + 2])
                   for x in range(cells_w)] for y in range(pixels_h)]
    return HalfBlocks(cells_w, pixel_rows, size)


def _why(err: BaseException) -> str:
    if isinstance(err, GradioTuiError):
        return plain(str(err).splitlines()[0] if str(err) else type(err).__name__)
    if isinstance(err, ImageTooLarge):
        return plain(str(err))
    name = type(err).__name__
    if name == "DecompressionBombError":
        return "too many pixels for a preview"
    if name == "UnidentifiedImageError" or isinstance(err, (OSError, SyntaxError, ValueError)):
        return "not an image Pillow can read"
    return f"{name}"


class ImageView(Static):
    """One image output, drawn when fetched; its caption names it and gives its pixel size."""

    def __init__(self, filedata: dict[str, Any], caption: str = "", *, classes: str = "") -> None:
        super().__init__(Text(f"🖼 {plain(caption or 'image')}: loading…", style="dim"),
                         classes=f"image-view {classes}".strip())
        self.filedata = filedata
        self.caption = caption
        self.picture: Picture | None = None
        self.problem: str | None = None
        self.kitty_id = 0                # our Kitty image in the terminal (deleted when this view goes)
        self._painting = False           # a Sixel / iTerm2 paint is due after the coming frame

    @property
    def key(self) -> str:
        return image_key(self.filedata)

    def on_mount(self) -> None:
        self.run_worker(self._load(), group="image", exit_on_error=False)

    def _session(self) -> Session | None:
        return getattr(self.screen, "session", None)

    def _columns(self) -> int:
        """The width of the box it is shown in (its own is the loading line's while it loads)."""
        parent = self.parent
        width = parent.content_size.width if isinstance(parent, Widget) else 0
        return max(4, min(MAX_COLUMNS, (width or 40) - 1))

    async def _load(self) -> None:
        session = self._session()
        if session is None:
            self._failed("not connected")
            return
        folder = Path(tempfile.mkdtemp(prefix="gradio-tui-image-"))   # one mkdir: no thread hop on the way
        protocol = self._protocol()
        cell = graphics.cell_pixels() if protocol != "halfblocks" else CELL_FALLBACK
        image_id = graphics.new_kitty_id() if protocol == "kitty" else 0
        try:
            try:
                saved = await session.download(self.filedata, folder, max_bytes=PREVIEW_BYTES)
                picture = await asyncio.to_thread(decode, saved, self._columns(), MAX_ROWS, protocol, cell, image_id)
            except Exception as err:  # noqa: BLE001 - any failure is a line in place of the image, never a crash
                self._failed(_why(err))
                return
            if isinstance(picture, KittyCells) and self.is_attached:
                graphics.send(self.app, picture.graphic.data)     # before its cells: Kitty draws them on arrival
                graphics.kitty_sent(image_id)
                self.kitty_id = image_id
            self.picture = picture       # shown before the folder is removed: the user waits for the picture only
            title = Text(f"🖼 {plain(self.caption or 'image')}", style="bold", no_wrap=True, overflow="ellipsis")
            title.append(f"  {picture.size[0]}×{picture.size[1]}", style="dim")
            self.set_class(True, "-shown")
            self.update(_Captioned(title, picture))
        finally:
            await asyncio.to_thread(shutil.rmtree, folder, True)

    def _protocol(self) -> str:
        """The terminal's graphics protocol; a detected Kitty only where colours are 24-bit (its
        placeholders carry the image id in one), a forced one always."""
        protocol = graphics.detect()
        if (protocol == "kitty" and not graphics.forced()
                and getattr(self.app.console, "color_system", None) != "truecolor"):
            return "halfblocks"
        return protocol

    def on_unmount(self) -> None:
        if self.kitty_id:
            graphics.send(self.app, graphics.kitty_deleted(self.kitty_id))
            self.kitty_id = 0

    # --- Sixel and iTerm2: painted over the half-blocks after a frame that drew them ---------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        graphic = getattr(self.picture, "graphic", None)
        if (graphic is not None and graphic.protocol != "kitty" and not self._painting
                and crop.y + crop.height > 1):      # the crop has picture rows (row 0 is the caption)
            self._painting = True
            self.call_after_refresh(self._paint)
        return lines

    def _paint(self) -> None:
        self._painting = False
        graphic = getattr(self.picture, "graphic", None)
        if graphic is None or not self.is_attached:
            return
        where = self.picture_region(graphic)
        if where is not None:
            graphics.send(self.app, graphics.paint_at(graphic, where.x, where.y))

    def picture_region(self, graphic: Graphic) -> Region | None:
        """Where the picture is on screen, if it may be painted there: wholly visible on the top
        screen, off the last row (a picture there would scroll the terminal), under no overlay.
        It starts on the row under the caption (one line: it never wraps)."""
        screen = self.screen
        if not screen.is_active or not self.display:
            return None
        content = self.content_region
        where = Region(content.x, content.y + 1, graphic.columns, graphic.rows)
        try:
            visible = screen.find_widget(self).visible_region
        except Exception:  # noqa: BLE001 - not laid out (any more): nothing to paint
            return None
        if not visible.contains_region(where) or where.bottom >= screen.size.height:
            return None
        for x, y in ((where.x, where.y), (where.right - 1, where.y), (where.x, where.bottom - 1),
                     (where.right - 1, where.bottom - 1), (where.x + where.width // 2, where.y + where.height // 2)):
            try:
                widget, _ = screen.get_widget_at(x, y)
            except Exception:  # noqa: BLE001 - no widget there
                return None
            if widget is not self:
                return None             # a toast, a tooltip, a menu over the picture
        return where

    def _failed(self, why: str) -> None:
        self.problem = why
        self.set_class(True, "-failed")
        self.update(Text(f"🖼 {plain(self.caption or 'image')}: not shown ({why})", style="dim"))


class _Captioned:
    """A caption line above a picture."""

    def __init__(self, caption: Text, picture: Picture) -> None:
        self.caption = caption
        self.picture = picture

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.caption
        yield self.picture


def image_views(values: Iterable[tuple[str, Any]], limit: int = MAX_RESULT_IMAGES) -> list[Widget]:
    """An ``ImageView`` for each image in each (caption, value), at most ``limit`` in all, then a
    line saying how many more: each view is a download, a temporary folder and a decode, and an
    app may answer with many outputs each holding a full gallery."""
    views: list[Widget] = []
    more = 0
    for caption, value in values:
        found = images_in(value)
        for index, filedata in enumerate(found):
            if len(views) >= limit:
                more += 1
                continue
            views.append(ImageView(filedata, caption if len(found) == 1 else f"{caption} {index + 1}"))
    if more:
        views.append(Static(Text(f"🖼 {more} more images not previewed (save them to see them)", style="dim"),
                            classes="image-more"))
    return views
