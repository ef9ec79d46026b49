"""A data set given as arrays: what ``fourfold.run(recipe, data=...)`` trains on instead
of the recipe's own data set.

:class:`Data` holds the four arrays as the user has them (the shapes of
``keras.datasets.mnist.load_data()``); :meth:`Data.loaded` checks them once against
the recipe's task and returns the :class:`~fourfold.datasets.base.LoadedData` that the
rest of fourfold reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from fourfold.errors import DataError, RecipeError
from fourfold.messages import text


@dataclass(frozen=True, eq=False)
class Data:
    """Training and test arrays to run a recipe on, in place of its data set.

    The recipe still says everything else (task, scaling, model, training);
    ``y`` follows its task. Inputs are stored as they are and scaled by the
    recipe's ``preprocess`` on the training rows only; ``uint8`` arrays of shape
    ``(n, height, width)`` or ``(n, height, width, channels)`` are images, any
    other numbers are rows of features (a pandas DataFrame of numeric columns
    keeps its column names).

    Args:
        x_train: training inputs, shape ``(n, ...)``.
        y_train: training targets: class labels ``(n,)`` (any values, or
            integer ids ``0..K-1`` with ``class_names``) for binary and
            multiclass, values ``(n,)`` for regression, 0/1 ``(n, labels)``
            for multilabel.
        x_test: test inputs, rows shaped as ``x_train``'s.
        y_test: test targets, as ``y_train``.
        class_names: the names of class ids ``0..K-1`` (binary, multiclass)
            or of the label columns (multilabel); `None` takes the sorted
            labels of ``y_train`` (or ``"0"``, ``"1"``... for label columns).
            Defaults to `None`.

    Example:
        >>> import numpy as np
        >>> from fourfold import Data
        >>> data = Data(np.zeros((8, 3)), np.arange(8) % 2, np.ones((4, 3)), np.arange(4) % 2)
        >>> data.loaded("binary").class_names
        ['0', '1']
    """

    x_train: Any
    y_train: Any
    x_test: Any
    y_test: Any
    class_names: Sequence[str] | None = field(default=None, kw_only=True)

    def loaded(self, task: str):
        """The arrays checked against ``task``, as the loaders return a data set.

        Args:
            task: the recipe's task (``multiclass``, ``binary``, ``regression``,
                ``multilabel``).

        Returns:
            A :class:`~fourfold.datasets.base.LoadedData`; ``y`` as class ids
            ``int64 (n,)``, values ``float64 (n,)`` or labels ``uint8 (n, labels)``.

        Raises:
            DataError: arrays whose rows do not match, non-numeric inputs, or
                targets the task cannot have (naming the array and the fix).
            RecipeError: ``class_names`` given for a regression.
        """
        from fourfold.datasets.base import LoadedData

        x_train, names = _inputs(self.x_train, "x_train")
        x_test, _ = _inputs(self.x_test, "x_test")
        _same_rows("x_train", x_train, "x_test", x_test)
        y_train = _targets(self.y_train, "y_train", "x_train", len(x_train))
        y_test = _targets(self.y_test, "y_test", "x_test", len(x_test))
        _same_rows("y_train", y_train, "y_test", y_test)
        encode = {"regression": _values, "multilabel": _label_columns}.get(task, _classes)
        y_train, y_test, class_names = encode(y_train, y_test, self.class_names, task)
        images = x_train.dtype == np.uint8 and x_train.ndim in (3, 4)
        return LoadedData(x_train, y_train, x_test, y_test, class_names=class_names,
                          source=text("api.data.source", train=len(x_train), test=len(x_test)),
                          input_kind="image" if images else "table", feature_names=names)


def _inputs(x, name: str) -> tuple[np.ndarray, list[str] | None]:
    """``x`` as a numeric array with rows first, and its column names if it is a frame."""
    names = [str(column) for column in x.columns] if hasattr(x, "columns") else None
    try:
        array = np.asarray(x.to_numpy() if names is not None else x)
    except (TypeError, ValueError):
        array = np.asarray(x, dtype=object)
    if array.dtype.kind not in "biuf":
        raise DataError(text("api.data.not_numeric", name=name, dtype=array.dtype))
    if array.ndim < 2:
        raise DataError(text("api.data.batch_axis", name=name, shape=array.shape))
    return array, names


def _targets(y, name: str, x_name: str, rows: int) -> np.ndarray:
    array = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
    if len(array) != rows:
        raise DataError(text("api.data.rows", x=x_name, x_rows=rows, y=name, y_rows=len(array)))
    return array


def _same_rows(first: str, a: np.ndarray, second: str, b: np.ndarray) -> None:
    if a.shape[1:] != b.shape[1:]:
        raise DataError(text("api.data.row_shapes", first=first, first_shape=a.shape[1:],
                             second=second, second_shape=b.shape[1:]))


def _one_column(y: np.ndarray, name: str, task: str) -> np.ndarray:
    if y.ndim != 1:
        raise DataError(text("api.data.target_shape", task=task, name=name, expected="(n,)",
                             shape=y.shape))
    return y


def _values(y_train, y_test, class_names, task):
    """Regression: float64 values."""
    if class_names:
        raise RecipeError(text("api.data.regression_classes"))
    for y, name in ((y_train, "y_train"), (y_test, "y_test")):
        if _one_column(y, name, task).dtype.kind not in "biuf":
            raise DataError(text("api.data.not_numeric", name=name, dtype=y.dtype))
    return y_train.astype(np.float64), y_test.astype(np.float64), []


def _label_columns(y_train, y_test, class_names, task):
    """Multilabel: uint8 0/1 columns, one per label."""
    for y, name in ((y_train, "y_train"), (y_test, "y_test")):
        if y.ndim != 2:
            raise DataError(text("api.data.target_shape", task=task, name=name,
                                 expected="(n, labels)", shape=y.shape))
        found = set(np.unique(y).tolist()) - {0, 1}
        if found:
            raise DataError(text("api.data.not_binary_labels", name=name,
                                 values=", ".join(map(str, sorted(found, key=str)[:5]))))
    labels = y_train.shape[1]
    names = [str(index) for index in range(labels)] if class_names is None else list(class_names)
    if len(names) != labels:
        raise DataError(text("api.data.label_names", count=len(names), name="y_train",
                             labels=labels))
    return y_train.astype(np.uint8), y_test.astype(np.uint8), names


def _classes(y_train, y_test, class_names, task):
    """Binary and multiclass: int64 class ids, with the class names."""
    train = _one_column(y_train, "y_train", task)
    test = _one_column(y_test, "y_test", task)
    if class_names is not None:
        names = [str(name) for name in class_names]
        for y, name in ((train, "y_train"), (test, "y_test")):
            bad = y[(y.astype(np.int64) != y) | (y < 0) | (y >= len(names))] \
                if y.dtype.kind in "biuf" else y
            if len(bad):
                raise DataError(text("api.data.bad_ids", name=name, last=len(names) - 1,
                                     value=_shown(bad[0])))
        ids = [y.astype(np.int64) for y in (train, test)]
    else:
        labels = np.unique(train)
        names = [str(label) for label in labels]
        positions = np.searchsorted(labels, test).clip(0, len(labels) - 1)
        unseen = test[labels[positions] != test]
        if len(unseen):
            raise DataError(text("api.data.unseen_class", name="y_test", value=_shown(unseen[0]),
                                 classes=", ".join(names)))
        ids = [np.searchsorted(labels, train).astype(np.int64), positions.astype(np.int64)]
    if len(names) < 2:
        raise DataError(text("api.data.one_class", classes=", ".join(names)))
    if task == "binary" and len(names) != 2:
        raise DataError(text("api.data.class_count", count=len(names), classes=", ".join(names)))
    return ids[0], ids[1], names


def _shown(value) -> str:
    """A label as the user wrote it (``2``, ``'cat'``), not NumPy's ``np.int64(2)``."""
    return repr(value.item() if isinstance(value, np.generic) else value)
