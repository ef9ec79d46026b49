"""Train a recipe: one split (holdout), or K folds in this process or in parallel ones.

Each model ("member") writes its files into its own folder: the run folder
itself for a single model, ``models/<name>/`` when a recipe compares models,
``folds/fold-<k>/`` for K-fold. Keras is imported only inside functions, so a
spawned fold worker can choose its backend before Keras loads.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from fourfold.datasets import LoadedData, load_dataset
from fourfold.recipes.schema import ModelConfig, Recipe
from fourfold.runs import layout
from fourfold.runs.records import MemberMetrics
from fourfold.tasks import Task


def train_holdout(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path,
                  show_progress: bool) -> list[tuple[str, Path, MemberMetrics]]:
    """Fit every model of the recipe on one training/validation split."""
    from fourfold.preprocessing.prepare import prepare_data

    data = prepare_data(recipe, raw, task)
    several = len(recipe.models) > 1
    members = []
    for config in recipe.models:
        folder = layout.member_dir(run_dir, layout.MODELS, config.name) if several else run_dir
        members.append((config.name, folder,
                        train_member(config, recipe, task, data, raw, folder, show_progress)))
    return members


def train_member(config: ModelConfig, recipe: Recipe, task: Task, data, raw: LoadedData,
                 folder: Path, show_progress: bool) -> MemberMetrics:
    """Fit one model, save its files into ``folder`` and return its metrics."""
    from fourfold.evaluation.member import evaluate_member
    from fourfold.predict import preprocess_record
    from fourfold.preprocessing.compatibility import label_groups
    from fourfold.runs.record_files import MEMBER_BACKUP_FILE, PREPROCESS_FILE
    from fourfold.runs.records import Baseline, Curve, DataSummary, Headline, Timings
    from fourfold.training.member import fit_member

    folder.mkdir(parents=True, exist_ok=True)
    finished = MEMBER_BACKUP_FILE.read(folder)
    if finished is not None:  # finished before the run was interrupted
        return finished
    groups = label_groups(recipe, raw)  # checked before the first epoch, with the recipe
    fit = fit_member(config, recipe, task, data, folder, show_progress=show_progress,
                     checkpoint_path=folder / layout.BACKUP / "checkpoint.npz")
    evaluation = evaluate_member(fit.model, task, data, raw,
                                 probability_clip=recipe.evaluation.probability_clip,
                                 decoding_mode=recipe.evaluation.decoding, label_groups=groups)
    fit.model.save(folder / layout.MODEL)
    PREPROCESS_FILE.write(folder, preprocess_record(recipe, task, data, raw, evaluation.decoding))
    layout.write_atomic(folder / layout.PREDICTIONS,
                        evaluation.predictions.to_csv(index=False, float_format="%.17g"))
    if evaluation.samples:
        with open(folder / layout.SAMPLES, "wb") as handle:
            np.savez_compressed(handle, **evaluation.samples)
    metrics = MemberMetrics(
        recipe=recipe.name,
        task=task.name,
        dataset=recipe.dataset.name,
        model=config.name,
        parameters=int(fit.model.count_params()),
        class_names=data.class_names,
        label_groups=groups or None,
        data=DataSummary(
            train=int(len(data.train_rows)),
            validation=int(len(data.validation_rows)),
            train_class_counts=task.class_counts(data.y_train, data.num_outputs),
            test=int(len(data.x_test)),
            input_shape=list(data.input_shape),
            source=raw.source,
            notes=list(raw.notes),
        ),
        test=evaluation.test,
        validation=evaluation.validation,
        headline=Headline(
            name=task.headline.name,
            value=evaluation.test.get(task.headline.name),
            higher_is_better=task.headline.higher_is_better,
            textbook=recipe.textbook.get(task.headline.name),
        ),
        baseline=Baseline(**evaluation.baseline),
        curve=Curve(**fit.curve.to_dict()),
        timings=Timings(fit_seconds=fit.fit_seconds, evaluate_seconds=evaluation.seconds),
        seed=recipe.seed,
    )
    MEMBER_BACKUP_FILE.write(folder, metrics)
    return metrics


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
    """Train folds here (from the front) and in ``workers`` spawned processes (from the back)."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, wait

    pending = list(plan)
    lock = threading.Lock()
    futures = []
    recipe_data = recipe.model_dump(mode="json")
    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context("spawn")) as pool:

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
    for future in futures:
        finish(future.fold, future.result())


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
