"""Chaos: a real ``python -m fourfold run`` SIGKILLed at several moments (after an epoch, in
the middle of one, while it evaluates, while it writes the report), resumed each time, ends
with exactly the history, test metrics and predictions of the same run left alone."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold.runs import status as run_status

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("resume")]

EPOCHS = 4


def _table(folder: Path, rows: int = 12000) -> Path:
    """A binary table with some signal and some noise: losses keep moving every epoch."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(rows, 8))
    y = x[:, :3].sum(axis=1) + rng.normal(scale=0.8, size=rows) > 0
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(8)])
    frame["label"] = np.where(y, "yes", "no")
    path = folder / "table.csv"
    frame.to_csv(path, index=False)
    return path


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fourfold", "run", *args, "--quiet"],
                            env={**os.environ}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _new_run(table: Path, out: Path, *extra: str) -> subprocess.Popen:
    return _start(str(table), "--target", "label", "--epochs", str(EPOCHS), "--batch-size", "16",
                  "--set", "model.dropout=0.3", "--set", "compare_with=[]",
                  "--set", "training.early_stopping_patience=3", "--out", str(out), *extra)


def _checkpoint(member: Path):
    from fourfold.training.checkpoint import read_checkpoint

    return read_checkpoint(member / "backup" / "checkpoint.npz")


def _epochs_done(member: Path) -> int:
    saved = _checkpoint(member)
    return 0 if saved is None else saved.epochs_done


def _training_over(member: Path) -> bool:
    """The last epoch is checkpointed (or early stopping ended training), and the member's
    files are not all written yet."""
    saved = _checkpoint(member)
    return (saved is not None and (saved.epochs_done >= EPOCHS or saved.stopped)
            and not (member / "backup" / "member.json").exists())


def _kill_when(process: subprocess.Popen, ready, timeout: float = 120) -> bool:
    """SIGKILL ``process`` as soon as ``ready()`` holds; ``False`` if it ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        assert time.monotonic() < deadline, "the kill point never came"
        time.sleep(0.01)
    assert process.returncode == 0, process.stderr.read().decode()
    return False


def _finish(process: subprocess.Popen) -> None:
    _, err = process.communicate(timeout=240)
    assert process.returncode == 0, err.decode()


def _only(out: Path) -> Path:
    (run_dir,) = [path for path in out.iterdir() if path.is_dir()]
    return run_dir


def _result(run_dir: Path) -> tuple:
    history = pd.read_csv(run_dir / "history.csv", float_precision="round_trip")
    metrics = json.loads((run_dir / "metrics.json").read_text())
    return (history.drop(columns="epoch_seconds"), metrics["test"], metrics["validation"],
            metrics["curve"]["best_epoch"], (run_dir / "predictions.csv").read_bytes())


def _assert_same(resumed: Path, straight: Path) -> None:
    history, test, validation, best, predictions = _result(resumed)
    history_alone, test_alone, validation_alone, best_alone, predictions_alone = _result(straight)
    pd.testing.assert_frame_equal(history, history_alone, check_exact=True)
    assert test == test_alone and validation == validation_alone and best == best_alone
    assert predictions == predictions_alone


def test_sigkill_at_several_points_then_resume_gives_the_numbers_of_the_run_left_alone(tmp_path):
    table = _table(tmp_path)
    alone = _new_run(table, tmp_path / "alone")
    chance = random.Random()
    first = _new_run(table, tmp_path / "killed")
    run_dir = None

    def member() -> Path | None:
        folders = [p for p in (tmp_path / "killed").glob("*") if p.is_dir()]
        return folders[0] if folders else None

    # 1: right after the first epoch's checkpoint
    assert _kill_when(first, lambda: member() is not None and _epochs_done(member()) >= 1)
    run_dir = member()
    assert run_status.read_status(run_dir) == run_status.INTERRUPTED
    kills = [f"after epoch {_epochs_done(run_dir)}"]

    # 2: in the middle of an epoch, a random moment after the next checkpoint
    resumed = _start("--resume", str(run_dir))
    reached = _epochs_done(run_dir) + 1
    wait_from = []

    def mid_epoch() -> bool:
        if _epochs_done(run_dir) < reached:
            return False
        if not wait_from:
            wait_from.append(time.monotonic() + chance.uniform(0.02, 0.2))
        return time.monotonic() >= wait_from[0]

    if _kill_when(resumed, mid_epoch):
        kills.append(f"during epoch {_epochs_done(run_dir) + 1}")

        # 3: once training ended, while the model is evaluated and saved
        resumed = _start("--resume", str(run_dir))
        if _kill_when(resumed, lambda: _training_over(run_dir)):
            kills.append("evaluating")

            # 4: with the model finished, while metrics.json and the report are written
            resumed = _start("--resume", str(run_dir))
            if _kill_when(resumed, lambda: (run_dir / "backup" / "member.json").exists()):
                kills.append("reporting")
                resumed = _start("--resume", str(run_dir))
                _finish(resumed)
    _finish(alone)
    print("kill points:", kills)
    assert len(kills) >= 2, kills
    assert run_status.read_status(run_dir) == run_status.COMPLETE
    assert not (run_dir / "backup").exists()
    _assert_same(run_dir, _only(tmp_path / "alone"))


def test_a_killed_fold_resumes_to_the_numbers_of_the_run_left_alone(tmp_path):
    table = _table(tmp_path, rows=3000)
    alone = _new_run(table, tmp_path / "alone", "--kfold", "2")
    killed = _new_run(table, tmp_path / "killed", "--kfold", "2")
    fold_2 = lambda: next(iter((tmp_path / "killed").glob("*/folds/fold-2")), None)  # noqa: E731
    assert _kill_when(killed, lambda: fold_2() is not None and _epochs_done(fold_2()) >= 1)
    run_dir = fold_2().parents[1]
    _finish(_start("--resume", str(run_dir)))
    _finish(alone)
    straight = _only(tmp_path / "alone")
    for fold in ("fold-1", "fold-2"):
        _assert_same(run_dir / "folds" / fold, straight / "folds" / fold)
    summary, summary_alone = (json.loads((folder / "metrics.json").read_text())["kfold"]
                              for folder in (run_dir, straight))
    assert summary["test"] == summary_alone["test"]
