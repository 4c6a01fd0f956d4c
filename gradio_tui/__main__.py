"""``python -m gradio_tui``: the same as the ``gradio-tui`` command."""

import sys

from gradio_tui.cli.main import main

sys.exit(main())
