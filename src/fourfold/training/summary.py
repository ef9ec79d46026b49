"""A run's top-level metrics from its members' (models or folds): which one is primary,
the list of members, and for K-fold the fold table with mean and standard deviation."""

from __future__ import annotations

from pathlib import Path

from fourfold.recipes.schema import Recipe
from fourfold.runs.records import (FoldRow, FoldStatistics, Headline, KFold, MemberMetrics,
                                   MemberSummary, RunMetrics)


def summarise_run(members: list[tuple[str, Path, MemberMetrics]], run_dir: Path, recipe: Recipe,
                  task) -> RunMetrics:
    """The run's ``metrics.json`` record from its members' metrics."""
    summary = summarise(members, run_dir, recipe.evaluation.model_selection)
    if recipe.kfold.n_splits:
        summarise_folds(summary, members, recipe, task)
    return summary


def summarise(members: list[tuple[str, Path, MemberMetrics]], run_dir: Path,
               selection: str = "lowest_loss") -> RunMetrics:
    """The top-level metrics: the primary member's (chosen by the recipe's
    ``evaluation.model_selection`` on validation loss), plus the list."""
    from fourfold.evaluation.selection import select_primary

    chosen = select_primary([member for _, _, member in members], selection)
    primary_name, _, primary = members[chosen]
    fit_seconds = sum(member.timings.fit_seconds for _, _, member in members)
    return RunMetrics.model_validate({
        **primary.to_dict(),
        "timings": primary.timings.model_copy(update={"fit_seconds": fit_seconds}),
        "members": [MemberSummary(name=name, dir=str(folder.relative_to(run_dir))
                                  if folder != run_dir else ".", headline=member.headline,
                                  curve=member.curve, parameters=member.parameters)
                    for name, folder, member in members],
        "primary": primary_name,
        "model_selection": selection,
    })


def summarise_folds(summary: RunMetrics, members: list[tuple[str, Path, MemberMetrics]],
                     recipe: Recipe, task) -> None:
    """Add the fold table (validation = held-out fold, and test) with mean and standard
    deviation; the headline becomes the mean test metric over the folds."""
    rows = [FoldRow(fold=index, best_epoch=member.curve.best_epoch,
                    validation=member.validation,
                    test={k: v for k, v in member.test.items() if isinstance(v, (int, float))})
            for index, (_, _, member) in enumerate(members, start=1)]
    name = task.headline.name
    summary.kfold = KFold(
        n_splits=recipe.kfold.n_splits, stratified=task.stratify, scale=recipe.kfold.scale,
        folds=rows, validation=FoldStatistics.over([row.validation for row in rows]),
        test=FoldStatistics.over([row.test for row in rows]),
        textbook=recipe.textbook_folds.get(name))
    summary.headline = Headline(
        name=name, value=summary.kfold.test.mean.get(name),
        higher_is_better=task.headline.higher_is_better,
        textbook=summary.kfold.textbook_mean,
        aggregate=f"mean over {recipe.kfold.n_splits} folds")
