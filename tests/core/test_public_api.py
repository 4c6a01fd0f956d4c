"""The core's public names: importable from ``gradio_tui.core``, loaded lazily, and the only way
the faces (TUI, CLI, demo) reach into the core."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import gradio_tui.core as core

PACKAGE = Path(core.__file__).resolve().parents[1]


def test_every_public_name_is_the_object_of_its_module():
    assert core.__all__, "the core names its public API"
    for name in core.__all__:
        module = importlib.import_module(core._WHERE[name])
        assert getattr(core, name) is getattr(module, name), name


def test_importing_the_core_package_loads_none_of_its_modules():
    code = ("import sys, gradio_tui.core as c; "
            "print(sorted(m for m in sys.modules if m.startswith('gradio_tui.core.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
    code = ("import sys; from gradio_tui.core import Session; "
            "print('gradio_tui.core.session' in sys.modules, 'textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


def test_an_unknown_name_is_an_attribute_error():
    try:
        core.NoSuchThing  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchThing" in str(exc)
    else:
        raise AssertionError("gradio_tui.core.NoSuchThing resolved")


def test_the_faces_import_core_names_only_from_gradio_tui_core():
    """``from gradio_tui.core.protocol.schema import Endpoint`` in a face is a slip: the faces use
    ``from gradio_tui.core import Endpoint`` (modules such as ``core.hub.spaces`` may be imported whole)."""
    slips = []
    for folder in ("tui", "cli", "demo"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.ImportFrom) and node.module
                        and node.module.startswith("gradio_tui.core.")):
                    continue
                for alias in node.names:
                    as_module = PACKAGE.parent / f"{node.module}.{alias.name}".replace(".", "/")
                    if not (as_module.with_suffix(".py").exists() or as_module.is_dir()):
                        slips.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.module}.{alias.name}")
    assert not slips, slips
