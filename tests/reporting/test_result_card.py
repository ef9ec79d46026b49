"""The result card, the model summary, the chapter's questions, softmax beside sigmoid
and K-fold as one result, rendered from the synthetic run folders of conftest.py."""

from __future__ import annotations

import re

import numpy as np
import pytest

from fourfold.reporting import card
from fourfold.reporting.html import build_report
from fourfold.runs.record_files import RUN_METRICS_FILE
from fourfold.runs.records import FoldRow, FoldSizes, FoldStatistics, KFold, KFoldSizes

from .conftest import EVIL

MAE = "MAE (mean absolute error)"


def _page(run_dir) -> str:
    return build_report(run_dir).read_text(encoding="utf-8")


def _section(page: str, name: str) -> str:
    match = re.search(rf'<section id="{name}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def _rewrite(run_dir, **update):
    record = RUN_METRICS_FILE.read(run_dir)
    RUN_METRICS_FILE.write(run_dir, record.model_copy(update=update))


def test_card_shows_headline_textbook_baseline_verdict_and_best_epoch(regression_run):
    result = _section(_page(regression_run), "result")
    assert f"{MAE} 2.26" in result
    assert "Better than the baseline." not in result  # the textbook's figure decides
    assert f"Matches the textbook&#39;s {MAE} of 2.2600." in result
    assert f"Baseline (training mean) {MAE}</dt><dd>6.5000" in result
    assert "Best epoch 8 of 8" in result
    assert 'class="warnings"' not in result  # better than the baseline, no early onset


def test_every_textbook_figure_with_units(regression_run, monkeypatch):
    import yaml

    config = regression_run / "config.yaml"
    recipe = yaml.safe_load(config.read_text())
    recipe["textbook"] = {"mae": 2.26, "mse": 9.40}
    config.write_text(yaml.safe_dump(recipe))
    units = card.Units(name="$1000s", scale=1000, prefix="$")
    monkeypatch.setattr(card, "dataset_units", lambda name: units)
    result = _section(_page(regression_run), "result")
    assert f"{MAE} 2.26 $1000s, about $2,260 off" in result
    assert f"Textbook {MAE}</dt><dd>2.2600 $1000s" in result
    assert "Textbook MSE (mean squared error)</dt><dd>9.4000 ($1000s)²" in result


def test_units_come_from_the_catalogue_field_when_it_exists(monkeypatch):
    from fourfold.datasets import catalog

    class Spec:
        target_units = {"name": "$1000s", "scale": 1000, "prefix": "$"}

    monkeypatch.setattr(catalog, "get_spec", lambda name: Spec())
    assert card.dataset_units("boston") == card.Units("$1000s", 1000.0, "$")
    monkeypatch.setattr(catalog, "get_spec", lambda name: object())
    assert card.dataset_units("boston") is None
    assert card.Units("$1000s", 1000, "$").amount(2.1) == "$2,100"


def test_worse_than_baseline_warns(regression_run):
    record = RUN_METRICS_FILE.read(regression_run)
    headline = record.headline.model_copy(update={"value": 22.8})
    _rewrite(regression_run, headline=headline)
    result = _section(_page(regression_run), "result")
    assert f"Worse than the baseline: {MAE} 22.8000 against the baseline&#39;s 6.5000." in result
    assert "the model has not learned anything useful yet" in result


def test_early_onset_warns_and_a_late_one_does_not(multiclass_run, two_model_run):
    # multiclass_run: onset after epoch 5 of 8 (late); two_model_run's primary never overfits.
    assert "Overfitting set in early" not in _section(_page(multiclass_run), "result")
    record = RUN_METRICS_FILE.read(multiclass_run)
    early = record.curve.model_copy(update={"onset_epoch": 3})
    member = record.members[0].model_copy(update={"curve": early})
    _rewrite(multiclass_run, curve=early, members=[member])
    assert ("Overfitting set in early: after epoch 3 of 8"
            in _section(_page(multiclass_run), "result"))


def test_unscaled_inputs_warn_only_when_ranges_differ(multiclass_run):
    import yaml

    config = multiclass_run / "config.yaml"
    recipe = yaml.safe_load(config.read_text())
    assert "10 times" not in _page(multiclass_run)  # no scaler named: nothing said
    recipe["preprocess"] = {"scaler": "none"}
    config.write_text(yaml.safe_dump(recipe))
    samples = dict(np.load(multiclass_run / "samples.npz"))
    samples["train_images"][:, 0, 0] = 0  # a border pixel that never changes
    samples["test_images"][:, 0, 0] = 0
    np.savez(multiclass_run / "samples.npz", **samples)
    result = _section(_page(multiclass_run), "result")
    assert "Inputs left unscaled (preprocess.scaler none)" in result
    assert "differ from 0 to 2" in result and "--set preprocess.scaler=standard" in result
    even = {"train_images": np.tile([[0.0, 1.0], [5.0, 6.0]], (3, 1)),
            "test_images": np.array([[1.0, 5.0]])}
    assert card.unscaled_ranges("none", even) is None  # ranges 5 and 5
    assert card.unscaled_ranges("standard", samples) is None


def test_model_summary_matches_count_params(regression_run):
    import keras

    inputs = keras.Input((13,))
    hidden = keras.layers.Dense(64, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Dense(32)(hidden)))
    model.save(regression_run / "model.keras")
    section = _section(_page(regression_run), "model-summary")
    total = model.count_params()
    assert f"{total:,} parameters: {total:,} trainable, 0 not trainable." in section
    assert "(None, 64)" in section and section.count("<tr>") == 1 + len(model.layers)


def test_questions_name_the_remedies_with_set(multiclass_run):
    questions = _section(_page(multiclass_run), "questions")
    assert "validation loss was lowest at epoch 5 of 8" in questions
    for setting in ("training.early_stopping_patience=5", "model.dropout=0.2",
                    "model.l2=0.001"):
        assert f"<code>--set {setting}</code>" in questions
    smaller = card.remedies({"hidden_units": [64, 32]}, {})[-1]
    assert (smaller["name"], smaller["setting"]) == ("A smaller model",
                                                     "model.hidden_units=[32,16]")


def test_remedies_follow_the_settings_used():
    found = card.remedies({"dropout": 0.3, "l2": 0.001, "hidden_units": [1]},
                          {"early_stopping_patience": 10})
    assert [remedy["setting"] for remedy in found] == ["model.dropout=0.5", "model.l2=0.01"]


def test_no_onset_suggests_training_longer(regression_run):
    questions = _section(_page(regression_run), "questions")
    assert "was still falling at the end of its 8 epochs" in questions
    assert "<code>--set training.epochs=16</code>" in questions
    assert "--set model.dropout" not in questions


def test_deeper_model_parameters_and_onset(two_model_run):
    # Equal counts in the fixture: no "bigger" model is claimed.
    assert "Why does the bigger model overfit?" not in _section(_page(two_model_run), "questions")
    curves = [("dense-64-32", {"onset_epoch": None, "best_epoch": 8, "epochs_run": 8}, 52650),
              ("dense-128-128-32", {"onset_epoch": 4, "best_epoch": 4, "epochs_run": 8}, 121642)]
    answered = card.questions(curves=curves, config={}, folds=None, format_number=str)
    assert answered["deeper"] == (
        "dense-128-128-32 has 121,642 parameters against dense-64-32's 52,650, and starts to "
        "overfit after epoch 4 (against none): more parameters can memorise the training rows "
        "sooner.")


def test_softmax_beside_sigmoid_on_test_rows(multiclass_run):
    section = _section(_page(multiclass_run), "activation")
    assert "This model ends in softmax" in section
    assert section.count("<caption>") == card.ACTIVATION_ROWS
    # p = 1/3 each: equal logits centred at 0, softmax 1/3 each (sum 1), sigmoid 0.5 each.
    assert "<td class=\"number\">0.333</td><td class=\"number\">0.500</td>" in section
    assert "1.000</td><td class=\"number\">1.500" in section
    assert "<code>fourfold explain softmax 0.00 0.00 0.00</code>" in section
    assert EVIL not in section and "&lt;script&gt;" in section


def test_regression_has_no_activation_table(regression_run):
    assert 'id="activation"' not in _page(regression_run)


def test_settings_actually_used_are_shown(multiclass_run):
    page = _page(multiclass_run)
    assert "<strong>Settings used:</strong> 8 epochs, batch 4, seed 777" in page
    line = card.settings_line({"training": {"epochs": 30, "batch_size": 128},
                               "model": {"hidden_units": [128, 64]}}, epochs_run=3)
    assert line == "dense 128-64 (relu), 30 epochs (3 run), batch 128"
    line = card.settings_line({"model": {"hidden_units": [8], "augmentation": ["horizontal_flip"]},
                               "seed": 1}, devices=["gpu:0", "gpu:1"])
    assert line == ("dense 8 (relu), random horizontal flip in training, seed 1, "
                    "data-parallel on 2 devices")


def test_prediction_grid_counts_the_mistakes_added(multiclass_run):
    samples = dict(np.load(multiclass_run / "samples.npz"))
    assert "added on purpose" not in _page(multiclass_run)  # rows 0..7: none added
    from fourfold.evaluation.member import GRID_FIRST_ROWS

    assert samples["test_rows"].max() < GRID_FIRST_ROWS


def test_kfold_is_one_result(regression_run):
    record = RUN_METRICS_FILE.read(regression_run)
    folds = [FoldRow(fold=k, best_epoch=b, validation={"mae": v}, test={"mae": t})
             for k, b, v, t in ((1, 40, 2.4, 3.75), (2, 55, 2.2, 4.1), (3, 60, 2.5, 4.03))]
    kfold = KFold(n_splits=3, stratified=False, scale="per_fold", folds=folds,
                  validation=FoldStatistics.over([f.validation for f in folds]),
                  test=FoldStatistics.over([f.test for f in folds]), textbook=[2.06, 1.94, 2.15],
                  final="ensemble", ensemble_test={"mae": 3.7},
                  sizes=KFoldSizes(train=404, test=102, folds=[
                      FoldSizes(fold=k, train=269 + (k == 1), validation=135 - (k == 1))
                      for k in (1, 2, 3)]))
    headline = record.headline.model_copy(update={"value": 3.96, "std": 0.19,
                                                  "aggregate": "mean over 3 folds"})
    _rewrite(regression_run, kfold=kfold, headline=headline)
    page = _page(regression_run)
    assert "<dd>dense-64-32: the average (ensemble) of 3 fold models</dd>" in page
    assert f"{MAE} 3.96 ± 0.19" in _section(page, "result")
    assert f"Ensemble of the folds, {MAE}</dt><dd>3.7000" in _section(page, "result")
    assert "Best epoch of each fold: 40, 55, 60." in _section(page, "result")
    data = _section(page, "data")
    assert "Training rows (all folds)</dt><dd>404" in data and "<dd>102</dd>" in data
    assert "Fold 2: fit on 269 rows, held out 135" in data
    metrics = _section(page, "metrics")
    assert "Folds&#39; mean ± std" in metrics and "<th class=\"number\">Ensemble</th>" in metrics
    assert "3.9600 ± 0.1868" in metrics or "3.9600 ± 0.1" in metrics
    assert "<td class=\"number\">3.7000</td>" in metrics
    assert "Why do the folds differ?" in page and "ranges from 3.7500 to 4.1000" in page


def test_korean_card(regression_run):
    from fourfold.messages import set_language

    set_language("ko")
    result = _section(_page(regression_run), "result")
    assert "결과" in result and "교재의" in result


@pytest.mark.parametrize("fixture", ["multiclass_run", "regression_run", "two_model_run"])
def test_every_table_scrolls(fixture, request):
    page = _page(request.getfixturevalue(fixture))
    assert page.count("<table") == page.count('<div class="scroll"><table')


def test_unscaled_table_features_warn_from_the_recorded_spreads():
    """A table fed unscaled keeps no example rows: the training rows' feature ranges
    (``data.feature_spreads``) tell instead."""
    found = card.unscaled_ranges("none", None, [0.5, 2.0, 711.0])
    assert found == {"narrow": "0.5", "wide": "711", "low": "", "high": "", "rows": None}
    assert card.unscaled_ranges("none", None, [1.0, 8.0]) is None  # within 10 times
    assert card.unscaled_ranges("standard", None, [0.5, 711.0]) is None


@pytest.mark.slow
def test_an_unscaled_table_run_records_its_spreads_and_the_report_warns(tmp_path):
    """Boston-like columns of very different ranges, preprocess.scaler none, one epoch."""
    import pandas as pd

    from fourfold.cli import main

    rng = np.random.default_rng(0)
    table = tmp_path / "houses.csv"
    pd.DataFrame({"rooms": rng.uniform(3, 9, 120), "tax": rng.uniform(180, 711, 120),
                  "nox": rng.uniform(0.38, 0.87, 120),
                  "price": rng.uniform(5, 50, 120)}).to_csv(table, index=False)
    out = tmp_path / "runs"
    assert main(["run", str(table), "--target", "price", "--epochs", "1", "--quiet",
                 "--set", "preprocess.scaler=none", "--set", "compare_with=[]",
                 "--out", str(out)]) == 0
    (run_dir,) = out.iterdir()
    import json

    spreads = json.loads((run_dir / "metrics.json").read_text())["data"]["feature_spreads"]
    assert len(spreads) == 3 and max(spreads) > 400 and min(spreads) < 1
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "over the training rows the features&#39; ranges run from" in page \
        or "over the training rows the features' ranges run from" in page
