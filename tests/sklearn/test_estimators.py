"""NeuralClassifier and NeuralRegressor on small synthetic data: the task each target
gets, exact reproduction, fresh refits, pickles holding a .keras file, clear errors."""

from __future__ import annotations

import io
import pickle
import pickletools
import random
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from sklearn.base import clone

from fourfold.sklearn import NeuralClassifier, NeuralRegressor

SMALL = {"hidden_units": (8,), "epochs": 3, "random_state": 0}


def _table(rows: int = 60, features: int = 4, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(rows, features))


@pytest.fixture(scope="module")
def multiclass():
    x = _table()
    y = np.array(["cat", "dog", "emu"])[np.argmax(x[:, :3], axis=1)]
    return x, y, NeuralClassifier(**SMALL).fit(x, y)


def test_import_and_construction_leave_keras_unimported():
    code = ("import sys; import fourfold.sklearn as s; s.NeuralClassifier(); s.NeuralRegressor(); "
            "assert 'keras' not in sys.modules and 'jax' not in sys.modules, 'heavy import'; "
            "print(sorted(dir(s)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['NeuralClassifier', 'NeuralRegressor']"


@pytest.mark.parametrize("y, target_type, task_units, activation", [
    (np.array(["no", "yes"] * 30), "binary", 1, "sigmoid"),
    (np.arange(60) % 3, "multiclass", 3, "softmax"),
    ((np.arange(120).reshape(60, 2) % 3 == 0).astype(int), "multilabel-indicator", 2, "sigmoid"),
])
def test_the_target_kind_picks_the_task_of_the_registry(y, target_type, task_units, activation):
    model = NeuralClassifier(**SMALL).fit(_table(), y)
    assert model.target_type_ == target_type
    outputs = model.model_.get_layer("outputs")
    assert outputs.units == task_units and outputs.activation.__name__ == activation
    assert [layer.units for layer in model.model_.layers if layer.name.startswith("dense_")] == [8]
    probabilities = model.predict_proba(_table(5, seed=1))
    predicted = model.predict(_table(5, seed=1))
    decision = model.decision_function(_table(5, seed=1))
    if target_type == "multilabel-indicator":
        assert model.classes_.tolist() == [0, 1]
        assert probabilities.shape == predicted.shape == decision.shape == (5, 2)
        assert np.array_equal(predicted, (probabilities >= 0.5).astype(int))
        assert np.array_equal(predicted, (decision >= 0).astype(int))
    else:
        assert probabilities.shape == (5, len(model.classes_))
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
        assert np.array_equal(predicted, model.classes_[probabilities.argmax(axis=1)])


def test_binary_decision_is_the_positive_class_log_odds():
    x, y = _table(), np.array([3, 7] * 30)
    model = NeuralClassifier(**SMALL).fit(x, y)
    positive = model.predict_proba(x)[:, 1]
    np.testing.assert_allclose(model.decision_function(x), np.log(positive / (1 - positive)),
                               rtol=1e-9)
    assert set(model.predict(x)) <= {3, 7}


def test_seeded_fits_reproduce_exactly_and_a_second_fit_starts_fresh(multiclass):
    x, y, first = multiclass
    again = NeuralClassifier(**SMALL).fit(x, y)
    assert np.array_equal(first.predict_proba(x), again.predict_proba(x))
    assert first.history_ == again.history_
    model_before = again.model_
    again.fit(x[:40], y[:40])  # other data: a new network, not more training of the old one
    assert again.model_ is not model_before and again.n_features_in_ == 4
    again.fit(x, y)
    assert np.array_equal(first.predict_proba(x), again.predict_proba(x))
    other_seed = NeuralClassifier(**{**SMALL, "random_state": 1}).fit(x, y)
    assert not np.array_equal(first.predict_proba(x), other_seed.predict_proba(x))


def test_a_fit_leaves_the_callers_random_generators_alone():
    random.seed(5)
    np.random.seed(5)
    expected = (random.random(), np.random.rand())
    random.seed(5)
    np.random.seed(5)
    NeuralRegressor(**SMALL).fit(_table(), _table()[:, 0])
    assert (random.random(), np.random.rand()) == expected


def test_the_pickle_holds_a_keras_file_and_no_keras_object(multiclass):
    x, _, model = multiclass
    data = pickle.dumps(model)
    globals_named = [arg for opcode, arg, _ in pickletools.genops(data)
                     if opcode.name in ("GLOBAL", "STACK_GLOBAL", "SHORT_BINUNICODE", "BINUNICODE")
                     and isinstance(arg, str) and arg.startswith("keras")]
    assert globals_named == []
    state = model.__getstate__()
    with zipfile.ZipFile(io.BytesIO(state["model_"])) as archive:
        assert {"config.json", "model.weights.h5"} <= set(archive.namelist())
    loaded = pickle.loads(data)
    assert np.array_equal(loaded.predict_proba(x), model.predict_proba(x))
    assert loaded.classes_.tolist() == ["cat", "dog", "emu"] and loaded.history_ == model.history_


def test_parameters_round_trip_and_clones_are_unfitted(multiclass):
    _, _, model = multiclass
    params = model.get_params()
    assert params == {**NeuralClassifier().get_params(), **SMALL}
    copy = clone(model).set_params(hidden_units=(4, 4), learning_rate=0.01)
    assert not hasattr(copy, "model_") and copy.get_params()["hidden_units"] == (4, 4)
    assert model.get_params()["hidden_units"] == (8,)


def test_validation_rows_pick_the_best_epoch_and_early_stopping_ends_the_fit():
    x = _table(200, seed=2)
    y = np.random.default_rng(3).integers(0, 2, 200)  # noise: the validation loss soon rises
    model = NeuralClassifier(hidden_units=(64,), epochs=40, early_stopping=2,
                             learning_rate=0.05, random_state=0).fit(x, y)
    val_loss = model.history_["val_loss"]
    assert len(val_loss) < 40
    assert model.best_epoch_ == int(np.argmin(val_loss)) + 1
    no_validation = NeuralRegressor(**SMALL, validation_fraction=0.0).fit(x, x[:, 0])
    assert no_validation.best_epoch_ is None and "val_loss" not in no_validation.history_


def test_the_regressor_learns_the_target_standardized():
    # The network sees (y - mean) / std whatever the units: the same fit, scaled back.
    x = _table()
    y = x @ np.array([1.0, -2.0, 0.5, 0.0])
    small = NeuralRegressor(**SMALL).fit(x, y).predict(x)
    large = NeuralRegressor(**SMALL).fit(x, 1000.0 * y + 5000.0).predict(x)
    np.testing.assert_allclose(large, 1000.0 * small + 5000.0, rtol=1e-5)


@pytest.mark.parametrize("estimator, y, message", [
    (NeuralClassifier(epochs=1), np.linspace(0, 1, 20), "Unknown label type: continuous"),
    (NeuralClassifier(epochs=1), np.ones(20), "NeuralClassifier needs at least 2 classes to learn; "
                                               "y has 1 class: 1.0."),
    (NeuralClassifier(epochs=1), np.arange(40).reshape(20, 2) % 3,
     "NeuralClassifier learns binary, multiclass and multilabel-indicator targets; "
     "y is multiclass-multioutput."),
    (NeuralRegressor(early_stopping=3, validation_fraction=0.0), np.zeros(20),
     "NeuralRegressor: early_stopping watches the validation loss and would be ignored with "
     "validation_fraction=0. Set validation_fraction > 0, or early_stopping=None."),
    (NeuralRegressor(validation_fraction=1.0), np.zeros(20),
     "NeuralRegressor: validation_fraction must be in [0, 1). Received: validation_fraction=1.0."),
    (NeuralRegressor(hidden_units=(8, 0)), np.zeros(20),
     "NeuralRegressor: hidden_units input should be greater than 0. Received: hidden_units=(8, 0)."),
    (NeuralRegressor(optimizer="lbfgs"), np.zeros(20),
     "NeuralRegressor: optimizer input should be 'adam', 'sgd', 'rmsprop', 'adamw', 'nadam' or "
     "'adagrad'. Received: optimizer='lbfgs'."),
])
def test_unusable_targets_and_parameters_are_refused_before_training(estimator, y, message):
    with pytest.raises(ValueError) as caught:
        estimator.fit(_table(20), y)
    assert message in str(caught.value)
    assert not hasattr(estimator, "model_")
