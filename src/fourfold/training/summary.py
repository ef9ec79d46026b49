"""A run's top-level metrics from its members' (models or folds).

A holdout run's primary member is chosen by the recipe's
``evaluation.model_selection``. A K-fold run has no primary fold: its model is
the folds' ensemble (or the refit model, ``kfold.final``), its headline the
folds' test mean ± standard deviation, beside the fold table. The ensemble's
metrics are computed here from the folds' outputs (:func:`evaluate_ensemble`),
by the task, as a single model's are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from fourfold.predict.predictor import average_scores
from fourfold.recipes.schema import Recipe
from fourfold.runs.records import (FoldRow, FoldSizes, FoldStatistics, Headline, KFold,
                                   KFoldSizes, MemberMetrics, MemberSummary, RunMetrics,
                                   SplitSizes)
from fourfold.tasks import Task

#: The member name (and ``model``) of a K-fold run's ensemble; its folder is the run folder.
ENSEMBLE = "ensemble"

Members = list[tuple[str, Path, MemberMetrics]]


class EnsembleMetrics(MemberMetrics):
    """The ensemble's metrics as a member of the run, with its decoding (multi-label
    thresholds) for ``kfold.decoding``. Never written as a file of its own: the run's
    top-level ``metrics.json`` holds them."""

    omit_when_none = MemberMetrics.omit_when_none | {"decoding"}

    decoding: dict[str, Any] | None = None


@dataclass
class EnsembleEvaluation:
    """What :func:`evaluate_ensemble` computes.

    Attributes:
        scores: the averaged test outputs, ``(n_test, ...)`` float64.
        test: the task's test metrics of ``scores`` (empty without test labels).
        validation: the task's single-number metrics of the out-of-fold outputs
            (each training row scored by the fold model that held it out), with
            ``loss`` and ``loss_se``.
        decoding: the task's decoding fitted on the out-of-fold outputs (`None`
            for a task with a fixed rule).
    """

    scores: np.ndarray
    test: dict
    validation: dict
    decoding: object


def evaluate_ensemble(task: Task, fold_test_scores: Sequence[np.ndarray],
                      out_of_fold: np.ndarray, *, y_train: np.ndarray, y_test: np.ndarray | None,
                      class_names: list[str], decoding_mode: str = "tuned",
                      groups: dict[str, list[int]] | None = None,
                      probability_clip: float = 1e-15) -> EnsembleEvaluation:
    """Score the mean of the folds' test outputs as one model's outputs are scored.

    The decoding (multi-label thresholds) is chosen on the out-of-fold outputs,
    which cover every training row once, then applied unchanged to the test
    rows, as a single model's is chosen on its validation rows.

    Args:
        task: the run's task; it computes every metric.
        fold_test_scores: each fold model's test outputs as its task postprocessed
            them (probabilities, or values), each ``(n_test, ...)``.
        out_of_fold: ``(n_train, ...)``: each training row's outputs from the fold
            model that held it out.
        y_train: the training rows' targets, in the data's label space.
        y_test: the test targets, or `None` for unlabelled test rows.
        class_names: the run's class (label) names.
        decoding_mode: the recipe's ``evaluation.decoding``. Defaults to `"tuned"`.
        groups: label groups as class indices (multi-label). Defaults to `None`.
        probability_clip: the recipe's ``evaluation.probability_clip``.
            Defaults to `1e-15`.

    Returns:
        An :class:`EnsembleEvaluation`.
    """
    scores = average_scores(fold_test_scores)
    decoding = task.fit_decoding(y_train, out_of_fold, mode=decoding_mode, groups=groups)
    losses = np.asarray(task.row_losses(y_train, out_of_fold), dtype=np.float64)
    validation = {"loss": float(losses.mean()),
                  "loss_se": (float(losses.std(ddof=1) / np.sqrt(len(losses)))
                              if len(losses) > 1 else None),
                  **_numbers(task.evaluate(y_train, out_of_fold, class_names, decoding))}
    test: dict = {}
    if y_test is not None:
        test = {"loss": task.loss_value(y_test, scores),
                **task.evaluate(y_test, scores, class_names, decoding),
                **task.metric_settings(probability_clip=probability_clip)}
    return EnsembleEvaluation(scores, test, validation, decoding)


def summarise_run(members: Members, run_dir: Path, recipe: Recipe, task: Task) -> RunMetrics:
    """The run's ``metrics.json`` record from its members' metrics.

    For K-fold, ``members`` are the folds followed by the final model
    (``ensemble`` or ``refit``), as :func:`~fourfold.training.kfold.train_folds`
    returns them.
    """
    if not recipe.kfold.n_splits:
        return summarise(members, run_dir, recipe.evaluation.model_selection)
    return summarise_kfold(members, run_dir, recipe, task)


def summarise(members: Members, run_dir: Path, selection: str = "lowest_loss") -> RunMetrics:
    """The top-level metrics: the primary member's (chosen by the recipe's
    ``evaluation.model_selection`` on validation loss), plus the list."""
    from fourfold.evaluation.selection import select_primary

    chosen = select_primary([member for _, _, member in members], selection)
    return _with_members(members, chosen, run_dir, selection)


def summarise_kfold(members: Members, run_dir: Path, recipe: Recipe, task: Task) -> RunMetrics:
    """A K-fold run's top-level metrics: the final model's (the last member), whole-data
    sizes, and the fold table whose test mean ± std is the headline.

    Raises:
        ValueError: the last member is not the recipe's ``kfold.final``.
    """
    *folds, (final_name, _, final) = members
    if final_name != recipe.kfold.final:
        raise ValueError(f"the last member of a K-fold run must be its final model "
                         f"{recipe.kfold.final!r}; received {final_name!r}")
    summary = _with_members(members, len(members) - 1, run_dir,
                            recipe.evaluation.model_selection)
    summarise_folds(summary, folds, recipe, task)
    kfold = summary.kfold
    kfold.final = recipe.kfold.final
    kfold.ensemble_test = _numbers(final.test) or None
    kfold.decoding = getattr(final, "decoding", None)
    data = summary.data
    kfold.sizes = KFoldSizes(
        train=sum(member.data.validation for _, _, member in folds),  # each row held out once
        test=data.test if data else 0,
        folds=[FoldSizes(fold=index, train=member.data.train, validation=member.data.validation)
               for index, (_, _, member) in enumerate(folds, start=1)],
        refit=(SplitSizes(train=final.data.train, validation=final.data.validation)
               if final_name != ENSEMBLE and final.data else None))
    if data is not None:  # whole-data sizes: every training row, held out by one fold
        summary.data = data.model_copy(update={
            "train": kfold.sizes.train, "validation": 0,
            "train_class_counts": _summed([m.data.train_class_counts for _, _, m in folds],
                                          data.train_class_counts)})
    return summary


def summarise_folds(summary: RunMetrics, folds: Members, recipe: Recipe, task: Task) -> None:
    """Add the fold table (validation = held-out fold, and test) with mean and standard
    deviation; the headline becomes the mean ± std of the folds' test metric."""
    rows = [FoldRow(fold=index, best_epoch=member.curve.best_epoch,
                    validation=member.validation, test=_numbers(member.test))
            for index, (_, _, member) in enumerate(folds, start=1)]
    name = task.headline.name
    summary.kfold = KFold(
        n_splits=recipe.kfold.n_splits, stratified=task.stratify, scale=recipe.kfold.scale,
        folds=rows, validation=FoldStatistics.over([row.validation for row in rows]),
        test=FoldStatistics.over([row.test for row in rows]),
        textbook=recipe.textbook_folds.get(name))
    std = summary.kfold.test.std.get(name)
    summary.headline = Headline(
        name=name, value=summary.kfold.test.mean.get(name),
        higher_is_better=task.headline.higher_is_better,
        textbook=summary.kfold.textbook_mean,
        aggregate=f"mean over {recipe.kfold.n_splits} folds",
        std=None if std is None or np.isnan(std) else std)


def _with_members(members: Members, chosen: int, run_dir: Path, selection: str) -> RunMetrics:
    """The chosen member's metrics with the run's fields: every member, the primary's name."""
    primary_name, _, primary = members[chosen]
    fit_seconds = sum(member.timings.fit_seconds for _, _, member in members if member.timings)
    fields = primary.to_dict()
    fields.pop("decoding", None)  # an ensemble's: it goes into ``kfold.decoding``
    return RunMetrics.model_validate({
        **fields,
        "timings": (primary.timings.model_copy(update={"fit_seconds": fit_seconds})
                    if primary.timings else None),
        "members": [MemberSummary(name=name, dir=str(folder.relative_to(run_dir))
                                  if folder != run_dir else ".", headline=member.headline,
                                  curve=member.curve, parameters=member.parameters)
                    for name, folder, member in members],
        "primary": primary_name,
        "model_selection": selection,
    })


def _numbers(metrics: dict) -> dict[str, float]:
    """The single-number metrics (no reports, matrices, flags or unknowns)."""
    return {key: value for key, value in metrics.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)}


def _summed(train_counts: list, fallback):
    """Training rows per class over all folds: each row is in the training part of K - 1
    folds, so the folds' training counts sum to K - 1 times the whole."""
    if any(counts is None for counts in train_counts) or len(train_counts) < 2:
        return fallback
    total = np.sum(np.asarray(train_counts, dtype=np.int64), axis=0)
    return [int(count) // (len(train_counts) - 1) for count in total]
