"""The issue's targets as measured in one run: the benches ``check`` each, ``run.py`` writes the table.

A module of its own because ``run.py`` runs as ``__main__``: a list kept there would be a second
copy for ``tui_bench``, which imports it as ``benchmarks.run``.
"""

from __future__ import annotations

TARGETS: list[tuple[str, str, str, bool]] = []     # (what, target, measured, met)


def check(what: str, target: str, measured: str, met: bool) -> None:
    TARGETS.append((what, target, measured, met))


def targets_section() -> list[str]:
    lines = ["| what | target | measured | met |", "|---|---|---|---|"]
    lines += [f"| {what} | {target} | {measured} | {'yes' if met else '**no**'} |"
              for what, target, measured, met in TARGETS]
    return lines
