"""ImageBatches: every row once per epoch, reshuffled from the seed, predictions in order,
uint8 all the way to the model."""

from __future__ import annotations

import numpy as np
import pytest

from fourfold import feeding
from fourfold.preprocessing.scaling import InputScaler


def _images(count=10):
    return np.arange(count * 12, dtype=np.uint8).reshape(count, 2, 2, 3)


def _rows_seen(batches) -> list[int]:
    """Row ids as seen through the batches (each image's first pixel encodes its row)."""
    return [int(value) // 12 for index in range(len(batches))
            for value in np.asarray(batches[index][0])[:, 0]]


def test_each_epoch_serves_every_row_once_reshuffled_from_the_seed():
    scaler = InputScaler("pixels", flatten=True, in_model=True)
    targets = np.arange(10, dtype=np.float32).reshape(-1, 1)
    batches = feeding.ImageBatches(_images(), scaler, 4, targets, seed=7)
    assert len(batches) == 3
    first = _rows_seen(batches)
    batches.on_epoch_end()
    second = _rows_seen(batches)
    assert sorted(first) == sorted(second) == list(range(10)) and first != second
    again = feeding.ImageBatches(_images(), scaler, 4, targets, seed=7, epoch=1)
    assert _rows_seen(again) == second  # a resumed run sees the same batches
    x, y = batches[0]
    np.testing.assert_array_equal(y.ravel(), np.asarray(x)[:, 0] // 12)  # targets follow rows


def test_prediction_batches_keep_the_row_order_and_stay_uint8():
    scaler = InputScaler("pixels", flatten=False, in_model=True)
    batches = feeding.ImageBatches(_images(), scaler, 4)
    assert _rows_seen_unpaired(batches) == list(range(10))
    assert batches[0].dtype == np.uint8 and batches[0].shape == (4, 2, 2, 3)
    assert scaler.model_scale == pytest.approx(1 / 255)


def _rows_seen_unpaired(batches) -> list[int]:
    return [int(value) // 12 for index in range(len(batches))
            for value in batches[index].reshape(len(batches[index]), -1)[:, 0]]


def test_a_model_scaling_inside_gives_the_scaled_float_models_outputs():
    import keras

    from fourfold.models import build_model
    from fourfold.recipes.schema import ModelConfig
    from fourfold.tasks import get_task

    task = get_task("multilabel")
    config = ModelConfig(hidden_units=[4])
    keras.utils.set_random_seed(1)
    inside = build_model(config, task, input_shape=(12,), num_outputs=3, input_scale=1 / 255)
    keras.utils.set_random_seed(1)
    outside = build_model(config, task, input_shape=(12,), num_outputs=3)
    x = _images(5).reshape(5, -1)
    np.testing.assert_allclose(inside.predict(x, verbose=0),
                               outside.predict(x.astype(np.float32) / 255, verbose=0), rtol=1e-6)
