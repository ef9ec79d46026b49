"""The K-fold summary `fourfold run` prints: the fold table with mean and standard
deviation, then the headline over the folds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourfold.cli.common import stdout
from fourfold.messages import text

if TYPE_CHECKING:
    from fourfold.runs.records import KFold, RunMetrics


def _number(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def print_folds(metrics: RunMetrics, kfold: KFold) -> None:
    """The fold table: held-out and test headline metric per fold, mean and std."""
    from rich.table import Table

    name = metrics.headline.name
    table = Table(title=text("run.folds.title", k=kfold.n_splits))
    textbook = kfold.textbook or []
    columns = ["fold", f"held-out {name}", f"test {name}", "best epoch"] + (
        ["textbook"] if textbook else [])
    for column in columns:
        table.add_column(column, justify="right")
    for index, row in enumerate(kfold.folds):
        cells = [str(row.fold), _number(row.validation.get(name)),
                 _number(row.test.get(name)), str(row.best_epoch)]
        table.add_row(*cells, *([_number(textbook[index]) if index < len(textbook) else ""]
                                if textbook else []))
    for statistic, validation, test, beside in (
            ("mean", kfold.validation.mean, kfold.test.mean, _number(kfold.textbook_mean)),
            ("std", kfold.validation.std, kfold.test.std, "")):
        cells = [statistic, _number(validation.get(name)), _number(test.get(name)), ""]
        table.add_row(*cells, *([beside] if textbook else []))
    stdout.print(table)
    line = text("run.summary.metric", name=f"{name} ({metrics.headline.aggregate})",
                value=_number(metrics.headline.value))
    if metrics.headline.textbook is not None:
        line += " " + text("run.summary.textbook", value=f"{metrics.headline.textbook:.2f}")
    stdout.print(line)
