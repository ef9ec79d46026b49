"""One page comparing several runs: learning curves overlaid, metrics side by side."""

from __future__ import annotations

from pathlib import Path

from fourfold.errors import UsageError
from fourfold.messages import text
from fourfold.reporting import images, plots
from fourfold.reporting.html import (curve_of, format_number, metric_label, onset_text, render,
                                     scalar_metrics, status_text)
from fourfold.reporting.reading import Member, RunFolder, read_run
from fourfold.runs import layout


def build_comparison(run_dirs: list[Path], out_path: Path) -> Path:
    """Write one self-contained page comparing the runs in ``run_dirs``.

    Every model of every run (each member of a run with several) is one column
    of the metrics table and one colour of the overlaid learning curves,
    labelled ``<run folder> / <model>``. The page is written to a temporary
    file beside ``out_path`` and renamed.

    Args:
        run_dirs: two or more run folders written by ``fourfold run``.
        out_path: where to write the page (an ``.html`` file).

    Returns:
        ``out_path``.

    Raises:
        UsageError: for fewer than two run folders, or ``out_path`` a folder.
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
    columns = [(run, member) for run in runs for member in run.members]
    curves = [curve_of(member, _column_label(run, member)) for run, member in columns]
    curves = [curve for curve in curves if curve is not None]
    page = render(
        "compare.html.j2",
        title=text("report.compare.title", count=len(runs)),
        curves=images.png_data_uri(plots.learning_curves(curves)) if curves else None,
        columns=[_column_label(run, member) for run, member in columns],
        rows=_metric_rows(columns),
        runs=[(run.name, str(run.path)) for run in runs],
    )
    return layout.write_output(Path(out_path), page, example="compare.html")


def _column_label(run: RunFolder, member: Member) -> str:
    return f"{run.name} / {member.name}"


def _seconds(run: RunFolder, member: Member) -> str:
    timings = (member.record.timings if member.record else None) or run.record.timings
    seconds = timings.fit_seconds if timings else None
    return "—" if seconds is None else text("report.timings.seconds", seconds=float(seconds))


def _metric_rows(columns: list[tuple[RunFolder, Member]]) -> list[tuple[str, list[str]]]:
    """Rows of the side-by-side table: facts of each run, then every test metric."""

    def fact(get) -> list[str]:
        return [format_number(get(run, member)) for run, member in columns]

    def headline(member: Member) -> str:
        line = member.summary.headline
        return f"{metric_label(line.name)} {format_number(line.value)}" if line else "—"

    rows = [
        (text("report.header.recipe"), fact(lambda run, member: run.record.recipe)),
        (text("report.header.status"), [status_text(run.status) for run, member in columns]),
        (text("report.members.headline"), [headline(member) for run, member in columns]),
        (text("report.metrics.textbook"),
         fact(lambda run, member: member.summary.headline and member.summary.headline.textbook)),
        (text("report.members.best_epoch"),
         fact(lambda run, member: member.summary.curve and member.summary.curve.best_epoch)),
        (text("report.members.onset_epoch"), [onset_text(member.curve) for run, member in columns]),
        (text("report.members.epochs_run"),
         fact(lambda run, member: member.summary.curve and member.summary.curve.epochs_run)),
    ]
    names = list(dict.fromkeys(name for run, member in columns for name in
                               scalar_metrics(member.test)))
    rows += [(metric_label(name), fact(lambda run, member, name=name: member.test.get(name)))
             for name in names]
    rows += [
        (text("report.timings.fit_seconds"), [_seconds(run, member) for run, member in columns]),
        (text("report.header.backend"), fact(lambda run, member: run.record.backend)),
        (text("report.header.seed"), fact(lambda run, member: run.record.seed)),
    ]
    return rows
