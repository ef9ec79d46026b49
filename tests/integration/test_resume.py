"""A training process really killed with SIGKILL, then resumed to completion."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from fourfold.cli import main
from fourfold.runs import status as run_status

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("resume")]

# Enough epochs that the kill, once 2 are written, lands mid-training: MNIST epochs take
# ~0.2 s with fused epochs, and 5 were sometimes all done before the kill arrived.
EPOCHS = 20


def _wait_for_epochs(run_root, count, process, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        for history in run_root.glob("*/history.csv"):
            if len(history.read_text().splitlines()) > count:
                return history.parent
        time.sleep(0.05)
    raise AssertionError("no epoch finished in time")


def test_kill_9_then_resume_completes_with_every_epoch(tmp_path, capsys):
    out = tmp_path / "runs"
    process = subprocess.Popen(
        [sys.executable, "-m", "fourfold", "run", "mnist", "--epochs", str(EPOCHS), "--out",
         str(out), "--quiet"], env={**os.environ}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        run_dir = _wait_for_epochs(out, 2, process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert run_status.read_status(run_dir) == "interrupted"
    assert not (run_dir / "metrics.json").exists()
    assert main(["runs"]) == 0 and "interrupted" in capsys.readouterr().out
    killed_at = len(pd.read_csv(run_dir / "history.csv"))

    code = main(["run", "--resume", str(run_dir), "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert run_status.read_status(run_dir) == "complete"
    history = pd.read_csv(run_dir / "history.csv")
    assert list(history["epoch"]) == list(range(1, EPOCHS + 1))
    assert killed_at < EPOCHS
    assert not (run_dir / "backup").exists()
    assert (run_dir / "report.html").is_file() and (run_dir / "model.keras").is_file()


def test_resume_refuses_a_complete_run_and_a_recipe_too(tmp_path, capsys):
    run_status.write_status(tmp_path, run_status.COMPLETE)
    (tmp_path / "config.yaml").write_text("name: x\n")
    assert main(["run", "--resume", str(tmp_path)]) == 2
    assert "only an interrupted or failed run can be resumed" in capsys.readouterr().err
    assert main(["run", "mnist", "--resume", str(tmp_path)]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["run", "--resume", str(tmp_path), "--epochs", "3"]) == 2
    assert "cannot change it" in capsys.readouterr().err


@pytest.mark.realdata
def test_kfold_resumes_fold_by_fold(real_data, tmp_path, capsys):
    """Killed while fold 2 trains: fold 1 is not trained again, fold 2 goes on."""
    data = real_data("boston")
    out = tmp_path / "runs"
    process = subprocess.Popen(
        [sys.executable, "-m", "fourfold", "run", "boston", "--kfold", "3", "--epochs", "60",
         "--data-dir", str(data), "--out", str(out), "--quiet"], env={**os.environ},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert process.poll() is None, "the run ended before it could be killed"
            done = list(out.glob("*/folds/fold-1/backup/member.json"))
            if done and list(out.glob("*/folds/fold-2/backup/checkpoint.npz")):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("fold 2 never started")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    run_dir = done[0].parents[3]
    fold_1_model = run_dir / "folds" / "fold-1" / "model.keras"
    trained_at = fold_1_model.stat().st_mtime_ns
    assert main(["run", "--resume", str(run_dir), "--quiet"]) == 0, capsys.readouterr().err
    assert run_status.read_status(run_dir) == "complete"
    assert fold_1_model.stat().st_mtime_ns == trained_at  # not trained again
    for fold in (1, 2, 3):
        history = pd.read_csv(run_dir / "folds" / f"fold-{fold}" / "history.csv")
        assert list(history["epoch"]) == list(range(1, 61))


def test_a_damaged_checkpoint_exits_3_naming_it_and_the_way_out(tmp_path, capsys):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 4))
    frame = pd.DataFrame(x, columns=["a", "b", "c", "d"])
    frame["label"] = np.where(x[:, 0] > 0, "yes", "no")
    frame.to_csv(tmp_path / "table.csv", index=False)
    out = tmp_path / "runs"
    assert main(["run", str(tmp_path / "table.csv"), "--target", "label", "--epochs", "2",
                 "--set", "compare_with=[]", "--out", str(out), "--quiet"]) == 0
    (run_dir,) = out.iterdir()
    run_status.write_status(run_dir, run_status.INTERRUPTED)  # as if killed in epoch 3
    checkpoint = run_dir / "backup" / "checkpoint.npz"
    checkpoint.parent.mkdir()
    checkpoint.write_bytes(b"PK\x03\x04 half a zip")
    capsys.readouterr()

    assert main(["run", "--resume", str(run_dir), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert f"The checkpoint {checkpoint} is damaged (not a complete .npz (zip) archive)" in err
    assert f"Delete the folder {checkpoint.parent} to train this model again from epoch 1" in err
    assert "Traceback" not in err
    assert run_status.read_status(run_dir) == "failed"

    import shutil

    shutil.rmtree(checkpoint.parent)  # the way out the message gives
    assert main(["run", "--resume", str(run_dir), "--quiet"]) == 0, capsys.readouterr().err
    assert list(pd.read_csv(run_dir / "history.csv")["epoch"]) == [1, 2]
