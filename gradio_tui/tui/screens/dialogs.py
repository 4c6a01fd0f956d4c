"""Small modal screens: pick a file, choose where to save, and the F1 help."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Static

from gradio_tui.core import plain


class FilePicker(ModalScreen[str | None]):
    """A directory tree and a path box; Enter on a file (or on the box) picks it. The tree
    starts by the path given last and can go up to the parent folder (Backspace, *↑ Parent*)
    and to the home folder (``~``, *~ Home*)."""

    DEFAULT_CSS = """
    FilePicker .picker-places { height: auto; margin: 0 0 1 0; }
    FilePicker .picker-places Button { width: auto; margin: 0 2 0 0; }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("backspace", "parent", "Parent folder", id="picker.parent"),
        Binding("tilde", "home", "Home", id="picker.home"),
    ]

    def __init__(self, current: str = "") -> None:
        super().__init__(classes="dialog-screen")
        start = Path(os.path.expanduser(current)).parent if current and not current.startswith("http") else Path.cwd()
        self.start = start if start.is_dir() else Path.cwd()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog file-picker"):
            yield Static(self._title(self.start), id="picker-title", classes="dialog-title")
            with Horizontal(classes="picker-places"):
                yield Button("↑ Parent  ⌫", id="picker-parent", compact=True)
                yield Button("~ Home", id="picker-home", compact=True)
            yield DirectoryTree(str(self.start), id="picker-tree")
            yield Input(plain(self.current), placeholder="or type a path / URL and press Enter", id="picker-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Pick", variant="primary", id="picker-ok", compact=True)
                yield Button("Cancel", id="picker-cancel", compact=True)

    @staticmethod
    def _title(folder: Path) -> Text:
        title = Text("Pick a file  ", style="bold")
        title.append(plain(str(folder)), style="dim")
        return title

    def on_mount(self) -> None:
        self.query_one("#picker-tree").focus()

    @property
    def folder(self) -> Path:
        """The folder the tree shows."""
        return Path(self.query_one("#picker-tree", DirectoryTree).path)

    def show_folder(self, folder: Path) -> None:
        tree = self.query_one("#picker-tree", DirectoryTree)
        tree.path = folder
        self.query_one("#picker-title", Static).update(self._title(folder))
        tree.focus()

    def action_parent(self) -> None:
        folder = self.folder.resolve()
        if folder.parent == folder:
            self.app.notify(f"{plain(str(folder))} is the top folder.", timeout=2, markup=False)
            return
        self.show_folder(folder.parent)

    def action_home(self) -> None:
        self.show_folder(Path.home())

    @on(Button.Pressed, "#picker-parent")
    def _parent_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_parent()

    @on(Button.Pressed, "#picker-home")
    def _home_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_home()

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(str(event.path))

    @on(Input.Submitted, "#picker-path")
    @on(Button.Pressed, "#picker-ok")
    def _ok(self) -> None:
        value = self.query_one("#picker-path", Input).value.strip()
        self.dismiss(value or None)

    @on(Button.Pressed, "#picker-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def absolute(path: str) -> Path:
    """``path`` as the file system will take it: ``~`` expanded, relative to the working folder."""
    return Path(os.path.abspath(os.path.expanduser(path.strip())))


class SaveDialog(ModalScreen[str | None]):
    """Ask where to save; the answer is the absolute path (Enter) or None (Escape).

    The default is shown as an absolute path, so the user sees where a bare name would land.
    A file that exists is not replaced silently: the first Enter says so, a second one (or
    *Overwrite*) confirms; a symbolic link is not written through at all (a link planted in a
    shared folder would take the text anywhere). ``folder=True`` asks for a folder, which may
    well exist (and be a link: the core's download never follows one for a file)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, default: str, *, folder: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.default = str(absolute(default)) if default else ""
        self.folder = folder
        self._confirmed: Path | None = None     # the existing file a second Enter replaces

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog save-dialog"):
            yield Static(Text(plain(self.title_text), style="bold"), classes="dialog-title")
            yield Input(plain(self.default), id="save-path")
            yield Static("", id="save-warning")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save-ok", compact=True)
                yield Button("Cancel", id="save-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save-path", Input).focus()

    @on(Input.Changed, "#save-path")
    def _edited(self) -> None:
        if self._confirmed is not None:
            self._confirmed = None
            self.query_one("#save-warning", Static).update("")
            self.query_one("#save-ok", Button).label = "Save"

    @on(Input.Submitted, "#save-path")
    @on(Button.Pressed, "#save-ok")
    def _ok(self) -> None:
        value = self.query_one("#save-path", Input).value.strip()
        if not value:
            self.dismiss(None)
            return
        target = absolute(value)
        try:
            exists, is_dir = target.exists(), target.is_dir()
            link = os.readlink(target) if target.is_symlink() else None
        except (OSError, ValueError):      # a name too long, a NUL: writing it says why
            exists = is_dir = False
            link = None
        if link is not None and not self.folder:   # planted in a shared folder, or dangling: not followed
            self._warn(f"{target} is a symbolic link (to {link}): type another name.")
            return
        if self.folder or not exists or target == self._confirmed:
            self.dismiss(str(target))
            return
        if is_dir:
            self._warn(f"{target} is a folder: type a file name.")
            return
        self._confirmed = target
        self._warn(f"{target} exists. Enter again (or Overwrite) replaces it; Escape cancels.")
        self.query_one("#save-ok", Button).label = "Overwrite"

    def _warn(self, message: str) -> None:
        self.query_one("#save-warning", Static).update(Text(plain(message), style="bold yellow"))

    @on(Button.Pressed, "#save-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def write_text_file(app: App[Any], path: str, text: str) -> Path | None:
    """Write ``text`` to ``path`` (its folders made); the toast names the absolute path."""
    target = absolute(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)   # never through a link
        with os.fdopen(os.open(target, flags, 0o644), "w", encoding="utf-8") as handle:
            handle.write(text)
    except (OSError, ValueError) as err:
        why = getattr(err, "strerror", None) or err
        app.notify(plain(f"Cannot save {target}: {why}"), severity="error", markup=False)
        return None
    app.notify(plain(f"Saved {target}"), title="Saved", markup=False)
    return target


def save_text(app: App[Any], title: str, default: str, text: str) -> None:
    """Ask where with ``SaveDialog`` (``default``: a file name or path), then write ``text`` there."""

    def chosen(path: str | None) -> None:
        if path:
            write_text_file(app, path, text)

    app.push_screen(SaveDialog(title, default), chosen)


class HelpScreen(ModalScreen[None]):
    """F1 (or ``?``): the help of the focused pane, the keys that work here, then every binding
    id with its keys now, and where ``keymap.toml`` lives: what a user needs to remap one."""

    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss(None)", "Close", id="help.close")]

    def __init__(self, markdown: str, keys: list[tuple[str, str]],
                 bindings: Callable[[], list[tuple[str, str, str]]] | None = None, keymap_file: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.markdown = markdown
        self.keys = keys
        self.bindings_source = bindings
        self.bindings: list[tuple[str, str, str]] = []
        self.keymap_file = keymap_file

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown  # markdown-it is ~60 ms of imports: loaded when help is first shown

        with Vertical(classes="dialog help-dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(self.markdown, id="help-text")
                lines = Text()
                for key, description in self.keys:
                    lines.append(f"{key:>14}  ", style="bold cyan")
                    lines.append(description + "\n")
                yield Static(Text("Keys here", style="bold"), classes="dialog-title")
                yield Static(lines, id="help-keys")
                if self.bindings_source is not None:
                    yield Static(Text("Every binding (remap it in keymap.toml)", style="bold"), classes="dialog-title")
                    yield Static(Text("…", style="dim"), id="help-bindings")
            yield Static(Text("Escape, F1 or ? closes · ctrl+p opens the command palette", style="dim"),
                         classes="dialog-footer")

    def on_mount(self) -> None:
        if self.bindings_source is not None:
            self.run_worker(self._gather, thread=True, group="help-bindings", exit_on_error=False)

    def _gather(self) -> None:
        """The table imports every screen to find their bindings: in a thread, so F1 opens at once."""
        assert self.bindings_source is not None
        rows = self.bindings_source()
        self.app.call_from_thread(self._show_table, rows)

    def _show_table(self, rows: list[tuple[str, str, str]]) -> None:
        self.bindings = rows
        self.query_one("#help-bindings", Static).update(self._table())

    def _table(self) -> Text:
        width = max((len(binding_id) for binding_id, _, _ in self.bindings), default=8)
        table = Text()
        for binding_id, keys, description in self.bindings:
            table.append(f"{binding_id:<{width}}  ", style="bold")
            table.append(f"{keys:<14} ", style="cyan")
            table.append(plain(description) + "\n", style="dim")
        table.append("\nThe file: ", style="bold")
        table.append(plain(self.keymap_file) or "keymap.toml in the user config folder")
        table.append("\nOne line per binding id, its keys comma-separated, e.g.\n", style="dim")
        table.append('    run = "f9,ctrl+r"\n    help = "f1"\n', style="green")
        table.append("Read at start; a wrong key name or id is reported then.", style="dim")
        return table
