"""End to end on the real apparel photos: the textbook's model and the CNN reach their
targets, and the saved run predicts what it saved."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold import api
from fourfold.cli import main
from fourfold.recipes import load_recipe
from fourfold.runs import layout

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


def _data_dir() -> Path:
    if not os.environ.get("FOURFOLD_DATA"):
        pytest.skip("FOURFOLD_DATA is not set: point it at shared/data to run the real-data tests")
    data = Path(os.environ["FOURFOLD_DATA"])
    if not (data / "apparel").is_dir():
        pytest.skip(f"FOURFOLD_DATA={data} has no apparel/ folder")
    return data


@pytest.fixture(scope="module")
def textbook_run(tmp_path_factory):
    """The textbook recipe, unchanged (112x112, Flatten-128-64-11, 10 epochs, batch 32)."""
    data = _data_dir()
    return api.run(load_recipe("apparel"), data_dir=data,
                   out=tmp_path_factory.mktemp("runs"), show_progress=False), data


@pytest.mark.xdist_group("apparel")
def test_textbook_recipe_beats_the_textbooks_measured_result(textbook_run):
    result, _ = textbook_run
    metrics = result.metrics
    test = metrics["test"]
    # the textbook's own code measured here: exact match 0.45-0.52, micro-F1 0.76-0.79
    assert test["subset_accuracy"] >= 0.50 and test["micro_f1"] >= 0.77
    assert metrics["baseline"]["binary_accuracy"] == pytest.approx(9 / 11)  # 2 of 11 labels
    assert test["binary_accuracy"] > metrics["baseline"]["binary_accuracy"]
    assert metrics["data"] == {**metrics["data"], "train": 5578, "validation": 2391, "test": 3416}
    assert metrics["label_groups"]["colour"][0] == "black"
    assert set(test["decodings"]) == {"threshold", "tuned", "groups"}
    assert test["decodings"]["tuned"] == {key: test[key] for key in test["decodings"]["tuned"]}


@pytest.mark.xdist_group("apparel")
def test_predict_on_test_photos_gives_the_saved_predictions(textbook_run, tmp_path):
    result, data = textbook_run
    saved = pd.read_csv(result.run_dir / layout.PREDICTIONS)
    photos = [data / "apparel" / name for name in saved["image"][:5]]
    out = tmp_path / "five.csv"
    assert main(["predict", str(result.run_dir), *map(str, photos), "--out", str(out)]) == 0
    predicted = pd.read_csv(out)
    assert list(predicted["predicted"].fillna("")) == list(saved["predicted"][:5].fillna(""))
    # five photos in one batch instead of 64: float32 sums over 37,632 inputs in another order
    np.testing.assert_allclose(predicted.filter(like="p_").to_numpy(),
                               saved.filter(like="p_").to_numpy()[:5], rtol=1e-4, atol=1e-5)
    record = json.loads((result.run_dir / layout.PREPROCESS).read_text())
    assert record["decoding"]["mode"] == "tuned" and len(record["decoding"]["thresholds"]) == 11


@pytest.mark.xdist_group("apparel-cnn")
def test_three_epochs_of_the_cnn_recipe_already_beat_the_textbooks_model(tmp_path):
    """The recipe as shipped but 3 of its 15 epochs (its cosine schedule then decays over
    those 3; about 100-180 s instead of the whole recipe's minutes on CI's two cores): exact
    match 0.81 measured (colour 0.93, type 0.87), where the textbook's dense model reaches
    0.45-0.52 after its 10 epochs. The full recipe's figure (0.90) is measured by the
    benchmarks (BENCHMARKS.md), not here."""
    data = _data_dir()
    recipe = load_recipe("apparel-cnn", updates={"training.epochs": 3})
    result = api.run(recipe, data_dir=data, out=tmp_path, show_progress=False,
                     build_report=False)
    test = result.metrics["test"]
    assert test["decoding"] == "groups"
    assert test["subset_accuracy"] >= 0.75
    assert test["colour_accuracy"] >= 0.9 and test["type_accuracy"] >= 0.8
    assert test["mean_labels_predicted"] == 2.0
