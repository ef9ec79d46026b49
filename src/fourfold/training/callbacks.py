"""Callbacks fourfold adds to every fit.

Keras' EarlyStopping restores the best weights only when it stops training
early, and ModelCheckpoint writes to disk on each improvement; ``BestWeights``
keeps the best epoch's weights in memory and always restores them at the end.
``HistoryWriter`` rewrites ``history.csv`` atomically after each epoch with
1-based epochs and epoch times (Keras' CSVLogger appends, 0-based, untimed).
``EpochSeeds`` makes everything random in an epoch a function of the seed and the
epoch, ``ResumableEarlyStopping`` carries its count across a resume, and
``StopOnInterrupt`` turns Ctrl-C into a stop at the next batch boundary.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import keras

import numpy as np

from fourfold.errors import TrainingError
from fourfold.messages import text
from fourfold.runs.layout import write_atomic
from fourfold.training import interrupts


class BestWeights(keras.callbacks.Callback):
    """Keep the weights of the epoch with the lowest ``monitor``; restore them at the end.

    Args:
        monitor: the log key to minimise. Defaults to `"val_loss"`.
        initial: ``(best value, best epoch, best weights)`` from before a
            resume. Defaults to `None`.
    """

    def __init__(self, monitor: str = "val_loss", *, initial: tuple | None = None):
        super().__init__()
        self.monitor = monitor
        self.initial = initial

    def on_train_begin(self, logs=None):
        # ``initial`` = (best value, best epoch, best weights) carried over by a resume.
        self.best, self.best_epoch, self.best_weights = self.initial or (math.inf, None, None)

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is None:
            raise KeyError(f"BestWeights monitors '{self.monitor}', but the logs have "
                           f"{sorted(logs or {})}.")
        if value < self.best:
            self.best, self.best_epoch = float(value), epoch + 1
            self.best_weights = self.model.get_weights()

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class HistoryWriter(keras.callbacks.Callback):
    """Collect the history and keep ``path`` up to date while training.

    The file is rewritten at most every ``interval`` seconds and at the end of
    training (a 300-epoch run on a small table would otherwise spend seconds
    rewriting it); resuming reads the rows from the checkpoint, not the file.

    Args:
        path: the CSV file to (re)write.
        initial_rows: rows of epochs completed before a resume. Defaults to `None`.
        interval: least seconds between two writes. Defaults to `1.0`.
    """

    def __init__(self, path: Path, initial_rows: list[dict] | None = None,
                 interval: float = 1.0):
        super().__init__()
        self.path = Path(path)
        self.initial_rows = list(initial_rows or [])
        self.interval = interval

    def on_train_begin(self, logs=None):
        self.rows = list(self.initial_rows)
        self._written = -float("inf")

    def on_epoch_begin(self, epoch, logs=None):
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        row = {"epoch": epoch + 1, **{key: float(value) for key, value in (logs or {}).items()}}
        row["epoch_seconds"] = time.perf_counter() - self._started
        self.rows.append(row)
        if time.perf_counter() - self._written >= self.interval:
            self._write()

    def on_train_end(self, logs=None):
        self._write()

    def _write(self):
        write_atomic(self.path, rows_to_csv(self.rows), durable=False)
        self._written = time.perf_counter()


def history_columns(rows: list[dict]) -> list[str]:
    """The keys of history rows, in first-seen order."""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    return columns


def rows_to_csv(rows: list[dict]) -> str:
    """History rows as CSV text, columns in first-seen order, floats in full precision."""
    columns = history_columns(rows)
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(repr(row[key]) if key in row else "" for key in columns))
    return "\n".join(lines) + "\n"


class StopOnNaN(keras.callbacks.Callback):
    """End training with a :class:`TrainingError` when the loss is NaN or infinite.

    The loss is checked after every epoch, and within an epoch at most every
    ``interval`` seconds: reading it forces the device to finish its queued
    steps, which on small data would cost more than the steps themselves.

    Args:
        interval: least seconds between two checks within an epoch. Defaults to `1.0`.
    """

    def __init__(self, interval: float = 1.0):
        super().__init__()
        self.interval = interval

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        if now - self._checked >= self.interval:
            self._checked = now
            self._check(logs, self._epoch)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch + 1
        self._checked = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self._check(logs, epoch + 1)

    def _check(self, logs, epoch):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            self.model.stop_training = True
            raise TrainingError(text("run.nan_loss", epoch=epoch, value=float(loss)))


class EpochSeeds(keras.callbacks.Callback):
    """Make epoch ``e``'s randomness a function of ``(seed, e)`` alone.

    As each epoch begins, the training batches get that epoch's order, and
    Python's, NumPy's and Keras' global random states are seeded from the pair, so
    a run resumed at epoch ``e`` draws what the run left alone drew there. (The
    layers' own seed generators, for dropout and augmentation, are model state and
    travel in the checkpoint.)

    Args:
        seed: the recipe's seed.
        batches: the training batches; their ``set_epoch`` is called, if they have one.
    """

    def __init__(self, seed: int, batches=None):
        super().__init__()
        self.seed = int(seed)
        self.batches = batches

    def on_epoch_begin(self, epoch, logs=None):
        if hasattr(self.batches, "set_epoch"):
            self.batches.set_epoch(epoch)
        keras.utils.set_random_seed(epoch_seed(self.seed, epoch))


def epoch_seed(seed: int, epoch: int) -> int:
    """A 31-bit seed for epoch ``epoch`` of a run seeded with ``seed``."""
    return int(np.random.SeedSequence([int(seed), int(epoch)]).generate_state(1)[0] >> 1)


class ResumableEarlyStopping(keras.callbacks.EarlyStopping):
    """Keras' ``EarlyStopping`` whose count of epochs without improvement survives a resume.

    Args:
        initial: :meth:`state` as saved after the last completed epoch. Defaults to `None`.
        **kwargs: Keras' ``EarlyStopping`` arguments.
    """

    def __init__(self, *, initial: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.initial = initial

    def on_train_begin(self, logs=None):
        super().on_train_begin(logs)
        if self.initial:
            self.wait = int(self.initial["wait"])
            self.best = self.initial["best"]
            self.best_epoch = int(self.initial["best_epoch"])
            self.stopped_epoch = int(self.initial["stopped_epoch"])

    def state(self) -> dict:
        """``wait``, ``best``, ``best_epoch`` and ``stopped_epoch``, as JSON values."""
        return {"wait": int(self.wait), "best": None if self.best is None else float(self.best),
                "best_epoch": int(self.best_epoch), "stopped_epoch": int(self.stopped_epoch)}


class StopOnInterrupt(keras.callbacks.Callback):
    """Raise ``KeyboardInterrupt`` at the first batch or epoch boundary after Ctrl-C (or
    SIGTERM) was recorded by :func:`~fourfold.training.interrupts.deferring_interrupts`.

    Raising here, from Keras' own Python loop, cannot be swallowed the way an
    exception raised inside a library's callback can. Put it last: an epoch that
    ended is still checkpointed before the interrupt; one cut short is not.
    """

    def on_train_batch_end(self, batch, logs=None):
        interrupts.raise_if_requested()

    def on_test_batch_end(self, batch, logs=None):
        interrupts.raise_if_requested()

    def on_epoch_begin(self, epoch, logs=None):
        interrupts.raise_if_requested()

    def on_epoch_end(self, epoch, logs=None):
        interrupts.raise_if_requested()
