"""What every task owns: one row of SPEC's rule table, its label handling, and how
it is shown (report sections and plots, progress bar, ``fourfold predict``'s lines,
Kaggle submission columns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

#: Most inputs `fourfold predict` prints as sentences; more go out as a CSV table.
MAX_PRINTED = 20


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
        report_sections: the sections of ``report.html`` the task adds to those
            every run has, by the ``id`` of their ``<section>``: ``confusion``
            (confusion matrix), ``classification`` (scikit-learn's per-class or
            per-label report), ``binary`` (ROC and reliability curves),
            ``regression`` (predicted against true values, residuals),
            ``decodings`` (how probabilities became label sets, each label's
            threshold), ``co-occurrence`` (labels that occur together).
        report_plots: the ``plots/<name>.png`` the task draws besides the
            learning curves, each where the run has the data for it.
        progress_metrics: the Keras log keys the progress bar shows while an
            epoch runs.
        predicts_labels: whether a prediction is right or wrong as a whole (a
            class, a label set): ``predictions.csv`` says which rows are
            ``correct`` and the report marks the wrong ones. A regression's
            values are near or far instead.
        predicts_label_sets: whether a prediction is a set of labels (a
            multi-hot row), shown, and marked wrong, label by label.

    The last five, with :meth:`summary_metrics`, :meth:`example_rows`,
    :meth:`positive_scores`, :meth:`prints_lines`, :meth:`prediction_lines` and
    :meth:`submission_columns`, say how the task is shown: reporting, the
    progress bar and `fourfold predict` dispatch on them rather than guess the
    task from metric keys, array shapes or dtypes.
    """

    name: ClassVar[str]
    activation: ClassVar[str]
    loss: ClassVar[str]
    keras_metrics: ClassVar[tuple[str, ...]]
    headline: ClassVar[Headline]
    stratify: ClassVar[bool] = False
    report_sections: ClassVar[tuple[str, ...]] = ()
    report_plots: ClassVar[tuple[str, ...]] = ()
    progress_metrics: ClassVar[tuple[str, ...]] = ("loss",)
    predicts_labels: ClassVar[bool] = True
    predicts_label_sets: ClassVar[bool] = False
    #: Whether the network learns its target standardized (``preprocess.scale_target``).
    scales_target: ClassVar[bool] = False

    def output_units(self, num_outputs: int) -> int:
        """Units of the output layer for ``num_outputs`` classes or labels."""
        return num_outputs

    def label_problem(self, labels: np.ndarray, num_classes: int) -> tuple[str, dict] | None:
        """Why targets ``labels`` with ``num_classes`` class names cannot be this task's, as
        a message key and its values (the rule table's advice), or `None` when they fit."""
        if labels.ndim == 2 and labels.shape[1] > 1:
            return "check.single_label_task_on_label_rows", {"task": self.name,
                                                              "labels": labels.shape[1]}
        if num_classes == 0:
            return "check.classification_needs_classes", {"task": self.name}
        return None

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

    def metric_settings(self, *, probability_clip: float) -> dict:
        """Settings the test metrics were computed under, recorded beside them in
        ``metrics["test"]`` (binary: the clip its probabilities went through before
        log loss, the recipe's ``probability_clip`` if wider than Kaggle's)."""
        return {}

    def summary_metrics(self, label_groups: dict | None = None) -> tuple[str, ...]:
        """Test metrics the report's summary lists first, in this order (after the
        headline); the others follow as ``evaluate`` wrote them. ``label_groups``:
        the run's label groups by name (multi-label), or `None`."""
        return ()

    def example_rows(self, y: np.ndarray, num_classes: int, per_class: int) -> np.ndarray:
        """Rows of the training targets ``y`` the report shows as examples: the first
        ``per_class`` of each class, class by class (single-label classification);
        none for the other tasks. Returns int64 row indices."""
        return np.zeros(0, dtype=np.int64)

    def positive_scores(self, predictions, class_names: list[str]
                        ) -> tuple[np.ndarray, np.ndarray] | None:
        """``(truth 0/1, probability of the positive class)``, each ``(n,)``, read back
        from ``predictions.csv`` (a data frame) for the ROC and reliability plots;
        `None` for a task without one positive class, or a table that lacks the columns."""
        return None

    def prints_lines(self, count: int, *, named: bool) -> bool:
        """Whether `fourfold predict` prints ``count`` predictions as sentences
        (:meth:`prediction_lines`) rather than as a CSV table of
        :meth:`prediction_columns`; ``named``: every input is a file named on the
        command line (not a folder, nor a CSV of rows or paths)."""
        return False

    def prediction_lines(self, name: str, scores: np.ndarray, predicted: object,
                         class_names: list[str]) -> list[str]:
        """One input's prediction as `fourfold predict` prints it.

        Args:
            name: the input (its file, or ``file#row``).
            scores: the input's model outputs, as :meth:`postprocess` returns them.
            predicted: its ``predicted`` cell of :meth:`prediction_columns`.
            class_names: the run's class or label names.

        Returns:
            The lines, in the current language.
        """
        raise NotImplementedError

    def submission_columns(self, scores: np.ndarray, class_names: list[str],
                           target_names: list[str] | None = None) -> dict[str, np.ndarray]:
        """Columns of a Kaggle-style submission after ``id``, one row per input in input
        order; ``target_names``: the data set's target column names, when it has them."""
        raise NotImplementedError


def first_rows_per_class(labels: np.ndarray, num_classes: int, per_class: int) -> np.ndarray:
    """The first ``per_class`` rows of each class among class indices ``labels``, class
    by class (``int64``)."""
    labels = np.asarray(labels).ravel()
    rows = [np.flatnonzero(labels == label)[:per_class] for label in range(num_classes)]
    return np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, dtype=np.int64)


def as_float_list(values: np.ndarray) -> list[float]:
    """A NumPy vector as plain floats for JSON."""
    return [float(value) for value in np.asarray(values).ravel()]
