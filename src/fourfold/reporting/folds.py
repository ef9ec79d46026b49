"""The K-fold section of a report: one row per fold, mean and standard deviation,
the final model's (``kfold.final``: ensemble or refit) test score, the textbook's fold
figures beside."""

from __future__ import annotations

from fourfold.messages import text
from fourfold.runs.records import RunMetrics


def folds_section(metrics: RunMetrics, format_number, metric_label) -> dict | None:
    """Rows and a sentence for the run's ``kfold``, or ``None`` for a holdout run.

    Args:
        metrics: the run's top-level ``metrics.json``.
        format_number: how the report formats numbers.
        metric_label: how the report names a metric.
    """
    kfold = metrics.kfold
    if not kfold:
        return None
    name = metrics.headline.name
    textbook = kfold.textbook or []
    rows = []
    for index, fold in enumerate(kfold.folds):
        rows.append({
            "fold": str(fold.fold),
            "validation": format_number(fold.validation.get(name)),
            "test": format_number(fold.test.get(name)),
            "best_epoch": format_number(fold.best_epoch),
            "textbook": format_number(textbook[index]) if index < len(textbook) else "",
            "summary": False,
        })
    for statistic, validation, test, beside in (
            ("mean", kfold.validation.mean, kfold.test.mean, format_number(kfold.textbook_mean)),
            ("std", kfold.validation.std, kfold.test.std, "")):
        rows.append({
            "fold": text(f"report.folds.{statistic}"),
            "validation": format_number(validation.get(name)),
            "test": format_number(test.get(name)),
            "best_epoch": "",
            "textbook": beside if textbook else "",
            "summary": True,
        })
    if kfold.final and kfold.ensemble_test is not None:  # the run's model, beside the mean
        rows.append({"fold": kfold.final, "validation": "",
                     "test": format_number(kfold.ensemble_test.get(name)), "best_epoch": "",
                     "textbook": "", "summary": True})
    return {
        "final": kfold.final,
        "metric": metric_label(name),
        "rows": rows,
        "has_textbook": bool(textbook),
        "sentence": text("report.folds.sentence", k=kfold.n_splits,
                         scale=text(f"report.folds.scale.{kfold.scale}"),
                         stratified=text("report.folds.stratified") if kfold.stratified else ""),
    }
