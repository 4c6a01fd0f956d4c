"""Pictures through the terminal's own graphics protocol: Kitty, Sixel or iTerm2 inline images.

**Which protocol** is decided from the environment alone (``detect``): no terminal round trip
before the first frame, nothing asked while Textual owns the input. ``GRADIO_TUI_IMAGES`` =
``auto`` (the default) | ``kitty`` | ``sixel`` | ``iterm`` | ``halfblocks`` overrides it; an unknown
value is ``auto``. Kitty graphics in kitty and Ghostty (``KITTY_WINDOW_ID``, ``TERM=xterm-kitty`` /
``xterm-ghostty``, ``TERM_PROGRAM=ghostty``); iTerm2 inline images in iTerm2 (``TERM_PROGRAM=
iTerm.app``, ``LC_TERMINAL=iTerm2``, which SSH carries), WezTerm and mintty; Sixel in foot, mlterm,
contour, Konsole and Windows Terminal (``WT_SESSION``); Unicode half-blocks everywhere else, and
inside tmux or screen (they pass no graphics through by default), unless forced. WezTerm speaks the
Kitty protocol but not its Unicode placeholders, which are what we use, so it gets iTerm2 images
(yazi decides the same; Konsole likewise gets Sixel, its Kitty support has no placeholders). A
cell's size in pixels comes from ``TIOCGWINSZ`` (free), else 10×20.

**Our own escapes, not textual-image's renderers.** Its modules query the terminal when imported
(``textual_image.renderable`` picks a default and asks for the cell size through stdin, which
Textual's input thread owns once it runs), it is LGPL-3.0, and its Sixel widget paints only inside
its own ``render_lines``. The three protocols are a few lines each here, and what we send is
exactly what ``tests/tui/test_images_graphics.py`` reads back.

- **Kitty** uses Unicode placeholders: the PNG is transmitted once (``a=T,U=1,q=2,f=100``, the
  image id, its cells ``c``/``r``; base64 in APCs of at most 4096 bytes, ``m=1`` then ``m=0``) and
  the picture on screen is ordinary text, each cell ``U+10EEEE`` + a row and a column diacritic +
  the id's high byte, the id's low 24 bits in the foreground colour. Textual scrolls, clips and
  covers those cells like any others (under a dialog Textual tints them, so they name no image and
  show nothing). The image is deleted (``a=d,d=I``) when its view goes, and whatever is left when
  the TUI ends (``farewell``, from the driver).
- **Sixel** and **iTerm2** paint at the cursor, over the cells: the view keeps its half-block
  picture in those cells and paints the graphic (padded to their whole pixels, so no half-block
  shows at its edge) over it after a frame that drew them, only while
  the picture is wholly visible on the top screen and not on the last row (so it never scrolls the
  terminal); otherwise the half-blocks are what shows.

**Trust.** Every byte sent is ours: the app's file is decoded (within the image view's caps) and
re-encoded here (PNG by Pillow, Sixel by ``sixel``), never passed on; no app text (a file name, a
caption) goes into an escape (iTerm2's ``name=`` is never sent). Pillow is imported by the image
view's decoder thread, never at start-up, and this module imports nothing heavy.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from PIL.Image import Image

OVERRIDE = "GRADIO_TUI_IMAGES"
PROTOCOLS = ("kitty", "sixel", "iterm", "halfblocks")
CELL_FALLBACK = (10, 20)            # a cell's pixels when the terminal does not say (VT340's, as others use)
KITTY_CHUNK = 4096                  # base64 bytes per APC, the protocol's limit
PLACEHOLDER = "\U0010eeee"
# Kitty's row/column diacritics (its rowcolumn-diacritics.txt): the Nth encodes row, column or the
# id's high byte N. The first 128: columns ≤ 100, rows ≤ 30 and high bytes 1..127 need no more.
DIACRITICS = "".join(map(chr, (
    0x0305, 0x030D, 0x030E, 0x0310, 0x0312, 0x033D, 0x033E, 0x033F, 0x0346, 0x034A, 0x034B, 0x034C,
    0x0350, 0x0351, 0x0352, 0x0357, 0x035B, 0x0363, 0x0364, 0x0365, 0x0366, 0x0367, 0x0368, 0x0369,
    0x036A, 0x036B, 0x036C, 0x036D, 0x036E, 0x036F, 0x0483, 0x0484, 0x0485, 0x0486, 0x0487, 0x0592,
    0x0593, 0x0594, 0x0595, 0x0597, 0x0598, 0x0599, 0x059C, 0x059D, 0x059E, 0x059F, 0x05A0, 0x05A1,
    0x05A8, 0x05A9, 0x05AB, 0x05AC, 0x05AF, 0x05C4, 0x0610, 0x0611, 0x0612, 0x0613, 0x0614, 0x0615,
    0x0616, 0x0617, 0x0657, 0x0658, 0x0659, 0x065A, 0x065B, 0x065D, 0x065E, 0x06D6, 0x06D7, 0x06D8,
    0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2, 0x06E4, 0x06E7, 0x06E8, 0x06EB,
    0x06EC, 0x0730, 0x0732, 0x0733, 0x0735, 0x0736, 0x073A, 0x073D, 0x073F, 0x0740, 0x0741, 0x0743,
    0x0745, 0x0747, 0x0749, 0x074A, 0x07EB, 0x07EC, 0x07ED, 0x07EE, 0x07EF, 0x07F0, 0x07F1, 0x07F3,
    0x0816, 0x0817, 0x0818, 0x0819, 0x081B, 0x081C, 0x081D, 0x081E, 0x081F, 0x0820, 0x0821, 0x0822,
    0x0823, 0x0825, 0x0826, 0x0827, 0x0829, 0x082A, 0x082B, 0x082C,
)))


def detect(env: Mapping[str, str] | None = None) -> str:
    """The protocol pictures use here, from the environment only (see the module's note)."""
    env = os.environ if env is None else env
    forced = env.get(OVERRIDE, "").strip().lower()
    if forced in PROTOCOLS:
        return forced
    term = env.get("TERM", "").lower()
    program = env.get("TERM_PROGRAM", "").lower()
    if env.get("TMUX") or term.startswith(("screen", "tmux")):
        return "halfblocks"                     # a multiplexer passes no graphics through by default
    if env.get("KITTY_WINDOW_ID") or term in ("xterm-kitty", "xterm-ghostty") or program == "ghostty":
        return "kitty"
    if (program in ("iterm.app", "wezterm", "mintty") or env.get("LC_TERMINAL") == "iTerm2"
            or env.get("ITERM_SESSION_ID") or env.get("WEZTERM_EXECUTABLE")):
        return "iterm"
    if (term.startswith(("foot", "mlterm", "contour")) or env.get("MLTERM") or env.get("KONSOLE_VERSION")
            or env.get("WT_SESSION")):
        return "sixel"
    return "halfblocks"


def cell_pixels(fd: int | None = None) -> tuple[int, int]:
    """A cell's width × height in pixels, from ``TIOCGWINSZ`` (no round trip); else ``CELL_FALLBACK``."""
    try:
        import fcntl
        import struct
        import termios

        if fd is None:     # Textual draws on stderr: stdout may be a file (`gradio-tui URL > out`)
            for stream in (sys.__stderr__, sys.__stdout__, sys.__stdin__):
                if stream is not None and stream.isatty():
                    fd = stream.fileno()
                    break
            else:
                return CELL_FALLBACK
        rows, columns, width, height = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    except (ImportError, OSError, ValueError, AttributeError):
        return CELL_FALLBACK
    if rows and columns and width and height:
        cell = (width // columns, height // rows)
        if 2 <= cell[0] <= 200 and 2 <= cell[1] <= 400:
            return cell
    return CELL_FALLBACK


# --- Kitty -----------------------------------------------------------------------------------------

_live: set[int] = set()              # our Kitty images in the terminal now (deleted at the end)
_serial = 0


def new_kitty_id() -> int:
    """An image id: the high byte counts (1..127, a diacritic), the low 24 bits are random.

    Ids are global to the terminal window, so a fixed or small one could show another program's
    image; and the low bits ride in a colour, which Textual may tint under a dialog: a tinted
    colour then names no image of ours, since no two live ones share a high byte."""
    import random

    global _serial
    _serial = _serial % 127 + 1
    return (_serial << 24) | (random.getrandbits(24) or 1)


def kitty_transmit(png: bytes, image_id: int, columns: int, rows: int) -> str:
    """The APCs that transmit ``png`` and make its virtual placement of ``columns`` × ``rows`` cells."""
    import base64

    data = base64.standard_b64encode(png).decode("ascii")
    chunks = [data[start:start + KITTY_CHUNK] for start in range(0, len(data), KITTY_CHUNK)] or [""]
    out = []
    for index, chunk in enumerate(chunks):
        more = int(index < len(chunks) - 1)
        keys = f"a=T,U=1,q=2,f=100,i={image_id},c={columns},r={rows},m={more}" if index == 0 else f"m={more}"
        out.append(f"\x1b_G{keys};{chunk}\x1b\\")
    return "".join(out)


def kitty_delete(image_id: int) -> str:
    return f"\x1b_Ga=d,d=I,i={image_id},q=2\x1b\\"


def kitty_sent(image_id: int) -> None:
    _live.add(image_id)


def kitty_deleted(image_id: int) -> str:
    """The escape that deletes ``image_id`` (and forgets it); empty if it is not ours any more."""
    if image_id not in _live:
        return ""
    _live.discard(image_id)
    return kitty_delete(image_id)


def farewell() -> str:
    """The escapes deleting every Kitty image still ours (the driver writes them as the TUI ends)."""
    text = "".join(kitty_delete(image_id) for image_id in sorted(_live))
    _live.clear()
    return passthrough(text)


class CellPicture:
    """A picture drawn in cells: a Rich renderable of its ``lines()``, ``width`` cells wide."""

    width: int

    def lines(self) -> Iterator[list[Segment]]:
        raise NotImplementedError

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines():
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


class KittyCells(CellPicture):
    """The placeholder cells of one Kitty image (``columns`` × ``rows``)."""

    def __init__(self, graphic: Graphic, size: tuple[int, int]) -> None:
        self.graphic = graphic
        self.width = graphic.columns
        self.size = size                 # the image's own width × height, for the caption

    @property
    def height(self) -> int:
        return self.graphic.rows

    def lines(self) -> Iterator[list[Segment]]:
        image_id = self.graphic.image_id
        style = Style(color=Color.from_rgb((image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255))
        high = DIACRITICS[image_id >> 24]
        for row in range(self.graphic.rows):
            mark = DIACRITICS[row]
            yield [Segment("".join(PLACEHOLDER + mark + DIACRITICS[column] + high
                                   for column in range(self.graphic.columns)), style)]


# --- iTerm2 and Sixel --------------------------------------------------------------------------------

def iterm_inline(png: bytes, columns: int, rows: int) -> str:
    """iTerm2's inline image (OSC 1337): our PNG, sized in cells; no name (an app's text) is sent."""
    import base64

    data = base64.standard_b64encode(png).decode("ascii")
    return f"\x1b]1337;File=inline=1;size={len(png)};width={columns};height={rows}:{data}\x07"


_SIXEL_CHARS = bytes(63 + (value & 63) for value in range(256))     # six pixels' bits → ? .. ~
_RUN = re.compile(rb"(.)\1{3,}")
_equal_tables: list[bytes] = []


def _equal(index: int) -> bytes:
    """A translation table: ``index`` → 1, any other byte → 0."""
    if not _equal_tables:
        _equal_tables.extend(bytes(int(value == colour) for value in range(256)) for colour in range(256))
    return _equal_tables[index]


def sixel(image: Image, colours: int = 255) -> str:
    """``image`` (RGB) as one Sixel DCS: raster attributes = its pixel size, at most ``colours``
    palette entries (Pillow's median cut), run-length encoded.

    Per band of six rows and per colour in it, each row's indices are translated to 0/1 bytes, read
    as one big integer and shifted by its bit (no carry: a byte stays below 64), so the work is in
    C rather than a Python loop over pixels."""
    width, height = image.size
    indexed = image.quantize(colors=colours)
    palette = indexed.getpalette() or []
    pixels = indexed.tobytes()
    used = sorted(set(pixels))
    out = [f'\x1bP0;1;0q"1;1;{width};{height}']
    for index in used:
        red, green, blue = palette[3 * index:3 * index + 3] or [0, 0, 0]
        out.append(f"#{index};2;{red * 100 // 255};{green * 100 // 255};{blue * 100 // 255}")
    for top in range(0, height, 6):
        rows = [pixels[y * width:(y + 1) * width] for y in range(top, min(top + 6, height))]
        colours_here = sorted(set().union(*(set(row) for row in rows)))
        runs = []
        for index in colours_here:
            table = _equal(index)
            bits = 0
            for bit, row in enumerate(rows):
                bits |= int.from_bytes(row.translate(table), "big") << bit
            line = bits.to_bytes(width, "big").translate(_SIXEL_CHARS).rstrip(b"?")
            line = _RUN.sub(lambda run: b"!%d%c" % (len(run.group(0)), run.group(1)[0]), line)
            runs.append(f"#{index}" + line.decode("ascii"))
        out.append("$".join(runs) + "-")
    out.append("\x1b\\")
    return "".join(out)


# --- what a view shows and sends ------------------------------------------------------------------------

@dataclass
class Graphic:
    """One picture for the terminal: its cells, its pixels, the escape that shows (or transmits) it."""

    protocol: str
    columns: int
    rows: int
    pixels: tuple[int, int]
    data: str
    image_id: int = 0


def fit(size: tuple[int, int], box: tuple[int, int], *, grow: bool = True) -> tuple[int, int]:
    """``size`` scaled to fit in ``box``, its aspect kept: up or down, or only down (``grow=False``,
    the half-blocks' pixels)."""
    scale = min(box[0] / size[0], box[1] / size[1], *(() if grow else (1.0,)))
    return max(1, min(box[0], round(size[0] * scale))), max(1, min(box[1], round(size[1] * scale)))


def layout(size: tuple[int, int], blocks: tuple[int, int], cell: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The cells and pixels of a ``size`` picture whose half-blocks would be ``blocks`` pixels
    (as wide as the pane allows, at most 30 rows): its pixels fill those cells' pixels, aspect
    kept, and the cells shrink to what the pixels cover (a cell is rarely 1:2)."""
    pixels = fit(size, (blocks[0] * cell[0], (blocks[1] + 1) // 2 * cell[1]))
    cells = (-(-pixels[0] // cell[0]), -(-pixels[1] // cell[1]))
    return cells, pixels


def encode(image: Image, protocol: str, cells: tuple[int, int], pixels: tuple[int, int], cell: tuple[int, int],
           image_id: int = 0, background: tuple[int, int, int] = (0, 0, 0)) -> Graphic:
    """``image`` (RGB, already decoded within the caps) as the ``protocol``'s picture: resized to
    ``pixels``, then re-encoded. Kitty fits it to its cells itself; a Sixel or iTerm2 picture is
    padded with ``background`` to its cells' whole pixels, so it covers every cell it is painted on."""
    import io

    from PIL import Image as PILImage

    if pixels != image.size:
        sample = PILImage.Resampling.LANCZOS if pixels[0] < image.size[0] else PILImage.Resampling.NEAREST
        image = image.resize(pixels, sample)
    columns, rows = cells
    if protocol != "kitty":
        box = PILImage.new("RGB", (columns * cell[0], rows * cell[1]), background)
        box.paste(image, (0, 0))
        image, pixels = box, box.size
    if protocol == "sixel":
        return Graphic(protocol, columns, rows, pixels, sixel(image))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)      # fast: the terminal reads it at once
    png = buffer.getvalue()
    if protocol == "kitty":
        return Graphic(protocol, columns, rows, pixels, kitty_transmit(png, image_id, columns, rows), image_id)
    return Graphic(protocol, columns, rows, pixels, iterm_inline(png, columns, rows))


def paint_at(graphic: Graphic, x: int, y: int) -> str:
    """A Sixel or iTerm2 picture painted with its top-left cell at screen cell (x, y), the cursor
    saved and restored around it."""
    return f"\x1b7\x1b[{y + 1};{x + 1}H{graphic.data}\x1b8"


_KITTY_APC = re.compile(r"\x1b_G[^\x1b]*\x1b\\")


def passthrough(text: str, env: Mapping[str, str] | None = None) -> str:
    """Inside tmux (a protocol forced there), each Kitty APC wrapped for tmux's passthrough
    (``allow-passthrough on``); its placeholder cells are text, which tmux moves itself."""
    env = os.environ if env is None else env
    if not env.get("TMUX"):
        return text
    return _KITTY_APC.sub(lambda apc: "\x1bPtmux;" + apc.group(0).replace("\x1b", "\x1b\x1b") + "\x1b\\", text)


def send(app: Any, text: str) -> bool:
    """Write ``text`` to the terminal through the app's driver, in order with its frames."""
    driver = getattr(app, "_driver", None)
    if not text or driver is None:
        return False
    driver.write(passthrough(text))
    return True


def forced(env: Mapping[str, str] | None = None) -> bool:
    """The user chose the protocol (``GRADIO_TUI_IMAGES``), so it is used whatever we guess."""
    env = os.environ if env is None else env
    return env.get(OVERRIDE, "").strip().lower() in PROTOCOLS
