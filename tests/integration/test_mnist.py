"""End to end on MNIST: the textbook's result, the saved run predicts what it saved,
and the same seed gives the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold import api
from fourfold.cli import main
from fourfold.recipes import load_recipe

pytestmark = pytest.mark.xdist_group("mnist")


@pytest.fixture(scope="module")
def textbook_run(tmp_path_factory):
    """The textbook recipe, unchanged (30 epochs), on the real MNIST files."""
    import os

    if not os.environ.get("FOURFOLD_DATA"):
        pytest.skip("FOURFOLD_DATA is not set: point it at shared/data to run the real-data tests")
    data = Path(os.environ["FOURFOLD_DATA"])
    out = tmp_path_factory.mktemp("runs")
    return api.run(load_recipe("mnist"), data_dir=data, out=out, show_progress=False), data


@pytest.mark.realdata
@pytest.mark.slow
def test_textbook_mnist_reaches_097(textbook_run):
    result, _ = textbook_run
    metrics = result.metrics
    assert metrics["test"]["accuracy"] >= 0.97
    assert metrics["headline"] == {"name": "accuracy", "value": metrics["test"]["accuracy"],
                                   "higher_is_better": True, "textbook": 0.97}
    assert metrics["baseline"]["accuracy"] == pytest.approx(0.1135)  # "1" is the majority class
    assert metrics["data"] == {**metrics["data"], "train": 42000, "validation": 18000, "test": 10000}
    assert metrics["curve"]["epochs_run"] == 30
    history = pd.read_csv(result.run_dir / "history.csv")
    assert list(history["epoch"]) == list(range(1, 31))
    best = int(history["val_loss"].idxmin()) + 1
    assert metrics["curve"]["best_epoch"] == best
    assert "onset_epoch" in metrics["curve"]
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert "0.97" in report and "data:image/png;base64," in report
    counts = metrics["data"]["train_class_counts"]  # written by the run, shown in the report
    assert len(counts) == 10 and sum(counts) == 42000 and counts[1] == max(counts)
    assert "Training rows per class" in report and f">{counts[1]}<" in report
    assert json.loads((result.run_dir / "status.json").read_text())["status"] == "complete"
    for name in ("config.yaml", "model.keras", "preprocess.json", "predictions.csv"):
        assert (result.run_dir / name).is_file()


@pytest.mark.realdata
@pytest.mark.slow
def test_predicting_the_test_set_reproduces_predictions_csv(textbook_run, tmp_path, capsys):
    result, data = textbook_run
    out = tmp_path / "again.csv"
    code = main(["predict", str(result.run_dir), str(data / "mnist" / "t10k-images-idx3-ubyte.gz"),
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    saved = pd.read_csv(result.run_dir / "predictions.csv")
    again = pd.read_csv(out)
    probability_columns = [c for c in saved.columns if c.startswith("p_")]
    assert len(again) == len(saved) == 10000
    assert (again["predicted"].astype(str) == saved["predicted"].astype(str)).all()
    np.testing.assert_array_equal(again[probability_columns].to_numpy(),
                                  saved[probability_columns].to_numpy())


@pytest.mark.realdata
@pytest.mark.slow
def test_predict_one_png_prints_top_three(textbook_run, tmp_path, capsys):
    from PIL import Image

    from fourfold.datasets.idx import read_idx

    result, data = textbook_run
    images = read_idx(data / "mnist" / "t10k-images-idx3-ubyte.gz")
    digit = tmp_path / "digit.png"
    Image.fromarray(255 - images[0]).resize((112, 112)).save(digit)  # black on white, larger
    code = main(["predict", str(result.run_dir), str(digit)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"{digit}: 7 (" in captured.out and "top 3:" in captured.out
    assert "inverted" in captured.err


def test_same_seed_same_metrics(tmp_path):
    """Embedded MNIST (no data folder needed), 2 epochs, twice."""
    recipe = load_recipe("mnist", updates={"training.epochs": 2})
    first = api.run(recipe, out=tmp_path / "a", show_progress=False, build_report=False)
    second = api.run(recipe, out=tmp_path / "b", show_progress=False, build_report=False)
    assert first.metrics["test"] == second.metrics["test"]
    assert (first.run_dir / "predictions.csv").read_bytes() == (
        second.run_dir / "predictions.csv").read_bytes()
