"""`fourfold inspect`'s data profile on a tiny synthetic table."""

import numpy as np
import pytest

from fourfold.datasets import LoadedData
from fourfold.profiling import profile


def test_profile_counts_shared_rows_balance_and_suggests_a_scaler():
    x_train = np.array([[1.0, 100.0], [2.0, 300.0], [3.0, 900.0]])
    x_test = np.array([[2.0, 300.0], [2.0, 300.0], [5.0, 5.0]])  # two copies of a training row
    data = LoadedData(x_train, np.array([0, 1, 1]), x_test, np.array([1, 1, 0]),
                      class_names=["a", "b"], source="test", input_kind="table",
                      feature_names=["small", "large"])
    result = profile(data)
    assert result["duplicates_train_test"] == 2
    assert result["suggested_scaler"]["scaler"] == "standard"
    assert result["class_balance"]["classes"] == [{"class": "a", "train": 1, "test": 1},
                                                  {"class": "b", "train": 2, "test": 2}]
    assert [v["feature"] for v in result["values"]] == ["small", "large"]


def test_a_photo_set_profile_counts_labels_and_their_co_occurrence(tmp_path):
    from fourfold.datasets import load_dataset
    from fourfold.profiling import profile
    from fourfold.recipes.schema import DatasetConfig
    from tests.support.photos import make_photo_set

    data = load_dataset(DatasetConfig(name="apparel", image_size=(8, 8)),
                        make_photo_set(tmp_path, counts=(10, 4, 6), size=12))
    result = profile(data)
    assert result["train_shape"] == [14, 8, 8, 3] and result["dtype"] == "uint8"
    assert result["suggested_scaler"]["scaler"] == "pixels"
    balance = result["label_balance"]
    counts = {entry["label"]: entry["train"] for entry in balance["labels"]}
    matrix = np.array(balance["co_occurrence"])
    assert balance["labels_per_row"] == 2.0
    assert sum(counts[colour] for colour in ("black", "blue", "red")) == 14
    names = data.class_names
    assert matrix[names.index("red"), names.index("red")] == counts["red"]
    assert matrix[names.index("red"), names.index("blue")] == 0  # one colour per photo
    values = result["values"][0]
    pixels = data.x_train[:].astype(np.float64)
    assert values["mean"] == pytest.approx(pixels.mean()) and values["max"] == pixels.max()
