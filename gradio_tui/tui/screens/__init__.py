"""Screens: search (the start), connected (one app), and the small modal dialogs."""
