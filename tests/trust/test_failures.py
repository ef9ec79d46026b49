"""Trust: numeric failure, output trouble and unsafe model files end cleanly, and never
leave a run folder that looks complete."""

from __future__ import annotations

import errno
import json

import pytest

from fourfold.cli import main
from fourfold.runs import layout
from fourfold.runs import status as run_status

pytestmark = pytest.mark.xdist_group("trust")


def _only_run_dir(out):
    (run_dir,) = [p for p in out.iterdir() if p.is_dir()]
    return run_dir


@pytest.mark.slow
def test_nan_loss_stops_with_a_clear_message_and_a_failed_run(tmp_path, capsys):
    out = tmp_path / "runs"
    code = main(["run", "mnist", "--epochs", "2", "--out", str(out), "--quiet",
                 "--set", "training.learning_rate=1e30"])
    err = capsys.readouterr().err
    assert code == 1
    assert "the loss became nan" in err or "the loss became inf" in err
    assert "Lower training.learning_rate" in err and "Traceback" not in err
    run_dir = _only_run_dir(out)
    assert run_status.read_status(run_dir) == "failed"
    assert not (run_dir / layout.METRICS).exists()


def test_an_output_folder_that_cannot_be_made_is_exit_1(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["run", "mnist", "--out", str(blocker / "runs"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Cannot write to the output folder {blocker / 'runs'}" in err
    assert "Choose another with --out" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_full_disk_mid_run_fails_cleanly(tmp_path, capsys, monkeypatch):
    real_write = layout.write_atomic

    def full_disk(path, data, **kwargs):
        if path.name == layout.PREDICTIONS:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, data, **kwargs)

    monkeypatch.setattr(layout, "write_atomic", full_disk)
    out = tmp_path / "runs"
    code = main(["run", "mnist", "--epochs", "1", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "No space left on device" in err and "Traceback" not in err
    run_dir = _only_run_dir(out)
    assert f"its folder {run_dir} is marked failed" in err
    assert run_status.read_status(run_dir) == "failed"
    assert not (run_dir / layout.METRICS).exists() and not (run_dir / layout.REPORT).exists()


def test_a_model_file_with_code_is_refused(tmp_path, capsys):
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda x: x * 2)])
    model.save(tmp_path / layout.MODEL)
    (tmp_path / layout.PREPROCESS).write_text(json.dumps({
        "schema": 1, "task": "regression", "class_names": [],
        "input": {"kind": "table", "shape": [2], "feature_names": ["a", "b"]},
        "scaler": {"kind": "none"}, "thresholds": None}))
    run_status.write_status(tmp_path, run_status.COMPLETE)
    rows = tmp_path / "rows.csv"
    rows.write_text("a,b\n1,2\n")
    code = main(["predict", str(tmp_path), str(rows)])
    err = capsys.readouterr().err
    assert code == 3  # not the model fourfold wrote: bad data, named
    assert (f"{tmp_path / layout.MODEL} is damaged: it cannot be loaded as a Keras model in safe "
            "mode") in err and "Traceback" not in err
