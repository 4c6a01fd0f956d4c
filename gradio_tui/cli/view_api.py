"""``api --json``: gradio_client's ``view_api(return_format="dict")`` keys, plus ours beside them.

Where one api_name names several listeners, the name is the one the server runs (the first);
the others are listed by fn_index, and both carry ``shared_api_name`` to say so."""

from __future__ import annotations

from typing import Any

from gradio_tui.core import AppSchema, Endpoint


def _endpoint_dict(ep: Endpoint) -> dict[str, Any]:
    params = []
    for p in ep.parameters:
        params.append({
            "label": p.label, "parameter_name": p.name, "parameter_has_default": p.has_default,
            "parameter_default": p.default, "type": p.schema,
            "python_type": {"type": p.python_type, "description": p.description}, "component": p.component,
            "example_input": p.example,
            # ours
            "required": p.required, "is_file": p.is_file,
            "choices": [[label, value] for label, value in p.choices] if p.choices is not None else None,
            "multiselect": p.multiselect, "minimum": p.minimum, "maximum": p.maximum, "step": p.step,
            "info": p.info,
        })
    returns = [{"label": r.label, "type": r.schema,
                "python_type": {"type": r.python_type, "description": r.description},
                "component": r.component, "is_file": r.is_file} for r in ep.returns]
    return {"parameters": params, "returns": returns, "fn_index": ep.fn_index, "visibility": ep.visibility,
            "generator": ep.generator, "batch": ep.batch, "uses_state": ep.uses_state,
            "description": ep.description, "oauth_token": ep.oauth_token,
            "shared_api_name": _shared(ep), "event_data": _event(ep)}


def _event(ep: Endpoint) -> dict[str, Any] | None:
    """The event data the endpoint's function reads (``core.eventdata``), or None."""
    event = ep.event
    if event is None:
        return None
    return {"event": event.event, "class": event.class_name, "fields": list(event.fields),
            "trigger_id": event.trigger_id, "example": event.sample}


def _shared(ep: Endpoint) -> dict[str, Any] | None:
    share = ep.shared_name
    if share is None:
        return None
    return {"api_name": "/" + share.api_name, "routed_to": share.routed_to, "listeners": list(share.listeners)}


def view_api(schema: AppSchema, include_all: bool = False) -> dict[str, Any]:
    named: dict[str, Any] = {}
    unnamed: dict[str, Any] = {}
    for ep in schema.endpoints:
        if ep.visibility != "public" and not include_all:
            continue
        if ep.api_name:
            named[ep.route] = _endpoint_dict(ep)
        else:
            unnamed[str(ep.fn_index)] = _endpoint_dict(ep)
    return {"named_endpoints": named, "unnamed_endpoints": unnamed,
            "app": {"root": schema.root, "version": schema.version, "api_prefix": schema.api_prefix,
                    "protocol": schema.protocol, "title": schema.title}}
