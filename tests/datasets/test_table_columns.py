"""Typing a table's columns and reading the task from its target."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourfold.datasets.table_columns import ColumnRefused, infer_kind, infer_task, true_value
from fourfold.errors import DataError, RecipeError

PATH = "data.csv"


def _text(values, name="col"):
    return pd.Series(values, name=name, dtype="category")


def _numbers(values, name="col"):
    return pd.Series(values, name=name, dtype=np.float64)


@pytest.mark.parametrize("column, kind, reason", [
    (_numbers(np.linspace(0, 1, 50)), "numeric", None),
    (_numbers([1, 2, 3, 1, 2, 3, 4, 5]), "categorical", "data.table.why.few_integers"),
    (_numbers([0, 1, 1, 0, np.nan]), "boolean", None),
    (_text(["yes", "no", "no"]), "boolean", None),
    (_text(["red", "green", "blue"] * 10), "categorical", None),
    (_numbers([7.0] * 10), "ignore", "data.table.why.constant"),
    (_numbers([np.nan] * 10), "ignore", "data.table.why.empty"),
    (_text([f"C{i:04d}" for i in range(40)]), "ignore", "data.table.why.identifier"),
    (_numbers(np.arange(40), name="customer_id"), "ignore", "data.table.why.identifier"),
])
def test_kinds_are_inferred_from_the_values(column, kind, reason):
    result = infer_kind(column, path=PATH)
    assert (result.kind, result.reason) == (kind, reason)


def test_missing_cells_are_counted():
    result = infer_kind(_numbers([1.5, np.nan, 2.5, np.nan, 7.25]), path=PATH)
    assert result.missing == 2 and result.levels == 3


def test_free_text_is_refused_naming_the_column_and_the_fix():
    words = [f"the parcel arrived {i} days late and damaged" for i in range(30)]
    with pytest.raises(ColumnRefused, match=r"column 'review' holds free text .*--drop review") as error:
        infer_kind(_text(words, name="review"), path=PATH)
    assert error.value.exit_code == 3 and error.value.reason == "free_text"


def test_numbers_mixed_with_text_are_refused_naming_the_row():
    values = [str(v) for v in range(1, 20)] + ["unknown"] + ["3"] * 10
    with pytest.raises(ColumnRefused, match=r"column 'size': 97% of its values are numbers but row "
                                            r"20 holds 'unknown'"):
        infer_kind(_text(values, name="size"), path=PATH)


def test_more_levels_than_the_rows_allow_is_refused():
    values = [f"L{i % 15}" for i in range(20)] + [f"L{i}" for i in range(15, 25)]
    with pytest.raises(ColumnRefused, match=r"column 'code' has 25 different values in 30 rows"):
        infer_kind(_text(values, name="code"), path=PATH)


def test_declared_kinds_are_checked_against_the_values():
    with pytest.raises(DataError, match="declared numeric, but row 2 holds 'b'"):
        infer_kind(_text(["1", "b", "3"]), path=PATH, declared="numeric")
    with pytest.raises(DataError, match="declared boolean, but it has 3 different values"):
        infer_kind(_text(["a", "b", "c"]), path=PATH, declared="boolean")
    kept = infer_kind(_text([f"C{i}" for i in range(40)]), path=PATH, declared="categorical")
    assert kept.kind == "categorical"
    ignored = infer_kind(_numbers(np.linspace(0, 1, 40)), path=PATH, declared="ignore")
    assert (ignored.kind, ignored.reason) == ("ignore", "data.table.why.declared")


@pytest.mark.parametrize("values, expected", [
    (["no", "yes"], "yes"), (["False", "True"], "True"), ([0.0, 1.0], 1.0), (["b", "a"], "b"),
])
def test_the_true_value_of_a_boolean_column(values, expected):
    assert true_value(pd.Series(values)) == expected


def _target(values, name="y", text=False):
    series = _text(values, name) if text else _numbers(values, name)
    return series.to_frame()


@pytest.mark.parametrize("frame, task, classes", [
    (_target(np.linspace(0.5, 9.5, 40)), "regression", []),
    (_target(np.arange(100) * 1000.0), "regression", []),  # whole-number prices: a quantity
    (_target([0, 1] * 10), "binary", ["0", "1"]),
    (_target(["spam", "ham"] * 10, text=True), "binary", ["ham", "spam"]),
    (_target([3, 1, 2, 10] * 5), "multiclass", ["1", "2", "3", "10"]),
    (_target(["b", "a", "c"] * 5, text=True), "multiclass", ["a", "b", "c"]),
])
def test_the_task_follows_from_the_target(frame, task, classes):
    info = infer_task(frame, path=PATH)
    assert (info.task, info.class_names) == (task, classes)
    assert info.reason.startswith("Task:")


def test_several_zero_one_targets_are_multilabel():
    frame = pd.DataFrame({"red": [0, 1, 1, 0], "big": [1, 1, 0, 0]}, dtype=np.float64)
    info = infer_task(frame, path=PATH)
    assert (info.task, info.class_names) == ("multilabel", ["red", "big"])
    with pytest.raises(DataError, match="column 'big' holds 0, 1, 2"):
        infer_task(frame.assign(big=[0, 1, 2, 0]), path=PATH)


def test_bad_targets_are_refused():
    with pytest.raises(DataError, match="target column 'y' has a single value"):
        infer_task(_target([4.0] * 10), path=PATH)
    with pytest.raises(DataError, match=r"class 'c' of target 'y' has 1 row\(s\); each class needs "
                                        r"at least 3"):
        infer_task(_target(["a", "b"] * 5 + ["c"], text=True), path=PATH)


def test_a_forced_task_is_checked_and_said():
    info = infer_task(_target([0, 1] * 10), path=PATH, forced="multiclass")
    assert info.task == "multiclass" and "as asked" in info.reason
    with pytest.raises(RecipeError, match="Task regression needs a numeric target"):
        infer_task(_target(["a", "b"] * 5, text=True), path=PATH, forced="regression")
    with pytest.raises(RecipeError, match="Task binary needs a target with two values; "
                                          "column 'y' has 3"):
        infer_task(_target([0, 1, 2] * 5), path=PATH, forced="binary")
    with pytest.raises(RecipeError, match="Task multilabel needs several 0/1 target columns"):
        infer_task(_target([0, 1] * 5), path=PATH, forced="multilabel")
