"""How each task is shown: report sections and plots, progress bar, `fourfold predict`'s
lines and Kaggle submission columns, declared by the task rather than guessed by callers."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from fourfold.messages import set_language
from fourfold.reporting import plots
from fourfold.tasks import TASKS, get_task
from fourfold.tasks.multilabel import SET_METRICS, _set_metrics

#: What each task shows beyond the common sections, as SPEC's "Reports" lists it.
SECTIONS = {
    "multiclass": ("confusion", "classification"),
    "binary": ("confusion", "classification", "binary"),
    "regression": ("regression",),
    "multilabel": ("decodings", "classification", "co-occurrence"),
}


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def _template_sections() -> set[str]:
    page = (resources.files("fourfold.reporting") / "templates" / "report.html.j2").read_text(
        encoding="utf-8")
    return set(re.findall(r'<section id="([\w-]+)">', page))


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_report_sections_are_the_tasks_own_and_exist_in_the_template(name):
    sections = get_task(name).report_sections
    assert sections == SECTIONS[name]
    assert set(sections) <= _template_sections()


def test_binary_has_the_roc_section_and_plots():
    task = get_task("binary")
    assert "binary" in task.report_sections
    assert {"roc_curve", "reliability", "confusion_matrix"} <= set(task.report_plots)


@pytest.mark.parametrize("name", sorted(TASKS))
def test_each_report_plot_is_drawn_by_the_plots_function_of_that_name(name):
    for plot in get_task(name).report_plots:
        assert callable(getattr(plots, plot, None)), plot


@pytest.mark.parametrize("name", sorted(TASKS))
def test_progress_shows_the_loss_and_metrics_the_model_logs(name):
    task = get_task(name)
    assert task.progress_metrics[0] == "loss"
    assert set(task.progress_metrics[1:]) <= set(task.keras_metrics)


def test_only_regression_predicts_values_and_only_multilabel_label_sets():
    assert {name for name, task in TASKS.items() if not task.predicts_labels} == {"regression"}
    assert {name for name, task in TASKS.items() if task.predicts_label_sets} == {"multilabel"}


def test_binary_records_the_wider_probability_clip():
    task = get_task("binary")
    assert task.metric_settings(probability_clip=1e-7) == {"log_loss_clip": 1e-7}
    assert task.metric_settings(probability_clip=1e-20) == {"log_loss_clip": 1e-15}
    for name in ("multiclass", "regression", "multilabel"):
        assert get_task(name).metric_settings(probability_clip=1e-7) == {}


def test_multilabel_summary_lists_the_set_scores_then_each_groups_accuracy():
    task = get_task("multilabel")
    assert task.summary_metrics() == SET_METRICS
    assert task.summary_metrics({"colour": [0, 1], "type": [2]}) == (
        *SET_METRICS, "colour_accuracy", "type_accuracy")
    y = np.array([[1, 0], [0, 1]])
    assert tuple(_set_metrics(y, y)) == SET_METRICS  # the keys the task writes
    for name in ("multiclass", "binary", "regression"):
        assert get_task(name).summary_metrics() == ()


def test_examples_are_the_first_rows_of_each_class_in_class_order():
    y = np.array([2, 0, 2, 1, 0, 0, 2])
    for name in ("multiclass", "binary"):
        rows = get_task(name).example_rows(y, 3, 2)
        assert rows.dtype == np.int64
        assert rows.tolist() == [1, 4, 3, 0, 2]
    assert get_task("regression").example_rows(np.array([1.5, 2.5]), 0, 2).size == 0
    assert get_task("multilabel").example_rows(np.eye(3, dtype=int), 3, 2).size == 0


def test_binary_reads_the_positive_class_back_from_its_predictions():
    task = get_task("binary")
    names = ["ship", "iceberg"]
    frame = pd.DataFrame(task.prediction_columns(np.array([[0.2], [0.9], [0.6]]), names))
    frame.insert(0, "true", ["ship", "iceberg", "ship"])
    truth, probability = task.positive_scores(frame, names)
    assert truth.tolist() == [0, 1, 0]
    np.testing.assert_allclose(probability, [0.2, 0.9, 0.6])
    assert task.positive_scores(frame.drop(columns="true"), names) is None
    assert get_task("multiclass").positive_scores(frame, names) is None


@pytest.mark.parametrize("name, few, named, lines", [
    ("multiclass", 20, False, True), ("multiclass", 21, True, False),
    ("multilabel", 3, True, True), ("multilabel", 3, False, False),
    ("multilabel", 21, True, False),
    ("binary", 1, True, False), ("regression", 1, True, False),
])
def test_when_predict_prints_sentences_rather_than_a_table(name, few, named, lines):
    assert get_task(name).prints_lines(few, named=named) is lines


def test_multiclass_prints_the_top_class_then_the_top_three():
    lines = get_task("multiclass").prediction_lines(
        "seven.png", np.array([0.05, 0.7, 0.15, 0.1]), "7", ["1", "7", "9", "4"])
    assert lines == ["seven.png: 7 (70.0%)", "  top 3: 7 70.0%, 9 15.0%, 4 10.0%"]


def test_multilabel_prints_the_label_set_then_every_probability():
    task = get_task("multilabel")
    names = ["red", "shirt", "shoes"]
    lines = task.prediction_lines("a.jpg", np.array([0.9, 0.2, 0.6]), "red shoes", names)
    assert lines == ["a.jpg: red shoes", "  red 90.0%, shoes 60.0%, shirt 20.0%"]
    assert task.prediction_lines("b.jpg", np.array([0.1, 0.2, 0.3]), "", names)[0] == (
        "b.jpg: (no label)")


def test_binary_prints_the_class_with_its_probability():
    task = get_task("binary")
    assert task.prediction_lines("x.png", np.array([0.9]), "iceberg", ["ship", "iceberg"]) == [
        "x.png: iceberg (90.0%)"]
    assert task.prediction_lines("y.png", np.array([0.25]), "ship", ["ship", "iceberg"]) == [
        "y.png: ship (75.0%)"]


def test_regression_prints_the_value():
    assert get_task("regression").prediction_lines(
        "houses.csv#0", np.array([22.51234]), 22.51234, []) == ["houses.csv#0: 22.5123"]


def test_prediction_lines_speak_korean():
    set_language("ko")
    lines = get_task("multiclass").prediction_lines("a.png", np.array([0.2, 0.8]), "b",
                                                    ["a", "b"])
    assert lines[1].startswith("  상위 3개: ")


def test_binary_submission_is_the_positive_probability_named_as_the_target():
    task = get_task("binary")
    scores = np.array([[0.25], [0.75]], dtype=np.float32)
    columns = task.submission_columns(scores, ["ship", "iceberg"], ["is_iceberg"])
    assert list(columns) == ["is_iceberg"]
    assert columns["is_iceberg"].dtype == np.float64
    assert columns["is_iceberg"].tolist() == [0.25, 0.75]
    assert list(task.submission_columns(scores, ["ship", "iceberg"])) == ["p_iceberg"]
    assert list(task.submission_columns(scores, ["ship", "iceberg"], [])) == ["p_iceberg"]


def test_other_submissions_give_a_value_or_a_probability_per_class():
    values = get_task("regression").submission_columns(np.array([[1.5], [2.5]]), [], ["medv"])
    assert list(values) == ["medv"] and values["medv"].tolist() == [1.5, 2.5]
    assert list(get_task("regression").submission_columns(np.array([[1.0]]), [])) == [
        "predicted"]
    scores = np.array([[0.2, 0.8], [0.6, 0.4]])
    for name in ("multiclass", "multilabel"):
        columns = get_task(name).submission_columns(scores, ["a", "b"])
        assert list(columns) == ["a", "b"] and columns["b"].tolist() == [0.8, 0.4]
