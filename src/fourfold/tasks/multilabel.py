"""Multi-label: K sigmoid units, binary cross-entropy; label sets decoded by a 0.5
threshold, per-label thresholds tuned on the validation rows, or one label per group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fourfold.messages import text
from fourfold.tasks.base import MAX_PRINTED, Headline, Task, as_float_list

#: Threshold of every label under ``decoding: threshold`` (the textbook's).
DEFAULT_THRESHOLD = 0.5
#: Scores of predicted label sets (:func:`_set_metrics`), in the order reports show them.
SET_METRICS = ("micro_f1", "macro_f1", "subset_accuracy", "hamming_loss", "binary_accuracy")


def group_metric(group: str) -> str:
    """The test metric of a label group: the share of rows whose group is all right."""
    return f"{group}_accuracy"


@dataclass(frozen=True)
class LabelDecoding:
    """How K probabilities become a label set.

    Args:
        mode: ``threshold`` (0.5 each), ``tuned`` (``thresholds``, one per
            label) or ``groups`` (the most probable label of each group is on,
            the others off; labels outside every group use ``thresholds``).
        thresholds: one threshold per label.
        groups: the groups, as label indices, by name; may be empty.
    """

    mode: str
    thresholds: np.ndarray
    groups: dict[str, list[int]]

    def decode(self, scores: np.ndarray) -> np.ndarray:
        scores = np.asarray(scores, dtype=np.float64)
        thresholds = (np.full(scores.shape[1], DEFAULT_THRESHOLD) if self.mode == "threshold"
                      else self.thresholds)
        predicted = (scores >= thresholds.reshape(1, -1)).astype(np.int64)
        if self.mode == "groups":
            for members in self.groups.values():
                members = np.asarray(members)
                winners = members[np.argmax(scores[:, members], axis=1)]
                predicted[:, members] = 0
                predicted[np.arange(len(scores)), winners] = 1
        return predicted

    def with_mode(self, mode: str) -> "LabelDecoding":
        return LabelDecoding(mode, self.thresholds, self.groups)


def tune_thresholds(y_true: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per label, the threshold with the highest F1 on these rows (scikit-learn's
    precision-recall curve); 0.5 for a label that never or always occurs here."""
    from sklearn.metrics import precision_recall_curve

    y_true = np.asarray(y_true, dtype=np.int64)
    thresholds = np.full(y_true.shape[1], DEFAULT_THRESHOLD)
    for label in range(y_true.shape[1]):
        if y_true[:, label].min() == y_true[:, label].max():
            continue
        precision, recall, candidates = precision_recall_curve(y_true[:, label], scores[:, label])
        with np.errstate(invalid="ignore", divide="ignore"):
            f1 = np.nan_to_num(2 * precision * recall / (precision + recall))[:-1]
        thresholds[label] = float(candidates[int(np.argmax(f1))])
    return thresholds


class MultilabelTask(Task):
    name = "multilabel"
    activation = "sigmoid"
    loss = "binary_crossentropy"
    keras_metrics = ("binary_accuracy",)
    headline = Headline("micro_f1", higher_is_better=True)
    stratify = False
    report_sections = ("decodings", "classification", "co-occurrence")
    report_plots = ("co_occurrence",)
    progress_metrics = ("loss",)
    predicts_label_sets = True

    def encode(self, y, num_outputs):
        y = np.asarray(y, dtype=np.float32)
        if y.ndim != 2 or y.shape[1] != num_outputs:
            raise ValueError(
                f"Multi-label targets must have shape (n, {num_outputs}); received {y.shape}."
            )
        return y

    def label_problem(self, labels, num_classes):
        if labels.ndim != 2:
            return "check.multilabel_needs_label_rows", {}
        return None

    def class_counts(self, y, num_outputs):
        return np.asarray(y, dtype=np.int64).reshape(len(y), -1).sum(axis=0).tolist()

    def row_losses(self, y_true, scores):
        from fourfold.tasks.binary import binary_crossentropy

        scores = np.asarray(scores, dtype=np.float64)
        return binary_crossentropy(np.asarray(y_true).reshape(scores.shape), scores).mean(axis=1)

    def decode(self, scores, decoding=None):
        if decoding is None:
            return (np.asarray(scores) >= DEFAULT_THRESHOLD).astype(np.int64)
        return decoding.decode(scores)

    def fit_decoding(self, y_validation, scores, *, mode, groups):
        return LabelDecoding(mode, tune_thresholds(y_validation, scores), dict(groups or {}))

    def decoding_record(self, decoding, class_names):
        if decoding is None:
            return None
        return {"mode": decoding.mode,
                "thresholds": dict(zip(class_names, as_float_list(decoding.thresholds))),
                "groups": {name: [class_names[index] for index in members]
                           for name, members in decoding.groups.items()}}

    def decoding_from_record(self, record, class_names):
        if not record:
            return None
        thresholds = np.array([record["thresholds"][name] for name in class_names])
        groups = {name: [class_names.index(label) for label in members]
                  for name, members in record.get("groups", {}).items()}
        return LabelDecoding(record["mode"], thresholds, groups)

    def evaluate(self, y_true, scores, class_names, decoding=None):
        from sklearn.metrics import classification_report

        y_true = np.asarray(y_true, dtype=np.int64)
        y_pred = self.decode(scores, decoding)
        metrics = {**_set_metrics(y_true, y_pred),
                   "mean_labels_true": float(y_true.sum(axis=1).mean()),
                   "mean_labels_predicted": float(y_pred.sum(axis=1).mean())}
        if decoding is not None:
            for name, members in decoding.groups.items():
                right = (y_pred[:, members] == y_true[:, members]).all(axis=1)
                metrics[group_metric(name)] = float(right.mean())
            metrics["decoding"] = decoding.mode
            metrics["decodings"] = {mode: _set_metrics(y_true, decoding.with_mode(mode).decode(scores))
                                    for mode in _modes(decoding)}
        metrics["classification_report"] = classification_report(
            y_true, y_pred, target_names=class_names, output_dict=True, zero_division=0)
        return metrics

    def baseline(self, y_train, y_test, class_names):
        y_test = np.asarray(y_test, dtype=np.int64)
        return {
            "name": "all labels off",
            "predicts": "no label",
            "binary_accuracy": float(np.mean(y_test == 0)),
            "subset_accuracy": float(np.mean(~y_test.any(axis=1))),
            "micro_f1": 0.0,
        }

    def prediction_columns(self, scores, class_names, decoding=None):
        scores = np.asarray(scores)
        predicted = self.decode(scores, decoding)
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

    def summary_metrics(self, label_groups=None):
        """The set scores, then each label group's accuracy."""
        return (*SET_METRICS, *(group_metric(group) for group in label_groups or {}))

    def prints_lines(self, count, *, named):
        return count <= MAX_PRINTED and named

    def prediction_lines(self, name, scores, predicted, class_names):
        """The label set, then every label's probability, most probable first."""
        order = scores.argsort()[::-1]
        items = ", ".join(f"{class_names[i]} {float(scores[i]):.1%}" for i in order)
        return [text("predict.labels", path=name, labels=predicted or text("predict.no_labels")),
                text("predict.label_scores", items=items)]

    def submission_columns(self, scores, class_names, target_names=None):
        """Each label's probability, in a column named by the label."""
        scores = np.asarray(scores, dtype=np.float64)
        return {name: scores[:, index] for index, name in enumerate(class_names)}


def _modes(decoding: LabelDecoding) -> list[str]:
    return ["threshold", "tuned", "groups"] if decoding.groups else ["threshold", "tuned"]


def _set_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """Scores of predicted label sets: F1 over all labels (micro) and per label
    averaged (macro), exact match, Hamming loss and the per-cell accuracy."""
    from sklearn.metrics import accuracy_score, f1_score, hamming_loss

    return {
        "micro_f1": float(f1_score(y_true, y_pred, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "subset_accuracy": float(accuracy_score(y_true, y_pred)),
        "hamming_loss": float(hamming_loss(y_true, y_pred)),
        "binary_accuracy": float(np.mean(y_true == y_pred)),
    }
