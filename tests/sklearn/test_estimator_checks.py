"""scikit-learn's own estimator checks, on small networks trained for a few epochs.

The instances are small (one hidden layer of 8 units, 3 epochs) only to keep the
checks quick; the estimators' defaults are the textbook's. Checks a neural
network cannot pass are listed, with the reason, by
:func:`fourfold.sklearn.expected_failed_checks`, and run as expected failures.
"""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

from fourfold.sklearn import NeuralClassifier, NeuralRegressor, expected_failed_checks

SMALL = {"hidden_units": (8,), "epochs": 3, "random_state": 0}


@parametrize_with_checks([NeuralClassifier(**SMALL), NeuralRegressor(**SMALL)],
                         expected_failed_checks=expected_failed_checks)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)
