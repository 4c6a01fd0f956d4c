"""The protocol core: targets, schema, sessions, events, snippets, history.

Nothing under ``core`` imports Textual; the TUI and the CLI are two faces over it.
"""
