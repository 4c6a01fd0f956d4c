"""Submitting calls and driving their jobs: the one place the TUI talks to ``Session.submit``.

``Runner.submit`` validates through the core (``ArgumentError`` comes back to the form) and
starts a worker per run that drives the job (which folds its events into its ``CallState`` and
records the call when it ends) and keeps them in its ``RunState``; the run panel's timer does
the drawing. gr.Info / Warning / Error log events become toasts here (through the app's ``ToastGate``:
a flood of them is counted, not shown one by one).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from gradio_tui.core import Endpoint, GradioTuiError, LogEvent, StreamError, plain
from gradio_tui.tui.runs import RunState

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from gradio_tui.core import Job, Session
    from gradio_tui.tui.screens.connected import AppScreen

YIELD_EVERY = 50          # events handled between two yields to the event loop
TOAST_SEVERITY: dict[str, SeverityLevel] = {"info": "information", "success": "information", "warning": "warning",
                                            "error": "error"}


class Runner:
    def __init__(self, screen: AppScreen) -> None:
        self.screen = screen
        self.count = 0

    @property
    def session(self) -> Session | None:
        return self.screen.session

    def submit(self, endpoint: Endpoint, args: list[Any] | None, kwargs: dict[str, Any] | None,
               event_data: dict[str, Any] | None = None) -> RunState:
        """Start a call; raises ``ArgumentError`` (bad value) or another ``GradioTuiError``."""
        session = self.session
        if session is None:
            raise GradioTuiError("not connected yet")
        job = session.submit(endpoint, args or [], kwargs or {}, allow_private=endpoint.visibility == "private",
                             event_data=event_data)
        self.count += 1
        run = RunState(self.count, plain(endpoint.route), job=job, endpoint=endpoint)
        run.worker = self.screen.run_worker(self._drive(run), group="runs", name=f"run-{run.number}",
                                            exit_on_error=False)
        return run

    async def _drive(self, run: RunState) -> None:
        handled, handled_final = 0, False
        panel = self.screen.run_panel
        panel.wake()
        job = run.job
        assert job is not None, "a run the runner drives has its job"
        try:
            async for event in job:
                run.apply(event)
                if run.finished and not handled_final:
                    # the outputs are shown now, not at the next flush nor after the stream closes
                    handled_final = True
                    panel.wake()
                if isinstance(event, LogEvent):
                    self._toast(run, event)
                handled += 1
                if handled % YIELD_EVERY == 0:
                    await asyncio.sleep(0)   # keys and repaints go first, whatever the event rate
        except asyncio.CancelledError:
            run.finish()
            raise
        except GradioTuiError as err:
            run.fail(err)
        except Exception as err:  # noqa: BLE001 - a failed run must never take the TUI down
            run.fail(StreamError(f"unexpected error: {type(err).__name__}: {err}"))
        finally:
            run.finish()            # the job records the call (once)
            panel.wake()
            problem = getattr(run.job, "record_problem", None)
            if problem:
                self.screen.app.notify(problem, severity="warning", markup=False)
        if run.status == "error" and not run.chat:
            message = plain(run.error or "the call failed")
            title = plain(run.error_title or f"#{run.number} {run.route} failed")
            self.screen.app.notify(message, title=title, severity="error", markup=False)

    def _toast(self, run: RunState, event: LogEvent) -> None:
        level = plain(str(event.level or "info")).lower()[:20]
        kind = f"gr.{level.capitalize()}"
        title = plain(event.title or kind)
        self.screen.app.toasts.notify(plain(event.message), title=f"{title} · #{run.number}", kind=kind,
                                      severity=TOAST_SEVERITY.get(level, "information"))

    def active_jobs(self) -> list[Job]:
        """The jobs of the runs still going (what leaving the TUI must cancel on the server)."""
        runs = self.screen.run_panel.runs if self.screen.is_mounted else []
        return [run.job for run in runs if run.active and run.job is not None and not run.job.done]

    async def cancel(self, run: RunState) -> None:
        """Ask the server to stop the run; on servers without ``/cancel`` stop listening."""
        if not run.active:
            return
        job = run.job
        try:
            if job is not None:
                await job.cancel()
        except GradioTuiError:
            pass
        schema = getattr(self.session, "schema", None)
        if schema is not None and not schema.has_cancel_route and run.worker is not None:
            run.worker.cancel()
            return
        await asyncio.sleep(10)
        if run.active and run.worker is not None:   # the server never confirmed: stop listening
            run.worker.cancel()
