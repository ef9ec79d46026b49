"""Load a data set: a built-in one through the loader its catalogue entry names
(:attr:`~fourfold.datasets.catalog.DatasetSpec.loader`), or the user's own table, photo
folder or photo CSVs that a recipe's ``dataset`` section names."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import numpy as np

from fourfold.datasets.base import LoadedData
from fourfold.datasets.catalog import (
    APPAREL_COLOURS,
    APPAREL_TEST,
    APPAREL_TRAIN,
    APPAREL_TYPES,
    APPAREL_VALIDATION,
    TEST_IMAGES,
    TEST_LABELS,
    TRAIN_IMAGES,
    TRAIN_LABELS,
    DatasetSpec,
    get_spec,
)
from fourfold.datasets.image_table import ImageTables, load_image_table, user_tables
from fourfold.datasets.idx import read_idx_pair
from fourfold.datasets.resolve import describe_source, resolve
from fourfold.errors import DataError
from fourfold.messages import text

IMAGE_SHAPE = (28, 28)


def load_dataset(dataset, data_dir: str | Path | None = None, *, task: str | None = None
                 ) -> LoadedData:
    """Load a data set with its fixed train/test split.

    Args:
        dataset: a built-in data set's name (``"mnist"``, ``"apparel"``...) or a
            recipe's ``dataset`` section (:class:`~fourfold.recipes.schema.DatasetConfig`),
            which may name the user's own photo CSVs (``images``).
        data_dir: the data folder to search first (see
            :func:`~fourfold.datasets.resolve.resolve`). Defaults to `None`.
        task: the recipe's task, for a user's table (it decides how the target
            is encoded); `None` infers it from the target. Defaults to `None`.

    Returns:
        The :class:`LoadedData`; for MNIST ``x_train`` is ``uint8`` of shape
        ``(60000, 28, 28)`` and ``y_train`` ``uint8`` of shape ``(60000,)``.

    Raises:
        DataError: for an unknown name (listing the known ones), a data set
            that cannot be found, or files that fail validation.

    Example:
        >>> data = load_dataset("mnist")  # doctest: +SKIP
        >>> data.x_train.shape, data.class_names[:3]  # doctest: +SKIP
        ((60000, 28, 28), ['0', '1', '2'])
    """
    from fourfold.datasets.config import DatasetConfig

    config = dataset if isinstance(dataset, DatasetConfig) else DatasetConfig(name=dataset)
    if config.table is not None:
        from fourfold.datasets.table import load_table

        return load_table(config.table, task=task)
    if config.folder is not None:
        from fourfold.datasets.image_folder import load_image_folder

        return load_image_folder(config.folder, config)
    if config.images is not None:
        tables = user_tables(config.images)
        return load_image_table(tables, config, source=text("data.images.source",
                                                             path=tables.train.parent))
    spec = get_spec(config.name)
    module, _, function = spec.loader.partition(":")
    loader = getattr(import_module(module), function)
    return loader(spec, data_dir, config) if spec.photos else loader(spec, data_dir)


def load_apparel(spec: DatasetSpec, data_dir: str | Path | None, config) -> LoadedData:
    """The apparel photos with their published train/val/test CSVs (paths relative to
    ``apparel/``); the labels form two groups, colour and type."""
    resolved = resolve(spec.name, data_dir)
    tables = ImageTables(train=resolved.files[APPAREL_TRAIN], test=resolved.files[APPAREL_TEST],
                         validation=resolved.files[APPAREL_VALIDATION], root=resolved.location,
                         image_column="image", label_columns=spec.class_names)
    groups = {"colour": list(APPAREL_COLOURS), "type": list(APPAREL_TYPES)}
    return load_image_table(tables, config, source=describe_source(resolved),
                            label_groups=groups)


def load_idx_images(spec: DatasetSpec, data_dir: str | Path | None) -> LoadedData:
    """Load an MNIST-style data set: four IDX files of 28x28 images and labels.

    Args:
        spec: the data set.
        data_dir: the data folder to search first, or `None`.

    Returns:
        The :class:`LoadedData`, ``input_kind="image"``.

    Raises:
        DataError: when the files are missing or fail validation.
    """
    resolved = resolve(spec.name, data_dir)
    files = resolved.files
    x_train, y_train = read_idx_pair(files[TRAIN_IMAGES], files[TRAIN_LABELS])
    x_test, y_test = read_idx_pair(files[TEST_IMAGES], files[TEST_LABELS])
    for images_path, images in ((files[TRAIN_IMAGES], x_train), (files[TEST_IMAGES], x_test)):
        _check_images(images_path, images)
    for labels_path, labels in ((files[TRAIN_LABELS], y_train), (files[TEST_LABELS], y_test)):
        _check_labels(labels_path, labels, len(spec.class_names))
    return LoadedData(x_train, y_train, x_test, y_test, class_names=list(spec.class_names),
                      source=describe_source(resolved), input_kind="image")


def _check_images(path: Path, images: np.ndarray) -> None:
    if images.dtype != np.uint8 or images.shape[1:] != IMAGE_SHAPE:
        raise DataError(text("data.idx.bad_images", path=path, expected=f"uint8 (n, {IMAGE_SHAPE[0]}, "
                             f"{IMAGE_SHAPE[1]})", found=f"{images.dtype} {images.shape}"))


def _check_labels(path: Path, labels: np.ndarray, num_classes: int) -> None:
    if labels.dtype != np.uint8:
        raise DataError(text("data.idx.bad_labels", path=path, num_classes=num_classes,
                             found=f"dtype {labels.dtype}"))
    if labels.size and int(labels.max()) >= num_classes:
        raise DataError(text("data.idx.bad_labels", path=path, num_classes=num_classes,
                             found=f"label {int(labels.max())}"))


