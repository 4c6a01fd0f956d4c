"""Shared pytest configuration.

Fixture plugins live in their own modules; add yours to ``pytest_plugins``.
"""

from __future__ import annotations

import pytest

# --- Gradio servers ---
# gradio_server (params g6/g5/g4), gradio6, gradio_server_pool: see tests/fixtures_servers.py
# --- Hub stand-in ---
# hub_stub and friends: see tests/fixtures_hub.py
# --- Fault server (hardening tests) ---
# server (one per module), fs: see tests/fixtures_faults.py
pytest_plugins = ["tests.fixtures_servers", "tests.fixtures_hub", "tests.fixtures_faults"]


@pytest.fixture(autouse=True, scope="session")
def _private_user_dirs(tmp_path_factory):
    """History, settings and recent targets go to a temporary home, never the user's; no
    token from the machine leaks into a test."""
    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("userdirs")
    mp.setenv("XDG_DATA_HOME", str(base / "data"))
    mp.setenv("XDG_CONFIG_HOME", str(base / "config"))
    mp.setenv("XDG_CACHE_HOME", str(base / "cache"))
    mp.setenv("HF_HOME", str(base / "hf"))
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
