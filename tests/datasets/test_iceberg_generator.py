"""The SAR-like generator's family of looks (tests/support/sar.py): variants differ
measurably, are reproducible from their seed, and the default look is unchanged.

The data are synthetic, never the competition's.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.support.sar import DEFAULT_VARIANT, SIDE, SarVariant, make_sar_dataset


def _bands(rows: list[dict], field: str = "band_1") -> np.ndarray:
    return np.stack([row[field] for row in rows]).reshape(len(rows), SIDE, SIDE)


def _speckle_looks(rows: list[dict]) -> float:
    """Equivalent number of looks (mean² / variance of intensity) of the chips' corners,
    where there is only sea: the gamma speckle's shape, whatever the clutter level."""
    intensity = 10.0 ** (_bands(rows) / 10.0)
    corners = np.concatenate([intensity[:, :8, :8].reshape(len(rows), -1),
                              intensity[:, -8:, -8:].reshape(len(rows), -1)], axis=1)
    return float(np.median(corners.mean(axis=1) ** 2 / corners.var(axis=1)))


def _bright_pixels(rows: list[dict]) -> float:
    """Mean count of pixels 6 dB above their chip's median: the target's footprint."""
    bands = _bands(rows)
    median = np.median(bands.reshape(len(rows), -1), axis=1)
    return float(np.mean(np.sum(bands > median[:, None, None] + 6.0, axis=(1, 2))))


def test_default_variant_is_the_tests_look():
    rows = make_sar_dataset(3, seed=11)
    for row, same in zip(rows, make_sar_dataset(3, seed=11, variant=DEFAULT_VARIANT), strict=True):
        np.testing.assert_array_equal(row["band_1"], same["band_1"])
        np.testing.assert_array_equal(row["band_2"], same["band_2"])
    # Pinned: the rows every existing iceberg test was written against.
    assert [row["id"] for row in rows] == ["cc0d7a67", "7fd0ac8a", "970c647c"]
    assert [row["is_iceberg"] for row in rows] == [0, 1, 0]
    np.testing.assert_allclose([float(row["band_1"].sum()) for row in rows],
                               [-99917.754177, -93285.937882, -101592.49587], rtol=1e-9)


def test_variants_are_reproducible_from_their_seed():
    assert SarVariant.drawn(4) == SarVariant.drawn(4)
    first = make_sar_dataset(5, seed=2, variant=SarVariant.drawn(4))
    again = make_sar_dataset(5, seed=2, variant=SarVariant.drawn(4))
    for row, same in zip(first, again, strict=True):
        assert row["id"] == same["id"] and row["is_iceberg"] == same["is_iceberg"]
        np.testing.assert_array_equal(row["band_1"], same["band_1"])
        np.testing.assert_array_equal(row["band_2"], same["band_2"])
    other = make_sar_dataset(5, seed=2, variant=SarVariant.drawn(5))
    assert not np.array_equal(first[0]["band_1"], other[0]["band_1"])


def test_drawn_variants_differ_in_every_knob_and_stay_in_range():
    variants = [SarVariant.drawn(seed) for seed in range(1, 9)]
    for field in dataclasses.fields(SarVariant):
        assert len({getattr(variant, field.name) for variant in variants}) == len(variants), (
            field.name)
    for variant in variants:
        assert 1.5 <= variant.looks <= 10.0 and 0.30 <= variant.iceberg_share <= 0.65
        low, high = variant.angle_range
        assert 26.0 <= low and 6.0 <= high - low <= 18.0
        assert 0.6 <= variant.target_scale <= 1.8 and -22.0 <= variant.clutter_db <= -12.0
        assert variant.to_dict()["angle_range"] == [low, high]


@pytest.mark.parametrize("looks", [1.5, 10.0])
def test_speckle_has_the_variants_number_of_looks(looks):
    rows = make_sar_dataset(30, seed=7, variant=SarVariant(looks=looks, centre_spread=2.0))
    assert _speckle_looks(rows) == pytest.approx(looks, rel=0.25)


def test_target_size_follows_the_variants_scale():
    small = make_sar_dataset(30, seed=8, variant=SarVariant(target_scale=0.6, looks=10.0))
    large = make_sar_dataset(30, seed=8, variant=SarVariant(target_scale=1.8, looks=10.0))
    assert _bright_pixels(large) > 4 * _bright_pixels(small)


def test_ship_shape_follows_the_variants_elongation():
    footprints = []
    for elongation in (0.7, 1.5):
        rows = make_sar_dataset(60, seed=9, variant=SarVariant(looks=10.0,
                                                               ship_elongation=elongation))
        footprints.append(_bright_pixels([row for row in rows if row["is_iceberg"] == 0]))
    assert footprints[1] > 1.4 * footprints[0]


@pytest.mark.parametrize("share", [0.3, 0.65])
def test_class_balance_is_the_variants(share):
    rows = make_sar_dataset(100, seed=1, variant=SarVariant(iceberg_share=share))
    assert sum(row["is_iceberg"] for row in rows) == round(share * 100)


def test_angles_follow_the_variants_distribution():
    wide = SarVariant(angle_range=(26.0, 44.0))
    peaked = SarVariant(angle_range=(26.0, 44.0), angle_concentration=4.0)
    spreads = []
    for variant in (wide, peaked):
        angles = np.array([row["inc_angle"] for row in
                           make_sar_dataset(150, seed=3, na_fraction=0.0, variant=variant)])
        assert angles.min() >= 26.0 and angles.max() <= 44.0
        spreads.append(angles.std())
    # Uniform over 18 degrees: std 5.2; Beta(4, 4): 18 / 6 = 3.0.
    assert spreads[0] == pytest.approx(18 / 12 ** 0.5, rel=0.15)
    assert spreads[1] == pytest.approx(3.0, rel=0.15)


def test_clutter_level_moves_the_sea():
    medians = []
    for clutter_db in (-20.0, -12.0):
        rows = make_sar_dataset(20, seed=4, variant=SarVariant(clutter_db=clutter_db))
        medians.append(float(np.median(_bands(rows))))
    assert medians[1] - medians[0] == pytest.approx(8.0, abs=1.0)
