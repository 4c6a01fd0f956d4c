"""The whole API as Markdown: a SKILL.md a coding agent can install (``api --markdown``, the
export panel's *Skill* tab).

YAML front matter (``name``, ``description``), then per endpoint its parameters (type, default,
choices or range), returns, the event data it reads, and the curl / Python / JavaScript snippets
``core.snippets`` renders for a call with example values: the same renderers the live tests run,
fed by ``Session.plan`` (the record ``export`` renders). Every text from the app goes through the
sanitiser and is kept on one line (a table cell, a heading), never at the start of a line where
Markdown would read it as a heading, fence, quote or HTML block of its own (the description follows
a label); code goes in a fence longer than any run of backticks inside it, so an app cannot close it.

The MCP section is a hook: ``render_skill(..., mcp=text)`` puts text there (``core/mcp.py``
fills it for apps that run an MCP server); without it the section only says whether the config
announces one.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from gradio_tui.core.errors import GradioTuiError
from gradio_tui.core.protocol.schema import AppSchema, Endpoint, Param
from gradio_tui.core.snippets import render
from gradio_tui.core.textsafe import json_text, plain

if TYPE_CHECKING:
    from gradio_tui.core.session import Session

FENCE_LANGS = {"curl": "sh", "python": "python", "js": "js"}
SNIPPET_TITLES = {"curl": "curl (POSIX sh, no jq)", "python": "Python (gradio_client)",
                  "js": "JavaScript (@gradio/client, node)"}
CELL_LIMIT = 160        # characters of one table cell (a long default, a type description)
TEXT_LIMIT = 2000       # characters of an endpoint's description
MCP_HEADING = "## MCP"
DESCRIPTION_LABEL = "The app's description:"


def _one_line(text: object, limit: int = CELL_LIMIT) -> str:
    """App text for one Markdown line: sanitised, line breaks as spaces, clipped."""
    flat = " ".join(plain(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _cell(text: object, limit: int = CELL_LIMIT) -> str:
    """A table cell: one line, ``|`` escaped, code spans kept to what the cell holds."""
    return _one_line(text, limit).replace("\\", "\\\\").replace("|", "\\|")


def _code(text: object, limit: int = CELL_LIMIT) -> str:
    """Inline code that no backtick inside can end early."""
    flat = _one_line(text, limit).replace("|", "\\|")
    ticks = "`" * (max((len(m) for m in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def fenced(text: str, lang: str) -> str:
    """A fenced block an app's text cannot close: the fence is longer than any backtick run."""
    longest = max((len(m) for m in re.findall("`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text.rstrip(chr(10))}\n{fence}"


def skill_name(title: str, target: str) -> str:
    """The front matter's ``name``: lowercase letters, digits and hyphens, at most 64."""
    base = title or target.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", str(base).lower()).strip("-")[:64].strip("-")
    return slug or "gradio-app"


def _choices(p: Param) -> str:
    if p.choices:
        shown = ", ".join(json_text(value) for _, value in p.choices[:20])
        more = f", … ({len(p.choices) - 20} more)" if len(p.choices) > 20 else ""
        return ("any of " if p.multiselect else "one of ") + shown + more
    if p.minimum is not None or p.maximum is not None:
        low = "" if p.minimum is None else f"{p.minimum:g}"
        high = "" if p.maximum is None else f"{p.maximum:g}"
        step = f", step {p.step:g}" if p.step else ""
        return f"{low}…{high}{step}"
    return ""


def example_values(ep: Endpoint) -> dict[str, Any]:
    """A value for each parameter: the app's default, else its example input."""
    return {p.name: p.default if p.has_default else p.example for p in ep.parameters}


def _snippets(session: Session, ep: Endpoint) -> list[str]:
    """The three snippets of a call with example values, or a line saying why there are none."""
    try:
        record = session.plan(ep, [], example_values(ep), allow_private=True)
    except GradioTuiError as err:
        return [f"No snippet: the app gives no usable example value ({_one_line(str(err))}); "
                f"`gradio-tui export` makes one for values you choose."]
    out = []
    for lang in FENCE_LANGS:                    # the call snippets (mcp is the app's, in its own section)
        try:
            text = render(record, lang)
        except (GradioTuiError, ValueError) as err:     # a snippet failure leaves the others
            out.append(f"{SNIPPET_TITLES[lang]}: not available ({_one_line(str(err))})")
            continue
        out += [f"**{SNIPPET_TITLES[lang]}**", "", fenced(plain(text), FENCE_LANGS[lang]), ""]
    return out


def _endpoint(session: Session, ep: Endpoint) -> list[str]:
    out = [f"### {_code(ep.route)}", ""]
    if ep.description:     # after a label of ours: at a line's start it could open a heading, fence or quote
        out += [f"{DESCRIPTION_LABEL} {_one_line(ep.description, TEXT_LIMIT)}", ""]
    facts = [word for word, on in (("streams partial results (generator)", ep.generator),
                                   ("keeps per-session State", ep.uses_state), ("takes files", ep.has_files),
                                   ("batched", ep.batch), (ep.visibility, ep.visibility != "public")) if on]
    if ep.shared_name is not None:
        facts.append(ep.shared_name_note)
    if facts:
        out += ["- " + _one_line(fact, 400) for fact in facts] + [""]
    if ep.parameters:
        out += ["| parameter | type | default | choices / range | component |", "|---|---|---|---|---|"]
        for p in ep.parameters:
            default = _code(json_text(p.default)) if p.has_default else "required"
            label = f" ({_cell(p.label)})" if p.label and p.label != p.name else ""
            out.append(f"| {_code(p.name)}{label} | {_cell(p.python_type)} | {default} | {_cell(_choices(p))} "
                       f"| {_cell(p.component)} |")
        out.append("")
    else:
        out += ["No parameters.", ""]
    if ep.returns:
        out += ["Returns: " + "; ".join(f"{_cell(r.label or r.component)} ({_cell(r.python_type)})"
                                        for r in ep.returns), ""]
    if ep.event is not None:
        event = ep.event
        fields = ", ".join(f"`{f}`" for f in event.fields) or "any"
        out += [f"Event data: the function reads {event.class_name} of the {_code(event.event, 40)} event "
                f"(fields {fields}), sent as `event_data` with `trigger_id` {event.trigger_id} in the queue "
                f"join. gradio_client cannot send it; curl and @gradio/client can "
                f"(`gradio-tui call … --event-data '{{…}}'`). Example: {_code(json.dumps(event.sample))}", ""]
    return out + _snippets(session, ep)


def render_skill(session: Session, *, include_all: bool = False, mcp: str | None = None) -> str:
    """The SKILL.md of the app ``session`` is connected to. ``include_all`` adds undocumented
    and private endpoints; ``mcp`` is the MCP section's body (Markdown), when the app has one."""
    schema = session.schema
    target = session.target.display
    endpoints = [ep for ep in schema.endpoints if include_all or ep.visibility == "public"]
    title = _one_line(schema.title, 200) or _one_line(target, 200)
    names = ", ".join(ep.route for ep in endpoints[:8]) + (", …" if len(endpoints) > 8 else "")
    description = _one_line(f"Call the Gradio app {title} ({target}) through its API: "
                            f"{len(endpoints)} endpoint(s) ({names}).", 1024)
    out = ["---", f"name: {json.dumps(skill_name(schema.title, target))}",
           f"description: {json.dumps(description, ensure_ascii=False)}", "---", "",
           f"# {title}", "",
           f"A Gradio {_one_line(schema.version, 40)} app at <{_one_line(schema.root, 400)}> "
           f"(API under {_code(schema.api_root, 400)}).",
           "Each endpoint below lists its parameters and a call with example values in curl, Python "
           "and JavaScript; the values are the app's defaults or its examples: change them to yours.",
           "Secrets are never written here: snippets read `$HF_TOKEN`, `$GRADIO_USERNAME` and "
           "`$GRADIO_PASSWORD` from the environment when they need them.", "",
           "## Endpoints", ""]
    if not endpoints:
        out += ["The app has no API endpoints.", ""]
    for ep in endpoints:
        out += _endpoint(session, ep)
    out += _mcp_section(schema, mcp)
    return "\n".join(out).rstrip("\n") + "\n"


def _mcp_section(schema: AppSchema, mcp: str | None) -> list[str]:
    """The MCP hook: ``mcp`` (from core/mcp.py) when given, else what the config says."""
    if mcp:
        return ["", MCP_HEADING, "", mcp.rstrip("\n"), ""]
    if schema.config.get("mcp_server") is True:
        return ["", MCP_HEADING, "",
                f"The app announces an MCP server at {_code(schema.api_root + '/mcp/', 400)}.", ""]
    return []


__all__ = ["MCP_HEADING", "example_values", "fenced", "render_skill", "skill_name"]
