"""load_dataset() on small synthetic IDX files, and on the MNIST copy shipped in the package."""

from __future__ import annotations

import re

import numpy as np
import pytest

from fourfold.datasets import LoadedData, load_dataset
from fourfold.datasets.catalog import TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS
from fourfold.datasets.catalog import DATASETS
from fourfold.errors import DataError

pytestmark = pytest.mark.usefixtures("isolated_data")


@pytest.fixture
def tiny_fashion(tmp_path, write_idx):
    """A data folder with a 6-train / 4-test Fashion-MNIST look-alike; returns a writer for changes."""
    rng = np.random.default_rng(0)

    def write(train_images=None, train_labels=None, test_labels=None):
        folder = tmp_path / "data" / "fashion-mnist"
        arrays = {
            TRAIN_IMAGES: rng.integers(0, 256, (6, 28, 28), dtype=np.uint8) if train_images is None
            else train_images,
            TRAIN_LABELS: np.arange(6, dtype=np.uint8) if train_labels is None else train_labels,
            TEST_IMAGES: rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
            TEST_LABELS: np.array([9, 0, 1, 2], dtype=np.uint8) if test_labels is None else test_labels,
        }
        for name, array in arrays.items():
            write_idx(folder / f"{name}.gz", array, compress=True)
        return tmp_path / "data", arrays

    return write


def test_load_from_a_data_folder(tiny_fashion):
    data_dir, arrays = tiny_fashion()

    data = load_dataset("fashion-mnist", data_dir)

    assert isinstance(data, LoadedData)
    np.testing.assert_array_equal(data.x_train, arrays[TRAIN_IMAGES])
    np.testing.assert_array_equal(data.y_test, arrays[TEST_LABELS])
    assert data.x_train.dtype == np.uint8 and data.x_test.shape == (4, 28, 28)
    assert data.class_names[0] == "T-shirt/top" and data.class_names[9] == "Ankle boot"
    assert data.source == f"data folder {data_dir / 'fashion-mnist'}"
    assert data.input_kind == "image"
    assert data.feature_names is None and data.notes == []


def test_label_out_of_range(tiny_fashion):
    data_dir, _ = tiny_fashion(test_labels=np.array([0, 1, 12, 3], dtype=np.uint8))

    with pytest.raises(DataError) as caught:
        load_dataset("fashion-mnist", data_dir)

    assert f"{TEST_LABELS}.gz: expected uint8 labels from 0 to 10 - 1, found label 12" in str(caught.value)


def test_wrong_image_size(tiny_fashion):
    data_dir, _ = tiny_fashion(train_images=np.zeros((6, 32, 32), dtype=np.uint8))

    with pytest.raises(DataError, match=r"expected images of uint8 \(n, 28, 28\), found uint8 \(6, 32, 32\)"):
        load_dataset("fashion-mnist", data_dir)


def test_train_counts_must_match(tiny_fashion):
    data_dir, _ = tiny_fashion(train_labels=np.zeros(5, dtype=np.uint8))

    with pytest.raises(DataError, match="holds 6 images but .* holds 5 labels"):
        load_dataset("fashion-mnist", data_dir)


def test_unknown_name_lists_the_data_sets():
    names = ", ".join(sorted(DATASETS))
    with pytest.raises(DataError, match=re.escape(f"Unknown data set 'emnist'. Known data sets: {names}.")):
        load_dataset("emnist")


def test_embedded_mnist():
    data = load_dataset("mnist")

    assert data.source.startswith("embedded copy")
    assert data.x_train.shape == (60000, 28, 28) and data.x_test.shape == (10000, 28, 28)
    assert data.y_train[:3].tolist() == [5, 0, 4]
    assert data.class_names == [str(digit) for digit in range(10)]


def test_every_catalogue_entry_names_a_loader_that_exists():
    from importlib import import_module

    for spec in DATASETS.values():
        module, _, function = spec.loader.partition(":")
        assert callable(getattr(import_module(module), function)), spec.name
    assert [spec.name for spec in DATASETS.values() if spec.photos] == ["apparel"]


def test_every_data_kind_names_readers_that_exist():
    from importlib import import_module

    from fourfold.datasets.kinds import KINDS, get_kind
    from fourfold.errors import RunFolderError

    for kind in KINDS.values():
        for target in (kind.predict_reader, kind.profiler):
            module, _, function = target.partition(":")
            assert callable(getattr(import_module(module), function)), target
    with pytest.raises(RunFolderError, match="inputs are of kind 'video', which this fourfold "
                                             "does not know"):
        get_kind("video")
