"""Shapes of real Gradio apps (issue 13, items 2–6), against 4.44 / 5.50 / 6.31 and gradio_client.

- the app's own default is never refused by our type check (``gr.HTML(value=3)``), and a value
  the server would read is sent (coerced or as is, with a warning), not refused;
- the config's ``skip_api`` comes before the component type: a Dataset is an input and an output;
- translated texts (Gradio 6 ``gr.I18n``, ChatInterface) are plain strings for every face;
- ``python_type.description`` is carried from /info (or the config) to ``api`` and the form;
- one api_name held by two listeners: ``api --json`` describes and ``call`` runs the same one,
  the one the server routes the name to.

gradio_client's answers come from each version's own gradio_client (the compat venvs have one
that can read their sub-path apps), run once per version in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import textwrap

import httpx
import pytest
from textual.widgets import Button

from gradio_tui.cli.main import main
from gradio_tui.cli.view_api import view_api
from gradio_tui.core.errors import ArgumentError
from gradio_tui.core.protocol.i18n import Translations
from gradio_tui.core.protocol.payload import build_payload, check_value
from gradio_tui.core.protocol.schema import Param, parse_schema
from gradio_tui.core.session import Session
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.chat_view import ChatView
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointList
from gradio_tui.tui.widgets.param_form import ParamForm
from tests.apps import APP_NAMES
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    renderable_text,
    run_with_keys,
    until_connected,
    until_done,
)
from tests.support.servers import python_for

AUTH = {"auth": ("user", "pass")}     # tests/apps/auth.py


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def final_data(out: str) -> list:
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert events[-1]["type"] == "complete", events[-1]
    return events[-1]["data"]


# --- gradio_client, in the server version's own venv --------------------------------------------

CLIENT_SCRIPT = textwrap.dedent("""
    import json, sys
    from gradio_client import Client
    plan = json.load(open(sys.argv[1]))
    clients, out = {}, {"views": {}, "calls": []}
    def client(url):
        if url not in clients:
            auth = tuple(plan["auth"]) if url.rstrip("/").endswith("/auth") else None
            clients[url] = Client(url, verbose=False, auth=auth)
        return clients[url]
    for url in plan["views"]:
        try:
            out["views"][url] = client(url).view_api(return_format="dict", print_info=False)
        except Exception as exc:
            out["views"][url] = {"error": repr(exc)}
    for url, api_name, args in plan["calls"]:
        try:
            out["calls"].append(client(url).predict(*args, api_name=api_name))
        except Exception as exc:
            out["calls"].append({"error": repr(exc)})
    print(json.dumps(out, default=str))
""")

CLIENT_CALLS = [  # (app, api_name, args): each compared with the same call made by the CLI
    ("realworld", "/html_default", []),
    ("realworld", "/load_example", [0]),
    ("realworld", "/more_examples", []),
    ("realworld", "/twin_1", ["x"]),
    ("basic", "/add", [2, 1]),
    ("basic", "/echo", [5]),
]

_CLIENT_RESULTS: dict[str, dict] = {}


def gradio_client_results(server, tmp_path_factory) -> dict:
    """{"views": {url: view_api dict}, "calls": [result per CLIENT_CALLS]} for this server."""
    if server.version not in _CLIENT_RESULTS:
        folder = tmp_path_factory.mktemp(f"client-g{server.version}")
        plan = {"auth": list(AUTH["auth"]), "views": [server.url(app) for app in APP_NAMES],
                "calls": [[server.url(app), name, args] for app, name, args in CLIENT_CALLS]}
        (folder / "plan.json").write_text(json.dumps(plan))
        (folder / "client.py").write_text(CLIENT_SCRIPT)
        done = subprocess.run([python_for(server.version), str(folder / "client.py"), str(folder / "plan.json")],
                              cwd=folder, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        _CLIENT_RESULTS[server.version] = json.loads(done.stdout.strip().splitlines()[-1])
    return _CLIENT_RESULTS[server.version]


def client_call(server, tmp_path_factory, app: str, api_name: str):
    index = next(i for i, (a, n, _) in enumerate(CLIENT_CALLS) if (a, n) == (app, api_name))
    result = gradio_client_results(server, tmp_path_factory)["calls"][index]
    assert not (isinstance(result, dict) and "error" in result), result
    return result


# --- item 2: the app's own default, and what the server would read --------------------------------

def test_the_apps_own_default_is_sent_not_refused(gradio_server, capsys, tmp_path_factory):
    url = gradio_server.url("realworld")
    code, out, err = run_cli(capsys, "call", url, "/html_default", "--kwargs", "{}", "--json")
    assert code == 0, err
    assert final_data(out) == ["int:3"] == [client_call(gradio_server, tmp_path_factory, "realworld", "/html_default")]


def test_values_the_server_reads_are_sent_with_a_warning(gradio_server, capsys, tmp_path_factory):
    url = gradio_server.url("basic")
    code, out, err = run_cli(capsys, "call", url, "/echo", "[5]", "--json")
    assert code == 0, err
    assert "expected str, got int 5; sent as is" in err
    assert final_data(out) == ["5"] == [client_call(gradio_server, tmp_path_factory, "basic", "/echo")]
    # A number as text is sent as the number (the function gets what the browser would send).
    code, out, err = run_cli(capsys, "call", url, "/add", '["2", 1]', "--json")
    assert code == 0, err
    assert "the text '2' is sent as the number 2" in err
    assert final_data(out) == [3] == [client_call(gradio_server, tmp_path_factory, "basic", "/add")]
    code, out, err = run_cli(capsys, "call", url, "/add", '["two"]')     # no number: refused, one line
    assert code == 2 and "expected float" in err and "Traceback" not in err


def test_check_value_keeps_the_default_even_where_choices_or_types_disagree():
    config = {"version": "6.31.0", "components": [
        {"id": 1, "type": "dropdown", "props": {"choices": [["A", "a"]], "value": "legacy"}, "skip_api": False,
         "api_info": {"type": "string", "enum": ["a"]}},
        {"id": 2, "type": "textbox", "props": {"label": "T"}, "skip_api": False}],
        "dependencies": [{"id": 0, "api_name": "f", "inputs": [1], "outputs": [2]}]}
    ep = parse_schema("http://x", config).endpoint("/f")
    assert build_payload(ep, [], {}).data == ["legacy"]
    with pytest.raises(ArgumentError, match="not among the choices"):
        build_payload(ep, ["other"])


@pytest.mark.parametrize("schema, value, sent, warned", [
    ({"type": "number"}, "2", 2, True),
    ({"type": "number"}, " 2.5 ", 2.5, True),
    ({"type": "integer"}, "3.0", 3, True),
    ({"type": "string"}, 5, 5, True),
    ({"type": "string"}, False, False, True),
    ({"type": "number"}, 2, 2, False),
    ({"type": "number"}, "two", None, False),      # refused
    ({"type": "number"}, "nan", None, False),
    ({"type": "string"}, ["a"], None, False),
    ({"type": "boolean"}, "true", None, False),
])
def test_what_is_sent_coerced_or_refused(schema, value, sent, warned):
    param = Param(index=0, component_id=1, component="Textbox", name="p", schema=schema, python_type="x")
    notes: list[str] = []
    if sent is None:
        with pytest.raises(ArgumentError, match="p: expected x"):
            check_value(param, value, notes)
        return
    got = check_value(param, value, notes)
    assert got == sent and type(got) is type(sent) and bool(notes) == warned


# --- item 3: skip_api from the config first ------------------------------------------------------

def test_a_dataset_is_an_input_and_an_output(gradio_server, capsys, tmp_path_factory):
    url = gradio_server.url("realworld")
    code, out, err = run_cli(capsys, "api", url, "--json")
    named = json.loads(out)["named_endpoints"]
    assert [p["component"] for p in named["/load_example"]["parameters"]] == ["Dataset"]
    assert [r["component"] for r in named["/more_examples"]["returns"]] == ["Dataset"]
    code, out, err = run_cli(capsys, "call", url, "/load_example", "[0]", "--json")
    assert code == 0, err
    assert final_data(out) == ["alpha"] == [client_call(gradio_server, tmp_path_factory, "realworld", "/load_example")]
    code, out, err = run_cli(capsys, "call", url, "/more_examples", "--json")
    assert code == 0, err
    update = client_call(gradio_server, tmp_path_factory, "realworld", "/more_examples")
    assert final_data(out) == [update] and update["samples"] == [["gamma"], ["delta"], ["epsilon"]]


def test_state_stays_hidden_even_if_the_config_says_otherwise():
    config = {"version": "6.31.0", "components": [
        {"id": 1, "type": "state", "props": {}, "skip_api": False},
        {"id": 2, "type": "dataset", "props": {"label": "D"}},          # no skip_api: by type
        {"id": 3, "type": "textbox", "props": {"label": "T"}, "skip_api": False}],
        "dependencies": [{"id": 0, "api_name": "f", "inputs": [1, 2, 3], "outputs": [3]}]}
    ep = parse_schema("http://x", config).endpoint("/f")
    assert [p.component for p in ep.parameters] == ["Textbox"]
    assert build_payload(ep, ["t"]).data == [None, None, "t"]


# --- item 4: translated texts ---------------------------------------------------------------------

def test_translations_resolve_to_english_then_the_first_locale_then_the_key():
    tr = Translations({"fr": {"a": "A-fr", "b": "B-fr"}, "en-GB": {"a": "A-en"}, "de": {"nested": {"k": "N"}}})
    marker = '__i18n__{"__type__": "translation_metadata", "key": "%s"}'
    assert tr.text(marker % "a") == "A-en"
    assert tr.text("Say " + marker % "b" + "!") == "Say B-fr!"
    assert tr.text({"key": "nested.k", "_type": "translation_metadata"}) == "N"
    assert tr.text({"__type__": "translation_metadata", "key": "chat_interface.chatbot"}) == "Chatbot"
    assert tr.text({"key": "unknown.key", "_type": "translation_metadata"}) == "unknown.key"
    assert tr.text("__i18n__{broken") == "__i18n__{broken"
    deep = "__i18n__" + "[" * 100_000                   # a hostile config: no RecursionError
    assert tr.text(deep) == deep
    assert tr.text(3) == "3" and tr.text(None) is None and tr.text({"x": 1}) == '{"x": 1}'


def test_every_text_field_of_the_config_is_resolved_in_one_place():
    mark = '__i18n__{"__type__": "translation_metadata", "key": "%s"}'
    config = {"version": "6.31.0", "title": mark % "title", "i18n_translations": {
        "de": {"title": "Titel", "pick": "Wähle", "red": "Rot", "hint": "Hinweis", "desc": "Beschreibung"},
        "en": {"pick": "Pick", "red": "Red"}},
        "components": [
            {"id": 1, "type": "dropdown", "skip_api": False, "api_info": {"type": "string", "enum": ["r"]},
             "props": {"label": mark % "pick", "info": mark % "hint", "choices": [[mark % "red", "r"]]}},
            {"id": 2, "type": "textbox", "skip_api": False, "props": {"label": "Out", "placeholder": mark % "pick"}}],
        "dependencies": [{"id": 0, "api_name": "f", "inputs": [1, 2], "outputs": [2],
                          "api_description": mark % "desc"}]}
    schema = parse_schema("http://x", config)
    ep = schema.endpoint("/f")
    first, second = ep.parameters
    assert (schema.title, ep.description) == ("Titel", "Beschreibung")        # no English: the first locale
    assert (first.label, first.info, first.choices) == ("Pick", "Hinweis", [("Red", "r")])
    assert second.placeholder == "Pick" and ep.outputs[0].label == "Out"


def test_no_text_of_a_chat_app_reaches_a_face_as_a_dict(gradio_server, capsys):
    url = gradio_server.url("chatflag")
    code, out, err = run_cli(capsys, "api", url, "--json", "--all")
    assert code == 0, err
    shape = json.loads(out)
    texts = [shape["app"]["title"]]
    for group in ("named_endpoints", "unnamed_endpoints"):
        for ep in shape[group].values():
            texts += [ep["description"], *(p["label"] for p in ep["parameters"]),
                      *(p["info"] for p in ep["parameters"]), *(r["label"] for r in ep["returns"])]
    assert all(t is None or isinstance(t, str) for t in texts)
    assert not any("__i18n__" in t or "translation_metadata" in t for t in texts if t)
    chat = shape["named_endpoints"]["/chat"]
    rounds = next(p for p in chat["parameters"] if p["component"] == "Slider")
    assert rounds["label"] == "Rounds"
    if gradio_server.version != "4":     # gr.I18n is 5.x+: the info has only a French text
        assert rounds["info"] == "Seulement en français"


async def test_tui_moves_through_every_endpoint_of_a_gradio6_chat_app(gradio6):
    app = GradioTuiApp(gradio6.url("chatflag"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        options = screen.query_one(EndpointList)
        options.focus()
        await pilot.press("p")                       # private ones too: every listener
        await pilot.pause()
        browser = screen.query_one(EndpointBrowser)
        assert len(browser.shown_endpoints()) == len(screen.session.schema.endpoints) > 10
        await pilot.press("home")
        seen = []
        for _ in range(options.option_count):
            await pilot.pause()
            center = screen.current_center()
            if isinstance(center, ChatView):         # and its form, one button away
                center.query_one(".chat-form", Button).press()
                await pilot.pause()
                center = screen.current_center()
                options.focus()
            assert isinstance(center, ParamForm)
            seen.append(center.endpoint.fn_index)
            for field in center.fields:
                shown = renderable_text(field.query_one(".field-label").content)
                assert "__i18n__" not in shown and "translation_metadata" not in shown
            await pilot.press("down")
        assert app.is_running
        assert sorted(set(seen)) == sorted(e.fn_index for e in screen.session.schema.endpoints)
        screen.jump_to(screen.session.schema.endpoint("/chat"))
        await pilot.pause()
        form = screen.current_center()
        if isinstance(form, ChatView):
            form.query_one(".chat-form", Button).press()
            await pilot.pause()
            form = screen.current_center()
        rounds = next(f for f in form.fields if f.param.component == "Slider")
        assert "Rounds" in renderable_text(rounds.query_one(".field-label").content)
        assert "Seulement en français" in renderable_text(rounds.query_one(".field-hint").content)


# --- item 5: type descriptions ---------------------------------------------------------------------

def test_type_descriptions_in_api_text_json_and_the_form_hint(gradio_server, capsys):
    url = gradio_server.url("realworld")
    code, out, err = run_cli(capsys, "api", url, "--json")
    params = {p["parameter_name"]: p for p in json.loads(out)["named_endpoints"]["/describe"]["parameters"]}
    level, doc = params["level"]["python_type"]["description"], params["doc"]["python_type"]["description"]
    if gradio_server.version == "4":   # 4.x: the schema's description; 5.x+: the data model's
        assert level == "numeric value between 1 and 10" and doc == ""
    else:
        assert level == "" and doc.startswith("The FileData class")
    code, text, err = run_cli(capsys, "api", url)
    assert (level or doc.split("\n\n")[0]) in text


async def test_the_form_shows_type_descriptions_and_sends_the_apps_default(gradio_server):
    app = GradioTuiApp(gradio_server.url("realworld"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        described = 0
        for endpoint in screen.session.schema.endpoints:     # every form agrees with api --json
            form = await open_endpoint(pilot, app, endpoint.route)
            for field in form.fields:
                if field.param.description_summary:
                    assert field.param.description_summary in renderable_text(
                        field.query_one(".field-hint").content, width=2000), field.param.name
                    described += 1
        assert described >= 1       # 4.x: the Slider's range; 5.x+: the File's data model
        twin = await open_endpoint(pilot, app, "/twin_1")
        notes = " ".join(renderable_text(n.content) for n in twin.query(".form-note"))
        assert f"the server runs this one (fn:{twin.endpoint.fn_index})" in notes
        await open_endpoint(pilot, app, "/html_default")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.outputs == ["int:3"]


# --- item 6: one api_name, two listeners ---------------------------------------------------------

def test_one_api_name_two_listeners_described_and_run_alike(gradio_server, capsys, tmp_path_factory):
    url = gradio_server.url("realworld")
    code, out, err = run_cli(capsys, "api", url, "--json")
    shape = json.loads(out)
    routed = shape["named_endpoints"]["/twin_1"]
    share = routed["shared_api_name"]
    assert share["routed_to"] == routed["fn_index"] == share["listeners"][0] and len(share["listeners"]) == 2
    other = shape["unnamed_endpoints"][str(share["listeners"][1])]
    assert other["shared_api_name"] == share
    assert [p["component"] for p in routed["parameters"]] == ["Textbox"]
    assert [p["component"] for p in other["parameters"]] == ["Number"]
    code, text, err = run_cli(capsys, "api", url)
    assert f"the server runs this one (fn:{share['routed_to']})" in text
    code, out, err = run_cli(capsys, "call", url, "/twin_1", '["x"]', "--json")
    assert code == 0, err
    assert f"the server runs this one (fn:{share['routed_to']})" in err
    assert final_data(out) == ["first:x"] == [client_call(gradio_server, tmp_path_factory, "realworld", "/twin_1")]
    code, out, err = run_cli(capsys, "call", url, f"fn:{share['listeners'][1]}", "[5]", "--json")
    assert code == 0, err
    assert final_data(out) in (["second:5"], ["second:5.0"])


# --- the property: api --json agrees with gradio_client's view_api ---------------------------------

def _ours_for(shape: dict, name: str) -> dict:
    """Our entry for what gradio_client lists under ``name`` (its /info entry: for a shared
    name, the last listener of the name)."""
    entry = shape["named_endpoints"][name]
    share = entry.get("shared_api_name")
    if share:
        return shape["unnamed_endpoints"][str(share["listeners"][-1])]
    return entry


def test_api_json_agrees_with_gradio_client_on_every_parameter(gradio_server, capsys, tmp_path_factory):
    views = gradio_client_results(gradio_server, tmp_path_factory)["views"]
    compared = 0
    for app in APP_NAMES:
        url = gradio_server.url(app)
        theirs = views[url]
        assert "error" not in theirs, (app, theirs)
        extra = ["--auth", "user:pass"] if app == "auth" else []
        code, out, err = run_cli(capsys, "api", url, "--json", *extra)
        assert code == 0, (app, err)
        ours = json.loads(out)
        assert set(ours["named_endpoints"]) == set(theirs["named_endpoints"]), app
        for name, their_ep in theirs["named_endpoints"].items():
            our_ep = _ours_for(ours, name)
            assert len(our_ep["parameters"]) == len(their_ep["parameters"]), (app, name)
            for mine, other in zip(our_ep["parameters"], their_ep["parameters"]):
                where = (app, name, other.get("parameter_name"))
                assert mine["python_type"] == other["python_type"], where
                assert mine["type"] == other["type"], where
                assert mine["parameter_has_default"] == other["parameter_has_default"], where
                assert mine["parameter_default"] == other["parameter_default"], where
                compared += 1
            assert [r["python_type"] for r in our_ep["returns"]] == [r["python_type"] for r in their_ep["returns"]]
    assert compared > 20


def test_without_info_the_config_alone_gives_the_same_descriptions_and_defaults(gradio_server, tmp_path_factory):
    """An app whose /info cannot be read (a proxy, an old or broken server): the config-only
    schema still says what gradio_client's view_api says of each parameter."""
    views = gradio_client_results(gradio_server, tmp_path_factory)["views"]
    compared = 0
    with httpx.Client(timeout=30) as http:
        for app in APP_NAMES:
            if app == "auth":
                continue
            url = gradio_server.url(app)
            config = http.get(url + "/config").json()
            ours = view_api(parse_schema(url, config, None), include_all=True)
            for name, their_ep in views[url]["named_endpoints"].items():
                our_ep = _ours_for(ours, name)
                for mine, other in zip(our_ep["parameters"], their_ep["parameters"], strict=True):
                    where = (app, name, other.get("parameter_name"))
                    assert mine["python_type"]["description"] == other["python_type"]["description"], where
                    if mine["parameter_has_default"]:   # a None default of the fn's own is not in the config
                        assert mine["parameter_default"] == other["parameter_default"], where
                    compared += 1
    assert compared > 20


async def test_core_calls_match_gradio_client(gradio_server, tmp_path_factory):
    """The core itself (what the TUI and the snippets' records use) gives gradio_client's results."""
    async with await Session.connect(gradio_server.url("realworld")) as session:
        for name, args in (("/html_default", []), ("/load_example", [0]), ("/more_examples", []), ("/twin_1", ["x"])):
            got = await session.submit(name, args).result()
            assert got == [client_call(gradio_server, tmp_path_factory, "realworld", name)], name
        assert all(isinstance(p.label, (str, type(None))) for e in session.schema.endpoints for p in e.inputs)
