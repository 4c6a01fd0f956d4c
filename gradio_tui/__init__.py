"""gradio-tui: explore and call Gradio apps and Hugging Face Spaces from a terminal."""

__version__ = "0.1.0"
