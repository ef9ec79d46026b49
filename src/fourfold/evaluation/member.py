"""Evaluate a fitted member on the test set: metrics, predictions, report samples."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fourfold.datasets import LoadedData
from fourfold.models import predict_scores
from fourfold.preprocessing.prepare import PreparedData
from fourfold.tasks import Task

#: Training images per class shown in the report's "data at a glance".
SAMPLES_PER_CLASS = 6
#: Test rows shown in the prediction grid: the first ones, then mistakes.
GRID_FIRST_ROWS = 32
GRID_MISTAKES = 16


@dataclass
class Evaluation:
    """Test and validation metrics (JSON-ready), the predictions table and the report's
    sample arrays. For K-fold, the validation rows are the fold's held-out rows."""

    test: dict
    validation: dict
    baseline: dict
    predictions: pd.DataFrame
    samples: dict[str, np.ndarray]
    seconds: float = 0.0
    decoding: object = None


def evaluate_member(model, task: Task, data: PreparedData, raw: LoadedData, *,
                    probability_clip: float, decoding_mode: str = "tuned",
                    label_groups: dict[str, list[str]] | None = None) -> Evaluation:
    """Score the validation and test sets with the best-epoch model and compute the
    task's metrics. The decoding (multi-label thresholds) is chosen on the validation
    rows first, then applied unchanged to the test rows.

    Args:
        decoding_mode: the recipe's ``evaluation.decoding`` (multi-label).
        label_groups: label groups by name (multi-label), or `None`.
    """
    import time

    from fourfold.feeding import model_inputs  # Keras: only once the backend is chosen

    started = time.perf_counter()
    validation_scores = task.postprocess(predict_scores(model, model_inputs(data, "validation")),
                                         probability_clip=probability_clip)
    groups = {name: [data.class_names.index(label) for label in labels]
              for name, labels in (label_groups or {}).items()}
    decoding = task.fit_decoding(data.y_validation, validation_scores, mode=decoding_mode,
                                 groups=groups)
    validation_losses = task.row_losses(data.y_validation, validation_scores)
    validation = {"loss": float(np.mean(validation_losses)),
                  "loss_se": _standard_error(validation_losses),
                  **_scalars(task.evaluate(data.y_validation, validation_scores, data.class_names,
                                           decoding))}
    scores = task.postprocess(predict_scores(model, model_inputs(data, "test")),
                              probability_clip=probability_clip)
    predictions = predictions_frame(task, scores, data.class_names, data.y_test, decoding,
                                    names=_names(data.x_test))
    test: dict = {}
    baseline: dict = {}
    if data.y_test is not None:
        test = {"loss": task.loss_value(data.y_test, scores),
                **task.evaluate(data.y_test, scores, data.class_names, decoding)}
        test.update(task.metric_settings(probability_clip=probability_clip))
        baseline = task.baseline(data.y_train, data.y_test, data.class_names)
    samples = report_samples(raw, data, task, predictions)
    return Evaluation(test, validation, baseline, predictions, samples,
                      time.perf_counter() - started, decoding)


def _standard_error(values: np.ndarray) -> float | None:
    """Standard error of a mean over rows (what the one-standard-error rule compares)."""
    values = np.asarray(values, dtype=np.float64)
    return float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else None


def _names(x) -> list[str] | None:
    """The photos' names as their CSV writes them, for an image set; else `None`."""
    return x.name_of(slice(None)) if hasattr(x, "name_of") else None


def _scalars(metrics: dict) -> dict:
    """The single-number metrics of a task's evaluation (no reports or matrices)."""
    return {key: value for key, value in metrics.items()
            if isinstance(value, (int, float)) or value is None}


def predictions_frame(task: Task, scores: np.ndarray, class_names: list[str],
                      y_true: np.ndarray | None, decoding=None, *,
                      names: list[str] | None = None) -> pd.DataFrame:
    """``predictions.csv``: ``row`` (and the photo's ``image`` path), ``true``,
    ``predicted``, ``correct`` and the scores."""
    columns: dict[str, np.ndarray] = {"row": np.arange(len(scores))}
    if names is not None:
        columns["image"] = np.asarray(names, dtype=object)
    predicted = task.prediction_columns(scores, class_names, decoding)
    if y_true is not None:
        columns.update(task.truth_columns(y_true, class_names))
    columns["predicted"] = predicted.pop("predicted")
    if y_true is not None and task.predicts_labels:
        columns["correct"] = columns["true"] == columns["predicted"]
    columns.update(predicted)
    return pd.DataFrame(columns)


def report_samples(raw: LoadedData, data: PreparedData, task: Task, predictions: pd.DataFrame
                   ) -> dict[str, np.ndarray]:
    """A few training images per class (as the task picks them) and the test rows of the
    prediction grid."""
    from fourfold.datasets.kinds import get_kind

    if not get_kind(raw.input_kind).pictures:
        return {}
    picked = task.example_rows(raw.y_train[data.train_rows], len(data.class_names),
                               SAMPLES_PER_CLASS)
    rows = np.arange(min(GRID_FIRST_ROWS, len(predictions)))
    if "correct" in predictions:
        mistakes = predictions.loc[~predictions["correct"].astype(bool), "row"].to_numpy()
        rows = np.union1d(rows, mistakes[mistakes >= GRID_FIRST_ROWS][:GRID_MISTAKES])
    picked_rows = data.train_rows[picked]
    return {
        "train_images": raw.x_train[picked_rows],
        "train_labels": raw.y_train[picked_rows],
        "test_rows": rows.astype(np.int64),
        "test_images": raw.x_test[rows],
    }
