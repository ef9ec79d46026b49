"""Feeding Keras: ``model.fit``'s arguments and the inputs ``model.predict`` takes.

Prepared data (:mod:`fourfold.preprocessing.prepare`) is arrays, or photos kept in
their uint8 cache; this module is where they meet Keras. Training rows go to ``fit``
as a ``keras.utils.PyDataset`` whose batch order is a pure function of the recipe's
seed and the epoch number (:class:`ArrayBatches`, :class:`ImageBatches` for photos
read one batch at a time from the cache); :class:`~fourfold.training.callbacks.EpochSeeds`
tells it the epoch as each one begins. Keras' own shuffling draws from the global
NumPy state as it goes (TensorFlow's from its op seeds), so a run resumed at epoch 3
would see epoch 1's order again and end with other numbers than the run left alone.

Batches are served synchronously (``workers=1``): making one is a gather of rows
from memory (the photos were decoded before training, in parallel), and Keras'
prefetching threads would start on the next epoch's first batches before the epoch
is known, so that what a run trains on would depend on timing. Prediction batches
keep the rows' order. This module imports Keras: import it only after the backend
is chosen.
"""

from __future__ import annotations

import keras
import numpy as np

from fourfold.models import predict_batch_size
from fourfold.preprocessing.prepare import PreparedData
from fourfold.tasks import Task


def fit_arguments(data: PreparedData, task: Task, *, batch_size: int, seed: int,
                  initial_epoch: int, multiple_of: int = 1) -> dict:
    """Keyword arguments of ``model.fit`` for ``data``: training batches (a
    :class:`ShuffledBatches`, reshuffled each epoch from ``seed``) and validation inputs
    with their encoded targets.

    Args:
        data: the prepared rows.
        task: encodes the targets for its loss.
        batch_size: rows per training step (and per validation step).
        seed: the training rows' order in epoch ``e`` is a function of ``(seed, e)`` alone.
        initial_epoch: the epoch a resumed run starts from.
        multiple_of: every training batch holds a multiple of this many rows (the
            devices of a data-parallel run): see :class:`ShuffledBatches`. Defaults to `1`.
    """
    encode = lambda y: task.encode(y, data.num_outputs)  # noqa: E731
    if not data.streamed:
        return {"x": ArrayBatches(model_inputs(data, "train"), encode(data.y_train), batch_size,
                                  seed=seed, epoch=initial_epoch, multiple_of=multiple_of),
                "validation_data": (model_inputs(data, "validation"), encode(data.y_validation)),
                "validation_batch_size": batch_size,
                "shuffle": False}
    return {
        "x": ImageBatches(data.x_train, data.scaler, batch_size, encode(data.y_train),
                          seed=seed, epoch=initial_epoch, multiple_of=multiple_of),
        "validation_data": ImageBatches(data.x_validation, data.scaler, batch_size,
                                        encode(data.y_validation)),
        "shuffle": False,
    }


def model_inputs(data: PreparedData, part: str):
    """What the model takes for ``part`` (``train``, ``validation`` or ``test``): the array,
    ``{"inputs": array, "side": side}`` with side features, or prediction batches of
    streamed photos in row order."""
    x = getattr(data, f"x_{part}")
    if data.streamed:
        return ImageBatches(x, data.scaler, predict_batch_size(data.input_shape))
    return x if data.side_train is None else {"inputs": x, "side": getattr(data, f"side_{part}")}


class ShuffledBatches(keras.utils.PyDataset):
    """Batches of ``count`` rows, in an order fixed by ``(seed, epoch)``.

    ``set_epoch`` (called as each epoch begins) chooses the order; Keras'
    ``on_epoch_end`` also steps it on, for use outside ``fit``. Subclasses make a
    batch from :meth:`rows` with ``__getitem__``.

    Args:
        count: rows in the set.
        batch_size: rows per batch.
        seed: reshuffle the rows every epoch from this seed; `None` keeps
            their order. Defaults to `None`.
        epoch: the epoch the first batch belongs to (a resumed run's). Defaults to `0`.
        multiple_of: every batch holds a multiple of this many rows, as a data-parallel
            run's devices share each batch: the last, partial batch is cut to such a
            multiple (or left out), so up to ``multiple_of - 1`` rows sit out an epoch,
            different ones each epoch when the order is shuffled. Defaults to `1`.
    """

    def __init__(self, count: int, batch_size: int, *, seed: int | None = None, epoch: int = 0,
                 multiple_of: int = 1):
        super().__init__(workers=1, use_multiprocessing=False)
        if batch_size % multiple_of:
            raise ValueError(f"batch size {batch_size} is not a multiple of {multiple_of}")
        self.count = int(count)
        self.batch_size = int(batch_size)
        self.seed = seed
        self.served = self.count - self.count % multiple_of
        self.set_epoch(epoch)

    def set_epoch(self, epoch: int) -> None:
        """Serve epoch ``epoch``'s order (0-based, as Keras counts epochs)."""
        self.epoch = int(epoch)
        rows = np.arange(self.count)
        self.order = (rows if self.seed is None
                      else np.random.default_rng([self.seed, self.epoch]).permutation(rows))

    def rows(self, index: int) -> np.ndarray:
        """The row numbers of batch ``index``."""
        return self.order[index * self.batch_size:min((index + 1) * self.batch_size, self.served)]

    def __len__(self) -> int:
        return -(-self.served // self.batch_size)

    def on_epoch_end(self) -> None:
        self.set_epoch(self.epoch + 1)


class ArrayBatches(ShuffledBatches):
    """Batches of in-memory inputs (an array, or a dict of arrays) with their targets.

    Args:
        inputs: an array of shape ``(rows, ...)`` or a dict of such arrays.
        targets: encoded targets, one row per input row.
        batch_size: rows per batch.
        seed, epoch, multiple_of: as for :class:`ShuffledBatches`.
    """

    def __init__(self, inputs, targets: np.ndarray, batch_size: int, *, seed: int | None = None,
                 epoch: int = 0, multiple_of: int = 1):
        self.inputs = inputs
        self.targets = targets
        super().__init__(len(targets), batch_size, seed=seed, epoch=epoch,
                         multiple_of=multiple_of)

    def __getitem__(self, index: int):
        rows = self.rows(index)
        if isinstance(self.inputs, dict):
            return {name: value[rows] for name, value in self.inputs.items()}, self.targets[rows]
        return self.inputs[rows], self.targets[rows]


class ImageBatches(ShuffledBatches):
    """Scaled image batches (with their targets when given) read from an image set.

    Args:
        images: an :class:`~fourfold.datasets.images.ImageSet` (or any
            array-like of uint8 images indexed by row numbers).
        scaler: turns a uint8 batch into the model's float32 input.
        batch_size: rows per batch.
        targets: encoded targets, one row per image; `None` for prediction.
        seed, epoch, multiple_of: as for :class:`ShuffledBatches`.
    """

    def __init__(self, images, scaler, batch_size: int, targets: np.ndarray | None = None, *,
                 seed: int | None = None, epoch: int = 0, multiple_of: int = 1):
        self.images = images
        self.scaler = scaler
        self.targets = targets
        super().__init__(len(images), batch_size, seed=seed, epoch=epoch,
                         multiple_of=multiple_of)

    def __getitem__(self, index: int):
        rows = np.sort(self.rows(index))  # the cache reads faster in row order; same set
        x = self.scaler.transform(self.images[rows])
        return x if self.targets is None else (x, self.targets[rows])
