"""How the TUI connects, and which of the command line's credentials apply to which target.

``gradio-tui --token T --auth u:p URL1`` gives T and the password for URL1: for its origin
(scheme, host, port), or for a Space id, for that Space. The TUI then opens other targets (the
open box, recent, history, search); none of them gets T or the password. They get what applies to
them alone: ``Session.connect(token=None)`` finds the environment's HF token, which the core sends
only to the Hub and ``*.hf.space``. With no SRC on the command line, ``--token`` is an HF token
like the environment's: for the Hub and Spaces, never for another app; ``--auth`` then names no
app and applies to none. The environment's ``GRADIO_USERNAME`` / ``GRADIO_PASSWORD`` likewise go only to
the command line's target (when it asks for a login), never to an app opened later.

What the user types into the TUI's credentials dialog (``ConnectOptions.remember``) is kept the
same way: in memory, for the scope of the target it was typed for (its origin, or that Space),
until the TUI quits; it wins over the command line's for that scope and reaches no other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Credentials:
    """What one target may get: the HF token and ``USER:PASS`` (None: the core's own rules)."""

    token: str | None = None
    auth: str | tuple[str, str] | None = None
    env_login: bool = False          # GRADIO_USERNAME / GRADIO_PASSWORD: for the command line's target only


def scope_of(src: str) -> tuple[object, ...] | None:
    """The scope credentials are given for: ``("space", id)``, or ``("origin", scheme, host,
    port)`` (``core.auth.origin_of``); None when ``src`` is not a target."""
    from gradio_tui.core import GradioTuiError, origin_of, parse_target

    try:
        target = parse_target(src)
    except (GradioTuiError, ValueError):
        return None
    if target.space_id:
        return ("space", target.space_id.lower())
    origin = origin_of(target.url or "")
    return ("origin", *origin) if origin is not None else None


def is_hf_target(src: str) -> bool:
    """A Space id, a Space page or a ``*.hf.space`` URL: where an HF token is meant to go."""
    from gradio_tui.core import is_hf_space_host

    scope = scope_of(src)
    if scope is None:
        return False
    return scope[0] == "space" or is_hf_space_host(f"{scope[1]}://{scope[2]}")


@dataclass
class ConnectOptions:
    token: str | None = None
    auth: str | None = None
    timeout: float = 30.0
    wait: float = 300.0
    target: str | None = None        # the SRC given on the command line: what token and auth are for
    typed: dict[tuple[object, ...], Credentials] = field(default_factory=dict, repr=False)   # scope → typed

    def for_target(self, src: str) -> Credentials:
        """The credentials that apply to ``src``: typed in the TUI for its scope, else the command
        line's (see the module's note)."""
        given = self._given(src)
        typed = self.typed.get(scope_of(src) or ("none",))
        if typed is None:
            return given
        return replace(given, token=typed.token or given.token, auth=typed.auth or given.auth)

    def _given(self, src: str) -> Credentials:
        if self.target is None:
            return Credentials(token=self.token if self.token and is_hf_target(src) else None)
        mine = scope_of(self.target)
        if mine is not None and scope_of(src) == mine:
            return Credentials(token=self.token, auth=self.auth, env_login=True)
        return Credentials()

    def remember(self, src: str, *, token: str | None = None, login: tuple[str, str] | None = None) -> bool:
        """Keep what the user typed for ``src``'s scope, in memory for the session (False: not a target)."""
        scope = scope_of(src)
        if scope is None:
            return False
        had = self.typed.get(scope, Credentials())
        self.typed[scope] = Credentials(token=token or had.token, auth=login or had.auth)
        return True

    def forget(self, src: str) -> None:
        """Drop what was typed for ``src``'s scope (it was refused)."""
        self.typed.pop(scope_of(src) or ("none",), None)

    def typed_for(self, src: str) -> bool:
        return (scope_of(src) or ("none",)) in self.typed

    def hub_token(self) -> str | None:
        """``--token`` for the Hub itself (search, Space info): when it was given for a Space or
        for no target; else None (the caller falls back to the environment's)."""
        if self.target is None or is_hf_target(self.target):
            return self.token
        return None
