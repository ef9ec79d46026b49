"""Fit one model (a member of a run) with fourfold's callbacks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import keras

from fourfold.evaluation.curves import analyse_history
from fourfold.feeding import fit_arguments
from fourfold.models import build_model, compile_model
from fourfold.preprocessing.prepare import PreparedData
from fourfold.recipes.schema import ModelConfig, Recipe
from fourfold.runs import layout
from fourfold.runs.records import Curve
from fourfold.tasks import Task
from fourfold.training.callbacks import (BestWeights, EpochSeeds, HistoryWriter,
                                         ResumableEarlyStopping, StopOnInterrupt, StopOnNaN)
from fourfold.training.checkpoint import EpochCheckpoint, read_checkpoint, restore
from fourfold.training.interrupts import deferring_interrupts
from fourfold.training.progress import EpochProgress

#: Training steps run per compiled call; fewer Python round trips per epoch.
STEPS_PER_EXECUTION = 8


@dataclass
class FitResult:
    """A fitted model holding its best epoch's weights, and what its history says."""

    model: keras.Model
    history: dict[str, list[float]]
    curve: Curve
    fit_seconds: float


def fit_member(config: ModelConfig, recipe: Recipe, task: Task, data: PreparedData,
               member_dir: Path, *, show_progress: bool = True,
               checkpoint_path: Path | None = None) -> FitResult:
    """Build, compile and fit one model; restore the best epoch's weights.

    The seed is set before the model is built, so each member of a run starts
    from the same state whatever was trained before it. With
    ``checkpoint_path``, the state after every epoch is saved there, and a
    checkpoint already there (a killed run) is restored first: training goes
    on from the epoch after the last completed one and ends with the numbers
    the run left alone would have had (:mod:`~fourfold.training.checkpoint`).
    Ctrl-C or SIGTERM while it trains stops at the next batch boundary with
    ``KeyboardInterrupt`` (:mod:`~fourfold.training.interrupts`).

    Raises:
        CheckpointError: the checkpoint is damaged or was written for another model.
        KeyboardInterrupt: on Ctrl-C or SIGTERM.
    """
    keras.utils.set_random_seed(recipe.seed)
    model = build_model(config, task, input_shape=data.input_shape, num_outputs=data.num_outputs,
                        side_features=data.side_features, input_scale=data.scaler.model_scale,
                        embedded_levels=data.embedded_levels,
                        output_scale=(task.output_scale(data.y_train)
                                      if recipe.preprocess.scale_target else None))
    compile_model(model, task, recipe.training, steps_per_execution=STEPS_PER_EXECUTION)
    saved = read_checkpoint(checkpoint_path) if checkpoint_path else None
    if saved is not None:
        restore(model, saved)
    initial_epoch = saved.epochs_done if saved else 0
    # A checkpoint taken as early stopping ended training: only the end of fit is left.
    epochs = initial_epoch if saved and saved.stopped else recipe.training.epochs
    arguments = fit_arguments(data, task, batch_size=recipe.training.batch_size,
                              seed=recipe.seed, initial_epoch=initial_epoch)
    best = BestWeights("val_loss", initial=None if saved is None else (
        saved.best_value, saved.best_epoch, saved.best_weights))
    history = HistoryWriter(member_dir / layout.HISTORY, saved.history_rows if saved else None)
    callbacks = [EpochSeeds(recipe.seed, arguments["x"]), StopOnNaN(), best, history]
    stopping = None
    if recipe.training.early_stopping_patience:
        stopping = ResumableEarlyStopping(monitor="val_loss",
                                          patience=recipe.training.early_stopping_patience,
                                          initial=saved.early_stopping if saved else None)
        callbacks.append(stopping)
    if checkpoint_path:
        callbacks.append(EpochCheckpoint(checkpoint_path, best, history, stopping))
    progress = (EpochProgress(config.name, metrics=task.progress_metrics,
                              epochs=recipe.training.epochs) if show_progress else None)
    callbacks += [progress] if progress else []
    callbacks.append(StopOnInterrupt())
    started = time.perf_counter()
    try:
        with deferring_interrupts():
            model.fit(**arguments, epochs=epochs, initial_epoch=initial_epoch,
                      callbacks=callbacks, verbose=0)
    finally:
        if progress:
            progress.close()  # fit skips on_train_end when it raises: end its stage
    fit_seconds = time.perf_counter() - started
    if saved is not None:  # the epochs before the kill count too
        fit_seconds += sum(row.get("epoch_seconds", 0.0) for row in saved.history_rows)
    logs = _columns(history.rows)
    return FitResult(model, logs, analyse_history(logs), fit_seconds)


def _columns(rows: list[dict]) -> dict[str, list[float]]:
    """History rows as Keras' ``History.history``: a list per log key."""
    keys = [key for key in rows[0] if key not in ("epoch", "epoch_seconds")] if rows else []
    return {key: [row[key] for row in rows] for key in keys}
