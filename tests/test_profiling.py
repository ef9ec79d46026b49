"""`fourfold inspect`'s data profile on a tiny synthetic table."""

import numpy as np

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
