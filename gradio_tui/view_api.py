"""``api --json``: gradio_client's ``view_api(return_format="dict")`` keys, plus ours beside them."""

from __future__ import annotations

from typing import Any

from .core.schema import AppSchema, Endpoint


def _endpoint_dict(ep: Endpoint) -> dict[str, Any]:
    params = []
    for p in ep.parameters:
        params.append({
            "label": p.label, "parameter_name": p.name, "parameter_has_default": p.has_default,
            "parameter_default": p.default, "type": p.schema,
            "python_type": {"type": p.python_type, "description": ""}, "component": p.component,
            "example_input": p.example,
            # ours
            "required": p.required, "is_file": p.is_file,
            "choices": [[label, value] for label, value in p.choices] if p.choices is not None else None,
            "multiselect": p.multiselect, "minimum": p.minimum, "maximum": p.maximum, "step": p.step,
        })
    returns = [{"label": r.label, "type": r.schema, "python_type": {"type": r.python_type, "description": ""},
                "component": r.component, "is_file": r.is_file} for r in ep.returns]
    return {"parameters": params, "returns": returns, "fn_index": ep.fn_index, "visibility": ep.visibility,
            "generator": ep.generator, "batch": ep.batch, "uses_state": ep.uses_state,
            "description": ep.description, "oauth_token": ep.oauth_token}


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
