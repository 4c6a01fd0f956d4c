"""``gradio-tui api SRC --markdown``: a SKILL.md for every test app, whose snippets are the ones
the live tests run — taken out of the Markdown and run against the real app here."""

from __future__ import annotations

import ast
import asyncio
import json
import re
import subprocess

import pytest
import yaml

from gradio_tui.cli.main import main
from gradio_tui.core.apidoc import fenced, skill_name
from gradio_tui.core.session import Session
from tests.apps import APP_NAMES
from tests.core.test_snippets_live import JS_DIR, commands, js_problem, snippet_env

FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)\n\1$", re.M | re.S)
LOGIN = {"auth": ["--auth", "user:pass"]}


def markdown(capsys, url: str, *extra: str) -> str:
    code = main(["api", url, "--markdown", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    return yaml.safe_load(head)


def blocks(text: str, route: str) -> dict[str, str]:
    """The fenced snippets of one endpoint's section, by fence language."""
    section = text.split(f"### `{route}`\n", 1)[1].split("\n### ", 1)[0]
    return {m.group(2): m.group(3) + "\n" for m in FENCE.finditer(section)}


def test_markdown_for_every_test_app(gradio_server, capsys):
    for app in APP_NAMES:
        text = markdown(capsys, gradio_server.url(app), *LOGIN.get(app, []))
        meta = front_matter(text)
        assert re.fullmatch(r"[a-z0-9-]{1,64}", meta["name"]), app
        assert app in meta["description"] and len(meta["description"]) <= 1024
        for route in _public_routes(gradio_server.url(app), ("user", "pass") if app in LOGIN else None):
            assert f"### `{route}`" in text, (app, route)
        # Every fence is closed and holds the three languages once per endpoint with a snippet.
        langs = [m.group(2) for m in FENCE.finditer(text)]
        assert len(langs) == 3 * text.count("**curl (POSIX sh, no jq)**"), app
        assert "$HF_TOKEN" in text and "user:pass" not in text and "pass\"" not in text


def _public_routes(url: str, auth: tuple[str, str] | None) -> list[str]:
    async def routes() -> list[str]:
        async with await Session.connect(url, auth=auth) as session:
            return [ep.route for ep in session.schema.endpoints if ep.visibility == "public"]
    return asyncio.run(routes())


@pytest.mark.parametrize("lang", ["sh", "python", "js"])
def test_the_snippets_in_the_markdown_run(gradio_server, capsys, tmp_path, lang):
    """Out of the SKILL.md of ``basic`` and ``events``: /greet (defaults) and /on_select (event
    data: curl through the queue, @gradio/client through submit) give the app's answer."""
    env = snippet_env(tmp_path, login=False)
    runs = [("basic", "/greet", ["Hello, World.", 13]), ("events", "/on_select", ["selected [0, 0] = a (on)"])]
    if lang == "js":
        problem = js_problem()
        if problem:
            pytest.skip(problem)
        (tmp_path / "node_modules").symlink_to(JS_DIR / "node_modules")
    for app, route, expected in runs:
        code = blocks(markdown(capsys, gradio_server.url(app)), route)[lang]
        if lang == "python" and app == "events":
            assert "gradio_client\n# cannot send event data" in code     # said plainly, not run
            continue
        path = tmp_path / f"{app}.{ {'sh': 'sh', 'python': 'py', 'js': 'mjs'}[lang]}"
        path.write_text(code)
        command = commands({"sh": "curl", "python": "python", "js": "js"}[lang], path, gradio_server.version)[0]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert done.returncode == 0, f"{app}{route}: {done.stderr[-2000:]}"
        got = done.stdout.strip().splitlines()[-1]
        if lang == "python":
            value = ast.literal_eval(got)
            got = json.dumps(list(value) if isinstance(value, tuple) else [value])
        assert json.loads(got) == expected, f"{app}{route}: {done.stdout}"


def test_hostile_text_cannot_break_out():
    text = "a ``` b\n```` c"
    block = fenced(text, "sh")
    assert block.startswith("`````sh\n") and block.endswith("\n`````")
    assert skill_name("Ünïcode  App!! \u202e", "x") == "n-code-app"
    assert skill_name("", "http://h/app/") == "app"


def test_a_hostile_apps_text_cannot_break_the_markdown():
    """Title, description, labels and choices with fences, pipes, line breaks and escapes: the
    front matter still parses, each endpoint is one section, nothing raw reaches the text."""
    from types import SimpleNamespace

    from gradio_tui.core.protocol.payload import build_payload
    from gradio_tui.core.protocol.schema import parse_schema

    evil = "x ```\n---\n# injected | cell \x1b[2J\u202e"
    config = {"version": "6.31.0", "api_prefix": "/gradio_api", "title": evil, "components": [
        {"id": 1, "type": "dropdown", "props": {"label": evil, "choices": [[evil, "a"]], "value": "a"}},
        {"id": 2, "type": "textbox", "props": {"label": evil}}],
        "dependencies": [{"id": 0, "api_name": "f", "inputs": [1], "outputs": [2], "api_description": evil,
                          "targets": [[1, "select"]], "collects_event_data": True}]}
    schema = parse_schema("http://127.0.0.1:9/x", config)
    stub = SimpleNamespace(schema=schema, target=SimpleNamespace(display=schema.root, space_id=None),
                           logged_in=False, needs_token=False, session_hash="h", resets=0)
    stub.plan = lambda ep, args, kwargs, allow_private=False: Session._record_for(
        stub, ep, build_payload(ep, args, kwargs), "h")
    from gradio_tui.core.apidoc import render_skill

    text = render_skill(stub)
    meta = front_matter(text)
    assert set(meta) == {"name", "description"} and "\n" not in meta["description"]
    assert "\x1b" not in text and "\u202e" not in text
    assert text.count("\n### ") == 1 and "\n# injected" not in text
    assert len(list(FENCE.finditer(text))) == 3
