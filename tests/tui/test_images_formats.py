"""Red team on inline images: Pillow picks a decoder by the bytes, not the name, and some of its
decoders run programs — an EPS is rendered by running Ghostscript (``gs``) on the app's file. An
``out.png`` that is really PostScript is not decoded: only the image formats a preview shows are."""

from __future__ import annotations

import stat

import pytest

from tests.tui.test_images import image_output, shown_problem

pytest.importorskip("PIL")
pytestmark = pytest.mark.trust

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto showpage\n%%EOF\n"


async def test_postscript_named_png_never_runs_ghostscript(fs, tmp_path, monkeypatch):
    from PIL import EpsImagePlugin

    record = tmp_path / "gs-ran.txt"
    gs = tmp_path / "bin" / "gs"
    gs.parent.mkdir()
    gs.write_text(f'#!/bin/sh\necho "$@" >> "{record}"\nexit 1\n', encoding="utf-8")
    gs.chmod(gs.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{gs.parent}:/usr/bin:/bin")
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)       # Pillow looks for gs again
    fs.file_bytes = EPS
    shown = await shown_problem(fs, image_output(f"{fs.url}/gradio_api/file=/tmp/out.png", "out.png"))
    assert "not an image Pillow can read" in shown
    assert not record.exists(), "Pillow ran gs on the app's file"
