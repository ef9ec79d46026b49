"""The multi-label parts of ``report.html``, computed from the run folder alone.

A multi-label run predicts a set of labels per row. Binary accuracy, the metric
Keras logs, scores each (row, label) cell on its own: with most labels off in
every row, a model that predicts no label at all already scores high. So the
page leads with micro F1 and the exact-match rate, compares the ways of turning
probabilities into label sets (the decodings), lists each label's scores beside
its threshold, shows which labels occur together, and marks each wrong label in
the prediction grid.

``predictions.csv`` writes a label set as its label names joined by spaces, in
class order ("black shoes"); an empty set is an empty cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from fourfold.messages import text
from fourfold.messages.labels import catalogued
from fourfold.tasks.multilabel import SET_METRICS, group_metric


def multilabel_section(metrics: dict, test: dict, preprocess: dict | None,
                       class_names: Sequence[str]) -> dict:
    """What the page adds for a multi-label run, as plain values for the template.

    Args:
        metrics: the run's ``metrics.json``.
        test: the primary model's test metrics (``metrics["test"]``).
        preprocess: the primary model's ``preprocess.json``, or ``None``.
        class_names: the ``K`` label names, in class order.

    Returns:
        A dict with ``no_label_score`` (the all-labels-off baseline's binary
        accuracy, or ``None``), ``labels_on`` (labels per row on average, as
        that baseline implies, as text) and ``num_labels``; ``decoding_columns``,
        the names of :data:`SET_METRICS`, and ``decodings``, one row per decoding
        mode (``mode``, ``description``, ``used``, ``scores`` in that order);
        ``thresholds``, label name to tuned threshold (empty when
        ``preprocess.json`` has none), and ``thresholds_caption``.
    """
    baseline = metrics.get("baseline") or {}
    no_label_score = baseline.get("binary_accuracy")
    if not _is_number(no_label_score) or not class_names:
        no_label_score = None
    decoding = (preprocess or {}).get("decoding") or {}
    thresholds = {str(name): float(value) for name, value in
                  (decoding.get("thresholds") or {}).items() if _is_number(value)}
    mode = test.get("decoding") or decoding.get("mode")
    return {
        "no_label_score": no_label_score,
        # The baseline's binary accuracy is the share of (row, label) cells that are off.
        "labels_on": (f"{round((1.0 - no_label_score) * len(class_names), 1):g}"
                      if no_label_score is not None else None),
        "num_labels": len(class_names),
        "decoding_columns": [text(f"report.metric.{name}") for name in SET_METRICS],
        "decodings": _decoding_rows(test.get("decodings"), used=mode),
        "thresholds": thresholds,
        "thresholds_caption": catalogued(f"report.multilabel.thresholds.{mode}", None)
        if thresholds else None,
    }


def group_accuracy_labels(label_groups: dict | None) -> dict[str, str]:
    """Display names of the per-group accuracies (``colour_accuracy``), by metric name."""
    return {group_metric(group): text("report.multilabel.group_accuracy", group=group)
            for group in label_groups or {}}


def label_set(cell: object) -> list[str]:
    """The labels of one ``true`` or ``predicted`` cell of ``predictions.csv``."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return str(cell).split()


def co_occurrence(truth: Iterable[object], class_names: Sequence[str]) -> np.ndarray:
    """How many rows carry each pair of labels.

    Args:
        truth: the ``true`` column of ``predictions.csv``, one label set per row.
        class_names: the ``K`` label names; other names in the cells are ignored.

    Returns:
        ``(K, K)`` int64 counts, symmetric; entry ``[i, j]`` counts the rows
        carrying labels ``i`` and ``j``, the diagonal the rows carrying label ``i``.

    Example:
        >>> co_occurrence(["red shirt", "red", "shirt"], ["red", "shirt"]).tolist()
        [[2, 1], [1, 2]]
    """
    index = {str(name): position for position, name in enumerate(class_names)}
    rows = [set(label_set(cell)) for cell in truth]
    multi_hot = np.zeros((len(rows), len(index)), dtype=np.int64)
    for row, labels in enumerate(rows):
        multi_hot[row, [index[label] for label in labels if label in index]] = 1
    return multi_hot.T @ multi_hot


def marked_sets(true: object, predicted: object) -> tuple[list[dict], list[dict]]:
    """The true and the predicted label set of one row, each label as
    ``{"name", "mistake", "kind"}``: a true label the model did not predict is
    ``missed``, a predicted label that is not true is ``extra`` (shown differently),
    a right one has ``kind`` ``None``."""
    true_labels, predicted_labels = label_set(true), label_set(predicted)
    return ([{"name": name, "mistake": name not in predicted_labels,
              "kind": None if name in predicted_labels else "missed"} for name in true_labels],
            [{"name": name, "mistake": name not in true_labels,
              "kind": None if name in true_labels else "extra"} for name in predicted_labels])


def _decoding_rows(decodings: object, *, used: object) -> list[dict]:
    if not isinstance(decodings, dict):
        return []
    return [{
        "mode": str(mode),
        "description": catalogued(f"report.multilabel.decoding.{mode}", None) or "",
        "used": mode == used,
        "scores": [scores.get(name) for name in SET_METRICS],
    } for mode, scores in decodings.items() if isinstance(scores, dict)]


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, bool))
