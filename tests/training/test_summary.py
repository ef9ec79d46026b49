"""K-fold summaries on synthetic fold outputs: the ensemble is the mean of the folds'
outputs, scored by the task; the run's record has no primary fold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fourfold.predict.predictor import average_scores
from fourfold.recipes import load_recipe
from fourfold.runs.records import Curve, DataSummary, Headline, MemberMetrics, RunMetrics
from fourfold.tasks import get_task
from fourfold.training.summary import ENSEMBLE, EnsembleMetrics, evaluate_ensemble, summarise_run


def test_average_scores_is_the_mean_of_the_probabilities():
    folds = [np.array([[0.2, 0.8], [0.9, 0.1]]), np.array([[0.6, 0.4], [0.7, 0.3]]),
             np.array([[0.1, 0.9], [0.8, 0.2]])]
    averaged = average_scores(folds)
    np.testing.assert_allclose(averaged, [[0.3, 0.7], [0.8, 0.2]])
    np.testing.assert_allclose(averaged.sum(axis=1), 1.0)  # softmax rows stay distributions


def test_average_scores_refuses_nothing_and_mixed_shapes():
    with pytest.raises(ValueError, match="at least one model"):
        average_scores([])
    with pytest.raises(ValueError, match="one shape"):
        average_scores([np.zeros((2, 3)), np.zeros((3, 3))])


def test_the_ensemble_is_scored_by_the_task_on_the_mean_of_the_folds():
    task = get_task("multiclass")
    names = ["a", "b", "c"]
    y_test = np.array([0, 1, 2, 1])
    # Each fold alone gets one row wrong; their mean gets every row right.
    folds = [np.array([[0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.1, 0.2, 0.7], [0.1, 0.8, 0.1]]),
             np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.1, 0.5, 0.4], [0.2, 0.7, 0.1]]),
             np.array([[0.3, 0.4, 0.3], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.1, 0.8, 0.1]])]
    y_train = np.array([0, 1, 2])
    out_of_fold = np.eye(3) * 0.8 + 0.2 / 3
    result = evaluate_ensemble(task, folds, out_of_fold, y_train=y_train, y_test=y_test,
                               class_names=names)
    mean = np.mean(folds, axis=0)
    np.testing.assert_allclose(result.scores, mean)
    expected = task.evaluate(y_test, mean, names)
    assert result.test["accuracy"] == expected["accuracy"] == 1.0
    assert [task.evaluate(y_test, fold, names)["accuracy"] for fold in folds] == [0.75] * 3
    assert result.test["loss"] == pytest.approx(task.loss_value(y_test, mean))
    assert result.validation["accuracy"] == 1.0  # the out-of-fold rows, all right
    assert result.validation["loss"] == pytest.approx(task.loss_value(y_train, out_of_fold))


def test_regression_ensemble_averages_values():
    task = get_task("regression")
    folds = [np.array([[1.0], [4.0]]), np.array([[3.0], [2.0]])]
    result = evaluate_ensemble(task, folds, np.array([[0.0], [1.0]]),
                               y_train=np.array([0.0, 1.0]), y_test=np.array([2.0, 2.0]),
                               class_names=[])
    np.testing.assert_allclose(result.scores, [[2.0], [3.0]])
    assert result.test["mae"] == pytest.approx(0.5)
    assert result.validation["mae"] == pytest.approx(0.0)


def test_unlabelled_test_rows_give_no_test_metrics():
    task = get_task("binary")
    result = evaluate_ensemble(task, [np.array([0.2, 0.9]), np.array([0.4, 0.7])],
                               np.array([0.1, 0.8]), y_train=np.array([0, 1]), y_test=None,
                               class_names=["no", "yes"])
    assert result.test == {}
    np.testing.assert_allclose(result.scores, [0.3, 0.8])


def test_multilabel_decoding_is_tuned_on_the_out_of_fold_outputs():
    task = get_task("multilabel")
    y_train = np.array([[1, 0], [0, 1], [1, 1], [0, 0]])
    # Label 0 is present exactly when its out-of-fold score is above 0.3.
    out_of_fold = np.array([[0.35, 0.1], [0.2, 0.9], [0.4, 0.8], [0.1, 0.2]])
    result = evaluate_ensemble(task, [out_of_fold], out_of_fold, y_train=y_train,
                               y_test=y_train, class_names=["red", "shirt"])
    assert result.decoding is not None
    assert result.test["subset_accuracy"] == 1.0  # a 0.5 threshold would miss label 0 twice


def _member(name: str, test_mae: float, *, train: int, validation: int,
            cls=MemberMetrics, **extra) -> MemberMetrics:
    return cls(recipe="boston", task="regression", dataset="boston", model=name, parameters=3009,
               class_names=[], label_groups=None,
               data=DataSummary(train=train, validation=validation, train_class_counts=None,
                                test=102, input_shape=[13], source=None, notes=[]),
               test={"loss": test_mae ** 2, "mae": test_mae},
               validation={"loss": 9.0, "loss_se": 1.0, "mae": 2.0},
               headline=Headline(name="mae", value=test_mae, higher_is_better=False,
                                 textbook=2.26),
               baseline={"name": "mean", "predicts": 22.0, "mae": 6.59},
               curve=None if cls is EnsembleMetrics else Curve(
                   monitor="val_loss", best_epoch=10, best_value=9.0, onset_epoch=None,
                   epochs_run=20, explanation=""),
               timings={"fit_seconds": 1.0, "evaluate_seconds": 0.1}, seed=777, **extra)


def _folds(run_dir: Path) -> list:
    sizes = [(269, 135), (269, 135), (270, 134)]
    return [(f"fold-{k}", run_dir / "folds" / f"fold-{k}",
             _member(f"fold-{k}", mae, train=train, validation=validation))
            for k, (mae, (train, validation)) in enumerate(zip((2.0, 3.0, 4.0), sizes), start=1)]


def test_a_kfold_ensemble_run_has_no_primary_fold(tmp_path):
    recipe = load_recipe("boston", updates={"kfold.n_splits": 3})
    ensemble = _member(ENSEMBLE, 2.5, train=404, validation=0, cls=EnsembleMetrics)
    members = _folds(tmp_path) + [(ENSEMBLE, tmp_path, ensemble)]
    record = summarise_run(members, tmp_path, recipe, get_task("regression"))
    assert record.primary == record.model == ENSEMBLE
    assert [m.name for m in record.members] == ["fold-1", "fold-2", "fold-3", ENSEMBLE]
    assert record.members[-1].dir == "."
    assert record.headline.value == pytest.approx(3.0)
    assert record.headline.std == pytest.approx(1.0)
    assert record.kfold.final == "ensemble"
    assert record.kfold.ensemble_test == {"loss": 6.25, "mae": 2.5}
    assert record.test["mae"] == 2.5
    sizes = record.kfold.sizes
    assert (sizes.train, sizes.test, sizes.refit) == (404, 102, None)
    assert [(f.fold, f.train, f.validation) for f in sizes.folds] == [
        (1, 269, 135), (2, 269, 135), (3, 270, 134)]
    assert (record.data.train, record.data.validation, record.data.test) == (404, 0, 102)
    assert record.timings.fit_seconds == pytest.approx(4.0)  # every member's fit, summed
    # It round-trips through its file, and the file leaves out the ensemble's decoding.
    again = RunMetrics.model_validate(record.to_dict())
    assert again == record and "decoding" not in record.to_dict()


def test_a_kfold_refit_run_names_the_refit_member(tmp_path):
    recipe = load_recipe("boston", updates={"kfold.n_splits": 3, "kfold.final": "refit"})
    refit = _member("refit", 2.2, train=270, validation=134)
    members = _folds(tmp_path) + [("refit", tmp_path / "refit", refit)]
    record = summarise_run(members, tmp_path, recipe, get_task("regression"))
    assert record.primary == "refit" and record.primary_member.dir == "refit"
    assert record.kfold.final == "refit" and record.kfold.ensemble_test["mae"] == 2.2
    assert (record.kfold.sizes.refit.train, record.kfold.sizes.refit.validation) == (270, 134)
    assert record.data.train == 404 and record.curve.best_epoch == 10


def test_the_final_model_must_come_last(tmp_path):
    recipe = load_recipe("boston", updates={"kfold.n_splits": 3})
    with pytest.raises(ValueError, match="final model 'ensemble'; received 'fold-3'"):
        summarise_run(_folds(tmp_path), tmp_path, recipe, get_task("regression"))
