"""Text whose width Rich and the terminal agree on, for table cells.

Rich measures ``❤️`` (a heart and VS16) as one cell and ``👩‍💻`` (woman, ZWJ, laptop) as four;
terminals draw two of each, so a Space title with one pushed the results table's border out
of line. A cell keeps the first emoji of a ZWJ sequence and drops the marks whose width is
disputed (variation selectors, skin tones, keycaps, tag characters); text is already
``textsafe.plain``.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size

# A ZWJ and what it joins; the selectors, skin-tone modifiers, combining keycap and tag characters.
_DISPUTED = re.compile("\u200d.?|[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]", re.DOTALL)


def cell_safe(text: str) -> str:
    """``text`` without the sequences that terminals and Rich measure differently."""
    return _DISPUTED.sub("", text)


def clip_cells(text: str, width: int) -> str:
    """``text`` (made ``cell_safe``) in at most ``width`` cells, an ellipsis where it was cut."""
    text = cell_safe(text)
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"
