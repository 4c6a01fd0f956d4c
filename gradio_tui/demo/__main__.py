"""``python -m gradio_tui.demo --port N``: serve the demo app on 127.0.0.1 (offline)."""

from __future__ import annotations

import sys

from gradio_tui.demo.serve import main

if __name__ == "__main__":
    sys.exit(main())
