"""Issue 16's pictures through the terminal's graphics protocol, per protocol: the image bench of
``tui_views_bench`` (``/big``, 1024×1024 PNG: the run's ``complete`` → the picture decoded,
re-encoded and painted, headless 140×45) with ``GRADIO_TUI_IMAGES`` forced, and the bytes of the
escape each picture sends (a cell taken as 10×20 pixels, the fallback). Not part of ``run.py``::

    python benchmarks/graphics_bench.py [--rounds N]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    from benchmarks.tui_views_bench import image_times
    from tests.support.servers import GradioServer

    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 7
    print("| protocol | runs | median ms | max ms | bytes sent per picture |\n|---|---:|---:|---:|---:|")
    with GradioServer("6", apps=["images"]) as server:
        for protocol in ("halfblocks", "kitty", "sixel", "iterm"):
            os.environ["GRADIO_TUI_IMAGES"] = protocol
            sent: list[int] = []
            times = asyncio.run(image_times(server.url("images"), rounds, sent))
            size = f"{statistics.median(sent):,.0f}" if sent else "0 (cells only)"
            print(f"| {protocol} | {len(times)} | {statistics.median(times) * 1000:.1f} | "
                  f"{max(times) * 1000:.1f} | {size} |")


if __name__ == "__main__":
    main()
