"""Fit one model (a member of a run) with fourfold's callbacks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from fourfold.distribution import (data_parallel, device_count, device_names, distributed,
                                   unsharded_validation)
from fourfold.errors import RecipeError
from fourfold.evaluation.curves import analyse_history
from fourfold.feeding import fit_arguments
from fourfold.messages import text
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

#: At most this many training steps per compiled call of a fused epoch (:func:`fit_fused`):
#: Ctrl-C and the progress display are served between calls.
FUSED_STEPS = 512

#: Training and validation inputs up to this size are fed to a fused epoch as arrays held by
#: JAX; larger ones go through Keras' own loop, a batch at a time.
FUSED_MAX_BYTES = 256 * 2**20


@dataclass
class FitResult:
    """A fitted model holding its best epoch's weights, and what its history says."""

    model: keras.Model
    history: dict[str, list[float]]
    curve: Curve
    fit_seconds: float
    devices: list[str] | None = None


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

    With ``training.data_parallel`` (:mod:`~fourfold.distribution`) and several devices,
    the model is built and trained under Keras' ``DataParallel``; it predicts afterwards
    on the replicated variables, outside the distribution.

    Raises:
        CheckpointError: the checkpoint is damaged or was written for another model.
        RecipeError: the batch size does not split evenly across the devices.
        KeyboardInterrupt: on Ctrl-C or SIGTERM.
    """
    distribution = data_parallel(recipe.training.data_parallel, recipe.training.batch_size)
    devices = device_count(distribution)
    if recipe.training.batch_size % devices:
        raise RecipeError(text("recipe.batch_per_device", batch_size=recipe.training.batch_size,
                               devices=devices))
    with distributed(distribution):
        fit = _fit(config, recipe, task, data, member_dir, show_progress=show_progress,
                   checkpoint_path=checkpoint_path, distribution=distribution, devices=devices)
    fit.devices = device_names(distribution)
    return fit


def _fit(config: ModelConfig, recipe: Recipe, task: Task, data: PreparedData, member_dir: Path,
         *, show_progress: bool, checkpoint_path: Path | None, distribution,
         devices: int) -> FitResult:
    keras.utils.set_random_seed(recipe.seed)
    model = build_model(config, task, input_shape=data.input_shape, num_outputs=data.num_outputs,
                        side_features=data.side_features, input_scale=data.scaler.model_scale,
                        embedded_levels=data.embedded_levels,
                        output_scale=(task.output_scale(data.y_train)
                                      if recipe.preprocess.scale_target else None))
    saved = read_checkpoint(checkpoint_path) if checkpoint_path else None
    initial_epoch = saved.epochs_done if saved else 0
    arguments = fit_arguments(data, task, batch_size=recipe.training.batch_size,
                              seed=recipe.seed, initial_epoch=initial_epoch,
                              multiple_of=devices)
    compile_model(model, task, recipe.training, steps_per_execution=STEPS_PER_EXECUTION,
                  steps_per_epoch=len(arguments["x"]))
    if saved is not None:
        restore(model, saved)
    # A checkpoint taken as early stopping ended training: only the end of fit is left.
    epochs = initial_epoch if saved and saved.stopped else recipe.training.epochs
    best = BestWeights("val_loss", initial=None if saved is None else (
        saved.best_value, saved.best_epoch, saved.best_weights))
    history = HistoryWriter(member_dir / layout.HISTORY, saved.history_rows if saved else None)
    callbacks = [EpochSeeds(recipe.seed, arguments["x"]), StopOnNaN(), best, history,
                 *unsharded_validation(distribution)]
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
            if distribution is None and fuses(arguments, model):
                fit_fused(model, arguments, epochs=epochs, initial_epoch=initial_epoch,
                          callbacks=callbacks)
            else:
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


def fuses(arguments: dict, model: keras.Model | None = None) -> bool:
    """Whether :func:`fit_fused` can train ``model`` on ``fit_arguments``' output: Keras on
    JAX, a model without convolutions, training batches of in-memory arrays
    (:class:`~fourfold.feeding.ArrayBatches`) with array validation data, all of it at most
    :data:`FUSED_MAX_BYTES`.

    Convolutional models keep Keras' own loop: inside the epoch's ``lax.scan`` XLA's CPU
    backend ran iceberg-cnn's convolutions ~10x slower than step by step (60 s an epoch
    against 4-7 s, measured on 2 cores)."""
    from fourfold.feeding import ArrayBatches

    batches, validation = arguments["x"], arguments.get("validation_data")
    if keras.backend.backend() != "jax" or not isinstance(batches, ArrayBatches):
        return False
    if model is not None and _convolutional(model):
        return False
    if not isinstance(validation, tuple) or len(validation) != 2:
        return False
    arrays = keras.tree.flatten((batches.inputs, batches.targets, validation))
    return (all(isinstance(array, np.ndarray) for array in arrays)
            and sum(array.nbytes for array in arrays) <= FUSED_MAX_BYTES)


def _convolutional(model: keras.Model) -> bool:
    convolutions = (keras.layers.Conv1D, keras.layers.Conv2D, keras.layers.Conv3D)
    return any(isinstance(layer, convolutions) for layer in model._flatten_layers())


def fit_fused(model: keras.Model, arguments: dict, *, epochs: int, initial_epoch: int,
              callbacks: list) -> None:
    """``model.fit(**arguments, ...)`` with each epoch run as one compiled XLA program.

    Keras' JAX loop dispatches every training and validation step from Python,
    converting each batch on the way; here the rows stay with JAX, an epoch's
    batches are gathered inside the program from the epoch's row order (the
    batches' ``order``, set as the epoch begins by
    :class:`~fourfold.training.callbacks.EpochSeeds`, so the batches are the ones
    ``fit`` would train on), the training steps run in a ``lax.scan`` over
    Keras' own stateless ``train_step``, and the validation steps follow in the
    same program. The callbacks see each epoch begin and end, and a batch end
    after every :data:`FUSED_STEPS` steps (where Ctrl-C is honoured), with
    the model's variables up to date.
    """
    import jax

    batches = arguments["x"]
    val_x, val_y = arguments["validation_data"]
    batch_size = batches.batch_size
    model._symbolic_build(data_batch=batches[0])
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    model.reset_metrics()
    # host copies: the state passed to the program is donated to it, these are used again
    fresh_metrics = [np.array(variable.value) for variable in model.metrics_variables]
    train_data = jax.device_put((batches.inputs, batches.targets))
    val_data = jax.device_put((val_x, val_y))
    epoch_program = jax.jit(_epoch_program(model, batch_size), donate_argnums=0)

    callback_list = keras.callbacks.CallbackList(callbacks, add_history=True, model=model,
                                                 verbose=0, epochs=epochs, steps=len(batches))
    model.stop_training = False
    logs = {}
    callback_list.on_train_begin()
    for epoch in range(initial_epoch, epochs):
        callback_list.on_epoch_begin(epoch)
        order = batches.order.astype(np.int32)
        full = len(order) // batch_size
        starts = list(range(0, full, FUSED_STEPS)) or [0]
        for start in starts:
            end = min(start + FUSED_STEPS, full)
            last = start == starts[-1]
            rows = order[start * batch_size:end * batch_size].reshape(-1, batch_size)
            rest = order[full * batch_size:] if last and len(order) > full * batch_size else None
            state = (_values(model.trainable_variables),
                     _values(model.non_trainable_variables),
                     _values(model.optimizer.variables),
                     fresh_metrics if start == 0 else _values(model.metrics_variables))
            state, train_logs, val_logs = epoch_program(
                state, train_data, rows, rest, (val_data, fresh_metrics) if last else None)
            _assign(model, state)
            train_logs = _floats(train_logs)
            callback_list.on_train_batch_end(end - 1 if rest is None else end, train_logs)
        logs = {**train_logs, **{f"val_{key}": value for key, value in _floats(val_logs).items()}}
        callback_list.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    model.optimizer.finalize_variable_values(model.trainable_weights)
    callback_list.on_train_end(logs)


def _epoch_program(model: keras.Model, batch_size: int):
    """The function :func:`fit_fused` compiles: training steps over ``rows`` (one row of
    row numbers per batch) and the partial batch ``rest``, then, with ``validation``,
    the validation batches in order. Returns the new state, the training logs and the
    validation logs (`None` without validation)."""
    import jax

    def gather(data, rows):
        inputs, targets = data
        return jax.tree.map(lambda array: array[rows], inputs), targets[rows]

    def program(state, data, rows, rest, validation):
        def train(state, batch_rows):
            logs, state = model.train_step(state, gather(data, batch_rows))
            return state, logs

        logs = None
        if rows.shape[0]:
            state, logs = jax.lax.scan(train, state, rows)
            logs = jax.tree.map(lambda value: value[-1], logs)
        if rest is not None:
            logs, state = model.train_step(state, gather(data, rest))
        if validation is None:
            return state, logs, None
        (inputs, targets), fresh_metrics = validation
        trainable, non_trainable = state[0], state[1]
        count = len(targets)
        full = count // batch_size

        def split(array):
            return array[:full * batch_size].reshape(full, batch_size, *array.shape[1:])

        def test(test_state, batch):
            val_logs, test_state = model.test_step(test_state, batch)
            return test_state, val_logs

        test_state = (trainable, non_trainable, fresh_metrics)
        val_logs = None
        if full:
            test_state, val_logs = jax.lax.scan(
                test, test_state, (jax.tree.map(split, inputs), split(targets)))
            val_logs = jax.tree.map(lambda value: value[-1], val_logs)
        if count > full * batch_size:
            val_logs, test_state = model.test_step(
                test_state, (jax.tree.map(lambda a: a[full * batch_size:], inputs),
                             targets[full * batch_size:]))
        return (trainable, test_state[1], *state[2:]), logs, val_logs

    return program


def _values(variables) -> list:
    return [variable.value for variable in variables]


def _assign(model: keras.Model, state) -> None:
    """Put a training state (trainable, non-trainable, optimizer and metrics variables'
    values) back into the model's variables."""
    trainable, non_trainable, optimizer, metrics = state
    for variables, values in ((model.trainable_variables, trainable),
                              (model.non_trainable_variables, non_trainable),
                              (model.optimizer.variables, optimizer),
                              (model.metrics_variables, metrics)):
        for variable, value in zip(variables, values):
            variable.assign(value)


def _floats(logs) -> dict[str, float]:
    return {key: float(value) for key, value in (logs or {}).items()}
