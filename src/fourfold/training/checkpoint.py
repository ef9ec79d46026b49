"""Per-epoch checkpoints, so that a killed run resumes from its last completed epoch.

Keras' BackupAndRestore saves the model and optimizer but not fourfold's own
state (the best epoch's weights, the history so far); ``EpochCheckpoint``
writes all of it as one ``.npz`` file, atomically, after every epoch: a kill at
any moment leaves either the previous epoch's checkpoint or this one.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from fourfold.runs.layout import write_atomic
from fourfold.training.callbacks import history_columns


@dataclass
class Checkpoint:
    """What a checkpoint holds: the epochs completed and the state after the last one."""

    epochs_done: int
    weights: list[np.ndarray]
    optimizer: list[np.ndarray]
    best_weights: list[np.ndarray] | None
    best_epoch: int | None
    best_value: float
    history_rows: list[dict]


class EpochCheckpoint(keras.callbacks.Callback):
    """Write a :class:`Checkpoint` to ``path`` at the end of every epoch.

    Put it after :class:`~fourfold.training.callbacks.BestWeights` and
    :class:`~fourfold.training.callbacks.HistoryWriter` in the callback list:
    it saves their state as it stands after the epoch.
    """

    def __init__(self, path: Path, best, history):
        super().__init__()
        self.path = Path(path)
        self.best = best
        self.history = history

    def on_epoch_end(self, epoch, logs=None):
        groups = {"weights": self.model.get_weights(),
                  "optimizer": [keras.ops.convert_to_numpy(v) for v in self.model.optimizer.variables],
                  "best": self.best.best_weights or []}
        columns = history_columns(self.history.rows)
        state = {"epochs_done": epoch + 1, "best_epoch": self.best.best_epoch,
                 "best_value": self.best.best, "history_columns": columns,
                 "groups": {name: [[str(a.dtype), list(a.shape)] for a in arrays]
                            for name, arrays in groups.items()}}
        arrays = {f"{name}_{i}": np.asarray(a) for name, group in groups.items()
                  for i, a in enumerate(group)}
        arrays["history"] = np.array([[row.get(c, np.nan) for c in columns]
                                      for row in self.history.rows], dtype=np.float64)
        arrays["state"] = np.frombuffer(json.dumps(state).encode("utf-8"), dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        write_atomic(self.path, buffer.getvalue(), durable=False)


def read_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint at ``path``, or ``None`` when there is none."""
    if not Path(path).is_file():
        return None
    with np.load(path, allow_pickle=False) as archive:
        state = json.loads(bytes(archive["state"]).decode("utf-8"))

        def group(name: str) -> list[np.ndarray]:
            return [archive[f"{name}_{i}"] for i in range(len(state["groups"][name]))]

        columns = state["history_columns"]
        rows = [{column: (int(value) if column == "epoch" else float(value))
                 for column, value in zip(columns, values)} for values in archive["history"]]
        return Checkpoint(state["epochs_done"], group("weights"), group("optimizer"),
                          group("best") or None, state["best_epoch"], float(state["best_value"]),
                          rows)


def restore(model, checkpoint: Checkpoint) -> None:
    """Put a checkpoint's weights and optimizer state into a compiled ``model``."""
    model.set_weights(checkpoint.weights)
    optimizer = model.optimizer
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    for variable, value in zip(optimizer.variables, checkpoint.optimizer):
        variable.assign(value)
