"""K-fold training: a fresh model per fold, in this process or in spawned ones, then
the run's final model.

This process trains folds from the front of the list while spawned workers take
folds from the back; each fold seeds itself, so the numbers do not depend on
``jobs``. No fold is the run's model: after the folds comes the recipe's
``kfold.final``, either the ``ensemble`` (the mean of the fold models' outputs,
scored on the test rows and written as the run folder's ``predictions.csv``) or a
``refit`` model. The refit model is trained on the training rows with the recipe's
own validation split choosing its best epoch, exactly as a holdout run's model is
(same callbacks, checkpoints and ``--resume``), into the member folder ``refit/``.
"""


from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

from fourfold.datasets import LoadedData, load_dataset
from fourfold.recipes.schema import Recipe
from fourfold.runs import layout
from fourfold.runs.records import MemberMetrics
from fourfold.tasks import Task
from fourfold.training.session import train_member

#: The refit model's member folder, in the run folder (``kfold.final: refit``).
REFIT = "refit"


def fold_plan(recipe: Recipe, task: Task, raw: LoadedData) -> list[tuple[np.ndarray, np.ndarray]]:
    """The recipe's K folds over the training rows (stratified for classification)."""
    from fourfold.preprocessing.splits import fold_indices

    return fold_indices(len(raw.x_train), recipe.kfold.n_splits, shuffle=recipe.kfold.shuffle,
                        random_state=recipe.kfold.random_state,
                        stratify_labels=raw.y_train if task.stratify else None)


def train_fold(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path, fold: int,
               rows: tuple[np.ndarray, np.ndarray], show_progress: bool) -> MemberMetrics:
    """Fit a fresh model on one fold; its held-out rows are its validation data."""
    if show_progress:
        from fourfold.training.progress import current

        progress = current()
        if progress is not None:
            progress.fold_next(fold)
    data = _fold_data(recipe, task, raw, rows)
    folder = layout.member_dir(run_dir, layout.FOLDS, f"fold-{fold}")
    config = recipe.model.model_copy(update={"name": f"fold-{fold}"})
    return train_member(config, recipe, task, data, raw, folder, show_progress)


def train_folds(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path, *, backend: str,
                data_dir: Path | None, jobs: int, show_progress: bool,
                on_fold_done=None) -> list[tuple[str, Path, MemberMetrics]]:
    """Fit one model per fold, ``jobs`` folds at a time, then the final model.

    Returns:
        ``(name, folder, metrics)`` of each fold, in fold order, then of the final
        model: ``("ensemble", run_dir, ...)`` or ``("refit", run_dir / "refit", ...)``.

    This process trains folds from the front of the list while ``jobs - 1``
    spawned workers take folds from the back: a worker first spends seconds
    importing Keras, which this process has already done. Each fold seeds
    itself, so the numbers do not depend on ``jobs``. With ``show_progress``,
    the folds trained here show their epochs as with ``jobs`` 1, and the folds
    workers finish are reported (``on_fold_done``) between this process's epochs.
    """
    plan = dict(enumerate(fold_plan(recipe, task, raw), start=1))
    results: dict[int, MemberMetrics] = {}

    def finish(fold: int, metrics: MemberMetrics) -> None:
        results[fold] = metrics
        if on_fold_done:
            on_fold_done(fold, metrics)

    workers = min(jobs, len(plan)) - 1
    if workers < 1:
        for fold, rows in plan.items():
            finish(fold, train_fold(recipe, task, raw, run_dir, fold, rows, show_progress))
    else:
        _share_folds(plan, workers, finish, recipe, task, raw, run_dir, backend, data_dir,
                     show_progress)
    folds = [(f"fold-{fold}", layout.member_dir(run_dir, layout.FOLDS, f"fold-{fold}"),
              results[fold]) for fold in sorted(results)]
    return folds + [train_final(recipe, task, raw, run_dir, folds, show_progress)]


def train_final(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path,
                folds: list[tuple[str, Path, MemberMetrics]], show_progress: bool
                ) -> tuple[str, Path, MemberMetrics]:
    """The run's model after its folds: the folds' ensemble or a refit model
    (``kfold.final``), as ``(name, folder, metrics)``."""
    from fourfold.training.summary import ENSEMBLE

    if recipe.kfold.final == REFIT:
        from fourfold.preprocessing.prepare import prepare_data

        folder = run_dir / REFIT
        config = recipe.model.model_copy(update={"name": REFIT})
        return REFIT, folder, train_member(config, recipe, task, prepare_data(recipe, raw, task),
                                           raw, folder, show_progress)
    from fourfold import stages
    from fourfold.messages import text

    with stages.stage(text("progress.ensemble")):
        return ENSEMBLE, run_dir, evaluate_folds_ensemble(recipe, task, raw, run_dir, folds)


def evaluate_folds_ensemble(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path,
                            folds: list[tuple[str, Path, MemberMetrics]]) -> MemberMetrics:
    """Score the mean of the fold models' outputs on the test rows; write its
    ``predictions.csv`` (and ``samples.npz``) into the run folder.

    Each fold model is loaded from its folder and fed its fold's preprocessing, as
    ``predict`` does; its held-out rows' outputs, together, score every training row
    once (the ensemble's ``validation``, on which a multi-label decoding is tuned).
    """
    import time

    from fourfold.evaluation.member import predictions_frame, report_samples
    from fourfold.feeding import model_inputs
    from fourfold.models import predict_scores
    from fourfold.predict.predictor import load_keras_model
    from fourfold.preprocessing.compatibility import label_groups
    from fourfold.runs.records import Baseline, DataSummary, Headline, Timings
    from fourfold.training.summary import ENSEMBLE, EnsembleMetrics, evaluate_ensemble

    started = time.perf_counter()
    clip = recipe.evaluation.probability_clip
    test_scores, out_of_fold, data = [], None, None
    for (_, folder, _), rows in zip(folds, fold_plan(recipe, task, raw)):
        data = _fold_data(recipe, task, raw, rows)
        model = load_keras_model(folder / layout.MODEL)
        test_scores.append(task.postprocess(predict_scores(model, model_inputs(data, "test")),
                                            probability_clip=clip))
        held_out = task.postprocess(predict_scores(model, model_inputs(data, "validation")),
                                    probability_clip=clip)
        if out_of_fold is None:
            out_of_fold = np.zeros((len(raw.y_train), *held_out.shape[1:]))
        out_of_fold[rows[1]] = held_out
    groups = label_groups(recipe, raw)
    class_names = list(data.class_names)
    ensemble = evaluate_ensemble(
        task, test_scores, out_of_fold, y_train=raw.y_train, y_test=data.y_test,
        class_names=class_names, decoding_mode=recipe.evaluation.decoding,
        groups={name: [class_names.index(label) for label in labels]
                for name, labels in (groups or {}).items()},
        probability_clip=clip)
    names = data.x_test.name_of(slice(None)) if hasattr(data.x_test, "name_of") else None
    predictions = predictions_frame(task, ensemble.scores, class_names, data.y_test,
                                    ensemble.decoding, names=names)
    layout.write_atomic(run_dir / layout.PREDICTIONS,
                        predictions.to_csv(index=False, float_format="%.17g"))
    samples = report_samples(raw, data, task, predictions)
    if samples:
        with open(run_dir / layout.SAMPLES, "wb") as handle:
            np.savez_compressed(handle, **samples)
    first = folds[0][2]
    return EnsembleMetrics(
        recipe=recipe.name, task=task.name, dataset=recipe.dataset.name, model=ENSEMBLE,
        parameters=first.parameters, class_names=class_names, label_groups=groups or None,
        data=DataSummary(
            train=len(raw.y_train), validation=0,
            train_class_counts=task.class_counts(raw.y_train, data.num_outputs),
            test=int(len(data.x_test)), input_shape=list(data.input_shape),
            source=raw.source, notes=list(raw.notes)),
        test=ensemble.test, validation=ensemble.validation,
        headline=Headline(name=task.headline.name,
                          value=ensemble.test.get(task.headline.name),
                          higher_is_better=task.headline.higher_is_better,
                          textbook=recipe.textbook.get(task.headline.name)),
        baseline=Baseline(**(task.baseline(raw.y_train, data.y_test, class_names)
                             if data.y_test is not None else {})),
        curve=None,
        timings=Timings(fit_seconds=0.0, evaluate_seconds=time.perf_counter() - started),
        seed=recipe.seed,
        decoding=task.decoding_record(ensemble.decoding, class_names))


def _fold_data(recipe: Recipe, task: Task, raw: LoadedData, rows: tuple[np.ndarray, np.ndarray]):
    """One fold's prepared data: its rows, its scaler fitted as the fold's was."""
    from fourfold.preprocessing.prepare import prepare_data

    scaler_rows = (np.arange(len(raw.x_train)) if recipe.kfold.scale == "before_folds" else None)
    return prepare_data(recipe, raw, task, rows=rows, scaler_rows=scaler_rows)


def _share_folds(plan: dict, workers: int, finish, recipe: Recipe, task: Task, raw: LoadedData,
                 run_dir: Path, backend: str, data_dir: Path | None,
                 show_progress: bool) -> None:
    """Train folds here (from the front) and in ``workers`` spawned processes (from the back).

    The folds trained here show their progress (``show_progress``); after each of
    their epochs, the folds workers finished meanwhile are handed to ``finish``, so
    that the run's progress moves on with them.

    On Ctrl-C, or any error here, the workers are stopped before the error goes on:
    a fold they were training resumes from its last checkpoint.
    """
    import multiprocessing
    import threading
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from contextlib import nullcontext

    pending = list(plan)
    lock = threading.Lock()
    futures = []
    recipe_data = recipe.model_dump(mode="json")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    try:

        def hand_out() -> None:
            with lock:  # pop, submit and record together: the waiting loop below relies on it
                if not pending:
                    return
                fold = pending.pop()
                future = pool.submit(_fold_worker, recipe_data, backend, data_dir, run_dir, fold,
                                     plan[fold])
                future.fold = fold
                futures.append(future)
            future.add_done_callback(lambda done: hand_out() if done.exception() is None else None)

        reported: set[int] = set()

        def report_finished() -> None:
            """Hand each fold a worker finished to ``finish`` at once (its line, the run's
            progress), in this thread; a worker's error comes out here."""
            with lock:
                done = [future for future in futures
                        if future.done() and future.fold not in reported]
            for future in done:
                reported.add(future.fold)
                finish(future.fold, future.result())

        for _ in range(workers):
            hand_out()
        progress = None
        if show_progress:
            from fourfold.training.progress import current

            progress = current()
        while True:
            with lock:
                fold = pending.pop(0) if pending else None
            if fold is None:
                break
            with progress.polling(report_finished) if progress else nullcontext():
                metrics = train_fold(recipe, task, raw, run_dir, fold, plan[fold], show_progress)
            finish(fold, metrics)
            report_finished()
        while True:  # a worker may be handed a new fold while we wait
            with lock:
                waiting = [future for future in futures if not future.done()]
            if not waiting:
                break
            wait(waiting, return_when=FIRST_COMPLETED)
            report_finished()
    except BaseException:
        with lock:
            pending.clear()  # no fold is handed out any more
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)
    report_finished()  # a fold handed out as the waiting ended


def _stop_workers(pool, grace: float = 5.0) -> None:
    """End ``pool``'s worker processes: SIGTERM (a fold in training stops at its next batch),
    then SIGKILL for any still there after ``grace`` seconds."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)


def _start_worker(parent: int) -> None:
    """Fold workers' initializer: the parent is in charge of Ctrl-C, and its death ends them.

    Ctrl-C in a terminal reaches every process of the group; a worker leaves it to
    its parent, which stops the workers itself (:func:`_stop_workers`), instead of
    dying with a traceback while it waits for a fold. A worker ends when the process
    that started it dies, however it dies (a SIGKILLed parent runs no clean-up, and
    its workers would train on forever): Linux sends SIGKILL at once
    (``PR_SET_PDEATHSIG``); elsewhere, and in case the parent died before that was
    set, a thread notices ``getppid()`` change.
    """
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os.kill(os.getpid(), signal.SIGKILL)

    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=watch, name="fourfold-parent-watch", daemon=True).start()


#: ``prctl`` option: the signal this process gets when its parent thread exits.
_PR_SET_PDEATHSIG = 1

#: How often a fold worker checks that its parent is alive.
_PARENT_POLL_SECONDS = 0.5


def _fold_worker(recipe_data: dict, backend: str, data_dir: Path | None, run_dir: Path, fold: int,
                 rows: tuple[np.ndarray, np.ndarray]) -> MemberMetrics:
    """One fold in a fresh process: choose the backend, load the data, train."""
    from fourfold import backend as backends
    from fourfold.memory import limit_malloc_arenas
    from fourfold.tasks import get_task

    limit_malloc_arenas()
    backends.activate(backend)
    recipe = Recipe.model_validate(recipe_data)
    task = get_task(recipe.task)
    started = time.perf_counter()
    raw = load_dataset(recipe.dataset, data_dir, task=recipe.task)
    load_seconds = time.perf_counter() - started
    metrics = train_fold(recipe, task, raw, run_dir, fold, rows, show_progress=False)
    metrics.timings.load_seconds = load_seconds
    return metrics
