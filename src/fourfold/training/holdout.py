"""Holdout training: every model of a recipe on one training/validation split."""

from __future__ import annotations

from pathlib import Path

from fourfold import stages
from fourfold.datasets import LoadedData
from fourfold.messages import text
from fourfold.recipes.schema import Recipe
from fourfold.runs import layout
from fourfold.runs.records import MemberMetrics
from fourfold.tasks import Task
from fourfold.training.session import train_member


def train_holdout(recipe: Recipe, task: Task, raw: LoadedData, run_dir: Path,
                  show_progress: bool) -> list[tuple[str, Path, MemberMetrics]]:
    """Fit every model of the recipe on one training/validation split."""
    from fourfold.preprocessing.prepare import prepare_data

    with stages.stage(text("progress.preparing")):
        data = prepare_data(recipe, raw, task)
    several = len(recipe.models) > 1
    members = []
    for config in recipe.models:
        folder = layout.member_dir(run_dir, layout.MODELS, config.name) if several else run_dir
        members.append((config.name, folder,
                        train_member(config, recipe, task, data, raw, folder, show_progress)))
    return members
