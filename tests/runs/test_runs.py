"""Run folders: atomic writes, status, the SQLite run index."""

import datetime as dt
import os
import subprocess
import sys

from fourfold.runs import index, layout
from fourfold.runs import status as run_status
from fourfold.runs.record_files import STATUS_FILE


def test_new_run_dirs_are_unique_within_a_second(tmp_path):
    now = dt.datetime(2026, 11, 28, 1, 2, 3, tzinfo=dt.timezone.utc)
    first = layout.new_run_dir(tmp_path, "mnist", now)
    second = layout.new_run_dir(tmp_path, "mnist", now)
    assert first.name == "mnist-20261128T010203Z" and second.name == "mnist-20261128T010203Z-2"


def test_safe_name_strips_path_characters():
    assert layout.safe_name("../../etc/passwd") == "etc-passwd"
    assert layout.safe_name("") == "run"


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "metrics.json"
    layout.write_atomic(target, "{}")
    layout.write_atomic(target, b"[]")
    assert target.read_bytes() == b"[]" and [p.name for p in tmp_path.iterdir()] == ["metrics.json"]
    assert target.stat().st_mode & 0o644 == 0o644  # readable by others, as a plain write would be


def test_status_lifecycle(tmp_path):
    assert run_status.read_status(tmp_path) == "failed"  # no status: never looks complete
    run_status.write_status(tmp_path, run_status.RUNNING)
    assert run_status.read_status(tmp_path) == "running"
    run_status.write_status(tmp_path, run_status.FAILED, error="boom")
    record = STATUS_FILE.read(tmp_path)
    assert record.status == "failed" and record.error == "boom" and record.started


def test_running_status_of_a_dead_process_reads_interrupted(tmp_path):
    child = subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from fourfold.runs.status import write_status; "
         "write_status(Path(sys.argv[1]), 'running')", str(tmp_path)],
        check=True, env={**os.environ})
    assert child.returncode == 0
    assert run_status.read_status(tmp_path) == "interrupted"


def test_index_lists_newest_first_with_current_status(tmp_path):
    old, new = tmp_path / "a", tmp_path / "b"
    for folder, started in ((old, "2026-01-01T00:00:00"), (new, "2026-02-01T00:00:00")):
        folder.mkdir()
        run_status.write_status(folder, run_status.COMPLETE)
        index.record_run(folder, recipe="mnist", task="multiclass", started=started,
                         status="complete", metric_name="accuracy", metric_value=0.97)
    run_status.write_status(old, run_status.FAILED)
    records = index.list_runs()
    assert [r.run_dir for r in records] == [str(new.resolve()), str(old.resolve())]
    assert [r.status for r in records] == ["complete", "failed"]
    assert records[0].metric_value == 0.97
    assert index.list_runs(limit=1)[0].run_dir == str(new.resolve())


def test_index_uses_wal(tmp_path):
    import sqlite3

    index.record_run(tmp_path, recipe="r", task="regression", started="x", status="running")
    mode = sqlite3.connect(index.index_path()).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
