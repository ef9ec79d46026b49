"""model_summary: a saved model's layers, output shapes and parameter counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from fourfold.runs.record_files import DamagedFile
from fourfold.reporting.model_summary import model_summary, summarise_model


def _saved(tmp_path: Path):
    import keras

    inputs = keras.Input((13,), name="inputs")
    hidden = keras.layers.Dense(64, activation="relu", name="hidden")(inputs)
    normal = keras.layers.BatchNormalization(name="normal")(hidden)
    outputs = keras.layers.Dense(1, name="output")(normal)
    model = keras.Model(inputs, outputs)
    path = tmp_path / "model.keras"
    model.save(path)
    return model, path


def test_layers_shapes_and_counts_match_keras(tmp_path):
    model, path = _saved(tmp_path)
    summary = model_summary(path)
    by_name = {row.name: row for row in summary.rows}
    assert summary.total == model.count_params() == 13 * 64 + 64 + 4 * 64 + 64 + 1
    assert summary.trainable == summary.total - 2 * 64  # moving mean and variance
    assert summary.non_trainable == 128
    assert by_name["hidden"].kind == "Dense"
    assert by_name["hidden"].output_shape == (None, 64)
    assert summary.shape_text(by_name["hidden"]) == "(None, 64)"
    assert by_name["hidden"].parameters == by_name["hidden"].trainable == 13 * 64 + 64
    assert by_name["normal"].parameters == 4 * 64 and by_name["normal"].trainable == 2 * 64
    assert by_name["output"].output_shape == (None, 1)
    assert sum(row.parameters for row in summary.rows) == summary.total
    assert summarise_model(model) == summary


def test_no_model_file_is_none(tmp_path):
    assert model_summary(tmp_path / "model.keras") is None


def test_damaged_model_is_named(tmp_path):
    path = tmp_path / "model.keras"
    path.write_bytes(b"not a zip")
    with pytest.raises(DamagedFile) as caught:
        model_summary(path)
    assert str(path) in str(caught.value)
