"""The headless command line: one module a group of commands; ``main`` parses and dispatches.
"""
