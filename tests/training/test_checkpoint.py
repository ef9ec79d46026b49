"""Per-epoch checkpoints restore weights, optimizer state, best epoch and history."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from fourfold.training.callbacks import BestWeights, HistoryWriter  # noqa: E402
from fourfold.training.checkpoint import EpochCheckpoint, read_checkpoint, restore  # noqa: E402


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def test_checkpoint_round_trip(tmp_path):
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = _model()
    best, history = BestWeights(), HistoryWriter(tmp_path / "history.csv")
    path = tmp_path / "backup" / "checkpoint.npz"
    model.fit(x, y, validation_data=(x, y), epochs=3, batch_size=8, verbose=0,
              callbacks=[best, history, EpochCheckpoint(path, best, history)])
    saved = read_checkpoint(path)
    assert saved.epochs_done == 3 and len(saved.history_rows) == 3
    assert saved.best_epoch == best.best_epoch and saved.best_value == best.best
    fresh = _model()
    restore(fresh, saved)
    for restored, trained in zip(fresh.get_weights(), saved.weights):
        np.testing.assert_array_equal(restored, trained)
    assert int(keras.ops.convert_to_numpy(fresh.optimizer.iterations)) == 12  # 3 epochs x 4 steps
    assert not list((tmp_path / "backup").glob(".*tmp"))


def test_no_checkpoint_reads_none(tmp_path):
    assert read_checkpoint(tmp_path / "missing.npz") is None
