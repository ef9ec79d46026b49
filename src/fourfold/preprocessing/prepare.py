"""From loaded data to arrays ready for Keras: split, scale, encode."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fourfold.datasets import LoadedData
from fourfold.datasets.images import ImageSet
from fourfold.datasets.table import TableFrame
from fourfold.preprocessing.scaling import InputScaler, SideScaler
from fourfold.preprocessing.splits import train_validation_indices
from fourfold.preprocessing.table_encoder import TableEncoder
from fourfold.recipes.schema import Recipe
from fourfold.tasks import Task


@dataclass
class PreparedData:
    """Scaled inputs and raw targets for the training, validation and test rows.

    ``train_rows``/``validation_rows`` index the data set's training part.
    Targets stay in the data's label space (class indices, values, 0/1 rows);
    ``task.encode`` turns them into what the loss expects. Side features, when
    the data has them, are a second model input. :mod:`fourfold.feeding` hands
    them to Keras.
    """

    #: Whether the inputs are photos kept in their uint8 cache (see :class:`StreamedData`).
    streamed = False

    x_train: np.ndarray
    y_train: np.ndarray
    x_validation: np.ndarray
    y_validation: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray | None
    train_rows: np.ndarray
    validation_rows: np.ndarray
    scaler: InputScaler
    class_names: list[str]
    side_train: np.ndarray | None = None
    side_validation: np.ndarray | None = None
    side_test: np.ndarray | None = None
    side_scaler: SideScaler | None = None

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])

    @property
    def num_outputs(self) -> int:
        return max(len(self.class_names), 1)

    @property
    def embedded_levels(self) -> list[int]:
        """Codes of each embedded column at the end of a table's rows (none for arrays)."""
        return list(getattr(self.scaler, "embedded_levels", []))

    @property
    def side_features(self) -> int:
        """Width of the side input (0 when there is none)."""
        return 0 if self.side_train is None else int(self.side_train.shape[1])



def prepare_data(recipe: Recipe, data: LoadedData, task: Task, *,
                 rows: tuple[np.ndarray, np.ndarray] | None = None,
                 scaler_rows: np.ndarray | None = None) -> PreparedData:
    """Split the training data, fit the scalers on the training rows only, scale all parts.

    Args:
        recipe: gives the split and the scaler.
        data: the loaded data set.
        task: the task (decides stratification).
        rows: ``(train_rows, validation_rows)`` to use instead of the recipe's
            split (K-fold passes each fold's). Defaults to `None`.
        scaler_rows: rows to fit the scalers on; defaults to the training rows.
    """
    if rows is None:
        rows = train_validation_indices(
            len(data.x_train), recipe.split,
            stratify_labels=data.y_train if task.stratify else None,
            published=data.validation_rows)
    train_rows, validation_rows = rows
    fit_rows = train_rows if scaler_rows is None else scaler_rows
    scaler = _scaler(recipe, data)
    if isinstance(data.x_train, ImageSet):
        return _streamed(recipe, data, scaler, train_rows, validation_rows)
    scaler.fit(data.x_train[fit_rows])
    prepared = PreparedData(
        x_train=scaler.transform(data.x_train[train_rows]),
        y_train=data.y_train[train_rows],
        x_validation=scaler.transform(data.x_train[validation_rows]),
        y_validation=data.y_train[validation_rows],
        x_test=scaler.transform(data.x_test),
        y_test=data.y_test,
        train_rows=train_rows,
        validation_rows=validation_rows,
        scaler=scaler,
        class_names=list(data.class_names),
    )
    if data.side_train is not None:
        side_scaler = SideScaler().fit(data.side_train[fit_rows])
        prepared.side_scaler = side_scaler
        prepared.side_train = side_scaler.transform(data.side_train[train_rows])
        prepared.side_validation = side_scaler.transform(data.side_train[validation_rows])
        prepared.side_test = side_scaler.transform(data.side_test)
    return prepared


def _scaler(recipe: Recipe, data: LoadedData):
    """The input scaler for the data's kind: a :class:`TableEncoder` for a user's table
    (typed columns to numbers), else an :class:`InputScaler` for arrays."""
    preprocess = recipe.preprocess
    if isinstance(data.x_train, TableFrame):
        table = recipe.dataset.table
        return TableEncoder(kinds=dict(data.x_train.kinds), scaler=preprocess.scaler,
                            embedding_levels=table.embedding_levels if table else 20)
    return InputScaler(kind=preprocess.scaler, flatten=preprocess.flatten,
                       mean_channel=preprocess.mean_channel, downsample=preprocess.downsample,
                       quantiles=preprocess.quantiles)


def _streamed(recipe: Recipe, data: LoadedData, scaler: InputScaler, train_rows: np.ndarray,
              validation_rows: np.ndarray) -> PreparedData:
    """Photos stay in their uint8 cache; batches are scaled as the model asks for them (the
    recipe's scaler needs no statistics: see :mod:`~fourfold.preprocessing.compatibility`)."""
    scaler.in_model = True  # uint8 batches; the model's first layer divides by 255
    return StreamedData(
        x_train=data.x_train.subset(train_rows), y_train=data.y_train[train_rows],
        x_validation=data.x_train.subset(validation_rows),
        y_validation=data.y_train[validation_rows],
        x_test=data.x_test, y_test=data.y_test, train_rows=train_rows,
        validation_rows=validation_rows, scaler=scaler, class_names=list(data.class_names))


@dataclass
class StreamedData(PreparedData):
    """:class:`PreparedData` whose inputs are image sets (uint8, decoded once into their
    cache): Keras gets them batch by batch (:class:`~fourfold.feeding.ImageBatches`),
    never as one float32 array."""

    streamed = True

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.scaler.transform(self.x_train[:1]).shape[1:])
