"""``CallRecord``: what one call was, made by every call through the core.

Snippets are rendered from records only, the TUI's recorder keeps a list of them, and the
history store (a later piece) persists them. A record never holds a token, password or cookie:
only whether one was needed.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class FileArg:
    """A file argument as the user gave it: a local path or an http(s) URL."""

    param: str
    source: str                     # local path or URL, as given
    is_url: bool = False
    server_path: str | None = None  # where /upload put it (filled after upload)


@dataclass
class Timings:
    """Seconds, measured on our side; server figures where the server sent them."""

    connect: float | None = None
    join: float | None = None
    queue_wait: float | None = None
    first_output: float | None = None
    processing: float | None = None
    total: float | None = None
    server_duration: float | None = None
    server_average: float | None = None


@dataclass
class CallRecord:
    target: str                     # as people write it: "owner/name" for a Space, else the app URL
    root: str                       # the app URL the call went to
    gradio_version: str
    api_prefix: str
    api_name: str | None            # without "/", None for unnamed endpoints
    fn_index: int
    args: dict[str, Any] = field(default_factory=dict)   # by parameter name (visible params only)
    files: list[FileArg] = field(default_factory=list)
    params: list[str] = field(default_factory=list)     # visible parameter names, in order
    state_positions: list[int] = field(default_factory=list)  # State/layout slots in the full input list
    session_hash: str | None = None  # kept when the endpoint uses State
    uses_state: bool = False
    needs_login: bool = False
    needs_token: bool = False
    is_space: bool = False
    status: str = "pending"         # pending | running | complete | error | cancelled
    result: list[Any] | None = None
    error: str | None = None
    error_kind: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)  # to_json() of each event
    timings: Timings = field(default_factory=Timings)
    started_at: float = field(default_factory=time.time)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def route(self) -> str:
        return f"/{self.api_name}" if self.api_name else f"fn:{self.fn_index}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
