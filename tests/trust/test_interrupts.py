"""Ctrl-C and SIGTERM: the request is honoured at a batch boundary (never swallowed), a second
Ctrl-C aborts at once, the handlers are put back, and a real run ends with exit 130, status
``interrupted``, one line with the resume command, and resumes to completion."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from fourfold.runs import status as run_status
from fourfold.training import interrupts

pytestmark = pytest.mark.xdist_group("trust")


def test_the_first_signal_during_fit_is_only_recorded_and_the_callback_raises():
    keras = pytest.importorskip("keras")
    from fourfold.training.callbacks import StopOnInterrupt

    callback = StopOnInterrupt()
    callback.set_model(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]))
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        with interrupts.deferring_interrupts():
            callback.on_train_batch_end(0, {"loss": 1.0})  # nothing asked yet: goes on
            os.kill(os.getpid(), signal.SIGINT)  # handled at once, in this main thread
            assert interrupts.requested()
            with pytest.raises(KeyboardInterrupt):
                callback.on_train_batch_end(1, {"loss": 1.0})
            raise KeyboardInterrupt  # as fit would let it out
    assert signal.getsignal(signal.SIGINT) is before


def test_a_request_swallowed_inside_the_block_is_raised_when_it_ends():
    with pytest.raises(KeyboardInterrupt):
        with interrupts.deferring_interrupts():
            os.kill(os.getpid(), signal.SIGTERM)  # recorded; no boundary reached before the end
    assert interrupts.requested()


def test_a_second_signal_aborts_at_once_and_handlers_come_back():
    previous_int, previous_term = (signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM))
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts.deferring_interrupts():
            os.kill(os.getpid(), signal.SIGINT)
            reached.append("after the first")
            os.kill(os.getpid(), signal.SIGINT)
            reached.append("after the second")
    assert reached == ["after the first"]
    assert signal.getsignal(signal.SIGINT) is previous_int
    assert signal.getsignal(signal.SIGTERM) is previous_term


def test_outside_fit_a_signal_raises_at_once_and_sigterm_counts_as_ctrl_c():
    before = signal.getsignal(signal.SIGTERM)
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts.catching_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            reached.append("after the signal")
    assert reached == [] and signal.getsignal(signal.SIGTERM) is before


def test_ctrl_c_swallowed_by_a_library_still_stops_fit_before_the_next_batch(tmp_path):
    """The JAX case: the signal lands in code that catches KeyboardInterrupt. Deferred, there
    is nothing to swallow; fit stops at the next batch, and the cut-short epoch is not
    checkpointed."""
    keras = pytest.importorskip("keras")
    import numpy as np

    from fourfold.training.callbacks import BestWeights, HistoryWriter, StopOnInterrupt
    from fourfold.training.checkpoint import EpochCheckpoint, read_checkpoint

    class SwallowingLibrary(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if self.params and batch == 2 and self.epoch == 1:
                try:
                    os.kill(os.getpid(), signal.SIGINT)
                except KeyboardInterrupt:  # what a library's C++ bridge may do
                    pass

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((64, 2), "float32")
    best, history = BestWeights(), HistoryWriter(tmp_path / "history.csv")
    path = tmp_path / "checkpoint.npz"
    batches_seen = []
    counter = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batches_seen.append(batch))
    with pytest.raises(KeyboardInterrupt):
        with interrupts.deferring_interrupts():
            model.fit(x, x[:, :1], validation_data=(x, x[:, :1]), batch_size=8, epochs=5,
                      verbose=0, callbacks=[SwallowingLibrary(), counter, best, history,
                                            EpochCheckpoint(path, best, history),
                                            StopOnInterrupt()])
    assert read_checkpoint(path).epochs_done == 1  # epoch 2 was cut short: not recorded
    assert batches_seen[8:] == [0, 1, 2]  # epoch 2 stopped right after the signal


def _table(folder):
    import numpy as np
    import pandas as pd

    x = np.random.default_rng(0).normal(size=(3000, 6))
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(6)])
    frame["label"] = np.where(x[:, 0] > x[:, 1], "a", "b")
    frame.to_csv(folder / "table.csv", index=False)
    return folder / "table.csv"


#: A run long enough to be interrupted, short enough to resume in seconds.
_RUN = ["--target", "label", "--epochs", "60", "--set", "compare_with=[]",
        "--set", "training.early_stopping_patience=null"]


def _start_run(folder, out, **popen):
    return subprocess.Popen(
        [sys.executable, "-m", "fourfold", "run", str(_table(folder)), *_RUN, "--out", str(out)],
        env={**os.environ, "COLUMNS": "200", **popen.pop("env", {})},
        **({"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | popen))


def _wait_for_training(out, process, timeout=180):
    """The run folder once its first epoch's checkpoint is written (training is under way)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1].decode()
        found = list(out.glob("*/backup/checkpoint.npz"))
        if found:
            return found[0].parents[1]
        time.sleep(0.02)
    raise AssertionError("training never started")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_real_interrupt_exits_130_interrupted_with_the_resume_line(tmp_path, signum, capsys):
    from fourfold.cli import main

    out = tmp_path / "runs"
    process = _start_run(tmp_path, out)
    run_dir = _wait_for_training(out, process)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    err = stderr.decode()
    assert process.returncode == 130, err
    assert run_status.read_status(run_dir) == run_status.INTERRUPTED
    resume_line = f"Continue it with: fourfold run --resume {run_dir}"
    assert [line for line in err.splitlines() if resume_line in line] == [
        f"Interrupted: {run_dir} is marked interrupted. {resume_line}"]
    assert "Traceback" not in err and "Aborted" not in err
    assert not (run_dir / "metrics.json").exists()
    assert main(["run", "--resume", str(run_dir), "--quiet"]) == 0, capsys.readouterr().err
    assert run_status.read_status(run_dir) == run_status.COMPLETE


@pytest.mark.slow
def test_an_interrupt_restores_the_terminal_cursor(tmp_path):
    """With a terminal, rich hides the cursor while the bar draws; Ctrl-C must show it again."""
    import pty

    out = tmp_path / "runs"
    leader, follower = pty.openpty()
    process = _start_run(tmp_path, out, env={"TERM": "xterm"}, stdin=follower,
                         stdout=follower, stderr=follower)
    os.close(follower)
    written = bytearray()
    os.set_blocking(leader, False)

    def read() -> None:
        try:
            while chunk := os.read(leader, 65536):
                written.extend(chunk)
        except (BlockingIOError, OSError):
            pass

    try:
        deadline = time.monotonic() + 180
        while b"\x1b[?25l" not in written:  # the cursor hidden: the bar is drawing
            assert process.poll() is None and time.monotonic() < deadline
            read()
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        while process.poll() is None and time.monotonic() < deadline + 60:
            read()
            time.sleep(0.05)
        read()
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert process.returncode == 130
    assert written.rfind(b"\x1b[?25h") > written.rfind(b"\x1b[?25l")  # shown again, last


def test_ctrl_c_before_a_run_folder_exists_is_exit_130_and_says_so(monkeypatch, capsys):
    """Ctrl-C while the recipe is read (no run folder yet): exit 130 and one line, not
    click's "Aborted!" nor a silent exit."""
    from fourfold import autorecipe
    from fourfold.cli import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(autorecipe, "own_data_recipe", interrupted)
    assert main(["run", "mnist"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "Interrupted." and "Aborted" not in err
