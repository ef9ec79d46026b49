"""The default backend is JAX for every model, whatever else is installed."""

from fourfold.backend import choose_backend


def test_every_recipe_defaults_to_jax(monkeypatch):
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert choose_backend("auto") == "jax"
    assert choose_backend("tensorflow") == "tensorflow"


def test_keras_backend_variable_wins(monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert choose_backend("tensorflow") == "torch"
