"""Gradio's wire protocol (4.x, 5.x, 6.x): config and API info, components, payloads, files, the SSE streams and
the typed events they carry.
"""
