"""`fourfold runs`: past runs from the run index, newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stdout
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("runs")(runs)


def runs(
    limit: Annotated[Optional[int], typer.Option("--limit", min=1)] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from rich.table import Table
    from rich.text import Text

    from fourfold.printable import printable
    from fourfold.runs.index import list_runs

    records = list_runs(limit)
    if not records:
        stdout.print(text("runs.empty"), markup=False)
        return
    table = Table(title=text("runs.header"))
    for column in ("started", "recipe", "task", "status", "metric", "run folder"):
        table.add_column(column, overflow="fold")
    for record in records:
        metric = _headline(record)
        cells = (record.started[:16].replace("T", " "), record.recipe, record.task,
                 record.status, metric, _short(record.run_dir))
        table.add_row(*(Text(printable(cell)) for cell in cells))  # Text: never markup
    stdout.print(table)
    for record in records:
        if record.unreadable:
            stdout.print(printable(record.unreadable), markup=False)


def _headline(record) -> str:
    """The run's headline as ``name value``; a K-fold run's as ``name mean ± std`` over its
    folds, read from its ``metrics.json`` (the index keeps one number: the mean)."""
    from fourfold.errors import RunFolderError
    from fourfold.printable import printable
    from fourfold.runs import status as run_status
    from fourfold.runs.record_files import RUN_METRICS_FILE

    if record.metric_value is None:
        return ""
    metric = f"{printable(record.metric_name)} {record.metric_value:.4f}"
    if record.status != run_status.COMPLETE:
        return metric
    try:
        metrics = RUN_METRICS_FILE.read(Path(record.run_dir))
    except RunFolderError:  # damaged or of another fourfold: the index's number still holds
        return metric
    std = metrics.headline.std if metrics is not None and metrics.kfold else None
    return metric if std is None else f"{metric} ± {std:.4f}"


def _short(run_dir: str) -> str:
    """The run folder relative to the current folder when it lies below it."""
    try:
        return str(Path(run_dir).relative_to(Path.cwd()))
    except ValueError:
        return run_dir
