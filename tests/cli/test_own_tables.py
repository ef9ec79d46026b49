"""`fourfold run|inspect|recipes init data.csv`: the task read from the target, and every
mistake a person can make with their own table ending in one line and the right exit code,
before anything trains."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from fourfold.autorecipe import auto_recipe
from fourfold.cli import main
from tests.support.tables import customers


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "customers.csv"
    customers(120).to_csv(path, index=False)
    return path


def _error(capsys, *argv) -> tuple[int, str]:
    code, _, err = run_cli(capsys, *argv)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return code, err.strip()


def test_a_table_without_target_asks_for_one_listing_the_columns(capsys, table, tmp_path):
    code, err = _error(capsys, "run", str(table), "--out", str(tmp_path / "runs"))
    assert code == 2
    assert "--target COLUMN" in err and "customer_id, age, city, plan, visits, shop, churn" in err
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("edit, argv, code, message", [
    (None, ["--target", "price"], 3, "has no column price. Its columns: customer_id, age"),
    (None, ["--target", "churn", "--drop", "nope"], 3, "has no column nope."),
    (lambda f: f.assign(churn="yes"), ["--target", "churn"], 3,
     "the target column 'churn' has a single value ('yes')"),
    (lambda f: f.assign(note=[f"call back on day {i} about the order" for i in range(len(f))]),
     ["--target", "churn"], 3, "column 'note' holds free text (120 different values)"),
    (lambda f: f.assign(size=["12"] * 100 + ["large"] + ["3"] * 19), ["--target", "churn"], 3,
     "column 'size': 99% of its values are numbers but row 101 holds 'large'"),
    (lambda f: f.assign(note=[f"call back on day {i} about the order" for i in range(len(f))],
                        size=["12"] * 100 + ["large"] + ["3"] * 19), ["--target", "churn"], 3,
     "2 columns cannot be used as they are (note: free text; size: numbers mixed with text). "
     "Leave them out with --drop note,size"),
    (lambda f: f.assign(churn=["a"] * 60 + ["b"] * 58 + ["c"] * 2), ["--target", "churn"], 3,
     "class 'c' of target 'churn' has 2 row(s)"),
    (None, ["--target", "city", "--task", "regression"], 2,
     "Task regression needs a numeric target, and column 'city' holds text"),
    (None, ["--target", "churn", "--task", "binary", "--set", "preprocess.scaler=pixels",
            "--set", "model.kind=cnn"], 2, "kind cnn needs filters"),
])
def test_bad_tables_stop_before_training(capsys, tmp_path, table, edit, argv, code, message):
    if edit is not None:
        edit(pd.read_csv(table)).to_csv(table, index=False)
    got, err = _error(capsys, "run", str(table), *argv, "--out", str(tmp_path / "runs"))
    assert got == code and message in err
    assert not (tmp_path / "runs").exists()


def test_table_options_with_a_recipe_are_refused(capsys):
    code, err = _error(capsys, "run", "mnist", "--target", "label")
    assert code == 2 and "--target applies to your own data" in err


def test_recipes_init_prints_a_complete_recipe_that_loads(capsys, table, tmp_path):
    code, out, _ = run_cli(capsys, "recipes", "init", str(table), "--target", "churn")
    assert code == 0
    written = tmp_path / "churn.yaml"
    written.write_text(out)
    data = yaml.safe_load(out)
    assert data["task"] == "binary"
    assert data["dataset"]["table"]["columns"] == {
        "customer_id": "ignore", "age": "numeric", "city": "categorical", "plan": "boolean",
        "visits": "categorical", "shop": "categorical"}
    assert data["dataset"]["table"]["train"] == str(table.resolve())
    assert data["evaluation"]["model_selection"] == "one_standard_error"
    from fourfold.recipes import load_recipe

    assert load_recipe(written) == auto_recipe(table, target=["churn"])


def test_inspect_shows_each_columns_kind_and_the_task(capsys, table):
    code, out, _ = run_cli(capsys, "inspect", str(table), "--target", "churn")
    assert code == 0
    assert "customers.csv: 120 rows, 6 feature columns" in out
    assert "Task: binary classification — target churn holds two values." in out
    lines = {line.split("│")[1].strip(): line for line in out.splitlines()
             if line.startswith("│") and line.split("│")[1].strip()}
    assert "ignore" in lines["customer_id"] and "identifier" in lines["customer_id"]
    assert "categorical" in lines["shop"] and "numeric" in lines["age"]


@pytest.mark.parametrize("argv, task", [
    (["--target", "churn"], "binary"),
    (["--target", "age"], "regression"),
    (["--target", "city"], "multiclass"),
    (["--target", "churn", "--task", "multiclass"], "multiclass"),
])
def test_the_task_follows_from_the_target(table, argv, task):
    target = argv[1]
    forced = argv[3] if len(argv) > 2 else None
    recipe = auto_recipe(table, target=[target], task=forced)
    assert recipe.task == task
    assert (recipe.preprocess.scale_target) is (task == "regression")
    assert recipe.split.stratify is (task != "regression")
