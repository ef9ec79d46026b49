"""`fourfold run RECIPE`: train, evaluate, write the run folder and its report."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.text import Text

from fourfold.cli.common import (EXIT_INTERRUPTED, DataDirOption, DebugOption, LangOption,
                                 QuietOption, data_dir_or_env, require_run_folder,
                                 resume_command, setup, stderr, stdout)
from fourfold.cli.fold_table import number_text as _number
from fourfold.cli.fold_table import print_folds
from fourfold.cli.own_data import DropOption, TargetOption, TaskOption, TestOption
from fourfold.errors import UsageError
from fourfold.messages import text
from fourfold.messages.labels import baseline_label, metric_label
from fourfold.printable import printable

if TYPE_CHECKING:
    from fourfold.runs.records import MemberMetrics, RunMetrics


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(
    recipe: Annotated[Optional[str], typer.Argument()] = None,
    resume: Annotated[Optional[Path], typer.Option(
        "--resume", metavar="RUN_DIR", file_okay=False)] = None,
    data_dir: DataDirOption = None,
    out: Annotated[Path, typer.Option("--out", metavar="DIR")] = Path("runs"),
    epochs: Annotated[Optional[int], typer.Option("--epochs", min=1)] = None,
    batch_size: Annotated[Optional[int], typer.Option("--batch-size", min=1)] = None,
    seed: Annotated[Optional[int], typer.Option("--seed")] = None,
    kfold: Annotated[Optional[int], typer.Option("--kfold", min=2)] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1)] = 1,
    submit_to: Annotated[Optional[Path], typer.Option(
        "--submit-to", metavar="FILE")] = None,
    target: TargetOption = None,
    task: TaskOption = None,
    drop: DropOption = None,
    test: TestOption = None,
    overrides: Annotated[Optional[list[str]], typer.Option(
        "--set", metavar="KEY=VALUE")] = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    started = time.perf_counter()
    setup(debug=debug, lang=lang)
    from fourfold import stages

    if (recipe is None) == (resume is None):
        raise UsageError(text("run.recipe_or_resume"))
    if resume is not None:
        if overrides or target or drop or any(v is not None for v in (epochs, batch_size, seed,
                                                                      kfold, task, test)):
            raise UsageError(text("run.resume_no_overrides"))
        # the run's own data folder unless --data-dir names another (FOURFOLD_DATA does not
        # override it: different data would be refused anyway)
        require_run_folder(resume)  # a path that is no run folder: exit 2 saying what it is

        def resume_run():
            from fourfold import api  # a second of imports: the display shows it is working

            return api.resume(resume, data_dir=data_dir, show_progress=not quiet,
                              jobs=jobs if jobs > 1 else None,
                              on_fold_done=None if quiet else _print_fold)

        result = _run_reporting_failure(resume_run, quiet=quiet)
        print_summary(result, time.perf_counter() - started)
        return
    updates = {key: value for key, value in
               (("training.epochs", epochs), ("training.batch_size", batch_size), ("seed", seed),
                ("kfold.n_splits", kfold))
               if value is not None}
    # The display starts before fourfold's API is imported (numpy, pydantic, pandas: a
    # second or more on a busy machine), so a terminal shows the run working at once. A table
    # given as the recipe is read and profiled here too: seconds for a large one.
    with stages.showing(stages.display_for(stderr, quiet=quiet)), \
            stages.stage(text("progress.recipe")):
        from fourfold import api
        from fourfold.autorecipe import own_data_recipe

        loaded = own_data_recipe(recipe, target=target or (), task=task.value if task else None,
                                 drop=drop or (), test=test, overrides=overrides or [],
                                 updates=updates)
    try:
        result = _run_reporting_failure(lambda: api.run(
            loaded, data_dir=data_dir_or_env(data_dir), out=out, show_progress=not quiet,
            jobs=jobs, on_fold_done=None if quiet else _print_fold, submit_to=submit_to),
            quiet=quiet)
    except api.SubmissionNotWritten as unwritten:  # the training stands: show its result
        print_summary(unwritten.result, time.perf_counter() - started)
        raise
    print_summary(result, time.perf_counter() - started)
    if submit_to is not None:
        import pandas as pd

        stdout.print(printable(text("run.submission_written", count=len(pd.read_csv(submit_to)),
                                    path=submit_to)), markup=False)


def _run_reporting_failure(start, *, quiet: bool = False):
    """Call ``start()`` with Ctrl-C and SIGTERM handled as interrupts and the run's stages
    shown on stderr (none with ``quiet``; plain lines when stderr is not a terminal); if
    the run fails, say which folder is marked failed and re-raise; if it is interrupted,
    print the command that resumes it and exit 130. The display is closed (the cursor
    shown again) before either line is printed."""
    from fourfold import stages
    from fourfold.runs.lifecycle import RunFailed, RunInterrupted
    from fourfold.training.interrupts import catching_signals

    try:
        with catching_signals(), stages.showing(stages.display_for(stderr, quiet=quiet)):
            return start()
    except RunFailed as error:
        stderr.print(printable(text("run.failed", path=error.run_dir)), markup=False)
        raise
    except RunInterrupted as interrupted:
        stderr.print(printable(text("interrupt.resume_line", path=interrupted.run_dir,
                                    command=resume_command("run", interrupted.run_dir))),
                     markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except KeyboardInterrupt:  # before the run folder was made
        stderr.print(text("cli.interrupted"), markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None




def _print_fold(fold: int, metrics: MemberMetrics) -> None:
    from fourfold import stages

    headline = metrics.headline
    stages.echo(text("run.fold_done", fold=fold, name=headline.name,
                     value=_number(headline.value), best=metrics.curve.best_epoch), stdout)


def print_summary(result, seconds: float) -> None:
    """The short summary after a run: headline metric, textbook, baseline, best epoch, paths,
    and the command's wall time (``seconds``: Keras' import included)."""
    metrics: RunMetrics = result.record
    headline = metrics.headline
    stdout.print(Text(printable(text("run.summary.title", recipe=metrics.recipe)), style="bold"))
    for member in ([] if metrics.kfold else metrics.members):
        line = text("run.summary.metric", name=metric_label(member.headline.name),
                    value=_number(member.headline.value))
        if len(metrics.members) > 1:
            line = f"{member.name}: {line}"
        if member.headline.textbook is not None:
            line += " " + text("run.summary.textbook", value=member.headline.textbook)
        stdout.print(printable(line), markup=False)
        stdout.print("  " + text("run.summary.best_epoch", best=member.curve.best_epoch,
                                 epochs=member.curve.epochs_run))
        stdout.print("  " + member.curve.explanation, markup=False)
    if metrics.kfold:
        print_folds(metrics, metrics.kfold)
    elif len(metrics.members) > 1:
        stdout.print(printable(text(f"run.summary.kept.{metrics.model_selection}",
                                    name=metrics.primary)), markup=False)
    baseline = metrics.baseline.value(headline.name)
    if baseline is not None:
        stdout.print(printable(text("run.summary.baseline",
                                    name=baseline_label(metrics.baseline.name),
                                    value=_number(baseline))), markup=False)
    stdout.print(text("run.summary.time", seconds=seconds, fit=metrics.timings.fit_seconds))
    if metrics.devices:
        stdout.print(text("run.summary.devices", count=len(metrics.devices),
                          devices=", ".join(metrics.devices)), markup=False)
    stdout.print(printable(text("run.summary.folder", path=result.run_dir)), markup=False)
    if result.report_path.exists():
        stdout.print(printable(text("run.summary.report", path=result.report_path)),
                     markup=False)
