"""The task registry: SPEC's rule table, one row per task."""

import numpy as np
import pytest

from fourfold.tasks.multilabel import LabelDecoding
from fourfold.tasks import TASKS, get_task

RULE_TABLE = {
    # task: (output units for K=4, activation, loss, headline)
    "binary": (1, "sigmoid", "binary_crossentropy", "log_loss"),
    "multiclass": (4, "softmax", "categorical_crossentropy", "accuracy"),
    "regression": (1, "linear", "mse", "mae"),
    "multilabel": (4, "sigmoid", "binary_crossentropy", "micro_f1"),
}


@pytest.mark.parametrize("name", sorted(RULE_TABLE))
def test_rule_table_row(name):
    task = get_task(name)
    units, activation, loss, headline = RULE_TABLE[name]
    assert (task.output_units(4), task.activation, task.loss, task.headline.name) == (
        units, activation, loss, headline)


def test_registry_has_exactly_the_four_tasks():
    assert sorted(TASKS) == sorted(RULE_TABLE)


def test_unknown_task_names_the_known_ones():
    with pytest.raises(KeyError, match="expected one of \\['binary', 'multiclass'"):
        get_task("ranking")


def test_multiclass_one_hot_round_trip():
    task = get_task("multiclass")
    y = np.array([2, 0, 1, 2])
    encoded = task.encode(y, 3)
    assert encoded.dtype == np.float32 and encoded.shape == (4, 3)
    np.testing.assert_array_equal(encoded.sum(axis=1), 1)
    np.testing.assert_array_equal(task.decode(encoded), y)


def test_multiclass_metrics_and_majority_baseline():
    task = get_task("multiclass")
    y_true = np.array([0, 0, 1, 2])
    scores = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]])
    metrics = task.evaluate(y_true, scores, ["a", "b", "c"])
    assert metrics["accuracy"] == pytest.approx(0.75)
    assert metrics["confusion_matrix"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert metrics["classification_report"]["a"]["recall"] == pytest.approx(0.5)
    baseline = task.baseline(np.array([1, 1, 0]), y_true, ["a", "b", "c"])
    assert baseline == {"name": "majority class", "predicts": "b", "accuracy": 0.25}


def test_binary_log_loss_clipped_and_prior_baseline():
    task = get_task("binary")
    y_true = np.array([0, 1, 1, 0])
    scores = np.array([0.0, 1.0, 0.9, 0.2])  # exact 0 and 1 must not give inf
    metrics = task.evaluate(y_true, scores, ["ship", "iceberg"])
    assert np.isfinite(metrics["log_loss"]) and metrics["log_loss_clip"] == 1e-15
    assert metrics["accuracy"] == 1.0 and metrics["roc_auc"] == 1.0
    baseline = task.baseline(np.array([0, 1]), y_true, ["ship", "iceberg"])
    assert baseline["log_loss"] == pytest.approx(np.log(2))
    np.testing.assert_array_equal(task.decode(np.array([[0.4], [0.6]])), [0, 1])


def test_regression_metrics_and_mean_baseline():
    task = get_task("regression")
    metrics = task.evaluate(np.array([1.0, 2.0, 3.0]), np.array([[1.0], [2.0], [5.0]]), [])
    assert metrics["mae"] == pytest.approx(2 / 3) and metrics["mse"] == pytest.approx(4 / 3)
    baseline = task.baseline(np.array([2.0, 4.0]), np.array([3.0, 3.0]), [])
    assert baseline["predicts"] == 3.0 and baseline["mae"] == 0.0


def test_multilabel_thresholds_and_subset_accuracy():
    task = get_task("multilabel")
    y_true = np.array([[1, 0, 1], [0, 1, 0]])
    scores = np.array([[0.9, 0.2, 0.4], [0.1, 0.7, 0.1]])
    assert task.evaluate(y_true, scores, ["r", "g", "b"])["subset_accuracy"] == 0.5
    decoding = LabelDecoding("tuned", np.array([0.5, 0.5, 0.3]), {})
    tuned = task.evaluate(y_true, scores, ["r", "g", "b"], decoding)
    assert tuned["subset_accuracy"] == 1.0 and tuned["micro_f1"] == 1.0
    baseline = task.baseline(y_true, y_true, ["r", "g", "b"])
    assert baseline["binary_accuracy"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="shape \\(n, 3\\)"):
        task.encode(np.array([1, 0]), 3)


def test_loss_values_match_keras_losses():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(6, 3))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([0, 1, 2, 2, 1, 0])
    multiclass = get_task("multiclass")
    expected = np.mean(keras.ops.convert_to_numpy(keras.losses.categorical_crossentropy(
        multiclass.encode(y, 3), probabilities.astype("float32"))))
    assert multiclass.loss_value(y, probabilities) == pytest.approx(float(expected), rel=1e-5)
    binary = get_task("binary")
    p = rng.uniform(size=(6, 1))
    yb = np.array([0, 1, 1, 0, 1, 0])
    expected = np.mean(keras.ops.convert_to_numpy(keras.losses.binary_crossentropy(
        binary.encode(yb, 1), p.astype("float32"))))
    assert binary.loss_value(yb, p) == pytest.approx(float(expected), rel=1e-5)
    assert get_task("regression").loss_value(np.array([1.0, 3.0]), np.array([[2.0], [3.0]])) == 0.5
