"""``/config`` + ``/info`` → ``AppSchema`` → ``Endpoint`` → ``Param`` / ``Return``.

The config describes every listener and widget (fn_index, generator flag, choices' display
labels, slider limits, State slots); ``/info`` is the API view (Python parameter names,
defaults, type text). We join them on ``api_name`` and fall back to the config alone when
``/info`` is missing, so the form and the payload never depend on one source only.

Rules taken from the server and gradio_client, not guessed:

- A component is part of the API unless the config's ``skip_api`` says otherwise; only a config
  without it falls back to the component type (gradio_client: ``component.get("skip_api", type in
  SKIP_COMPONENTS)``). So a ``Dataset`` is an input (an index) and an output (an update); State
  always stays hidden and is sent as null.
- Text fields (labels, info, placeholders, descriptions, titles, choices' labels) may be
  translations: ``i18n.Translations`` makes them plain strings here, once.
- Two listeners can end with one ``api_name`` (a rendered Blocks whose names are made unique
  only against the parent's). The server routes the name to the first of them (in config order:
  ``route_utils.get_fn``, gradio_client's fn_index lookup), while ``/info``, a dict keyed by
  name, describes the last. The first keeps the name and is described from the config; the others
  are reachable only by ``fn:N`` and carry ``/info``'s description where it is theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gradio_tui.core.coerce import as_dict, as_list, as_number
from gradio_tui.core.protocol.eventdata import EventTrigger, event_trigger
from gradio_tui.core.protocol.i18n import Translations
from gradio_tui.core.protocol.pytypes import safe_is_file_schema as is_file_schema
from gradio_tui.core.protocol.pytypes import safe_python_type as python_type

# Component types that carry no API value when the config does not say (gradio_client's
# SKIP_COMPONENTS): a config's own ``skip_api`` wins.
SKIP_COMPONENTS = {
    "state", "row", "column", "tabs", "tab", "tabitem", "box", "form", "accordion", "group",
    "interpretation", "dataset", "sidebar",
}
FILE_COMPONENTS = {"file", "image", "audio", "video", "model3d", "uploadbutton", "imageeditor",
                   "gallery", "simpleimage", "annotatedimage", "imageslider", "files"}
VISIBILITIES = ("public", "undocumented", "private")
NO_DEFAULT = object()
# A plain path: segments of URL path characters, none "." or "..", no "@", "//", "\\", "?", "#".
PLAIN_PATH = re.compile(r"^(/(?!\.\.?(?:/|$))[\w.~%!$&'()*+,;=:-]+)*$", re.ASCII)


def version_tuple(version: str | None) -> tuple[int, ...]:
    """``"5.50.0"`` → ``(5, 50, 0)``; pre-release tails ignored; unknown → ``(0,)``."""
    if not version:
        return (0,)
    parts = []
    for piece in str(version).split(".")[:3]:
        match = re.match(r"\d+", piece)
        if not match:
            break
        parts.append(int(match.group()))
    return tuple(parts) or (0,)


@dataclass
class Param:
    """One input slot of an endpoint, in the order the server expects."""

    index: int                      # position in the dependency's input list (State included)
    component_id: int | None
    component: str                  # "Textbox", "Slider", …
    name: str                       # Python parameter name
    label: str | None = None
    python_type: str = "Any"
    description: str | None = ""    # what /info's python_type.description says of the type
    info: str | None = None         # the component's help text (``info=``)
    placeholder: str | None = None
    schema: dict[str, Any] = field(default_factory=dict)
    has_default: bool = False
    default: Any = None
    choices: list[tuple[str, Any]] | None = None   # (display label, value)
    multiselect: bool = False
    allow_custom: bool = False      # a Dropdown that accepts values outside its choices
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    lines: int | None = None
    is_file: bool = False
    is_state: bool = False          # hidden from the user, sent as null
    skip: bool = False              # layout/state: no API value
    example: Any = None

    @property
    def required(self) -> bool:
        return not self.skip and not self.has_default

    @property
    def description_summary(self) -> str:
        """The type description's first paragraph on one line (gradio 6 gives a File the whole
        FileData docstring); the full text stays in ``description``."""
        return " ".join((self.description or "").split("\n\n", 1)[0].split())

    @property
    def visible(self) -> bool:
        return not self.skip


@dataclass
class Return:
    index: int
    component_id: int | None
    component: str
    label: str | None = None
    python_type: str = "Any"
    description: str | None = ""
    schema: dict[str, Any] = field(default_factory=dict)
    is_file: bool = False
    is_state: bool = False
    skip: bool = False


@dataclass
class SharedName:
    """One ``api_name`` held by several listeners: the name runs ``routed_to`` only."""

    api_name: str                   # without the leading "/"
    routed_to: int                  # the fn_index the server runs for the name
    listeners: list[int]            # every fn_index with this name, in config order


@dataclass
class Endpoint:
    fn_index: int
    api_name: str | None            # without the leading "/", None for unnamed
    visibility: str = "public"      # public | undocumented | private
    generator: bool = False
    batch: bool = False
    max_batch_size: int = 4
    queue: bool = True
    description: str = ""
    inputs: list[Param] = field(default_factory=list)
    outputs: list[Return] = field(default_factory=list)
    connection: str = "sse"
    oauth_token: str | None = None  # "required" | "optional" | None
    in_info: bool = False           # listed by the server's /info
    shared_name: SharedName | None = None   # its config api_name names other listeners too
    event: EventTrigger | None = None       # the event whose data its function reads (core.eventdata)

    @property
    def route(self) -> str:
        """How a user names it: ``/x`` or ``fn:N``."""
        return f"/{self.api_name}" if self.api_name else f"fn:{self.fn_index}"

    @property
    def parameters(self) -> list[Param]:
        """The inputs a user fills in (State and layout slots removed)."""
        return [p for p in self.inputs if p.visible]

    @property
    def returns(self) -> list[Return]:
        return [r for r in self.outputs if not r.skip]

    @property
    def uses_state(self) -> bool:
        return any(p.is_state for p in self.inputs) or any(r.is_state for r in self.outputs)

    @property
    def shared_name_note(self) -> str:
        """What a user must know when this listener's api_name names others too ("" if not)."""
        share = self.shared_name
        if share is None:
            return ""
        others = ", ".join(f"fn:{i}" for i in share.listeners if i != self.fn_index)
        if share.routed_to == self.fn_index:
            return (f"/{share.api_name} also names {others}; the server runs this one (fn:{self.fn_index}) "
                    f"for the name: call the others by fn:N")
        return (f"its api_name /{share.api_name} runs fn:{share.routed_to} on the server; "
                f"call this one as fn:{self.fn_index}")

    @property
    def has_files(self) -> bool:
        return any(p.is_file for p in self.parameters)

    def visible_outputs(self, data: list[Any]) -> list[Any]:
        """Server output list → the visible outputs, in order (State/layout slots dropped)."""
        if not self.outputs:
            return list(data)
        return [value for value, ret in zip(data, self.outputs) if not ret.skip] + list(data[len(self.outputs):])


@dataclass
class AppSchema:
    root: str                       # app URL, no trailing slash
    version: str
    api_prefix: str
    protocol: str
    title: str = ""
    endpoints: list[Endpoint] = field(default_factory=list)
    show_error: bool = False
    max_file_size: int | None = None
    connect_heartbeat: bool = False
    auth_required: bool = False
    space_id: str | None = None
    username: str | None = None
    page: str | None = None
    config: dict[str, Any] = field(default_factory=dict, repr=False)
    info: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def version_tuple(self) -> tuple[int, ...]:
        return version_tuple(self.version)

    @property
    def api_root(self) -> str:
        return self.root + self.api_prefix

    @property
    def has_call_route(self) -> bool:
        return self.version_tuple >= (4, 20)

    @property
    def has_cancel_route(self) -> bool:
        return self.version_tuple >= (4, 31)

    def visible_endpoints(self, include_private: bool = False) -> list[Endpoint]:
        return [e for e in self.endpoints if include_private or e.visibility != "private"]

    def endpoint(self, name: str, *, allow_private: bool = False) -> Endpoint:
        """Find by ``/x``, ``x`` or ``fn:N``; unknown names raise with the closest ones."""
        from gradio_tui.core.errors import UnknownEndpoint, UsageError

        wanted = name.strip()
        found: Endpoint | None = None
        if wanted.startswith("fn:") and wanted[3:].isdigit():
            found = next((e for e in self.endpoints if e.fn_index == int(wanted[3:])), None)
        else:
            bare = wanted.lstrip("/")
            found = next((e for e in self.endpoints if e.api_name == bare), None)
        if found is None:
            import difflib

            names = [e.route for e in self.visible_endpoints()]
            close = difflib.get_close_matches("/" + wanted.lstrip("/"), names, n=3, cutoff=0.4)
            hint = ("did you mean " + ", ".join(close) + "?") if close else (
                "endpoints: " + ", ".join(names[:12]) if names else "the app has no API endpoints")
            raise UnknownEndpoint(f"unknown endpoint {wanted!r}", hint=hint)
        if found.visibility == "private" and not allow_private:
            raise UsageError(f"endpoint {found.route} is private (not part of the app's API)",
                             hint="pass --allow-private to call it anyway")
        return found


# --- where the app lives: api_prefix and root ------------------------------------------------

def _bad_config(field_name: str, value: object, why: str) -> Exception:
    from gradio_tui.core.errors import BadConfig

    shown = repr(value)[:80] if isinstance(value, str) else type(value).__name__
    return BadConfig(f"the app's config is unusable: {field_name} {shown} {why}",
                     hint="a Gradio app's config names paths on its own origin; ask the app's owner")


def _plain_path(field_name: str, value: str) -> str:
    if re.search(r"[\x00-\x20\x7f-\x9f]", value):
        raise _bad_config(field_name, value, "contains spaces or control characters")
    path = value.rstrip("/")
    if not PLAIN_PATH.match(path):
        raise _bad_config(field_name, value, "is not a plain path on the app's origin")
    return path


def api_prefix_of(config: dict[str, Any]) -> str:
    """The config's ``api_prefix`` (``/gradio_api``, or ``""`` before 5.0), checked: it is glued
    to the app's URL, so anything but a plain path (``@host:port/x``, ``//host``, ``http://…``)
    would send requests, and the credentials on them, elsewhere → ``BadConfig``."""
    value = config.get("api_prefix")
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise _bad_config("api_prefix", value, "is not a string")
    return _plain_path("api_prefix", value)


def config_root_path(config: dict[str, Any]) -> str | None:
    """The path of the config's ``root`` (an http(s) URL or a path), checked like ``api_prefix``;
    ``None`` when there is none. Its host is not ours to use: behind a proxy it is the public one."""
    value = config.get("root")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _bad_config("root", value, "is not a string")
    if re.search(r"[\x00-\x20\x7f-\x9f]", value):
        raise _bad_config("root", value, "contains spaces or control characters")
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a port out of range
    except ValueError:
        raise _bad_config("root", value, "is not a valid URL") from None
    if parts.scheme and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise _bad_config("root", value, "is not an http(s) URL")
    if "@" in parts.netloc or (not parts.scheme and parts.netloc) or parts.query or parts.fragment:
        raise _bad_config("root", value, "is not a plain URL of the app")
    return _plain_path("root", parts.path)


# --- parsing ---------------------------------------------------------------------------------

def _visibility(dep: dict[str, Any]) -> str:
    vis = dep.get("api_visibility")
    if vis in VISIBILITIES:
        return str(vis)
    if dep.get("api_name") is False:
        return "private"
    if dep.get("show_api") is False:
        return "undocumented"
    return "public"


def _api_name(dep: dict[str, Any]) -> str | None:
    name = dep.get("api_name")
    if name is False or name is None or name == "":
        return None
    return str(name).lstrip("/")


def _choices(props: dict[str, Any], tr: Translations) -> list[tuple[str, Any]] | None:
    raw = props.get("choices")
    if not isinstance(raw, list):
        return None
    out = []
    for item in raw:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((tr.text(item[0]) or "", item[1]))
        else:
            out.append((tr.text(item) or "", item))
    return out


def _key(value: Any) -> Any:
    """A component or dependency id usable as a key (an app may send anything)."""
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None


def _component_name(comp: dict[str, Any]) -> str:
    kind = str(comp.get("type", "unknown"))
    return kind[:1].upper() + kind[1:]


def _param_name(label: str | None, index: int, taken: set[str]) -> str:
    base = re.sub(r"\W+", "_", str(label or "").strip().lower()).strip("_")
    if not base or base[0].isdigit() or base in ("api_name", "fn_index", "result_callbacks"):
        base = f"param_{index}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def _is_skip(comp: dict[str, Any]) -> bool:
    """The config's ``skip_api`` first, then the type (gradio_client's rule); State always."""
    kind = str(comp.get("type", "")).lower()
    if kind == "state":
        return True
    skip = comp.get("skip_api")
    return skip if isinstance(skip, bool) else kind in SKIP_COMPONENTS


def _type_description(pt: Any) -> str | None:
    """python_type.description as /info has it (a data model without a docstring gives null)."""
    text = pt.get("description", "") if isinstance(pt, dict) else ""
    return text if isinstance(text, str) or text is None else ""


def _schema_description(schema: dict[str, Any], key: str) -> str | None:
    """The text the server would put in python_type.description (from the config alone)."""
    return _type_description({"description": schema.get(key, "")})


def _input_schema(comp: dict[str, Any]) -> dict[str, Any]:
    schema = comp.get("api_info_as_input") or comp.get("api_info") or {}
    return schema if isinstance(schema, dict) else {}


def _output_schema(comp: dict[str, Any]) -> dict[str, Any]:
    schema = comp.get("api_info_as_output") or comp.get("api_info") or {}
    return schema if isinstance(schema, dict) else {}


def _build_inputs(dep: dict[str, Any], comps: dict[Any, dict[str, Any]], info_ep: dict[str, Any] | None,
                  tr: Translations, version: tuple[int, ...]) -> list[Param]:
    info_params = [ip if isinstance(ip, dict) else None for ip in as_list(as_dict(info_ep).get("parameters"))]
    params: list[Param] = []
    taken: set[str] = set()
    visible_index = 0
    for index, cid in enumerate(as_list(dep.get("inputs"))):
        comp = comps.get(_key(cid)) or {"type": "unknown", "props": {}}
        props = as_dict(comp.get("props"))
        kind = str(comp.get("type", "unknown")).lower()
        skip = _is_skip(comp)
        p = Param(index=index, component_id=cid, component=_component_name(comp), name=f"param_{index}",
                  label=tr.text(props.get("label")), skip=skip, is_state=(kind == "state"),
                  info=tr.text(props.get("info")), placeholder=tr.text(props.get("placeholder")))
        p.choices = _choices(props, tr)
        p.multiselect = bool(props.get("multiselect")) or kind == "checkboxgroup"
        p.allow_custom = bool(props.get("allow_custom_value"))
        p.minimum, p.maximum = as_number(props.get("minimum")), as_number(props.get("maximum"))
        p.step = as_number(props.get("step"))
        p.lines = props.get("lines") if isinstance(props.get("lines"), int) else None
        p.schema = _input_schema(comp)
        if not skip:
            ip = info_params[visible_index] if visible_index < len(info_params) else None
            visible_index += 1
            if ip:
                p.name = str(ip.get("parameter_name") or _param_name(ip.get("label"), index, taken))
                taken.add(p.name)
                _take_info(p, ip, tr)
                p.has_default = bool(ip.get("parameter_has_default"))
                p.default = ip.get("parameter_default")
                p.example = ip.get("example_input")
            else:
                p.name = _param_name(p.label, index, taken)
                p.python_type = python_type(p.schema)
                # Blocks.get_api_info: 4.x shows the schema's description, 5.x+ the data model's.
                p.description = _schema_description(
                    p.schema, "description" if version < (5,) else "additional_description")
                value = props.get("value")
                # Server rule (Blocks.get_api_info): a non-None initial value is the default.
                p.has_default = value is not None
                p.default = value
                examples = comp.get("example_inputs")
                p.example = examples if examples is not None else None
            p.is_file = is_file_schema(p.schema) or p.python_type == "filepath" or (
                kind in FILE_COMPONENTS and not p.schema)
            if p.choices is None and isinstance(p.schema.get("enum"), list):
                p.choices = [(str(v), v) for v in p.schema["enum"]]
        params.append(p)
    return params


def _take_info(io: Param | Return, info: dict[str, Any], tr: Translations) -> None:
    """What ``/info`` says of a parameter or a return, over what the config said: its label,
    component, JSON schema, Python type (its text, else one made from the schema) and the
    server's description of that type."""
    io.label = tr.text(info["label"]) if "label" in info else io.label
    io.component = str(info.get("component") or io.component)
    io.schema = info["type"] if isinstance(info.get("type"), dict) else io.schema
    pt = info.get("python_type")
    io.python_type = str(pt.get("type") if isinstance(pt, dict) else pt or python_type(io.schema))
    io.description = _type_description(pt)


def _build_outputs(dep: dict[str, Any], comps: dict[Any, dict[str, Any]], info_ep: dict[str, Any] | None,
                   tr: Translations) -> list[Return]:
    info_returns = [ir if isinstance(ir, dict) else None for ir in as_list(as_dict(info_ep).get("returns"))]
    outs: list[Return] = []
    visible_index = 0
    for index, cid in enumerate(as_list(dep.get("outputs"))):
        comp = comps.get(_key(cid)) or {"type": "unknown", "props": {}}
        props = as_dict(comp.get("props"))
        kind = str(comp.get("type", "unknown")).lower()
        r = Return(index=index, component_id=cid, component=_component_name(comp), label=tr.text(props.get("label")),
                   skip=_is_skip(comp), is_state=(kind == "state"), schema=_output_schema(comp))
        if not r.skip:
            ir = info_returns[visible_index] if visible_index < len(info_returns) else None
            visible_index += 1
            if ir:
                _take_info(r, ir, tr)
            else:
                r.python_type = python_type(r.schema)
                r.description = _schema_description(r.schema, "description")
            r.is_file = is_file_schema(r.schema) or r.python_type == "filepath"
        outs.append(r)
    return outs


def _shared_names(deps: list[tuple[int, dict[str, Any]]], comps: dict[Any, dict[str, Any]],
                  named: dict[str, Any]) -> tuple[dict[str, SharedName], dict[str, int]]:
    """api_names held by several listeners, and for each the listener /info describes.

    /info is a dict filled in listener order, so the last listener it lists (public, with as
    many parameters as the entry) owns the entry."""
    holders: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for fn_index, dep in deps:
        name = _api_name(dep)
        if name:
            holders.setdefault(name, []).append((fn_index, dep))
    shared: dict[str, SharedName] = {}
    owner: dict[str, int] = {}
    for name, group in holders.items():
        if len(group) < 2:
            continue
        shared[name] = SharedName(api_name=name, routed_to=group[0][0], listeners=[i for i, _ in group])
        entry = named.get(f"/{name}")
        if not isinstance(entry, dict):
            continue
        wanted = len(as_list(entry.get("parameters")))
        for fn_index, dep in reversed(group):
            inputs = [comps.get(_key(cid)) or {} for cid in as_list(dep.get("inputs"))]
            if _visibility(dep) == "public" and sum(not _is_skip(c) for c in inputs) == wanted:
                owner[name] = fn_index
                break
    return shared, owner


def parse_schema(root: str, config: dict[str, Any], info: dict[str, Any] | None = None,
                 page: str | None = None) -> AppSchema:
    """Build the app's schema; tolerant of missing and unexpected fields."""
    comps: dict[Any, dict[str, Any]] = {}
    for comp in as_list(config.get("components")):
        if isinstance(comp, dict) and _key(comp.get("id")) is not None:
            comps[comp["id"]] = comp
    named = as_dict(as_dict(info).get("named_endpoints"))
    unnamed = as_dict(as_dict(info).get("unnamed_endpoints"))
    page_deps: set[int] | None = None
    if page is not None and isinstance(config.get("page"), dict) and page in config["page"]:
        ids = as_dict(config["page"][page]).get("dependencies")
        page_deps = {i for i in ids if _key(i) is not None} if isinstance(ids, list) else None

    tr = Translations.of_config(config)
    version = version_tuple(str(config.get("version") or ""))
    deps: list[tuple[int, dict[str, Any]]] = []
    for position, dep in enumerate(as_list(config.get("dependencies"))):
        if not isinstance(dep, dict):
            continue
        fn_index = dep.get("id", position)
        if not isinstance(fn_index, int):
            fn_index = position
        if dep.get("backend_fn") is False:
            continue  # js-only listener: nothing on the server to call
        deps.append((fn_index, dep))
    shared, info_owner = _shared_names(deps, comps, named)

    endpoints: list[Endpoint] = []
    for fn_index, dep in deps:
        if page_deps is not None and fn_index not in page_deps:
            continue
        name = _api_name(dep)
        listed = named.get(f"/{name}") if name else unnamed.get(str(fn_index))
        share = shared.get(name) if name else None
        info_ep = listed if isinstance(listed, dict) else None
        if name and share is not None and info_owner.get(name) != fn_index:
            info_ep = None  # /info describes another listener of this name
        types = dep.get("types") or {}
        ep = Endpoint(
            fn_index=fn_index,
            api_name=name if share is None or share.routed_to == fn_index else None,
            shared_name=share,
            visibility=_visibility(dep),
            generator=bool(types.get("generator")) if isinstance(types, dict) else False,
            batch=bool(dep.get("batch")),
            max_batch_size=dep["max_batch_size"] if isinstance(dep.get("max_batch_size"), int) else 4,
            queue=dep.get("queue") is not False,
            description=tr.text((info_ep or {}).get("description") or dep.get("api_description")) or "",
            connection=str(dep.get("connection") or "sse"),
            in_info=info_ep is not None or (share is not None and listed is not None),
        )
        oauth = (info_ep or {}).get("oauth_token")
        ep.oauth_token = oauth if oauth in ("required", "optional") else None
        if ep.visibility == "public" and info is not None and listed is None and name and named:
            # Listed in the config as public but absent from /info: the server hides it.
            ep.visibility = "undocumented"
        ep.event = event_trigger(dep, comps)
        ep.inputs = _build_inputs(dep, comps, info_ep, tr, version)
        ep.outputs = _build_outputs(dep, comps, info_ep, tr)
        endpoints.append(ep)

    max_size = config.get("max_file_size")
    return AppSchema(
        root=root.rstrip("/"),
        version=str(config.get("version") or ""),
        api_prefix=api_prefix_of(config),
        protocol=str(config.get("protocol") or "ws"),
        title=tr.text(config.get("title")) or "",
        endpoints=endpoints,
        show_error=bool(config.get("show_error")),
        max_file_size=max_size if isinstance(max_size, int) else None,
        connect_heartbeat=bool(config.get("connect_heartbeat")),
        auth_required=bool(config.get("auth_required")),
        space_id=config.get("space_id") or None,
        username=config.get("username") or None,
        page=page,
        config=config,
        info=info,
    )
