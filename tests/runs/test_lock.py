"""The run-folder lock: one writer at a time, taken over when its holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from fourfold.errors import EXIT_USAGE, RunFolderError
from fourfold.runs import lock


def test_a_second_writer_is_refused_naming_the_holder(tmp_path):
    with lock.hold(tmp_path) as mine:
        assert lock.holder(tmp_path) == mine
        with pytest.raises(lock.RunLocked) as refused:
            with lock.hold(tmp_path):
                pass
    assert refused.value.exit_code == EXIT_USAGE
    assert refused.value.holder == mine
    message = str(refused.value)
    assert f"process {os.getpid()} on {mine['host']}" in message and str(tmp_path) in message
    assert lock.holder(tmp_path) is None  # released at the end of the body


def test_the_lock_is_released_when_the_body_raises(tmp_path):
    with pytest.raises(ValueError), lock.hold(tmp_path):
        raise ValueError("boom")
    with lock.hold(tmp_path):
        pass


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from fourfold.runs import lock\n"
         "with lock.hold(sys.argv[1]):\n    print('held', flush=True); time.sleep(600)",
         str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert lock.holder(tmp_path)["pid"] == holder.pid
        with pytest.raises(lock.RunLocked, match=f"process {holder.pid} "):
            with lock.hold(tmp_path):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert lock.holder(tmp_path) is None
    with lock.hold(tmp_path) as mine:
        assert mine["pid"] == os.getpid()


def test_a_lock_file_that_cannot_be_opened_is_named(tmp_path):
    (tmp_path / lock.LOCK_FILE).mkdir()  # what a read-only folder does to root, too: open fails
    with pytest.raises(RunFolderError, match=r"Cannot create the lock file .*\.lock: Is a directory"):
        with lock.hold(tmp_path):
            pass
