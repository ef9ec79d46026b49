"""``NeuralClassifier``: binary, multiclass and multi-label targets in one estimator."""

from __future__ import annotations

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, type_of_target

from fourfold.sklearn._base import NeuralEstimator

#: fourfold's task for each classification target kind ``type_of_target`` names.
TASK_OF_TARGET = {"binary": "binary", "multiclass": "multiclass",
                  "multilabel-indicator": "multilabel"}
#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before their logarithm.
EPSILON = 1e-12


class NeuralClassifier(ClassifierMixin, NeuralEstimator):
    """A fourfold dense network as a scikit-learn classifier.

    The target decides the task, as scikit-learn's ``type_of_target`` names it:
    ``binary`` (one sigmoid unit, binary cross-entropy), ``multiclass`` (K
    softmax units, categorical cross-entropy) or ``multilabel-indicator`` (an
    ``(n, K)`` 0/1 matrix: K sigmoid units, binary cross-entropy, each label on
    at probability 0.5). The output layers, losses and label encodings are
    fourfold's task registry's, as in ``fourfold run``.

    Args: see :class:`~fourfold.sklearn._base.NeuralEstimator`.

    Attributes:
        classes_: the class labels, sorted (single-label), or ``arange(K)``, the
            label columns (multi-label).
        target_type_: ``"binary"``, ``"multiclass"`` or ``"multilabel-indicator"``.
        model_, history_, best_epoch_, n_features_in_, feature_names_in_: see
            :class:`~fourfold.sklearn._base.NeuralEstimator`.

    Example:
        >>> from fourfold.sklearn import NeuralClassifier
        >>> model = NeuralClassifier(hidden_units=(64, 32), epochs=30, random_state=777)
        >>> model.fit(x_train, y_train).score(x_test, y_test)  # doctest: +SKIP
        0.96
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        # A network trained for a fixed number of epochs on the checks' 30-row toy
        # problems need not reach their accuracy bar (0.83); real data is tested instead.
        tags.classifier_tags.poor_score = True
        return tags

    def fit(self, X, y):
        """Fit a fresh network on rows ``X`` and targets ``y``.

        Args:
            X: array-like of shape ``(n, features)``.
            y: class labels ``(n,)`` (two or more distinct values, any type), or a
                0/1 label matrix ``(n, K)``.

        Returns:
            ``self``.

        Raises:
            ValueError: for a continuous target, a single class, or invalid parameters.
        """
        x, y = self._validate_training_data(X, y, multi_output=True)
        if y.ndim == 2 and y.shape[1] == 1:
            from sklearn.utils.validation import column_or_1d

            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.target_type_ = type_of_target(y, input_name="y")
        if self.target_type_ not in TASK_OF_TARGET:
            raise ValueError(f"NeuralClassifier learns binary, multiclass and multilabel-indicator "
                             f"targets; y is {self.target_type_}.")
        task = _task(self.target_type_)
        if self.target_type_ == "multilabel-indicator":
            self.classes_ = np.arange(y.shape[1])
            self._label_dtype = y.dtype
            encoded = y
        else:
            self.classes_, encoded = np.unique(y, return_inverse=True)
            if len(self.classes_) < 2:
                raise ValueError(f"NeuralClassifier needs at least 2 classes to learn; y has "
                                 f"1 class: {self.classes_.tolist()[0]!r}.")
        return self._fit_network(x, encoded, task, num_outputs=len(self.classes_))

    def predict(self, X):
        """Class labels ``(n,)``, or 0/1 label rows ``(n, K)`` in ``y``'s dtype."""
        scores = self._scores(X)
        decoded = _task(self.target_type_).decode(scores)
        if self.target_type_ == "multilabel-indicator":
            return decoded.astype(self._label_dtype)
        return self.classes_[decoded]

    def predict_proba(self, X):
        """Probabilities, float64: ``(n, classes)`` rows summing to one (single-label), or
        each label's probability ``(n, K)`` (multi-label)."""
        scores = self._scores(X)
        if self.target_type_ == "binary":
            positive = scores.ravel()
            return np.column_stack([1.0 - positive, positive])
        if self.target_type_ == "multiclass":
            return scores / scores.sum(axis=1, keepdims=True)
        return scores

    def predict_log_proba(self, X):
        """The logarithm of :meth:`predict_proba` (clipped away from 0)."""
        return np.log(np.clip(self.predict_proba(X), EPSILON, None))

    def decision_function(self, X):
        """Scores whose sign or argmax gives :meth:`predict`: the positive class's (or each
        label's) log-odds, ``(n,)`` (or ``(n, K)``), from the sigmoid; the log-probability
        of each class, ``(n, classes)``, from the softmax."""
        scores = self._scores(X)
        if _task(self.target_type_).activation == "softmax":
            return np.log(np.clip(scores / scores.sum(axis=1, keepdims=True), EPSILON, None))
        probabilities = np.clip(scores, EPSILON, 1.0 - EPSILON)
        logits = np.log(probabilities) - np.log1p(-probabilities)
        return logits.ravel() if self.target_type_ == "binary" else logits


def _task(target_type: str):
    """fourfold's task for a classification target kind."""
    from fourfold.tasks import get_task

    return get_task(TASK_OF_TARGET[target_type])
