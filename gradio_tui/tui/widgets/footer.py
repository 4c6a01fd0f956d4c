"""``AppFooter``: Textual's ``Footer`` whose keys are styled once when it is rebuilt.

The footer is rebuilt whenever the keys that apply change (a screen shown, the focus moved,
connected). Each of its keys is a ``FooterKey`` whose ``compact`` starts True and is then bound
to the footer's (False): on mount the key took the ``-compact`` class and lost it again, and each
class change restyled it. With fifteen keys that was thirty restyles per rebuild, two rebuilds
before the first form (issue 16: launch → form). A bound key starts with the footer's value, so
it mounts as it ends up (the command palette's key, not bound, keeps ``-compact``); the look is
the same.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    def compose(self) -> ComposeResult:
        unbound = bool(getattr(FooterKey.compact, "_default", True))    # the command palette's key keeps it
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                bound = "compact" in (widget._reactive_connect or {})
                compact = self.compact if bound else unbound              # what it will end up with
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
