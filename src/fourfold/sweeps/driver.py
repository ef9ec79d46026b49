"""A sweep from start to end: validate every trial, make the sweep folder, run the
trials on an executor, keep ``sweep.json`` true after each, and write the page.

``start_sweep`` and ``resume_sweep`` are what the CLI and tests call. A resumed
sweep runs only what is not complete: a complete trial is skipped, a trial cut
short is continued by its run's own resume (:mod:`fourfold.sweeps.trial`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fourfold.errors import UsageError
from fourfold.messages import text
from fourfold.numbers import finite
from fourfold.recipes.schema import Recipe
from fourfold.runs import layout
from fourfold.sweeps import grid as grids
from fourfold.sweeps.record import (COMPLETE, FAILED, INTERRUPTED, PENDING, RUNNING, TRIALS,
                                    SweepRecord, TrialHeadline, TrialRecord, read_sweep,
                                    write_sweep)
from fourfold.sweeps.results import ranking_value

OnTrialDone = Callable[[TrialRecord, SweepRecord], None]


@dataclass
class SweepResult:
    """A finished sweep: its folder, ``sweep.json`` and the results page (`None` when
    the sweep was asked for no reports)."""

    sweep_dir: Path
    record: SweepRecord
    page: Path | None


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) stopped the sweep; ``sweep.json`` says which trials ended.

    Attributes:
        sweep_dir: the sweep folder, for ``fourfold sweep --resume``.
    """

    def __init__(self, sweep_dir: Path):
        super().__init__(str(sweep_dir))
        self.sweep_dir = Path(sweep_dir)


def start_sweep(recipe: Recipe, axes: list[grids.Axis], *, kfold: int | None = None,
                out: Path = Path("sweeps"), search: str = "grid", trials: int | None = None,
                executor: str = "local", jobs: int = 1, address: str | None = None,
                data_dir: Path | None = None, reports: bool = True,
                on_start: Callable[[Path, SweepRecord], None] | None = None,
                on_trial_done: OnTrialDone | None = None) -> SweepResult:
    """Run every trial of a sweep over ``recipe`` into a new sweep folder under ``out``.

    Every trial's recipe is validated before the folder is made: a misspelt key or
    a value the schema refuses leaves nothing behind.

    Args:
        recipe: the recipe every trial starts from (``--set`` applied).
        axes: the grid (:func:`fourfold.sweeps.grid.parse_axes`).
        kfold: K-fold cross-validation in every trial (mean ± std). Defaults to `None`.
        out: where the sweep folder is made. Defaults to `sweeps/`.
        search: ``grid`` (every combination) or ``optuna`` (``trials`` sampled).
            Defaults to `"grid"`.
        trials: how many trials an optuna search samples. Defaults to `None`.
        executor: ``local`` or ``ray``. Defaults to `"local"`.
        jobs: trials at once (local: processes; ray: CPUs of a cluster started
            here). Defaults to `1`.
        address: the Ray cluster to join. Defaults to `None` (start one).
        data_dir: the data folder. Defaults to `None`.
        reports: write each trial's ``report.html`` and the sweep's page
            (``sweep.html``); without them a sweep is a few seconds quicker per
            trial (tests, or sweeps read from ``sweep.json``). Defaults to `True`.
        on_start: called with the sweep folder and record once it exists.
        on_trial_done: called as each trial ends.

    Raises:
        UsageError, RecipeError: bad options or a trial whose recipe is refused.
        SweepInterrupted: on Ctrl-C; the sweep folder is resumable.
    """
    _check_search(search, trials)
    base = recipe.model_dump(mode="json")
    if kfold is not None:
        base = grids.trial_recipe(base, {grids.KFOLD_KEY: kfold}, "--kfold").model_dump(mode="json")
    combinations = grids.check_trials(base, axes, kfold)
    if search == "optuna":
        _searcher(axes, base)  # Optuna missing: say so before the folder is made
    if executor == "ray":
        from fourfold.sweeps.executors import import_optional

        import_optional("ray", extra="ray")
    record = SweepRecord(recipe=base, grid={axis.key: list(axis.values) for axis in axes},
                         kfold=kfold, search=search, trials_wanted=trials,
                         data_dir=str(Path(data_dir).resolve()) if data_dir else None)
    if search == "grid":
        record.trials = [_trial(number, settings) for number, settings in
                         enumerate(combinations, 1)]
    try:
        sweep_dir = layout.new_run_dir(Path(out), f"{recipe.name}-sweep").resolve()
    except OSError as error:
        raise UsageError(text("sweep.out_unwritable", path=out,
                              error=error.strerror or error)) from None
    write_sweep(sweep_dir, record)
    return _drive(sweep_dir, record, executor=executor, jobs=jobs, address=address,
                  reports=reports, on_start=on_start, on_trial_done=on_trial_done)


def resume_sweep(sweep_dir: Path, *, executor: str = "local", jobs: int = 1,
                 address: str | None = None, reports: bool = True,
                 on_start: Callable[[Path, SweepRecord], None] | None = None,
                 on_trial_done: OnTrialDone | None = None) -> SweepResult:
    """Finish the sweep in ``sweep_dir``: complete trials are skipped, trials cut short
    are resumed, trials not yet started are run (see :func:`start_sweep`).

    Raises:
        RunFolderError: ``sweep_dir`` holds no ``sweep.json``.
        DamagedFile: ``sweep.json`` is damaged (exit 3).
        RunLocked: another process is running the sweep (exit 2).
    """
    sweep_dir = Path(sweep_dir).resolve()
    record = read_sweep(sweep_dir)
    return _drive(sweep_dir, record, executor=executor, jobs=jobs, address=address,
                  reports=reports, on_start=on_start, on_trial_done=on_trial_done)


def axes_of(record: SweepRecord) -> list[grids.Axis]:
    """The grid of a sweep record as axes."""
    return [grids.Axis(key, tuple(values)) for key, values in record.grid.items()]


def _check_search(search: str, trials: int | None) -> None:
    if search == "optuna" and not trials:
        raise UsageError(text("sweep.optuna_needs_trials"))
    if search == "grid" and trials is not None:
        raise UsageError(text("sweep.trials_need_optuna"))


def _trial(number: int, settings: dict[str, Any]) -> TrialRecord:
    return TrialRecord(number=number, settings=settings,
                       folder=f"{TRIALS}/trial-{number:03d}")


def _searcher(axes: list[grids.Axis], recipe: dict):
    """The Optuna search over ``axes`` for ``recipe`` (a resolved recipe mapping, which
    has its task and seed)."""
    from fourfold.sweeps.search import OptunaSearch
    from fourfold.tasks import get_task

    return OptunaSearch(axes, higher_is_better=get_task(recipe["task"]).headline.higher_is_better,
                        seed=recipe["seed"])


def _drive(sweep_dir: Path, record: SweepRecord, *, executor: str, jobs: int,
           address: str | None, reports: bool, on_start, on_trial_done) -> SweepResult:
    """Run what is not complete, then the optuna search's further samples; keep
    ``sweep.json`` true throughout."""
    from fourfold.runs.lock import hold
    from fourfold.sweeps.executors import executor_for
    from fourfold.sweeps.page import write_page

    search = _searcher(axes_of(record), record.recipe) if record.search == "optuna" else None
    if search is not None:
        search.replay(record)
    runner = _Runner(sweep_dir, record, reports, search, on_trial_done)
    with hold(sweep_dir):
        record.status = "running"
        write_sweep(sweep_dir, record)
        if on_start:
            on_start(sweep_dir, record)
        try:
            with executor_for(executor, jobs=jobs, address=address) as engine:
                runner.run(engine, [t for t in record.trials if t.status != COMPLETE])
                while search is not None and len(record.trials) < (record.trials_wanted or 0):
                    known = [trial.settings for trial in record.trials]
                    wanted = min(engine.slots, record.trials_wanted - len(record.trials))
                    found = search.sample(wanted, known)
                    if not found:
                        break
                    new = [_trial(len(record.trials) + index, settings)
                           for index, settings in enumerate(found, 1)]
                    record.trials.extend(new)
                    runner.run(engine, new)
        except KeyboardInterrupt:
            runner.interrupted()
            raise SweepInterrupted(sweep_dir) from None
        except BaseException:
            record.status = "failed"
            write_sweep(sweep_dir, record)
            raise
        record.status = "complete"
        write_sweep(sweep_dir, record)
    return SweepResult(sweep_dir, record, write_page(sweep_dir, record) if reports else None)


class _Runner:
    """Runs batches of trials and records each as it ends."""

    def __init__(self, sweep_dir: Path, record: SweepRecord, reports: bool, search,
                 on_trial_done: OnTrialDone | None):
        self.sweep_dir, self.record, self.search = sweep_dir, record, search
        self.reports, self.on_trial_done = reports, on_trial_done

    def run(self, engine, trials: list[TrialRecord]) -> None:
        if not trials:
            return
        batch = [(trial.number, self._spec(trial)) for trial in trials]
        for trial in trials:
            trial.status = RUNNING
        write_sweep(self.sweep_dir, self.record)
        engine.run(batch, self._done)

    def _spec(self, trial: TrialRecord) -> dict[str, Any]:
        recipe = grids.check_trial(self.record.recipe, trial.settings, trial.number)
        return {"recipe": recipe.model_dump(mode="json"),
                "folder": str(self.sweep_dir / trial.folder),
                "data_dir": self.record.data_dir, "report": self.reports}

    def _done(self, number: int, result: dict[str, Any]) -> None:
        trial = self.record.trials[number - 1]
        _read_trial(self.sweep_dir, trial, result.get("error"))
        write_sweep(self.sweep_dir, self.record)
        if self.search is not None:
            self.search.tell(number - 1, ranking_value(trial))
        if self.on_trial_done:
            self.on_trial_done(trial, self.record)

    def interrupted(self) -> None:
        """Record where each started trial stands after Ctrl-C."""
        for trial in self.record.trials:
            if trial.status == RUNNING:
                _read_trial(self.sweep_dir, trial, None)
        self.record.status = "interrupted"
        write_sweep(self.sweep_dir, self.record)


def _read_trial(sweep_dir: Path, trial: TrialRecord, error: str | None) -> None:
    """Update ``trial`` from its run folder: its status and headline metric. A run cut
    short is ``interrupted``; a trial stopped before its run folder existed is
    ``pending`` again (``failed`` with ``error``)."""
    from fourfold.runs.record_files import RUN_METRICS_FILE
    from fourfold.runs.status import read_status
    from fourfold.sweeps.trial import run_folder

    run = run_folder(sweep_dir / trial.folder)
    trial.run = str(run.relative_to(sweep_dir)) if run else None
    status = read_status(run) if run else None
    if status is None:  # stopped or failed before its run folder was made
        trial.headline, trial.error = None, error
        trial.status = FAILED if error else PENDING
        return
    if status == COMPLETE:
        metrics = RUN_METRICS_FILE.read(run)
        headline = metrics.headline
        trial.headline = TrialHeadline(name=headline.name, value=headline.value,
                                       higher_is_better=headline.higher_is_better,
                                       std=headline.std,
                                       validation=finite(metrics.validation.get(headline.name)),
                                       validation_loss=finite(metrics.validation.get("loss")),
                                       validation_loss_se=finite(
                                           metrics.validation.get("loss_se")))
        trial.status, trial.error = COMPLETE, None
        return
    trial.headline = None
    trial.status = FAILED if (error or status == FAILED) else INTERRUPTED
    trial.error = error
