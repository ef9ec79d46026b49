"""Fold workers end when their parent dies, however it dies: SIGKILL of a ``--kfold 3 --jobs 2``
run leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("trust"),
              pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")]


def _children(pid: int) -> set[int]:
    """Every descendant of ``pid`` still alive (from /proc, zombies left out)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_sigkill_of_the_parent_ends_every_fold_worker(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3000, 6))
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(6)])
    frame["label"] = np.where(x[:, 0] + x[:, 1] > 0, "a", "b")
    frame.to_csv(tmp_path / "table.csv", index=False)
    parent = subprocess.Popen(
        [sys.executable, "-m", "fourfold", "run", str(tmp_path / "table.csv"), "--target",
         "label", "--kfold", "3", "--jobs", "2", "--epochs", "1000", "--set", "compare_with=[]",
         "--set", "training.early_stopping_patience=null",
         "--out", str(tmp_path / "runs"), "--quiet"],
        env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while not list((tmp_path / "runs").glob("*/folds/fold-3/backup/checkpoint.npz")):
            # fold 3 is the worker's: it is training once its checkpoint appears
            assert parent.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "the fold worker never started training"
            time.sleep(0.05)
        children = _children(parent.pid)
        assert children, "no worker process found"
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    left = [pid for pid in children if _alive(pid)]
    for pid in left:  # do not leave them running if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
