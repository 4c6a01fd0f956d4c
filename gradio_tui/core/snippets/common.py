"""What every language's renderer reads off a ``CallRecord``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.filedata import FileArg, put_at

# The one home of FileData is core.filedata; curl and js take these two through here.
from gradio_tui.core.protocol.filedata import file_name as file_name
from gradio_tui.core.protocol.filedata import url_filedata as url_filedata
from gradio_tui.core.protocol.schema import version_tuple

# How a curl snippet runs a call (protocol §2.1, §2.3, §2.4, §8):
CALL = "call"          # POST {P}/call/{name}, then GET {P}/call/{name}/$EVENT_ID
CALL_QUEUE = "call+queue"  # POST /call with a session_hash, result from {P}/queue/data (State, < 6.18)
QUEUE = "queue"        # POST {P}/queue/join with fn_index, result from {P}/queue/data


def version(record: CallRecord) -> tuple[int, ...]:
    return version_tuple(record.gradio_version)


def call_form(record: CallRecord) -> str:
    """Which of the three curl forms a call needs.

    Unnamed endpoints have no ``/call`` route and servers before 4.20 have none at all: those
    use the queue protocol, as do names no ``/call/{name}`` URL can address (``one_segment``).
    So do calls with event data (``core.eventdata``): ``/call`` takes none.
    A call that carries a session_hash (State) can only be read from
    ``GET /call/…`` on 6.18 and later; before, its result is read from ``/queue/data``.
    """
    if (not record.api_name or version(record) < (4, 20) or not one_segment(record.api_name)
            or record.event_data is not None):
        return QUEUE
    if record.uses_state and version(record) < (6, 18):
        return CALL_QUEUE
    return CALL


def one_segment(api_name: str) -> bool:
    """Whether ``/call/{api_name}`` reaches the endpoint: servers decode ``%2F`` before they
    route (``a%2Fb`` is two segments, HTTP 404/405), and ``.``/``..`` are dot segments."""
    return "/" not in api_name and api_name not in (".", "..")


def route(record: CallRecord) -> str:
    return f"/{record.api_name}" if record.api_name else f"fn_index {record.fn_index}"


def value_with_files(record: CallRecord, param: str, make: Callable[[FileArg], Any]) -> Any:
    """The parameter's value with ``make(file)`` at the place of each of its files (the whole
    value, a list item, an object key, … as ``core.filedata`` found them)."""
    value = record.args.get(param)
    for fa in record.files:
        if fa.param != param:
            continue
        try:
            value = put_at(value, list(fa.at or []), make(fa))
        except (KeyError, IndexError, TypeError):   # a hand-edited history line: no such place
            continue
    return value


def input_slots(record: CallRecord) -> list[str | None]:
    """The full input list of the dependency: a parameter name, or None for a State/layout slot."""
    total = len(record.params) + len(record.state_positions)
    skipped = set(record.state_positions)
    names = iter(record.params)
    return [None if index in skipped else next(names, None) for index in range(total)]


def has_subpath(url: str) -> bool:
    return urlsplit(url).path.strip("/") != ""


def title(record: CallRecord) -> str:
    """``/greet on owner/name (Gradio 6.31.0)``, for the first comment line."""
    where = record.target if record.is_space else record.root
    return f"{route(record)} on {where} (Gradio {record.gradio_version or '?'})"


@dataclass
class Plan:
    """The calls a script replays, and the ones it leaves out (with why)."""

    records: list[CallRecord]
    skipped: list[tuple[CallRecord, str]]


def replayable(records: list[CallRecord], recorder: bool) -> Plan:
    """The recorder leaves out calls that failed or were cancelled: replaying them would stop the
    script before the calls after them ran. A single export always renders its call."""
    if not recorder:
        return Plan(list(records), [])
    kept, skipped = [], []
    for record in records:
        if record.status in ("error", "cancelled"):
            skipped.append((record, record.status))
        else:
            kept.append(record)
    if not kept:  # nothing would be left: render them anyway, the user asked for them
        return Plan(list(records), [])
    return Plan(kept, skipped)


def new_session_at(records: list[CallRecord], index: int) -> bool:
    """Whether the ``index``-th call ran in a new session (the user reset it before): the script
    starts a new client (curl: a new session_hash) there, so State starts over as it did."""
    return index > 0 and records[index].session != records[index - 1].session


def session_count(records: list[CallRecord]) -> int:
    """How many sessions the calls ran in, one after the other (1 + the resets between them)."""
    return (1 + sum(new_session_at(records, i) for i in range(len(records)))) if records else 0


def one_line(text: str, limit: int = 80) -> str:
    """Text safe for a one-line comment: no line breaks or control characters."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def header(plan: Plan, *, recorder: bool, comment: str, how_to_run: str, target: str | None = None,
           session: str = "with one client (one session)") -> list[str]:
    """A script's opening comment lines: what it replays (or exports), how to run it, and the
    calls the recorder left out. ``target`` defaults to the first call's target."""
    records = plan.records
    first = records[0]
    if recorder:
        where = first.target if target is None else target
        sessions = session_count(records)
        if sessions > 1:
            session = f"in {sessions} sessions (a new one at each reset, as the TUI made them)"
        out = [f"{comment} gradio-tui recorder: {len(records)} call(s) on {one_line(where)} "
               f"(Gradio {one_line(first.gradio_version or '?')}), in order, {session}."]
    else:
        out = [f"{comment} gradio-tui export: {one_line(title(first))}"]
    out.append(how_to_run)
    out += [f"{comment} left out: {one_line(route(record))} ({why})" for record, why in plan.skipped]
    return out
