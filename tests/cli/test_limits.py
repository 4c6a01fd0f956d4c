"""Issue 12, items 9–11: no server can hang the client past ``--timeout``, fill its memory or
write outside the download folder.

Each attack runs against ``tests/support/faultserver.py`` with a hostile route from
``tests/support/hostile_answers.py``;
the CLI runs in a child process (``cli_run``) so that its exit code, its peak RSS and the time it
took are the ones a user would see.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from gradio_tui.core.errors import ConnectError
from gradio_tui.core.session import Session
from tests.support.faultserver import FaultServer, completed, estimation, make_config, make_info, reply
from tests.support.fixtures_faults import cli, fault
from tests.support.hostile_answers import cli_run, endless, gzip_bomb, gzipped, trickle

pytestmark = pytest.mark.trust

MiB = 1024 * 1024
PREFIX = "/gradio_api"


@pytest.fixture
def data_home(tmp_path):
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "GRADIO_TUI_RETRY_BASE": "0.05"}


# --- 10. slowloris: --timeout is a deadline for each whole answer ----------------------------------

@pytest.mark.parametrize("where", ["/config", f"{PREFIX}/info"])
def test_trickling_config_or_info_ends_within_the_timeout(fs, data_home, where):
    fault(f"slowloris {where}")
    body = json.dumps(make_config() if where == "/config" else make_info(fs.config)).encode()
    fs.routes[("GET", where)] = trickle(body, every=0.5)       # 0.5 s per byte: minutes for the whole
    result = cli_run("api", fs.url, "--timeout", "3", env=data_home, give_up=40)
    assert result.code == 3, result.err
    assert "did not answer in time" in result.err and "3 s" in result.err and "Traceback" not in result.err
    assert result.seconds < 10


def test_trickling_join_ends_the_call_within_the_timeout(fs, data_home):
    fault("slowloris queue/join")
    fs.routes[("POST", f"{PREFIX}/queue/join")] = trickle(b'{"event_id": "abc"' + b" " * 200 + b"}",
                                                                 every=0.5)
    result = cli_run("call", fs.url, "/predict", '["x"]', "--timeout", "3", env=data_home, give_up=40)
    assert result.code == 4, result.err
    assert "did not answer the submission within 3 s" in result.err and "Traceback" not in result.err
    assert result.seconds < 10


# --- 9. unbounded memory: every answer has a size cap ------------------------------------------------

@pytest.mark.parametrize("where, status", [("/config", 200), ("/config", 500), (f"{PREFIX}/info", 200)])
def test_endless_config_is_refused_with_bounded_memory(fs, data_home, where, status):
    fault(f"endless {where} ({status})")
    fs.routes[("GET", where)] = endless(status)
    result = cli_run("api", fs.url, env=data_home)
    assert result.code == 3, result.err
    assert "sent an answer larger than 64 MiB" in result.err and "Traceback" not in result.err
    assert result.peak_rss < 512 * MiB


@pytest.mark.parametrize("status", [200, 500])
def test_endless_join_fails_the_call_with_bounded_memory(fs, data_home, status):
    fault(f"endless queue/join ({status})")
    fs.routes[("POST", f"{PREFIX}/queue/join")] = endless(status, head=b'{"event_id": "')
    result = cli_run("call", fs.url, "/predict", '["x"]', env=data_home)
    assert result.code == 3, result.err
    assert "sent an answer larger than 64 MiB" in result.err and "Traceback" not in result.err
    assert result.peak_rss < 512 * MiB


def test_gzip_bomb_config_is_refused_with_bounded_memory(fs, data_home):
    fault("gzip bomb /config")
    fs.routes[("GET", "/config")] = gzipped(gzip_bomb(1024 * MiB))    # 1 MB on the wire, 1 GiB inflated
    result = cli_run("api", fs.url, env=data_home)
    assert result.code == 3, result.err
    assert "sent an answer larger than 64 MiB" in result.err
    assert result.peak_rss < 512 * MiB


def test_compressed_config_under_the_cap_still_works(fs, data_home):
    import gzip

    fs.routes[("GET", "/config")] = gzipped(gzip.compress(json.dumps(make_config(title="zipped")).encode()))
    result = cli_run("api", fs.url, env=data_home)
    assert result.code == 0 and "zipped" in result.out, result.err


# --- 11. downloads -------------------------------------------------------------------------------------

def filedata(url: str, name: str) -> dict:
    return {"path": f"/tmp/{name}", "url": url, "orig_name": name, "size": None,
            "meta": {"_type": "gradio.FileData"}}


def files_under(folder) -> list[str]:
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def test_download_never_writes_through_a_link(fs, data_home, tmp_path):
    fault("dangling symlink in the download folder")
    out_dir, outside = tmp_path / "dl", tmp_path / "outside.txt"
    out_dir.mkdir()
    (out_dir / "report.txt").symlink_to(outside)               # dangling: the file it names does not exist
    fs.file_bytes = b"the app's file"
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [filedata(f"{fs.url}{PREFIX}/file=r",
                                                                             "report.txt")])]
    result = cli_run("call", fs.url, "/predict", '["x"]', "--download", str(out_dir), "--json", env=data_home)
    assert result.code == 0, result.err
    assert not outside.exists()                                # nothing written through the link
    assert os.path.islink(out_dir / "report.txt")
    assert (out_dir / "report-1.txt").read_bytes() == b"the app's file"
    assert json.loads(result.out.splitlines()[-1])["data"][0]["local_path"] == str(out_dir / "report-1.txt")


def test_endless_file_output_is_capped_and_removed(fs, data_home, tmp_path):
    fault("endless file output")
    fs.routes[("GET", f"{PREFIX}/file=/tmp/endless.bin")] = endless(content_type="application/octet-stream",
                                                                   head=b"")
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [filedata(f"{fs.url}{PREFIX}/file=/tmp/endless.bin",
                                                                             "endless.bin")])]
    out_dir = tmp_path / "dl"
    result = cli_run("call", fs.url, "/predict", '["x"]', "--download", str(out_dir), "--max-download-size", "20M",
                     env=data_home)
    assert result.code == 3, result.err
    assert "endless.bin is larger than 20971520 bytes: not saved" in result.err
    assert files_under(out_dir) == []                          # the partial file is gone


def test_trickling_file_output_ends_within_the_timeout(fs, data_home, tmp_path):
    fault("trickling file output")
    fs.routes[("GET", f"{PREFIX}/file=/tmp/slow.bin")] = trickle(b"x" * 1000, every=0.5,
                                                                content_type="application/octet-stream")
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [filedata(f"{fs.url}{PREFIX}/file=/tmp/slow.bin",
                                                                             "slow.bin")])]
    out_dir = tmp_path / "dl"
    result = cli_run("call", fs.url, "/predict", '["x"]', "--download", str(out_dir), "--timeout", "3",
                     env=data_home, give_up=40)
    assert result.code == 3, result.err
    assert "download of slow.bin stalled" in result.err
    assert result.seconds < 12
    assert files_under(out_dir) == []


def test_max_download_size_is_a_usage_error_when_not_a_size(fs, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli(capsys, "call", fs.url, "/predict", '["x"]', "--download", "dl", "--max-download-size", "lots")
    assert exit_.value.code == 2 and "not a size in bytes" in capsys.readouterr().err


@pytest.fixture
def other_port():
    other = FaultServer().start()
    yield other
    other.stop()


async def test_session_download_refuses_another_origin(fs, other_port, tmp_path):
    fault("file output on another port")
    async with await Session.connect(fs.url, timeout=5) as session:
        for url in (f"{other_port.url}{PREFIX}/file=/tmp/x",                    # same host, another port
                    f"{fs.url.replace('http:', 'https:')}{PREFIX}/file=/tmp/x",   # another scheme
                    f"{fs.url_as('localhost')}{PREFIX}/file=/tmp/x"):            # another host name
            with pytest.raises(ConnectError, match="is not on the app's host"):
                await session.download(filedata(url, "x.txt"), tmp_path / "dl")
        saved = await session.download(filedata(f"{fs.url}{PREFIX}/file=/tmp/x", "x.txt"), tmp_path / "dl")
    assert saved.read_bytes() == fs.file_bytes
    assert other_port.requests == []                         # the other origin never saw a request
    assert files_under(tmp_path / "dl") == ["x.txt"]


async def test_session_download_checks_every_redirect(fs, other_port, tmp_path):
    fault("file output on the app's origin that redirects to another port")
    away = f"{fs.url}/redirect?to={other_port.url}{PREFIX}/file=/tmp/x"
    async with await Session.connect(fs.url, timeout=5) as session:
        with pytest.raises(ConnectError, match=r"redirected: .* is not on the app's host"):
            await session.download(filedata(away, "x.txt"), tmp_path / "dl")
        home = f"{fs.url}/redirect?to={PREFIX}/file=/tmp/x"                   # on the origin: followed
        saved = await session.download(filedata(home, "x.txt"), tmp_path / "dl")
        fs.routes[("GET", "/loop")] = lambda scope, receive, send, body: reply(send, 302, b"", headers=[
            (b"location", b"/loop")])
        with pytest.raises(ConnectError, match="more than 5 redirects"):
            await session.download(filedata(f"{fs.url}/loop", "loop.txt"), tmp_path / "dl")
    assert saved.read_bytes() == fs.file_bytes
    assert other_port.requests == []                         # the other origin never saw a request
    assert files_under(tmp_path / "dl") == ["x.txt"]


def test_cli_download_caps_the_number_and_total_of_files(fs, capsys, monkeypatch, tmp_path):
    fault("an output of many files")
    fs.file_bytes = b"A" * (64 * 1024)
    many = [filedata(f"{fs.url}{PREFIX}/file=/tmp/f{i}.bin", f"f{i}.bin") for i in range(300)]
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [many])]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--download", str(tmp_path / "total"),
                         "--max-download-size", "100K")
    assert code == 3, err
    assert len(files_under(tmp_path / "total")) == 6              # 6 × 64 K of 4 × 100 K; the 7th would pass it
    assert "f6.bin is larger than 16384 bytes: not saved" in err
    assert "output not saved: 293 file outputs: the call's files together took 409600 bytes" in err
    monkeypatch.setattr("gradio_tui.core.session.MAX_DOWNLOAD_FILES", 5)
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--download", str(tmp_path / "count"))
    assert code == 3, err
    assert len(files_under(tmp_path / "count")) == 5
    assert "output not saved: 295 file outputs past the first 5" in err


def test_cli_download_from_another_port_is_refused(fs, other_port, data_home, tmp_path):
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [filedata(f"{other_port.url}{PREFIX}/file=y",
                                                                             "y.txt")])]
    result = cli_run("call", fs.url, "/predict", '["x"]', "--download", str(tmp_path / "dl"), env=data_home)
    assert result.code == 3 and "is not on the app's host" in result.err
    assert other_port.requests == []
    assert not (tmp_path / "dl").exists() or files_under(tmp_path / "dl") == []


# --- 10. a frame that never ends is not life forever ------------------------------------------------

async def test_frame_trickled_forever_times_out(fs):
    fault("endless frame trickled in steady chunks")
    head = b'data: {"msg": "process_completed", "output": {"data": ["'
    fs.script = lambda eid, body: [estimation(eid), ("raw", head)] + [("raw", b"x" * 2048), ("sleep", 0.2)] * 300
    started = time.monotonic()
    async with await Session.connect(fs.url, timeout=1) as session:
        job = session.submit("/predict", ["x"])
        events = [e async for e in job]
    assert events[-1].type == "error" and events[-1].kind == "timeout", events[-1]
    assert job.error.exit_code == 4
    assert time.monotonic() - started < 20                     # 10 timeouts of patience, then silence


async def test_endless_upload_answer_is_refused(fs, tmp_path):
    fault("endless /upload answer")
    fs.routes[("POST", f"{PREFIX}/upload")] = endless(head=b'["', upto=64 * MiB)
    source = tmp_path / "in.txt"
    source.write_text("hello")
    async with await Session.connect(fs.url, timeout=5) as session:
        with pytest.raises(ConnectError, match="larger than 1 MiB"):
            await session.upload(str(source))
