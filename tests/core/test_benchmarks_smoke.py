"""The benchmarks still run (one small round each); their figures are not judged here.

The speed targets live in ``benchmarks/`` (``python benchmarks/run.py`` writes RESULTS.md):
timed assertions in the test run would fail on a busy machine for no fault of the code.
"""

from __future__ import annotations

import pytest

from benchmarks import targets, tui_bench


@pytest.fixture
def fresh_targets(monkeypatch):
    monkeypatch.setattr(targets, "TARGETS", [])
    return targets.TARGETS


def test_ready_form_bench_runs_in_a_pty(gradio6, fresh_targets):
    """``gradio-tui URL`` in a pty reaches its drawn form, the search screen and the floor draw."""
    lines = tui_bench.bench_ready_form(gradio6.url("basic"), runs=1)
    table = "\n".join(lines)
    assert "`gradio-tui URL` → form drawn" in table and "floor: minimal Textual app" in table
    assert [what for what, *_ in fresh_targets] == ["launch → search screen drawn",
                                                    "launch with a local app → its form drawn"]


async def test_view_benches_run_headless(gradio6):
    """§5e switches endpoints on the 300-endpoint app; §5f waits for a 1024×1024 picture."""
    from benchmarks import tui_views_bench

    switches = await tui_views_bench.switch_times(2)
    shown = await tui_views_bench.image_times(gradio6.url("images"), rounds=1)
    assert len(switches) == 2 and len(shown) == 1
