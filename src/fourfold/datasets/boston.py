"""The Boston housing data set, split exactly as the textbook's Keras call splits it.

The textbook loads it with ``keras.datasets.boston_housing.load_data(
test_split=0.2, seed=777)``: the 506 rows in their original order are shuffled
with ``np.random.RandomState(777)`` and the first 404 shuffled rows train, the
last 102 test. :func:`keras_split_indices` reproduces that index for index, from
the StatLib CSV (``boston/boston_house_prices.csv``) instead of Keras' NPZ.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fourfold.datasets.base import LoadedData
from fourfold.datasets.catalog import DatasetSpec
from fourfold.datasets.resolve import describe_source, resolve
from fourfold.datasets.tabular import read_numeric_csv, read_text
from fourfold.errors import DataError
from fourfold.messages import text

FILE = "boston_house_prices.csv"
FEATURES = ("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B",
            "LSTAT")
TARGET = "MEDV"
NUM_ROWS = 506
# The textbook's call: keras.datasets.boston_housing.load_data(test_split=0.2, seed=777).
TEST_SPLIT = 0.2
SEED = 777


def load_boston(spec: DatasetSpec, data_dir: str | Path | None) -> LoadedData:
    """Load Boston housing with the textbook's Keras train/test split.

    Args:
        spec: the data set (:data:`~fourfold.datasets.catalog.BOSTON`).
        data_dir: the data folder to search first, or `None`.

    Returns:
        The :class:`LoadedData`: ``x_train`` ``float64`` of shape ``(404, 13)``,
        ``y_train`` ``float64`` of shape ``(404,)`` (``MEDV``, in $1000s),
        ``x_test`` ``(102, 13)``, ``y_test`` ``(102,)``; ``input_kind="table"``,
        the 13 ``feature_names`` in file order, and a note on the ``B`` column.

    Raises:
        DataError: when the file is missing, is not a numeric CSV with exactly
            the 13 feature columns and ``MEDV``, or does not hold 506 rows.

    Example:
        >>> data = load_boston(get_spec("boston"), "shared/data")  # doctest: +SKIP
        >>> data.x_train.shape, data.x_test.shape  # doctest: +SKIP
        ((404, 13), (102, 13))
    """
    resolved = resolve(spec.name, data_dir)
    path = resolved.files[FILE]
    frame = read_numeric_csv(path, required_columns=[*FEATURES, TARGET],
                             skip_lines=_preamble_lines(path))
    if len(frame) != NUM_ROWS:
        raise DataError(text("data.boston.bad_rows", path=path, expected=NUM_ROWS, found=len(frame)))
    x = frame[list(FEATURES)].to_numpy(dtype=np.float64)
    y = frame[TARGET].to_numpy(dtype=np.float64)
    train, test = keras_split_indices(len(frame))
    return LoadedData(x[train], y[train], x[test], y[test], class_names=[],
                      source=describe_source(resolved), input_kind="table",
                      feature_names=list(FEATURES), target_names=[TARGET],
                      notes=[text("data.boston.race_note")])


def keras_split_indices(num_rows: int, *, test_split: float = TEST_SPLIT, seed: int = SEED
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The rows ``keras.datasets.boston_housing.load_data`` puts in train and in test.

    Keras shuffles ``np.arange(num_rows)`` with ``np.random.RandomState(seed)``
    and cuts it at ``int(num_rows * (1 - test_split))``.

    Args:
        num_rows: rows in file order. 506 for Boston housing.
        test_split: the fraction held out for testing. Defaults to `0.2`.
        seed: the shuffle's seed. Defaults to `777`.

    Returns:
        ``(train, test)``: ``int64`` row indices, in shuffled order;
        ``(404,)`` and ``(102,)`` for the defaults.
    """
    indices = np.arange(num_rows)
    np.random.RandomState(seed).shuffle(indices)
    cut = int(num_rows * (1 - test_split))
    return indices[:cut], indices[cut:]


def _preamble_lines(path: Path) -> int:
    """1 for scikit-learn's copy, whose first line (``506,13``) precedes the header; else 0."""
    first_line = read_text(path).split("\n", 1)[0]
    fields = [field.strip().strip('"') for field in first_line.split(",")]
    return int(len(fields) >= 2 and fields[0].isdigit() and fields[1].isdigit())
