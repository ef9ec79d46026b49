"""Photos fed to Keras batch by batch: a ``keras.utils.PyDataset`` over the uint8 cache.

Only one batch at a time is ever float32: :class:`ImageBatches` reads the rows of a
batch from an :class:`~fourfold.datasets.images.ImageSet` (decoded once per run)
and scales them with the run's :class:`~fourfold.preprocessing.scaling.InputScaler`.
Training batches are reshuffled every epoch from the recipe's seed and the epoch
number, so a resumed run sees the same batches as an uninterrupted one;
prediction batches keep the rows' order.

Batches are served synchronously (``workers=1``): making one is a gather of
uint8 rows from memory (the photos were decoded before training, in parallel),
and Keras' prefetching threads would start on the next epoch's first batches
before ``on_epoch_end`` reshuffles, so that what a run trains on would depend on
timing. This module imports Keras: import it only after the backend is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from fourfold.models import predict_batch_size
from fourfold.preprocessing.prepare import PreparedData

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


@dataclass
class StreamedData(PreparedData):
    """:class:`PreparedData` whose inputs are image sets, fed to Keras as
    :class:`ImageBatches` instead of arrays."""

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.scaler.transform(self.x_train[:1]).shape[1:])

    def inputs(self, part: str) -> ImageBatches:
        """Prediction batches of ``part``, in row order."""
        return ImageBatches(getattr(self, f"x_{part}"), self.scaler,
                            predict_batch_size(self.input_shape))

    def fit_arguments(self, task, *, batch_size: int, seed: int, initial_epoch: int) -> dict:
        """Keyword arguments of ``model.fit`` for these data (see :class:`PreparedData`)."""
        encode = lambda y: task.encode(y, self.num_outputs)  # noqa: E731
        return {
            "x": ImageBatches(self.x_train, self.scaler, batch_size, encode(self.y_train),
                              seed=seed, epoch=initial_epoch),
            "validation_data": ImageBatches(self.x_validation, self.scaler, batch_size,
                                            encode(self.y_validation)),
            "shuffle": False,  # ImageBatches shuffles rows itself, from the seed
        }
