"""Binary: one sigmoid unit, binary cross-entropy; log loss and ROC AUC."""

from __future__ import annotations

import numpy as np

from fourfold.messages import text
from fourfold.tasks.base import Headline, Task, first_rows_per_class

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before log loss, as Kaggle does.
EPSILON = 1e-15


class BinaryTask(Task):
    name = "binary"
    activation = "sigmoid"
    loss = "binary_crossentropy"
    keras_metrics = ("accuracy", "auc")
    headline = Headline("log_loss", higher_is_better=False)
    stratify = True
    report_sections = ("confusion", "classification", "binary")
    report_plots = ("confusion_matrix", "roc_curve", "reliability")
    progress_metrics = ("loss", "accuracy")

    def output_units(self, num_outputs):
        return 1

    def label_problem(self, labels, num_classes):
        if num_classes not in (0, 2) and labels.ndim == 1:
            return "check.binary_needs_two_classes", {"classes": num_classes}
        return super().label_problem(labels, num_classes)

    def class_counts(self, y, num_outputs):
        labels = np.asarray(y, dtype=np.int64).ravel()
        return np.bincount(labels, minlength=max(num_outputs, 2)).tolist()

    def encode(self, y, num_outputs):
        return np.asarray(y, dtype=np.float32).reshape(-1, 1)

    def postprocess(self, scores, *, probability_clip):
        return np.clip(np.asarray(scores, dtype=np.float64), probability_clip, 1 - probability_clip)

    def row_losses(self, y_true, scores):
        return binary_crossentropy(np.asarray(y_true).ravel(), np.asarray(scores).ravel())

    def decode(self, scores, decoding=None):
        threshold = 0.5 if decoding is None else float(np.ravel(decoding)[0])
        return (np.asarray(scores).ravel() >= threshold).astype(np.int64)

    def evaluate(self, y_true, scores, class_names, decoding=None):
        from sklearn.metrics import (accuracy_score, classification_report,
                                     confusion_matrix, log_loss, roc_auc_score)

        probabilities = np.clip(np.asarray(scores, dtype=np.float64).ravel(), EPSILON, 1 - EPSILON)
        y_true = np.asarray(y_true, dtype=np.int64).ravel()
        y_pred = self.decode(probabilities, decoding)
        both_classes = len(np.unique(y_true)) == 2
        return {
            "log_loss": float(log_loss(y_true, probabilities, labels=[0, 1])),
            "log_loss_clip": EPSILON,
            "accuracy": float(accuracy_score(y_true, y_pred)),
            "roc_auc": float(roc_auc_score(y_true, probabilities)) if both_classes else None,
            "classification_report": classification_report(
                y_true, y_pred, labels=[0, 1], target_names=class_names,
                output_dict=True, zero_division=0,
            ),
            "confusion_matrix": confusion_matrix(y_true, y_pred, labels=[0, 1]).tolist(),
        }

    def baseline(self, y_train, y_test, class_names):
        from sklearn.metrics import log_loss

        prior = float(np.clip(np.mean(y_train), EPSILON, 1 - EPSILON))
        y_test = np.asarray(y_test, dtype=np.int64).ravel()
        return {
            "name": "constant prior",
            "predicts": prior,
            "log_loss": float(log_loss(y_test, np.full(y_test.shape, prior), labels=[0, 1])),
            "accuracy": float(np.mean(y_test == int(prior >= 0.5))),
        }

    def prediction_columns(self, scores, class_names, decoding=None):
        probabilities = np.asarray(scores, dtype=np.float64).ravel()
        return {
            "predicted": np.asarray(class_names, dtype=object)[self.decode(probabilities, decoding)],
            probability_column(class_names): probabilities,
        }

    def truth_columns(self, y, class_names):
        return {"true": np.asarray(class_names, dtype=object)[np.asarray(y, dtype=np.int64).ravel()]}

    def metric_settings(self, *, probability_clip):
        return {"log_loss_clip": max(EPSILON, probability_clip)}

    def example_rows(self, y, num_classes, per_class):
        return first_rows_per_class(y, num_classes, per_class)

    def positive_scores(self, predictions, class_names):
        if len(class_names) != 2:
            return None
        column = probability_column(class_names)
        if column not in predictions or "true" not in predictions:
            return None
        truth = (predictions["true"].astype(str) == str(class_names[1])).to_numpy(dtype=np.int64)
        return truth, predictions[column].to_numpy(dtype=np.float64)

    def prediction_lines(self, name, scores, predicted, class_names):
        """The predicted class with its probability."""
        positive = float(np.ravel(scores)[0])
        probability = positive if predicted == class_names[1] else 1 - positive
        return [text("predict.top", path=name, label=predicted, probability=probability)]

    def submission_columns(self, scores, class_names, target_names=None):
        """The positive class's probability, named as the data set's target (Kaggle's
        ``is_iceberg``), else as in ``predictions.csv``."""
        column = target_names[0] if target_names else probability_column(class_names)
        return {column: np.asarray(scores, dtype=np.float64).ravel()}


def probability_column(class_names: list[str]) -> str:
    """The ``predictions.csv`` column of the positive (second) class's probability."""
    return f"p_{class_names[-1]}"


def binary_crossentropy(y_true: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Binary cross-entropy of each element, with Keras' clip of [1e-7, 1 - 1e-7]."""
    p = np.clip(np.asarray(scores, dtype=np.float64), 1e-7, 1 - 1e-7)
    y = np.asarray(y_true, dtype=np.float64)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))
