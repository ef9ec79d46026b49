"""`fourfold inspect DATASET_OR_RECIPE`: a data profile before training."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from fourfold.cli.common import DataDirOption, DebugOption, LangOption, data_dir_or_env, setup, stdout
from fourfold.cli.own_data import DropOption, TargetOption
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("inspect")(inspect)


def inspect(
    target: Annotated[str, typer.Argument(
        help="A built-in data set or recipe name, a recipe file, your own table (CSV/TSV/"
             "Parquet) or photo folder.")],
    column: TargetOption = None,
    drop: DropOption = None,
    data_dir: DataDirOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Profile a data set: shapes, value ranges and scaling, class balance, missing
    values, duplicates shared between train and test. For your own table: each column's
    kind (numeric, categorical, boolean, or left out and why) and, with --target, the task."""
    setup(debug=debug, lang=lang)
    from rich.table import Table

    from fourfold.autorecipe import is_own_data, split_names

    if is_own_data(target) and not Path(target).is_dir():
        _print_table(target, split_names(column), split_names(drop))
        return
    if is_own_data(target):
        from fourfold.datasets.image_folder import folder_recipe
        from fourfold.recipes.schema import Recipe

        target = Recipe.model_validate(folder_recipe(Path(target), task=None, name="photos"))

    from fourfold.datasets import DATASETS, load_dataset
    from fourfold.profiling import profile

    if not isinstance(target, str):
        config, dataset = target.dataset, str(target.dataset.folder.path)
    elif target in DATASETS:
        config = dataset = target
    else:
        from fourfold.recipes import load_recipe

        config = load_recipe(target).dataset
        dataset = config.name
    result = profile(load_dataset(config, data_dir_or_env(data_dir)))
    stdout.print(f"[bold]{dataset}[/bold]  ({result['source']})")
    stdout.print(f"train {tuple(result['train_shape'])}, test {tuple(result['test_shape'])}, "
                 f"dtype {result['dtype']}, missing values {result['missing_values']}")
    ranges = Table("feature", "min", "max", "mean", "std")
    for entry in result["values"]:
        ranges.add_row(entry["feature"], *(f"{entry[key]:.4g}" for key in ("min", "max", "mean", "std")))
    stdout.print(ranges)
    scaler = result["suggested_scaler"]
    stdout.print(f"scaling: {scaler['scaler']} ({scaler['why']})", markup=False)
    if "class_balance" in result:
        balance = Table("class", "train", "test")
        for entry in result["class_balance"]["classes"]:
            balance.add_row(entry["class"], str(entry["train"]), str(entry["test"]))
        stdout.print(balance)
        stdout.print(f"imbalance ratio (largest/smallest training class): "
                     f"{result['class_balance']['imbalance_ratio']:.2f}")
    stdout.print(f"test rows identical to a training row: {result['duplicates_train_test']}")
    for note in result["notes"]:
        stdout.print(note, markup=False)
    if "label_balance" in result:
        _print_labels(result["label_balance"])


def _print_table(path: str, target: list[str], drop: list[str]) -> None:
    """Each column of a user's table as the run would read it, then the target."""
    from rich.table import Table

    from fourfold.datasets.table_profile import table_profile

    result = table_profile(path, target=target, drop=drop)
    stdout.print(text("inspect.table.title", path=result["path"], rows=result["rows"],
                      columns=len(result["columns"])), markup=False)
    columns = Table(*(text(f"inspect.table.{name}") for name in
                      ("column", "kind", "missing", "levels", "values", "why")))
    for entry in result["columns"]:
        columns.add_row(*(escape(str(entry[key])) for key in
                          ("name", "kind", "missing", "levels", "summary", "why")))
    stdout.print(columns)
    if "task" not in result:
        stdout.print(text("inspect.table.no_target"), markup=False)
        return
    stdout.print(result["task_reason"], markup=False)
    if result["unlabelled"]:
        stdout.print(text("data.table.unlabelled_rows", path=path, count=result["unlabelled"]),
                     markup=False)
    if "class_balance" in result:
        balance = Table(text("inspect.table.class"), text("inspect.table.rows"))
        for entry in result["class_balance"]:
            balance.add_row(escape(entry["class"]), str(entry["rows"]))
        stdout.print(balance)
    if "target_summary" in result:
        summary = result["target_summary"]
        stdout.print(text("inspect.table.target_summary", **{k: f"{v:.4g}" for k, v in summary.items()}),
                     markup=False)


def _print_labels(balance: dict) -> None:
    """Per-label counts, then the training rows' label co-occurrence."""
    from rich.table import Table

    names = [entry["label"] for entry in balance["labels"]]
    counts = Table("label", "train", "test")
    for entry in balance["labels"]:
        counts.add_row(entry["label"], str(entry["train"]), str(entry["test"]))
    stdout.print(counts)
    stdout.print(f"labels per training row: {balance['labels_per_row']:.2f}; co-occurrence "
                 f"(training rows with both labels):", markup=False)
    matrix = Table("", *names)
    for name, row in zip(names, balance["co_occurrence"]):
        matrix.add_row(name, *(str(value) for value in row))
    stdout.print(matrix)
