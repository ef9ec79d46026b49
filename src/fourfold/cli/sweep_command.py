"""`fourfold sweep RECIPE --grid KEY=V1,V2 ...`: every combination as a trial run folder
under one sweep folder, a results table and a page comparing the trials."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from fourfold.cli.common import (EXIT_INTERRUPTED, DataDirOption, DebugOption, LangOption,
                                 QuietOption, data_dir_or_env, resume_command, setup, stderr,
                                 stdout)
from fourfold.errors import UsageError
from fourfold.messages import text
from fourfold.printable import printable


class Executor(str, Enum):
    """Where trials run."""

    local = "local"
    ray = "ray"


class Search(str, Enum):
    """How trials are chosen."""

    grid = "grid"
    optuna = "optuna"


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep)


def sweep(
    recipe: Annotated[Optional[str], typer.Argument()] = None,
    grid: Annotated[Optional[list[str]], typer.Option("--grid", metavar="KEY=V1,V2")] = None,
    kfold: Annotated[Optional[int], typer.Option("--kfold", min=2)] = None,
    out: Annotated[Path, typer.Option("--out", metavar="DIR")] = Path("sweeps"),
    jobs: Annotated[int, typer.Option("--jobs", min=1)] = 1,
    executor: Annotated[Executor, typer.Option("--executor")] = Executor.local,
    address: Annotated[Optional[str], typer.Option("--address", metavar="ADDRESS")] = None,
    search: Annotated[Search, typer.Option("--search")] = Search.grid,
    trials: Annotated[Optional[int], typer.Option("--trials", min=1)] = None,
    resume: Annotated[Optional[Path], typer.Option(
        "--resume", metavar="SWEEP_DIR", file_okay=False)] = None,
    overrides: Annotated[Optional[list[str]], typer.Option(
        "--set", metavar="KEY=VALUE")] = None,
    data_dir: DataDirOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from fourfold import sweeps
    from fourfold.training.interrupts import catching_signals

    if (recipe is None) == (resume is None):
        raise UsageError(text("sweep.recipe_or_resume"))
    if address is not None and executor != Executor.ray:
        raise UsageError(text("sweep.address_needs_ray"))
    progress = {"on_start": None if quiet else _print_start,
                "on_trial_done": None if quiet else _print_trial}
    common = {"executor": executor.value, "jobs": jobs, "address": address, **progress}
    try:
        with catching_signals():
            if resume is not None:
                if grid or overrides or kfold is not None or trials is not None \
                        or search != Search.grid or data_dir is not None:
                    raise UsageError(text("sweep.resume_no_options"))
                result = sweeps.resume_sweep(resume, **common)
            else:
                from fourfold.recipes import load_recipe

                axes = sweeps.parse_axes(grid or [])
                result = sweeps.start_sweep(
                    load_recipe(recipe, overrides or []), axes, kfold=kfold, out=out,
                    search=search.value, trials=trials, data_dir=data_dir_or_env(data_dir),
                    **common)
    except sweeps.SweepInterrupted as interrupted:
        stderr.print(printable(text("sweep.interrupted", command=resume_command(
            "sweep", interrupted.sweep_dir))), markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    print_results(result.record)
    stdout.print(printable(text("sweep.folder", path=result.sweep_dir)), markup=False)
    stdout.print(printable(text("sweep.page", path=result.page)), markup=False)


def _print_start(sweep_dir: Path, record) -> None:
    done = sum(trial.status == "complete" for trial in record.trials)
    count = len(record.trials) if record.search == "grid" else record.trials_wanted
    stdout.print(printable(text("sweep.started", recipe=record.recipe_name, count=count,
                                path=sweep_dir)), markup=False)
    if done:
        stdout.print(printable(text("sweep.skipped", count=done)), markup=False)


def _print_trial(trial, record) -> None:
    from fourfold.sweeps.grid import settings_text
    from fourfold.sweeps.results import headline_name, headline_text, validation_text

    count = len(record.trials) if record.search == "grid" else record.trials_wanted
    settings = settings_text(trial.settings)
    if trial.status == "complete":
        line = text("sweep.trial_done", number=trial.number, count=count, settings=settings,
                    name=headline_name(record), value=headline_text(trial),
                    validation=validation_text(trial))
    else:
        line = text("sweep.trial_failed", number=trial.number, count=count, settings=settings,
                    status=text(f"sweep.status.{trial.status}"), error=trial.error or "")
    stdout.print(printable(line), markup=False)


def print_results(record) -> None:
    """The results table (best first), then the best trial's line."""
    from rich.table import Table
    from rich.text import Text

    from fourfold.sweeps.grid import settings_text
    from fourfold.sweeps.results import (best, headline_name, headline_text, results_table,
                                         noise_text, validation_text)

    table_rows = results_table(record)
    table = Table(title=printable(text("sweep.table.title", recipe=record.recipe_name)))
    keys = set(record.grid)
    for column in table_rows.columns:
        # a grid key is read as one word: its column is at least as wide as the key (up to 30)
        width = min(len(column), 30) if column in keys else None
        table.add_column(printable(column), overflow="fold", min_width=width)
    for row in table_rows.rows:
        table.add_row(*(Text(printable(cell)) for cell in row))
    stdout.print(table)
    winner = best(record)
    if winner is not None:
        stdout.print(printable(text("sweep.best", number=winner.number,
                                    settings=settings_text(winner.settings),
                                    name=headline_name(record), value=headline_text(winner),
                                    validation=validation_text(winner))),
                     markup=False)
        noise = noise_text(record)
        if noise:
            stdout.print(printable(noise), markup=False)
