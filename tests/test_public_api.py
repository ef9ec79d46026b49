"""The public API end to end on 64 SYNTHETIC rows: ``fourfold.run(..., data=...)`` trains
each task's recipe for 2 epochs through the real orchestration, and ``fourfold.load``
predicts exactly what the run saved in ``predictions.csv``."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

import fourfold
from fourfold.errors import DataError, RecipeError, UsageError
from fourfold.runs import layout

ROWS, TEST_ROWS = 64, 16


def _digits(seed: int = 0) -> fourfold.Data:
    """SYNTHETIC: 28x28 uint8 'digits' of 4 classes, each a bright band at its own height."""
    rng = np.random.default_rng(seed)
    y = np.arange(ROWS) % 4
    x = rng.integers(0, 60, (ROWS, 28, 28)).astype(np.uint8)
    for label in range(4):
        x[y == label, label * 7:(label + 1) * 7, :] = 250
    return _split(x, y)


def _rows(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """SYNTHETIC: 13 features, a target linear in the first three."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(ROWS, 13)) * np.linspace(1, 100, 13)
    return x, x[:, 0] - 0.05 * x[:, 1] + 0.5 * x[:, 2] / 100


def _split(x, y, **names) -> fourfold.Data:
    return fourfold.Data(x[:-TEST_ROWS], y[:-TEST_ROWS], x[-TEST_ROWS:], y[-TEST_ROWS:], **names)


def _recipe(task: str) -> fourfold.Recipe:
    """A small dense recipe on standardized rows."""
    return fourfold.Recipe(name=f"tiny-{task}", task=task, dataset={"name": "arrays"},
                           preprocess={"scaler": "standard"}, model={"hidden_units": [8]},
                           training={"batch_size": 16})


def _run(recipe, data, tmp_path, **options):
    return fourfold.run(recipe, data=data, epochs=2, out=tmp_path / "runs",
                        show_progress=False, build_report=False, **options)


@pytest.fixture(scope="module")
def mnist_run(tmp_path_factory):
    """The mnist recipe trained on :func:`_digits`, once for the tests that read it."""
    folder = tmp_path_factory.mktemp("mnist-run")
    with pytest.MonkeyPatch.context() as patch:  # the function-scoped home is not set yet
        patch.setenv("FOURFOLD_HOME", str(folder / "home"))
        data = _digits()
        return data, _run("mnist", data, folder)


def _saved(result) -> pd.DataFrame:
    return pd.read_csv(result.run_dir / layout.PREDICTIONS, dtype={"predicted": str, "true": str},
                       keep_default_na=False)


def test_multiclass_mnist_recipe_on_arrays(mnist_run):
    data, result = mnist_run
    assert result.status == "complete" and result.run_dir.parent.name == "runs"
    assert result.metrics["test"]["accuracy"] is not None
    model = fourfold.load(result)
    saved = _saved(result)
    assert model.task == "multiclass" and list(model.classes_) == ["0", "1", "2", "3"]
    predicted = model.predict(data.x_test)
    assert predicted.shape == (TEST_ROWS,) and list(predicted) == list(saved["predicted"])
    probabilities = model.predict_proba(data.x_test)
    assert probabilities.shape == (TEST_ROWS, 4)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(probabilities, saved[[f"p_{c}" for c in model.classes_]],
                               rtol=1e-5, atol=1e-6)
    flattened = model.predict(data.x_test.reshape(TEST_ROWS, -1))  # rows of 784 pixels
    assert list(flattened) == list(predicted)
    assert yaml.safe_load((result.run_dir / layout.CONFIG).read_text())["training"]["epochs"] == 2


def test_binary_recipe_object_with_named_classes(tmp_path):
    x, value = _rows(1)
    y = np.where(value > np.median(value), "yes", "no")
    data = _split(x, y)
    result = _run(_recipe("binary"), data, tmp_path)
    model = fourfold.load(result.run_dir)
    saved = _saved(result)
    assert list(model.classes_) == ["no", "yes"]
    assert list(model.predict(data.x_test)) == list(saved["predicted"])
    probabilities = model.predict_proba(data.x_test)
    assert probabilities.shape == (TEST_ROWS, 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(probabilities[:, 1], saved["p_yes"], rtol=1e-5, atol=1e-6)


def test_regression_boston_recipe_on_a_data_frame(tmp_path):
    x, y = _rows(2)
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(13)])
    data = _split(frame, y)
    result = _run("boston", data, tmp_path, training__learning_rate=0.01)
    assert result.metrics["headline"]["name"] == "mae"
    config = yaml.safe_load((result.run_dir / layout.CONFIG).read_text())
    assert config["training"]["learning_rate"] == 0.01
    model = fourfold.load(result)
    predicted = model.predict(data.x_test)
    assert predicted.dtype == np.float64 and predicted.shape == (TEST_ROWS,)
    np.testing.assert_allclose(predicted, _saved(result)["predicted"].astype(float), rtol=1e-5)
    reordered = data.x_test[list(reversed(data.x_test.columns))]  # columns matched by name
    np.testing.assert_allclose(model.predict(reordered), predicted)
    with pytest.raises(UsageError, match="regression model: it predicts values"):
        model.predict_proba(data.x_test)


def test_multilabel_yaml_recipe_predicts_label_columns(tmp_path):
    x, value = _rows(3)
    y = np.column_stack([x[:, 0] > 0, x[:, 1] > 0, (x[:, 0] + x[:, 1]) > 0]).astype(int)
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(_recipe("multilabel").model_dump(mode="json")))
    data = _split(x, y, class_names=["left", "up", "both"])
    result = _run(path, data, tmp_path, overrides={"evaluation.decoding": "threshold"})
    model = fourfold.load(result)
    predicted = model.predict(data.x_test)
    assert predicted.shape == (TEST_ROWS, 3) and set(np.unique(predicted)) <= {0, 1}
    as_text = [" ".join(model.classes_[row.astype(bool)]) for row in predicted]
    assert as_text == list(_saved(result)["predicted"])
    assert model.predict_proba(data.x_test).shape == (TEST_ROWS, 3)


def test_predict_reads_files_and_checks_arrays(mnist_run, tmp_path):
    data, result = mnist_run
    model = fourfold.load(result)
    batch = tmp_path / "batch.npz"
    np.savez(batch, x=data.x_test)
    assert list(model.predict(batch)) == list(model.predict(data.x_test))
    assert list(model.predict([str(batch), batch])) == list(model.predict(data.x_test)) * 2
    with pytest.raises(DataError, match=r"rows of shape \(27, 28\).*expects rows of shape "
                                        r"\(28, 28\) \(or flattened rows of 784 values\)"):
        model.predict(data.x_test[:, :27])
    with pytest.raises(DataError, match="trained on uint8 pixels"):
        model.predict(data.x_test / 255.0)
    with pytest.raises(DataError, match="predict\\(\\) takes an array"):
        model.predict({"x": 1})


@pytest.mark.parametrize("keywords, message", [
    ({"epoch": 2}, "unknown keyword 'epoch' (did you mean 'epochs'?). It takes data, data_dir"),
    ({"recipe": "mnist"}, "unknown keyword 'recipe'"),
    ({"trainig__epochs": 2}, "did you mean 'training__epochs'?"),
    ({"epochs": 2, "training__epochs": 3}, "training.epochs is given twice (epochs= and "
                                           "training__epochs=)"),
    ({"overrides": "training.epochs=3"}, "overrides must be a mapping"),
    ({"target": "price"}, "target= applies to your own data"),
])
def test_bad_keywords_are_refused_before_anything_runs(tmp_path, keywords, message):
    with pytest.raises(UsageError) as caught:
        fourfold.run("mnist", out=tmp_path / "runs", **keywords)
    assert message in str(caught.value)
    assert not (tmp_path / "runs").exists()


def test_unknown_recipe_field_lists_the_allowed_ones(tmp_path):
    with pytest.raises(RecipeError, match="unknown key 'training.epoch'. Allowed here: optimizer"):
        fourfold.run("mnist", training__epoch=3, out=tmp_path)


@pytest.mark.parametrize("options, message", [
    ({"jobs": 2}, "jobs=2 would start processes"),
    ({"data_dir": "/data"}, "data_dir would be ignored"),
])
def test_data_refuses_options_it_would_void(tmp_path, options, message):
    with pytest.raises(UsageError, match=message):
        fourfold.run("mnist", data=_digits(), out=tmp_path, **options)


def test_data_must_be_arrays(tmp_path):
    with pytest.raises(UsageError, match="data must be fourfold.Data"):
        fourfold.run("mnist", data=[1, 2], out=tmp_path)


@pytest.mark.parametrize("task, data, message", [
    ("binary", _split(np.zeros((ROWS, 2)), np.arange(ROWS) % 3), "needs two classes; the "
                                                                 "targets have 3 (0, 1, 2)"),
    ("multiclass", _split(np.zeros((ROWS, 2)), np.zeros(ROWS)), "a single class"),
    ("multiclass", fourfold.Data(np.zeros((8, 2)), np.arange(8) % 2, np.zeros((4, 2)),
                                 np.arange(4) % 3), "y_test holds class 2"),
    ("multiclass", _split(np.zeros((ROWS, 2)), np.arange(ROWS) % 3, class_names=["a", "b"]),
     "class ids 0..1; found 2"),
    ("multiclass", fourfold.Data(np.zeros(8), np.arange(8) % 2, np.zeros((4, 1)),
                                 np.arange(4) % 2), "x_train must have the rows first"),
    ("multiclass", fourfold.Data(np.zeros((8, 2)), np.arange(7) % 2, np.zeros((4, 2)),
                                 np.arange(4) % 2), "x_train has 8 rows but y_train has 7"),
    ("multiclass", fourfold.Data(np.zeros((8, 2)), np.arange(8) % 2, np.zeros((4, 3)),
                                 np.arange(4) % 2), "Rows of x_train have shape (2,)"),
    ("multiclass", _split(np.full((ROWS, 2), "a"), np.arange(ROWS) % 2), "must hold numbers"),
    ("regression", _split(np.zeros((ROWS, 2)), np.zeros((ROWS, 2))), "must have shape (n,)"),
    ("multilabel", _split(np.zeros((ROWS, 2)), np.full((ROWS, 2), 2)), "0 or 1 per label"),
])
def test_data_arrays_are_checked_against_the_task(task, data, message):
    with pytest.raises(DataError) as caught:
        data.loaded(task)
    assert message in str(caught.value)


def test_data_encodes_targets_as_the_loaders_do():
    loaded = fourfold.Data(np.zeros((6, 2)), np.array(["b", "a", "c", "a", "b", "c"]),
                           np.zeros((2, 2)), np.array(["c", "a"])).loaded("multiclass")
    assert loaded.class_names == ["a", "b", "c"]
    assert loaded.y_train.tolist() == [1, 0, 2, 0, 1, 2] and loaded.y_test.tolist() == [2, 0]
    assert loaded.input_kind == "table" and "6 training rows, 2 test rows" in loaded.source
    images = _digits().loaded("multiclass")
    assert images.input_kind == "image" and images.x_train.dtype == np.uint8
    with pytest.raises(RecipeError, match="class_names would be ignored"):
        _split(np.zeros((ROWS, 2)), np.zeros(ROWS), class_names=["a"]).loaded("regression")


def test_import_is_light_and_lists_the_public_names():
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys, fourfold; from fourfold import run, load, Data, Recipe, load_recipe; "
         "heavy = [m for m in ('keras', 'jax', 'pandas', 'sklearn') if m in sys.modules]; "
         "assert not heavy, heavy; print(sorted(dir(fourfold)))"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(sorted(fourfold.__all__))
    assert {"run", "load", "Data", "Recipe", "load_recipe"} <= set(fourfold.__all__)
    with pytest.raises(AttributeError, match="no attribute 'fit'"):
        fourfold.fit  # noqa: B018
