"""fourfold's Python API: what the CLI and the tests call.

Example:
    >>> from fourfold import api, recipes
    >>> result = api.run(recipes.load_recipe("mnist", updates={"training.epochs": 2}))
    >>> result.metrics["test"]["accuracy"] > 0.9
    True
"""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

import yaml

from fourfold import backend as backends
from fourfold import stages
from fourfold.errors import FourfoldError, RunFolderError
from fourfold.messages import text
from fourfold.printable import printable
from fourfold.recipes.schema import Recipe
from fourfold.runs import layout
from fourfold.runs import status as run_status
from fourfold.runs.record_files import MEMBER_METRICS_FILE, RUN_METRICS_FILE, STATUS_FILE
from fourfold.runs.records import RunMetrics
from fourfold.tasks import get_task


@dataclass
class RunResult:
    """What a finished run left behind: its folder, its top-level ``metrics.json``
    (:attr:`record`) and its status."""

    run_dir: Path
    record: RunMetrics
    status: str

    @cached_property
    def metrics(self) -> dict:
        """``metrics.json`` as a JSON object, keys as docs/run-folder.md documents them."""
        return self.record.to_dict()

    @property
    def report_path(self) -> Path:
        return self.run_dir / layout.REPORT


class SubmissionNotWritten(FourfoldError):
    """A run that completed, but whose Kaggle submission could not be written. The exit
    code is the cause's (1, or 2 for a folder named where the file belongs).

    The training is not thrown away: the run folder is complete and the message
    says how to write the submission from it later.

    Attributes:
        result: the complete run.
        path: the submission file that could not be written.
    """

    def __init__(self, result: RunResult, path: Path, message: str, exit_code: int):
        super().__init__(message)
        self.result = result
        self.path = Path(path)
        self.exit_code = exit_code


def run(recipe: Recipe, *, data_dir: Path | None = None, out: Path = Path("runs"),
        show_progress: bool = True, build_report: bool = True, jobs: int = 1,
        on_fold_done=None, submit_to: Path | None = None, data=None) -> RunResult:
    """Train every model of ``recipe`` (or one per fold), evaluate, write the run folder.

    The data is loaded and checked against the recipe before the run folder is
    made: a recipe that cannot work on its data, or data that cannot be read,
    leaves no folder behind. The folder records a fingerprint of the data and the
    recipe (``inputs.json``, for ``--resume``) and is locked while this process
    writes it.

    Args:
        recipe: a validated recipe; ``recipe.kfold.n_splits`` turns on K-fold.
        data_dir: the data folder (else ``FOURFOLD_DATA``, the cache, ...); a
            named folder that lacks the data set is an error. Defaults to `None`.
        out: where run folders are created. Defaults to `runs/`.
        show_progress: show the run's stages (importing, loading, training with
            the run's ETA, evaluating, the report) on stderr, unless a display is
            active already (:mod:`fourfold.stages`). Defaults to `True`.
        build_report: write ``report.html``. Defaults to `True`.
        jobs: folds trained at once, each in its own process; the results do
            not depend on it. Defaults to `1`.
        on_fold_done: called as ``on_fold_done(fold, metrics)`` when a fold
            ends. Defaults to `None`.
        submit_to: write a Kaggle submission for the data set's unlabelled
            test file (iceberg's test.json) here, once the run is complete.
            Defaults to `None`.
        data: a :class:`~fourfold.datasets.LoadedData` to train on instead of
            loading ``recipe.dataset`` (``fourfold.run(..., data=...)``); folds
            then train in this process (``jobs`` 1). Defaults to `None`.

    Returns:
        The :class:`RunResult`; its status is ``complete``.

    Raises:
        FourfoldError: its subclasses for bad data or recipes, before any run
            folder exists; ``RunFailed`` (carrying the folder, marked failed) for
            errors while training or writing it.
        SubmissionNotWritten: the run is complete but ``submit_to`` could not be
            written.
    """
    from fourfold.runs.fingerprint import capture
    from fourfold.runs.lock import hold

    with _showing(show_progress):
        backend = backends.activate(backends.choose_backend(recipe.backend))
        raw, load_seconds = _load_checked(recipe, data_dir, data, submit=submit_to is not None)
        config_text = yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False)
        with stages.stage(text("progress.fingerprint")):
            inputs = capture(recipe.dataset, data_dir, recipe_text=config_text,
                             in_memory=data is not None)
        run_dir = _create_run_dir(Path(out), recipe.name)
        with hold(run_dir):
            result = _execute(recipe, run_dir, raw, load_seconds, backend=backend,
                              data_dir=data_dir, show_progress=show_progress,
                              build_report=build_report, jobs=jobs, on_fold_done=on_fold_done,
                              start=(inputs, config_text))
    if submit_to is not None:
        _submit(result, raw, Path(submit_to), recipe, data_dir)
    return result


def resume(run_dir: Path, *, data_dir: Path | None = None, show_progress: bool = True,
           jobs: int | None = None, on_fold_done=None) -> RunResult:
    """Continue an interrupted or failed run from the last completed epoch of each model.

    Models (or folds) that had finished are not trained again; the one that
    was training goes on from its last per-epoch checkpoint, so the finished
    history has as many epochs as an uninterrupted run's. The run folder's lock
    is taken first: a run whose status still says ``running`` is resumable once
    its writer is gone (the lock is free), and refused while it lives. The data
    must be the data the run started with (its fingerprint, ``inputs.json``), and
    ``config.yaml`` unedited.

    Args:
        run_dir: the run folder, as ``fourfold run`` made it.
        data_dir: the data folder; defaults to the one the run used.
        show_progress: show the run's stages, as for :func:`run`. Defaults to `True`.
        jobs: folds at once; defaults to the run's own setting.
        on_fold_done: as for :func:`run`. Defaults to `None`.

    Raises:
        RunLocked: another process is writing the run folder (exit 2, naming it).
        UsageError: when the run is complete.
        DataError: the data or ``config.yaml`` changed since the run started.
        RunFolderError: when the folder is not a run folder.
    """
    from fourfold.errors import UsageError
    from fourfold.recipes import load_recipe
    from fourfold.runs.fingerprint import verify
    from fourfold.runs.lock import hold

    run_dir = Path(run_dir)
    if not (run_dir / layout.CONFIG).is_file():
        raise RunFolderError(text("run.not_a_run_folder", path=run_dir, name=layout.CONFIG))
    with _showing(show_progress), hold(run_dir):
        current = run_status.read_status(run_dir)
        if current == run_status.COMPLETE:
            raise UsageError(text("run.not_resumable", path=run_dir, status=current))
        recorded = STATUS_FILE.read(run_dir)
        recipe = load_recipe(run_dir / layout.CONFIG)
        saved_dir = recorded and recorded.data_dir
        data_dir = data_dir or (Path(saved_dir) if saved_dir else None)
        verify(run_dir, recipe.dataset, data_dir)
        backend = backends.activate(backends.choose_backend(
            (recorded and recorded.backend) or recipe.backend))
        raw, load_seconds = _load_checked(recipe, data_dir, None, submit=False)
        return _execute(recipe, run_dir, raw, load_seconds, backend=backend, data_dir=data_dir,
                        show_progress=show_progress, build_report=True,
                        jobs=jobs or (recorded and recorded.jobs) or 1,
                        on_fold_done=on_fold_done)


def _load_checked(recipe: Recipe, data_dir: Path | None, data, *, submit: bool):
    """The data the run trains on (``data``, else ``recipe.dataset`` loaded), checked against
    the recipe, and the seconds loading took."""
    from fourfold.datasets import load_dataset
    from fourfold.preprocessing.compatibility import check_recipe_against_data

    loading = time.perf_counter()
    if data is None:
        with stages.stage(text("progress.loading", dataset=printable(recipe.dataset.name))):
            data = load_dataset(recipe.dataset, data_dir, task=recipe.task)
    raw = data
    check_recipe_against_data(recipe, raw, get_task(recipe.task), submit=submit)
    return raw, time.perf_counter() - loading


def _execute(recipe: Recipe, run_dir: Path, raw, load_seconds: float, *, backend: str,
             data_dir: Path | None, show_progress: bool, build_report: bool, jobs: int,
             on_fold_done, start: tuple | None = None) -> RunResult:
    """Train into ``run_dir`` with its status and index entry kept true throughout
    (:func:`~fourfold.runs.lifecycle.run_lifecycle`: an error comes out as ``RunFailed``
    carrying the folder, Ctrl-C as ``RunInterrupted``). ``start``, for a new run, is
    its fingerprint and ``config.yaml`` text, written first (the fingerprint before the
    config, so a folder with a config always has its fingerprint)."""
    from fourfold.memory import limit_malloc_arenas
    from fourfold.runs.fingerprint import INPUTS_FILE
    from fourfold.runs.lifecycle import run_lifecycle
    from fourfold.training.interrupts import catching_signals

    started = time.perf_counter() - load_seconds
    limit_malloc_arenas()
    task = get_task(recipe.task)
    # SIGTERM (a scheduler, `kill`) ends the run as Ctrl-C does: marked interrupted
    with catching_signals(), run_lifecycle(run_dir, recipe=recipe.name, task=recipe.task,
                                           backend=backend, jobs=jobs,
                                           data_dir=data_dir) as outcome:
        if start is not None:
            inputs, config_text = start
            INPUTS_FILE.write(run_dir, inputs)
            layout.write_atomic(run_dir / layout.CONFIG, config_text)
        metrics = _train(recipe, task, run_dir, raw, load_seconds, data_dir, backend,
                         show_progress, jobs, on_fold_done)
        metrics.timings.total_seconds = time.perf_counter() - started
        RUN_METRICS_FILE.write(run_dir, metrics)
        if build_report:
            from fourfold.reporting import build_report as write_report

            with stages.stage(text("progress.report")):
                write_report(run_dir)
        _remove_checkpoints(run_dir, metrics)
        outcome.metric_name, outcome.metric_value = metrics.headline.name, metrics.headline.value
    return RunResult(run_dir, metrics, run_status.COMPLETE)


def _submit(result: RunResult, raw, path: Path, recipe: Recipe, data_dir: Path | None) -> None:
    """Write the Kaggle submission of a complete run; a path that cannot be written is
    named, with the command that writes it later, and the run stays complete."""
    from fourfold.predict.submission import write_submission

    from fourfold.runs.layout import output_error

    try:
        write_submission(result.run_dir, raw, path)
    except (OSError, FourfoldError) as error:
        cause = output_error(error, path, example="submission.csv") \
            if isinstance(error, OSError) else error
        raise SubmissionNotWritten(result, path, text(
            "inputs.submission_failed", run_dir=result.run_dir, report=result.report_path,
            error=cause, unlabelled=_unlabelled_file(recipe, data_dir)),
            exit_code=cause.exit_code) from None


def _unlabelled_file(recipe: Recipe, data_dir: Path | None) -> str:
    """The file of the data set's unlabelled rows (iceberg's test.json), for the command
    that writes a submission later."""
    from fourfold.datasets.catalog import DATASETS
    from fourfold.datasets.resolve import resolve
    from fourfold.errors import DataError

    spec = DATASETS.get(recipe.dataset.name)
    if spec is None or spec.unlabelled is None:
        return "TEST_FILE"
    try:
        return str(resolve(spec.name, data_dir, allow_download=False).files[spec.unlabelled])
    except (DataError, KeyError):
        return f"<data folder>/{spec.folder}/{spec.unlabelled}"


def _remove_checkpoints(run_dir: Path, metrics: RunMetrics) -> None:
    """Per-epoch checkpoints are only for resuming: a complete run drops them."""
    import shutil

    for member in metrics.members:
        shutil.rmtree(run_dir / member.dir / layout.BACKUP, ignore_errors=True)


def _create_run_dir(out: Path, name: str) -> Path:
    try:
        return layout.new_run_dir(out, name)
    except OSError as error:
        raise RunFolderError(text("run.output_unwritable", path=out, error=error.strerror or error)
                             ) from None


def _train(recipe: Recipe, task, run_dir: Path, raw, load_seconds: float,
           data_dir: Path | None, backend: str, show_progress: bool, jobs: int,
           on_fold_done) -> RunMetrics:
    """Train holdout models or folds on the loaded data, and summarise them."""
    from fourfold.training.holdout import train_holdout
    from fourfold.training.kfold import REFIT, train_folds
    from fourfold.training.progress import RunProgress

    folds = recipe.kfold.n_splits or 0
    fits = folds + (recipe.kfold.final == REFIT) if folds else len(recipe.models)
    with RunProgress(fits, recipe.training.epochs, folds=folds,
                     names=[printable(config.name) for config in recipe.models]) as progress:
        if folds:
            if min(jobs, folds) > 1:  # folds in other processes are shown as they end
                on_fold_done = _counting_folds(progress, on_fold_done)
            members = train_folds(recipe, task, raw, run_dir, backend=backend,
                                  data_dir=data_dir, jobs=jobs, show_progress=show_progress,
                                  on_fold_done=on_fold_done)
        else:
            members = train_holdout(recipe, task, raw, run_dir, show_progress)
    versions = library_versions(backend)
    for _, folder, member in members:
        member.backend, member.versions = backend, versions
        if member.timings.load_seconds is None:
            member.timings.load_seconds = load_seconds
        if folder != run_dir:
            MEMBER_METRICS_FILE.write(folder, member)
    from fourfold.training.summary import summarise_run

    with stages.stage(text("progress.summarising")):
        return summarise_run(members, run_dir, recipe, task)


def _counting_folds(progress, on_fold_done):
    """``on_fold_done`` that also moves the run's bar on by the fold's epochs."""

    def done(fold: int, metrics) -> None:
        progress.fold_done(metrics.curve.epochs_run)
        if on_fold_done:
            on_fold_done(fold, metrics)

    return done


def _showing(show_progress: bool):
    """A display of the run's stages on stderr for the block, when ``show_progress`` asks
    for one and none is active (the CLI installs its own)."""
    from contextlib import nullcontext

    if not show_progress or stages.is_showing():
        return nullcontext()
    from rich.console import Console

    return stages.showing(stages.display_for(Console(stderr=True, soft_wrap=True)))


def library_versions(backend: str) -> dict[str, str]:
    """Versions of Python and the libraries a run's numbers depend on."""
    versions = {"python": platform.python_version()}
    for package in ("fourfold", "keras", backend, "numpy", "scikit-learn", "pandas"):
        try:
            versions[package] = metadata.version("tensorflow-cpu" if package == "tensorflow"
                                                 and _installed("tensorflow-cpu") else package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _installed(distribution: str) -> bool:
    try:
        metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True
