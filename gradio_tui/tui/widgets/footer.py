"""``AppFooter``: Textual's ``Footer``, rebuilt only when the keys it shows change, its keys styled once.

The footer is rebuilt whenever the keys that apply change (a screen shown, the focus moved,
connected). Each of its keys is a ``FooterKey`` whose ``compact`` starts True and is then bound
to the footer's (False): on mount the key took the ``-compact`` class and lost it again, and each
class change restyled it. With fifteen keys that was thirty restyles per rebuild, two rebuilds
before the first form (issue 16: launch → form). A bound key starts with the footer's value, so
it mounts as it ends up (the command palette's key, not bound, keeps ``-compact``); the look is
the same.

The footer is told to rebuild on every change of the bindings that apply, also when the keys it
shows stay the same (the focus moving from one field to the next): it rebuilds only when what it
would show differs from what it shows (``shown_keys``). ``refresh_keys`` rebuilds it now, so that
a frame held for the first form shows that form's keys.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def shown_keys(self) -> tuple[Any, ...]:
        """Everything ``Footer.compose`` reads: the shown bindings, enabled or not, and the options."""
        keys = tuple((binding.key, binding.action, binding.description, binding.group, enabled, tooltip,
                      self.app.get_key_display(binding))
                     for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                     if binding.show or binding.action == "command_palette")
        return keys, self.compact, self.show_command_palette, self.combine_groups, self.app.ENABLE_COMMAND_PALETTE

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self.shown_keys() == self._shown:
            return                          # the same keys: nothing to rebuild
        await super().recompose()

    async def refresh_keys(self) -> None:
        """Rebuild now if the keys changed (else at the next refresh, as Textual's footer does);
        on the footer's own queue, where its keys are bound to it."""
        self._bindings_ready = True
        done = asyncio.Event()

        async def rebuild() -> None:
            try:
                await self.recompose()
            finally:
                done.set()

        if self.call_later(rebuild):
            await done.wait()

    def compose(self) -> ComposeResult:
        self._shown = self.shown_keys() if self._bindings_ready else None
        unbound = bool(getattr(FooterKey.compact, "_default", True))    # the command palette's key keeps it
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                bound = "compact" in (widget._reactive_connect or {})
                compact = self.compact if bound else unbound              # what it will end up with
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
