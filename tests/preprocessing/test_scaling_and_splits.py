"""Scalers fit on training rows and round-trip through JSON; splits never overlap."""

import json

import numpy as np
import pytest

from fourfold.preprocessing.scaling import InputScaler
from fourfold.preprocessing.splits import train_validation_indices
from fourfold.recipes.schema import SplitConfig


@pytest.mark.parametrize("kind", ["standard", "minmax", "robust", "none", "pixels"])
def test_scaler_json_round_trip_gives_identical_outputs(kind):
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, size=(50, 4, 3)).astype(np.uint8)
    new = rng.integers(0, 256, size=(7, 4, 3)).astype(np.uint8)
    scaler = InputScaler(kind=kind).fit(train)
    restored = InputScaler.from_dict(json.loads(json.dumps(scaler.to_dict())))
    np.testing.assert_array_equal(scaler.transform(new), restored.transform(new))
    assert scaler.transform(new).shape == (7, 12) and scaler.transform(new).dtype == np.float32


def test_standard_scaler_uses_training_rows_only():
    train = np.array([[0.0], [2.0]])
    scaler = InputScaler(kind="standard").fit(train)
    np.testing.assert_allclose(scaler.transform(np.array([[4.0]])), [[3.0]])


def test_pixels_divide_by_255():
    np.testing.assert_allclose(InputScaler().transform(np.array([[0, 255]], dtype=np.uint8)), [[0, 1]])


@pytest.mark.parametrize("rows, test_size", [(10, 0.3), (60000, 0.3), (7, 0.5)])
def test_split_never_overlaps_and_covers_every_row(rows, test_size):
    train, validation = train_validation_indices(rows, SplitConfig(test_size=test_size))
    assert np.intersect1d(train, validation).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([train, validation])), np.arange(rows))


def test_split_matches_train_test_split_on_the_arrays():
    from sklearn.model_selection import train_test_split

    x = np.arange(100) * 10
    x_train, x_validation = train_test_split(x, test_size=0.3, random_state=777)
    train, validation = train_validation_indices(100, SplitConfig())
    np.testing.assert_array_equal(x[train], x_train)
    np.testing.assert_array_equal(x[validation], x_validation)


def test_stratified_split_keeps_class_shares():
    labels = np.array([0] * 80 + [1] * 20)
    _, validation = train_validation_indices(100, SplitConfig(test_size=0.5, stratify=True), labels)
    assert np.sum(labels[validation] == 1) == 10


def test_keras_validation_split_takes_the_last_rows_in_order():
    train, validation = train_validation_indices(
        404, SplitConfig(method="validation_split", validation_split=0.33))
    # Keras: split_at = floor(404 * (1 - 0.33)) = 270
    np.testing.assert_array_equal(train, np.arange(270))
    np.testing.assert_array_equal(validation, np.arange(270, 404))


@pytest.mark.parametrize("rows, k, stratified", [(404, 3, False), (100, 5, True), (7, 2, False)])
def test_folds_are_disjoint_and_hold_out_every_row_once(rows, k, stratified):
    from fourfold.preprocessing.splits import fold_indices

    labels = np.arange(rows) % 2 if stratified else None
    folds = fold_indices(rows, k, random_state=777, stratify_labels=labels)
    assert len(folds) == k
    held_out = np.concatenate([held for _, held in folds])
    np.testing.assert_array_equal(np.sort(held_out), np.arange(rows))
    for train, held in folds:
        assert np.intersect1d(train, held).size == 0
        np.testing.assert_array_equal(np.sort(np.concatenate([train, held])), np.arange(rows))
        if stratified:
            assert abs(np.mean(labels[held]) - 0.5) <= 0.05


def test_folds_match_the_textbook_kfold():
    from sklearn.model_selection import KFold

    from fourfold.preprocessing.splits import fold_indices

    expected = list(KFold(3, shuffle=True, random_state=777).split(np.arange(404)))
    for (train, held), (want_train, want_held) in zip(fold_indices(404, 3), expected):
        np.testing.assert_array_equal(train, want_train)
        np.testing.assert_array_equal(held, want_held)


def test_per_channel_scaling_and_derived_channels_round_trip():
    rng = np.random.default_rng(3)
    train = rng.normal(loc=[-20.0, -26.0], scale=[4.0, 2.0], size=(40, 6, 6, 2)).astype(np.float32)
    scaler = InputScaler(kind="per_channel", flatten=False, mean_channel=True, downsample=3).fit(train)
    out = scaler.transform(train)
    assert out.shape == (40, 2, 2, 3)  # 6x6 -> 2x2 blocks, 2 bands + their mean
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(0, 1, 2)), 1, atol=1e-4)
    restored = InputScaler.from_dict(json.loads(json.dumps(scaler.to_dict())))
    np.testing.assert_array_equal(restored.transform(train[:3]), out[:3])


def test_side_scaler_imputes_flags_and_standardizes():
    from fourfold.preprocessing.scaling import SideScaler

    side = np.array([[30.0], [np.nan], [40.0]])
    scaler = SideScaler().fit(side)
    out = scaler.transform(np.array([[35.0], [np.nan]]))
    np.testing.assert_allclose(out, [[0.0, 0.0], [0.0, 1.0]])  # mean 35 -> 0; missing flagged
    restored = SideScaler.from_dict(json.loads(json.dumps(scaler.to_dict())))
    np.testing.assert_array_equal(restored.transform(side), scaler.transform(side))
