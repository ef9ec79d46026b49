"""K-fold training: a fresh model per fold, in this process or in spawned ones.

This process trains folds from the front of the list while spawned workers take
folds from the back; each fold seeds itself, so the numbers do not depend on
``jobs``.
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


def fold_plan(recipe: Recipe, task: Task, raw: LoadedData) -> list[tuple[np.ndarray, np.ndarray]]:
    """The recipe's K folds over the training rows (stratified for classification)."""
    from fourfold.preprocessing.splits import fold_indices

    return fold_indices(len(raw.x_train), recipe.kfold.n_splits, shuffle=recipe.kfold.shuffle,
                        random_state=recipe.kfold.random_state,
                        stratify_labels=raw.y_train if task.stratify else None)


def train_fold(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path, fold: int,
               rows: tuple[np.ndarray, np.ndarray], show_progress: bool) -> MemberMetrics:
    """Fit a fresh model on one fold; its held-out rows are its validation data."""
    from fourfold.preprocessing.prepare import prepare_data

    scaler_rows = (np.arange(len(raw.x_train)) if recipe.kfold.scale == "before_folds" else None)
    data = prepare_data(recipe, raw, task, rows=rows, scaler_rows=scaler_rows)
    folder = layout.member_dir(run_dir, layout.FOLDS, f"fold-{fold}")
    config = recipe.model.model_copy(update={"name": f"fold-{fold}"})
    return train_member(config, recipe, task, data, raw, folder, show_progress)


def train_folds(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path, *, backend: str,
                data_dir: Path | None, jobs: int, show_progress: bool,
                on_fold_done=None) -> list[tuple[str, Path, MemberMetrics]]:
    """Fit one model per fold, ``jobs`` folds at a time.

    This process trains folds from the front of the list while ``jobs - 1``
    spawned workers take folds from the back: a worker first spends seconds
    importing Keras, which this process has already done. Each fold seeds
    itself, so the numbers do not depend on ``jobs``.
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
        _share_folds(plan, workers, finish, recipe, task, raw, run_dir, backend, data_dir)
    return [(f"fold-{fold}", layout.member_dir(run_dir, layout.FOLDS, f"fold-{fold}"),
             results[fold]) for fold in sorted(results)]


def _share_folds(plan: dict, workers: int, finish, recipe: Recipe, task: Task, raw: LoadedData,
                 run_dir: Path, backend: str, data_dir: Path | None) -> None:
    """Train folds here (from the front) and in ``workers`` spawned processes (from the back).

    On Ctrl-C, or any error here, the workers are stopped before the error goes on:
    a fold they were training resumes from its last checkpoint.
    """
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, wait

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

        for _ in range(workers):
            hand_out()
        while True:
            with lock:
                fold = pending.pop(0) if pending else None
            if fold is None:
                break
            finish(fold, train_fold(recipe, task, raw, run_dir, fold, plan[fold],
                                    show_progress=False))
        while True:  # a worker may have been handed a new fold while we waited
            wait(list(futures))
            with lock:
                if all(future.done() for future in futures):
                    break
    except BaseException:
        with lock:
            pending.clear()  # no fold is handed out any more
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)
    for future in futures:
        finish(future.fold, future.result())


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
