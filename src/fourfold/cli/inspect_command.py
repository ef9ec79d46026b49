"""`fourfold inspect DATASET_OR_RECIPE`: a data profile before training."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from fourfold.cli.common import DataDirOption, DebugOption, LangOption, data_dir_or_env, setup, stdout
from fourfold.cli.own_data import DropOption, TargetOption
from fourfold.messages import LANGUAGES, text
from fourfold.printable import printable


def register(app: typer.Typer) -> None:
    app.command("inspect")(inspect)


def inspect(
    target: Annotated[str, typer.Argument(
        metavar="DATASET_OR_RECIPE", show_default=False)],
    column: TargetOption = None,
    drop: DropOption = None,
    data_dir: DataDirOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from fourfold.autorecipe import is_own_data, split_names
    from fourfold.datasets import load_dataset
    from fourfold.datasets.kinds import get_kind

    if is_own_data(target) and not Path(target).is_dir():  # the file, before any recipe
        from fourfold.datasets.table_profile import table_profile

        _print_columns(table_profile(target, target=split_names(column), drop=split_names(drop)))
        return
    name, config, task = _dataset_of(target)
    data = load_dataset(config, data_dir_or_env(data_dir), task=task)
    result = get_kind(data.input_kind).profile(data)
    if result["view"] == "columns":
        _print_columns(result)
    else:
        _print_arrays(name, result)


def _dataset_of(target: str):
    """``(name, dataset, task)`` for a data set, a recipe, or a photo folder."""
    from fourfold.datasets import DATASETS

    if target in DATASETS:
        return target, target, None
    if Path(target).is_dir():
        from fourfold.autorecipe import own_data_recipe

        recipe = own_data_recipe(target)
        return target, recipe.dataset, recipe.task
    from fourfold.recipes import load_recipe

    recipe = load_recipe(target)
    return recipe.dataset.name, recipe.dataset, recipe.task


def _print_arrays(dataset: str, result: dict) -> None:
    """The profile of arrays: shapes, value ranges, the scaling that fits, class balance."""
    from rich.table import Table

    stdout.print(f"[bold]{escape(printable(dataset))}[/bold]  "
                 f"({escape(printable(result['source']))})")
    stdout.print(text("inspect.arrays.shapes", train=tuple(result["train_shape"]),
                      test=tuple(result["test_shape"]), dtype=result["dtype"],
                      missing=result["missing_values"]), markup=False)
    ranges = Table(*(text(f"inspect.arrays.{name}") for name in
                     ("feature", "min", "max", "mean", "std")))
    for entry in result["values"]:
        feature = entry["feature"]  # pictures are profiled over all their values at once
        ranges.add_row(_cell(text("inspect.arrays.all_values") if feature == "all values"
                             else feature),
                       *(f"{entry[key]:.4g}" for key in ("min", "max", "mean", "std")))
    stdout.print(ranges)
    scaler = result["suggested_scaler"]
    key = f"inspect.scaler.{scaler['scaler']}"  # the explanation in the language in force
    why = text(key) if key in LANGUAGES["en"] else scaler["why"]
    stdout.print(printable(text("inspect.arrays.scaling", scaler=scaler["scaler"], why=why)),
                 markup=False)
    if "class_balance" in result:
        balance = Table(*(text(f"inspect.arrays.{name}") for name in ("class", "train", "test")))
        for entry in result["class_balance"]["classes"]:
            balance.add_row(_cell(entry["class"]), str(entry["train"]), str(entry["test"]))
        stdout.print(balance)
        stdout.print(text("inspect.arrays.imbalance",
                          ratio=result["class_balance"]["imbalance_ratio"]), markup=False)
    stdout.print(text("inspect.arrays.duplicates", count=result["duplicates_train_test"]),
                 markup=False)
    for note in result["notes"]:
        stdout.print(printable(note), markup=False)
    if "label_balance" in result:
        _print_labels(result["label_balance"])


def _print_columns(result: dict) -> None:
    """Each column of a user's table as the run reads it, then the target."""
    from rich.table import Table

    stdout.print(printable(text("inspect.table.title", path=result["path"], rows=result["rows"],
                                columns=len(result["columns"]))), markup=False)
    columns = Table(*(text(f"inspect.table.{name}") for name in
                      ("column", "kind", "missing", "levels", "values", "why")))
    for entry in result["columns"]:
        columns.add_row(*(_cell(entry[key]) for key in
                          ("name", "kind", "missing", "levels", "summary", "why")))
    stdout.print(columns)
    for note in result.get("notes", []):
        stdout.print(printable(note), markup=False)
    if "task_reason" in result:
        stdout.print(printable(result["task_reason"]), markup=False)
    elif "class_balance" not in result:
        stdout.print(text("inspect.table.no_target"), markup=False)
    if result.get("unlabelled"):
        stdout.print(printable(text("data.table.unlabelled_rows", path=result["path"],
                                    count=result["unlabelled"])), markup=False)
    if "class_balance" in result:
        balance = Table(text("inspect.table.class"), text("inspect.table.rows"))
        for entry in result["class_balance"]:
            balance.add_row(_cell(entry["class"]), str(entry["rows"]))
        stdout.print(balance)
    if "target_summary" in result:
        summary = result["target_summary"]
        stdout.print(text("inspect.table.target_summary", **{k: f"{v:.4g}" for k, v in summary.items()}),
                     markup=False)


def _print_labels(balance: dict) -> None:
    """Per-label counts, then the training rows' label co-occurrence."""
    from rich.table import Table

    names = [_cell(entry["label"]) for entry in balance["labels"]]
    counts = Table(*(text(f"inspect.{name}") for name in
                     ("labels.label", "arrays.train", "arrays.test")))
    for name, entry in zip(names, balance["labels"]):
        counts.add_row(name, str(entry["train"]), str(entry["test"]))
    stdout.print(counts)
    stdout.print(text("inspect.labels.per_row", count=balance["labels_per_row"]), markup=False)
    matrix = Table("", *names)
    for name, row in zip(names, balance["co_occurrence"]):
        matrix.add_row(name.copy(), *(str(value) for value in row))
    stdout.print(matrix)


def _cell(value: object) -> Text:
    """A table cell from data: its text as it is (a ``Text`` is never read as markup),
    control characters shown as escapes."""
    return Text(printable(value))
