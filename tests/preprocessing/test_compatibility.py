"""One check of the recipe against the loaded data, before anything trains: each mistake
named with its field and the rule table's advice."""

from __future__ import annotations

import numpy as np
import pytest

from fourfold.datasets import LoadedData
from fourfold.errors import DataError, RecipeError
from fourfold.preprocessing.compatibility import check_recipe_against_data
from fourfold.recipes.schema import Recipe
from fourfold.tasks import get_task


def _data(labels, class_names, shape=(28, 28), **fields) -> LoadedData:
    labels = np.asarray(labels)
    x = np.zeros((len(labels), *shape), np.uint8)
    return LoadedData(x, labels, x[:4], labels[:4], class_names=class_names, source="test",
                      input_kind="image", **fields)


def _recipe(task: str, **sections) -> Recipe:
    return Recipe.model_validate({"name": "r", "task": task, "dataset": {"name": "mnist"},
                                  **sections})


TEN = _data(np.arange(40) % 10, [str(i) for i in range(10)])


@pytest.mark.parametrize("recipe, data, message", [
    (_recipe("binary"), TEN, "task binary (one sigmoid unit) needs two classes, and this data set "
                             "has 10. Use task multiclass"),
    (_recipe("multilabel"), TEN, "task multilabel needs 0/1 label columns"),
    (_recipe("multiclass"), _data(np.eye(3, dtype=np.uint8)[np.arange(12) % 3], ["a", "b", "c"]),
     "task multiclass gives one class per row, and this data set has 3 0/1 label columns"),
    (_recipe("regression"), TEN, "task regression (one linear unit) would treat this data set's "
                                 "10 class labels as numbers"),
    (_recipe("multiclass"), _data(np.linspace(0, 1, 12), []), "task multiclass needs class labels"),
    (_recipe("multiclass", kfold={"n_splits": 50}), TEN, "kfold.n_splits is 50, but there are only "
                                                         "40 training rows"),
    (_recipe("multiclass", kfold={"n_splits": 5}), TEN, "kfold.n_splits is 5, but class 0 has only 4 "
                                                        "training rows"),
    (_recipe("multiclass", preprocess={"downsample": 1000}), TEN,
     "preprocess.downsample 1000 is larger than the inputs (28 x 28)"),
    (_recipe("multiclass", split={"method": "published"}), TEN, "split.method published takes the "
                                                                "data set's own validation rows"),
    (_recipe("multilabel", evaluation={"decoding": "groups"}),
     _data(np.eye(3, dtype=np.uint8)[np.arange(12) % 3], ["a", "b", "c"]),
     "evaluation.decoding groups needs label groups"),
])
def test_recipes_that_cannot_fit_the_data_are_refused(recipe, data, message):
    with pytest.raises(RecipeError) as error:
        check_recipe_against_data(recipe, data, get_task(recipe.task))
    assert message in str(error.value) and error.value.exit_code == 2


def test_a_fitting_recipe_passes_and_a_submission_needs_unlabelled_rows():
    recipe = _recipe("multiclass", kfold={"n_splits": 4})
    check_recipe_against_data(recipe, TEN, get_task("multiclass"))
    with pytest.raises(DataError, match="has no unlabelled test file to predict") as error:
        check_recipe_against_data(recipe, TEN, get_task("multiclass"), submit=True)
    assert error.value.exit_code == 3
