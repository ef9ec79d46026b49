"""Feeding Keras: ``model.fit``'s arguments and the inputs ``model.predict`` takes.

Prepared data (:mod:`fourfold.preprocessing.prepare`) is arrays, or photos kept in
their uint8 cache; this module is where they meet Keras. Arrays go to ``fit`` as
they are, with the recipe's batch size. Photos go as :class:`ImageBatches`, a
``keras.utils.PyDataset`` reading one batch at a time from the cache.

Batches are served synchronously (``workers=1``): making one is a gather of
uint8 rows from memory (the photos were decoded before training, in parallel),
and Keras' prefetching threads would start on the next epoch's first batches
before ``on_epoch_end`` reshuffles, so that what a run trains on would depend on
timing. Training batches are reshuffled every epoch from the recipe's seed and
the epoch number, so a resumed run sees the same batches as an uninterrupted one;
prediction batches keep the rows' order. This module imports Keras: import it
only after the backend is chosen.
"""

from __future__ import annotations

import keras
import numpy as np

from fourfold.models import predict_batch_size
from fourfold.preprocessing.prepare import PreparedData
from fourfold.tasks import Task


def fit_arguments(data: PreparedData, task: Task, *, batch_size: int, seed: int,
                  initial_epoch: int) -> dict:
    """Keyword arguments of ``model.fit`` for ``data``: training and validation inputs
    with their encoded targets, batched by ``batch_size``.

    Args:
        data: the prepared rows.
        task: encodes the targets for its loss.
        batch_size: rows per training step.
        seed: reshuffles streamed photos each epoch (arrays are shuffled by Keras).
        initial_epoch: the epoch a resumed run starts from (the photos' order follows it).
    """
    encode = lambda y: task.encode(y, data.num_outputs)  # noqa: E731
    if not data.streamed:
        return {"x": model_inputs(data, "train"), "y": encode(data.y_train),
                "validation_data": (model_inputs(data, "validation"), encode(data.y_validation)),
                "batch_size": batch_size}
    return {
        "x": ImageBatches(data.x_train, data.scaler, batch_size, encode(data.y_train),
                          seed=seed, epoch=initial_epoch),
        "validation_data": ImageBatches(data.x_validation, data.scaler, batch_size,
                                        encode(data.y_validation)),
        "shuffle": False,  # ImageBatches shuffles rows itself, from the seed
    }


def model_inputs(data: PreparedData, part: str):
    """What the model takes for ``part`` (``train``, ``validation`` or ``test``): the array,
    ``{"inputs": array, "side": side}`` with side features, or prediction batches of
    streamed photos in row order."""
    x = getattr(data, f"x_{part}")
    if data.streamed:
        return ImageBatches(x, data.scaler, predict_batch_size(data.input_shape))
    return x if data.side_train is None else {"inputs": x, "side": getattr(data, f"side_{part}")}


class ImageBatches(keras.utils.PyDataset):
    """Scaled image batches (with their targets when given) read from an image set.

    Args:
        images: an :class:`~fourfold.datasets.images.ImageSet` (or any
            array-like of uint8 images indexed by row numbers).
        scaler: turns a uint8 batch into the model's float32 input.
        batch_size: rows per batch.
        targets: encoded targets, one row per image; `None` for prediction.
        seed: reshuffle the rows every epoch from this seed; `None` keeps
            their order. Defaults to `None`.
        epoch: the epoch the first batch belongs to (a resumed run's). Defaults to `0`.
    """

    def __init__(self, images, scaler, batch_size: int, targets: np.ndarray | None = None, *,
                 seed: int | None = None, epoch: int = 0):
        super().__init__(workers=1, use_multiprocessing=False)
        self.images = images
        self.scaler = scaler
        self.batch_size = int(batch_size)
        self.targets = targets
        self.seed = seed
        self.epoch = epoch
        self.order = self._order()

    def _order(self) -> np.ndarray:
        rows = np.arange(len(self.images))
        if self.seed is None:
            return rows
        return np.random.default_rng([self.seed, self.epoch]).permutation(rows)

    def __len__(self) -> int:
        return -(-len(self.images) // self.batch_size)

    def __getitem__(self, index: int):
        rows = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        rows = np.sort(rows)  # the cache reads faster in row order; the batch is the same set
        x = self.scaler.transform(self.images[rows])
        return x if self.targets is None else (x, self.targets[rows])

    def on_epoch_end(self) -> None:
        self.epoch += 1
        if self.seed is not None:
            self.order = self._order()
