"""One page comparing several runs of one task: what differs between them, which
generalises better and why, learning curves one chart per metric, metrics and
models side by side."""

from __future__ import annotations

from pathlib import Path

from fourfold.errors import UsageError
from fourfold.messages import text
from fourfold.reporting import images, plots
from fourfold.reporting.compare_columns import Column, columns_of
from fourfold.reporting.compare_differences import differences, run_labels
from fourfold.reporting.compare_verdict import verdict
from fourfold.reporting.html import (format_number, metric_label, onset_text, render,
                                     scalar_metrics, status_text)
from fourfold.reporting.reading import RunFolder, read_run
from fourfold.runs import layout

#: Each column's letter in the learning curves' legend, where labels are cut short.
_LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)] + [
    f"{chr(first)}{chr(second)}" for first in range(ord("A"), ord("Z") + 1)
    for second in range(ord("A"), ord("Z") + 1)]


def build_comparison(run_dirs: list[Path], out_path: Path, *, by_test: bool = True) -> Path:
    """Write one self-contained page comparing the runs in ``run_dirs``.

    Each run is labelled by its recipe and what differs from the other runs of
    that recipe (``mnist · hidden_units=[128,64]``), computed from the runs'
    ``config.yaml``. Every model of a run is one column (``<label> / <model>``
    for a run with several); a K-fold run is one column of its folds' mean ±
    standard deviation. The page holds the table of recipe keys that differ, a
    sentence on which model generalises better and why, the learning curves
    (one chart per metric), the metrics side by side and each model's layers.
    It is written to a temporary file beside ``out_path`` and renamed.

    Args:
        run_dirs: two or more run folders written by ``fourfold run``, of one task.
        out_path: where to write the page (an ``.html`` file).
        by_test: the verdict judges by test loss where every model has one;
            `False` judges by validation loss (a sweep's page, whose trials were
            chosen by validation). Defaults to `True`.

    Returns:
        ``out_path``.

    Raises:
        UsageError: for fewer than two run folders, runs of different tasks
            (each run and its task named), or ``out_path`` a folder.
        FourfoldError: ``out_path`` cannot be written (named).
        RunFolderError: when a run folder has no ``metrics.json`` or a file
            cannot be read.

    Example:
        >>> build_comparison([Path("runs/a"), Path("runs/b")], Path("compare.html"))  # doctest: +SKIP
        PosixPath('compare.html')
    """
    if len(run_dirs) < 2:
        raise UsageError(text("compare.need_two"))
    runs = [read_run(Path(run_dir)) for run_dir in run_dirs]
    _refuse_mixed_tasks(runs)
    labels = run_labels([run.record.recipe for run in runs], [run.config for run in runs])
    columns = columns_of(runs, labels)
    found = differences([run.config for run in runs])
    page = render(
        "compare.html.j2",
        title=text("report.compare.title", count=len(runs)),
        runs=[(label, str(run.path)) for label, run in zip(labels, runs)],
        verdict=verdict(columns, format_number, by_test=by_test),
        differences={"labels": labels, "rows": found},
        curves=_curve_images(columns),
        columns=[(column.label, _column_note(letter, column))
                 for letter, column in zip(_LETTERS, columns)],
        rows=_metric_rows(columns),
        models=[(column.label, _model(column)) for column in columns],
    )
    return layout.write_output(Path(out_path), page, example="compare.html")


def _refuse_mixed_tasks(runs: list[RunFolder]) -> None:
    if len({run.record.task for run in runs}) > 1:
        named = [text("compare.run_task", path=run.path, task=run.record.task) for run in runs]
        raise UsageError(text("compare.tasks_differ", runs="; ".join(named)))


def _curve_images(columns: list[Column]) -> list[str]:
    """One learning-curve chart per metric (the loss beside it): models whose
    histories logged different metrics never share an axis."""
    groups: dict[str | None, list[plots.Curve]] = {}
    for letter, column in zip(_LETTERS, columns):
        history = column.history
        if history is None:
            continue
        member = column.member
        single = column.kfold is None
        groups.setdefault(member.metric_column, []).append(plots.Curve(
            label=f"{letter}: {column.label}", history=history, metric=member.metric_column,
            best_epoch=_epoch(member.curve.get("best_epoch")) if single else None,
            onset_epoch=_epoch(member.curve.get("onset_epoch")) if single else None))
    return [images.png_data_uri(plots.learning_curves(curves)) for curves in groups.values()]


def _column_note(letter: str, column: Column) -> str:
    """The column's letter in the curves' legend (labels are cut short there), and for
    a K-fold column what its numbers are."""
    note = text("compare.column.curve", letter=letter)
    return note + (" · " + text("compare.column.kfold", k=column.kfold.n_splits)
                   if column.kfold else "")


def _metric_rows(columns: list[Column]) -> list[tuple[str, list[str]]]:
    """Rows of the side-by-side table: facts of each model, then every test metric."""

    def fact(get) -> list[str]:
        return [format_number(get(column)) for column in columns]

    rows = [
        (text("report.header.status"), [status_text(c.run.status) for c in columns]),
        (text("report.members.headline"), [_headline(column) for column in columns]),
        (text("report.metrics.textbook"), fact(lambda c: c.run.record.headline.textbook)),
        (text("compare.row.parameters"), fact(lambda c: c.parameters and f"{c.parameters:,}")),
        (text("compare.row.validation_loss"), fact(lambda c: c.validation_loss)),
        (text("report.members.test_loss"), [_with_std(c, "loss") for c in columns]),
        (text("compare.row.gap"), fact(lambda c: c.gap)),
        (text("report.members.best_epoch"),
         [_per_fold(c, lambda m: m.curve.get("best_epoch")) for c in columns]),
        (text("report.members.onset_epoch"), [_per_fold(c, lambda m: onset_text(m.curve)) for c in columns]),
        (text("report.members.epochs_run"),
         [_per_fold(c, lambda m: m.curve.get("epochs_run")) for c in columns]),
    ]
    names = list(dict.fromkeys(name for column in columns for name in scalar_metrics(column.test)
                               if name != "loss"))
    rows += [(metric_label(name), [_with_std(column, name) for column in columns])
             for name in names]
    rows += _final_model_rows(columns)
    rows += [
        (text("report.timings.fit_seconds"), [_seconds(column) for column in columns]),
        (text("report.header.backend"), fact(lambda c: c.run.record.backend)),
        (text("report.header.seed"), fact(lambda c: c.run.record.seed)),
    ]
    return rows


def _headline(column: Column) -> str:
    line = column.member.summary.headline if column.kfold is None else column.run.record.headline
    if line is None:
        return "—"
    return f"{metric_label(line.name)} {_with_std(column, line.name)}" if column.kfold \
        else f"{metric_label(line.name)} {format_number(line.value)}"


def _with_std(column: Column, name: str) -> str:
    value, spread = column.test.get(name), column.test_std.get(name)
    if spread is None:
        return format_number(value)
    return f"{format_number(value)} ± {format_number(spread)}"


def _per_fold(column: Column, get) -> str:
    """A model's value; a K-fold column's values fold by fold (``5, 7, 6``)."""
    return ", ".join(format_number(get(member)) for member in column.members)


def _final_model_rows(columns: list[Column]) -> list[tuple[str, list[str]]]:
    """The final model's test score of each K-fold column (ensemble or refit), beside
    the folds' mean; empty when no column has one."""
    finals = [getattr(column.kfold, "ensemble_test", None) if column.kfold else None
              for column in columns]
    if not any(finals):
        return []
    headline = next(c.run.record.headline.name for c, final in zip(columns, finals) if final)
    kinds = {getattr(c.kfold, "final", None) for c in columns if c.kfold} - {None}
    final = "/".join(sorted(kinds)) or "ensemble"
    return [(text("compare.row.final", final=final, metric=metric_label(headline)),
             [format_number(scores.get(headline)) if scores else "—" for scores in finals])]


def _seconds(column: Column) -> str:
    seconds = [timings.fit_seconds for member in column.members
               if (timings := (member.record.timings if member.record else None))]
    if not seconds:
        timings = column.run.record.timings
        seconds = [timings.fit_seconds] if timings else []
    return text("report.timings.seconds", seconds=float(sum(seconds))) if seconds else "—"


def _model(column: Column) -> dict:
    """The column's model summary: layers and totals, or its recorded parameter count
    when the run kept no ``model.keras``."""
    from fourfold.reporting.model_summary import model_summary

    member = column.member
    summary = model_summary(member.dir / layout.MODEL, backend=column.run.record.backend)
    if summary is None:
        return {"missing": text("compare.models.missing", path=member.dir,
                                parameters=format_number(column.parameters and f"{column.parameters:,}"))}
    return {
        "missing": None,
        "rows": [(row.name, row.kind, summary.shape_text(row), f"{row.parameters:,}")
                 for row in summary.rows],
        "total": f"{summary.total:,}",
        "trainable": f"{summary.trainable:,}",
    }


def _epoch(value: object) -> int | None:
    return None if value is None else int(value)
