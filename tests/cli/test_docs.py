"""docs/cli.md is kept true: every command and option it names exists in the real parser, and
every command and option the parser has is named in it (in the command's own section, or in
the section of options every command that reaches an app shares)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from gradio_tui.cli.main import build_parser, common_options, tui_parser

pytestmark = pytest.mark.hygiene

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
COMMON_HEADING = "Options of commands that reach an app or the Hub"
HELP = {"-h", "--help"}
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def options_of(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of ``parser`` (argparse has no public way to list them: tests only)."""
    return {s for action in parser._actions for s in action.option_strings}


def positionals_of(parser: argparse.ArgumentParser) -> set[str]:
    return {(action.metavar or action.dest).upper() for action in parser._actions
            if not action.option_strings and not isinstance(action.choices, dict)}


def commands() -> dict[str, argparse.ArgumentParser]:
    """Subcommand name → its parser ("" is the TUI)."""
    parser = build_parser()
    found = next(action.choices for action in parser._actions if isinstance(action.choices, dict))
    return {"": tui_parser(), **found}


def sections(text: str) -> dict[str, str]:
    """``## heading`` → its text, fenced code left out (examples are not references)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def named_options(text: str, *, others: bool = False) -> set[str]:
    """Options named in backticks (`--json`, `--file NAME=PATH`, `--follow`, `-f`); a span that
    starts with a command's name (`call --grant-oauth`) names that command's option: it counts
    only with ``others``."""
    names = set(commands()) - {""}
    spans = [span for span in re.findall(r"`([^`\n]+)`", text) if not span.startswith(("http", "$"))]
    return {match for span in spans for match in OPTION.findall(span)
            if others or span.split()[0] not in names}


def command_of(heading: str) -> str | None:
    """``gradio-tui api`` → ``api``; ``gradio-tui [SRC]`` → ``""`` (the TUI); other headings None."""
    match = re.fullmatch(r"`gradio-tui(?: ([a-z]+))?(?: \[SRC\])?`", heading)
    return None if match is None else (match.group(1) or "")


def problems(text: str) -> list[str]:
    """What in ``text`` (a docs/cli.md) disagrees with the parser; [] when it is true."""
    found: list[str] = []
    parsers = commands()
    every_option = set().union(*(options_of(p) for p in parsers.values())) | HELP
    common = options_of(common_options())
    by_heading = sections(text)
    if COMMON_HEADING not in by_heading:
        found.append(f"no section {COMMON_HEADING!r}")
    common_named = named_options(by_heading.get(COMMON_HEADING, ""))
    for option in sorted((common_named - HELP) - common - {"--version"}):
        found.append(f"{COMMON_HEADING}: {option} is not an option every command shares")
    for option in sorted(common - common_named):
        found.append(f"{COMMON_HEADING}: {option} is not documented")
    documented: dict[str, str] = {}
    for heading, body in by_heading.items():
        command = command_of(heading)
        if command is None:
            continue
        if command not in parsers:
            found.append(f"section {heading}: there is no command {command!r}")
            continue
        documented[command] = heading + "\n" + body
    for command, parser in parsers.items():
        name = command or "(the TUI)"
        if command not in documented:
            found.append(f"command {name} has no section")
            continue
        body = documented[command]
        has = options_of(parser)
        named = named_options(body)
        for option in sorted(named - has - HELP):
            found.append(f"{name}: {option} is not one of its options")
        shared = common_named if common <= has else set()
        for option in sorted(has - named - shared - HELP):
            found.append(f"{name}: {option} is not documented")
        for positional in sorted(positionals_of(parser)):
            if not re.search(rf"\b{re.escape(positional)}\b", body, flags=re.I):
                found.append(f"{name}: its {positional} is not documented")
    for option in sorted(named_options(re.sub(r"^```.*?^```", "", text, flags=re.M | re.S), others=True)
                         - every_option):
        found.append(f"{option} is named but no command has it")
    return found


def test_the_cli_reference_names_exactly_the_parsers_commands_and_options():
    assert problems(DOC.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_missing_option_a_stray_one_and_a_missing_command():
    text = DOC.read_text(encoding="utf-8")
    assert "| `--max-download-size BYTES` |" in text
    without = text.replace("| `--max-download-size BYTES` |", "| max download size |")
    assert "call: --max-download-size is not documented" in problems(without)
    stray = text.replace("| `--build` |", "| `--build`, `--built` |")
    assert "logs: --built is not one of its options" in problems(stray)
    no_history = re.sub(r"^## `gradio-tui history`$", "## History", text, flags=re.M)
    assert "command history has no section" in problems(no_history)
    bogus = text.replace("## `gradio-tui space`", "## `gradio-tui spaces`")
    assert any("there is no command 'spaces'" in p for p in problems(bogus))
    no_common = text.replace("| `--wait SECONDS` |", "| wait |")
    assert f"{COMMON_HEADING}: --wait is not documented" in problems(no_common)


def test_docstrings_point_at_the_reference_in_the_repository():
    package = Path(__file__).resolve().parents[2] / "gradio_tui"
    citing = [str(p.relative_to(package)) for p in package.rglob("*.py")
              if "cli-contract" in p.read_text(encoding="utf-8")]
    assert citing == []
    assert DOC.is_file()
