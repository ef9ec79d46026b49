"""fourfold's own Keras layers, registered so that saved models load back.

Importing this module imports Keras: :func:`fourfold.backend.activate` imports it
right after Keras, so every process that loads a saved model knows these layers.
"""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="fourfold")
class MaxPool2x2(keras.layers.Layer):
    """``MaxPooling2D(2)`` (2x2 windows, stride 2, 'valid') for channels-last images,
    computed as the maximum of four strided slices.

    The outputs are bit for bit those of ``keras.layers.MaxPooling2D(2)``, odd sizes
    included (their last row or column is dropped, as 'valid' pooling drops it). The
    point is the gradient: on XLA's CPU backend ``MaxPooling2D``'s gradient is a
    select-and-scatter that took ~2/3 of a training step of the apparel-cnn network
    (measured on a 2-core AVX2 CPU, see BENCHMARKS.md), while the gradient of
    elementwise maxima fuses with its neighbours. The gradients differ only where a
    window holds equal maxima (split between them here, all to the first in
    ``MaxPooling2D``); after a ReLU such ties are zeros, whose gradient the ReLU
    stops either way.
    """

    def call(self, inputs):
        height, width = inputs.shape[1], inputs.shape[2]
        inputs = inputs[:, :height - height % 2, :width - width % 2, :]
        top = ops.maximum(inputs[:, 0::2, 0::2, :], inputs[:, 0::2, 1::2, :])
        bottom = ops.maximum(inputs[:, 1::2, 0::2, :], inputs[:, 1::2, 1::2, :])
        return ops.maximum(top, bottom)

    def compute_output_shape(self, input_shape):
        rows, columns = input_shape[1], input_shape[2]
        return (input_shape[0], None if rows is None else rows // 2,
                None if columns is None else columns // 2, input_shape[3])
