"""Remappable bindings: ``keymap.toml`` (``binding-id = "keys"``) in the user config dir.

The file lives at ``platformdirs.user_config_path("gradio-tui") / "keymap.toml"`` (honours
``XDG_CONFIG_HOME``; ``GRADIO_TUI_CONFIG_DIR`` overrides). Example::

    run = "ctrl+r,f5"
    cancel = "ctrl+g"

It is read as TOML (``tomllib``; ``tomli`` on Python 3.10). A file that is not TOML, a value
that is not a string of keys, a key Textual has no name for (``ctrl+banana``: Textual would show
it as ``^🍌`` and no key press could ever match it) or an id no binding has is reported at start,
never a crash: the entries that are right still apply. F1 lists every binding id with its keys.
"""

from __future__ import annotations

import importlib
import re
import os
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from textual.app import App

MAX_BYTES = 64 * 1024
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
NAMED_KEYS = frozenset(
    {"escape", "enter", "return", "tab", "space", "backspace", "insert", "delete", "home", "end",
     "pageup", "pagedown", "up", "down", "left", "right", *(f"f{n}" for n in range(1, 25))})
KEY_EXAMPLES = "ctrl+r, f5, shift+tab, question_mark or ?"


def _character_keys() -> frozenset[str]:
    """The names Textual gives the keys of printable ASCII (``a``, ``5``, ``question_mark``, ``slash``)."""
    from textual.keys import _character_to_key

    return frozenset(_character_to_key(c) for c in string.ascii_letters + string.digits + string.punctuation)


def key_problem(key: str) -> str | None:
    """Why ``key`` (one key of a list, e.g. ``ctrl+r``) is not a key a terminal can send; None if it is."""
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() else f"{key!r} is not a key"
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} in {key!r} is not a modifier ({', '.join(MODIFIERS)})"
    if len(set(modifiers)) != len(modifiers):
        return f"{key!r} repeats a modifier"
    if base in NAMED_KEYS or base in _character_keys() or (len(base) == 1 and base.isprintable()
                                                             and not base.isspace()):
        return None
    return f"{base!r} in {key!r} is not a key name (keys look like {KEY_EXAMPLES})"


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
        if not keys.strip() or not all(parts):
            found.problems.append(f"{path.name}: {binding_id} = {keys[:40]!r} is not a list of keys")
            continue
        bad = next((problem for problem in map(key_problem, parts) if problem), None)
        if bad:
            found.problems.append(f"{path.name}: {binding_id} = {keys[:40]!r}: {bad}; not applied")
            continue
        found.bindings[binding_id] = ",".join(parts)
    return found


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id → keys, the entries of ``keymap.toml`` that are right."""
    return read_keymap(path).bindings


@dataclass(frozen=True)
class BindingInfo:
    """One remappable binding: its id, its default keys, what it does and where it works."""

    id: str
    keys: str
    description: str
    where: str


def every_binding(load: bool = True) -> list[BindingInfo]:
    """Every binding with an id, ours (all of the TUI's screens and widgets) and Textual's, by id.
    With ``load`` it imports every screen first (about a second on a busy machine: F1 does it in a
    thread); without, it walks only the classes loaded now, which hold every binding in use."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    # Imported by name, at run time only: widgets read their keys' labels here, so this module
    # sits below them and never imports a screen or widget at load.
    for name in ("screens", "widgets") if load else ():
        package = importlib.import_module(f"{__package__}.{name}")
        import pkgutil

        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    if load:
        importlib.import_module(f"{__package__}.app")
    found: dict[str, BindingInfo] = {}
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id and binding.id not in found:
                found[binding.id] = BindingInfo(binding.id, binding.key, binding.tooltip or binding.description,
                                                cls.__name__)
    return sorted(found.values(), key=lambda info: info.id)


def binding_ids() -> set[str]:
    """Every binding id a keymap can name."""
    return {info.id for info in every_binding()}


def keys_of(app: App, binding_id: str, default: str) -> str:
    """The keys ``binding_id`` answers to in ``app``: its keymap's, else ``default``."""
    return getattr(app, "_keymap", {}).get(binding_id, default)


def key_label(app: App, keys: str) -> str:
    """``keys`` as the footer shows them (``ctrl+r,f5`` → ``^r f5``)."""
    from textual.binding import Binding

    return " ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(",") if key.strip())


def shown_key(app: App, binding_id: str, default: str) -> str:
    """The first key of ``binding_id`` as the footer shows it: what a button's label names."""
    return key_label(app, keys_of(app, binding_id, default).split(",")[0])


def remapped_text(text: str, app: App, bindings: list[BindingInfo]) -> str:
    """Help text with each remapped binding's default key (``**ctrl+r**``) replaced by its keys now."""
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    for info in bindings:
        keys = keymap.get(info.id)
        if keys and keys != info.keys:
            for default in info.keys.split(","):
                text = text.replace(f"**{default}**", f"**{keys.replace(',', ' / ')}**")
    return text


def remapped_keys(text: str, app: App, bindings: list[BindingInfo]) -> str:
    """A palette command's description with each remapped binding's default key (``(ctrl+r)``,
    ``F8``) replaced by its keys now, as the footer shows them: the palette never names a dead key."""
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    now = {default.strip().lower(): key_label(app, keys) for info in bindings
           if (keys := keymap.get(info.id)) and keys != info.keys for default in info.keys.split(",")}
    if not now:
        return text
    # One pass (a new key is never replaced again), and only what reads as a key: ctrl+r, F8, or a
    # one-character key alone or in parentheses, never a letter inside a word.
    key = r"(?:(?:ctrl|alt|shift|meta|super)\+)+[^\s()]+|f\d{1,2}"
    pattern = rf"(?<![\w+])(?:{key})(?![\w+])|(?<!\S)\(([^\s()])\)|^([^\s()])$"

    def shown(match: re.Match[str]) -> str:
        if match.group(1):                                  # "(s)"
            return f"({now.get(match.group(1).lower(), match.group(1))})"
        return now.get(match.group().lower(), match.group())

    return re.sub(pattern, shown, text, flags=re.IGNORECASE)


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """The ids in ``keymap`` that no binding has (a typo, or a binding that was renamed)."""
    known = binding_ids() if keymap else set()
    return sorted(binding_id for binding_id in keymap if binding_id not in known)


def problems_of(keymap: Keymap) -> list[str]:
    """What is wrong with the keymap: its own problems, then the ids nothing binds."""
    return keymap.problems + [f"keymap.toml: no binding has the id {binding_id!r}"
                              for binding_id in unknown_ids(keymap.bindings)]
