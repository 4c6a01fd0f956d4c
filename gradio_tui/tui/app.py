"""``GradioTuiApp``: the screens, the app-wide bindings, the command palette and the sessions.

Cold start opens on the search screen and touches no network; ``GradioTuiApp(src)`` opens
connected to ``src``. The other screens are imported when first shown, so the search pane is
drawn without loading the connected, debug and history screens (or httpx). Each ``AppScreen``
owns one ``Session``; leaving it closes the session (its running jobs are cancelled on the
server first, by the core).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TypeGuard, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from gradio_tui.tui import debugging
from gradio_tui.tui.debugging import DebuggingActions
from gradio_tui.tui.keymap import (Keymap, config_dir, every_binding, key_label, problems_of, read_keymap,
                                  remapped_keys, remapped_text)
from gradio_tui.tui.options import ConnectOptions
from gradio_tui.tui.recent import load_recent, remember
from gradio_tui.tui.toasts import ToastGate

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from gradio_tui.core import Session
    from gradio_tui.tui.screens.connected import AppScreen
    from gradio_tui.tui.screens.search import SearchScreen, SearchState

GENERIC_HELP = """\
## gradio-tui

Find a Gradio app, call its endpoints, watch what the server does, and copy the call as
curl, Python or JavaScript.

- **ctrl+p** opens the command palette (every action, named `area: action`)
- **F1** (or **?** where no text box has focus) shows the help of the pane you are in
- **ctrl+o** opens another Space or URL · **ctrl+q** (or **q** where no text box has focus) quits
"""


APP_CSS = "app.tcss"


def connected_css() -> list[str | PurePath]:
    """The CSS files of ``gradio-tui URL``: the app's and the connected screen's, read at start.
    A screen whose CSS files are new to the app makes Textual parse every stylesheet again (all
    the widgets' too) and restyle the app when it is pushed: ~10 ms before the first form."""
    from gradio_tui.tui.screens import connected

    def beside(module_file: str, name: str | PurePath) -> Path:
        return (Path(module_file).parent / name).resolve()      # as Textual resolves CSS_PATH

    screen_css = connected.AppScreen.CSS_PATH
    names = screen_css if isinstance(screen_css, list) else [screen_css]
    return [beside(__file__, APP_CSS), *(beside(connected.__file__, name) for name in names)]


HANGUP_CODE = 128 + 1       # 128 + SIGHUP, as a shell reports a process the hang-up ended
CANCEL_WAIT = 3.0           # seconds the /cancel requests get when the TUI leaves
# Young collections every 5,000 new objects (Python's default is 700). A stream's events, log lines
# and the frames' strips live a fraction of a second: at 700 most of them outlived two young
# collections, reached the old generation, and set off a full collection (40-90 ms, a key's wait)
# every ~3,500 events of a stream; at 5,000 most die young: one every ~11,000 events.
GC_YOUNG = 5000


class GradioTuiApp(DebuggingActions, App[int]):
    TITLE = "gradio-tui"
    CSS_PATH = [APP_CSS, "screens/search.tcss"]   # the search screen's too: it can be the default screen,
                                                    # whose own CSS_PATH Textual does not load
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="Help for the focused pane"),
        Binding("question_mark", "key_help", "Help", id="help.question", show=False,
                tooltip="Help (where no text box has focus)"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("q", "key_quit", "Quit", id="quit.q", show=False, tooltip="Quit (where no text box has focus)"),
        Binding("ctrl+o", "open_search", "Open…", id="open.box", show=False, tooltip="The Open box"),
        *debugging.BINDINGS,
    ]

    def __init__(self, src: str | None = None, *, options: ConnectOptions | None = None, session: Session | None = None,
                 remember_targets: bool = True, ephemeral: tuple[str, ...] = ()) -> None:
        super().__init__(css_path=connected_css() if session is not None or src else None)
        self.src = src
        self.connect_options = options or ConnectOptions()
        if self.connect_options.target is None and src:
            self.connect_options.target = src      # --token / --auth are for this target only
        self.initial_session = session
        self.remember_targets = remember_targets
        self.ephemeral = set(ephemeral)      # targets not worth remembering (the demo's port)
        self._session_closers: list[asyncio.Task] = []
        self._left_screen = False            # an app screen was left since the last settle()
        self._leaving = False
        self.toasts = ToastGate(self)        # what apps ask to toast, rate-limited
        self._search_state: SearchState | None = None   # the search a target was last opened from
        self.quit_report = ""                # what quitting did to running calls: said after the screen closes

    def settle(self) -> None:
        """Move what exists now (modules, widgets, the schema) out of the garbage collector's
        sight: a full collection walks every live object, and during a long stream that walk
        was a 240 ms pause every few seconds. Called when a screen is up. After an app screen
        was left, its leftovers are collected first, so frozen garbage cannot pile up."""
        if self._left_screen:
            self._left_screen = False
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
        gc.enable()                          # main.run() starts the TUI with it off

    def get_default_screen(self) -> Screen:
        """A cold start draws the search screen as the base screen: pushing it over Textual's
        blank default cost a second compose and layout (about 50 ms of the first frame)."""
        if self.initial_session is None and not self.src:
            from gradio_tui.tui.screens.search import SearchScreen

            return SearchScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        self.call_after_refresh(self.settle)
        keymap = read_keymap()
        if keymap.bindings:
            self.set_keymap(keymap.bindings)
        if keymap.bindings or keymap.problems:
            self.call_after_refresh(self._report_keymap, keymap)
        if self.initial_session is not None or self.src:
            from gradio_tui.tui.screens.connected import AppScreen

            initial = self.initial_session
            screen = AppScreen(session=initial) if initial is not None else AppScreen(self.src)
            screen.connect_early()           # the app's answers come while the screen composes
            self.push_screen(screen)

    def _report_keymap(self, keymap: Keymap) -> None:
        """A keymap.toml that is wrong says so (after the first frame: it imports every screen)."""
        for problem in problems_of(keymap):
            self.notify(problem, title="keymap.toml", severity="warning", markup=False)

    # --- navigation ----------------------------------------------------------------------------
    def open_target(self, src: str) -> None:
        """Close what is open and connect to ``src``."""
        if self._is_search(self.screen):
            self._search_state = self.screen.state()
        self.run_worker(self._open(src), group="open", exclusive=True)

    def search_state(self) -> SearchState | None:
        """What the nearest search pane shows (else the one a target was last opened from)."""
        for screen in reversed(self.screen_stack):
            if self._is_search(screen):
                return screen.state()
        return self._search_state

    def go_back_from(self, screen: Screen) -> None:
        """Escape on an app screen that did not connect: to the search it was opened from,
        its query and results as they were."""
        stack = self.screen_stack
        if screen is not self.screen:
            return
        if len(stack) >= 2 and self._is_search(stack[-2]):
            self.pop_screen()
        else:
            from gradio_tui.tui.screens.search import SearchScreen

            self.switch_screen(SearchScreen(restore=self.search_state()))

    async def _open(self, src: str) -> None:
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        from gradio_tui.tui.screens.connected import AppScreen

        screen = AppScreen(src)
        if len(self.screen_stack) == 2:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    def action_open_search(self) -> None:
        """ctrl+o: the Open box, beside the search as it was left."""
        if self._is_search(self.screen):
            self.screen.action_focus_open()
            return
        from gradio_tui.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(can_go_back=True, restore=self.search_state(), focus_open=True))

    @staticmethod
    def _is_search(screen: Screen) -> TypeGuard[SearchScreen]:
        """The search screen (known by name: ``gradio-tui URL`` never loads its module unless shown)."""
        return debugging.showing(screen, "search", "SearchScreen")

    def connected(self, screen: AppScreen) -> None:
        """An ``AppScreen`` finished connecting."""
        if self.remember_targets and screen.src and screen.src not in self.ephemeral:
            remember(screen.src, title=screen.session.schema.title if screen.session is not None else None)
        self.call_after_refresh(self.settle)

    # --- sessions ------------------------------------------------------------------------------
    def retire_session(self, session: Session) -> None:
        self._left_screen = True
        async def close() -> None:
            await asyncio.sleep(0.2)          # let cancelled jobs tell the server first
            try:
                await session.aclose()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
            # The next app may have connected (and frozen what was alive) before this closed: what
            # the left screen held is garbage only now, so collect it now, not at the next switch.
            self._left_screen = True
            self.call_later(self.settle)

        self._session_closers.append(asyncio.ensure_future(close()))

    def _app_screens(self) -> list[AppScreen]:
        """The connected apps' screens on the stack (known by name: their module loads on first use)."""
        return [cast("AppScreen", screen) for screen in self.screen_stack
                if debugging.showing(screen, "connected", "AppScreen")]

    async def cancel_runs(self, timeout: float = CANCEL_WAIT) -> None:
        """Ask the server to stop every call still running (``/cancel``), before anything closes."""
        pending = []
        for screen in self._app_screens():
            if screen.session is not None:
                pending += [asyncio.ensure_future(job.cancel()) for job in screen.runner.active_jobs()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def close_sessions(self) -> None:
        await self.cancel_runs()
        for screen in self._app_screens():
            if screen.session is not None:
                self.retire_session(screen.session)
                screen.session = None
        pending = [task for task in self._session_closers if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=3)

    def running_calls(self) -> int:
        return sum(len(screen.runner.active_jobs()) for screen in self._app_screens())

    async def action_quit(self, return_code: int = 0) -> None:
        """ctrl+q: with calls running, ask first; yes cancels them on the server, then quits."""
        from gradio_tui.tui.screens.confirm import QuitConfirm, running_words

        if isinstance(self.screen, QuitConfirm):           # ctrl+q twice: yes
            self.screen.dismiss(True)
            return
        running = self.running_calls()
        if not running:
            await self.quit_now(return_code)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.quit_report = f"cancelled {running_words(running).replace(' running', '')} on the server"
                self.run_worker(self.quit_now(return_code), group="leave", exit_on_error=False)

        self.push_screen(QuitConfirm(running), answered)

    async def quit_now(self, return_code: int = 0) -> None:
        """Cancel the running calls on the server, close the sessions, exit."""
        await self.close_sessions()
        self.exit(return_code=return_code)

    # --- the terminal going away -------------------------------------------------------------------
    def get_driver_class(self) -> type:
        """Textual's Linux driver, taught to notice a hung-up terminal (``tui.terminal``)."""
        driver = super().get_driver_class()
        if (driver.__module__, driver.__name__) == ("textual.drivers.linux_driver", "LinuxDriver"):
            from gradio_tui.tui.terminal import HangupDriver  # (imports termios: Linux and macOS only)

            return HangupDriver
        return driver

    def leave(self, return_code: int) -> None:
        """Quit from outside a key press (a signal, a lost terminal): calls cancelled, sessions closed."""
        if self._leaving:
            return
        self._leaving = True
        self.run_worker(self.quit_now(return_code), group="leave", exit_on_error=False)

    def hang_up(self) -> None:
        """SIGHUP, or the terminal is gone: leave with 129, as a shell reports a hung-up process."""
        self.leave(HANGUP_CODE)

    terminal_lost = hang_up      # what ``HangupDriver`` calls, on this app's loop

    # --- help and the palette ----------------------------------------------------------------------
    def action_help(self) -> None:
        from gradio_tui.tui.screens.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        markdown = None
        node: DOMNode | None = self.focused
        while node is not None and markdown is None:
            markdown = getattr(node, "HELP", None)
            node = node.parent
        markdown = markdown or getattr(self.screen, "HELP", None) or GENERIC_HELP
        keys: list[tuple[str, str]] = []
        seen = set()
        here = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or not (binding.show or binding.id):
                continue                   # hidden ones only if ours (an id): F3, ?, ↑/↓ in a number
            here.append(binding.id)
            what = binding.tooltip or binding.description
            if what in seen:
                continue
            seen.add(what)
            keys.append((self.get_key_display(binding), what))
        keys.append(("ctrl+p", "Command palette"))
        markdown = remapped_text(markdown, self, [info for info in every_binding(load=False) if info.id in here])
        self.push_screen(HelpScreen(markdown, keys, self._binding_table, str(config_dir() / "keymap.toml")))

    def _binding_table(self) -> list[tuple[str, str, str]]:
        """Every binding id, its keys now and what it does (F1's table; run in a thread)."""
        return [(info.id, key_label(self, self._keymap.get(info.id, info.keys)), info.description)
                for info in every_binding()]

    def _typing(self) -> bool:
        """A text box has focus: its printable keys are text, never a command."""
        from textual.widgets import Input, TextArea

        focused = self.focused
        return isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "key_help":
            return not self._typing()
        if action == "key_quit":       # a dialog is left with Escape, never by quitting from it
            return not self._typing() and not self.screen.is_modal
        return True

    def action_key_help(self) -> None:
        self.action_help()

    async def action_key_quit(self) -> None:
        await self.action_quit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Ours and the screen's commands; a description naming a remapped key names its keys now."""
        here = {active.binding.id for active in screen.active_bindings.values() if active.binding.id}
        remapped = [info for info in every_binding(load=False) if info.id in here and info.id in self._keymap]
        for command in self._system_commands(screen):
            yield command._replace(help=remapped_keys(command.help, self, remapped)) if remapped else command

    def _system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from gradio_tui.tui.format import safe      # (the event model under it: not for the first frame)

        yield from super().get_system_commands(screen)
        yield SystemCommand("space: open…", "Search the Hub or type a Space id / URL (ctrl+o)",
                            self.action_open_search)
        for item in load_recent()[:10]:
            yield SystemCommand(f"space: open recent {safe(item)}", "Connect to it again",
                                lambda item=item: self.open_target(item))
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        yield from debugging.system_commands(self, screen)
        yield SystemCommand("help: this pane", "F1", self.action_help)
