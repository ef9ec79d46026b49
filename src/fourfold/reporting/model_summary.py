"""A saved model's layers and parameter counts, for the report and the compare page.

The chapter asks why the deeper model overfits sooner; the answer starts with
how many weights each model has. :func:`model_summary` reads ``model.keras``
(in safe mode: no code in a model file is ever run) and lists each layer with
its output shape and parameters, as ``model.summary()`` would print them, but as
data a page can lay out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fourfold.messages import text


@dataclass(frozen=True)
class LayerRow:
    """One layer of the model.

    Attributes:
        name: the layer's name (``dense``, ``dense_1``...).
        kind: its class (``Dense``, ``Conv2D``...).
        output_shape: its output shape, the batch as ``None`` (``(None, 64)``);
            ``None`` when Keras does not know it.
        parameters: its weights, trainable or not.
        trainable: its trainable weights.
    """

    name: str
    kind: str
    output_shape: tuple | None
    parameters: int
    trainable: int


@dataclass(frozen=True)
class ModelSummary:
    """A model's layers in order and its totals.

    Attributes:
        rows: one :class:`LayerRow` per layer of ``model.layers`` (a functional
            model's input layer among them).
        total: all parameters, as ``model.count_params()`` counts them.
        trainable: the parameters training changes.
        non_trainable: the others (a batch normalization's moving statistics).
    """

    rows: list[LayerRow]
    total: int
    trainable: int

    @property
    def non_trainable(self) -> int:
        return self.total - self.trainable

    def shape_text(self, row: LayerRow) -> str:
        """``row``'s output shape as Keras prints it: ``(None, 64)``; a dash when unknown."""
        if row.output_shape is None:
            return "—"
        return "(" + ", ".join("None" if size is None else str(size)
                               for size in row.output_shape) + ")"


def model_summary(model_path: Path, *, backend: str | None = None) -> ModelSummary | None:
    """The layers and parameter counts of the Keras model saved at ``model_path``.

    Keras is imported here (the backend already running in this process, else
    ``backend``, else the one fourfold chooses); the model is loaded uncompiled
    in safe mode.

    Args:
        model_path: a ``model.keras`` file.
        backend: the backend to start Keras on when it is not running yet (the
            run's ``metrics.json`` ``backend``). Defaults to `None` (fourfold's
            choice).

    Returns:
        The :class:`ModelSummary`, or ``None`` when there is no file at
        ``model_path`` (a run that stopped before saving its model).

    Raises:
        DamagedFile: when the file cannot be loaded as a Keras model (exit code 3).

    Example:
        >>> summary = model_summary(Path("runs/mnist-20250101T120000Z/model.keras"))  # doctest: +SKIP
        >>> summary.total, summary.rows[-1].output_shape  # doctest: +SKIP
        (52650, (None, 10))
    """
    model_path = Path(model_path)
    if not model_path.is_file():
        return None
    keras = _keras(backend)
    from fourfold.runs.record_files import damaged

    try:
        model = keras.saving.load_model(model_path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises ValueError, OSError, zipfile errors...
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise damaged(model_path, text("damage.problem.model", error=first_line[:300])) from None
    return summarise_model(model)


def summarise_model(model) -> ModelSummary:
    """The :class:`ModelSummary` of a built ``keras.Model`` already in memory."""
    rows = [LayerRow(name=layer.name, kind=type(layer).__name__,
                     output_shape=_output_shape(layer),
                     parameters=_count(layer.weights), trainable=_count(layer.trainable_weights))
            for layer in model.layers]
    return ModelSummary(rows=rows, total=int(model.count_params()),
                        trainable=_count(model.trainable_weights))


def _count(weights) -> int:
    return int(sum(int(np.prod(weight.shape)) for weight in weights))


def _output_shape(layer) -> tuple | None:
    """The layer's output shape; the first output's for a layer with several."""
    try:
        output = layer.output
    except (AttributeError, ValueError):  # a layer never called on a symbolic input
        return None
    if isinstance(output, (list, tuple)):
        output = output[0] if output else None
    shape = getattr(output, "shape", None)
    return tuple(None if size is None else int(size) for size in shape) if shape is not None \
        else None


def _keras(backend: str | None):
    """Keras, started on ``backend`` (or fourfold's choice) unless it is running already."""
    import sys

    if "keras" not in sys.modules:
        from fourfold import backend as backends

        backends.activate(backends.choose_backend(backend or "auto"))
    import keras

    return keras
