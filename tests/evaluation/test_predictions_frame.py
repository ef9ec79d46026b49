"""``predictions.csv`` says which rows are right where the task predicts labels."""

from __future__ import annotations

import numpy as np
import pytest

from fourfold.evaluation.member import predictions_frame
from fourfold.tasks import get_task

CASES = {
    "multiclass": (np.array([[0.8, 0.2], [0.3, 0.7]]), np.array([0, 0]), ["a", "b"]),
    "binary": (np.array([[0.2], [0.9]]), np.array([0, 0]), ["a", "b"]),
    "multilabel": (np.array([[0.8, 0.2], [0.3, 0.7]]), np.array([[1, 0], [1, 1]]), ["a", "b"]),
    "regression": (np.array([[1.5], [2.5]]), np.array([1.5, 3.0]), []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_correct_column_only_for_tasks_that_predict_labels(name):
    scores, truth, class_names = CASES[name]
    frame = predictions_frame(get_task(name), scores, class_names, truth)
    if get_task(name).predicts_labels:
        assert frame["correct"].tolist() == [True, False]
    else:
        assert "correct" not in frame
    assert "correct" not in predictions_frame(get_task(name), scores, class_names, None)
