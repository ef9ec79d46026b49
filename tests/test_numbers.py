"""fourfold.numbers.finite: what counts as a number to show or rank by."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fourfold.numbers import finite


@pytest.mark.parametrize("value, expected", [
    (3, 3.0), (0.25, 0.25), (np.float32(0.5), 0.5), (np.int64(7), 7.0), (-0.0, 0.0)])
def test_finite_real_numbers_come_back_as_floats(value, expected):
    assert finite(value) == expected and type(finite(value)) is float


@pytest.mark.parametrize("value", [None, True, False, np.bool_(True), "0.5", math.nan,
                                   math.inf, -math.inf, np.float64("nan"), [1.0], {"a": 1}])
def test_everything_else_is_none(value):
    assert finite(value) is None
