"""The table encoder: fitted on training rows only, unseen and missing values handled,
a JSON round trip that transforms identically."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fourfold.datasets.table import TableFrame
from fourfold.preprocessing.saved import scaler_from_dict
from fourfold.preprocessing.table_encoder import MISSING_LEVEL, TableEncoder

KINDS = {"age": "numeric", "member": "boolean", "city": "categorical", "shop": "categorical"}


def _rows(count: int, seed: int = 0) -> TableFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "age": rng.normal(40, 10, count),
        "member": pd.Series(rng.choice(["yes", "no"], count), dtype="category"),
        "city": pd.Series(rng.choice(["Seoul", "Busan", "Jeju"], count), dtype="category"),
        "shop": pd.Series(rng.choice([f"S{i}" for i in range(30)], count), dtype="category"),
    })
    frame.loc[::7, "age"] = np.nan
    return TableFrame(frame, dict(KINDS))


def test_layout_of_the_matrix():
    train = _rows(200)
    encoder = TableEncoder(kinds=dict(KINDS), embedding_levels=20).fit(train)
    x = encoder.transform(train)
    # age, member | age missing | 3 cities one-hot | 1 shop code
    assert x.shape == (200, 2 + 1 + 3 + 1) and x.dtype == np.float32
    assert encoder.one_hot_columns == ["city"] and encoder.embedded_columns == ["shop"]
    assert encoder.embedded_levels == [31]
    assert np.allclose(x[:, 0].mean(), 0, atol=1e-6) and np.allclose(x[:, 0].std(), 1, atol=1e-3)
    assert set(np.unique(x[:, 2])) == {0.0, 1.0} and x[::7, 2].min() == 1.0
    assert np.array_equal(x[:, 3:6].sum(axis=1), np.ones(200))
    assert x[:, 6].min() >= 1 and x[:, 6].max() <= 30


def test_statistics_come_from_the_training_rows_only():
    train, other = _rows(100), _rows(100, seed=1)
    other.frame["age"] += 1000
    encoder = TableEncoder(kinds=dict(KINDS)).fit(train)
    assert encoder.medians_["age"] == pytest.approx(np.nanmedian(train.frame["age"]))
    assert encoder.transform(other)[:, 0].mean() > 50  # scaled with the training statistics


def test_unseen_levels_are_zeros_and_missing_values_a_level_of_their_own():
    train = _rows(60)
    train.frame["city"] = train.frame["city"].cat.add_categories([])
    train.frame.loc[0, "city"] = np.nan
    encoder = TableEncoder(kinds=dict(KINDS)).fit(train)
    assert encoder.levels_["city"] == ["Busan", "Jeju", "Seoul", MISSING_LEVEL]
    new = pd.DataFrame({"age": [30.0, np.nan], "member": ["yes", None], "city": ["Daegu", None],
                        "shop": ["S3", "S99"]})
    x = encoder.transform(new)
    city = x[:, 3:7]
    assert city[0].tolist() == [0, 0, 0, 0] and city[1].tolist() == [0, 0, 0, 1]
    assert x[1, 0] == pytest.approx(encoder.numeric_scaler_.transform(
        np.array([[encoder.medians_["age"], encoder.medians_["member"]]]))[0, 0])
    assert x[0, -1] == 1 + encoder.levels_["shop"].index("S3") and x[1, -1] == 0


def test_numbers_read_as_categories_match_their_text():
    kinds = {"grade": "categorical"}
    encoder = TableEncoder(kinds=kinds, scaler="none").fit(pd.DataFrame({"grade": [1, 2, 3, 2]}))
    as_text = encoder.transform(pd.DataFrame({"grade": pd.Series(["1", "3"], dtype="category")}))
    as_float = encoder.transform(pd.DataFrame({"grade": [1.0, 3.0]}))
    assert np.array_equal(as_text, as_float) and as_text.tolist() == [[1, 0, 0], [0, 0, 1]]


def test_json_round_trip_transforms_identically():
    train, new = _rows(150), _rows(40, seed=3)
    encoder = TableEncoder(kinds=dict(KINDS), scaler="robust").fit(train)
    record = json.loads(json.dumps(encoder.to_dict()))
    restored = scaler_from_dict(record)
    assert isinstance(restored, TableEncoder)
    assert np.array_equal(restored.transform(new), encoder.transform(new))
    assert restored.embedded_levels == encoder.embedded_levels


def test_only_categorical_columns():
    frame = pd.DataFrame({"c": pd.Series(["a", "b", "a"], dtype="category")})
    encoder = TableEncoder(kinds={"c": "categorical"}).fit(frame)
    assert encoder.transform(frame).tolist() == [[1, 0], [0, 1], [1, 0]]
