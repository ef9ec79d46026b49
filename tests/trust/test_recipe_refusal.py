"""Trust (issue 12, item 6): a recipe that cannot make sense is refused before anything is
created. Through ``fourfold run``: exit 2, one line naming the field, the value and the fix,
no traceback, and no run folder under ``--out``. The data-dependent refusals load the
embedded MNIST or a 40-row CSV and never train."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourfold.cli import main

pytestmark = pytest.mark.xdist_group("trust")


@pytest.fixture
def table(tmp_path):
    """40 rows: two numeric features and a class target with 36 'ant' and 4 'bee'."""
    rng = np.random.default_rng(0)
    path = tmp_path / "insects.csv"
    pd.DataFrame({"size": rng.normal(size=40).round(3), "weight": rng.normal(size=40).round(3),
                  "kind": ["ant"] * 36 + ["bee"] * 4}).to_csv(path, index=False)
    return path


def _refused(capsys, tmp_path, *argv: str) -> str:
    """Run ``fourfold run ARGV`` and return its one error line, after checking exit 2, no
    traceback and no run folder."""
    out = tmp_path / "runs"
    code = main(["run", *argv, "--epochs", "1", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert not out.exists() or not any(out.iterdir()), list(out.iterdir())
    assert err.startswith("error: ")
    return err.removeprefix("error: ")


@pytest.mark.parametrize("argv, message", [
    (["--set", "preprocess.downsample=1000"],
     "preprocess.downsample 1000 is larger than the inputs (28 x 28): no feature would be left. "
     "Use a smaller downsample."),
    (["--kfold", "100000"],
     "kfold.n_splits is 100000, but there are only 60000 training rows. Use fewer folds."),
    (["--set", "task=binary"],
     "task binary (one sigmoid unit) needs two classes, and this data set has 10. Use task "
     "multiclass (softmax over the classes, categorical cross-entropy)."),
    (["--set", "task=multilabel"],
     "task multilabel needs 0/1 label columns (several labels per row), and data set mnist has one "
     "label per row. Use task multiclass (softmax: one class per row) or binary."),
    (["--set", "task=regression"],
     "task regression (one linear unit) would treat this data set's 10 class labels as numbers. "
     "Use task multiclass, or binary for two classes."),
    (["--set", "split.test_size=0.99999"],
     "split.test_size 0.99999 of 60000 training rows leaves 0 for training and 60000 for "
     "validation; each needs at least 1. Use a test_size between 0.001 and 0.999."),
    (["--set", "model.kind=cnn", "--set", "model.filters=[8,8,8,8,8]",
      "--set", "preprocess.flatten=false"],
     "model cnn-8-8-8-8-8 has 5 convolution blocks, each pooling halves the image, and 4 halvings "
     "already bring the 28 x 28 images down to one pixel. Use at most 4 entries in "
     "model.filters, or a smaller preprocess.downsample."),
])
def test_mnist_recipes_that_cannot_fit_the_data(capsys, tmp_path, argv, message):
    assert _refused(capsys, tmp_path, "mnist", *argv) == message


@pytest.mark.parametrize("argv, message", [
    (["--set", "training.learning_rate=.inf"],
     "built-in recipe mnist: 'training.learning_rate' Input should be a finite number; got inf."),
    (["--set", "model.dropout=.nan"],
     "built-in recipe mnist: 'model.dropout' Input should be a finite number; got nan."),
    (["--seed", "-1"],
     "built-in recipe mnist: 'seed' a seed is a whole number from 0 to 4294967295 (NumPy's "
     "seeding range); use one in that range; got -1."),
    (["--set", "seed=99999999999"],
     "built-in recipe mnist: 'seed' a seed is a whole number from 0 to 4294967295 (NumPy's "
     "seeding range); use one in that range; got 99999999999."),
    (["--set", "training.optimizer=adma"],
     "built-in recipe mnist: 'training.optimizer' Input should be 'adam', 'sgd', 'rmsprop', "
     "'adamw', 'nadam' or 'adagrad'; got 'adma'. Did you mean 'adam'?"),
    (["--set", "model.kind=cnn", "--set", "model.filters=[8]"],
     "built-in recipe mnist: model cnn-8 is kind cnn, which reads each image as height x "
     "width x channels, and preprocess.flatten: true turns images into one vector; set "
     "preprocess.flatten: false."),
])
def test_recipes_that_cannot_make_sense_on_any_data(capsys, tmp_path, argv, message):
    assert _refused(capsys, tmp_path, "mnist", *argv) == message


def test_an_unknown_activation_is_refused_with_a_guess(capsys, tmp_path):
    message = _refused(capsys, tmp_path, "mnist", "--set", "model.activation=rleu")
    assert message.startswith("built-in recipe mnist: 'model.activation' Input should be 'celu'")
    assert message.endswith("got 'rleu'. Did you mean 'relu'?")


@pytest.mark.parametrize("key", ["model.activation", "model.hidden_units", "name",
                                 "training.epochs", "x" * 10_000])
def test_a_10000_character_set_value_is_quoted_shortened(capsys, tmp_path, key):
    value = "x" * 10_000
    code = main(["run", "mnist", "--set", f"{key}={value}", "--out", str(tmp_path / "runs"),
                 "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and len(err) < 1_000 and "x" * 201 not in err, err
    assert "… (10000 characters)" in err or "… (10002 characters)" in err
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("argv, message", [
    (["--target", "kind", "--kfold", "5"],
     "kfold.n_splits is 5, but class bee has only 3 training rows, so some folds would hold none "
     "of it. Use at most 3 folds."),
    (["--target", "kind", "--kfold", "50"],
     "kfold.n_splits is 50, but there are only 32 training rows. Use fewer folds."),
    (["--target", "kind", "--set", "split.test_size=0.95"],
     "split.test_size 0.95 of 32 training rows leaves 1 for training and 31 for validation; each "
     "needs at least 2. Use a test_size between 0.063 and 0.937."),
    (["--target", "kind", "--set", "model.kind=cnn", "--set", "model.filters=[8]",
      "--set", "preprocess.flatten=false"],
     "A table's rows are encoded column by column: preprocess takes a scaler for its numeric "
     "columns, with flatten: true and no mean_channel, downsample or quantiles."),
    (["--target", "kind", "--set", "preprocess.downsample=2"],
     "A table's rows are encoded column by column: preprocess takes a scaler for its numeric "
     "columns, with flatten: true and no mean_channel, downsample or quantiles."),
    (["--target", "size", "--task", "binary"],
     "Task binary needs a target with two values; column 'size' has 40. Use task multiclass."),
    (["--target", "kind", "--task", "regression"],
     "Task regression needs a numeric target, and column 'kind' holds text. Use task "
     "multiclass (--task multiclass, or task: in the recipe), or choose a numeric --target."),
    (["--target", "kind", "--task", "multilabel"],
     "Task multilabel needs several 0/1 target columns (--target a,b,c); got only 'kind'."),
])
def test_own_table_recipes_that_cannot_fit_the_data(capsys, tmp_path, table, argv, message):
    assert _refused(capsys, tmp_path, str(table), *argv) == message


def test_dropping_every_feature_leaves_nothing_to_learn(capsys, tmp_path, table):
    assert _refused(capsys, tmp_path, str(table), "--target", "kind", "--drop", "size,weight") == (
        f"{table}: no column is left to learn from (every feature column was dropped or "
        "ignored). Check --drop and dataset.table.columns.")


def test_a_recipe_file_of_nested_aliases_is_refused_naming_it(capsys, tmp_path):
    lines = ["name: laughs", "task: multiclass", "dataset: {name: mnist}", 'a0: &a0 "lol"']
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]"
              for level in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\ntextbook_folds: {accuracy: *a9}\n")
    assert _refused(capsys, tmp_path, str(path)) == (
        f"{path}: the YAML's aliases (*name) stand for more than 10000 values in all; write the "
        "values out.")


def test_a_recipe_file_that_is_not_utf8_is_refused_naming_it(capsys, tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: café\ntask: multiclass\ndataset: {name: mnist}\n".encode("latin-1"))
    assert _refused(capsys, tmp_path, str(path)) == (
        f"Recipe file {path} is not UTF-8 text (byte 9 is 0xe9). Save it as UTF-8.")
