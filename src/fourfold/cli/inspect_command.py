"""`fourfold inspect DATASET_OR_RECIPE`: a data profile before training."""

from __future__ import annotations

from typing import Annotated

import typer

from fourfold.cli.common import DataDirOption, DebugOption, LangOption, data_dir_or_env, setup, stdout


def register(app: typer.Typer) -> None:
    app.command("inspect")(inspect)


def inspect(
    target: Annotated[str, typer.Argument(help="A built-in data set or recipe name, or a recipe file.")],
    data_dir: DataDirOption = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Profile a data set: shapes, value ranges and scaling, class balance, missing
    values, duplicates shared between train and test."""
    setup(debug=debug, lang=lang)
    from rich.table import Table

    from fourfold.datasets import DATASETS, load_dataset
    from fourfold.profiling import profile

    if target in DATASETS:
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
