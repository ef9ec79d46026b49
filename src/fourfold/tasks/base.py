"""What every task owns: one row of SPEC's rule table plus its label handling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np


@dataclass(frozen=True)
class Headline:
    """The one metric a run is summarised by."""

    name: str
    higher_is_better: bool


class Task:
    """Base class of the four tasks.

    Attributes:
        name: registry key, as written in recipes.
        activation: activation of the output layer.
        loss: Keras loss identifier.
        keras_metrics: metric identifiers compiled into the model (see
            :func:`fourfold.models.keras_metric`).
        headline: the metric shown first in summaries and `fourfold runs`.
        stratify: whether splits and folds keep the class shares (classification).
    """

    name: ClassVar[str]
    activation: ClassVar[str]
    loss: ClassVar[str]
    keras_metrics: ClassVar[tuple[str, ...]]
    headline: ClassVar[Headline]
    stratify: ClassVar[bool] = False

    def output_units(self, num_outputs: int) -> int:
        """Units of the output layer for ``num_outputs`` classes or labels."""
        return num_outputs

    def class_counts(self, y: np.ndarray, num_outputs: int) -> list[int] | None:
        """Rows per class (single-label) or per label (multi-label) among targets ``y``,
        in class order; `None` for a regression target."""
        return None

    def output_scale(self, y_train: np.ndarray) -> tuple[float, float] | None:
        """``(scale, offset)`` a fixed last layer applies to the output so that the network
        learns a standardized target (``preprocess.scale_target``); `None` when the
        task's outputs are probabilities."""
        return None

    def encode(self, y: np.ndarray, num_outputs: int) -> np.ndarray:
        """Targets as the loss expects them (float32)."""
        raise NotImplementedError

    def postprocess(self, scores: np.ndarray, *, probability_clip: float) -> np.ndarray:
        """Model outputs as the task reports them (binary clips probabilities)."""
        return np.asarray(scores, dtype=np.float64)

    def row_losses(self, y_true: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """The task's Keras loss of each row, ``(n,)`` float64, computed from predicted
        scores (a multi-label row's is the mean over its labels)."""
        raise NotImplementedError

    def loss_value(self, y_true: np.ndarray, scores: np.ndarray) -> float:
        """The task's Keras loss on a set of rows: the mean of :meth:`row_losses`."""
        return float(np.mean(self.row_losses(y_true, scores)))

    def decode(self, scores: np.ndarray, decoding=None) -> np.ndarray:
        """Model outputs to predictions in the label space of the data; ``decoding`` is
        what :meth:`fit_decoding` returned (`None`: the task's default rule)."""
        raise NotImplementedError

    def fit_decoding(self, y_validation: np.ndarray, scores: np.ndarray, *, mode: str,
                     groups: list[list[int]] | None):
        """How scores become predictions, chosen on the validation rows (multi-label's
        per-label thresholds). The other tasks decode by a fixed rule: `None`."""
        return None

    def decoding_record(self, decoding, class_names: list[str]) -> dict | None:
        """``decoding`` as JSON for ``preprocess.json``."""
        return None

    def decoding_from_record(self, record: dict | None, class_names: list[str]):
        """The decoding saved by :meth:`decoding_record`."""
        return None

    def evaluate(self, y_true: np.ndarray, scores: np.ndarray, class_names: list[str],
                 decoding=None) -> dict:
        """Test metrics computed with scikit-learn, as a JSON-ready dict."""
        raise NotImplementedError

    def baseline(self, y_train: np.ndarray, y_test: np.ndarray, class_names: list[str]) -> dict:
        """What a model that ignores its input scores on the test set."""
        raise NotImplementedError

    def prediction_columns(self, scores: np.ndarray, class_names: list[str],
                           decoding=None) -> dict[str, np.ndarray]:
        """Columns of ``predictions.csv`` (besides row id and truth)."""
        raise NotImplementedError

    def truth_columns(self, y: np.ndarray, class_names: list[str]) -> dict[str, np.ndarray]:
        """Columns that hold the true targets in ``predictions.csv``."""
        raise NotImplementedError


def as_float_list(values: np.ndarray) -> list[float]:
    """A NumPy vector as plain floats for JSON."""
    return [float(value) for value in np.asarray(values).ravel()]
