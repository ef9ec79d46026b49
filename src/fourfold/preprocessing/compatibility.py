"""One check of a recipe against the data it loaded, before the first epoch.

A recipe validates on its own (:mod:`fourfold.recipes.schema`); whether it makes
sense depends on the data too: a binary task on ten classes, a split that needs
validation rows the data set does not have, a scaler that would need every photo
in memory, folds outnumbering a class, a downsampling that leaves no pixels. Each
would otherwise fail after training, or worse, train into a result that looks
fine. :func:`check_recipe_against_data` refuses them all at once, naming the
recipe field (exit 2) or the data (exit 3).
"""

from __future__ import annotations

import numpy as np

from fourfold.datasets import LoadedData
from fourfold.datasets.images import ImageSet
from fourfold.datasets.table import TableFrame
from fourfold.errors import DataError, RecipeError
from fourfold.messages import text
from fourfold.recipes.schema import Recipe
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
    label_groups(recipe, data)
    if submit and data.unlabelled is None:
        raise DataError(text("run.nothing_to_submit", dataset=recipe.dataset.name))


def _task_fits_labels(recipe: Recipe, data: LoadedData, task: Task) -> None:
    """The rule table's advice when the task does not fit the targets."""
    problem = task.label_problem(np.asarray(data.y_train), len(data.class_names))
    if problem is not None:
        key, values = problem
        raise RecipeError(text(key, dataset=recipe.dataset.name, **values))


def _split_fits(recipe: Recipe, data: LoadedData, task: Task) -> None:
    if recipe.split.method == "published" and data.validation_rows is None:
        raise RecipeError(text("recipe.no_published_split"))
    folds = recipe.kfold.n_splits
    if not folds:
        return
    rows = len(data.x_train)
    if folds > rows:
        raise RecipeError(text("check.more_folds_than_rows", folds=folds, rows=rows))
    if task.stratify:
        counts = np.bincount(np.asarray(data.y_train, dtype=np.int64).ravel(),
                             minlength=len(data.class_names))
        smallest = int(np.argmin(counts))
        if counts[smallest] < folds:
            raise RecipeError(text("check.more_folds_than_class", folds=folds,
                                   name=data.class_names[smallest], count=int(counts[smallest])))


def _preprocess_fits(recipe: Recipe, data: LoadedData) -> None:
    preprocess = recipe.preprocess
    reshaping = preprocess.mean_channel or preprocess.downsample > 1
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
            raise RecipeError(text("recipe.unknown_group_labels", group=name,
                                   unknown=", ".join(unknown), labels=", ".join(data.class_names)))
    if recipe.evaluation.decoding == "groups" and not groups:
        raise RecipeError(text("recipe.no_label_groups", dataset=recipe.dataset.name))
    return dict(groups)
