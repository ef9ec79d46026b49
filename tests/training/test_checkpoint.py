"""Per-epoch checkpoints restore every variable (seed generators too), the optimizer, early
stopping, the best epoch and the history; a damaged one is named, never crashed on."""

import io
import json
import zipfile

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from fourfold.errors import EXIT_DATA  # noqa: E402
from fourfold.training.callbacks import (BestWeights, HistoryWriter,  # noqa: E402
                                         ResumableEarlyStopping)
from fourfold.training.checkpoint import (CheckpointError, EpochCheckpoint,  # noqa: E402
                                         read_checkpoint, restore)


def _model(units=2, dropout=0.5):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, name="hidden"),
                              keras.layers.Dropout(dropout), keras.layers.Dense(1, name="out")],
                             name="net")
    model.compile(optimizer="adam", loss="mse")
    return model


def _data():
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One 3-epoch fit and its checkpoint, shared: each test spoils its own copy."""
    folder = tmp_path_factory.mktemp("trained")
    model, best, _, path = _train(folder)
    return model, best, path


@pytest.fixture
def checkpoint_path(trained, tmp_path):
    path = tmp_path / "backup" / "checkpoint.npz"
    path.parent.mkdir()
    path.write_bytes(trained[2].read_bytes())
    return path


def _train(tmp_path, epochs=3, patience=None):
    x, y = _data()
    model = _model()
    best, history = BestWeights(), HistoryWriter(tmp_path / "history.csv")
    stopping = (ResumableEarlyStopping(monitor="val_loss", patience=patience)
                if patience else None)
    path = tmp_path / "backup" / "checkpoint.npz"
    callbacks = [best, history, *([stopping] if stopping else []),
                 EpochCheckpoint(path, best, history, stopping)]
    model.fit(x, y, validation_data=(x, y), epochs=epochs, batch_size=8, verbose=0,
              callbacks=callbacks)
    return model, best, stopping, path


def test_checkpoint_round_trip_holds_every_variable_and_the_optimizer(trained):
    model, best, path = trained
    saved = read_checkpoint(path)
    assert saved.epochs_done == 3 and len(saved.history_rows) == 3 and not saved.stopped
    assert [row["epoch"] for row in saved.history_rows] == [1, 2, 3]
    assert saved.best_epoch == best.best_epoch and saved.best_value == best.best
    # get_weights() leaves the dropout layer's seed generator out; the checkpoint does not
    assert len(saved.variables) == len(model.variables) == len(model.get_weights()) + 1
    fresh = _model()
    restore(fresh, saved)
    for restored, trained in zip(fresh.variables, saved.variables):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(restored), trained)
    assert int(keras.ops.convert_to_numpy(fresh.optimizer.iterations)) == 12  # 3 epochs x 4 steps
    assert not list(path.parent.glob(".*tmp"))


def test_early_stopping_state_and_the_stop_travel_in_the_checkpoint(tmp_path):
    _, _, stopping, path = _train(tmp_path, epochs=40, patience=1)
    saved = read_checkpoint(path)
    assert saved.early_stopping == stopping.state()
    assert saved.stopped == (stopping.stopped_epoch > 0)
    resumed = ResumableEarlyStopping(monitor="val_loss", patience=1, initial=saved.early_stopping)
    resumed.on_train_begin()
    assert resumed.state() == stopping.state()


def test_no_checkpoint_reads_none(tmp_path):
    assert read_checkpoint(tmp_path / "missing.npz") is None


def _rewrite(path, change):
    """Rewrite the checkpoint's arrays through ``change(arrays)``."""
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    change(arrays)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.write_bytes(buffer.getvalue())


def _garble_member(path):
    """Flip bytes inside the first array's stored data (the zip's CRC catches it)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 200
    data[start:start + 8] = bytes(b ^ 0xFF for b in data[start:start + 8])
    path.write_bytes(bytes(data))


def _set_state(arrays, **fields):
    state = json.loads(bytes(arrays["state"]))
    state.update(fields)
    arrays["state"] = np.frombuffer(json.dumps(state).encode(), dtype=np.uint8)


DAMAGE = {
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
                  "not a complete .npz (zip) archive"),
    "garbage": (lambda p: p.write_bytes(b"\x00not a zip file at all" * 10),
                "not a complete .npz (zip) archive"),
    "empty": (lambda p: p.write_bytes(b""), "not a complete .npz (zip) archive"),
    "bad member": (lambda p: _garble_member(p), "BadZipFile"),
    "missing array": (lambda p: _rewrite(p, lambda a: a.pop("variables_1")),
                      "array 'variables_1' is missing"),
    "wrong shape": (lambda p: _rewrite(p, lambda a: a.update(variables_0=np.zeros((2, 2),
                                                                                  "float32"))),
                    "array 'variables_0' is float32 [2, 2], its record says float32 [3, 2]"),
    "wrong dtype": (lambda p: _rewrite(p, lambda a: a.update(
        variables_0=a["variables_0"].astype("float64"))),
                    "array 'variables_0' is float64 [3, 2], its record says float32 [3, 2]"),
    "no state": (lambda p: _rewrite(p, lambda a: a.pop("state")), "no 'state' array"),
    "state not json": (lambda p: _rewrite(p, lambda a: a.update(
        state=np.frombuffer(b"{oops", dtype=np.uint8))), "state."),
    "state field": (lambda p: _rewrite(p, lambda a: _set_state(a, epochs_done="3")),
                    "state.epochs_done: Input should be a valid integer"),
    "old layout": (lambda p: _rewrite(p, lambda a: _set_state(a, format=1)),
                   "layout version 1, this fourfold reads 2"),
    "history": (lambda p: _rewrite(p, lambda a: a.update(history=a["history"][::-1].copy())),
                "the history does not count epochs 1 to 3"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_checkpoint_is_named_with_the_way_out(checkpoint_path, damage):
    path = checkpoint_path
    spoil, problem = DAMAGE[damage]
    spoil(path)
    with pytest.raises(CheckpointError) as caught:
        read_checkpoint(path)
    message = str(caught.value)
    assert message.startswith(f"The checkpoint {path} is damaged (")
    assert problem in message
    assert message.endswith(f"Delete the folder {path.parent} to train this model again from "
                            "epoch 1, then resume the run again.")
    assert caught.value.exit_code == EXIT_DATA and "Traceback" not in message


def test_a_checkpoint_of_another_model_is_refused_by_name(checkpoint_path):
    path = checkpoint_path
    other = _model(units=4)
    with pytest.raises(CheckpointError) as caught:
        restore(other, read_checkpoint(path))
    assert str(caught.value) == (
        f"The checkpoint {path} does not fit this run's model (model variables: "
        "net/hidden/kernel is float32 [3, 4], the checkpoint has float32 [3, 2]). "
        f"Delete the folder {path.parent} to train this model again from epoch 1, then resume "
        "the run again.")


def test_a_long_library_error_is_cut_short(tmp_path):
    path = tmp_path / "checkpoint.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("state.npy", b"x" * 5000)
    with pytest.raises(CheckpointError) as caught:
        read_checkpoint(path)
    assert len(str(caught.value)) < 600
