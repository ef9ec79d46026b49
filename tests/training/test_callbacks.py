"""fourfold's callbacks, driven with fake logs (no training)."""

import math

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from fourfold.errors import TrainingError  # noqa: E402
from fourfold.training.callbacks import BestWeights, HistoryWriter, StopOnNaN, rows_to_csv  # noqa: E402


def _tiny_model():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    return model


def _drive(callback, model, val_losses, perturb=True):
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(val_losses):
        if perturb:
            model.set_weights([w + 1.0 for w in model.get_weights()])
        callback.on_epoch_end(epoch, {"loss": 1.0, "val_loss": value})
    callback.on_train_end()


def test_best_weights_restores_the_best_epoch_even_without_early_stopping():
    model = _tiny_model()
    start = [w.copy() for w in model.get_weights()]
    callback = BestWeights()
    _drive(callback, model, [0.9, 0.5, 0.7, 0.8])  # best at the 2nd epoch: weights + 2
    assert callback.best_epoch == 2 and callback.best == 0.5
    for now, before in zip(model.get_weights(), start):
        np.testing.assert_allclose(now, before + 2.0)


def test_best_weights_resets_between_fits():
    model = _tiny_model()
    callback = BestWeights()
    _drive(callback, model, [0.1])
    _drive(callback, model, [0.9, 0.8])
    assert (callback.best_epoch, callback.best) == (2, 0.8)


def test_best_weights_names_the_logs_it_has():
    callback = BestWeights("val_auc")
    callback.set_model(_tiny_model())
    callback.on_train_begin()
    with pytest.raises(KeyError, match="monitors 'val_auc', but the logs have \\['loss', 'val_loss'\\]"):
        callback.on_epoch_end(0, {"loss": 1.0, "val_loss": 1.0})


def test_history_writer_rewrites_one_based_rows(tmp_path):
    path = tmp_path / "history.csv"
    writer = HistoryWriter(path, interval=0.0)
    writer.on_train_begin()
    for epoch in range(3):
        writer.on_epoch_begin(epoch)
        writer.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "val_loss": 0.5})
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch,loss,val_loss,epoch_seconds"
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2", "3"]
    assert float(lines[2].split(",")[1]) == 0.5
    assert not list(tmp_path.glob(".*tmp"))


def test_history_writer_throttles_but_always_writes_at_the_end(tmp_path):
    path = tmp_path / "history.csv"
    writer = HistoryWriter(path, initial_rows=[{"epoch": 1, "loss": 2.0}], interval=3600)
    writer.on_train_begin()
    for epoch in (1, 2):
        writer.on_epoch_begin(epoch)
        writer.on_epoch_end(epoch, {"loss": 1.0})
    assert len(path.read_text().splitlines()) == 3  # header, resumed row, first new epoch
    writer.on_train_end()
    assert [line.split(",")[0] for line in path.read_text().splitlines()] == ["epoch", "1", "2", "3"]


def test_rows_to_csv_keeps_full_precision():
    assert rows_to_csv([{"epoch": 1, "loss": 0.1 + 0.2}]) == "epoch,loss\n1,0.30000000000000004\n"


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_stop_on_nan_raises_a_clear_error(bad):
    callback = StopOnNaN(interval=0.0)
    callback.set_model(_tiny_model())
    callback.on_epoch_begin(4)
    with pytest.raises(TrainingError, match="Training stopped at epoch 5: the loss became"):
        callback.on_train_batch_end(0, {"loss": bad})
    assert callback.model.stop_training


def test_stop_on_nan_always_checks_at_the_end_of_an_epoch():
    callback = StopOnNaN(interval=3600)
    callback.set_model(_tiny_model())
    callback.on_epoch_begin(0)
    callback.on_train_batch_end(0, {"loss": math.nan})  # within the interval: not read
    with pytest.raises(TrainingError, match="epoch 1"):
        callback.on_epoch_end(0, {"loss": math.nan})
