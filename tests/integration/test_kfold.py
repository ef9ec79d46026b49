"""K-fold on any recipe: a fresh model per fold, the same numbers whatever --jobs."""

from __future__ import annotations

import json

import pytest

from fourfold import api
from fourfold.recipes import load_recipe

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("kfold-mnist")]


def test_mnist_kfold_jobs_1_and_2_give_the_same_folds(tmp_path):
    """`fourfold run mnist --kfold 3 --epochs 2` on the embedded MNIST copy."""
    recipe = load_recipe("mnist", updates={"kfold.n_splits": 3, "training.epochs": 2})
    serial = api.run(recipe, out=tmp_path / "serial", show_progress=False, build_report=False)
    parallel = api.run(recipe, out=tmp_path / "parallel", show_progress=False,
                       build_report=False, jobs=2)
    assert serial.metrics["kfold"]["folds"] == parallel.metrics["kfold"]["folds"]
    folds = serial.metrics["kfold"]["folds"]
    assert [row["fold"] for row in folds] == [1, 2, 3]
    assert all(row["test"]["accuracy"] > 0.9 for row in folds)
    # Stratified folds over the 60,000 training rows: each held-out fold has 20,000.
    for member in serial.metrics["members"]:
        metrics = json.loads((serial.run_dir / member["dir"] / "metrics.json").read_text())
        assert metrics["data"]["validation"] == 20000 and metrics["data"]["train"] == 40000
        assert (serial.run_dir / member["dir"] / "model.keras").is_file()
    headline = serial.metrics["headline"]
    assert headline["value"] == pytest.approx(
        sum(row["test"]["accuracy"] for row in folds) / 3)
