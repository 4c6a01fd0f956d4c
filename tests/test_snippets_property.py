"""Property: for any string, the curl snippet of ``/echo`` — run by bash against a real app —
prints exactly that string. Both curl forms: ``/call`` (POST + GET) and the queue protocol
(``queue/join`` + ``queue/data``, whose compact JSON the awk reader cuts out of the message).
"""

from __future__ import annotations

import dataclasses
import json
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradio_tui.core.session import Session
from gradio_tui.core.snippets import call_form, render

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@pytest.fixture(scope="module")
async def echo_session(gradio6):
    session = await Session.connect(gradio6.url("basic"), timeout=30)
    yield session
    await session.aclose()


def run_bash(script: str) -> str:
    done = subprocess.run(["bash", "-c", script], check=False, capture_output=True, timeout=60,
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    assert done.returncode == 0, (done.stderr.decode("utf-8", "replace"), script)
    return done.stdout.decode("utf-8")


async def test_curl_echo_returns_any_string_exactly(echo_session):
    named = echo_session.plan("/echo", ["x"])
    unnamed = dataclasses.replace(named, api_name=None)
    assert (call_form(named), call_form(unnamed)) == ("call", "queue")

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=TEXT)
    def check(text: str) -> None:
        for record in (named, unnamed):
            record = dataclasses.replace(record, args={"text": text})
            out = run_bash(render(record, "curl"))
            assert out.endswith("\n")
            assert json.loads(out[:-1]) == [text]

    check()
