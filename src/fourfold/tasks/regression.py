"""Regression: one linear unit, mean squared error, mean absolute error."""

from __future__ import annotations

import numpy as np

from fourfold.messages import text
from fourfold.tasks.base import Headline, Task


class RegressionTask(Task):
    name = "regression"
    activation = "linear"
    loss = "mse"
    keras_metrics = ("mae",)
    headline = Headline("mae", higher_is_better=False)
    stratify = False
    report_sections = ("regression",)
    report_plots = ("predicted_vs_true", "residuals")
    progress_metrics = ("loss", "mae")
    predicts_labels = False

    def output_units(self, num_outputs):
        return 1

    scales_target = True

    def label_problem(self, labels, num_classes):
        if num_classes:
            return "check.regression_on_classes", {"classes": num_classes}
        return None

    def output_scale(self, y_train):
        y = np.asarray(y_train, dtype=np.float64).ravel()
        std = float(y.std())
        return (std if std > 0 else 1.0, float(y.mean()))

    def encode(self, y, num_outputs):
        return np.asarray(y, dtype=np.float32).reshape(-1, 1)

    def row_losses(self, y_true, scores):
        y = np.asarray(y_true, dtype=np.float64).ravel()
        return (self.decode(scores) - y) ** 2

    def decode(self, scores, decoding=None):
        return np.asarray(scores, dtype=np.float64).ravel()

    def evaluate(self, y_true, scores, class_names, decoding=None):
        from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

        y_true = np.asarray(y_true, dtype=np.float64).ravel()
        y_pred = self.decode(scores)
        return {
            "mae": float(mean_absolute_error(y_true, y_pred)),
            "mse": float(mean_squared_error(y_true, y_pred)),
            "r2": float(r2_score(y_true, y_pred)) if y_true.shape[0] > 1 else None,
        }

    def baseline(self, y_train, y_test, class_names):
        mean = float(np.mean(y_train))
        y_test = np.asarray(y_test, dtype=np.float64).ravel()
        return {
            "name": "training mean",
            "predicts": mean,
            "mae": float(np.mean(np.abs(y_test - mean))),
            "mse": float(np.mean((y_test - mean) ** 2)),
        }

    def prediction_columns(self, scores, class_names, decoding=None):
        return {"predicted": self.decode(scores)}

    def truth_columns(self, y, class_names):
        return {"true": np.asarray(y, dtype=np.float64).ravel()}

    def prediction_lines(self, name, scores, predicted, class_names):
        """The predicted value."""
        return [text("predict.value", path=name, value=float(predicted))]

    def submission_columns(self, scores, class_names, target_names=None):
        """The predicted value, named as the data set's target, else ``predicted``."""
        return {target_names[0] if target_names else "predicted": self.decode(scores)}
