"""Data-parallel training over several devices with Keras' distribution API (JAX only).

``training.data_parallel`` in a recipe chooses: ``auto`` (the default) trains on the
GPUs or TPUs when the JAX backend sees two or more (as many of them as split the batch
evenly), ``on`` on every device JAX lists of the default kind (CPU devices too:
``XLA_FLAGS=--xla_force_host_platform_device_count=N`` makes N of them, which is how the
tests exercise this path), ``off`` on one device.

Under :class:`keras.distribution.DataParallel` the model's variables are replicated on
every device and each training batch is split across them, so every batch must hold a
multiple of the device count: the training batches' last, partial batch is cut to such a
multiple (:class:`~fourfold.feeding.ShuffledBatches`' ``multiple_of``; at most
``devices - 1`` rows sit out an epoch, and as the order changes every epoch, not the same
ones). Validation and prediction run outside the distribution on the replicated
variables (:class:`UnshardedValidation`), so every validation row counts whatever the
device count. Results match a one-device run closely but not bit for bit: the gradients
are summed across devices in another order. This module imports Keras: import it only
after the backend is chosen.
"""

from __future__ import annotations

from contextlib import contextmanager

import keras

from fourfold.errors import RecipeError
from fourfold.messages import text


def data_parallel(setting: str, batch_size: int):
    """The ``keras.distribution.DataParallel`` for a recipe's ``training.data_parallel``,
    or `None` to train on one device.

    ``auto`` takes as many of the accelerators as split ``batch_size`` evenly (three GPUs
    and batches of 128: two of them); ``on`` takes every device, and a batch size they
    cannot share is the caller's error to report.

    Raises:
        RecipeError: ``on`` with a backend other than JAX.
    """
    if setting == "off":
        return None
    if keras.backend.backend() != "jax":
        if setting == "on":
            raise RecipeError(text("recipe.data_parallel_backend",
                                   backend=keras.backend.backend()))
        return None
    if setting == "on":
        devices = keras.distribution.list_devices()
    else:
        devices = [device for kind in ("gpu", "tpu") for device in _listed(kind)]
        while len(devices) > 1 and batch_size % len(devices):
            devices = devices[:-1]
    if len(devices) < 2:
        return None
    return keras.distribution.DataParallel(devices=devices)


def _listed(kind: str) -> list[str]:
    try:
        return keras.distribution.list_devices(kind)
    except RuntimeError:  # JAX has no backend of that kind here
        return []


def device_count(distribution) -> int:
    """How many devices share each batch (1 without a distribution)."""
    return 1 if distribution is None else int(distribution.device_mesh.devices.size)


def device_names(distribution) -> list[str] | None:
    """The devices a distribution trains on, e.g. ``["gpu:0", "gpu:1"]``; `None` without one."""
    if distribution is None:
        return None
    return [str(device) for device in distribution.device_mesh.devices.flat]


@contextmanager
def distributed(distribution):
    """Models built and trained inside use ``distribution`` (nothing changes for `None`);
    the distribution in force before is back afterwards."""
    if distribution is None:
        yield
        return
    before = keras.distribution.distribution()
    keras.distribution.set_distribution(distribution)
    try:
        yield
    finally:
        keras.distribution.set_distribution(before)


def unsharded_validation(distribution) -> list:
    """The callbacks ``model.fit`` needs under ``distribution``: see :class:`UnshardedValidation`."""
    return [] if distribution is None else [UnshardedValidation(distribution)]


class UnshardedValidation(keras.callbacks.Callback):
    """Runs ``fit``'s validation outside the distribution, on the replicated variables.

    Keras fixes how batches are split across devices from an iterator's first batch, so
    a validation set whose size is not a multiple of the device count would fail at its
    last batch; unsplit, every validation row counts.
    """

    def __init__(self, distribution):
        super().__init__()
        self.distribution = distribution

    def on_test_begin(self, logs=None):
        keras.distribution.set_distribution(None)

    def on_test_end(self, logs=None):
        keras.distribution.set_distribution(self.distribution)
