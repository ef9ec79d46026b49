"""Trust (issue 12, item 6) on own tables: huge names and impossible hold-outs are refused
naming the field, quoting at most a few hundred characters, before a run folder exists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourfold.cli import main
from fourfold.datasets.table import recipe_name
from fourfold.messages import text
from fourfold.runs.layout import NAME_BYTES, safe_name

pytestmark = pytest.mark.xdist_group("trust")


@pytest.fixture
def table(tmp_path):
    """30 rows: a numeric feature and a class target of 'ant' x 27 and 'bee' x 3."""
    path = tmp_path / "insects.csv"
    pd.DataFrame({"size": np.random.default_rng(0).normal(size=30).round(3),
                  "kind": ["ant"] * 27 + ["bee"] * 3}).to_csv(path, index=False)
    return path


def _error(capsys, tmp_path, *argv: str, code: int) -> str:
    out = tmp_path / "runs"
    assert main(["run", *argv, "--epochs", "1", "--out", str(out), "--quiet"]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and not out.exists(), err
    return err.strip().removeprefix("error: ")


def test_a_run_argument_too_long_for_the_file_system_is_an_unknown_recipe(capsys, tmp_path):
    err = _error(capsys, tmp_path, "x" * 10_000, code=2)
    assert err.startswith("Unknown recipe") and len(err) < 1_000, err


def test_a_10000_character_target_is_quoted_shortened(capsys, tmp_path, table):
    err = _error(capsys, tmp_path, str(table), "--target", "t" * 10_000, code=3)
    assert "… (10000 characters)" in err and "t" * 201 not in err, err


@pytest.mark.parametrize("size, message", [
    (0.999, "dataset.table.test_size 0.999 holds out 30 of the table's 30 labelled rows for "
            "testing and leaves 0 for training; each side needs at least 2 (one per class when "
            "stratified). Use a test_size between 0.067 and 0.933, or give a test file (--test)."),
    (0.01, "dataset.table.test_size 0.01 holds out 1 of the table's 30 labelled rows for testing "
           "and leaves 29 for training; each side needs at least 2"),
])
def test_a_hold_out_that_leaves_a_side_empty_names_test_size(capsys, tmp_path, table, size,
                                                              message):
    err = _error(capsys, tmp_path, str(table), "--target", "kind", "--set",
                 f"dataset.table.test_size={size}", code=2)
    assert err.startswith(message), err


def test_a_table_too_small_to_hold_out_asks_for_a_test_file():
    from fourfold.datasets.table import _check_hold_out
    from fourfold.errors import RecipeError

    _check_hold_out(3, 1, 0.2)  # 1 test row, 2 training rows: enough for a regression
    with pytest.raises(RecipeError) as refused:
        _check_hold_out(3, 2, 0.5)
    assert str(refused.value) == text("data.table.too_small_to_hold_out", rows=3, need=2)
    assert str(refused.value).startswith("The table's 3 labelled rows are too few")


def test_names_from_files_fit_a_recipe_and_a_folder():
    assert len(recipe_name("a" * 300 + ".csv")) == 100
    korean = safe_name("가" * 100)
    assert len(korean.encode("utf-8")) <= NAME_BYTES and korean == "가" * (NAME_BYTES // 3)


def test_no_message_carries_more_than_a_thousand_characters_of_one_value():
    message = text("data.table.missing_file", path="p" * 50_000)
    assert len(message) < 1_200 and "(50000 characters)" in message
