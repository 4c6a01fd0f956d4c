"""Shared pytest configuration.

Fixture plugins live in their own modules; add yours to ``pytest_plugins``.
"""

from __future__ import annotations

import pytest

# --- Gradio servers ---
# gradio_server (params g6/g5/g4), gradio6, gradio_server_pool: see tests/support/fixtures_servers.py
# --- Hub stand-in ---
# hub_stub and friends: see tests/support/fixtures_hub.py
# --- Fault server (hardening tests) ---
# server (one per module), fs: see tests/support/fixtures_faults.py
pytest_plugins = ["tests.support.fixtures_servers", "tests.support.fixtures_hub", "tests.support.fixtures_faults"]


@pytest.fixture(autouse=True, scope="session")
def _private_user_dirs(tmp_path_factory):
    """History, settings and recent targets go to a temporary home, never the user's; no
    token from the machine leaks into a test, and no test writes the system clipboard."""
    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("userdirs")
    mp.setenv("XDG_DATA_HOME", str(base / "data"))
    mp.setenv("XDG_CONFIG_HOME", str(base / "config"))
    mp.setenv("XDG_CACHE_HOME", str(base / "cache"))
    mp.setenv("HF_HOME", str(base / "hf"))
    mp.setenv("GRADIO_TUI_NO_SYSTEM_CLIPBOARD", "1")   # copies go to OSC 52 and app.clipboard, not the user's
    mp.setenv("GRADIO_TUI_IMAGES", "halfblocks")      # the same pictures (and snapshots) inside kitty or foot
    for var in (
        "HF_TOKEN",
        "HUGGING_FACE_HUB_TOKEN",
        "HF_TOKEN_PATH",
        "GRADIO_USERNAME",
        "GRADIO_PASSWORD",
    ):
        mp.delenv(var, raising=False)
    yield base
    mp.undo()


LAYERS = ("core", "cli", "hub", "tui")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The layer marker comes from the folder (``-m tui``); ``compat`` from the server a test
    runs on (``-m "not compat"`` runs against Gradio 6 only)."""
    for item in items:
        layer = item.path.parent.name
        if layer in LAYERS:
            item.add_marker(layer)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and str(callspec.params.get("gradio_server", "6")) in ("4", "5"):
            item.add_marker("compat")
