"""The recipe schema refuses values that cannot make sense (issue 12, item 6): infinite or
NaN floats anywhere, seeds NumPy cannot take, activations Keras does not know, convolutions
on flattened inputs; each message names the field, the value and the fix."""

from __future__ import annotations

import pytest

from fourfold.datasets.config import LARGEST_SEED, StrictModel
from fourfold.errors import RecipeError
from fourfold.recipes import load_recipe
from fourfold.recipes.schema import ACTIVATIONS, Recipe


def _refusal(overrides: list[str], recipe: str = "mnist") -> str:
    with pytest.raises(RecipeError) as caught:
        load_recipe(recipe, overrides)
    assert caught.value.exit_code == 2
    return str(caught.value)


def _sections(model: type[StrictModel]) -> list[type[StrictModel]]:
    found = [model]
    for subclass in model.__subclasses__():
        found += _sections(subclass)
    return found


def test_every_recipe_section_refuses_infinite_and_nan_floats():
    sections = _sections(StrictModel)
    assert Recipe in sections and len(sections) >= 10
    assert all(section.model_config["allow_inf_nan"] is False for section in sections)


@pytest.mark.parametrize("key, value", [
    ("training.learning_rate", ".inf"), ("training.learning_rate", ".nan"),
    ("model.dropout", ".nan"), ("model.l2", ".inf"), ("split.test_size", ".nan"),
    ("evaluation.probability_clip", "-.inf"), ("textbook.accuracy", ".nan"),
    ("training.learning_rate", "inf"),  # a string pydantic would read as a float
])
def test_infinite_or_nan_values_are_refused_naming_the_field(key, value):
    got = {".inf": "inf", "-.inf": "-inf", ".nan": "nan", "inf": "'inf'"}[value]
    assert _refusal([f"{key}={value}"]) == (
        f"built-in recipe mnist: '{key}' Input should be a finite number; got {got}.")


def test_nan_inside_a_list_of_fold_figures_is_refused():
    assert _refusal(["textbook_folds={accuracy: [0.9, .nan]}"]) == (
        "built-in recipe mnist: 'textbook_folds.accuracy.1' Input should be a finite number; "
        "got nan.")


@pytest.mark.parametrize("key, value", [
    ("seed", -1), ("seed", LARGEST_SEED + 1), ("split.random_state", -5),
    ("kfold.random_state", 2**40),
])
def test_seeds_numpy_cannot_take_are_refused(key, value):
    assert _refusal([f"{key}={value}"]) == (
        f"built-in recipe mnist: '{key}' a seed is a whole number from 0 to 4294967295 (NumPy's "
        f"seeding range); use one in that range; got {value}.")


def test_the_largest_and_smallest_seeds_pass():
    assert load_recipe("mnist", ["seed=0", f"split.random_state={LARGEST_SEED}"]).seed == 0


def test_an_own_tables_hold_out_seed_is_checked_too(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("name: r\ntask: binary\ndataset:\n  name: t\n  table: {train: t.csv, "
                    "target: [y], random_state: -1}\n")
    with pytest.raises(RecipeError, match=r"'dataset.table.random_state' a seed is a whole"):
        load_recipe(str(path))


def test_an_unknown_activation_is_refused_with_the_closest_name():
    message = _refusal(["model.activation=rleu"])
    assert message.startswith("built-in recipe mnist: 'model.activation' Input should be 'celu', ")
    assert message.endswith("'tanh' or 'tanh_shrink'; got 'rleu'. Did you mean 'relu'?")


@pytest.mark.parametrize("override, suggestion", [
    ("training.optimizer=adma", "adam"), ("compare_with.0.activation=Tanh", "tanh"),
    ("model.activation=leakyrelu", "leaky_relu"), ("task=multiclas", "multiclass"),
])
def test_misspelt_choices_get_a_did_you_mean(override, suggestion):
    assert _refusal([override], "fashion-mnist").endswith(f"Did you mean '{suggestion}'?")


def test_a_name_far_from_every_choice_gets_no_guess():
    assert "Did you mean" not in _refusal(["model.activation=zzzzzz"])


def test_unknown_keys_such_as_a_loss_or_initializer_are_refused_with_a_guess():
    assert _refusal(["model.kernel_initializer=he_normal"]) == (
        "built-in recipe mnist: unknown key 'model.kernel_initializer'. Allowed here: name, kind, "
        "filters, kernel_size, first_stride, batch_norm, global_pooling, hidden_units, "
        "activation, dropout, l2, augmentation, wide.")
    assert _refusal(["training.batchsize=3"]).endswith("Did you mean 'batch_size'?")


def test_activation_names_are_keras_own():
    """The names the schema accepts are exactly those of Keras' registry that apply to a
    tensor alone (``threshold`` needs two more arguments), so a run never meets an
    activation Keras refuses."""
    import inspect

    keras = pytest.importorskip("keras")
    from keras.src import activations

    def takes_a_tensor_alone(function) -> bool:
        required = [parameter for parameter in inspect.signature(function).parameters.values()
                    if parameter.default is parameter.empty
                    and parameter.kind in (parameter.POSITIONAL_ONLY,
                                           parameter.POSITIONAL_OR_KEYWORD)]
        return len(required) == 1

    usable = sorted(name for name, function in activations.ALL_OBJECTS_DICT.items()
                    if takes_a_tensor_alone(function))
    assert sorted(ACTIVATIONS) == usable
    values = keras.ops.convert_to_tensor([[-1.0, 0.5, 2.0, 3.0]])
    for name in ACTIVATIONS:  # glu halves the features: 4 -> 2
        assert keras.ops.shape(keras.activations.get(name)(values))[0] == 1, name


def test_a_cnn_on_flattened_inputs_is_refused_with_the_fix():
    assert _refusal(["model.kind=cnn", "model.filters=[8]"]) == (
        "built-in recipe mnist: model cnn-8 is kind cnn, which reads each image as height x "
        "width x channels, and preprocess.flatten: true turns images into one vector; set "
        "preprocess.flatten: false.")
    recipe = load_recipe("mnist", ["model.kind=cnn", "model.filters=[8]",
                                   "preprocess.flatten=false"])
    assert recipe.convolutional


def test_augmentation_of_flattened_images_is_refused_with_the_fix():
    assert _refusal(["model.augmentation=[horizontal_flip]"]) == (
        "built-in recipe mnist: model dense-64-32: augmentation flips or shifts images, but "
        "preprocess.flatten: true turns them into rows first; set preprocess.flatten: false "
        "(the dense model then flattens after the augmentation) or remove augmentation.")
    recipe = load_recipe("mnist", ["model.augmentation=[horizontal_flip]",
                                   "preprocess.flatten=false"])
    assert recipe.model.kind == "dense" and recipe.model.augmentation == ["horizontal_flip"]


def test_a_stride_without_convolutions_is_refused():
    assert _refusal(["model.first_stride=2"]) == (
        "built-in recipe mnist: 'model': first_stride would be ignored by kind dense (it has "
        "no convolution); set kind: cnn or remove first_stride.")


def test_a_contradicting_section_is_named_not_echoed():
    assert _refusal(["split.method=published", "split.test_size=0.2"]) == (
        "built-in recipe mnist: 'split': test_size would be ignored with method published; "
        "remove it or change split.method.")


@pytest.mark.parametrize("key", ["name", "model.name"])
def test_names_that_make_folders_are_bounded(key):
    assert _refusal([f"{key}={'x' * 10_000}"]) == (
        f"built-in recipe mnist: '{key}' String should have at most 100 characters; got "
        f"'{'x' * 199}… (10002 characters).")
