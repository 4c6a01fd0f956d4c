"""An app that runs Gradio's MCP server (5.x with its ``mcp`` extra, 6.x): tools, a resource, a prompt.

/letters (plain), /file_size (a file input), /countdown (a generator with gr.Progress),
/greet (a tool that needs an ``x-api-key`` header), /note (an MCP resource), /ask (an MCP prompt).
On 4.44, or without the ``mcp`` package, it is a plain app with the same endpoints.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import gradio as gr

from tests.apps._compat import MAJOR, listener


def _mcp_available() -> bool:
    if MAJOR < 5:
        return False
    try:
        import gradio.mcp  # noqa: F401
        import mcp  # noqa: F401
    except ImportError:
        return False
    return True


MCP = _mcp_available()
MOUNT_KWARGS: dict[str, Any] = {"mcp_server": True} if MCP else {}


def _decorate(kind: str, *args: Any, **kwargs: Any):
    """gr.mcp.resource / gr.mcp.prompt where the MCP server exists; no-op elsewhere."""
    if not MCP:
        return lambda fn: fn
    import gradio.mcp

    return getattr(gradio.mcp, kind)(*args, **kwargs)


def letters(word: str, upper: bool) -> str:
    """Counts the letters of a word.

    Args:
        word: the word to count
        upper: whether to shout the answer
    """
    text = f"{word} has {len(word)} letters"
    return text.upper() if upper else text


def file_size(doc: str) -> str:
    """Tells the size of a file in bytes.

    Args:
        doc: the file to measure
    """
    return f"{Path(doc).name}: {Path(doc).stat().st_size} bytes"


def countdown(n: float, progress=gr.Progress()):  # noqa: B008 (gradio idiom)
    """Counts down from n, one step at a time.

    Args:
        n: where to start (at most 10)
    """
    n = min(int(n), 10)
    for i in progress.tqdm(range(n), desc="Counting"):
        time.sleep(0.05)
        yield f"{n - i}"
    yield "liftoff"


if MAJOR >= 5:
    def greet(name: str, x_api_key: gr.Header) -> str:
        """Greets someone, if the caller sent an API key header.

        Args:
            name: who to greet
        """
        return f"hello {name} (key of {len(x_api_key or '')} characters)"
else:
    def greet(name: str, request: gr.Request) -> str:
        """Greets someone (4.x has no gr.Header)."""
        key = request.headers.get("x-api-key", "")
        return f"hello {name} (key of {len(key)} characters)"


@_decorate("resource", "note://{topic}", description="A short note on a topic")
def note(topic: str) -> str:
    """A short note on a topic."""
    return f"a note about {topic}"


@_decorate("prompt", name="ask", description="A prompt that asks about a topic")
def ask(topic: str) -> str:
    """A prompt that asks about a topic."""
    return f"Tell me about {topic}."


def build() -> gr.Blocks:
    with gr.Blocks(title="mcp_tools", analytics_enabled=False) as demo:
        word = gr.Textbox(label="Word")
        upper = gr.Checkbox(label="Upper")
        out = gr.Textbox(label="Result")
        gr.Button("Letters").click(letters, [word, upper], out, **listener("letters"))
        doc = gr.File(label="Doc", type="filepath")
        gr.Button("Size").click(file_size, doc, out, **listener("file_size"))
        n = gr.Number(label="N", value=3)
        gr.Button("Count").click(countdown, n, out, **listener("countdown"))
        gr.Button("Greet").click(greet, word, out, **listener("greet"))
        gr.Button("Note").click(note, word, out, **listener("note"))
        gr.Button("Ask").click(ask, word, out, **listener("ask"))
    return demo
