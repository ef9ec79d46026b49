"""``fourfold.load(run_dir)``: a finished run's model, predicting like a scikit-learn estimator.

The work is :class:`~fourfold.predict.Predictor`'s (the saved Keras model and its
saved preprocessing, as ``fourfold predict`` uses them; for a K-fold ensemble every
fold's model with its own preprocessing, their outputs averaged); this module turns the
caller's arrays, data frames or files into its raw inputs and its scores into
scikit-learn's return values.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from fourfold.errors import DataError, UsageError
from fourfold.messages import text


def load(run_dir) -> "TrainedModel":
    """Load a complete run's model and preprocessing for prediction.

    Args:
        run_dir: the run folder (``result.run_dir``), or the ``RunResult``
            that :func:`fourfold.run` returned.

    Returns:
        A :class:`TrainedModel`.

    Raises:
        RunFolderError: when the run is not complete or its model files are
            missing or damaged.

    Example:
        >>> model = fourfold.load("runs/mnist-20260101T000000Z")  # doctest: +SKIP
        >>> model.predict(x_test[:3])  # doctest: +SKIP
        array(['7', '2', '1'], dtype='<U1')
    """
    from fourfold.predict import Predictor

    return TrainedModel(Predictor.load(Path(getattr(run_dir, "run_dir", run_dir))))


class TrainedModel:
    """A run's model with the preprocessing fitted on its training rows.

    Inputs are raw, as the data set stores them: ``uint8`` images
    ``(n, 28, 28)`` for MNIST, ``float`` rows ``(n, 13)`` for Boston, a pandas
    DataFrame with the training columns for a run on your own table, or the
    path(s) of files ``fourfold predict`` reads (images, CSV, IDX, NPZ, JSON).

    Attributes:
        run_dir: the run folder.
        task: ``multiclass``, ``binary``, ``regression`` or ``multilabel``.
        classes_: class names in the order of :meth:`predict_proba`'s columns
            (label names for multilabel; empty for regression).
        keras_model: the Keras model (weights of the best epoch); `None` for a
            K-fold ensemble, which has one per fold.
        keras_models: every Keras model whose outputs are averaged (the folds'
            for a K-fold run with ``kfold.final: ensemble``), else the one model.
        averaged: how many models' outputs are averaged (K for an ensemble), else 0.

    A K-fold run predicts as ``fourfold predict`` does: with ``kfold.final:
    ensemble`` the mean of the fold models' outputs, each fold's own saved
    preprocessing applied to its inputs; with ``refit`` the refit model.
    """

    def __init__(self, predictor):
        self._predictor = predictor
        self.run_dir = predictor.run_dir
        self.task = predictor.task.name
        self.classes_ = np.asarray(predictor.class_names, dtype=str)
        self.keras_model = predictor.model
        self.keras_models = predictor.models
        self.averaged = predictor.averaged

    def __repr__(self) -> str:
        return f"TrainedModel(run_dir={str(self.run_dir)!r}, task={self.task!r})"

    def predict(self, x) -> np.ndarray:
        """Predictions for ``x``, decoded as the run's ``predictions.csv`` decodes them.

        Args:
            x: inputs, shape ``(n, ...)`` as the training inputs (or rows
                flattened), a DataFrame, or file path(s).

        Returns:
            Class names ``(n,)`` (binary, multiclass), values ``float64 (n,)``
            (regression), or 0/1 labels ``int64 (n, labels)`` in the order of
            ``classes_`` (multilabel, with the run's thresholds).

        Raises:
            DataError: inputs of the wrong shape, dtype or columns.
        """
        predictor = self._predictor
        decoding = predictor.task.decoding_from_record(predictor.record.get("decoding"),
                                                       predictor.class_names)
        predicted = predictor.task.decode(self._scores(x), decoding)
        return self.classes_[predicted] if len(self.classes_) and predicted.ndim == 1 else predicted

    def predict_proba(self, x) -> np.ndarray:
        """Class probabilities for ``x`` (classification only).

        Args:
            x: inputs, as for :meth:`predict`.

        Returns:
            ``float64 (n, classes)``: softmax rows that sum to one (multiclass),
            ``[1 - p, p]`` (binary), or each label's probability (multilabel);
            columns in the order of ``classes_``.

        Raises:
            UsageError: for a regression model.
            DataError: inputs of the wrong shape, dtype or columns.
        """
        if not len(self.classes_):
            raise UsageError(text("api.no_probabilities", run_dir=self.run_dir, task=self.task))
        scores = np.asarray(self._scores(x), dtype=np.float64)
        if len(self.classes_) == 2 and scores.size == len(scores):  # one sigmoid unit
            positive = scores.reshape(-1)
            return np.column_stack([1.0 - positive, positive])
        return scores

    def _scores(self, x) -> np.ndarray:
        predictor = self._predictor
        if _paths(x) is not None:
            from fourfold.predict.inputs import read_inputs

            read = read_inputs(_paths(x), predictor.record)
            return predictor.scores(read.x, read.side)
        return predictor.scores(self._raw(x))

    def _raw(self, x):
        """``x`` as the scaler expects raw inputs, checked against the training inputs."""
        record = self._predictor.record["input"]
        columns = self._predictor.record["scaler"].get("kinds")
        if columns:  # a table of typed columns: matched by name, as predict reads files
            if not hasattr(x, "columns"):
                raise DataError(text("api.needs_frame", run_dir=self.run_dir,
                                     columns=", ".join(columns)))
            from fourfold.datasets.table import conform

            return conform(x, columns, Path("x"))
        if hasattr(x, "columns") and record.get("feature_names"):
            x = x[record["feature_names"]]
        array = np.asarray(x.to_numpy() if hasattr(x, "to_numpy") else x)
        if array.dtype.kind not in "biuf":
            raise DataError(text("api.bad_input", received=_described(x)))
        if record["dtype"] == "uint8" and array.dtype.kind == "f":
            raise DataError(text("api.needs_pixels", run_dir=self.run_dir, dtype=array.dtype))
        shape = tuple(record["shape"])
        if array.ndim == 2 and array.shape[1:] != shape and array.shape[1] == np.prod(shape):
            array = array.reshape((-1, *shape))
        if array.shape[1:] != shape or array.ndim < 2:
            raise DataError(text("api.bad_shape", received=array.shape[1:], expected=shape,
                                 run_dir=self.run_dir, size=int(np.prod(shape))))
        return array


def _paths(x) -> list[Path] | None:
    """``x`` as a list of file paths, or `None` when it is not one (or a list of them)."""
    if isinstance(x, (str, os.PathLike)):
        return [Path(x)]
    if isinstance(x, (list, tuple)) and x and all(isinstance(i, (str, os.PathLike)) for i in x):
        return [Path(item) for item in x]
    return None


def _described(value) -> str:
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__}" + (f" of shape {shape} and dtype {value.dtype}"
                                        if shape is not None else "")
