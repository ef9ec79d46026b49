"""What every loader returns: :class:`LoadedData`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class UnlabelledRows:
    """A data set's rows without labels, to predict for a submission (the iceberg
    challenge's test.json), in file order.

    Attributes:
        x: inputs, as the training rows' ``x``.
        ids: one id per row, as the submission writes it.
        side: side features, as ``side_train``. Defaults to `None`.
    """

    x: np.ndarray
    ids: np.ndarray
    side: np.ndarray | None = None


@dataclass
class LoadedData:
    """A data set's fixed train and test splits, as plain numpy arrays.

    Args:
        x_train: training inputs; for image data sets ``uint8`` of shape
            ``(n, 28, 28)``.
        y_train: training labels, shape ``(n,)`` (integer class ids for
            MNIST and Fashion-MNIST).
        x_test: test inputs, as ``x_train``.
        y_test: test labels, as ``y_train``.
        class_names: class names in label order (``"0"``..``"9"`` for MNIST).
        source: where the data came from, human-readable (``"data folder
            /data/mnist"``, ``"embedded copy"``).
        input_kind: what the inputs are: ``"image"``, ``"table"`` (rows of
            numeric features), or ``"radar"`` for the iceberg data set's two
            SAR bands.
        feature_names: column names of tabular inputs. Defaults to `None`.
        target_names: column names of the targets in tabular files (an input
            CSV given to ``predict`` may carry them; they are ignored).
            Defaults to `None`.
        notes: lines a report should show about the data. Defaults to `[]`.
        side_train: per-row side features of the training rows, ``(n, k)``
            float with NaN for a missing value (the iceberg images' incidence
            angle); a model gets them as a second input. Defaults to `None`.
        side_test: the same for the test rows. Defaults to `None`.
        side_names: the ``k`` side features' names. Defaults to `None`.
        image_column: for photos listed by path, the column (of a CSV, or of
            ``predictions.csv``) naming each photo. Defaults to `None`.
        ids_train: an id per training row, where the data set has ids (iceberg).
            Defaults to `None`.
        ids_test: the same for the test rows. Defaults to `None`.
        unlabelled: rows without labels to predict for a submission. Defaults to `None`.
        validation_rows: rows of the training part that the data set itself
            sets aside for validation (apparel's val CSV), used by
            ``split.method: published``. Defaults to `None`.
        label_groups: for multi-label data, groups of labels of which each
            row has exactly one (apparel: ``colour`` and ``type``), by name.
            Defaults to `None`.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: list[str]
    source: str
    input_kind: str
    feature_names: list[str] | None = None
    target_names: list[str] | None = None
    notes: list[str] = field(default_factory=list)
    image_column: str | None = None
    ids_train: np.ndarray | None = None
    ids_test: np.ndarray | None = None
    unlabelled: UnlabelledRows | None = None
    side_train: np.ndarray | None = None
    side_test: np.ndarray | None = None
    side_names: list[str] | None = None
    validation_rows: np.ndarray | None = None
    label_groups: dict[str, list[str]] | None = None
