"""Property: for any string, the curl snippet of ``/echo`` — run by bash against a real app —
prints exactly that string, and shows no character a terminal could act on raw (C1 and bidi
controls are escaped inside the literal). Both curl forms: ``/call`` (POST + GET) and the queue protocol
(``queue/join`` + ``queue/data``, whose compact JSON the awk reader cuts out of the message).
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradio_tui.core.session import Session
from gradio_tui.core.snippets import call_form, render

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
CONTROLS = st.text(alphabet=st.sampled_from(list("a '\"\\$\n\x1b\x7f\x85\x9b\x9d\u2028\u061c\u200e\u200f\u202a\u202b"
                                                 "\u202c\u202d\u202e\u2066\u2067\u2068\u2069")))
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    @given(text=TEXT | CONTROLS)
    def check(text: str) -> None:
        for record in (named, unnamed):
            record = dataclasses.replace(record, args={"text": text})
            script = render(record, "curl")
            assert RAW_CONTROL.search(script) is None, script
            out = run_bash(script)
            assert out.endswith("\n")
            assert json.loads(out[:-1]) == [text]

    check()
