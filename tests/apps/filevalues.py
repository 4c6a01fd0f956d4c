"""Files inside a value: every component whose value holds files somewhere other than at its top.

Each endpoint answers with a text summary of what the server itself read from the files it got
(name, size and SHA-256 of the bytes; width × height for images, which the server re-encodes),
so a file that was never uploaded fails the call instead of echoing a client path back.

    /files_multi   File(file_count="multiple")            a list of files
    /upload_multi  UploadButton(file_count="multiple")    a list of files
    /editor        ImageEditor                            {"background", "layers", "composite"}
    /slider        ImageSlider (5.x and later)            a pair of images
    /gallery       Gallery                                a list of {"image": file, "caption"}
    /multimodal    MultimodalTextbox                      {"text", "files": [files]}
    /video         Video                                  {"video": file, "subtitles": file|null} on 4.x/5.x
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import gradio as gr

from tests.apps._compat import MAJOR, listener

#: The endpoints this app has on the running gradio (ImageSlider is new in 5.x).
ENDPOINTS = ("/files_multi", "/upload_multi", "/editor", "/gallery", "/multimodal", "/video") + (
    ("/slider",) if hasattr(gr, "ImageSlider") else ()
)


def _path(item) -> str | None:
    if item is None:
        return None
    if isinstance(item, (str, os.PathLike)):
        return str(item)
    for attr in ("path", "name"):  # FileData / tempfile wrappers of older versions
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    if isinstance(item, dict) and isinstance(item.get("path"), str):
        return item["path"]
    raise TypeError(f"not a file: {type(item).__name__}")


def _file(item) -> str:
    """``name:size:sha256`` of a file the server holds."""
    path = Path(_path(item))
    data = path.read_bytes()
    return f"{path.name}:{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


def _image(item) -> str:
    """``WxH`` of an image the server holds (it may have re-encoded it)."""
    from PIL import Image

    path = _path(item)
    if path is None:
        return "none"
    with Image.open(path) as im:
        return f"{im.width}x{im.height}"


def files_multi(files) -> str:
    return " | ".join(_file(f) for f in files or [])


def upload_multi(files) -> str:
    return " | ".join(_file(f) for f in files or [])


def editor(value) -> str:
    value = value or {}
    layers = ",".join(_image(layer) for layer in value.get("layers") or [])
    return f"background={_image(value.get('background'))} layers=[{layers}] composite={_image(value.get('composite'))}"


def slider(pair) -> str:
    return " & ".join(_image(image) for image in pair or ())


def gallery(items) -> str:
    out = []
    for item in items or []:
        image, caption = item if isinstance(item, (tuple, list)) else (item, None)
        out.append(f"{_image(image)}:{caption}")
    return " | ".join(out)


def multimodal(value) -> str:
    value = value or {}
    files = " | ".join(_file(f) for f in value.get("files") or [])
    return f"text={value.get('text')!r} files=[{files}]"


def video(path) -> str:
    return _file(path)


def build() -> gr.Blocks:
    with gr.Blocks(title="filevalues", analytics_enabled=False) as demo:
        out = gr.Textbox(label="Summary")
        many = gr.File(file_count="multiple", type="filepath", label="Files")
        gr.Button("Files").click(files_multi, many, out, **listener("files_multi"))

        button = gr.UploadButton("Upload", file_count="multiple", type="filepath")
        button.upload(upload_multi, button, out, **listener("upload_multi"))

        edit = gr.ImageEditor(type="filepath", label="Editor")
        gr.Button("Editor").click(editor, edit, out, **listener("editor"))

        if hasattr(gr, "ImageSlider"):
            pair = gr.ImageSlider(type="filepath", label="Slider")
            gr.Button("Slider").click(slider, pair, out, **listener("slider"))

        images = gr.Gallery(type="filepath", label="Gallery")
        gr.Button("Gallery").click(gallery, images, out, **listener("gallery"))

        box = gr.MultimodalTextbox(label="Message", file_count="multiple")
        gr.Button("Multimodal").click(multimodal, box, out, **listener("multimodal"))

        clip = gr.Video(label="Clip", format=None) if MAJOR >= 5 else gr.Video(label="Clip")
        gr.Button("Video").click(video, clip, out, **listener("video"))
    return demo
