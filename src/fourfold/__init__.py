"""fourfold: neural networks for the four classic supervised problems.

The public API, imported on first use so that ``import fourfold`` stays light
(no Keras, JAX, pandas or scikit-learn until a run or a model needs them)::

    import fourfold

    result = fourfold.run("mnist", epochs=5)       # train, evaluate, write a run folder
    model = fourfold.load(result.run_dir)          # the trained model and its preprocessing
    model.predict(x)                               # class names, values or label sets
    fourfold.run("mnist", data=fourfold.Data(x_train, y_train, x_test, y_test))
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_EXPORTS = {
    "run": "fourfold.public",
    "load": "fourfold.trained",
    "Data": "fourfold.arrays",
    "Recipe": "fourfold.recipes.schema",
    "load_recipe": "fourfold.recipes.loading",
}

__all__ = ["Data", "Recipe", "__version__", "load", "load_recipe", "run"]

TYPE_CHECKING = False  # as typing's, without importing typing (~20 ms)
if TYPE_CHECKING:  # what type checkers and editors see; nothing is imported at run time
    from fourfold.arrays import Data
    from fourfold.public import run
    from fourfold.recipes.loading import load_recipe
    from fourfold.recipes.schema import Recipe
    from fourfold.trained import load


def __getattr__(name: str):
    """Import a public name from its module the first time it is asked for."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'fourfold' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
