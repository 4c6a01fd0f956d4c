"""The search screen's results table, in its own module: Textual's ``DataTable`` (its import, its
CSS, its first render) is no part of a cold start's first frame. The table is empty then; the
search screen draws a stand-in with the same border and header and mounts this table right after
that frame (issue 16: launch → search screen drawn)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from gradio_tui.tui.cells import clip_cells


class ResultsTable(DataTable):
    HELP = """\
## Search results

Spaces of the Hub that match what you typed (semantic search; keyword matches on the
Space id when that fails).

- **↑/↓** move (the pane below describes the highlighted Space) · **Enter** opens
  it · **ctrl+s** changes the sort (relevance → likes → trending)
"""

    def __init__(self, columns: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        for column in columns:
            self.add_column(column, key=column or "emoji")

    def show(self, results: list[Any]) -> None:
        """These results, one row each, in this order."""
        self.clear()
        for result in results:
            self.add_row(*row_of(result), key=result.id)


def row_of(result: Any) -> tuple:
    """A Space's cells, each cut to its column (the search screen's ``COLUMNS``)."""
    from gradio_tui.core import clip

    def cell(value: Any, limit: int = 40, style: str = "") -> Text:
        return Text(clip_cells(clip(str(value), limit * 2), limit) if value not in (None, "") else "–", style=style)

    stage = result.stage or ""
    stage_style = ("green" if stage.startswith("RUNNING")
                   else "blue" if stage in ("SLEEPING", "STOPPED") else "yellow")
    return (cell(result.emoji, 2), cell(result.id, 36, "bold"), cell(result.title, 24),
            cell(result.likes, 8, "magenta"), cell(stage, 14, stage_style), cell(result.hardware, 14, "dim"),
            cell(result.category, 20, "dim"), cell(result.description, 60))
