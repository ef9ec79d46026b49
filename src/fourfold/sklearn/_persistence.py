"""Keras for the estimators: imported on first need, models as bytes in pickles.

An estimator's pickle holds its Keras model as the bytes of a ``.keras`` file
(Keras' own format: architecture, weights, optimizer state), never a pickle of
Keras objects, so it loads wherever that Keras version loads ``.keras`` files.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

#: Name of the file a model goes through; Keras requires the ``.keras`` suffix.
_MODEL_FILE = "model.keras"


def import_keras():
    """Keras, importing it on its backend if nothing has yet.

    A process that already imported Keras keeps its backend; otherwise it is
    chosen as for ``fourfold run`` (``KERAS_BACKEND``, else the measured default
    for dense networks).
    """
    if "keras" not in sys.modules:
        from fourfold.backend import activate, choose_backend

        activate(choose_backend())
    import keras

    return keras


def model_to_bytes(model) -> bytes:
    """``model`` saved in Keras' ``.keras`` format, as bytes."""
    with tempfile.TemporaryDirectory(prefix="fourfold-sklearn-") as folder:
        path = Path(folder) / _MODEL_FILE
        model.save(path)
        return path.read_bytes()


def model_from_bytes(data: bytes):
    """The Keras model saved by :func:`model_to_bytes`, compiled as it was saved."""
    keras = import_keras()
    with tempfile.TemporaryDirectory(prefix="fourfold-sklearn-") as folder:
        path = Path(folder) / _MODEL_FILE
        path.write_bytes(data)
        return keras.saving.load_model(path)
