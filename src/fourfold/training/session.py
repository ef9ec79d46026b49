"""One member of a run: fit a model, evaluate it, save its files.

Each model ("member") writes its files into its own folder: the run folder
itself for a single model, ``models/<name>/`` when a recipe compares models,
``folds/fold-<k>/`` for K-fold. :mod:`~fourfold.training.holdout` and
:mod:`~fourfold.training.kfold` decide the members; this module trains one.
Keras is imported only inside functions, so a spawned fold worker can choose its
backend before Keras loads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fourfold import stages
from fourfold.datasets import LoadedData
from fourfold.messages import text
from fourfold.printable import printable
from fourfold.recipes.schema import ModelConfig, Recipe
from fourfold.runs import layout
from fourfold.runs.records import MemberMetrics
from fourfold.tasks import Task
from fourfold.training import interrupts

#: A member's per-epoch checkpoint, in its ``backup/`` folder.
CHECKPOINT = "checkpoint.npz"


def train_member(config: ModelConfig, recipe: Recipe, task: Task, data, raw: LoadedData,
                 folder: Path, show_progress: bool) -> MemberMetrics:
    """Fit one model, save its files into ``folder`` and return its metrics."""
    from fourfold.evaluation.member import evaluate_member
    from fourfold.predict import preprocess_record
    from fourfold.preprocessing.compatibility import label_groups
    from fourfold.runs.record_files import MEMBER_BACKUP_FILE
    from fourfold.runs.records import Baseline, DataSummary, Headline, Timings
    from fourfold.training.member import fit_member
    from fourfold.training.progress import current

    folder.mkdir(parents=True, exist_ok=True)
    finished = MEMBER_BACKUP_FILE.read(folder)
    if finished is not None:  # finished before the run was interrupted
        if show_progress and current() is not None:
            current().skip()
        return finished
    groups = label_groups(recipe, raw)  # checked before the first epoch, with the recipe
    try:
        fit = fit_member(config, recipe, task, data, folder, show_progress=show_progress,
                         checkpoint_path=folder / layout.BACKUP / CHECKPOINT)
        with stages.stage(text("progress.evaluating", name=printable(config.name))):
            evaluation = evaluate_member(fit.model, task, data, raw,
                                         probability_clip=recipe.evaluation.probability_clip,
                                         decoding_mode=recipe.evaluation.decoding,
                                         label_groups=groups)
    except Exception as error:
        # Ctrl-C raised inside a library's callback can come out as another error.
        if interrupts.requested():
            raise KeyboardInterrupt from error
        raise
    interrupts.raise_if_requested()  # ... or not come out at all
    with stages.stage(text("progress.saving", name=printable(config.name))):
        _save(fit.model, folder, evaluation, preprocess_record(recipe, task, data, raw,
                                                               evaluation.decoding))
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
            feature_spreads=_feature_spreads(recipe, data),
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
        curve=fit.curve,
        timings=Timings(fit_seconds=fit.fit_seconds, evaluate_seconds=evaluation.seconds),
        seed=recipe.seed,
        devices=fit.devices,
    )
    MEMBER_BACKUP_FILE.write(folder, metrics)
    return metrics


def _save(model, folder: Path, evaluation, preprocess) -> None:
    """The member's model, preprocessing, predictions and report samples, into ``folder``."""
    from fourfold.runs.record_files import PREPROCESS_FILE

    model.save(folder / layout.MODEL)
    PREPROCESS_FILE.write(folder, preprocess)
    layout.write_atomic(folder / layout.PREDICTIONS,
                        evaluation.predictions.to_csv(index=False, float_format="%.17g"))
    if evaluation.samples:
        with open(folder / layout.SAMPLES, "wb") as handle:
            np.savez_compressed(handle, **evaluation.samples)


def _feature_spreads(recipe: Recipe, data) -> list[float] | None:
    """Each input feature's range over the training rows, for inputs the network gets
    unscaled (``preprocess.scaler: none``) and few enough to record; else `None`."""
    from fourfold.runs.records import SPREAD_FEATURES

    if recipe.preprocess.scaler != "none" or data.streamed or not len(data.x_train):
        return None
    rows = np.asarray(data.x_train).reshape(len(data.x_train), -1)
    if rows.shape[1] > SPREAD_FEATURES:
        return None
    with np.errstate(invalid="ignore"):
        spreads = np.nanmax(rows, axis=0) - np.nanmin(rows, axis=0)
    return [float(value) for value in np.nan_to_num(spreads)]
