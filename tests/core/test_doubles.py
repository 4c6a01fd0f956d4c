"""One home per wire helper (issue 14): the JSON coercers, Retry-After, the snippet languages,
the Space subdomain rules. Each fold keeps the behaviour the copies had, and the Hub's models
now get the bounds the event coercers always had."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from gradio_tui.core import coerce
from gradio_tui.core.hub.account import ZeroGpuQuota
from gradio_tui.core.hub.client import retry_after
from gradio_tui.core.hub.models import Runtime, SpaceInfo, SpaceResult, host_of, subdomain_guess, subdomain_of
from gradio_tui.core.snippets import LANGS

pytestmark = pytest.mark.hygiene


def test_the_coercers_drop_what_is_not_the_type():
    assert coerce.as_int(3.0) == 3 and coerce.as_int(True) is None and coerce.as_int(2 ** 60) is None
    assert coerce.as_float(10 ** 400) is None and coerce.as_float(float("nan")) is None
    assert coerce.as_number(2) == 2 and isinstance(coerce.as_number(2.5), float)
    assert coerce.as_name("  ") is None and coerce.as_name("x") == "x" and coerce.as_name(3) is None
    assert coerce.as_bool("yes") is None and coerce.as_bool(False) is False
    assert coerce.as_dict([1]) == {} and coerce.as_list({"a": 1}) == []
    assert coerce.as_text({"a": 1}) == '{"a": 1}' and coerce.as_text(None) is None


def test_hub_models_bound_numbers_like_events_do():
    huge = 10 ** 400                    # float(huge) raises OverflowError: the old _float crashed here
    result = SpaceResult.from_json({"id": "a/b", "likes": huge, "semanticRelevancyScore": huge,
                                    "trendingScore": huge})
    assert result is not None and result.likes is None and result.score is None and result.trending is None
    info = SpaceInfo.from_json({"id": "a/b", "likes": 2 ** 60, "runtime": {"gcTimeout": huge}})
    assert info.likes is None and info.sleep_time is None
    quota = ZeroGpuQuota.from_json({"base": huge, "current": 12, "resetsAt": 5})
    assert quota.base is None and quota.current == 12.0 and quota.resets_at is None
    assert Runtime.from_json({"domains": {"not": "a list"}}).domains == []


def test_one_host_rule_for_info_search_and_host_answers():
    assert host_of({"host": "https://a-b.hf.space/"}) == "https://a-b.hf.space"
    assert host_of({"subdomain": "a-b"}) == "https://a-b.hf.space"
    assert host_of({"host": "  "}, Runtime(domains=["x.hf.space"])) == "https://x.hf.space"
    assert host_of(["not", "a dict"]) is None


def test_the_subdomain_rules_live_together():
    assert subdomain_guess("Acme/My_App.v2") == "acme-my-app-v2"
    assert subdomain_of("https://acme-my-app.hf.space/x?y=1") == "acme-my-app"
    assert subdomain_of("not a url") == ""


def test_one_retry_after_parser_for_the_hub_and_the_apps():
    def answer(**headers: str) -> httpx.Response:
        return httpx.Response(429, headers=headers)

    assert retry_after(answer(**{"retry-after": "7"})) == 7.0
    later = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 30 < retry_after(answer(**{"retry-after": later})) <= 61
    assert retry_after(answer(**{"retry-after": "NaN"})) is None
    assert retry_after(answer(**{"retry-after": "soon", "ratelimit": '"api";r=0;t=12'})) == 12.0


def test_the_snippet_languages_have_one_home():
    from gradio_tui.cli import calls as cli_app
    from gradio_tui.tui.screens import history
    from gradio_tui.tui.widgets import export_panel

    assert cli_app.EXPORT_LANGS is LANGS and history.LANGS is LANGS and export_panel.LANGS is LANGS


def test_the_hub_modules_have_no_cycle():
    """hub.spaces re-exports account, logs, search and info; none of them imports spaces back,
    not even inside a function (account once did, for space_info). import-linter's acyclic
    contract holds this for the top-level imports; this checks the ones inside functions too."""
    import ast
    from pathlib import Path

    import gradio_tui.core.hub as hub

    folder = Path(hub.__file__).parent
    for name in ("account", "client", "info", "logs", "models", "search"):
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                     for alias in node.names}
        assert "gradio_tui.core.hub.spaces" not in imported, f"hub.{name} imports hub.spaces"
