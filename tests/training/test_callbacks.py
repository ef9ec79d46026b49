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


def test_epoch_seeds_make_an_epoch_a_function_of_the_seed_and_its_number():
    from fourfold.feeding import ArrayBatches
    from fourfold.training.callbacks import EpochSeeds

    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    straight, resumed = (ArrayBatches(x, x[:, :1], 4, seed=5, epoch=epoch) for epoch in (0, 2))
    seeds_straight, seeds_resumed = EpochSeeds(5, straight), EpochSeeds(5, resumed)

    def epoch_draws(callback, batches, epoch):
        callback.on_epoch_begin(epoch)
        return ([batches[i][1].ravel().tolist() for i in range(len(batches))],
                np.random.random(), keras.random.uniform((2,)).tolist())

    draws = []
    for epoch in (0, 1, 2):
        draws.append(epoch_draws(seeds_straight, straight, epoch))
        straight.on_epoch_end()
        straight.on_epoch_end()  # Keras may step a PyDataset more than once an epoch
    for one, other in ((0, 1), (1, 2)):  # each epoch its own order and draws
        assert all(a != b for a, b in zip(draws[one], draws[other]))
    assert draws[2] == epoch_draws(seeds_resumed, resumed, 2)  # a resume at epoch 3 alike
    rows = sorted(sum(epoch_draws(seeds_resumed, resumed, 2)[0], []))
    assert rows == sorted(x[:, 0].tolist())  # every row once


def test_early_stopping_resumed_from_its_state_stops_where_it_would_have():
    from fourfold.training.callbacks import ResumableEarlyStopping

    model = _tiny_model()
    losses = [1.0, 0.5, 0.6, 0.7, 0.4]

    def drive(callback, epochs):
        callback.set_model(model)
        model.stop_training = False
        callback.on_train_begin()
        for epoch in epochs:
            callback.on_epoch_end(epoch, {"val_loss": losses[epoch]})
            if model.stop_training:
                return epoch + 1
        return None

    alone = ResumableEarlyStopping(monitor="val_loss", patience=2)
    assert drive(alone, range(5)) == 4
    first = ResumableEarlyStopping(monitor="val_loss", patience=2)
    assert drive(first, range(3)) is None
    resumed = ResumableEarlyStopping(monitor="val_loss", patience=2, initial=first.state())
    assert drive(resumed, range(3, 5)) == 4 and resumed.state() == alone.state()
