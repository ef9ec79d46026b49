"""Multi-label: K sigmoid units, binary cross-entropy, per-label thresholds."""

from __future__ import annotations

import numpy as np

from fourfold.tasks.base import Headline, Task


class MultilabelTask(Task):
    name = "multilabel"
    activation = "sigmoid"
    loss = "binary_crossentropy"
    keras_metrics = ("binary_accuracy",)
    headline = Headline("micro_f1", higher_is_better=True)
    stratify = False

    def encode(self, y, num_outputs):
        y = np.asarray(y, dtype=np.float32)
        if y.ndim != 2 or y.shape[1] != num_outputs:
            raise ValueError(
                f"Multi-label targets must have shape (n, {num_outputs}); received {y.shape}."
            )
        return y

    def loss_value(self, y_true, scores):
        from fourfold.tasks.binary import _binary_crossentropy

        return _binary_crossentropy(np.asarray(y_true).ravel(), np.asarray(scores).ravel())

    def decode(self, scores, thresholds=None):
        scores = np.asarray(scores)
        threshold = 0.5 if thresholds is None else np.asarray(thresholds).reshape(1, -1)
        return (scores >= threshold).astype(np.int64)

    def evaluate(self, y_true, scores, class_names, thresholds=None):
        from sklearn.metrics import (accuracy_score, classification_report, f1_score,
                                     hamming_loss)

        y_true = np.asarray(y_true, dtype=np.int64)
        y_pred = self.decode(scores, thresholds)
        return {
            "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0)),
            "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
            "subset_accuracy": float(accuracy_score(y_true, y_pred)),
            "hamming_loss": float(hamming_loss(y_true, y_pred)),
            "binary_accuracy": float(np.mean(y_true == y_pred)),
            "classification_report": classification_report(
                y_true, y_pred, target_names=class_names, output_dict=True, zero_division=0,
            ),
        }

    def baseline(self, y_train, y_test, class_names):
        y_test = np.asarray(y_test, dtype=np.int64)
        return {
            "name": "all labels off",
            "predicts": "no label",
            "binary_accuracy": float(np.mean(y_test == 0)),
            "subset_accuracy": float(np.mean(~y_test.any(axis=1))),
            "micro_f1": 0.0,
        }

    def prediction_columns(self, scores, class_names, thresholds=None):
        scores = np.asarray(scores)
        predicted = self.decode(scores, thresholds)
        names = np.asarray(class_names, dtype=object)
        columns = {"predicted": np.array([" ".join(names[row.astype(bool)]) for row in predicted],
                                         dtype=object)}
        for index, class_name in enumerate(class_names):
            columns[f"p_{class_name}"] = scores[:, index]
        return columns

    def truth_columns(self, y, class_names):
        names = np.asarray(class_names, dtype=object)
        y = np.asarray(y).astype(bool)
        return {"true": np.array([" ".join(names[row]) for row in y], dtype=object)}
