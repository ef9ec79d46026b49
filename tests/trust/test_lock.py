"""Trust: one writer per run folder (issue 12, point 3).

A second ``run --resume`` of a folder being written exits 2 at once, naming the writer's
pid; the lock of a SIGKILLed writer is taken over; a ``running`` status whose writer is
gone is resumable (the lock, not the status, says who is alive)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import yaml

from fourfold.cli import main
from fourfold.recipes import load_recipe
from fourfold.runs import layout, lock
from fourfold.runs import status as run_status
from tests.trust.test_inputs import tiny_mnist

pytestmark = pytest.mark.xdist_group("trust")


def _start(*arguments: str) -> subprocess.Popen:
    environment = {key: value for key, value in os.environ.items() if key != "FOURFOLD_DATA"}
    return subprocess.Popen([sys.executable, "-m", "fourfold", *arguments, "--quiet"],
                            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_until_training(out, process: subprocess.Popen, timeout: float = 240):
    """The run folder, once ``process`` holds its lock and has finished an epoch."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before the test could see it train"
        for history in out.glob("*/history.csv"):
            holder = lock.holder(history.parent)
            if holder and holder.get("pid") == process.pid and len(
                    history.read_text().splitlines()) > 1:
                return history.parent
        time.sleep(0.05)
    raise AssertionError("the run never held its lock while training")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.mark.slow
def test_a_second_writer_is_refused_and_a_killed_writers_lock_is_taken_over(tmp_path, capsys,
                                                                             monkeypatch):
    monkeypatch.delenv("FOURFOLD_DATA", raising=False)
    data = tiny_mnist(tmp_path / "data", rows=2000)
    out = tmp_path / "runs"
    first = _start("run", "mnist", "--data-dir", str(data), "--epochs", "400", "--out", str(out))
    try:
        run_dir = _wait_until_training(out, first)
        assert main(["run", "--resume", str(run_dir)]) == 2
        err = capsys.readouterr().err
        assert f"Run folder {run_dir} is being written by process {first.pid} on " in err
        assert "Traceback" not in err
    finally:
        _stop(first)  # SIGKILL: the lock file stays behind, the lock itself goes with the process
    assert (run_dir / lock.LOCK_FILE).is_file() and lock.holder(run_dir) is None

    second = _start("run", "--resume", str(run_dir))
    try:
        _wait_until_training(out, second)  # took the killed writer's lock over
        assert main(["run", "--resume", str(run_dir)]) == 2
        assert f"being written by process {second.pid} on " in capsys.readouterr().err
    finally:
        _stop(second)
    assert run_status.read_status(run_dir) == run_status.INTERRUPTED


def test_a_running_status_without_a_living_writer_is_resumable(tmp_path, capsys, monkeypatch):
    """``status.json`` says running (written by this live process), but nobody holds the
    lock: resume goes on, here as far as the data check (the data is gone: exit 3), instead
    of refusing a run that 'is still running'."""
    monkeypatch.delenv("FOURFOLD_DATA", raising=False)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    recipe = load_recipe("mnist")
    (run_dir / layout.CONFIG).write_text(yaml.safe_dump(recipe.model_dump(mode="json")))
    run_status.write_status(run_dir, run_status.RUNNING, data_dir=str(tmp_path / "gone"))
    assert run_status.read_status(run_dir) == run_status.RUNNING

    assert main(["run", "--resume", str(run_dir)]) == 3
    err = capsys.readouterr().err
    assert "can be resumed" not in err
    assert f"data folder {tmp_path / 'gone' / 'mnist'}: the folder does not exist" in err


def test_a_folder_locked_by_another_process_is_refused_before_its_status_is_read(tmp_path,
                                                                                 capsys):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / layout.CONFIG).write_text("name: x\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from fourfold.runs.lock import hold\n"
         "with hold(sys.argv[1]):\n    print('held', flush=True); time.sleep(60)", str(run_dir)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["run", "--resume", str(run_dir)]) == 2  # no status.json at all: still 2
        assert f"is being written by process {holder.pid}" in capsys.readouterr().err
    finally:
        _stop(holder)
