"""Gradio server fixtures, registered by tests/conftest.py through ``pytest_plugins``.

    def test_x(gradio_server):          # runs three times: ids g6, g5, g4
        httpx.get(gradio_server.url("basic") + "/config")
        gradio_server.version           # "6" | "5" | "4"
        gradio_server.gradio_version    # "6.31.0" | "5.50.0" | "4.44.1"
        gradio_server.api_url("basic", "info")   # .../basic/gradio_api/info or .../basic/info

    def test_y(gradio6):                # the current gradio only
        ...

Servers start on first use, once per session, and stop at the end of the session.  When the
session's collected tests need several versions, the first use spawns all of them so their
start-ups overlap.  A missing compat venv skips that version's tests locally and fails them
when CI is set.  GRADIO_TUI_TEST_PRESTART=0 turns the overlapping start-up off.
"""

from __future__ import annotations

import os

import pytest

from tests.support.servers import (
    ROOT_APP,
    VERSIONS,
    GradioServer,
    ServerPool,
    ServerUnavailable,
    in_ci,
)

_NEEDED = pytest.StashKey[set]()
_STARTUPS = pytest.StashKey[list]()  # "g6=6.31.0 in 8.1s" per server that became ready


def pytest_collection_finish(session: pytest.Session) -> None:
    """Note which versions the selected tests need (after -k/-m deselection)."""
    needed: set[str] = set()
    for item in session.items:
        names = getattr(item, "fixturenames", ())
        if "gradio_server" in names:
            callspec = getattr(item, "callspec", None)
            version = callspec.params.get("gradio_server") if callspec else None
            needed.update([version] if version else VERSIONS)
        if "gradio6" in names:
            needed.add("6")
    session.config.stash[_NEEDED] = needed


@pytest.fixture(scope="session")
def gradio_server_pool(request: pytest.FixtureRequest):
    """The session's ServerPool (use gradio_server / gradio6 instead, unless you need
    several versions in one test)."""
    pool = ServerPool()
    if os.environ.get("GRADIO_TUI_TEST_PRESTART", "1") != "0":
        for version in sorted(request.config.stash.get(_NEEDED, set()), key=VERSIONS.index):
            try:
                pool.spawn(version)
            except ServerUnavailable:
                pass  # reported by the fixture that asks for it
    yield pool
    request.config.stash[_STARTUPS] = [
        f"g{s.version}={s.gradio_version} in {s.startup_seconds:.1f}s"
        for s in pool.started()
        if s.startup_seconds is not None
    ]
    pool.close()


def get_server(pool: ServerPool, version: str, root_app: str | None = ROOT_APP) -> GradioServer:
    """pool.get(...), but a missing venv is a skip locally and a failure on CI.

    For a server with another app at / (e.g. to use gradio_client on 4.x, which cannot
    reach sub-path apps there): ``get_server(gradio_server_pool, "4", root_app="files")``.
    """
    try:
        return pool.get(version, root_app)
    except ServerUnavailable as exc:
        if in_ci():
            pytest.fail(f"gradio {version} server unavailable on CI: {exc}", pytrace=False)
        pytest.skip(f"gradio {version} server unavailable: {exc}")


@pytest.fixture(scope="session", params=VERSIONS, ids=[f"g{v}" for v in VERSIONS])
def gradio_server(request: pytest.FixtureRequest, gradio_server_pool: ServerPool) -> GradioServer:
    """A running server of each gradio version, with every app of tests/apps mounted."""
    return get_server(gradio_server_pool, request.param)


@pytest.fixture(scope="session")
def gradio6(gradio_server_pool: ServerPool) -> GradioServer:
    """The server of the gradio the test venv has (6.x)."""
    return get_server(gradio_server_pool, "6")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    startups = config.stash.get(_STARTUPS, [])
    if startups:
        terminalreporter.write_line("gradio test servers started: " + ", ".join(startups))
