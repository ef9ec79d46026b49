"""The Statoil/C-CORE iceberg data set: ``iceberg/train.json``, optionally ``test.json``.

The competition published no labels for ``test.json``, so the test split is a
stratified 20% of ``train.json`` held out with ``random_state=777`` (the
textbook's seed). ``test.json``, when present, is what a Kaggle submission
predicts: it travels as ``LoadedData.unlabelled``, in file order.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fourfold.datasets.base import LoadedData, UnlabelledRows
from fourfold.datasets.catalog import ICEBERG_TEST, ICEBERG_TRAIN, DatasetSpec
from fourfold.datasets.iceberg_json import LABEL_FIELD, IcebergRows, read_iceberg_json
from fourfold.datasets.resolve import describe_source, resolve
from fourfold.errors import DataError
from fourfold.messages import text

TEST_SIZE = 0.2
SPLIT_SEED = 777
INPUT_KIND = "radar"
ANGLE_FIELD = "inc_angle"


def load_iceberg(spec: DatasetSpec, data_dir: str | Path | None) -> LoadedData:
    """Load the iceberg data set, holding out a stratified 20% of train.json as the test split.

    Args:
        spec: the data set (:data:`~fourfold.datasets.catalog.ICEBERG`).
        data_dir: the data folder to search first, or `None`.

    Returns:
        The :class:`LoadedData`: ``x_train`` ``float32`` of shape
        ``(n, 75, 75, 2)`` (HH and HV bands in dB), ``y_train`` ``int64``
        (0 ship, 1 iceberg), ``x_test`` and ``y_test`` likewise (20% of
        train.json, stratified); ``input_kind="radar"``; ``notes`` on the
        missing-angle leak and the held-out split; the incidence angle as the
        side feature (``side_train``/``side_test``, ``(n, 1)`` ``float32``, NaN for
        "na"), ``ids_train``/``ids_test`` (``object`` arrays of str), and when
        test.json exists its rows as ``unlabelled``, in file order.

    Raises:
        DataError: when train.json is missing (saying how to get it from
            Kaggle), when either file fails validation (see
            :func:`~fourfold.datasets.iceberg_json.read_iceberg_json`), or
            when a class has too few rows to split.

    Example:
        >>> data = load_iceberg(get_spec("iceberg"), "shared/data")  # doctest: +SKIP
        >>> data.x_train.shape, data.x_test.shape  # doctest: +SKIP
        ((1283, 75, 75, 2), (321, 75, 75, 2))
    """
    resolved = resolve(spec.name, data_dir)
    train_path = resolved.files[ICEBERG_TRAIN]
    rows = read_iceberg_json(train_path, labelled=True)
    train_index, test_index = _split(train_path, rows.is_iceberg)
    ids = np.array(rows.ids, dtype=object)
    unlabelled = None
    if ICEBERG_TEST in resolved.files:
        submit = read_iceberg_json(resolved.files[ICEBERG_TEST], labelled=False)
        unlabelled = UnlabelledRows(x=submit.bands, ids=np.array(submit.ids, dtype=object),
                                    side=submit.inc_angle.reshape(-1, 1))
    return LoadedData(
        x_train=rows.bands[train_index], y_train=rows.is_iceberg[train_index],
        x_test=rows.bands[test_index], y_test=rows.is_iceberg[test_index],
        class_names=list(spec.class_names), source=describe_source(resolved), input_kind=INPUT_KIND,
        feature_names=None, target_names=[LABEL_FIELD], notes=_notes(rows, len(test_index)),
        ids_train=ids[train_index], ids_test=ids[test_index], unlabelled=unlabelled,
        # The incidence angle is a second model input: imputed, with a missing-value flag.
        side_train=rows.inc_angle[train_index].reshape(-1, 1),
        side_test=rows.inc_angle[test_index].reshape(-1, 1),
        side_names=[ANGLE_FIELD],
    )


def _split(path: Path, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indexes of the training and test splits (stratified, seeded)."""
    from sklearn.model_selection import train_test_split  # heavy: only when loading

    try:
        return train_test_split(np.arange(len(labels)), test_size=TEST_SIZE, stratify=labels,
                                random_state=SPLIT_SEED)
    except ValueError as error:  # a class with one row, or too few rows for both splits
        counts = np.bincount(labels, minlength=2)
        raise DataError(text("data.iceberg.too_few_rows", path=path, test_share=TEST_SIZE,
                             ships=int(counts[0]), icebergs=int(counts[1]), error=error)) from None


def _notes(rows: IcebergRows, test_rows: int) -> list[str]:
    """The missing-angle leak, counted per class in train.json, and how the test split was made."""
    missing = np.isnan(rows.inc_angle)
    labels = rows.is_iceberg
    leak = text("data.iceberg.note_leak",
                ships_missing=int(np.sum(missing & (labels == 0))), ships=int(np.sum(labels == 0)),
                icebergs_missing=int(np.sum(missing & (labels == 1))),
                icebergs=int(np.sum(labels == 1)))
    split = text("data.iceberg.note_split", test_share=TEST_SIZE, test_rows=test_rows,
                 rows=len(labels), seed=SPLIT_SEED)
    return [leak, split]
