"""A fused epoch (one compiled program per epoch) trains exactly as Keras' own loop does."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from fourfold.feeding import ArrayBatches, ImageBatches
from fourfold.training import member
from fourfold.training.callbacks import (BestWeights, EpochSeeds, HistoryWriter,
                                         ResumableEarlyStopping, StopOnInterrupt)
from fourfold.training.checkpoint import EpochCheckpoint, read_checkpoint, restore
from fourfold.training.interrupts import deferring_interrupts

SEED = 7

pytestmark = pytest.mark.slow  # each fit compiles its programs: seconds, more under load


def _data(rows: int = 50, validation: int = 13, side: bool = False):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(rows + validation, 6), dtype=np.uint8)
    y = keras.utils.to_categorical((x[:, 0] > 127) + (x[:, 1] > 127), 3).astype("float32")
    inputs = {"inputs": x, "side": rng.standard_normal((len(x), 2)).astype("float32")} \
        if side else x
    train = {k: v[:rows] for k, v in inputs.items()} if side else inputs[:rows]
    val = {k: v[rows:] for k, v in inputs.items()} if side else inputs[rows:]
    return train, y[:rows], val, y[rows:]


def _model(side: bool = False):
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input((6,), name="inputs")
    hidden = keras.layers.Rescaling(1 / 255)(inputs)
    layers = [inputs]
    if side:
        extra = keras.Input((2,), name="side")
        hidden = keras.layers.Concatenate()([hidden, extra])
        layers.append(extra)
    hidden = keras.layers.Dense(8, activation="relu")(hidden)
    hidden = keras.layers.Dropout(0.2)(hidden)  # a seed generator in the state
    outputs = keras.layers.Dense(3, activation="softmax")(hidden)
    model = keras.Model(layers if side else inputs, outputs)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def _fit(fused: bool, tmp_path, *, side=False, epochs=3, patience=None, model=None,
         initial_epoch=0, saved=None):
    x, y, val_x, val_y = _data(side=side)
    model = model or _model(side)
    if saved is not None:
        restore(model, saved)
    batches = ArrayBatches(x, y, 8, seed=SEED, epoch=initial_epoch)
    arguments = {"x": batches, "validation_data": (val_x, val_y), "validation_batch_size": 8,
                 "shuffle": False}
    best = BestWeights(initial=None if saved is None else (
        saved.best_value, saved.best_epoch, saved.best_weights))
    history = HistoryWriter(tmp_path / f"history-{fused}.csv",
                            saved.history_rows if saved else None)
    callbacks = [EpochSeeds(SEED, batches), best, history]
    stopping = None
    if patience:
        # no epoch after the first improves by 10: it stops after epoch 1 + patience
        stopping = ResumableEarlyStopping(monitor="val_loss", patience=patience, min_delta=10)
        callbacks.append(stopping)
    callbacks.append(EpochCheckpoint(tmp_path / f"checkpoint-{fused}.npz", best, history,
                                     stopping))
    assert member.fuses(arguments)
    if fused:
        member.fit_fused(model, arguments, epochs=epochs, initial_epoch=initial_epoch,
                         callbacks=callbacks)
    else:
        model.fit(**arguments, epochs=epochs, initial_epoch=initial_epoch, callbacks=callbacks,
                  verbose=0)
    rows = [{k: v for k, v in row.items() if k != "epoch_seconds"} for row in history.rows]
    return model, rows, best


@pytest.mark.parametrize("side", [False, True], ids=["array", "dict-inputs"])
@pytest.mark.parametrize("chunk", [512, 2], ids=["one-call", "chunks-of-2-steps"])
def test_fused_epochs_give_keras_fits_history_and_weights(tmp_path, monkeypatch, side, chunk):
    monkeypatch.setattr(member, "FUSED_STEPS", chunk)
    model, rows, best = _fit(False, tmp_path, side=side)
    fused_model, fused_rows, fused_best = _fit(True, tmp_path, side=side)
    assert [row["epoch"] for row in fused_rows] == [1, 2, 3]
    assert set(fused_rows[0]) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}
    for row, fused_row in zip(rows, fused_rows):
        for key in row:
            assert fused_row[key] == pytest.approx(row[key], rel=1e-5, abs=1e-6), key
    assert fused_best.best_epoch == best.best_epoch
    for weights, fused_weights in zip(model.get_weights(), fused_model.get_weights()):
        np.testing.assert_allclose(fused_weights, weights, rtol=1e-5, atol=1e-6)


def test_early_stopping_ends_a_fused_fit_as_it_ends_keras_fit(tmp_path):
    _, rows, _ = _fit(False, tmp_path, epochs=30, patience=2)
    _, fused_rows, _ = _fit(True, tmp_path, epochs=30, patience=2)
    assert len(fused_rows) == len(rows) == 3
    assert read_checkpoint(tmp_path / "checkpoint-True.npz").stopped


def test_a_fused_fit_resumed_from_its_checkpoint_ends_as_the_fit_left_alone(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    left_alone, rows, _ = _fit(True, tmp_path / "a", epochs=4)
    _fit(True, tmp_path / "b", epochs=2)
    saved = read_checkpoint(tmp_path / "b" / "checkpoint-True.npz")
    assert saved.epochs_done == 2
    resumed, resumed_rows, _ = _fit(True, tmp_path / "b", epochs=4, initial_epoch=2, saved=saved)
    assert resumed_rows == rows
    for weights, resumed_weights in zip(left_alone.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(resumed_weights, weights)


def test_ctrl_c_stops_a_fused_fit_between_compiled_calls(tmp_path, monkeypatch):
    monkeypatch.setattr(member, "FUSED_STEPS", 2)
    x, y, val_x, val_y = _data()
    calls = []

    class Interrupt(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            calls.append(batch)
            if len(calls) == 5:  # epoch 2's second call
                import os
                import signal
                os.kill(os.getpid(), signal.SIGINT)

    batches = ArrayBatches(x, y, 8, seed=SEED)
    best, history = BestWeights(), HistoryWriter(tmp_path / "history.csv")
    path = tmp_path / "checkpoint.npz"
    with pytest.raises(KeyboardInterrupt), deferring_interrupts():
        member.fit_fused(_model(), {"x": batches, "validation_data": (val_x, val_y)}, epochs=4,
                         initial_epoch=0,
                         callbacks=[EpochSeeds(SEED, batches), best, history,
                                    EpochCheckpoint(path, best, history), Interrupt(),
                                    StopOnInterrupt()])
    # 50 rows of batch 8: calls end at batches 1, 3 and 6 (the partial batch, with validation)
    assert calls == [1, 3, 6, 1, 3]
    assert read_checkpoint(path).epochs_done == 1  # epoch 2 was cut short: not recorded


def test_streamed_photos_and_large_arrays_keep_keras_own_loop(monkeypatch):
    x, y, val_x, val_y = _data()
    arrays = {"x": ArrayBatches(x, y, 8, seed=SEED), "validation_data": (val_x, val_y)}
    assert member.fuses(arrays)
    assert not member.fuses({"x": ImageBatches(x.reshape(-1, 2, 3, 1), None, 8, y),
                             "validation_data": (val_x, val_y)})
    monkeypatch.setattr(member, "FUSED_MAX_BYTES", x.nbytes)
    assert not member.fuses(arrays)


def test_convolutional_models_keep_keras_own_loop():
    x, y, val_x, val_y = _data()
    arrays = {"x": ArrayBatches(x, y, 8, seed=SEED), "validation_data": (val_x, val_y)}
    dense = keras.Sequential([keras.Input((6,)), keras.layers.Dense(2)])
    convolutional = keras.Sequential([keras.Input((2, 3, 1)), keras.layers.Conv2D(2, 1),
                                      keras.layers.Flatten(), keras.layers.Dense(2)])
    assert member.fuses(arrays, dense)
    assert not member.fuses(arrays, convolutional)
