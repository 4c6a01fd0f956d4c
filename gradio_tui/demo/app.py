"""The demo app: one Gradio Blocks with every widget kind the TUI knows, on gradio ≥ 4.44.

Endpoints, each small and offline:

* ``/greet``     Textbox, Dropdown with display labels, Slider, Checkbox
* ``/describe``  multi-line Textbox, Number, Radio, CheckboxGroup, multiselect Dropdown, JSON → JSON
* ``/count``     a generator (streams growing text)
* ``/train``     gr.Progress (explicit and tqdm), gr.Info and gr.Warning
* ``/render``    queued: ``concurrency_limit=1`` and a sleep, so a second run waits with a rank
* ``/tally``     gr.State: a per-session counter (``/tally_reset`` starts over)
* ``/file_info`` File in → summary and a report File out; ``/mirror`` Image in → Image out
* ``/fail``      raises gr.Error with a title
* ``/chat``      a ChatInterface whose reply streams word by word
* ``/echo_hidden`` undocumented, ``/internal`` private (behind the TUI's toggle)
"""

from __future__ import annotations

import hashlib
import inspect
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

MAJOR = int(gr.__version__.split(".")[0])

STYLES = [("Friendly", "friendly"), ("Formal", "formal"), ("Pirate", "pirate")]
SIZES = ["S", "M", "L"]
TOPPINGS = ["cheese", "olives", "basil", "chili"]
TAGS = ["fast", "cheap", "good"]


def listener(api_name: str | None, visibility: str = "public") -> dict[str, Any]:
    """``api_name`` and visibility, spelled for this gradio (6.x: api_visibility=)."""
    kwargs: dict[str, Any] = {}
    if MAJOR >= 6:
        kwargs["api_name"] = api_name
        if visibility != "public":
            kwargs["api_visibility"] = visibility
        return kwargs
    if visibility == "private":
        return {"api_name": False}
    kwargs["api_name"] = api_name
    if visibility == "undocumented":
        kwargs["show_api"] = False
    return kwargs


def error(message: str, title: str) -> gr.Error:
    kwargs: dict[str, Any] = {}
    if "title" in inspect.signature(gr.Error.__init__).parameters:
        kwargs["title"] = title
    return gr.Error(message, **kwargs)


def _out_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="gradio-tui-demo-"))


# --- the functions ---------------------------------------------------------------------------

def greet(name: str, style: str, times: float, shout: bool) -> str:
    """Greets someone in a style, a number of times."""
    words = {"friendly": "Hi there, {}!", "formal": "Good day, {}.", "pirate": "Ahoy, {}!"}
    line = words.get(style, "Hello, {}!").format(name or "stranger")
    text = " ".join([line] * int(times))
    return text.upper() if shout else text


def describe(story: str, servings: float, size: str, toppings: list[str], tags: list[str],
             settings: Any) -> dict[str, Any]:
    """Echoes every input back as one JSON object."""
    return {"story_words": len((story or "").split()), "servings": servings, "size": size,
            "toppings": toppings, "tags": tags, "settings": settings}


def count(n: float, delay: float) -> Iterator[str]:
    """Counts to n, one yield per step (a generator)."""
    text = ""
    for i in range(int(n)):
        if i and delay:
            time.sleep(float(delay))
        text += f"{i + 1} "
        yield text.strip()


def train(epochs: float, progress=gr.Progress()) -> str:  # noqa: B008 - gradio's idiom
    """Pretends to train a model: progress bars, an info and a warning toast."""
    epochs = int(epochs)
    progress(0.0, desc="Warming up")
    gr.Info("Training started")
    time.sleep(0.3)
    for _ in progress.tqdm(range(epochs), desc="Epoch"):
        time.sleep(0.4)
    gr.Warning("Loss is suspiciously low")
    progress(0.99, desc="Saving")
    time.sleep(0.2)
    return f"trained for {epochs} epochs, loss 0.0{epochs}"


def render(seconds: float) -> str:
    """A slow job that runs one at a time: a second call waits in the queue."""
    time.sleep(float(seconds))
    return f"rendered in {float(seconds):g} s"


def tally(count: int | None) -> tuple[int, str]:
    """Adds one to this session's counter (gr.State)."""
    count = (count or 0) + 1
    return count, f"this session has called /tally {count} time(s)"


def tally_reset() -> tuple[int, str]:
    return 0, "counter reset"


def file_info(path: str | None) -> tuple[str, str | None]:
    """Name, size and SHA-256 of a file, and a report file saying the same."""
    if not path:
        raise error("Pick a file first", "No file")
    data = Path(path).read_bytes()
    summary = f"{Path(path).name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}…"
    report = _out_dir() / "report.txt"
    report.write_text(summary + "\n", encoding="utf-8")
    return summary, str(report)


def mirror(image: str | None):
    """The image flipped left to right, and its size."""
    if not image:
        raise error("Pick an image first", "No image")
    from PIL import Image

    with Image.open(image) as im:
        im.load()
        flipped = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        return f"{im.width}x{im.height}", flipped


def fail(message: str) -> str:
    """Always fails with gr.Error (to see how errors look)."""
    raise error(message or "Something went wrong", "Demo failure")


def echo_hidden(text: str) -> str:
    return text


def internal(text: str) -> str:
    return f"internal:{text}"


def _user_turns(history: list | None) -> int:
    if not history:
        return 0
    if isinstance(history[0], dict):
        return sum(1 for m in history if m.get("role") == "user")
    return len(history)  # 4.x tuple history: one pair per turn


def respond(message: Any, history: list) -> Iterator[str]:
    """The chat bot: repeats you, word by word, and numbers the turns (the history is the app's)."""
    text = message.get("text", "") if isinstance(message, dict) else str(message)
    reply = f"(turn {_user_turns(history) + 1}) You said: {text}"
    out = ""
    for i, word in enumerate(reply.split(" ")):
        out += ("" if i == 0 else " ") + word
        time.sleep(0.03)
        yield out


def _chat_kwargs() -> dict[str, Any]:
    params = inspect.signature(gr.ChatInterface.__init__).parameters
    kwargs: dict[str, Any] = {}
    if "type" in params:
        kwargs["type"] = "messages"
    if "api_name" in params:
        kwargs["api_name"] = "chat"
    return kwargs


def build() -> gr.Blocks:
    with gr.Blocks(title="gradio-tui demo", analytics_enabled=False) as demo:
        gr.Markdown("# gradio-tui demo\nEvery widget kind, a generator, progress, a queue, State, files, "
                    "errors and a chat bot.")
        with gr.Tab("Basics"):
            name = gr.Textbox(label="Name", placeholder="Who to greet")
            style = gr.Dropdown(choices=STYLES, value="friendly", label="Style")
            times = gr.Slider(1, 5, value=1, step=1, label="Times")
            shout = gr.Checkbox(value=False, label="Shout")
            greeting = gr.Textbox(label="Greeting")
            gr.Button("Greet").click(greet, [name, style, times, shout], greeting, **listener("greet"))
        with gr.Tab("Widgets"):
            story = gr.Textbox(label="Story", lines=4, value="Once upon a time")
            servings = gr.Number(label="Servings", value=2, precision=0)
            size = gr.Radio(SIZES, value="M", label="Size")
            toppings = gr.CheckboxGroup(TOPPINGS, value=["cheese"], label="Toppings")
            tags = gr.Dropdown(TAGS, value=["fast"], multiselect=True, label="Tags")
            settings = gr.JSON(value={"temperature": 0.7}, label="Settings")
            described = gr.JSON(label="Description")
            gr.Button("Describe").click(describe, [story, servings, size, toppings, tags, settings], described,
                                        **listener("describe"))
        with gr.Tab("Runs"):
            n = gr.Number(label="Count to", value=10, precision=0)
            delay = gr.Slider(0, 1, value=0.2, step=0.05, label="Delay")
            counted = gr.Textbox(label="Counted")
            gr.Button("Count").click(count, [n, delay], counted, **listener("count"))
            epochs = gr.Slider(1, 20, value=5, step=1, label="Epochs")
            trained = gr.Textbox(label="Model")
            gr.Button("Train").click(train, epochs, trained, **listener("train"))
            seconds = gr.Number(label="Seconds", value=3)
            rendered = gr.Textbox(label="Rendered")
            gr.Button("Render").click(render, seconds, rendered, concurrency_limit=1, **listener("render"))
        with gr.Tab("State"):
            counter = gr.State(0)
            tally_out = gr.Textbox(label="Tally")
            gr.Button("+1").click(tally, counter, [counter, tally_out], **listener("tally"))
            gr.Button("Reset").click(tally_reset, None, [counter, tally_out], **listener("tally_reset"))
        with gr.Tab("Files"):
            upload = gr.File(label="File")
            summary = gr.Textbox(label="Summary")
            report = gr.File(label="Report")
            gr.Button("Inspect").click(file_info, upload, [summary, report], **listener("file_info"))
            image = gr.Image(type="filepath", label="Image")
            image_size = gr.Textbox(label="Size")
            mirrored = gr.Image(label="Mirrored", format="png")
            gr.Button("Mirror").click(mirror, image, [image_size, mirrored], **listener("mirror"))
        with gr.Tab("Errors"):
            message = gr.Textbox(label="Message", value="The flux capacitor is empty")
            failed = gr.Textbox(label="Never set")
            gr.Button("Fail").click(fail, message, failed, **listener("fail"))
            hidden_in = gr.Textbox(label="Text", value="psst")
            hidden_out = gr.Textbox(label="Out")
            gr.Button("Hidden").click(echo_hidden, hidden_in, hidden_out, **listener("echo_hidden", "undocumented"))
            gr.Button("Internal").click(internal, hidden_in, hidden_out, **listener("internal", "private"))
        with gr.Tab("Chat"):
            gr.ChatInterface(respond, analytics_enabled=False, cache_examples=False, **_chat_kwargs())
    return demo
