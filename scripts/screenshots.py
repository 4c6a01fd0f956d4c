"""Make the README's screenshots: the real TUI driven by Pilot against the bundled demo app.

    python scripts/screenshots.py [--out screenshots] [--png]

The demo app (``gradio_tui.demo``) runs in a subprocess on a free port. Search results need a Hub:
offline, the tests' Hub stand-in (``tests/support/hubstub.py``) serves them and proxies a Space
``gradio-tui/demo`` to the demo app, so the search → open journey is the real one. ``--png``
also converts each SVG with ``rsvg-convert`` (for looking at them, not for the README).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (132, 40)

SPACES = [
    ("gradio-tui/demo", "gradio-tui demo", "🧪", 128, "cpu-basic", "Every Gradio widget, a queue, progress and chat",
     "Developer Tools"),
    ("acme/speak-easy", "Speak Easy", "🗣️", 2310, "zero-a10g", "Text to speech in 30 voices", "Speech Synthesis"),
    ("acme/tts-tiny", "TTS Tiny", "🔊", 845, "cpu-basic", "A tiny text-to-speech model that runs on CPU",
     "Speech Synthesis"),
    ("voices/clone-my-voice", "Clone My Voice", "🎙️", 512, "t4-small", "Voice cloning from a 10 s sample",
     "Speech Synthesis"),
    ("labs/read-aloud", "Read Aloud", "📖", 97, "cpu-upgrade", "Reads a web page to you", "Speech Synthesis"),
]


def semantic_item(space_id: str, title: str, emoji: str, likes: int, hardware: str, description: str,
                  category: str, host: str | None = None) -> dict:
    owner, _, name = space_id.partition("/")
    return {"id": space_id, "author": owner, "title": title, "emoji": emoji, "likes": likes, "sdk": "gradio",
            "private": False, "shortDescription": description, "ai_category": category,
            "runtime": {"stage": "RUNNING", "hardware": {"current": hardware, "requested": hardware},
                        "domains": [{"domain": f"{owner}-{name}.hf.space", "stage": "READY"}]},
            **({"host": host} if host else {})}


# --- the plumbing scripts/debug_screenshot.py shares ---

def parse_args(doc: str, argv: list[str] | None) -> tuple[Path, bool]:
    """``--out`` (made if missing) and ``--png``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--png", action="store_true", help="also write PNGs (needs rsvg-convert)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return out, args.png


def private_dirs() -> Path:
    """A temporary data and config directory, no system clipboard, no token file, no
    ``HUGGING_FACE_HUB_TOKEN``: the screenshots never show (or touch) the user's own."""
    data_dir = Path(tempfile.mkdtemp(prefix="gradio-tui-shots-"))
    os.environ["GRADIO_TUI_DATA_DIR"] = str(data_dir)
    os.environ["GRADIO_TUI_CONFIG_DIR"] = str(data_dir / "config")
    os.environ["GRADIO_TUI_NO_SYSTEM_CLIPBOARD"] = "1"
    os.environ["HF_TOKEN_PATH"] = str(data_dir / "no-token")
    os.environ.pop("HUGGING_FACE_HUB_TOKEN", None)
    return data_dir


def finish(made: list[Path], png: bool, data_dir: Path) -> int:
    """Remove the temporary directory; with ``--png``, convert each SVG with ``rsvg-convert``."""
    shutil.rmtree(data_dir, ignore_errors=True)
    if png and shutil.which("rsvg-convert"):
        for svg in made:
            subprocess.run(["rsvg-convert", str(svg), "-o", str(svg.with_suffix(".png"))], check=False)
    return 0


def saver(out: Path, made: list[Path]) -> Callable[[Any, str], None]:
    """``save(app, name)``: ``out/name.svg``, appended to ``made`` and printed."""
    def save(app, name: str) -> None:
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
        made.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    return save


async def wait_until(pilot, condition, timeout: float = 20.0, step: float = 0.1) -> bool:
    waited = 0.0
    while not condition():
        if waited >= timeout:
            return False
        await pilot.pause(step)
        waited += step
    return True

# --- end of the shared plumbing ---


async def scenes(out: Path, demo_url: str, hub_url: str | None) -> list[Path]:
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.connected import AppScreen
    from gradio_tui.tui.widgets.run_panel import RunPanel

    made: list[Path] = []
    save = saver(out, made)

    def connected(app) -> bool:
        return isinstance(app.screen, AppScreen) and app.screen.session is not None

    # 1. search → results (and, through the Hub stand-in, open the demo Space)
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press(*"text to speech")
        if hub_url:
            await wait_until(pilot, lambda: app.screen.query_one("#search-results").row_count > 0, 10)
        else:
            await pilot.pause(1.5)
        await pilot.pause(0.3)
        save(app, "search")
        if hub_url:
            await pilot.press("down", "enter")                          # into the results, open the first
            await wait_until(pilot, lambda: connected(app), 60)
            await pilot.pause(0.5)
            save(app, "space-header")

    # 2. the form, a run with the queue bar, progress, and the export
    app = GradioTuiApp(demo_url)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: connected(app), 60)
        screen = app.screen
        endpoint = lambda name: screen.session.schema.endpoint(name)  # noqa: E731

        screen.jump_to(endpoint("/describe"))
        await pilot.pause(0.5)
        save(app, "form")

        screen.jump_to(endpoint("/render"))
        await pilot.pause(0.3)
        screen.current_center().set_values({"seconds": 1.5})
        await pilot.press("ctrl+r")                                  # one run to learn the average
        panel = screen.query_one(RunPanel)
        await wait_until(pilot, lambda: not panel.runs[-1].active, 20)
        screen.current_center().set_values({"seconds": 4})
        for _ in range(3):
            screen.action_run()                                        # ctrl+r, without the test harness' idle wait
            await pilot.pause(0.1)
        await wait_until(pilot, lambda: panel.runs[-1].rank is not None, 10)
        await pilot.pause(1.2)
        save(app, "run-queue")
        screen.jump_to(endpoint("/train"))
        await pilot.pause(0.3)
        screen.action_run()
        await pilot.pause(0.1)
        train = panel.runs[-1]
        await wait_until(pilot, lambda: bool(train.progress) and "Epoch" in str(train.progress), 30)
        await pilot.pause(1.0)
        save(app, "run-progress")
        await wait_until(pilot, lambda: not train.active, 30)

        screen.jump_to(endpoint("/greet"))
        await pilot.pause(0.3)
        screen.current_center().set_values({"name": "Ada", "style": "pirate", "times": 2})
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: not panel.runs[-1].active, 20)
        await pilot.pause(0.3)
        await pilot.press("ctrl+t")
        await pilot.pause(0.5)
        save(app, "export")

        screen.jump_to(endpoint("/chat"))
        await pilot.pause(0.3)
        for message in ("hello there", "what turn is this?"):
            await pilot.press(*message)
            await pilot.press("enter")
            await wait_until(pilot, lambda: not panel.runs[-1].active, 20)
        await pilot.pause(0.5)
        save(app, "chat")

        # 3. one streamed update read in full (the event detail)
        from gradio_tui.tui.widgets.event_log import EventLog

        screen.jump_to(endpoint("/count"))
        await pilot.pause(0.3)
        screen.current_center().set_values({"n": 12, "delay": 0.05})
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: not panel.runs[-1].active, 20)
        await pilot.pause(0.3)
        screen.query_one(EventLog).focus()
        await pilot.press("up", "up", "up", "enter")
        await pilot.pause(0.6)
        save(app, "event-detail")
        await pilot.press("escape")

        # 4. an image output, drawn in the result pane
        from PIL import Image

        picture = Path(tempfile.mkdtemp(prefix="gradio-tui-shot-")) / "sunrise.png"
        image = Image.new("RGB", (96, 64))
        image.putdata([(min(255, 60 + x * 2), min(255, 20 + y * 3), max(0, 180 - y * 2))
                       for y in range(64) for x in range(96)])
        image.save(picture)
        screen.jump_to(endpoint("/mirror"))
        await pilot.pause(0.3)
        screen.current_center().set_values({"image": str(picture)})
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: not panel.runs[-1].active, 30)
        await pilot.pause(1.5)
        from gradio_tui.tui.widgets.result_view import ResultView

        screen.query_one(ResultView).scroll_end(animate=False)        # the picture under the values
        await pilot.pause(0.3)
        save(app, "image")
        for run in panel.runs:
            if run.active:
                await run.job.cancel()

    # 5. an 80x24 terminal: the endpoint list is a drawer, the form and the result share the width
    app = GradioTuiApp(demo_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: connected(app), 60)
        await pilot.pause(0.3)
        await pilot.press(*"Ada")
        await pilot.press("ctrl+r")
        panel = app.screen.query_one(RunPanel)
        await wait_until(pilot, lambda: bool(panel.runs) and not panel.runs[-1].active, 20)
        await pilot.pause(0.5)
        save(app, "small-80x24")
    return made


def main(argv: list[str] | None = None) -> int:
    out, png = parse_args(__doc__, argv)

    from gradio_tui.demo.launcher import DemoServer

    data_dir = private_dirs()
    os.environ.pop("HF_TOKEN", None)
    (data_dir / "recent.json").write_text('["acme/speak-easy", "https://abidlabs-en2fr.hf.space", '
                                          '"http://127.0.0.1:7860"]', encoding="utf-8")

    stub = None
    print("starting the demo app…")
    with DemoServer() as demo:
        try:
            from tests.support.hubstub import HubStub

            stub = HubStub().start()
            os.environ["HF_ENDPOINT"] = stub.url
            os.environ["GRADIO_TUI_HUB_POLL"] = "0.05"
            space = stub.add_space("gradio-tui/demo", upstream=demo.url, stages=["RUNNING"], hardware="cpu-basic")
            stub.semantic_results = [semantic_item(*row, host=space.host if row[0] == "gradio-tui/demo" else None)
                                     for row in SPACES]
        except Exception as err:  # noqa: BLE001 - no stand-in: search shows "cannot be reached"
            print(f"(no Hub stand-in: {err})")
            os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"
        try:
            made = asyncio.run(scenes(out, demo.url, stub.url if stub else None))
        finally:
            if stub is not None:
                stub.stop()
    return finish(made, png, data_dir)


if __name__ == "__main__":
    sys.exit(main())
