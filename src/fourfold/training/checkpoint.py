"""Per-epoch checkpoints, so that a killed run resumes as if it had never stopped.

Keras' BackupAndRestore saves the model and optimizer but not fourfold's own
state; ``EpochCheckpoint`` writes, after every epoch, all that the epochs still to
come depend on: every model variable (the weights, and the seed generators'
states that drive dropout and augmentation, which ``get_weights`` leaves out), the
optimizer's variables (its step count too), the best epoch's weights, value and
number, early stopping's count, and the history so far. What is left (the order
of the batches, the global random state) is a function of the seed and the epoch
(:class:`~fourfold.training.callbacks.EpochSeeds`). The file is one ``.npz``,
written atomically: a kill at any moment leaves the previous epoch's checkpoint
or this one, never half of one.

Reading validates everything before anything is used: a damaged file, or one
written for another model, is a :class:`CheckpointError` (exit 3) that names the
file and the way out, never a NumPy or zip traceback.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
import pydantic

from fourfold.errors import DataError
from fourfold.messages import text
from fourfold.runs.layout import write_atomic
from fourfold.training.callbacks import history_columns

#: Version of the checkpoint's layout; a checkpoint of another version is refused.
FORMAT = 2

#: The groups of arrays a checkpoint holds, each saved as ``<group>_<i>``.
GROUPS = ("variables", "optimizer", "best")

#: At most this many characters of a library's error text go into a message.
_PROBLEM_CHARS = 200


class CheckpointError(DataError):
    """A checkpoint that cannot be used: damaged, or written for another model. Exit code 3."""


class CheckpointState(pydantic.BaseModel):
    """The JSON part of a checkpoint (the ``state`` array), checked field by field."""

    model_config = pydantic.ConfigDict(extra="forbid", strict=True, ser_json_inf_nan="constants")

    format: int
    epochs_done: int = pydantic.Field(ge=1)
    stopped: bool
    best_epoch: int | None = pydantic.Field(ge=1)
    best_value: float
    early_stopping: dict | None
    history_columns: list[str]
    groups: dict[str, list[tuple[str, list[int]]]]


@dataclass
class Checkpoint:
    """What a checkpoint holds: the epochs completed and the state after the last one.

    Attributes:
        epochs_done: epochs completed (1-based count).
        stopped: whether early stopping ended training after the last of them.
        variables: every model variable, in ``model.variables`` order.
        optimizer: the optimizer's variables, in ``optimizer.variables`` order.
        best_weights: the best epoch's weights (``get_weights`` order), or `None`.
        best_epoch: the best epoch (1-based), or `None`.
        best_value: the best epoch's monitored value (``inf`` before any).
        early_stopping: ``ResumableEarlyStopping.state()``, or `None` without it.
        history_rows: one dict per completed epoch, as ``HistoryWriter`` keeps them.
        path: the file it was read from, for messages. Defaults to `None`.
    """

    epochs_done: int
    stopped: bool
    variables: list[np.ndarray]
    optimizer: list[np.ndarray]
    best_weights: list[np.ndarray] | None
    best_epoch: int | None
    best_value: float
    early_stopping: dict | None
    history_rows: list[dict]
    path: Path | None = None


class EpochCheckpoint(keras.callbacks.Callback):
    """Write a :class:`Checkpoint` to ``path`` at the end of every epoch.

    Put it after :class:`~fourfold.training.callbacks.BestWeights`,
    :class:`~fourfold.training.callbacks.HistoryWriter` and early stopping in the
    callback list: it saves their state as it stands after the epoch.

    Args:
        path: the ``.npz`` file to (re)write.
        best: the run's ``BestWeights``.
        history: the run's ``HistoryWriter``.
        early_stopping: the run's ``ResumableEarlyStopping``, if any. Defaults to `None`.
    """

    def __init__(self, path: Path, best, history, early_stopping=None):
        super().__init__()
        self.path = Path(path)
        self.best = best
        self.history = history
        self.early_stopping = early_stopping

    def on_epoch_end(self, epoch, logs=None):
        groups = {"variables": [keras.ops.convert_to_numpy(v) for v in self.model.variables],
                  "optimizer": [keras.ops.convert_to_numpy(v)
                                for v in self.model.optimizer.variables],
                  "best": self.best.best_weights or []}
        columns = history_columns(self.history.rows)
        state = CheckpointState(
            format=FORMAT, epochs_done=epoch + 1, stopped=bool(self.model.stop_training),
            best_epoch=self.best.best_epoch, best_value=float(self.best.best),
            early_stopping=self.early_stopping.state() if self.early_stopping else None,
            history_columns=columns,
            groups={name: [(str(np.asarray(a).dtype), list(np.shape(a))) for a in arrays]
                    for name, arrays in groups.items()})
        arrays = {f"{name}_{i}": np.asarray(a) for name, group in groups.items()
                  for i, a in enumerate(group)}
        arrays["history"] = np.array([[row.get(c, np.nan) for c in columns]
                                      for row in self.history.rows], dtype=np.float64)
        arrays["state"] = np.frombuffer(state.model_dump_json().encode("utf-8"), dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        write_atomic(self.path, buffer.getvalue(), durable=False)


def read_checkpoint(path: Path) -> Checkpoint | None:
    """The checkpoint at ``path``, or ``None`` when there is none.

    Raises:
        CheckpointError: the file is truncated or garbled, an array is missing or
            has another shape or dtype than its record says, or the record itself
            is not a checkpoint's.
    """
    path = Path(path)
    if not path.is_file():
        return None
    if not zipfile.is_zipfile(path):  # np.load would try it as pickled data and say so
        raise _damaged(path, "not a complete .npz (zip) archive")
    try:
        with np.load(path, allow_pickle=False) as archive:
            checkpoint = _checkpoint(archive)
    except CheckpointError as error:
        raise _damaged(path, str(error)) from None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error,
            UnicodeDecodeError) as error:
        raise _damaged(path, _problem(error)) from None
    checkpoint.path = path
    return checkpoint


def _checkpoint(archive) -> Checkpoint:
    """A :class:`Checkpoint` from an open ``.npz``; its problems as ``CheckpointError``."""
    if "state" not in archive.files:
        raise CheckpointError("no 'state' array")
    try:
        state = CheckpointState.model_validate_json(bytes(archive["state"]))
    except pydantic.ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise CheckpointError(f"state.{where}: {problem['msg']}") from None
    if state.format != FORMAT:
        raise CheckpointError(f"layout version {state.format}, this fourfold reads {FORMAT}")
    if sorted(state.groups) != sorted(GROUPS):
        raise CheckpointError(f"array groups {sorted(state.groups)}, expected {sorted(GROUPS)}")
    groups = {name: [_array(archive, f"{name}_{i}", dtype, shape)
                     for i, (dtype, shape) in enumerate(state.groups[name])] for name in GROUPS}
    columns = state.history_columns
    history = _array(archive, "history", "float64", [state.epochs_done, len(columns)])
    if "epoch" not in columns or list(history[:, columns.index("epoch")]) != list(
            range(1, state.epochs_done + 1)):
        raise CheckpointError(f"the history does not count epochs 1 to {state.epochs_done}")
    if state.best_epoch is not None and state.best_epoch > state.epochs_done:
        raise CheckpointError(f"best epoch {state.best_epoch} after the last epoch "
                              f"{state.epochs_done}")
    rows = [{column: (int(value) if column == "epoch" else float(value))
             for column, value in zip(columns, values)} for values in history]
    return Checkpoint(state.epochs_done, state.stopped, groups["variables"], groups["optimizer"],
                      groups["best"] or None, state.best_epoch, state.best_value,
                      state.early_stopping, rows)


def _array(archive, name: str, dtype: str, shape: list[int]) -> np.ndarray:
    """Array ``name`` of the archive, which must have ``dtype`` and ``shape``."""
    if name not in archive.files:
        raise CheckpointError(f"array '{name}' is missing")
    array = archive[name]
    if str(array.dtype) != dtype or list(array.shape) != list(shape):
        raise CheckpointError(f"array '{name}' is {array.dtype} {list(array.shape)}, "
                              f"its record says {dtype} {list(shape)}")
    return array


def restore(model, checkpoint: Checkpoint) -> None:
    """Put a checkpoint's variables and optimizer state into a compiled ``model``.

    Args:
        model: the freshly built, compiled model of the same recipe.
        checkpoint: what :func:`read_checkpoint` read.

    Raises:
        CheckpointError: the checkpoint's arrays do not fit the model's variables.
    """
    optimizer = model.optimizer
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    for name, variables, values in (
            ("model variables", model.variables, checkpoint.variables),
            ("optimizer variables", optimizer.variables, checkpoint.optimizer),
            ("best weights", model.weights, checkpoint.best_weights)):
        problem = None if values is None else _misfit(variables, values)
        if problem:
            raise _damaged(Path(checkpoint.path or "checkpoint.npz"), f"{name}: {problem}",
                           key="resume.checkpoint_mismatch")
    for variable, value in zip(model.variables, checkpoint.variables):
        variable.assign(value)
    for variable, value in zip(optimizer.variables, checkpoint.optimizer):
        variable.assign(value)


def _misfit(variables, values) -> str | None:
    """Why ``values`` cannot be assigned to ``variables`` one by one, or `None`."""
    if len(variables) != len(values):
        return f"{len(values)} arrays for {len(variables)} variables"
    for variable, value in zip(variables, values):
        shape, dtype = tuple(variable.shape), keras.backend.standardize_dtype(variable.dtype)
        if tuple(np.shape(value)) != shape or str(np.asarray(value).dtype) != dtype:
            return (f"{variable.path} is {dtype} {list(shape)}, the checkpoint has "
                    f"{np.asarray(value).dtype} {list(np.shape(value))}")
    return None


def _damaged(path: Path, problem: str, *, key: str = "resume.checkpoint_damaged"
             ) -> CheckpointError:
    return CheckpointError(text(key, path=path, folder=path.parent,
                                problem=problem[:_PROBLEM_CHARS]))


def _problem(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_PROBLEM_CHARS]
