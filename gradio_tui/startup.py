"""What start-up can do without, taken out before anything imports it.

httpx's ``__init__`` imports its own command-line client (``httpx._main``: click, pygments,
rich.progress; ~50 ms here, ~100 ms on a loaded machine) whenever click happens to be installed,
and gradio-tui never runs that client. Marking the module absent makes httpx define its stub
``main`` instead. Imported first by ``cli.py``; a process that imported httpx before keeps it.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not importable"
