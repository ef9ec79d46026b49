"""The real MNIST and Fashion-MNIST from FOURFOLD_DATA (shared/data), checked against its README."""

from __future__ import annotations

import time

import numpy as np
import pytest

from fourfold.datasets import load_dataset

pytestmark = pytest.mark.realdata


def test_mnist(real_data):
    folder = real_data("mnist")

    data = load_dataset("mnist", folder)

    assert data.source == f"data folder {folder / 'mnist'}"
    assert data.x_train.shape == (60000, 28, 28) and data.x_train.dtype == np.uint8
    assert data.x_test.shape == (10000, 28, 28)
    assert data.y_train[:3].tolist() == [5, 0, 4] and data.y_train[-3:].tolist() == [5, 6, 8]
    assert data.y_test[:3].tolist() == [7, 2, 1] and data.y_test[-3:].tolist() == [4, 5, 6]
    assert np.bincount(data.y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_fashion_mnist(real_data):
    folder = real_data("fashion-mnist")

    started = time.perf_counter()
    data = load_dataset("fashion-mnist", folder)
    seconds = time.perf_counter() - started

    assert data.x_train.shape == (60000, 28, 28) and data.x_train.dtype == np.uint8
    assert data.x_test.shape == (10000, 28, 28)
    assert data.y_train.shape == (60000,) and data.y_test.shape == (10000,)
    assert np.bincount(data.y_test).tolist() == [1000] * 10  # balanced classes
    assert data.class_names[:2] == ["T-shirt/top", "Trouser"]
    assert seconds < 5, f"reading 55 MB of IDX took {seconds:.1f} s"  # ~0.4 s on one core
