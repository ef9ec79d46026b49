"""The model builder: the rule table's output layer, CNN blocks, a side input."""

import numpy as np
import pytest

from fourfold.models import build_model
from fourfold.recipes.schema import ModelConfig
from fourfold.tasks import get_task

keras = pytest.importorskip("keras")


def test_textbook_dense_network():
    model = build_model(ModelConfig(hidden_units=[64, 32]), get_task("multiclass"),
                        input_shape=(784,), num_outputs=10)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense] == [64, 32, 10]
    assert dense[-1].activation.__name__ == "softmax"
    assert model.count_params() == 784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10


@pytest.mark.parametrize("task, units, activation", [
    ("binary", 1, "sigmoid"), ("regression", 1, "linear"), ("multilabel", 11, "sigmoid")])
def test_output_layer_follows_the_rule_table(task, units, activation):
    model = build_model(ModelConfig(), get_task(task), input_shape=(13,), num_outputs=11)
    assert model.layers[-1].units == units
    assert model.layers[-1].activation.__name__ == activation


def test_a_dense_network_flips_grey_images_then_flattens_them():
    config = ModelConfig(hidden_units=[8], augmentation=["horizontal_flip"])
    model = build_model(config, get_task("multiclass"), input_shape=(6, 5), num_outputs=3)
    names = [layer.name for layer in model.layers]
    assert names[1:4] == ["add_channel", "random_flip", "flatten"]
    image = np.arange(30, dtype="float32").reshape(1, 6, 5)
    flip = model.get_layer("random_flip")
    seen = {tuple(np.asarray(flip(model.get_layer("add_channel")(image), training=True))
                  [0, 0, :, 0]) for _ in range(20)}
    assert seen == {(0, 1, 2, 3, 4), (4, 3, 2, 1, 0)}  # the rows as they are, or mirrored
    assert np.allclose(model.predict(image, verbose=0), model.predict(image, verbose=0))


def test_a_first_stride_of_two_quarters_the_positions_after_it():
    config = ModelConfig(kind="cnn", filters=[4, 8], first_stride=2, hidden_units=[4])
    model = build_model(config, get_task("binary"), input_shape=(15, 15, 2), num_outputs=2)
    assert model.get_layer("conv_1").output.shape[1:] == (8, 8, 4)  # ceil(15 / 2)
    assert model.get_layer("conv_2").output.shape[1:] == (4, 4, 8)  # after 2x2 pooling
    assert model.get_layer("conv_2").strides == (1, 1)


def test_rows_cannot_be_flipped():
    from fourfold.errors import RecipeError

    config = ModelConfig(name="tabular", augmentation=["horizontal_flip"])
    with pytest.raises(RecipeError, match="model tabular flips, shifts or convolves images, but "
                       "its inputs are rows of 13 values"):
        build_model(config, get_task("binary"), input_shape=(13,), num_outputs=2)


def test_cnn_with_a_side_input():
    config = ModelConfig(kind="cnn", filters=[8, 16], hidden_units=[8], batch_norm=True, l2=1e-3,
                         dropout=0.2)
    model = build_model(config, get_task("binary"), input_shape=(12, 12, 3), num_outputs=2,
                        side_features=2)
    assert sum(isinstance(layer, keras.layers.Conv2D) for layer in model.layers) == 2
    assert sum(isinstance(layer, keras.layers.BatchNormalization) for layer in model.layers) == 2
    out = model.predict({"inputs": np.zeros((3, 12, 12, 3), "float32"),
                         "side": np.zeros((3, 2), "float32")}, verbose=0)
    assert out.shape == (3, 1) and np.all((out > 0) & (out < 1))


def test_cnn_accepts_grey_images_without_a_channel_axis():
    model = build_model(ModelConfig(kind="cnn", filters=[4]), get_task("multiclass"),
                        input_shape=(28, 28), num_outputs=10)
    assert model.predict(np.zeros((2, 28, 28), "float32"), verbose=0).shape == (2, 10)


@pytest.mark.parametrize("fields, message", [
    ({"kind": "cnn"}, "kind cnn needs filters"),
    ({"filters": [8]}, "filters would be ignored by kind dense"),
])
def test_model_kind_and_filters_must_agree(fields, message):
    with pytest.raises(ValueError, match=message):
        ModelConfig(**fields)
