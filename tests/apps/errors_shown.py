"""The errors app mounted with show_error=True (plain exceptions are exposed)."""

from __future__ import annotations

from .errors import build  # noqa: F401

MOUNT_KWARGS = {"show_error": True}
