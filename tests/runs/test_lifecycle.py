"""The run lifecycle: running, then complete, failed (RunFailed carrying the folder) or
interrupted (RunInterrupted), in status.json and in the run index alike."""

from __future__ import annotations

import errno

import pytest

from fourfold.errors import EXIT_DATA, DataError, RunFolderError
from fourfold.runs import status as run_status
from fourfold.runs.lifecycle import RunFailed, RunInterrupted, run_lifecycle
from fourfold.runs.record_files import STATUS_FILE


def _lifecycle(run_dir):
    return run_lifecycle(run_dir, recipe="r", task="binary", backend="jax", jobs=1, data_dir=None)


def test_a_clean_run_ends_complete(tmp_path):
    with _lifecycle(tmp_path) as outcome:
        assert run_status.read_status(tmp_path) == run_status.RUNNING
        outcome.metric_name, outcome.metric_value = "accuracy", 0.9
    assert run_status.read_status(tmp_path) == run_status.COMPLETE


def test_an_error_marks_the_folder_failed_and_carries_it(tmp_path):
    with pytest.raises(RunFailed) as caught:
        with _lifecycle(tmp_path):
            raise DataError("data.csv, row 3: bad")
    failure = caught.value
    assert failure.run_dir == tmp_path and failure.exit_code == EXIT_DATA
    assert str(failure) == "data.csv, row 3: bad" and isinstance(failure.cause, DataError)
    assert run_status.read_status(tmp_path) == run_status.FAILED
    assert STATUS_FILE.read(tmp_path).error == "data.csv, row 3: bad"


def test_a_full_disk_names_the_run_folder(tmp_path):
    with pytest.raises(RunFailed) as caught:
        with _lifecycle(tmp_path):
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "model.keras"))
    assert isinstance(caught.value.cause, RunFolderError)
    assert str(tmp_path) in str(caught.value) and "No space left on device" in str(caught.value)


def test_ctrl_c_marks_the_folder_interrupted(tmp_path):
    with pytest.raises(RunInterrupted) as caught:
        with _lifecycle(tmp_path):
            raise KeyboardInterrupt
    assert caught.value.run_dir == tmp_path and isinstance(caught.value, KeyboardInterrupt)
    assert run_status.read_status(tmp_path) == run_status.INTERRUPTED
