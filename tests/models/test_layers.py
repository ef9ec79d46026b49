"""fourfold's own layers: MaxPool2x2 is MaxPooling2D(2), and a model using it saves and loads."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from fourfold.layers import MaxPool2x2  # noqa: E402


@pytest.mark.parametrize("shape", [(3, 8, 8, 4), (2, 75, 75, 3), (2, 37, 18, 5), (1, 9, 2, 1)])
def test_max_pool_2x2_gives_max_pooling_2d_outputs(shape):
    x = np.random.default_rng(sum(shape)).normal(size=shape).astype("float32")
    x[..., ::3] = np.maximum(x[..., ::3], 0)  # ReLU-like zeros: ties in a window
    expected = keras.layers.MaxPooling2D(2)(x)
    got = MaxPool2x2()(x)
    assert tuple(got.shape) == tuple(expected.shape)
    np.testing.assert_array_equal(np.asarray(got), np.asarray(expected))
    assert MaxPool2x2().compute_output_shape((None, *shape[1:])) == (None, *expected.shape[1:])


def test_max_pool_2x2_gradient_is_max_pooling_2d_s_without_ties():
    import jax

    if keras.backend.backend() != "jax":
        pytest.skip("gradient checked on the JAX backend")
    x = np.random.default_rng(1).normal(size=(2, 10, 11, 3)).astype("float32")
    weights = np.random.default_rng(2).normal(size=(2, 5, 5, 3)).astype("float32")
    ours = jax.grad(lambda v: (MaxPool2x2()(v) * weights).sum())(x)
    theirs = jax.grad(lambda v: (keras.layers.MaxPooling2D(2)(v) * weights).sum())(x)
    np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))


def test_a_model_with_max_pool_2x2_loads_back(tmp_path):
    inputs = keras.Input((6, 6, 2))
    outputs = keras.layers.Flatten()(MaxPool2x2(name="pool_1")(inputs))
    model = keras.Model(inputs, outputs)
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras", compile=False, safe_mode=True)
    assert isinstance(loaded.get_layer("pool_1"), MaxPool2x2)
    x = np.random.default_rng(3).normal(size=(4, 6, 6, 2)).astype("float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
