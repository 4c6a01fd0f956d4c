"""``Session``: one connected app, its HTTP client, session_hash, login and files.

``Session.connect(src)`` resolves the target (a Space through the Hub), logs in, reads the
schema. ``session.submit(endpoint, args, kwargs)`` returns a ``Job`` whose async iterator yields
typed events. State lives under the session's hash; a second concurrent job of the same
endpoint gets its own hash, so cancelling one never kills the other (protocol §5).
"""

from __future__ import annotations

import asyncio
import os
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.errors import ArgumentError, ConnectError
from gradio_tui.core.history import CallRecord, Recorder, _write_all, save_record
from gradio_tui.core.job import Job
from gradio_tui.core.net.auth import credentials_from_env, find_token, origin_of, token_headers
from gradio_tui.core.net.bodies import RateDeadline, fetch

# The client factory lives in core.http; these names stay importable from here.
from gradio_tui.core.net.http import REQUEST_ERRORS, CredentialScope, make_client
from gradio_tui.core.net.retry import RetryPolicy
from gradio_tui.core.net.target import AppTarget, parse_target
from gradio_tui.core.protocol.discovery import describe_transport_error, discover
from gradio_tui.core.protocol.events import StageEvent
from gradio_tui.core.protocol.filedata import uploaded_filedata
from gradio_tui.core.protocol.payload import Payload, build_payload
from gradio_tui.core.protocol.schema import AppSchema, Endpoint
from gradio_tui.core.protocol.stream import SessionStream
from gradio_tui.core.textsafe import BIDI_CONTROLS, register_secret


def new_session_hash() -> str:
    return uuid.uuid4().hex[:11]


def safe_filename(name: object, fallback: str = "output") -> str:
    """A server-given file name that is safe to create: no directories, controls or dot names."""
    text = os.path.basename(str(name or "").replace("\\", "/"))
    text = re.sub(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{BIDI_CONTROLS}]", "", text).strip()
    if text in ("", ".", ".."):
        return fallback
    return text[:200]


class Session:
    def __init__(self, target: AppTarget, schema: AppSchema, client: httpx.AsyncClient, *,
                 timeout: float = 30.0, session_hash: str | None = None, token: str | None = None,
                 token_explicit: bool = False, logged_in: bool = False, space_info: Any = None,
                 grant_oauth: bool = False, retries: int = 0, recorder: Recorder | None = None) -> None:
        self.target = target
        self.schema = schema
        self.client = client
        self.timeout = timeout
        self.session_hash = session_hash or new_session_hash()
        self.logged_in = logged_in
        self.space_info = space_info
        self.retries = retries                     # default for submit(): see core.retry
        self._token = token
        self._token_explicit = token_explicit
        self.grant_oauth = grant_oauth  # pass the HF token to endpoints that declare gr.OAuthToken
        self._streams: dict[str, SessionStream] = {}
        self._running: dict[str, set[int]] = {}   # session_hash → fn_indexes running in it
        self.records: list[CallRecord] = []        # every call of this session, in order (for snippets)
        self.resets = 0                            # reset() count: each record says which session it ran in
        self.recorder: Recorder = recorder or save_record   # where a finished call's record goes
        self.connect_seconds: float | None = None  # how long connect() took (every call's timings.connect)

    # --- connecting ------------------------------------------------------------------------
    @classmethod
    async def connect(cls, src: str | AppTarget, *, token: str | None = None, auth: str | tuple[str, str] | None = None,
                      timeout: float = 30.0, wait: float = 300.0, session_hash: str | None = None,
                      on_stage: Callable[[StageEvent], None] | None = None,
                      grant_oauth: bool = False, retries: int = 0, recorder: Recorder | None = None,
                      env_login: bool = True) -> Session:
        """``retries``: how many times a call's join may be retried by default (``core.retry``);
        ``recorder``: where each finished call's record goes (default: the history file);
        ``env_login``: whether ``GRADIO_USERNAME`` / ``GRADIO_PASSWORD`` may be used for this
        target (the TUI keeps them for the target named on its command line)."""
        started = time.monotonic()
        target = parse_target(src) if isinstance(src, str) else src
        token_explicit = token is not None
        # --token is "for this app" only when the user named the app by URL: a Space resolved
        # to another host (a stand-in, a custom domain) gets the token by the host rule alone.
        explicit_for_app = token_explicit and target.space_id is None
        token = token if token is not None else find_token()
        # --auth wins over a URL's user:password, which wins over GRADIO_USERNAME / _PASSWORD.
        # Those given for this target log in first; the environment's only when the app asks,
        # so an app without a login never sees them.
        explicit_login = bool(auth) or target.credentials is not None
        from_env = credentials_from_env() if env_login else None
        credentials = auth if isinstance(auth, tuple) else (
            credentials_from_env(auth) if auth else target.credentials or from_env)
        scope = CredentialScope()
        client = make_client(timeout, scope=scope)
        try:
            space_info = None
            if target.space_id or target.is_hf_space_host:
                target, space_info = await _resolve_space(target, client, token, wait, on_stage)
            assert target.url
            scoped = token_headers(target.url, token, explicit_for_app=explicit_for_app)
            scope.add_app(target.url, token=bool(scoped) and explicit_for_app)
            client.headers.update(scoped)
            schema = await discover(client, target.url, page=target.page, credentials=credentials,
                                    login_first=explicit_login)
            register_secret(token, credentials[1] if credentials else None, *(c.value for c in client.cookies.jar))
        except BaseException:
            await client.aclose()
            raise
        session = cls(target, schema, client, timeout=timeout, session_hash=session_hash, token=token,
                      token_explicit=token_explicit, logged_in=schema.auth_required, space_info=space_info,
                      grant_oauth=grant_oauth, retries=retries, recorder=recorder)
        session.connect_seconds = time.monotonic() - started
        return session

    async def aclose(self) -> None:
        for stream in list(self._streams.values()):
            await stream.aclose()
        self._streams.clear()
        await self.client.aclose()

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def uses_token(self) -> bool:
        return any(k.lower() in ("authorization", "x-hf-authorization") for k in self.client.headers)

    @property
    def token(self) -> str | None:
        """The HF token in use (kept in memory only; headers are scoped by ``token_scope``)."""
        return self._token

    @property
    def oauth_token(self) -> str | None:
        """The token an endpoint's ``gr.OAuthToken`` gets: only when the user granted it."""
        return self._token if self.grant_oauth else None

    @property
    def needs_token(self) -> bool:
        """Whether a snippet must carry ``$HF_TOKEN``: a token is in use for a Space that is
        private (or whose privacy the Hub did not tell us)."""
        if not (self.uses_token and self.target.space_id):
            return False
        private = getattr(self.space_info, "private", None)
        return private is not False

    def reset(self) -> None:
        """A new session_hash: State starts over (the old one's streams are left to finish).
        The calls after it carry the next ``session`` number, so the recorder's script starts a
        new client there and replays what the user saw."""
        self.session_hash = new_session_hash()
        self.resets += 1

    # --- calls -----------------------------------------------------------------------------
    def endpoint(self, name: str | Endpoint, *, allow_private: bool = False) -> Endpoint:
        return name if isinstance(name, Endpoint) else self.schema.endpoint(name, allow_private=allow_private)

    def submit(self, endpoint: str | Endpoint, args: list[Any] | None = None,
               kwargs: dict[str, Any] | None = None, *, allow_private: bool = False,
               retries: int | RetryPolicy | None = None, event_data: Any = None) -> Job:
        """Validate now (raising ``ArgumentError``), run when the job is iterated or awaited.

        ``retries`` (default: the session's) retries the join on resets, 429 and 503 only."""
        ep = self.endpoint(endpoint, allow_private=allow_private)
        payload = build_payload(ep, args, kwargs, event_data)
        if ep.oauth_token == "required" and not self.oauth_token:
            raise ArgumentError(f"{ep.route} acts on your behalf with your HF token",
                                hint="set HF_TOKEN and pass --grant-oauth to allow it")
        session_hash = self.session_hash
        if ep.fn_index in self._running.get(session_hash, set()):
            session_hash = new_session_hash()  # never two jobs of one fn in one session (§5)
        self.mark_running(session_hash, ep.fn_index, True)
        record = self._record_for(ep, payload, session_hash)
        self.records.append(record)
        return Job(self, ep, payload, record, session_hash,
                   retries=self.retries if retries is None else retries)

    def plan(self, endpoint: str | Endpoint, args: list[Any] | None = None,
             kwargs: dict[str, Any] | None = None, *, allow_private: bool = False,
             event_data: Any = None) -> CallRecord:
        """The ``CallRecord`` a ``submit()`` would make (same validation), without running the
        call or adding it to ``records``: what ``export`` renders."""
        ep = self.endpoint(endpoint, allow_private=allow_private)
        return self._record_for(ep, build_payload(ep, args, kwargs, event_data), self.session_hash)

    def _record_for(self, ep: Endpoint, payload: Payload, session_hash: str) -> CallRecord:
        return CallRecord(
            target=self.target.display, root=self.schema.root, gradio_version=self.schema.version,
            api_prefix=self.schema.api_prefix, api_name=ep.api_name, fn_index=ep.fn_index,
            args=dict(payload.args), files=list(payload.files), params=[p.name for p in ep.parameters],
            state_positions=[p.index for p in ep.inputs if p.skip],
            session_hash=session_hash if ep.uses_state else None, uses_state=ep.uses_state, session=self.resets,
            needs_login=self.logged_in, needs_token=self.needs_token,
            is_space=bool(self.target.space_id), event_data=payload.event_data, trigger_id=payload.trigger_id,
            event=ep.event.event if ep.event is not None else None,
        )

    # --- plumbing used by Job ----------------------------------------------------------------
    def keep(self, record: CallRecord) -> str | None:
        """A finished call's record to the recorder; why it could not be kept (never raises)."""
        try:
            return self.recorder(record)
        except Exception as err:  # noqa: BLE001 - a record that cannot be kept never fails a call
            return f"history not saved: {err}"

    def stream_for(self, session_hash: str) -> SessionStream:
        stream = self._streams.get(session_hash)
        if stream is None:
            stream = SessionStream(self.client, self.schema.api_root, session_hash, timeout=self.timeout)
            self._streams[session_hash] = stream
        return stream

    def mark_running(self, session_hash: str, fn_index: int, running: bool) -> None:
        fns = self._running.setdefault(session_hash, set())
        (fns.add if running else fns.discard)(fn_index)

    async def upload(self, path: str, on_progress: Callable[[int, bool], None] | None = None) -> dict[str, Any]:
        """``POST {P}/upload`` (field ``files``) → FileData for the server's copy.

        ``on_progress(bytes_sent, done)`` is called as httpx reads the file, chunk by chunk.
        """
        size = os.path.getsize(path)
        limit = self.schema.max_file_size
        name = os.path.basename(path)
        if limit is not None and size > limit:
            raise ArgumentError(f"{name} is {size} bytes; the app accepts at most {limit}")
        try:
            with open(path, "rb") as handle:
                body = _ProgressReader(handle, on_progress) if on_progress else handle
                response = await fetch(self.client, "POST", f"{self.schema.api_root}/upload",
                                       files=[("files", (name, body))], limit=UPLOAD_ANSWER,
                                       deadline=self.timeout + size / MIN_UPLOAD_RATE)
        except REQUEST_ERRORS as err:
            raise describe_transport_error(self.schema.root, err) from None
        if response.status_code == 413:
            raise ArgumentError(f"{name} is too large for the app (HTTP 413)")
        if response.status_code != 200:
            raise ConnectError(f"upload of {name} failed: HTTP {response.status_code} {response.text[:200]}")
        try:
            server_path = wirejson.loads(response.content)[0]
        except (ValueError, IndexError, KeyError, TypeError):
            raise ConnectError(f"upload of {name}: the app answered {response.text[:200]!r}") from None
        if on_progress:
            on_progress(size, True)
        return uploaded_filedata(server_path, name, size)

    async def download(self, filedata: dict[str, Any], folder: str | Path, *,
                       max_bytes: int | None = None) -> Path:
        """Save a FileData output under ``folder`` (its original name; a suffix if taken).

        The app is not trusted with the file system: only a URL on the app's own origin is
        fetched, the file is created new (never through a link or over a file that is there),
        at most ``max_bytes`` (default ``MAX_DOWNLOAD``) are written, the transfer must keep
        pace (``--timeout`` to start, then ``MIN_DOWNLOAD_RATE``), and a partial file is removed.
        """
        url = filedata.get("url") or f"{self.schema.api_root}/file={filedata.get('path')}"
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConnectError(f"cannot download an output from {str(url)[:100]!r}: not an http(s) URL")
        app = origin_of(self.schema.root)

        def check_origin(url: str, how: str = "") -> None:
            if app is None or origin_of(url) != app:
                where = f"{app[0]}://{app[1]}:{app[2]}" if app else self.schema.root[:200]
                raise ConnectError(f"{how}{url[:200]} is not on the app's host {where} (same scheme, host and port)")

        check_origin(url)
        limit = MAX_DOWNLOAD if max_bytes is None else max_bytes
        name = safe_filename(filedata.get("orig_name") or filedata.get("path"))
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        deadline = RateDeadline(self.timeout, MIN_DOWNLOAD_RATE)
        saved: dict[str, Any] = {"bytes": 0, "dest": None}

        async def transfer() -> None:
            nonlocal url
            for _ in range(DOWNLOAD_REDIRECTS + 1):     # each hop checked, not only the first URL
                async with self.client.stream("GET", url, follow_redirects=False) as response:
                    location = response.headers.get("location")
                    if response.status_code in (301, 302, 303, 307, 308) and location is not None:
                        url = str(response.url.join(location))
                        check_origin(url, how=f"download of {name} redirected: ")
                        continue
                    if response.status_code != 200:
                        raise ConnectError(f"download of {name} failed: HTTP {response.status_code}")
                    saved["dest"], fd = _create_new(folder, name)
                    try:
                        async for chunk in response.aiter_bytes():
                            saved["bytes"] += len(chunk)
                            if saved["bytes"] > limit:
                                raise ConnectError(f"{name} is larger than {limit} bytes: not saved",
                                                   hint="raise --max-download-size")
                            _write_all(fd, chunk)
                    finally:
                        os.close(fd)
                    return
            raise ConnectError(f"download of {name} failed: more than {DOWNLOAD_REDIRECTS} redirects")

        task = asyncio.ensure_future(transfer())
        try:
            while not task.done():
                left = deadline.left(saved["bytes"])
                if left <= 0:
                    raise ConnectError(f"download of {name} stalled: {saved['bytes']} bytes in "
                                       f"{time.monotonic() - deadline.started:.0f} s", hint="raise --timeout")
                await asyncio.wait({task}, timeout=left)
            task.result()
        except BaseException as err:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            if saved["dest"] is not None:
                try:
                    os.unlink(saved["dest"])
                except OSError:
                    pass
            if isinstance(err, REQUEST_ERRORS):
                raise describe_transport_error(url, err) from None
            raise
        dest: Path = saved["dest"]
        return dest


UPLOAD_ANSWER = 1024 * 1024           # bytes of /upload's answer (a list of server paths)
MIN_UPLOAD_RATE = 256 * 1024          # bytes per second an upload may take at the slowest (its deadline)
MAX_DOWNLOAD = 2 * 1024 ** 3          # bytes of one downloaded output (call --max-download-size)
MIN_DOWNLOAD_RATE = 1024 * 1024       # bytes per second a download must average after --timeout
MAX_DOWNLOAD_FILES = 1000            # files one call --download saves
DOWNLOAD_TOTAL_FACTOR = 4             # a call's files together: at most 4 × the largest file's bytes
DOWNLOAD_REDIRECTS = 5                # hops a download follows, each on the app's origin


def _create_new(folder: Path, name: str) -> tuple[Path, int]:
    """A new file for ``name`` in ``folder`` (``name-1.ext``… if taken), never through a link."""
    stem, suffix = os.path.splitext(name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for n in range(1000):
        dest = folder / (name if n == 0 else f"{stem}-{n}{suffix}")
        try:
            return dest, os.open(dest, flags, 0o644)
        except FileExistsError:
            continue
    raise ConnectError(f"cannot save {name}: {folder} has too many files of that name")


async def _resolve_space(target: AppTarget, client: httpx.AsyncClient, token: str | None, wait: float,
                         on_stage: Callable[[StageEvent], None] | None) -> tuple[AppTarget, Any]:
    """A Space id or ``*.hf.space`` URL → the app host, after the Space is up (core.hub)."""
    from gradio_tui.core.hub import spaces as hub

    return await hub.resolve_app(target, client=client, token=token, wait=wait, on_stage=on_stage)


class _ProgressReader:
    """A file wrapper that reports how much httpx has read of it (for upload progress)."""

    def __init__(self, handle: Any, on_progress: Callable[[int, bool], None]) -> None:
        self._handle = handle
        self._on_progress = on_progress
        self._sent = 0
        self.name = getattr(handle, "name", None)

    def read(self, size: int = -1) -> bytes:
        chunk: bytes = self._handle.read(size)
        self._sent += len(chunk)
        if chunk:
            self._on_progress(self._sent, False)
        return chunk

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._handle, attr)
