"""Retrying a call's ``queue/join``, only where it is safe and only when asked (``--retries N``).

Safe means the app cannot have started the job: the connection was refused, reset or timed out
while connecting, or the app answered 429 (rate limited) or 503 (queue full). Never a gr.Error,
a validation error (422) or any other answer: those would fail again, or run twice.

Waits grow exponentially (``base`` · 2^(attempt-1), at most ``max_wait``); a ``Retry-After``
header is honoured as the wait, and one longer than ``max_wait`` ends the retries at once.
``GRADIO_TUI_RETRY_BASE`` sets ``base`` (the tests make it short).
"""

from __future__ import annotations

import email.utils
import os
import time
from dataclasses import dataclass

import httpx

DEFAULT_BASE = 1.0
DEFAULT_MAX_WAIT = 60.0

# Transport errors after which the request cannot have reached the app's queue, or the
# connection died before an answer (a reset): gradio_client's retry set, minus read timeouts.
RETRYABLE_TRANSPORT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadError, httpx.WriteError,
                       httpx.RemoteProtocolError)
RETRYABLE_STATUS = {429: "rate limited (HTTP 429)", 503: "queue full (HTTP 503)"}


def default_base() -> float:
    try:
        return max(0.0, float(os.environ.get("GRADIO_TUI_RETRY_BASE", DEFAULT_BASE)))
    except ValueError:
        return DEFAULT_BASE


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After``: seconds, or an HTTP date; ``None`` when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, seconds) if seconds == seconds else None   # NaN → unreadable


@dataclass
class RetryPolicy:
    retries: int = 0
    base: float = DEFAULT_BASE
    max_wait: float = DEFAULT_MAX_WAIT

    @classmethod
    def of(cls, retries: int | RetryPolicy | None) -> RetryPolicy:
        if isinstance(retries, RetryPolicy):
            return retries
        return cls(retries=max(0, int(retries or 0)), base=default_base())

    def wait(self, attempt: int, retry_after: float | None = None) -> float | None:
        """Seconds before try ``attempt + 1`` (``attempt`` ≥ 1 failed), or ``None``: stop."""
        if attempt > self.retries:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_wait else None
        return min(self.max_wait, self.base * 2.0 ** (attempt - 1))


def transport_reason(err: Exception) -> str | None:
    """Why a transport error may be retried (``None``: it may not)."""
    if isinstance(err, (httpx.ConnectError, httpx.ConnectTimeout)):
        return f"cannot connect ({type(err).__name__})"
    if isinstance(err, RETRYABLE_TRANSPORT):
        return f"connection reset ({type(err).__name__})"
    return None
