"""Fit one model (a member of a run) with fourfold's callbacks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import keras

from fourfold.evaluation.curves import CurveSummary, analyse_history
from fourfold.models import build_model, compile_model
from fourfold.preprocessing.prepare import PreparedData
from fourfold.recipes.schema import ModelConfig, Recipe
from fourfold.runs import layout
from fourfold.tasks import Task
from fourfold.training.callbacks import BestWeights, HistoryWriter, StopOnNaN
from fourfold.training.progress import RichProgress

#: Training steps run per compiled call; fewer Python round trips per epoch.
STEPS_PER_EXECUTION = 8


@dataclass
class FitResult:
    """A fitted model holding its best epoch's weights, and what its history says."""

    model: keras.Model
    history: dict[str, list[float]]
    curve: CurveSummary
    fit_seconds: float


def fit_member(config: ModelConfig, recipe: Recipe, task: Task, data: PreparedData,
               member_dir: Path, *, show_progress: bool = True) -> FitResult:
    """Build, compile and fit one model; restore the best epoch's weights.

    The seed is set before the model is built, so each member of a run starts
    from the same state whatever was trained before it.
    """
    keras.utils.set_random_seed(recipe.seed)
    model = build_model(config, task, input_shape=data.input_shape, num_outputs=data.num_outputs)
    compile_model(model, task, recipe.training, steps_per_execution=STEPS_PER_EXECUTION)
    best = BestWeights("val_loss")
    callbacks = [StopOnNaN(), best, HistoryWriter(member_dir / layout.HISTORY)]
    if recipe.training.early_stopping_patience:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=recipe.training.early_stopping_patience))
    if show_progress:
        callbacks.append(RichProgress(config.name))
    started = time.perf_counter()
    history = model.fit(
        data.x_train, task.encode(data.y_train, data.num_outputs),
        validation_data=(data.x_validation, task.encode(data.y_validation, data.num_outputs)),
        epochs=recipe.training.epochs,
        batch_size=recipe.training.batch_size,
        callbacks=callbacks,
        verbose=0,
    )
    fit_seconds = time.perf_counter() - started
    return FitResult(model, history.history, analyse_history(history.history), fit_seconds)
