"""Widgets of the TUI; each takes core objects in and posts messages out."""
