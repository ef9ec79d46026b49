"""The K-fold section of a report: one row per fold, mean and standard deviation,
the textbook's fold figures beside."""

from __future__ import annotations

from fourfold.messages import text


def folds_section(metrics: dict, format_number, metric_label) -> dict | None:
    """Rows and a sentence for ``metrics["kfold"]``, or ``None`` for a holdout run.

    Args:
        metrics: the run's top-level ``metrics.json``.
        format_number: how the report formats numbers.
        metric_label: how the report names a metric.
    """
    kfold = metrics.get("kfold")
    if not kfold:
        return None
    name = metrics["headline"]["name"]
    textbook = kfold.get("textbook") or []
    rows = []
    for index, fold in enumerate(kfold["folds"]):
        rows.append({
            "fold": str(fold["fold"]),
            "validation": format_number(fold["validation"].get(name)),
            "test": format_number(fold["test"].get(name)),
            "best_epoch": format_number(fold.get("best_epoch")),
            "textbook": format_number(textbook[index]) if index < len(textbook) else "",
            "summary": False,
        })
    for statistic in ("mean", "std"):
        rows.append({
            "fold": text(f"report.folds.{statistic}"),
            "validation": format_number(kfold["validation"][statistic].get(name)),
            "test": format_number(kfold["test"][statistic].get(name)),
            "best_epoch": "",
            "textbook": (format_number(sum(textbook) / len(textbook))
                         if textbook and statistic == "mean" else ""),
            "summary": True,
        })
    return {
        "metric": metric_label(name),
        "rows": rows,
        "has_textbook": bool(textbook),
        "sentence": text("report.folds.sentence", k=kfold["n_splits"],
                         scale=text(f"report.folds.scale.{kfold['scale']}"),
                         stratified=text("report.folds.stratified") if kfold["stratified"] else ""),
    }
