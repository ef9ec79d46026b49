"""Boston housing end to end: the textbook's holdout and 3-fold results, the saved run
predicts what it saved, and --jobs does not change the numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourfold import api
from fourfold.cli import main
from fourfold.datasets.boston import FEATURES, keras_split_indices
from fourfold.recipes import load_recipe

pytestmark = [pytest.mark.realdata, pytest.mark.slow, pytest.mark.xdist_group("boston")]


@pytest.fixture(scope="module")
def holdout(tmp_path_factory):
    import os
    from pathlib import Path

    if not os.environ.get("FOURFOLD_DATA") or not (Path(os.environ["FOURFOLD_DATA"]) / "boston").is_dir():
        pytest.skip("FOURFOLD_DATA is not set or has no boston/: the real-data tests need it")
    data = Path(os.environ["FOURFOLD_DATA"])
    out = tmp_path_factory.mktemp("runs")
    return api.run(load_recipe("boston"), data_dir=data, out=out, show_progress=False), data


def test_holdout_mae_within_the_textbooks_reach(holdout):
    result, _ = holdout
    metrics = result.metrics
    assert metrics["test"]["mae"] <= 2.5
    assert metrics["headline"]["textbook"] == 2.26
    assert metrics["baseline"]["name"] == "training mean" and metrics["baseline"]["mae"] > 6
    assert metrics["data"]["train"] == 270 and metrics["data"]["validation"] == 134
    assert metrics["data"]["test"] == 102
    assert any("B column" in note for note in metrics["data"]["notes"])


def test_predicting_the_test_rows_from_a_csv_reproduces_predictions(holdout, tmp_path, capsys):
    result, data = holdout
    frame = pd.read_csv(data / "boston" / "boston_house_prices.csv")
    _, test_rows = keras_split_indices(len(frame))
    houses = tmp_path / "houses.csv"
    frame.iloc[test_rows].to_csv(houses, index=False)  # MEDV included: it is ignored
    out = tmp_path / "values.csv"
    assert main(["predict", str(result.run_dir), str(houses), "--out", str(out)]) == 0, (
        capsys.readouterr().err)
    saved = pd.read_csv(result.run_dir / "predictions.csv")
    np.testing.assert_array_equal(pd.read_csv(out)["predicted"].to_numpy(),
                                  saved["predicted"].to_numpy())
    np.testing.assert_allclose(saved["true"], frame.iloc[test_rows]["MEDV"])


def test_a_csv_with_the_wrong_columns_is_exit_3(holdout, tmp_path, capsys):
    result, _ = holdout
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join([*FEATURES[:-1], "ROOMS"]) + "\n" + ",".join(["1"] * 13) + "\n")
    assert main(["predict", str(result.run_dir), str(bad)]) == 3
    err = capsys.readouterr().err
    assert "LSTAT" in err and "ROOMS" in err


def test_three_folds_mean_test_mae(real_data, tmp_path):
    data = real_data("boston")
    recipe = load_recipe("boston", updates={"kfold.n_splits": 3})
    result = api.run(recipe, data_dir=data, out=tmp_path, show_progress=False, jobs=2)
    kfold = result.metrics["kfold"]
    assert len(kfold["folds"]) == 3 and kfold["textbook"] == [2.06, 1.94, 2.15]
    assert kfold["test"]["mean"]["mae"] <= 2.35
    assert result.metrics["headline"]["value"] == kfold["test"]["mean"]["mae"]
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert "K-fold cross-validation" in report and "2.0500" in report


def test_jobs_do_not_change_the_folds(real_data, tmp_path):
    data = real_data("boston")
    recipe = load_recipe("boston", updates={"kfold.n_splits": 3, "training.epochs": 20})
    one = api.run(recipe, data_dir=data, out=tmp_path / "1", show_progress=False,
                  build_report=False)
    two = api.run(recipe, data_dir=data, out=tmp_path / "2", show_progress=False,
                  build_report=False, jobs=2)
    assert one.metrics["kfold"]["folds"] == two.metrics["kfold"]["folds"]


def test_unscaled_features_train_worse(real_data, tmp_path):
    """What the textbook warns about: networks are sensitive to the inputs' scale."""
    data = real_data("boston")
    recipe = load_recipe("boston", ["preprocess.scaler=none"], {"training.epochs": 100})
    scaled = load_recipe("boston", updates={"training.epochs": 100})
    unscaled_mae = api.run(recipe, data_dir=data, out=tmp_path / "a", show_progress=False,
                           build_report=False).metrics["test"]["mae"]
    scaled_mae = api.run(scaled, data_dir=data, out=tmp_path / "b", show_progress=False,
                         build_report=False).metrics["test"]["mae"]
    assert unscaled_mae > scaled_mae
