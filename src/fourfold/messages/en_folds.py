"""English messages of K-fold runs' results: the fold table's final model, ``predict`` on an
ensemble, ``fourfold runs``' mean ± std."""

FOLDS = {
    "folds.headline": "Test {name}: {mean} ± {std} (mean ± std over {k} folds)",
    "folds.final.ensemble": "Ensemble of the {k} fold models (kfold.final: ensemble), test {name}: {value}",
    "folds.final.refit": "Refit model on the training rows (kfold.final: refit), test {name}: {value}",
    "folds.final.no_test": "The final model ({final}) has no test score: the test rows have no labels.",
    "folds.predict.ensemble": "Averaged over the {k} fold models (kfold.final: ensemble)",
}
