"""``training.learning_rate_schedule: cosine`` decays the rate to zero over the recipe's epochs,
and a resumed fit continues the schedule where the killed one stopped."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from fourfold.feeding import ArrayBatches
from fourfold.models import compile_model
from fourfold.recipes.schema import TrainingConfig
from fourfold.tasks import get_task
from fourfold.training import member
from fourfold.training.callbacks import BestWeights, EpochSeeds, HistoryWriter
from fourfold.training.checkpoint import EpochCheckpoint, read_checkpoint, restore

SEED = 11
ROWS, BATCH = 40, 8  # 5 steps an epoch


def _model(training: TrainingConfig):
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(6, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(hidden))
    return compile_model(model, get_task("multiclass"), training, steps_per_epoch=ROWS // BATCH)


def _rate(model) -> float:
    return float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))


def test_cosine_starts_at_the_rate_halves_midway_and_ends_at_zero():
    model = _model(TrainingConfig(learning_rate=0.01, learning_rate_schedule="cosine", epochs=4))
    model.optimizer.build(model.trainable_variables)
    seen = {}
    for step in (0, 10, 20):  # 4 epochs x 5 steps
        model.optimizer.iterations.assign(step)
        seen[step] = _rate(model)
    assert seen == pytest.approx({0: 0.01, 10: 0.005, 20: 0.0}, abs=1e-9)


def test_the_optimizers_own_default_rate_is_where_cosine_starts():
    model = _model(TrainingConfig(optimizer="rmsprop", learning_rate_schedule="cosine", epochs=2))
    model.optimizer.build(model.trainable_variables)
    default = keras.optimizers.get("rmsprop").learning_rate
    assert _rate(model) == pytest.approx(float(keras.ops.convert_to_numpy(default)))


def test_constant_keeps_the_rate_and_cosine_needs_the_epochs_length():
    model = _model(TrainingConfig(learning_rate=0.02))
    model.optimizer.build(model.trainable_variables)
    model.optimizer.iterations.assign(1000)
    assert _rate(model) == pytest.approx(0.02)
    with pytest.raises(ValueError, match="steps_per_epoch"):
        compile_model(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]),
                      get_task("regression"), TrainingConfig(learning_rate_schedule="cosine"))


def test_the_schedule_is_a_literal_the_recipe_validates():
    assert TrainingConfig(learning_rate_schedule="cosine").learning_rate_schedule == "cosine"
    with pytest.raises(ValueError, match="learning_rate_schedule"):
        TrainingConfig(learning_rate_schedule="linear")


def _fit(folder, *, epochs: int, initial_epoch: int = 0, saved=None):
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((ROWS + 10, 4)).astype("float32")
    y = keras.utils.to_categorical((x[:, 0] > 0) + (x[:, 1] > 0), 3).astype("float32")
    model = _model(TrainingConfig(learning_rate=0.05, learning_rate_schedule="cosine",
                                  epochs=4))
    if saved is not None:
        restore(model, saved)
    batches = ArrayBatches(x[:ROWS], y[:ROWS], BATCH, seed=SEED, epoch=initial_epoch)
    best = BestWeights(initial=None if saved is None else (
        saved.best_value, saved.best_epoch, saved.best_weights))
    history = HistoryWriter(folder / "history.csv", saved.history_rows if saved else None)
    arguments = {"x": batches, "validation_data": (x[ROWS:], y[ROWS:]),
                 "validation_batch_size": BATCH, "shuffle": False}
    callbacks = [EpochSeeds(SEED, batches), best, history,
                 EpochCheckpoint(folder / "checkpoint.npz", best, history)]
    member.fit_fused(model, arguments, epochs=epochs, initial_epoch=initial_epoch,
                     callbacks=callbacks)
    return model, [{k: v for k, v in row.items() if k != "epoch_seconds"}
                   for row in history.rows]


@pytest.mark.slow  # compiles a fused epoch: seconds
def test_a_resumed_cosine_fit_ends_with_the_weights_of_the_fit_left_alone(tmp_path):
    left_alone, rows = _fit(tmp_path / "a", epochs=4)
    assert _rate(left_alone) == pytest.approx(0.0, abs=1e-9)  # 20 steps: the end of the decay
    _fit(tmp_path / "b", epochs=2)
    saved = read_checkpoint(tmp_path / "b" / "checkpoint.npz")
    resumed, resumed_rows = _fit(tmp_path / "b", epochs=4, initial_epoch=2, saved=saved)
    assert resumed_rows == rows
    for weights, resumed_weights in zip(left_alone.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(resumed_weights, weights)
