"""Trust boundary, the history file (issue 12, item 21): never written or read through a
symbolic link, never a FIFO (no hang), its folder created 0700 and a warning when others can
write to it; and the lock/trim guarantees hold with 30 writers at once.

The calls run through the CLI in a real process against ``tests/support/faultserver.py``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from gradio_tui.core.history import CallRecord, HistoryStore
from tests.support.faultwire import fault, run_cli, strict_json_lines, terminal_safe

pytestmark = pytest.mark.trust


def call(fs, data_dir, *extra: str) -> tuple[int, str, str]:
    code, out, err = run_cli("call", fs.url, "/predict", '["x"]', *extra,
                             env={"GRADIO_TUI_DATA_DIR": str(data_dir)}, timeout=30)
    return code, terminal_safe(out), terminal_safe(err)


def history(data_dir, *extra: str) -> tuple[int, str, str]:
    code, out, err = run_cli("history", *extra, env={"GRADIO_TUI_DATA_DIR": str(data_dir)}, timeout=30)
    return code, terminal_safe(out), terminal_safe(err)


def test_a_symlinked_history_file_is_refused(fs, tmp_path):
    fault("history.jsonl is a symlink to another file")
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.chmod(victim, 0o644)
    (data_dir / "history.jsonl").symlink_to(victim)

    code, out, err = call(fs, data_dir)
    assert code == 0 and "echo:x" in out
    assert "symbolic link" in err and "history not saved" in err and len(err.strip().splitlines()) == 1
    assert victim.read_text() == "precious\n" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert (data_dir / "history.jsonl").is_symlink()

    code, out, err = history(data_dir, "--json")
    assert code == 0 and json.loads(out) == [] and "symbolic link" in err


def test_a_hard_linked_history_file_is_refused(fs, tmp_path):
    fault("history.jsonl is a hard link to another file")
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.link(victim, data_dir / "history.jsonl")
    code, out, err = call(fs, data_dir)
    assert code == 0 and "has other hard links" in err and victim.read_text() == "precious\n"


def test_the_data_dir_is_made_private_and_a_shared_one_is_warned_about(fs, tmp_path):
    fault("world-writable data dir")
    fresh = tmp_path / "new" / "data"
    code, _, err = call(fs, fresh)
    assert code == 0 and err == ""
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    assert stat.S_IMODE((fresh / "history.jsonl").stat().st_mode) == 0o600

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    code, _, err = call(fs, shared)
    assert code == 0 and "writable by everyone" in err and f"chmod 700 {shared}" in err
    assert len(strict_json_lines((shared / "history.jsonl").read_text())) == 1     # warned, still saved
    os.chmod(shared, 0o770)
    code, _, err = call(fs, shared)
    assert "writable by its group" in err


def test_a_fifo_history_does_not_hang(fs, tmp_path):
    fault("history.jsonl is a FIFO")
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    os.mkfifo(data_dir / "history.jsonl")
    code, out, err = history(data_dir)          # run_cli's timeout: a hang fails the test
    assert code == 0 and "not a regular file" in err
    code, out, err = call(fs, data_dir)
    assert code == 0 and "echo:x" in out and "not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(data_dir / "history.jsonl").st_mode)


def _writer(path: str, n: int) -> None:
    store = HistoryStore(path, max_bytes=40_000)
    for i in range(25):
        store.append(CallRecord(target="acme/echo", root="http://x", gradio_version="6.31.0",
                                api_prefix="/gradio_api", api_name="echo", fn_index=0,
                                args={"text": f"writer {n} call {i} " + "y" * 200}))


def test_thirty_writers_at_once_keep_whole_lines_under_the_cap(tmp_path):
    path = str(tmp_path / "history.jsonl")
    procs = [multiprocessing.get_context("fork").Process(target=_writer, args=(path, n)) for n in range(30)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    data = Path(path).read_bytes()
    assert len(data) <= 40_000 and data.endswith(b"\n")
    lines = strict_json_lines(data.decode())
    assert len(lines) > 20 and all(line["args"]["text"].startswith("writer ") for line in lines)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and not os.path.islink(path)
    assert [p.name for p in tmp_path.iterdir()] == ["history.jsonl"]      # no temporary file left
