"""Data-parallel training (``training.data_parallel``) with Keras' distribution API.

No GPU here: XLA is asked for three CPU devices (``--xla_force_host_platform_device_count``),
in fresh processes since JAX fixes its devices once. Three, so that batches, validation and
test sets do not split evenly by chance. SYNTHETIC data: a churn table and a colour folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold.feeding import ArrayBatches
from fourfold.recipes.schema import TrainingConfig
from fourfold.runs import layout
from tests.datasets.test_image_folder import CLASSES, make_folder
from tests.support.tables import customers

pytestmark = pytest.mark.xdist_group("data_parallel")

DEVICES = 3


def _fourfold(*arguments: str, devices: int = DEVICES) -> subprocess.CompletedProcess:
    env = {**os.environ, "XLA_FLAGS": f"--xla_force_host_platform_device_count={devices}",
           "KERAS_BACKEND": "jax", "FOURFOLD_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "fourfold", *arguments, "--quiet"],
                          env=env, capture_output=True, text=True, timeout=600)


def _metrics(out: Path) -> dict:
    (run_dir,) = out.iterdir()
    return json.loads((run_dir / layout.METRICS).read_text())


@pytest.mark.parametrize(("count", "served"), [(38, 36), (40, 39), (2, 0)])
def test_every_batch_splits_evenly_and_a_shuffled_order_leaves_nobody_out(count, served):
    batches = ArrayBatches(np.arange(count)[:, None], np.arange(count), 6, seed=1,
                           multiple_of=DEVICES)
    seen = set()
    for epoch in range(30):
        batches.set_epoch(epoch)
        rows = [batches[index][1] for index in range(len(batches))]
        assert all(len(batch) % DEVICES == 0 and len(batch) for batch in rows)
        assert sum(len(batch) for batch in rows) == served
        epoch_rows = np.concatenate(rows) if rows else np.array([], int)
        assert len(set(epoch_rows)) == served  # no row twice in an epoch
        seen |= set(epoch_rows.tolist())
    assert len(seen) == (count if served else 0)


def test_a_batch_size_the_devices_cannot_share_is_refused():
    with pytest.raises(ValueError, match="batch size 8 is not a multiple of 3"):
        ArrayBatches(np.zeros((10, 1)), np.zeros(10), 8, multiple_of=3)


def test_yaml_on_and_off_read_as_the_settings():
    assert TrainingConfig.model_validate({"data_parallel": True}).data_parallel == "on"
    assert TrainingConfig.model_validate({"data_parallel": False}).data_parallel == "off"
    assert TrainingConfig().data_parallel == "auto"


@pytest.fixture(scope="module")
def churn_table(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("churn")
    frame = customers(362)
    frame.iloc[:301].to_csv(folder / "churn.csv", index=False)
    frame.iloc[301:].to_csv(folder / "test.csv", index=False)
    return folder / "churn.csv"


def test_a_table_trains_on_three_devices_and_predicts_what_it_saved(churn_table, tmp_path):
    test_table = churn_table.with_name("test.csv")
    common = ["run", str(churn_table), "--target", "churn", "--test", str(test_table),
              "--epochs", "6", "--batch-size", "24"]
    parallel = _fourfold(*common, "--set", "training.data_parallel=on", "--out",
                         str(tmp_path / "parallel"))
    assert parallel.returncode == 0, parallel.stderr
    single = _fourfold(*common, "--set", "training.data_parallel=off", "--out",
                       str(tmp_path / "single"))
    assert single.returncode == 0, single.stderr

    metrics = _metrics(tmp_path / "parallel")
    assert metrics["devices"] == ["cpu:0", "cpu:1", "cpu:2"]
    assert "Trained data-parallel on 3 devices: cpu:0, cpu:1, cpu:2." in parallel.stdout
    assert "data-parallel" not in single.stdout
    assert "devices" not in _metrics(tmp_path / "single")
    # The same network, seed and rows, the gradients summed in another order (and up to
    # two training rows an epoch sitting out): close, not identical.
    assert abs(metrics["test"]["log_loss"] - _metrics(tmp_path / "single")["test"]["log_loss"]) < 0.05
    assert metrics["curve"]["epochs_run"] == 6

    # predicted in training on the replicated variables; again in a one-device process
    (run_dir,) = (tmp_path / "parallel").iterdir()
    assert "data-parallel on 3 devices" in (run_dir / layout.REPORT).read_text(encoding="utf-8")
    out = tmp_path / "predicted.csv"
    done = subprocess.run([sys.executable, "-m", "fourfold", "predict", str(run_dir),
                           str(test_table), "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    member = next(m for m in metrics["members"] if m["name"] == metrics["primary"])
    saved = pd.read_csv(run_dir / member["dir"] / layout.PREDICTIONS)
    predicted = pd.read_csv(out)
    assert len(saved) == len(predicted) == 61
    assert predicted["predicted"].tolist() == saved["predicted"].tolist()
    assert np.allclose(predicted["p_yes"], saved["p_yes"], rtol=1e-5, atol=1e-7)


def test_photos_train_a_cnn_on_three_devices(tmp_path):
    root = make_folder(tmp_path / "colours", dict.fromkeys(CLASSES, 16), size=24)
    done = _fourfold("run", str(root), "--epochs", "3", "--batch-size", "6", "--set",
                     "training.data_parallel=on", "--out", str(tmp_path / "runs"))
    assert done.returncode == 0, done.stderr
    metrics = _metrics(tmp_path / "runs")
    assert len(metrics["devices"]) == DEVICES
    assert metrics["data"]["validation"] % DEVICES  # the uneven validation set counted whole
    assert metrics["curve"]["epochs_run"] == 3


def test_a_batch_size_that_does_not_split_is_a_recipe_error(churn_table, tmp_path):
    done = _fourfold("run", str(churn_table), "--target", "churn", "--epochs", "1",
                     "--batch-size", "25", "--set", "training.data_parallel=on", "--out",
                     str(tmp_path / "runs"))
    assert done.returncode == 2
    assert ("training.batch_size 25 does not split evenly across the 3 devices this run "
            "trains on in parallel (training.data_parallel); use a multiple of 3, or "
            "training.data_parallel: off") in done.stderr
    assert "Traceback" not in done.stderr


def test_auto_stays_on_one_device_without_accelerators(churn_table, tmp_path):
    done = _fourfold("run", str(churn_table), "--target", "churn", "--epochs", "1",
                     "--out", str(tmp_path / "runs"))
    assert done.returncode == 0, done.stderr
    assert "devices" not in _metrics(tmp_path / "runs")


@pytest.mark.parametrize(("gpus", "batch_size", "used"), [
    (3, 128, ["gpu:0", "gpu:1"]), (4, 128, ["gpu:0", "gpu:1", "gpu:2", "gpu:3"]),
    (3, 27, ["gpu:0", "gpu:1", "gpu:2"]), (2, 25, None), (1, 128, None), (0, 128, None)])
def test_auto_takes_as_many_accelerators_as_split_the_batch(monkeypatch, gpus, batch_size, used):
    from fourfold import distribution

    accelerators = {"gpu": [f"gpu:{index}" for index in range(gpus)], "tpu": []}
    monkeypatch.setattr(distribution, "_listed", accelerators.__getitem__)
    chosen = distribution.data_parallel("auto", batch_size)
    assert distribution.device_names(chosen) == used
    assert distribution.data_parallel("off", batch_size) is None
