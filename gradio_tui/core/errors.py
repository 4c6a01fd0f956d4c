"""Errors at the core boundary: values with a message a person can act on.

Each carries the exit code of ``docs/cli.md`` so the CLI never has to guess, and a
``kind`` that ``call --json`` reports in its ``error`` event.
"""

from __future__ import annotations

HIDDEN_ERROR = "the app hides error details (it was not launched with show_error=True)"


class GradioTuiError(Exception):
    """Base class. ``str(err)`` is the message shown to the user."""

    exit_code = 3
    kind = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


# --- cannot use the target (exit 3) -------------------------------------------------------
class TargetError(GradioTuiError):
    """The target cannot be used at all."""

    exit_code = 3
    kind = "target"


class ConnectError(TargetError):
    kind = "connect"


class NotGradioError(TargetError):
    kind = "not_gradio"


class UnsupportedVersion(TargetError):
    kind = "unsupported"


class BadConfig(TargetError):
    """The app's config names something off its own origin (an ``api_prefix`` with ``@``…)."""

    kind = "bad_config"


class AuthRequired(TargetError):
    kind = "auth"


class LoginRequired(AuthRequired):
    """The app itself asks for its username and password (``auth=``), not the Hub for a token."""


class SpaceNotFound(TargetError):
    kind = "space_not_found"


class SpaceNotRunning(TargetError):
    """A Space in a stage that cannot serve calls (paused, broken, deleting…)."""

    kind = "space_stage"

    def __init__(self, message: str, *, stage: str, error_message: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.stage = stage
        self.error_message = error_message


class HubError(TargetError):
    kind = "hub"


class RateLimited(HubError):
    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


# --- usage (exit 2) -------------------------------------------------------------------------
class UsageError(GradioTuiError):
    exit_code = 2
    kind = "usage"


class UnknownEndpoint(UsageError):
    kind = "unknown_endpoint"


class ArgumentError(UsageError):
    """An argument the form rules reject before anything is sent."""

    kind = "validation"

    def __init__(self, message: str, *, param: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.param = param


# --- the app ran the call and reported an error (exit 1) ---------------------------------------
class CallFailed(GradioTuiError):
    exit_code = 1
    kind = "app"

    def __init__(self, message: str | None, *, title: str | None = None, kind: str = "app",
                 details: object = None) -> None:
        super().__init__(message or HIDDEN_ERROR)
        self.app_message = message
        self.title = title
        self.kind = kind
        self.details = details


class QueueFull(GradioTuiError):
    """503 on join: the app's queue is at ``max_size``. Nothing ran; try again later."""

    exit_code = 3
    kind = "queue_full"


# --- timed out / stream dropped (exit 4) ------------------------------------------------------
class StreamError(GradioTuiError):
    exit_code = 4
    kind = "stream"


class TimeoutError_(StreamError):
    kind = "timeout"
