"""scikit-learn estimators built on fourfold's task registry and model builder.

``NeuralClassifier`` (binary, multiclass and multi-label targets, told apart by
scikit-learn's ``type_of_target``) and ``NeuralRegressor`` drop into a
``Pipeline``, ``GridSearchCV`` or ``cross_val_score`` like any scikit-learn
model::

    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from fourfold.sklearn import NeuralRegressor

    model = make_pipeline(StandardScaler(), NeuralRegressor(epochs=300, batch_size=32))
    model.fit(x_train, y_train).score(x_test, y_test)   # R^2

The names are imported on first use, and Keras only when an estimator is first
fitted or unpickled: ``import fourfold.sklearn`` stays light.
"""

from __future__ import annotations

from importlib import import_module

#: Each public name and the module that defines it.
_EXPORTS = {
    "NeuralClassifier": "fourfold.sklearn.classifier",
    "NeuralRegressor": "fourfold.sklearn.regressor",
}

__all__ = ["NeuralClassifier", "NeuralRegressor"]

TYPE_CHECKING = False  # as typing's, without importing typing
if TYPE_CHECKING:
    from fourfold.sklearn.classifier import NeuralClassifier
    from fourfold.sklearn.regressor import NeuralRegressor


def __getattr__(name: str):
    """Import a public name from its module the first time it is asked for."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'fourfold.sklearn' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
