"""``preprocess.scaler: per_image``: each image's channels standardized with their own statistics."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fourfold.preprocessing.scaling import InputScaler
from fourfold.recipes.schema import PreprocessConfig


def test_each_images_channels_have_mean_zero_and_std_one():
    rng = np.random.default_rng(5)
    # Rows whose overall level differs widely (a radar chip's clutter), two channels.
    levels = rng.uniform(-25.0, -10.0, size=(12, 1, 1, 2))
    train = (levels + rng.normal(0.0, [3.0, 1.5], size=(12, 8, 8, 2))).astype(np.float32)
    out = InputScaler(kind="per_image", flatten=False).fit(train).transform(train)
    assert out.shape == train.shape and out.dtype == np.float32
    np.testing.assert_allclose(out.mean(axis=(1, 2)), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 2)), 1.0, atol=1e-4)


def test_nothing_is_learned_from_the_training_rows():
    rng = np.random.default_rng(6)
    image = rng.normal(size=(1, 6, 6, 2))
    fitted_on_other_rows = InputScaler(kind="per_image").fit(rng.normal(5.0, 9.0, size=(4, 6, 6, 2)))
    alone = InputScaler(kind="per_image").fit(image)
    np.testing.assert_array_equal(fitted_on_other_rows.transform(image), alone.transform(image))
    # A row's result does not depend on the rows beside it, nor on a shift or gain of its own.
    np.testing.assert_allclose(alone.transform(3.0 * image - 7.0), alone.transform(image), atol=1e-5)


def test_flat_channels_and_derived_channels_and_blocks():
    constant = np.full((2, 6, 6, 1), -17.0)
    np.testing.assert_array_equal(InputScaler(kind="per_image").fit(constant).transform(constant),
                                  np.zeros((2, 36), dtype=np.float32))
    rng = np.random.default_rng(7)
    train = rng.normal(size=(3, 6, 6, 2))
    scaler = InputScaler(kind="per_image", flatten=False, mean_channel=True, downsample=3)
    out = scaler.fit(train).transform(train)
    assert out.shape == (3, 2, 2, 3)  # blocks averaged and the mean channel added first
    np.testing.assert_allclose(out.mean(axis=(1, 2)), 0.0, atol=1e-5)


def test_rows_of_features_are_standardized_along_the_row():
    rows = np.array([[1.0, 2.0, 3.0], [10.0, 10.0, 40.0]])
    out = InputScaler(kind="per_image").fit(rows).transform(rows)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-6)
    np.testing.assert_allclose(out.std(axis=1), 1.0, atol=1e-5)


def test_round_trips_through_preprocess_json_and_the_recipe_schema():
    rng = np.random.default_rng(8)
    train = rng.normal(size=(4, 5, 5, 2))
    scaler = InputScaler(kind="per_image", flatten=True, downsample=5).fit(train)
    restored = InputScaler.from_dict(json.loads(json.dumps(scaler.to_dict())))
    np.testing.assert_array_equal(restored.transform(train), scaler.transform(train))
    assert PreprocessConfig(scaler="per_image").scaler == "per_image"
    with pytest.raises(ValueError, match="per_image"):
        PreprocessConfig(scaler="per_images")
