"""Text from the Hub reaches the terminal only through the sanitiser, in every CLI line: the
search fallback's reason (the Hub's error text) and the Space id in ``space``'s hints."""

from __future__ import annotations

import pytest

from tests.support.fixtures_faults import cli

pytestmark = pytest.mark.trust

ESC = "\x1b]0;PWNED-TITLE\x07\x1b]52;c;SGFja2Vk\x07\x9b2J"
RAW = ("\x1b", "\x9b", "\x07")


def test_the_hubs_error_text_in_the_search_fallback_is_sanitised(hub, capsys):
    hub.semantic = (400, {"error": "nope" + ESC})
    code, out, err = cli(capsys, "search", "image")
    assert "semantic search failed" in err
    assert not any(c in out + err for c in RAW), repr(err)
