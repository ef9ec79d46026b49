"""The scikit-learn estimator checks a neural network cannot pass, and why.

scikit-learn 1.6 moved expected check failures out of the estimator's tags
(the ``_xfail_checks`` tag is gone) into the ``expected_failed_checks``
argument of ``parametrize_with_checks`` and ``check_estimator``; this is the
function to pass there::

    from sklearn.utils.estimator_checks import parametrize_with_checks
    from fourfold.sklearn import NeuralClassifier, expected_failed_checks

    @parametrize_with_checks([NeuralClassifier(epochs=3)],
                             expected_failed_checks=expected_failed_checks)
    def test_sklearn_compatible(estimator, check):
        check(estimator)
"""

from __future__ import annotations

#: Checks every fourfold estimator fails, with the reason.
_ALL: dict[str, str] = {}

#: Checks only the classifier fails, with the reason.
_CLASSIFIER: dict[str, str] = {}

#: Checks only the regressor fails, with the reason.
_REGRESSOR: dict[str, str] = {}


def expected_failed_checks(estimator) -> dict[str, str]:
    """``{check name: why a neural network fails it}`` for a fourfold estimator."""
    from sklearn.base import is_classifier

    return {**_ALL, **(_CLASSIFIER if is_classifier(estimator) else _REGRESSOR)}
