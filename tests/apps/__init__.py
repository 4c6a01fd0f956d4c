"""Real Gradio apps the tests serve on 127.0.0.1.

Each module exposes ``build()`` returning a Blocks, and may set ``MOUNT_KWARGS``
(extra ``gr.mount_gradio_app`` keyword arguments, e.g. ``auth``).  The modules must
run unchanged on gradio 4.44.1, 5.50.0 and 6.31.0 and import nothing but gradio
(and what gradio itself depends on): ``serve.py`` runs them in compat venvs that
have neither pytest nor gradio_tui.  Version differences live in ``_compat``.
"""

#: Every app, in the order serve.py mounts them (its sub-path is its name).  No name may
#: shadow a gradio 4.x root route (queue, info, config, call, upload, file=, login, …):
#: serve.py also mounts an app at /, and its routes would be swallowed by such a mount.
APP_NAMES = (
    "basic",
    "gen",
    "progress",
    "state",
    "widgets",
    "files",
    "errors",
    "errors_shown",
    "queued",
    "auth",
    "visibility",
    "chat",
    "busychat",
    "batch",
    "pages",
    "oauth",
    "oddnames",
    "realworld",
    "chatflag",
    "filevalues",
    "events",
    "mcp_tools",
    "images",
)
