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
NUMBERS = _data(np.linspace(0, 1, 40), [])
DEEP = {"kind": "cnn", "filters": [8] * 5, "name": "deep"}
UNFLATTENED = {"flatten": False}


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


@pytest.mark.parametrize("recipe, data, message", [
    (_recipe("multiclass", split={"test_size": 0.99}), TEN,
     "split.test_size 0.99 of 40 training rows leaves 0 for training and 40 for validation; each "
     "needs at least 1. Use a test_size between 0.025 and 0.975."),
    (_recipe("multiclass", split={"test_size": 0.1, "stratify": True}), TEN,
     "split.test_size 0.1 of 40 training rows leaves 36 for training and 4 for validation; each "
     "needs at least 10. Use a test_size between 0.25 and 0.75."),
    (_recipe("multiclass", split={"method": "validation_split", "validation_split": 0.99}), TEN,
     "split.validation_split 0.99 of 40 training rows leaves 0 for training and 40 for "
     "validation; each needs at least 1. Use a validation_split between 0.025 and 0.975."),
    (_recipe("multiclass", split={"stratify": True}), _data(np.r_[np.zeros(10), 1], ["a", "b"]),
     "split.stratify keeps each class's share on both sides of the split, and class b has only 1 "
     "training row(s). Set split.stratify: false, or give the class more rows."),
    (_recipe("multiclass", model=DEEP, preprocess=UNFLATTENED), TEN,
     "model deep has 5 convolution blocks, each pooling halves the image, and 4 halvings already "
     "bring the 28 x 28 images down to one pixel. Use at most 4 entries in model.filters, or a "
     "smaller preprocess.downsample."),
    (_recipe("multiclass", model=DEEP, preprocess={**UNFLATTENED, "downsample": 2}), TEN,
     "model deep has 5 convolution blocks, each pooling halves the image, and 3 halvings already "
     "bring the 14 x 14 images down to one pixel. Use at most 3 entries in model.filters, or a "
     "smaller preprocess.downsample."),
    (_recipe("multiclass", model={"kind": "cnn", "filters": [8]}, preprocess=UNFLATTENED),
     _data(np.arange(40) % 10, [str(i) for i in range(10)], shape=(784,)),
     "model dense is kind cnn, which needs images (height x width, and channels), and this data "
     "set's rows are 784. Use model.kind dense."),
    (_recipe("multiclass", preprocess={"downsample": 29}), TEN,
     "preprocess.downsample 29 is larger than the inputs (28 x 28): no feature would be left. "
     "Use a smaller downsample."),
    (_recipe("multiclass", preprocess={"quantiles": 16}), TEN,
     "preprocess.quantiles summarises each channel of an image, and this data set's rows are "
     "28 x 28 (no channel axis). Leave preprocess.quantiles out."),
    (_recipe("multiclass", model={"kind": "cnn", "filters": [8], "name": "small"},
             preprocess={**UNFLATTENED, "quantiles": 16}),
     _data(np.arange(40) % 10, [str(i) for i in range(10)], shape=(28, 28, 2)),
     "preprocess.quantiles turns each image into its brightness distribution, so there is no "
     "image left for model small (kind cnn). Use model.kind dense, or leave "
     "preprocess.quantiles out."),
])
def test_splits_and_models_that_leave_nothing_are_refused_with_the_exact_message(recipe, data,
                                                                                  message):
    with pytest.raises(RecipeError) as error:
        check_recipe_against_data(recipe, data, get_task(recipe.task))
    assert str(error.value) == message and error.value.exit_code == 2


@pytest.mark.parametrize("test_size", [0.025, 0.975])
def test_the_suggested_split_range_is_inside_what_scikit_learn_accepts(test_size):
    from sklearn.model_selection import train_test_split

    recipe = _recipe("multiclass", split={"test_size": test_size})
    check_recipe_against_data(recipe, TEN, get_task("multiclass"))
    train, validation = train_test_split(np.arange(40), test_size=test_size)
    assert len(train) >= 1 and len(validation) >= 1


@pytest.mark.parametrize("recipe, data", [
    (_recipe("multiclass", model={"kind": "cnn", "filters": [8] * 4}, preprocess=UNFLATTENED), TEN),
    (_recipe("multiclass", model={"kind": "cnn", "filters": [8] * 3},
             preprocess={**UNFLATTENED, "downsample": 2}), TEN),
    (_recipe("regression", split={"test_size": 0.01}), NUMBERS),
    (_recipe("multiclass", split={"test_size": 0.25, "stratify": True}), TEN),
])
def test_recipes_on_the_edge_of_fitting_pass(recipe, data):
    check_recipe_against_data(recipe, data, get_task(recipe.task))


def test_a_fitting_recipe_passes_and_a_submission_needs_unlabelled_rows():
    recipe = _recipe("multiclass", kfold={"n_splits": 4})
    check_recipe_against_data(recipe, TEN, get_task("multiclass"))
    with pytest.raises(DataError, match="has no unlabelled test file to predict") as error:
        check_recipe_against_data(recipe, TEN, get_task("multiclass"), submit=True)
    assert error.value.exit_code == 3
