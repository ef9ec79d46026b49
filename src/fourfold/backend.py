"""Choosing the Keras backend, which Keras fixes once per process.

The choice is made before Keras is first imported: ``KERAS_BACKEND`` wins, then
the recipe's ``backend``, else JAX, whatever else is installed, so that a recipe's
numbers do not depend on whether TensorFlow happens to be there. Measured on a 2-core
AVX2 CPU (BENCHMARKS.md): JAX trains dense networks ~2.7x faster than TensorFlow; with
fourfold's :class:`~fourfold.layers.MaxPool2x2` it trains apparel-cnn's network faster
than TensorFlow too (a step ~0.5-0.9x TensorFlow's), while TensorFlow still trains
iceberg-cnn's (no batch norm, 75x75 inputs) ~1.5x faster: ``backend: tensorflow`` in
the recipe picks it.
"""

from __future__ import annotations

import importlib.util
import os
import sys

from fourfold.errors import FourfoldError
from fourfold.messages import text

_MODULES = {"jax": "jax", "tensorflow": "tensorflow", "torch": "torch"}


def choose_backend(requested: str = "auto") -> str:
    """The backend a run should use.

    Args:
        requested: the recipe's ``backend`` field. Defaults to `"auto"` (JAX, for
            convolutional models too: see the module's docstring).

    Returns:
        ``"jax"``, ``"tensorflow"`` or ``"torch"``.
    """
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    if requested != "auto":
        return requested
    return "jax"


def activate(backend: str) -> str:
    """Make ``backend`` the backend of this process's Keras and import Keras.

    Returns:
        The backend Keras reports.

    Raises:
        FourfoldError: when the backend is not installed, or when Keras was
            already imported with another backend in this process.
    """
    if "keras" in sys.modules:
        import keras

        current = keras.backend.backend()
        if current != backend:
            raise FourfoldError(
                f"Keras is already running on '{current}' in this process; a run on "
                f"'{backend}' needs its own process (set KERAS_BACKEND={backend})."
            )
        return current
    module = _MODULES.get(backend)
    if module is None or importlib.util.find_spec(module) is None:
        raise FourfoldError(text("run.backend_missing", backend=backend,
                                 error=f"no module named {module or backend!r}"))
    os.environ["KERAS_BACKEND"] = backend
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from fourfold import stages

    with stages.stage(text("progress.importing", backend=backend)):  # seconds, on a cold start
        if backend == "jax":
            _enable_jax_compilation_cache()
        import keras

        import fourfold.layers  # noqa: F401  (registers fourfold's layers: saved models load)

    return keras.backend.backend()


def _enable_jax_compilation_cache() -> None:
    """Keep XLA's compiled programs on disk between runs.

    Compiling the train, validation and predict steps costs ~10 s of a 30 s
    MNIST run on a 2-core CPU; with the cache a second run of the same model
    shapes skips it. ``JAX_COMPILATION_CACHE_DIR`` wins when set.
    """
    import jax

    from fourfold.datasets.resolve import cache_dir

    if not os.environ.get("JAX_COMPILATION_CACHE_DIR"):
        jax.config.update("jax_compilation_cache_dir", str(cache_dir() / "jax-compilation"))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.2)
