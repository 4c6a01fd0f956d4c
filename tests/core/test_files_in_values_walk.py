"""``core.filedata.find_files``: where a file stands in a value, by the parameter's schema (no
server: the schemas are the ones gradio 4.44 / 6.31 give in ``/info``, cut down)."""

from __future__ import annotations

import json

import pytest

from gradio_tui.core.errors import ArgumentError
from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.filedata import FILE_SCHEMA, file_places, find_files, put_at
from gradio_tui.core.protocol.payload import build_payload, takes_paths
from gradio_tui.core.protocol.schema import Endpoint, Param
from gradio_tui.core.snippets import render

META6 = {"$ref": "#/$defs/FileDataMeta"}
FILEDATA6 = {"title": "FileData", "type": "object", "required": ["path"],
             "properties": {"path": {"type": "string"}, "url": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                            "meta": META6}}
FILEDATA4 = {"title": "FileData", "type": "object",
             "properties": {"path": {"type": "string"}, "meta": {"default": {"_type": "gradio.FileData"}}}}
IMAGEDATA = {"title": "ImageData", "type": "object",
             "properties": {"path": {"anyOf": [{"type": "string"}, {"type": "null"}]}, "url": {}, "meta": {}}}
DEFS = {"FileData": FILEDATA6, "ImageData": IMAGEDATA, "FileDataMeta": {"type": "object"}}
REF = {"$ref": "#/$defs/FileData"}

LIST_OF_FILES = {"$defs": DEFS, "type": "array", "items": REF}
EDITOR = {"$defs": DEFS, "type": "object", "properties": {
    "background": {"anyOf": [REF, {"type": "null"}]}, "layers": {"type": "array", "items": REF},
    "composite": {"anyOf": [REF, {"type": "null"}]}, "id": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}
SLIDER = {"$defs": DEFS, "anyOf": [{"type": "array", "prefixItems": [
    {"anyOf": [{"$ref": "#/$defs/ImageData"}, {"type": "null"}]},
    {"anyOf": [{"$ref": "#/$defs/ImageData"}, {"type": "null"}]}]},
    {"type": "null"}]}
GALLERY = {"$defs": {**DEFS, "GalleryImage": {"type": "object", "properties": {
    "image": {"$ref": "#/$defs/ImageData"}, "caption": {"anyOf": [{"type": "string"}, {"type": "null"}]}}},
    "GalleryVideo": {"type": "object", "properties": {"video": REF, "caption": {}}}},
    "type": "array", "items": {"anyOf": [{"$ref": "#/$defs/GalleryImage"}, {"$ref": "#/$defs/GalleryVideo"}]}}
MULTIMODAL = {"$defs": DEFS, "type": "object", "properties": {"text": {"type": "string"},
                                                              "files": {"type": "array", "items": REF}}}
VIDEO4 = {"$defs": {"FileData": FILEDATA4}, "title": "VideoData", "type": "object", "properties": {
    "video": {"$ref": "#/$defs/FileData"}, "subtitles": {"anyOf": [{"$ref": "#/$defs/FileData"}, {"type": "null"}]}}}
CHATBOT_TEXT = {"type": "array", "items": {"anyOf": [{"type": "string"}, FILEDATA6]}}


@pytest.fixture
def files(tmp_path):
    out = {}
    for name in ("a.png", "b.png", "c.txt"):
        out[name] = tmp_path / name
        out[name].write_bytes(name.encode())
    return out


def places(found):
    return [(f.at, f.source if f.is_url else f.source.rsplit("/", 1)[-1]) for f in found]


def test_file_places_of_each_component():
    assert file_places(LIST_OF_FILES) == [["*"]]
    assert file_places(EDITOR) == [["background"], ["layers", "*"], ["composite"]]
    assert file_places(SLIDER) == [[0], [1]]
    assert file_places(GALLERY) == [["*", "image"], ["*", "video"]]
    assert file_places(MULTIMODAL) == [["files", "*"]]
    assert file_places(VIDEO4) == [["video"], ["subtitles"]]
    assert file_places({"$defs": DEFS, **FILEDATA6}) == [[]]
    assert file_places({"type": "string"}) == [] and file_places(CHATBOT_TEXT) == []


def test_find_files_everywhere(files):
    a, b, c = (str(files[n]) for n in ("a.png", "b.png", "c.txt"))
    assert places(find_files("v", [a, b], LIST_OF_FILES)[1]) == [([0], "a.png"), ([1], "b.png")]
    value = {"background": a, "layers": [b, a], "composite": None, "id": "x"}
    assert places(find_files("v", value, EDITOR)[1]) == [
        (["background"], "a.png"), (["layers", 0], "b.png"), (["layers", 1], "a.png")]
    assert places(find_files("v", [a, None], SLIDER)[1]) == [([0], "a.png")]
    gallery = [{"image": a, "caption": "a"}, {"video": c, "caption": None}]
    assert places(find_files("v", gallery, GALLERY)[1]) == [([0, "image"], "a.png"), ([1, "video"], "c.txt")]
    assert places(find_files("v", {"text": "hi", "files": [c]}, MULTIMODAL)[1]) == [(["files", 0], "c.txt")]
    assert places(find_files("v", {"video": c, "subtitles": None}, VIDEO4)[1]) == [(["video"], "c.txt")]


def test_text_where_text_may_stand_is_left_alone(files):
    """A string is a file only where no plain-text branch exists (a Chatbot's message is text)."""
    value, found = find_files("v", [str(files["c.txt"]), "hello"], CHATBOT_TEXT)
    assert found == [] and value == [str(files["c.txt"]), "hello"]
    assert find_files("v", {"text": str(files["c.txt"]), "files": []}, MULTIMODAL)[1] == []


def test_urls_go_as_urls_and_filedata_with_a_local_path_is_uploaded(files):
    url = "https://example.com/pics/cat.png?x=1"
    local = {"path": str(files["a.png"]), "meta": {"_type": "gradio.FileData"}}
    remote = {"path": "/tmp/gradio/abc/out.png", "url": "http://127.0.0.1/file=x", "meta": {"_type": "gradio.FileData"}}
    found = find_files("v", [url, local, remote], LIST_OF_FILES)[1]
    assert [(f.at, f.is_url) for f in found] == [([0], True), ([1], False)]
    # With no schema at all (a gr.JSON input), a FileData with a local path is still uploaded.
    assert places(find_files("v", {"deep": [local]}, {})[1]) == [(["deep", 0], "a.png")]


def test_one_path_where_a_list_goes_becomes_a_list(files):
    value, found = find_files("files", str(files["c.txt"]), LIST_OF_FILES)
    assert value == [str(files["c.txt"])] and places(found) == [([0], "c.txt")]


def test_a_missing_file_says_where(tmp_path):
    with pytest.raises(ArgumentError) as caught:
        find_files("value", {"background": None, "layers": [str(tmp_path / "gone.png")]}, EDITOR)
    assert "value['layers'][0]: file not found" in str(caught.value)


@pytest.mark.parametrize("schema", [
    {"$defs": {"A": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"},                      # a $ref loop
    {"$defs": [], "items": [[]], "properties": "x", "anyOf": "y", "prefixItems": 3},   # nonsense
    {"type": "array", "items": {"anyOf": [{"anyOf": [{"anyOf": []}]}]}},
    {"$defs": {"A": {"anyOf": [{"$ref": "#/$defs/B"}] * 50}, "B": {"anyOf": [{"$ref": "#/$defs/A"}] * 50}},
     "type": "array", "items": {"anyOf": [{"$ref": "#/$defs/A"}] * 50}},                # fan-out
    {"anyOf": [{"anyOf": [{"anyOf": [{"anyOf": [{"type": "array"}] * 30}] * 30}] * 30}] * 30},   # 810,000 leaves
    [], None, "FileData",
])
def test_hostile_schemas_find_nothing_and_do_not_crash(schema, files):
    value = [str(files["a.png"]), {"x": [1, 2]}]
    assert find_files("v", value, schema) == (value, [])
    assert file_places(schema) == []


def test_a_long_list_of_files_is_found_whole(files):
    paths = [str(files["c.txt"])] * 30_000
    assert len(find_files("v", paths, LIST_OF_FILES)[1]) == 30_000


def test_deep_values_do_not_recurse_forever():
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    assert find_files("v", deep, LIST_OF_FILES)[1] == []


def test_put_at_copies():
    value = {"a": [1, {"b": 2}]}
    assert put_at(value, ["a", 1, "b"], 3) == {"a": [1, {"b": 3}]}
    assert value == {"a": [1, {"b": 2}]}


def _endpoint(schema, component="Gallery"):
    param = Param(index=0, component_id=1, component=component, name="items", schema=schema,
                  python_type="list[dict(image: filepath, caption: str | None)]")
    return Endpoint(fn_index=0, api_name="gallery", inputs=[param])


def test_build_payload_notes_each_file_and_snippets_place_them(files):
    a, b = str(files["a.png"]), str(files["b.png"])
    payload = build_payload(_endpoint(GALLERY), [[{"image": a, "caption": "x"}, {"image": b, "caption": None}]])
    assert places(payload.files) == [([0, "image"], "a.png"), ([1, "image"], "b.png")]
    record = CallRecord(target="http://127.0.0.1:1", root="http://127.0.0.1:1", gradio_version="6.31.0",
                        api_prefix="/gradio_api", api_name="gallery", fn_index=0, args=payload.args,
                        files=payload.files, params=["items"])
    python = render(record, "python")
    expected = (f'items=[{{"image": handle_file({a!r}), "caption": "x"}}, '
                f'{{"image": handle_file({b!r}), "caption": None}}]')
    assert expected.replace("'", '"') in python
    js = render(record, "js")
    assert f'"image": handle_file(new File([await readFile({json.dumps(a)})], "a.png"))' in js
    curl = render(record, "curl")
    assert curl.count("-F ") == 2 and '"image": {"path": "\'"$FILE_1"\'"' in curl


def test_the_apps_default_never_names_a_local_file_to_upload(tmp_path):
    """A hostile app's default pointing at a file of ours (a key, a token file) is not uploaded;
    the same path given by the user is."""
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY")
    default = [{"path": str(secret), "meta": {"_type": "gradio.FileData"}}, str(secret),
               "https://example.com/ok.png"]
    param = Param(index=0, component_id=1, component="File", name="files", schema=LIST_OF_FILES,
                  python_type="list[filepath]", has_default=True, default=default)
    endpoint = Endpoint(fn_index=0, api_name="files", inputs=[param])
    payload = build_payload(endpoint)
    assert [(f.at, f.source, f.is_url) for f in payload.files] == [([2], "https://example.com/ok.png", True)]
    assert payload.data == [default]
    mine = tmp_path / "mine.txt"
    mine.write_text("my file")
    assert [f.source for f in build_payload(endpoint, [[str(mine)]]).files] == [str(mine)]
    # A form shows the default for editing and sends it back as the user's value: its FileData is
    # still not read, whole or in part; a path the user gives (typed, picked, --file) is.
    assert [f.source for f in build_payload(endpoint, kwargs={"files": default[:1] + default[2:]}).files] == [
        "https://example.com/ok.png"]
    assert [f.source for f in build_payload(endpoint, kwargs={"files": [default[0], str(mine)]}).files] == [str(mine)]
    assert [f.source for f in build_payload(endpoint, [[str(secret)]]).files] == [str(secret)]


def test_a_text_box_whose_schema_says_file_never_uploads_what_was_typed(tmp_path, monkeypatch):
    """A Textbox-looking parameter whose schema says FileData: ``.env`` typed by the user is sent
    as text, not read from disk (a FileData the user writes out is still uploaded)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("SECRET=1")
    param = Param(index=0, component_id=1, component="Textbox", name="text", schema=FILE_SCHEMA,
                  python_type="str")
    assert not takes_paths(param)
    assert find_files("text", ".env", FILE_SCHEMA, plain_paths=takes_paths(param))[1] == []
    filedata = {"path": str(tmp_path / ".env"), "meta": {"_type": "gradio.FileData"}}
    assert [f.source for f in find_files("text", filedata, FILE_SCHEMA, plain_paths=False)[1]] == [
        str(tmp_path / ".env")]
    assert takes_paths(Param(index=0, component_id=1, component="File", name="f", schema=FILE_SCHEMA))
