"""Multi-label decoding: thresholds tuned on validation rows, one label per group, and the
metrics that go with them."""

from __future__ import annotations

import numpy as np
import pytest

from fourfold.tasks import get_task
from fourfold.tasks.multilabel import LabelDecoding, tune_thresholds

NAMES = ["black", "blue", "red", "dress", "shoes"]
GROUPS = {"colour": [0, 1, 2], "type": [3, 4]}


def test_tuned_thresholds_maximise_each_labels_f1():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=(400, 3))
    # label 0 is scored high when on (best cut-off near 0.7); label 1 low (near 0.2)
    scores = np.where(y == 1, [0.8, 0.3, 0.6], [0.6, 0.1, 0.4]) + rng.uniform(-0.05, 0.05, (400, 3))
    thresholds = tune_thresholds(y, scores)
    assert 0.65 < thresholds[0] <= 0.85 and 0.15 < thresholds[1] <= 0.35
    decoded = (scores >= thresholds).astype(int)
    np.testing.assert_array_equal(decoded, y)


def test_a_label_that_never_occurs_keeps_the_default_threshold():
    y = np.array([[1, 0], [0, 0], [1, 0]])
    scores = np.array([[0.9, 0.8], [0.2, 0.1], [0.7, 0.3]])
    assert tune_thresholds(y, scores)[1] == 0.5


def test_group_decoding_switches_on_exactly_one_label_per_group():
    scores = np.array([[0.2, 0.3, 0.1, 0.05, 0.04],   # nothing above 0.5: still blue + dress
                       [0.9, 0.8, 0.1, 0.7, 0.9]])   # two colours and both types above 0.5
    decoding = LabelDecoding("groups", np.full(5, 0.5), GROUPS)
    decoded = decoding.decode(scores)
    np.testing.assert_array_equal(decoded, [[0, 1, 0, 1, 0], [1, 0, 0, 0, 1]])
    assert (decoded[:, GROUPS["colour"]].sum(axis=1) == 1).all()
    assert (decoded[:, GROUPS["type"]].sum(axis=1) == 1).all()


def test_metrics_name_each_group_and_compare_the_decodings():
    task = get_task("multilabel")
    y = np.array([[1, 0, 0, 1, 0], [0, 0, 1, 0, 1], [0, 1, 0, 0, 1]])
    scores = np.array([[0.7, 0.1, 0.1, 0.3, 0.1],    # type under 0.5: right only with groups
                       [0.1, 0.2, 0.9, 0.2, 0.8],
                       [0.6, 0.4, 0.1, 0.1, 0.9]])   # colour wrong in every decoding
    decoding = LabelDecoding("groups", np.full(5, 0.5), GROUPS)
    metrics = task.evaluate(y, scores, NAMES, decoding)
    assert metrics["subset_accuracy"] == pytest.approx(2 / 3)
    assert metrics["colour_accuracy"] == pytest.approx(2 / 3)
    assert metrics["type_accuracy"] == 1.0
    assert metrics["decodings"]["threshold"]["subset_accuracy"] == pytest.approx(1 / 3)
    assert metrics["decodings"]["groups"]["subset_accuracy"] == metrics["subset_accuracy"]
    assert metrics["mean_labels_predicted"] == 2.0 and metrics["mean_labels_true"] == 2.0
    assert set(metrics["classification_report"]) >= set(NAMES)


def test_all_zero_baseline_shows_why_binary_accuracy_misleads():
    task = get_task("multilabel")
    y = np.zeros((4, 11), dtype=int)
    y[:, [0, 6]] = 1  # every photo: 2 of 11 labels
    baseline = task.baseline(y, y, [str(i) for i in range(11)])
    assert baseline["binary_accuracy"] == pytest.approx(9 / 11)  # 0.818 without learning anything
    assert baseline["subset_accuracy"] == 0.0 and baseline["micro_f1"] == 0.0


def test_decoding_round_trips_through_its_record():
    task = get_task("multilabel")
    decoding = LabelDecoding("tuned", np.array([0.31, 0.5, 0.72, 0.4, 0.66]), GROUPS)
    record = task.decoding_record(decoding, NAMES)
    assert record["thresholds"]["red"] == 0.72 and record["groups"]["type"] == ["dress", "shoes"]
    restored = task.decoding_from_record(record, NAMES)
    scores = np.random.default_rng(3).uniform(size=(20, 5))
    np.testing.assert_array_equal(restored.decode(scores), decoding.decode(scores))
    assert task.decoding_from_record(None, NAMES) is None
