"""fourfold's own Keras layers, registered so that saved models load back.

Importing this module imports Keras: :func:`fourfold.backend.activate` imports it
right after Keras, so every process that loads a saved model knows these layers.
"""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="fourfold")
class MaxPool2x2(keras.layers.Layer):
    """``MaxPooling2D(2)`` (2x2 windows, stride 2, 'valid') for channels-last images.

    The outputs are bit for bit those of ``keras.layers.MaxPooling2D(2)``, odd sizes
    included (their last row or column is dropped, as 'valid' pooling drops it). The
    point is the gradient on JAX: XLA's CPU backend computes ``MaxPooling2D``'s
    gradient as a select-and-scatter that took about half of a training step of the
    apparel-cnn network (measured on a 2-core AVX2 CPU, see BENCHMARKS.md); here the
    image is reshaped into its 2x2 windows and reduced with a maximum, whose gradient
    fuses with its neighbours. The gradients differ only where a window holds equal
    maxima (split between them here, all to the first in ``MaxPooling2D``); after a
    ReLU such ties are zeros, whose gradient the ReLU stops either way. On other
    backends the layer is ``MaxPooling2D``'s own operation (TensorFlow's is faster
    than the reshape there).
    """

    def call(self, inputs):
        if keras.backend.backend() != "jax":
            return ops.max_pool(inputs, 2, 2, padding="valid", data_format="channels_last")
        _, height, width, channels = inputs.shape
        rows, columns = height // 2, width // 2
        inputs = inputs[:, :2 * rows, :2 * columns, :]
        windows = ops.reshape(inputs, (-1, rows, 2, columns, 2, channels))
        return ops.max(windows, axis=(2, 4))

    def compute_output_shape(self, input_shape):
        rows, columns = input_shape[1], input_shape[2]
        return (input_shape[0], None if rows is None else rows // 2,
                None if columns is None else columns // 2, input_shape[3])
