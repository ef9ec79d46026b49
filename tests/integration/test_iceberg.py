"""The iceberg workflow on generated SAR-like data (the real competition data cannot be
redistributed; tests/support/sar.py makes data in its format — never the real set)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourfold import api
from fourfold.cli import main
from fourfold.recipes import load_recipe
from tests.support.sar import make_sar_dataset, write_sar_json

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("iceberg")]


@pytest.fixture(scope="module")
def sar_data(tmp_path_factory):
    """A 1,604-row train.json (the competition's size) and a 300-row test.json."""
    folder = tmp_path_factory.mktemp("data")
    (folder / "iceberg").mkdir()
    write_sar_json(folder / "iceberg" / "train.json", make_sar_dataset(1604, seed=11))
    write_sar_json(folder / "iceberg" / "test.json", make_sar_dataset(300, seed=12, labelled=False))
    return folder


@pytest.fixture(scope="module")
def dense_run(sar_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs")
    submission = out / "submission.csv"
    result = api.run(load_recipe("iceberg"), data_dir=sar_data, out=out, show_progress=False,
                     submit_to=submission)
    return result, submission


def test_dense_recipe_beats_the_constant_prior(dense_run):
    result, _ = dense_run
    test, baseline = result.metrics["test"], result.metrics["baseline"]
    assert baseline["name"] == "constant prior" and 0.68 < baseline["log_loss"] < 0.70
    assert test["log_loss"] < baseline["log_loss"]
    assert test["log_loss_clip"] == 0.01
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert "missing incidence angle" in report.lower()
    assert "Ranking and calibration" in report


def test_cnn_recipe_is_clearly_better_than_dense(dense_run, sar_data, tmp_path):
    cnn = api.run(load_recipe("iceberg-cnn"), data_dir=sar_data, out=tmp_path,
                  show_progress=False, build_report=False)
    dense_loss = dense_run[0].metrics["test"]["log_loss"]
    assert cnn.metrics["test"]["log_loss"] < 0.6 * dense_loss
    assert cnn.metrics["test"]["roc_auc"] > 0.9


def test_submission_round_trips(dense_run, sar_data, tmp_path, capsys):
    result, submitted = dense_run
    test_json = sar_data / "iceberg" / "test.json"
    out = tmp_path / "submission.csv"
    assert main(["predict", str(result.run_dir), str(test_json), "--out", str(out)]) == 0, (
        capsys.readouterr().err)
    frame = pd.read_csv(out, dtype={"id": str})
    ids = [row["id"] for row in make_sar_dataset(300, seed=12, labelled=False)]
    assert list(frame.columns) == ["id", "is_iceberg"] and list(frame["id"]) == ids
    assert frame["is_iceberg"].between(0, 1).all()
    at_run_end = pd.read_csv(submitted, dtype={"id": str})
    np.testing.assert_array_equal(at_run_end["is_iceberg"].to_numpy(),
                                  frame["is_iceberg"].to_numpy())
