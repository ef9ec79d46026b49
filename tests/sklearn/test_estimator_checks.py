"""scikit-learn's own estimator checks, on small networks trained for a few epochs.

The instances are small (one hidden layer of 8 units, 3 epochs) only to keep the
checks quick; the estimators' defaults are the textbook's. Every check passes:
none needs ``parametrize_with_checks(..., expected_failed_checks=...)``. What a neural
network cannot promise is declared in the estimators' ``__sklearn_tags__``:
``poor_score``, because a network trained for a fixed number of epochs on the
checks' toy problems need not reach their accuracy or R^2 bar (real data is
tested in test_real_data.py). ``non_deterministic`` stays false: seeded fits
reproduce exactly, and the checks that compare two fits rely on it.
"""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

from fourfold.sklearn import NeuralClassifier, NeuralRegressor

SMALL = {"hidden_units": (8,), "epochs": 3, "random_state": 0}


@parametrize_with_checks([NeuralClassifier(**SMALL), NeuralRegressor(**SMALL)])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_the_tags_say_what_a_network_cannot_promise():
    for estimator in (NeuralClassifier(), NeuralRegressor()):
        tags = estimator.__sklearn_tags__()
        kind = tags.classifier_tags or tags.regressor_tags
        assert kind.poor_score and not tags.non_deterministic
        assert not tags.input_tags.sparse and not tags.input_tags.allow_nan
    assert NeuralClassifier().__sklearn_tags__().classifier_tags.multi_label
