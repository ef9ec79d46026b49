"""`fourfold run` as a person sees it: through a pseudo-terminal, every stage shows (and the
cursor comes back); through a pipe, plain lines without escape codes; with --quiet, only the
summary; folds trained in parallel show the epochs of the fold trained in the main process and
a run bar that counts the workers' folds; the first stage is drawn before the heavy imports.
Each test is a real run of a small table (a few seconds of training), but the one that feeds
the run's progress fake fits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from fourfold import stages

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("progress_display")]

#: A small table run: one model, three epochs.
_RUN = ["--target", "label", "--epochs", "3", "--set", "compare_with=[]"]

_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")


def _table(folder):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 4))
    frame = pd.DataFrame(x, columns=[f"f{i}" for i in range(4)])
    frame["label"] = np.where(x[:, 0] > x[:, 1], "a", "b")
    frame.to_csv(folder / "table.csv", index=False)
    return folder / "table.csv"


def _command(tmp_path, *extra):
    return [sys.executable, "-m", "fourfold", "run", str(_table(tmp_path)), *_RUN,
            "--out", str(tmp_path / "runs"), *extra]


def _environment(**extra):
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    return {**environment, "COLUMNS": "120", "LINES": "40", **extra}


def _run_in_terminal(argv, timeout=300, until: re.Pattern | None = None) -> tuple[int, bytes]:
    """Run ``argv`` with a pseudo-terminal as its stdin, stdout and stderr; what it wrote
    (``until`` it writes what the pattern matches, then it is killed)."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, env=_environment(TERM="xterm"), stdin=follower,
                               stdout=follower, stderr=follower)
    os.close(follower)
    written = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is gone
                break
            if not chunk:
                break
            written.extend(chunk)
            if until is not None and until.search(written):
                process.kill()
                break
        process.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return process.returncode, bytes(written)


def _counters(shown: str) -> list[tuple[int, int]]:
    return [(int(done), int(total)) for done, total in re.findall(r"(\d[\d,]*)/(\d[\d,]*)",
                                                                  shown.replace(",", ""))]


def test_a_terminal_shows_every_stage_counters_within_totals_and_gets_its_cursor_back(tmp_path):
    code, written = _run_in_terminal(_command(tmp_path))
    shown = written.decode("utf-8", "replace")
    assert code == 0, shown
    plain = _ANSI.sub("", shown)
    for stage in ("Reading the recipe", "Importing the engine (Keras on", "Loading table",
                  "Training dense-64-32, epoch 1/3", "Training dense-64-32, epoch 3/3",
                  "Evaluating dense-64-32", "Writing the report"):
        assert stage in plain, stage
    # the engine import is seconds long, so it leaves a done line with its time; the report may
    # take under a second (then its line is only drawn, not kept), so only its name is asserted
    assert re.search(r"✓ Importing the engine \(Keras on \w+\): \d+\.\d s", plain)
    assert "dense-64-32 epoch 3/3  loss " in plain  # an epoch line, with the task's metrics
    assert "ETA" in plain
    counters = _counters(plain.split("Run complete")[0])
    assert counters and all(done <= total for done, total in counters), counters
    assert written.rfind(b"\x1b[?25h") > written.rfind(b"\x1b[?25l")  # the cursor shown, last
    assert "Run complete: table" in plain


def test_a_pipe_gets_plain_lines_without_escape_codes(tmp_path):
    finished = subprocess.run(_command(tmp_path), capture_output=True, timeout=300,
                              env=_environment(TERM="xterm"))
    out, err = finished.stdout.decode(), finished.stderr.decode()
    assert finished.returncode == 0, err
    assert "\x1b" not in out and "\x1b" not in err
    lines = err.splitlines()
    engine = [line for line in lines if line.startswith("Importing the engine")]
    assert len(engine) == 2 and engine[0].endswith("…")  # begun (a second in), done
    assert re.fullmatch(r"Importing the engine \(Keras on \w+\): \d+\.\d s", engine[1])
    assert [line.split("  ")[0] for line in lines if " epoch " in line] == [
        "dense-64-32 epoch 1/3", "dense-64-32 epoch 2/3", "dense-64-32 epoch 3/3"]
    assert len(lines) <= 25, err  # a few lines a stage, no bar redrawn line after line
    assert "Run complete: table" in out


def test_quiet_prints_only_the_summary(tmp_path):
    finished = subprocess.run(_command(tmp_path, "--quiet"), capture_output=True, timeout=300,
                              env=_environment(TERM="xterm"))
    out, err = finished.stdout.decode(), finished.stderr.decode()
    assert finished.returncode == 0, err
    assert err == ""
    assert out.startswith("Run complete: table") and "\x1b" not in out



def test_a_terminal_shows_the_first_stage_before_the_api_and_numpy_are_imported(tmp_path):
    # -X importtime writes a line to stderr (the terminal here) as each import ends: the
    # first stage must be drawn before the heavy imports, not after them (order, not seconds)
    api_imported = re.compile(rb"\| +fourfold\.api\r?\n")
    _, written = _run_in_terminal([sys.executable, "-X", "importtime", *_command(tmp_path)[1:]],
                                  until=api_imported)
    first_stage = written.find(b"Reading the recipe")
    assert first_stage >= 0, written.decode("utf-8", "replace")[-3000:]
    assert first_stage < api_imported.search(written).start()
    assert first_stage < re.search(rb"\| +numpy\r?\n", written).start()


def test_folds_in_parallel_show_the_epochs_of_the_fold_trained_here_and_the_run_bar(tmp_path):
    code, written = _run_in_terminal(_command(tmp_path, "--kfold", "2", "--jobs", "2"))
    plain = _ANSI.sub("", written.decode("utf-8", "replace"))
    assert code == 0, plain
    # this process trains fold 1 (it takes folds from the front), a worker fold 2
    assert "Training fold 1/2, epoch 1/3" in plain
    assert sorted(set(re.findall(r"fold-1 epoch (\d)/3  loss ", plain))) == ["1", "2", "3"]
    assert "Fold 1 done: test " in plain and "Fold 2 done: test " in plain
    counters = _counters(plain.split("Run complete")[0])
    assert counters and all(done <= total for done, total in counters), counters
    assert "Run complete: table" in plain


class _Shown(stages.Display):
    """Records what the display would show: (label, completed, total) and the lines."""

    def __init__(self):
        super().__init__()
        self.updates, self.lines = [], []

    def line(self, message):
        self.lines.append(message)

    def _draw(self, stage, detail):
        self.updates.append((stage.label, stage.completed, stage.total))


def _fake_fit(callback, epochs: int, after_epoch=lambda epoch: None) -> None:
    """Feed ``callback`` what a fit of ``epochs`` epochs of 2 steps would."""
    callback.set_params({"epochs": epochs, "steps": 2})
    callback.on_train_begin()
    for epoch in range(epochs):
        callback.on_epoch_begin(epoch)
        callback.on_train_batch_end(1, {"loss": 0.5})
        callback.on_epoch_end(epoch, {"loss": 0.5, "val_loss": 1.0 / (epoch + 1)})
        after_epoch(epoch + 1)
    callback.on_train_end()


def test_a_fold_here_and_folds_in_workers_count_each_epoch_once():
    """Three folds of 4 epochs, two in workers: fold 3 ends (after 2 epochs, early stopping)
    while this process trains fold 1, whose own report then follows; fold 2 ends last."""
    from fourfold.training.progress import EpochProgress, RunProgress

    shown = _Shown()
    with stages.showing(shown), RunProgress(3, 4, folds=3) as run:
        worker_reports = iter([lambda: run.fold_done(2)])
        with run.polling(lambda: next(worker_reports, lambda: None)()):
            run.fold_next(1)
            _fake_fit(EpochProgress("fold-1", epochs=4), 4)
        assert shown.updates[-1] == ("Training fold 1/3, epoch 4/4", 6, 10)
        run.fold_done(4)  # fold 1's own report: counted already
        assert shown.updates[-1] == ("Training folds: 2 of 3 done", 6, 10)
        run.fold_done(4)  # fold 2, from a worker
        assert shown.updates[-1] == ("Training folds: 3 of 3 done", 10, 10)
    assert all(completed <= total for _, completed, total in shown.updates), shown.updates
    assert [line.split("  ")[0] for line in shown.lines] == [
        f"fold-1 epoch {epoch}/4" for epoch in range(1, 5)]
    labels = [label for label, *_ in shown.updates if ", epoch " in label]
    assert labels and all(label.startswith("Training fold 1/3") for label in labels)
