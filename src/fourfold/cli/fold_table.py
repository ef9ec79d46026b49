"""The K-fold summary `fourfold run` prints: the fold table with mean and standard
deviation and the final model's (ensemble or refit) test score beside them, then the
headline as mean ± std over the folds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourfold.cli.common import stdout
from fourfold.messages import text

if TYPE_CHECKING:
    from fourfold.runs.records import KFold, RunMetrics


def number_text(value) -> str:
    """A metric as the run's summary prints it: 4 decimals, ``n/a`` for none."""
    return "n/a" if value is None else f"{value:.4f}"


def print_folds(metrics: RunMetrics, kfold: KFold) -> None:
    """The fold table: held-out and test headline metric per fold, mean and std, and
    the final model's test score; then the headline (mean ± std) and the final model's
    line."""
    from rich.table import Table

    name = metrics.headline.name
    table = Table(title=text("run.folds.title", k=kfold.n_splits))
    textbook = kfold.textbook or []
    columns = ["fold", f"held-out {name}", f"test {name}", "best epoch"] + (
        ["textbook"] if textbook else [])
    for column in columns:
        table.add_column(column, justify="right")
    for index, row in enumerate(kfold.folds):
        cells = [str(row.fold), number_text(row.validation.get(name)),
                 number_text(row.test.get(name)), str(row.best_epoch)]
        table.add_row(*cells, *([number_text(textbook[index]) if index < len(textbook) else ""]
                                if textbook else []))
    for statistic, validation, test, beside in (
            ("mean", kfold.validation.mean, kfold.test.mean, number_text(kfold.textbook_mean)),
            ("std", kfold.validation.std, kfold.test.std, "")):
        cells = [statistic, number_text(validation.get(name)), number_text(test.get(name)), ""]
        table.add_row(*cells, *([beside] if textbook else []))
    final = kfold.final
    if final and kfold.ensemble_test is not None:
        table.add_row(final, "", number_text(kfold.ensemble_test.get(name)), "",
                      *([""] if textbook else []))
    stdout.print(table)
    std = metrics.headline.std
    line = (text("folds.headline", name=name, mean=number_text(metrics.headline.value),
                 std=number_text(std), k=kfold.n_splits) if std is not None else
            text("run.summary.metric", name=f"{name} ({metrics.headline.aggregate})",
                 value=number_text(metrics.headline.value)))
    if metrics.headline.textbook is not None:
        line += " " + text("run.summary.textbook", value=f"{metrics.headline.textbook:.2f}")
    stdout.print(line, markup=False)
    if final:
        stdout.print(final_line(kfold, name), markup=False)


def final_line(kfold: KFold, name: str) -> str:
    """The final model's line: which it is (``kfold.final``) and its test ``name``."""
    if kfold.ensemble_test is None:
        return text("folds.final.no_test", final=kfold.final)
    return text(f"folds.final.{kfold.final}", k=kfold.n_splits, name=name,
                value=number_text(kfold.ensemble_test.get(name)))
