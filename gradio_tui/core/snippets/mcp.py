"""The MCP client configuration of an app: ``mcpServers`` JSON (streamable HTTP, and stdio through
``mcp-remote``) and Claude Code's one line.

No secret is ever in it: a private Space's header reads ``Bearer ${HF_TOKEN}`` and a header a
tool needs (``gr.Header``) reads ``${X_API_KEY}``-style placeholders; the client (or the shell,
for ``claude mcp add``) fills them in. The URL and the name are printed only as JSON strings or
shell words made of safe characters, so an app's config cannot write a line of its own.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence
from urllib.parse import quote

from gradio_tui.core.history import CallRecord

TOKEN_PLACEHOLDER = "Bearer ${HF_TOKEN}"


def server_name(target: str) -> str:
    """A config key from the target: a Space's name, else the URL's last path part or host."""
    text = target.rstrip("/").split("://")[-1]
    name = text.split("/")[-1] if "/" in text else text.split(":")[0]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return slug or "gradio-app"


def placeholder(header: str) -> str:
    return "${" + re.sub(r"[^A-Z0-9]+", "_", header.upper()).strip("_") + "}"


def safe_url(url: str) -> str:
    """``url`` with anything but printable ASCII percent-encoded (no control, no quote of a shell)."""
    return quote(url, safe=":/?#[]@!$&()*+,;=%~-._")


def render_config(url: str, name: str, *, token: bool, headers: Sequence[str] = ()) -> str:
    """The three forms for ``url`` (``{P}/mcp/``) under the key ``name``."""
    url, name = safe_url(url), server_name(name)
    tools = {h: placeholder(h) for h in headers if re.fullmatch(r"[A-Za-z0-9_-]{1,100}", h)}
    wanted = {"Authorization": TOKEN_PLACEHOLDER, **tools} if token else dict(tools)
    http_entry: dict[str, object] = {"url": url}
    if wanted:
        http_entry["headers"] = wanted
    args = ["mcp-remote", url, "--transport", "streamable-http"]
    for header, value in wanted.items():
        args += ["--header", f"{header}:{value}"]
    stdio_entry = {"command": "npx", "args": args}
    claude = ["claude", "mcp", "add", "--transport", "http", name, url]
    line = " ".join(shlex.quote(word) for word in claude)
    for header, value in wanted.items():
        line += f' --header "{header}: {value}"'
    notes = []
    if token:
        notes.append("# A private Space: ${HF_TOKEN} stands for your Hugging Face token "
                     "(your client or shell fills it in).")
    if tools:
        notes.append("# Tools read the header(s) " + ", ".join(tools)
                     + ": put your values where their ${…} placeholders are.")
    parts = [
        f"# MCP client configuration for {name} (Gradio's MCP server, streamable HTTP at {url})",
        *notes,
        "",
        "# Clients that speak streamable HTTP (mcpServers JSON):",
        json.dumps({"mcpServers": {name: http_entry}}, indent=2),
        "",
        "# Clients that speak only stdio, through mcp-remote (needs node):",
        json.dumps({"mcpServers": {name: stdio_entry}}, indent=2),
        "",
        "# Claude Code:",
        line,
    ]
    return "\n".join(parts) + "\n"


def render_calls(records: Sequence[CallRecord], recorder: bool = False) -> str:
    """The export language ``mcp``: the configuration of the records' app (their calls do not
    matter: an MCP client calls the tools itself). Headers tools need are not known from a
    record: the TUI's MCP view and ``gradio-tui mcp`` list them."""
    record = records[0]
    url = f"{record.root}{record.api_prefix}/mcp/"
    return render_config(url, record.target, token=record.needs_token)


__all__ = ["render_calls", "render_config", "server_name"]
