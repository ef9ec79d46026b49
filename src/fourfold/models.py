"""Build Keras models from a recipe's model section and a task's rule-table row."""

from __future__ import annotations

from fourfold.errors import RecipeError
from fourfold.messages import text
from fourfold.recipes.schema import ModelConfig, TrainingConfig
from fourfold.tasks import Task


def keras_metric(name: str):
    """A Keras metric for an identifier from a task's ``keras_metrics``."""
    import keras

    if name == "auc":
        return keras.metrics.AUC(name="auc")
    return name


def build_model(config: ModelConfig, task: Task, *, input_shape: tuple[int, ...],
                num_outputs: int, side_features: int = 0, input_scale: float | None = None,
                embedded_levels: list[int] | tuple[int, ...] = (),
                output_scale: tuple[float, float] | None = None):
    """The recipe's network ending in the task's output layer.

    ``kind: dense`` flattens the inputs; ``kind: cnn`` runs convolution blocks
    (``Conv2D`` [+ ``BatchNormalization``] + 2x2 max pooling per filter count)
    and global average pooling. Side features join the flattened or pooled
    features before the hidden Dense layers.

    Args:
        config: the model section of the recipe.
        task: gives the output units and activation.
        input_shape: shape of one input row, e.g. ``(784,)`` or ``(75, 75, 3)``.
        num_outputs: number of classes or labels (1 for regression).
        side_features: width of a second input ``side``. Defaults to `0` (none).
        input_scale: when given, the model takes uint8 inputs and multiplies them
            by this factor itself (a ``Rescaling`` layer): streamed photos then
            cross from NumPy to Keras at a quarter of float32's size. Defaults
            to `None` (float32 inputs, scaled beforehand).
        embedded_levels: the last ``len(embedded_levels)`` input columns are integer
            codes of categorical columns (a table's many-level ones), each fed to an
            ``Embedding`` with that many codes. Defaults to `()` (none).
        output_scale: ``(scale, offset)`` of a fixed ``Rescaling`` after the output
            layer (a standardized regression target back in its units). Defaults
            to `None`.

    Returns:
        An uncompiled ``keras.Model`` whose input is an array, or a dict
        ``{"inputs": ..., "side": ...}`` with side features.
    """
    import keras

    regularizer = keras.regularizers.L2(config.l2) if config.l2 else None
    inputs = keras.Input(shape=input_shape, name="inputs",
                         dtype="float32" if input_scale is None else "uint8")
    features = inputs
    if input_scale is not None:
        features = keras.layers.Rescaling(input_scale, name="rescale")(features)
    if config.augmentation or config.kind == "cnn":
        features = _as_images(features, input_shape, config)
    for name in config.augmentation:
        features = _augmentation_layer(name)(features)
    if config.kind == "cnn":
        features = _convolutions(features, config, regularizer, input_shape)
    elif len(input_shape) > 1:
        features = keras.layers.Flatten(name="flatten")(features)
    if embedded_levels:
        features = _with_embeddings(features, input_shape, embedded_levels)
    model_inputs = inputs
    inputs_flat = features
    if side_features:
        side = keras.Input(shape=(side_features,), name="side")
        features = keras.layers.Concatenate(name="with_side")([features, side])
        model_inputs = {"inputs": inputs, "side": side}
    for index, units in enumerate(config.hidden_units, start=1):
        features = keras.layers.Dense(units, activation=config.activation,
                                      kernel_regularizer=regularizer, name=f"dense_{index}")(features)
        if config.dropout:
            features = keras.layers.Dropout(config.dropout, name=f"dropout_{index}")(features)
    if config.wide and config.hidden_units:
        features = keras.layers.Concatenate(name="wide_and_deep")([features, inputs_flat])
    outputs = keras.layers.Dense(task.output_units(num_outputs), activation=task.activation,
                                 kernel_regularizer=regularizer, name="outputs")(features)
    if output_scale is not None:
        outputs = keras.layers.Rescaling(output_scale[0], offset=output_scale[1],
                                         name="target_units")(outputs)
    return keras.Model(model_inputs, outputs, name=config.name.replace("-", "_"))


def embedding_size(levels: int) -> int:
    """Width of a categorical column's embedding: fastai's rule of thumb
    ``1.6 * levels ** 0.56``, at most 50."""
    return int(min(50, round(1.6 * levels ** 0.56)))


def _with_embeddings(features, input_shape: tuple[int, ...], embedded_levels):
    """The dense columns joined by one learned embedding per trailing code column."""
    import keras

    width = int(input_shape[-1]) - len(embedded_levels)
    parts = [features[:, :width]] if width else []
    for index, levels in enumerate(embedded_levels):
        codes = features[:, width + index]
        parts.append(keras.layers.Embedding(int(levels), embedding_size(int(levels)),
                                            name=f"embedding_{index + 1}")(codes))
    return parts[0] if len(parts) == 1 else keras.layers.Concatenate(name="with_embeddings")(parts)


def _as_images(features, input_shape: tuple[int, ...], config: ModelConfig):
    """Inputs as height x width x channels: grey images gain a channel axis; rows
    (a table's, or flattened images) cannot be flipped or convolved."""
    import keras

    if len(input_shape) == 2:  # grey images without a channel axis
        return keras.layers.Reshape((*input_shape, 1), name="add_channel")(features)
    if len(input_shape) != 3:
        raise RecipeError(text("recipe.needs_images", name=config.name,
                               shape=" x ".join(str(size) for size in input_shape)))
    return features


def _augmentation_layer(name: str):
    """Keras' random layer for a recipe's ``augmentation`` entry (inactive in predict)."""
    import keras

    if name == "horizontal_flip":
        return keras.layers.RandomFlip("horizontal", name="random_flip")
    if name == "translation":
        return keras.layers.RandomTranslation(0.1, 0.1, fill_mode="nearest",
                                              name="random_translation")
    return keras.layers.RandomZoom(0.1, fill_mode="nearest", name="random_zoom")


def _convolutions(features, config: ModelConfig, regularizer, input_shape: tuple[int, ...]):
    """Conv2D [+ BatchNormalization + activation] + 2x2 max pooling per filter count, then
    global pooling. The pooling is :class:`~fourfold.layers.MaxPool2x2`: the outputs of
    ``MaxPooling2D(2)`` with a gradient XLA's CPU backend computes ~2x faster."""
    import keras

    from fourfold.layers import MaxPool2x2

    for index, filters in enumerate(config.filters, start=1):
        features = keras.layers.Conv2D(
            filters, config.kernel_size, strides=config.first_stride if index == 1 else 1,
            padding="same", kernel_regularizer=regularizer,
            activation=None if config.batch_norm else config.activation, name=f"conv_{index}",
        )(features)
        if config.batch_norm:
            features = keras.layers.BatchNormalization(name=f"batch_norm_{index}")(features)
            features = keras.layers.Activation(config.activation, name=f"act_{index}")(features)
        features = MaxPool2x2(name=f"pool_{index}")(features)
    pooling = (keras.layers.GlobalMaxPooling2D if config.global_pooling == "max"
               else keras.layers.GlobalAveragePooling2D)
    return pooling(name="global_pool")(features)


def compile_model(model, task: Task, training: TrainingConfig, *, steps_per_execution: int = 1,
                  steps_per_epoch: int | None = None):
    """Compile ``model`` with the recipe's optimizer and the task's loss and metrics.

    A ``cosine`` learning-rate schedule decays over ``training.epochs`` epochs of
    ``steps_per_epoch`` steps; it needs ``steps_per_epoch``.
    """
    import keras

    optimizer = keras.optimizers.get(training.optimizer)
    if training.learning_rate is not None:
        optimizer.learning_rate = training.learning_rate
    if training.learning_rate_schedule == "cosine":
        if not steps_per_epoch:
            raise ValueError("a cosine learning-rate schedule needs steps_per_epoch")
        start = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
        optimizer = type(optimizer)(learning_rate=keras.optimizers.schedules.CosineDecay(
            start, decay_steps=training.epochs * steps_per_epoch))
    model.compile(
        optimizer=optimizer,
        loss=task.loss,
        metrics=[keras_metric(name) for name in task.keras_metrics],
        steps_per_execution=steps_per_execution,
    )
    return model


#: Largest batch of every prediction, in training and in `predict`, so that the same
#: inputs give bit-for-bit the same outputs in both.
PREDICT_BATCH_SIZE = 1024
#: Float32 bytes one prediction batch may take: large inputs (photos) get smaller batches.
PREDICT_BATCH_BYTES = 16 << 20


def predict_batch_size(input_shape) -> int:
    """Rows per prediction batch for inputs of ``input_shape`` (one row's shape): 1024, or
    the largest power of two (at least 32) keeping a float32 batch within 16 MiB."""
    import math

    features = max(1, math.prod(int(size) for size in input_shape))
    fitting = PREDICT_BATCH_BYTES // (4 * features)
    return int(min(PREDICT_BATCH_SIZE, max(32, 2 ** int(math.log2(max(fitting, 1))))))


def predict_scores(model, x):
    """The model's outputs for ``x`` (an array, a dict of arrays, or a ``PyDataset``
    that batches itself) as a float64 NumPy array."""
    import keras
    import numpy as np

    if isinstance(x, keras.utils.PyDataset):
        return np.asarray(model.predict(x, verbose=0), dtype=np.float64)
    first = x["inputs"] if isinstance(x, dict) else x
    batch_size = predict_batch_size(np.shape(first)[1:])
    return np.asarray(model.predict(x, batch_size=batch_size, verbose=0), dtype=np.float64)
