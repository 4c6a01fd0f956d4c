"""The errors app mounted with show_error=True (plain exceptions are exposed)."""

from __future__ import annotations

from tests.apps.errors import build  # noqa: F401 - re-exported: serve.py mounts each module's build()

MOUNT_KWARGS = {"show_error": True}
