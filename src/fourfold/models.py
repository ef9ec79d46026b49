"""Build Keras models from a recipe's model section and a task's rule-table row."""

from __future__ import annotations

from fourfold.recipes.schema import ModelConfig, TrainingConfig
from fourfold.tasks import Task


def keras_metric(name: str):
    """A Keras metric for an identifier from a task's ``keras_metrics``."""
    import keras

    if name == "auc":
        return keras.metrics.AUC(name="auc")
    return name


def build_model(config: ModelConfig, task: Task, *, input_shape: tuple[int, ...],
                num_outputs: int):
    """A Dense network: inputs, hidden layers (with optional dropout), the task's output layer.

    Args:
        config: hidden units, activation and dropout.
        task: gives the output units and activation.
        input_shape: shape of one input row, e.g. ``(784,)``.
        num_outputs: number of classes or labels (1 for regression).

    Returns:
        An uncompiled ``keras.Model``.
    """
    import keras

    layers = [keras.Input(shape=input_shape, name="inputs")]
    if len(input_shape) > 1:
        layers.append(keras.layers.Flatten(name="flatten"))
    for index, units in enumerate(config.hidden_units, start=1):
        layers.append(keras.layers.Dense(units, activation=config.activation, name=f"dense_{index}"))
        if config.dropout:
            layers.append(keras.layers.Dropout(config.dropout, name=f"dropout_{index}"))
    layers.append(keras.layers.Dense(task.output_units(num_outputs), activation=task.activation,
                                     name="outputs"))
    return keras.Sequential(layers, name=config.name.replace("-", "_"))


def compile_model(model, task: Task, training: TrainingConfig, *, steps_per_execution: int = 1):
    """Compile ``model`` with the recipe's optimizer and the task's loss and metrics."""
    import keras

    optimizer = keras.optimizers.get(training.optimizer)
    if training.learning_rate is not None:
        optimizer.learning_rate = training.learning_rate
    model.compile(
        optimizer=optimizer,
        loss=task.loss,
        metrics=[keras_metric(name) for name in task.keras_metrics],
        steps_per_execution=steps_per_execution,
    )
    return model


#: Batch size of every prediction, in training and in `predict`, so that the same
#: inputs give bit-for-bit the same outputs in both.
PREDICT_BATCH_SIZE = 1024


def predict_scores(model, x):
    """The model's outputs for ``x`` as a float64 NumPy array."""
    import numpy as np

    return np.asarray(model.predict(x, batch_size=PREDICT_BATCH_SIZE, verbose=0), dtype=np.float64)
