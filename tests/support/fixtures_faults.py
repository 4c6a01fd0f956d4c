"""Fault-server fixtures and helpers for the hardening tests, registered by tests/conftest.py
through ``pytest_plugins``.

``server`` is one ``tests/support/faultserver.py`` per test module (started on first use, stopped at the
module's end); ``fs`` resets it for the test and makes retries fast. A module that needs its own
set-up defines its own ``fs``. ``other_server`` / ``other`` are a second fault server, another
origin for the tests of where credentials may go. ``cli``, ``json_events`` and ``fault`` are plain
helpers:

    from tests.support.fixtures_faults import cli, fault, json_events
"""

from __future__ import annotations

import json

import pytest

from tests.support.faultserver import FAULT_LOG, FaultServer


@pytest.fixture(scope="module")
def server():
    fs = FaultServer().start()
    yield fs
    fs.stop()


@pytest.fixture
def fs(server, monkeypatch):
    server.reset()
    monkeypatch.setenv("GRADIO_TUI_RETRY_BASE", "0.05")
    yield server


@pytest.fixture(scope="module")
def other_server():
    second = FaultServer().start()
    yield second
    second.stop()


@pytest.fixture
def other(other_server):
    other_server.reset()
    yield other_server


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr); never a traceback."""
    from gradio_tui.cli.main import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err
    return code, out, err


def json_events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def fault(name: str) -> None:
    FAULT_LOG.append(name)
