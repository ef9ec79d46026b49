"""Multiclass: K softmax units, categorical cross-entropy on one-hot labels."""

from __future__ import annotations

import numpy as np

from fourfold.messages import text
from fourfold.tasks.base import MAX_PRINTED, Headline, Task, first_rows_per_class

#: Classes `fourfold predict` lists for each input, most probable first.
TOP_K = 3


class MulticlassTask(Task):
    name = "multiclass"
    activation = "softmax"
    loss = "categorical_crossentropy"
    keras_metrics = ("accuracy",)
    headline = Headline("accuracy", higher_is_better=True)
    stratify = True
    report_sections = ("confusion", "classification")
    report_plots = ("confusion_matrix",)
    progress_metrics = ("loss", "accuracy")

    def class_counts(self, y, num_outputs):
        labels = np.asarray(y, dtype=np.int64).ravel()
        return np.bincount(labels, minlength=max(num_outputs, 2)).tolist()

    def encode(self, y, num_outputs):
        y = np.asarray(y, dtype=np.int64).ravel()
        one_hot = np.zeros((y.shape[0], num_outputs), dtype=np.float32)
        one_hot[np.arange(y.shape[0]), y] = 1.0
        return one_hot

    def decode(self, scores, decoding=None):
        return np.asarray(scores).argmax(axis=1)

    def row_losses(self, y_true, scores):
        # Keras clips probabilities to [1e-7, 1 - 1e-7] in categorical cross-entropy.
        probabilities = np.clip(_normalised(scores), 1e-7, 1 - 1e-7)
        rows = np.arange(len(probabilities))
        return -np.log(probabilities[rows, np.asarray(y_true, dtype=np.int64)])

    def evaluate(self, y_true, scores, class_names, decoding=None):
        from sklearn.metrics import (accuracy_score, classification_report,
                                     confusion_matrix, log_loss)

        labels = list(range(len(class_names)))
        y_pred = self.decode(scores)
        report = classification_report(
            y_true, y_pred, labels=labels, target_names=class_names,
            output_dict=True, zero_division=0,
        )
        return {
            "accuracy": float(accuracy_score(y_true, y_pred)),
            "log_loss": float(log_loss(y_true, _normalised(scores), labels=labels)),
            "classification_report": report,
            "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        }

    def baseline(self, y_train, y_test, class_names):
        counts = np.bincount(np.asarray(y_train, dtype=np.int64), minlength=len(class_names))
        majority = int(counts.argmax())
        return {
            "name": "majority class",
            "predicts": class_names[majority],
            "accuracy": float(np.mean(np.asarray(y_test) == majority)),
        }

    def prediction_columns(self, scores, class_names, decoding=None):
        scores = np.asarray(scores)
        predicted = self.decode(scores)
        columns = {
            "predicted": np.asarray(class_names, dtype=object)[predicted],
            "confidence": scores.max(axis=1),
        }
        for index, class_name in enumerate(class_names):
            columns[f"p_{class_name}"] = scores[:, index]
        return columns

    def truth_columns(self, y, class_names):
        return {"true": np.asarray(class_names, dtype=object)[np.asarray(y, dtype=np.int64)]}

    def example_rows(self, y, num_classes, per_class):
        return first_rows_per_class(y, num_classes, per_class)

    def prints_lines(self, count, *, named):
        return count <= MAX_PRINTED

    def prediction_lines(self, name, scores, predicted, class_names):
        """The most probable class with its probability, then the top :data:`TOP_K`."""
        order = scores.argsort()[::-1]
        items = ", ".join(f"{class_names[i]} {float(scores[i]):.1%}" for i in order[:TOP_K])
        return [text("predict.top", path=name, label=class_names[order[0]],
                     probability=float(scores[order[0]])),
                text("predict.top_k", k=TOP_K, items=items)]

    def submission_columns(self, scores, class_names, target_names=None):
        """Each class's probability, in a column named by the class."""
        scores = np.asarray(scores, dtype=np.float64)
        return {name: scores[:, index] for index, name in enumerate(class_names)}


def _normalised(scores: np.ndarray) -> np.ndarray:
    """Softmax outputs rescaled to sum to exactly one per row (float32 rounding aside)."""
    scores = np.asarray(scores, dtype=np.float64)
    return scores / scores.sum(axis=1, keepdims=True)
