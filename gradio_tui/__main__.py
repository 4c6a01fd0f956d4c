import sys

from gradio_tui.cli.main import main

sys.exit(main())
