"""``NeuralRegressor``: one value per row."""

from __future__ import annotations

from sklearn.base import RegressorMixin

from fourfold.sklearn._base import NeuralEstimator


class NeuralRegressor(RegressorMixin, NeuralEstimator):
    """A fourfold dense network as a scikit-learn regressor.

    fourfold's regression task: one linear unit and mean squared error. The
    network learns the target standardized with the training rows' mean and
    standard deviation, and a fixed last layer turns its output back into the
    target's units (``preprocess.scale_target`` of a recipe), so a target in the
    hundreds trains as fast as one near 1.

    Args: see :class:`~fourfold.sklearn._base.NeuralEstimator`.

    Attributes:
        model_, history_, best_epoch_, n_features_in_, feature_names_in_: see
            :class:`~fourfold.sklearn._base.NeuralEstimator`.

    Example:
        >>> from sklearn.pipeline import make_pipeline
        >>> from sklearn.preprocessing import StandardScaler
        >>> from fourfold.sklearn import NeuralRegressor
        >>> model = make_pipeline(StandardScaler(), NeuralRegressor(epochs=300, batch_size=32))
        >>> model.fit(x_train, y_train).score(x_test, y_test)  # doctest: +SKIP
        0.87
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # A network trained for a fixed number of epochs on the checks' toy problems
        # need not reach their R^2 bar; real data is tested instead.
        tags.regressor_tags.poor_score = True
        return tags

    def fit(self, X, y):
        """Fit a fresh network on rows ``X`` and values ``y``.

        Args:
            X: array-like of shape ``(n, features)``.
            y: array-like of shape ``(n,)``; a column ``(n, 1)`` is accepted with a
                ``DataConversionWarning``.

        Returns:
            ``self``.

        Raises:
            ValueError: for invalid data or parameters.
        """
        from fourfold.tasks import get_task

        x, y = self._validate_training_data(X, y, y_numeric=True)
        return self._fit_network(x, y, get_task("regression"), num_outputs=1)

    def predict(self, X):
        """Predicted values, float64 of shape ``(n,)``."""
        from fourfold.tasks import get_task

        return get_task("regression").decode(self._scores(X))
