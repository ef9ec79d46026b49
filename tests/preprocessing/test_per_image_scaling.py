"""``preprocess.scaler: per_image`` (each image's channels standardized with their own
statistics) and the input scaler's ``quantiles`` (each channel summarised by its quantiles)."""

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
    other_rows = rng.normal(5.0, 9.0, size=(4, 6, 6, 2))
    fitted_on_other_rows = InputScaler(kind="per_image").fit(other_rows)
    alone = InputScaler(kind="per_image").fit(image)
    np.testing.assert_array_equal(fitted_on_other_rows.transform(image), alone.transform(image))
    # A row's result does not depend on the rows beside it, nor on a shift or gain of its own.
    np.testing.assert_allclose(alone.transform(3.0 * image - 7.0), alone.transform(image),
                               atol=1e-5)


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


def test_quantiles_summarise_each_channel_wherever_the_target_lies():
    rng = np.random.default_rng(9)
    sea = rng.normal(-20.0, 1.0, size=(2, 9, 9, 2))
    moved = sea.copy()
    sea[0, 1, 1], moved[0, 7, 4] = 5.0, 5.0  # one bright target, in two places
    sea[1], moved[1] = sea[1], np.rot90(sea[1])  # the same image, turned
    scaler = InputScaler(kind="none", flatten=False, quantiles=5)
    out = scaler.fit(sea).transform(sea)
    assert out.shape == (2, 5, 2) and out.dtype == np.float32
    np.testing.assert_allclose(out[:, 0], sea.min(axis=(1, 2)), rtol=1e-6)
    np.testing.assert_allclose(out[:, 2], np.median(sea, axis=(1, 2)), rtol=1e-6)
    np.testing.assert_allclose(out[:, 4], sea.max(axis=(1, 2)), rtol=1e-6)
    np.testing.assert_array_equal(scaler.transform(moved)[1], out[1])
    assert scaler.transform(moved)[0, 4, 0] == pytest.approx(5.0)


def test_quantiles_after_blocks_and_mean_channel_then_scaled_and_round_tripped():
    rng = np.random.default_rng(10)
    train = rng.normal(size=(20, 6, 6, 2))
    scaler = InputScaler(kind="standard", flatten=True, mean_channel=True, downsample=2,
                         quantiles=4).fit(train)
    out = scaler.transform(train)
    assert out.shape == (20, 4 * 3)  # 3x3 blocks, 2 bands + their mean, 4 quantiles each
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-5)
    restored = InputScaler.from_dict(json.loads(json.dumps(scaler.to_dict())))
    assert restored.quantiles == 4
    np.testing.assert_array_equal(restored.transform(train), out)
    # preprocess.json written before quantiles existed still loads, without them.
    record = scaler.to_dict()
    del record["quantiles"]
    assert InputScaler.from_dict(record).quantiles is None


def test_quantiles_need_a_channel_axis():
    with pytest.raises(ValueError, match=r"quantiles need rows with a channel axis.*\(3,\)"):
        InputScaler(kind="none", quantiles=4).fit(np.zeros((2, 3)))
