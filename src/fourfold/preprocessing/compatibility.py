"""One check of a recipe against the data it loaded, before the first epoch.

A recipe validates on its own (:mod:`fourfold.recipes.schema`); whether it makes
sense depends on the data too: a binary task on ten classes, a split that needs
validation rows the data set does not have, a scaler that would need every photo
in memory, folds outnumbering a class, a split or a downsampling that leaves no rows or
no pixels, convolutions on a table or pooled down to nothing. Each
would otherwise fail after training, or worse, train into a result that looks
fine. :func:`check_recipe_against_data` refuses them all at once, naming the
recipe field (exit 2) or the data (exit 3).
"""

from __future__ import annotations

import math

import numpy as np

from fourfold.datasets import LoadedData
from fourfold.datasets.images import ImageSet
from fourfold.datasets.table import TableFrame
from fourfold.errors import DataError, RecipeError
from fourfold.messages import text
from fourfold.messages.quoting import shorten
from fourfold.recipes.schema import Recipe, SplitConfig
from fourfold.tasks import Task

#: Scalers that need no statistics of the training images, so a photo set never has to
#: be held in memory as one array.
STREAMED_SCALERS = ("pixels", "none")


def check_recipe_against_data(recipe: Recipe, data: LoadedData, task: Task, *,
                              submit: bool = False) -> None:
    """Refuse a recipe that cannot make sense on ``data``.

    Args:
        recipe: the validated recipe.
        data: what its data set loaded.
        task: the recipe's task.
        submit: a submission for the data set's unlabelled rows was asked for.
            Defaults to `False`.

    Raises:
        RecipeError: naming the recipe field that does not fit the data.
        DataError: a submission asked of a data set without unlabelled rows.
    """
    _task_fits_labels(recipe, data, task)
    _split_fits(recipe, data, task)
    _preprocess_fits(recipe, data)
    _models_fit(recipe, data)
    label_groups(recipe, data)
    if submit and data.unlabelled is None:
        raise DataError(text("run.nothing_to_submit", dataset=recipe.dataset.name))


def _task_fits_labels(recipe: Recipe, data: LoadedData, task: Task) -> None:
    """The rule table's advice when the task does not fit the targets."""
    problem = task.label_problem(np.asarray(data.y_train), len(data.class_names))
    if problem is not None:
        key, values = problem
        raise RecipeError(text(key, dataset=shorten(recipe.dataset.name), **values))


def _split_fits(recipe: Recipe, data: LoadedData, task: Task) -> None:
    if recipe.split.method == "published" and data.validation_rows is None:
        raise RecipeError(text("recipe.no_published_split"))
    folds = recipe.kfold.n_splits
    rows = len(data.x_train)
    if not folds:
        _holdout_fits(recipe.split, rows, data, task)
        return
    if folds > rows:
        raise RecipeError(text("check.more_folds_than_rows", folds=folds, rows=rows))
    if task.stratify:
        name, count = _smallest_class(data)
        if count < folds:
            raise RecipeError(text("check.more_folds_than_class", folds=folds, name=name,
                                   count=count))


def _smallest_class(data: LoadedData) -> tuple[str, int]:
    """The name and training-row count of the class with the fewest training rows."""
    counts = np.bincount(np.asarray(data.y_train, dtype=np.int64).ravel(),
                         minlength=len(data.class_names))
    smallest = int(np.argmin(counts))
    return shorten(data.class_names[smallest]), int(counts[smallest])


def _holdout_fits(split: SplitConfig, rows: int, data: LoadedData, task: Task) -> None:
    """Both sides of the training/validation split get rows (a class each, stratified),
    counted as scikit-learn's ``train_test_split`` and Keras' ``validation_split`` do."""
    if split.method == "validation_split":
        train = math.floor(rows * (1.0 - split.validation_split))
        if min(train, rows - train) < 1:
            low, high = _fraction_range(1, rows)
            raise RecipeError(text("check.validation_split_leaves_no_rows",
                                   fraction=split.validation_split, rows=rows, train=train,
                                   validation=rows - train, low=low, high=high))
        return
    if split.method != "train_test_split":
        return
    stratified = split.stratify and task.stratify
    if stratified:
        name, count = _smallest_class(data)
        if count < 2:
            raise RecipeError(text("check.stratify_small_class", name=name, count=count))
    least = len(data.class_names) if stratified else 1
    validation = math.ceil(split.test_size * rows)
    train = math.floor((1.0 - split.test_size) * rows)
    if min(train, validation) < least:
        low, high = _fraction_range(least, rows)
        raise RecipeError(text("check.split_leaves_no_rows", test_size=split.test_size, rows=rows,
                               train=train, validation=validation, least=least, low=low,
                               high=high))


def _fraction_range(least: int, rows: int) -> tuple[str, str]:
    """Fractions (3 decimals, inside the exact bounds) leaving ``least`` of ``rows`` rows
    on both sides of a split."""
    return (f"{math.ceil(least / rows * 1000) / 1000:g}",
            f"{math.floor((1 - least / rows) * 1000) / 1000:g}")


def _preprocess_fits(recipe: Recipe, data: LoadedData) -> None:
    preprocess = recipe.preprocess
    reshaping = (preprocess.mean_channel or preprocess.downsample > 1
                 or preprocess.quantiles is not None)
    if isinstance(data.x_train, TableFrame):
        if not preprocess.flatten or reshaping:
            raise RecipeError(text("recipe.table_preprocess"))
        return
    if isinstance(data.x_train, ImageSet) and (preprocess.scaler not in STREAMED_SCALERS
                                               or reshaping):
        raise RecipeError(text("recipe.streamed_scaler", scaler=preprocess.scaler,
                               allowed=", ".join(STREAMED_SCALERS)))
    shape = tuple(data.x_train.shape[1:])
    if preprocess.downsample > 1 and (len(shape) < 2 or min(shape[:2]) < preprocess.downsample):
        raise RecipeError(text("check.downsample_too_large", downsample=preprocess.downsample,
                               shape=" x ".join(map(str, shape))))
    if preprocess.quantiles is not None and len(shape) != 3:  # (height, width, channels)
        raise RecipeError(text("check.quantiles_need_channels",
                               shape=" x ".join(map(str, shape))))


def _models_fit(recipe: Recipe, data: LoadedData) -> None:
    """Convolution blocks need images, and images that their poolings leave something of."""
    convolutional = [model for model in recipe.models if model.kind == "cnn"]
    if not convolutional:
        return
    if recipe.preprocess.quantiles is not None:  # an image becomes its brightness distribution
        raise RecipeError(text("check.quantiles_not_for_cnn",
                               name=shorten(convolutional[0].name)))
    shape = tuple(int(size) for size in data.x_train.shape[1:])
    described = " x ".join(map(str, shape))
    if isinstance(data.x_train, TableFrame) or len(shape) not in (2, 3):
        raise RecipeError(text("check.cnn_needs_images", name=shorten(convolutional[0].name),
                               shape=described))
    height, width = (size // recipe.preprocess.downsample for size in shape[:2])
    fitting = max(min(height, width).bit_length() - 1, 0)  # 2 ** fitting <= side
    for model in convolutional:
        if len(model.filters) > fitting:
            raise RecipeError(text("check.cnn_too_deep", name=shorten(model.name),
                                   blocks=len(model.filters), shape=f"{height} x {width}",
                                   fitting=fitting))


def label_groups(recipe: Recipe, data: LoadedData) -> dict[str, list[str]]:
    """The recipe's label groups, else the data set's (apparel: colour and type).

    Raises:
        RecipeError: a group names a label the data set does not have, or
            ``decoding: groups`` has no groups to use.
    """
    groups = recipe.evaluation.label_groups or data.label_groups or {}
    for name, labels in groups.items():
        unknown = [label for label in labels if label not in data.class_names]
        if unknown:
            raise RecipeError(text("recipe.unknown_group_labels", group=shorten(name),
                                   unknown=shorten(", ".join(unknown)),
                                   labels=", ".join(data.class_names)))
    if recipe.evaluation.decoding == "groups" and not groups:
        raise RecipeError(text("recipe.no_label_groups", dataset=shorten(recipe.dataset.name)))
    return dict(groups)
