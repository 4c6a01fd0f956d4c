"""The Textual face of gradio-tui: search → endpoints → form → live run → export.

Everything here calls ``gradio_tui.core``; nothing here builds an HTTP request.
"""
