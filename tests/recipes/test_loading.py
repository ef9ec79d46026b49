"""Recipes: built-in YAML, --set overrides, and exact validation messages."""

import pytest

from fourfold.errors import RecipeError
from fourfold.recipes import builtin_names, load_recipe, recipe_yaml


def test_builtin_mnist_has_the_textbook_settings():
    recipe = load_recipe("mnist")
    assert recipe.task == "multiclass"
    assert (recipe.split.test_size, recipe.split.random_state) == (0.3, 777)
    assert recipe.model.hidden_units == [64, 32] and recipe.model.activation == "relu"
    assert (recipe.training.optimizer, recipe.training.epochs, recipe.training.batch_size) == (
        "adam", 30, 128)
    assert recipe.preprocess.scaler == "pixels" and recipe.textbook == {"accuracy": 0.97}


def test_fashion_mnist_compares_two_models():
    recipe = load_recipe("fashion-mnist")
    assert [m.hidden_units for m in recipe.models] == [[64, 32], [128, 128, 32]]


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_validates_and_shows(name):
    assert load_recipe(name).name == name
    assert f"name: {name}" in recipe_yaml(name)


def test_set_overrides_nested_and_list_values():
    recipe = load_recipe("fashion-mnist", ["model.hidden_units=[128,64]",
                                           "compare_with.0.dropout=0.2", "training.epochs=3"])
    assert recipe.model.hidden_units == [128, 64]
    assert recipe.compare_with[0].dropout == 0.2 and recipe.training.epochs == 3


def test_updates_apply_after_overrides():
    recipe = load_recipe("mnist", ["training.epochs=3"], {"training.epochs": 5, "seed": 1})
    assert (recipe.training.epochs, recipe.seed) == (5, 1)


def test_yaml_file_recipe(tmp_path):
    path = tmp_path / "digits.yaml"
    path.write_text("name: digits\ntask: multiclass\ndataset: {name: mnist}\n")
    recipe = load_recipe(str(path))
    assert recipe.name == "digits" and recipe.training.epochs == 30  # textbook defaults


@pytest.mark.parametrize("override, message", [
    ("training.epoch=3",
     "built-in recipe mnist: unknown key 'training.epoch'. Allowed here: optimizer, "
     "learning_rate, learning_rate_schedule, epochs, batch_size, early_stopping_patience, "
     "data_parallel. "
     "Did you mean 'epochs'?"),
    ("training.epochs=abc",
     "built-in recipe mnist: 'training.epochs' Input should be a valid integer, unable to parse "
     "string as an integer; got 'abc'."),
    ("training.epochs=0",
     "built-in recipe mnist: 'training.epochs' Input should be greater than 0; got 0."),
    ("task=ranking",
     "built-in recipe mnist: 'task' Input should be 'multiclass', 'regression', 'binary' or "
     "'multilabel'; got 'ranking'."),
    ("task=multiclas",
     "built-in recipe mnist: 'task' Input should be 'multiclass', 'regression', 'binary' or "
     "'multilabel'; got 'multiclas'. Did you mean 'multiclass'?"),
    ("model.hidden_units=[64,-1]",
     "built-in recipe mnist: 'model.hidden_units.1' Input should be greater than 0; got -1."),
    ("epochs", "--set 'epochs' must look like key.path=value, for example --set training.epochs=5."),
    ("training.epochs.x=1",
     "--set training.epochs.x: 'training.epochs' in built-in recipe mnist is a value, "
     "not a section with keys."),
])
def test_bad_overrides_name_the_key_and_what_is_allowed(override, message):
    with pytest.raises(RecipeError) as caught:
        load_recipe("mnist", [override])
    assert str(caught.value) == message


def test_set_index_past_the_end_of_a_list():
    with pytest.raises(RecipeError) as caught:
        load_recipe("fashion-mnist", ["compare_with.3.dropout=0.1"])
    assert str(caught.value) == (
        "--set compare_with.3.dropout: '3' is not an index of a list of 1 item(s).")


def test_unknown_recipe_lists_builtins():
    with pytest.raises(RecipeError, match="Unknown recipe 'minst'. Built-in recipes: .*mnist"):
        load_recipe("minst")


def test_missing_yaml_file(tmp_path):
    with pytest.raises(RecipeError, match="does not exist"):
        load_recipe(str(tmp_path / "nope.yaml"))


def test_duplicate_model_names_refused():
    with pytest.raises(RecipeError, match="repeated: dense-64-32"):
        load_recipe("fashion-mnist", ["compare_with.0.name=dense-64-32"])


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo pwned']\ntask: multiclass\n")
    with pytest.raises(RecipeError) as caught:
        load_recipe(str(path))
    assert str(caught.value) == (
        f"{path}: the YAML tag !!python/object/apply:os.system is not allowed in a recipe; "
        "write the value plainly (quote it to make it text).")


def test_boston_recipe_has_the_textbook_settings():
    recipe = load_recipe("boston")
    assert recipe.task == "regression" and recipe.preprocess.scaler == "standard"
    assert (recipe.split.method, recipe.split.validation_split) == ("validation_split", 0.33)
    assert (recipe.training.epochs, recipe.training.batch_size) == (300, 32)
    assert recipe.kfold.n_splits is None and recipe.kfold.random_state == 777
    assert recipe.textbook_folds == {"mae": [2.06, 1.94, 2.15]}


@pytest.mark.parametrize("overrides, message", [
    (["split.test_size=0.2"], "test_size would be ignored with method validation_split"),
    (["split.method=train_test_split"], "validation_split would be ignored with method train_test_split"),
    (["split.validation_split=null"], "method validation_split needs split.validation_split"),
])
def test_split_options_the_method_would_ignore_are_refused(overrides, message):
    with pytest.raises(RecipeError, match=message):
        load_recipe("boston", overrides)


def test_kfold_refuses_compare_with():
    with pytest.raises(RecipeError, match="K-fold cross-validation trains one model per fold"):
        load_recipe("fashion-mnist", updates={"kfold.n_splits": 3})


def test_a_written_config_loads_back(tmp_path):
    import yaml

    recipe = load_recipe("boston", updates={"kfold.n_splits": 3})
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False))
    assert load_recipe(str(path)) == recipe


def test_automatic_model_name_follows_the_architecture():
    recipe = load_recipe("mnist", ["model.hidden_units=[128,64]"])
    assert recipe.model.name == "dense-128-64"
    recipe = load_recipe("fashion-mnist", ["compare_with.0.hidden_units=[256]"])
    assert [model.name for model in recipe.models] == ["dense-64-32", "dense-256"]
    recipe = load_recipe("iceberg-cnn", ["model.filters=[8,16]"])
    assert recipe.model.name == "cnn-8-16"
    recipe = load_recipe("mnist", updates={"model.hidden_units": [10]})
    assert recipe.model.name == "dense-10"


def test_a_chosen_model_name_stays():
    recipe = load_recipe("mnist", ["model.hidden_units=[128,64]", "model.name=wide"])
    assert recipe.model.name == "wide"
    recipe = load_recipe("mnist", ["model.name=wide", "model.hidden_units=[128,64]"])
    assert recipe.model.name == "wide"
    recipe = load_recipe("mnist", ["model={name: mine, hidden_units: [8]}"])
    assert recipe.model.name == "mine"


def test_a_name_that_was_not_automatic_stays(tmp_path):
    path = tmp_path / "digits.yaml"
    path.write_text("name: digits\ntask: multiclass\ndataset: {name: mnist}\n"
                    "model: {name: my-net, hidden_units: [64, 32]}\n")
    assert load_recipe(str(path), ["model.hidden_units=[8]"]).model.name == "my-net"


def test_settings_that_keep_the_architecture_keep_the_name():
    recipe = load_recipe("mnist", ["model.dropout=0.2", "training.epochs=3"])
    assert recipe.model.name == "dense-64-32"
