"""The bundled demo Gradio app that ``gradio-tui --demo`` starts (needs the ``demo`` extra)."""
