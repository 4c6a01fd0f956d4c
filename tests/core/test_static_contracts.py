"""The import contracts of pyproject.toml bite: one forbidden import added to a copy of the
package breaks the contract that names it (among others it may break on the way), and the
tree as it is keeps them all. ``.ci/run`` runs ``lint-imports`` on the real tree; this proves
the contracts are not vacuous."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = [
    pytest.mark.hygiene,
    pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports is installed by the test extra"),
]


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(tree / "pyproject.toml")],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "gradio_tui", tmp_path / "gradio_tui",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_as_it_is_keeps_every_contract(tree: Path) -> None:
    done = lint_imports(tree)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


CASES = [  # file of the package, the import added at its end, the contract it breaks
    ("core/errors.py", "import textual", "the core is headless"),
    ("core/textsafe.py", "from gradio_tui.tui import format", "the core is headless"),
    ("cli/view_api.py", "import textual", "the headless commands never load Textual"),
    ("tui/format.py", "from gradio_tui.cli import view_api", "the TUI never imports the CLI"),
    ("core/protocol/sse.py", "from gradio_tui.core import session", "core layers"),
    ("core/net/http.py", "from gradio_tui.core.protocol import events", "core layers"),
    ("core/hub/models.py", "from gradio_tui.core import job", "core layers"),
    ("tui/widgets/json_view.py", "from gradio_tui.tui.screens import dialogs", "TUI layers"),
    ("tui/screens/dialogs.py", "from gradio_tui.tui import app", "TUI layers"),
    ("core/hub/models.py", "from gradio_tui.core.hub import spaces", "no import cycles"),
    ("cli/calls.py", "from gradio_tui.cli import export", "no import cycles"),
]


@pytest.mark.parametrize(("module", "line", "contract"), CASES, ids=[f"{m}:{c[:20]}" for m, _, c in CASES])
def test_one_forbidden_import_breaks_its_contract(tree: Path, module: str, line: str, contract: str) -> None:
    path = tree / "gradio_tui" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # added by the test\n", encoding="utf-8")
    done = lint_imports(tree)
    assert done.returncode != 0, done.stdout
    broken_part = done.stdout.split("Broken contracts")[-1].replace("\n", " ")
    assert contract in broken_part, done.stdout
