"""Remappable bindings: ``keymap.toml`` (``binding-id = "keys"``) in the user config dir.

The file lives at ``platformdirs.user_config_path("gradio-tui") / "keymap.toml"`` (honours
``XDG_CONFIG_HOME``; ``GRADIO_TUI_CONFIG_DIR`` overrides). Example::

    run = "ctrl+r,f5"
    cancel = "ctrl+g"

It is read as TOML (``tomllib``; ``tomli`` on Python 3.10). A file that is not TOML, a value
that is not a string of keys, or an id no binding has is reported, never a crash: the entries
that are right still apply.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

MAX_BYTES = 64 * 1024
KEY = re.compile(r"^(?:[\w+-]+|[^\s,])$")     # ctrl+r, f5, shift+tab, question_mark, "?"


@dataclass
class Keymap:
    """What ``keymap.toml`` asks for: binding id → keys, and one line per thing it got wrong."""

    bindings: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def config_dir() -> Path:
    override = os.environ.get("GRADIO_TUI_CONFIG_DIR")
    return Path(override) if override else platformdirs.user_config_path("gradio-tui")


def read_keymap(path: Path | None = None) -> Keymap:
    """The keymap in ``path`` (default: the config dir's ``keymap.toml``); no file is no keymap."""
    path = path or config_dir() / "keymap.toml"
    found = Keymap()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return found
    except OSError as err:
        found.problems.append(f"{path.name}: cannot read it ({err.strerror or err})")
        return found
    if len(raw) > MAX_BYTES:
        found.problems.append(f"{path.name}: larger than {MAX_BYTES // 1024} KiB, not read")
        return found
    if sys.version_info >= (3, 11):   # imported here: most starts have no keymap.toml (tomllib is ~10 ms)
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found]  # 3.10 only
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        found.problems.append(f"{path.name}: not valid TOML ({err})")
        return found
    for binding_id, keys in table.items():
        if not isinstance(keys, str):
            found.problems.append(f"{path.name}: {binding_id} should be a string of keys like \"ctrl+r,f5\"")
            continue
        parts = [part.strip() for part in keys.split(",")]
        bad = [part for part in parts if not KEY.match(part)]
        if bad or not keys.strip():
            found.problems.append(f"{path.name}: {binding_id} = {keys[:40]!r} is not a list of keys")
            continue
        found.bindings[binding_id] = ",".join(parts)
    return found


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id → keys, the entries of ``keymap.toml`` that are right."""
    return read_keymap(path).bindings


def binding_ids() -> set[str]:
    """Every binding id a keymap can name: ours (all of the TUI's screens and widgets) and
    Textual's. Imports the screens, so it is asked only when a keymap names an id not loaded yet."""
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    from . import screens, widgets

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    importlib.import_module(f"{__package__}.app")
    ids: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """The ids in ``keymap`` that no binding has (a typo, or a binding that was renamed)."""
    known = binding_ids() if keymap else set()
    return sorted(binding_id for binding_id in keymap if binding_id not in known)


def problems_of(keymap: Keymap) -> list[str]:
    """What is wrong with the keymap: its own problems, then the ids nothing binds."""
    return keymap.problems + [f"keymap.toml: no binding has the id {binding_id!r}"
                              for binding_id in unknown_ids(keymap.bindings)]
