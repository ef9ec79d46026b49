"""scikit-learn's own estimator checks, on small networks trained for a few epochs.

The instances are small (one hidden layer of 8 units, 3 epochs) only to keep the
checks quick; the estimators' defaults are the textbook's. Two checks may fail by
one unit in the last place of a float32 (see :data:`FLOAT32_ROUNDING`), and are
declared as expected failures with that reason (not strict: they pass on most
machines). What a neural network cannot promise is declared in the estimators'
``__sklearn_tags__``:
``poor_score``, because a network trained for a fixed number of epochs on the
checks' toy problems need not reach their accuracy or R^2 bar (real data is
tested in test_real_data.py). ``non_deterministic`` stays false: seeded fits
reproduce exactly, and the checks that compare two fits rely on it.
"""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

from fourfold.sklearn import NeuralClassifier, NeuralRegressor

SMALL = {"hidden_units": (8,), "epochs": 3, "random_state": 0}

#: Why a network's predictions may differ in the last float32 bit when the same rows come
#: in another order or subset: XLA computes a batch's rows in vectorised blocks, and a
#: row's place in the batch can change its rounding (seen here: 0.41356391 vs 0.41356385,
#: one float32 ulp); scikit-learn compares with rtol 1e-7, below float32's 1.2e-7 epsilon.
FLOAT32_ROUNDING = ("float32 network: a row's prediction may change by one unit in the last "
                    "place with its position in the batch; the check's rtol=1e-7 is below "
                    "float32 precision")


def _expected_failures(estimator) -> dict[str, str]:
    return {check: FLOAT32_ROUNDING for check in ("check_methods_sample_order_invariance",
                                                  "check_methods_subset_invariance")}


@parametrize_with_checks([NeuralClassifier(**SMALL), NeuralRegressor(**SMALL)],
                         expected_failed_checks=_expected_failures, xfail_strict=False)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_the_tags_say_what_a_network_cannot_promise():
    for estimator in (NeuralClassifier(), NeuralRegressor()):
        tags = estimator.__sklearn_tags__()
        kind = tags.classifier_tags or tags.regressor_tags
        assert kind.poor_score and not tags.non_deterministic
        assert not tags.input_tags.sparse and not tags.input_tags.allow_nan
    assert NeuralClassifier().__sklearn_tags__().classifier_tags.multi_label


def test_row_order_changes_predictions_by_float32_rounding_at_most():
    """What the two expected failures still promise: the same rows in another order or
    subset get the same predictions to float32 precision."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4))
    y = x @ [1.0, -2.0, 0.5, 0.0] + 3.0
    model = NeuralRegressor(**SMALL).fit(x, y)
    order = rng.permutation(len(x))
    np.testing.assert_allclose(model.predict(x[order]), model.predict(x)[order], rtol=1e-6)
    np.testing.assert_allclose(model.predict(x[:7]), model.predict(x)[:7], rtol=1e-6)
