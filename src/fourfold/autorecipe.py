"""Complete recipes for a user's own data: ``fourfold run data.csv --target price`` and
``fourfold run photos/``.

The zero-config start grows into a normal recipe: :func:`auto_recipe` looks at
the data once (the target's task, every column's kind, the photos' size) and
writes every choice into a recipe, which the run saves as its ``config.yaml`` and
``fourfold recipes init`` prints for editing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fourfold.errors import DataError, UsageError
from fourfold.messages import text
from fourfold.messages.quoting import shorten
from fourfold.paths import answered
from fourfold.recipes.schema import Recipe

#: Training settings by table size: (fewer rows than, batch size, epochs, patience).
#: Small tables take many short epochs; large ones few long ones.
_TRAINING_BY_ROWS = ((5_000, 32, 300, 30), (100_000, 128, 100, 10), (None, 512, 20, 3))
#: Tables with fewer rows also train a linear model on the same split; the run keeps
#: whichever has the lower validation loss. On a few hundred rows a network often
#: cannot beat a linear model (scikit-learn's diabetes: test MAE 41 against 37).
LINEAR_BELOW_ROWS = 100_000


def is_own_data(argument: str | Path) -> bool:
    """Whether a ``run`` argument names the user's data (a table file or a folder) rather
    than a recipe."""
    from fourfold.datasets.table_file import is_table_file

    path = Path(argument)
    return bool(answered(Path.is_dir, path)) or is_table_file(path)


def auto_recipe(path: str | Path, *, target: Sequence[str] = (), task: str | None = None,
                drop: Sequence[str] = (), test: str | Path | None = None,
                name: str | None = None) -> Recipe:
    """A complete recipe for the user's table or photo folder at ``path``.

    Args:
        path: a table file (CSV/TSV, compressed or not, Parquet) or a folder of
            photos with one sub-folder per class.
        target: the target column(s) of a table; several 0/1 columns make a
            multi-label task. Defaults to `()`.
        task: force the task instead of inferring it. Defaults to `None`.
        drop: table columns to leave out. Defaults to `()`.
        test: a test table with the same columns. Defaults to `None`.
        name: the recipe's name. Defaults to the file or folder name.

    Raises:
        UsageError: options that do not fit the data (a target for photos, none
            for a table).
        DataError: data that cannot be used, naming the file and column.
    """
    path = Path(path)
    if path.is_dir():
        if target or drop or test:
            raise UsageError(text("auto.folder_options"))
        from fourfold.datasets.image_folder import folder_recipe

        return _validated(folder_recipe(path, task=task, name=name or _name(path)), path)
    if not answered(Path.is_file, path):
        raise DataError(text("data.table.missing_file", path=shorten(path)))
    return _validated(table_recipe(path, target=target, task=task, drop=drop, test=test,
                                   name=name or _name(path)), path)


def table_recipe(path: Path, *, target: Sequence[str], task: str | None, drop: Sequence[str],
                 test: str | Path | None, name: str) -> dict:
    """The recipe mapping for a table: task from the target, every column's kind, a Dense
    network and training settings sized to the table."""
    from fourfold.datasets.table import feature_kinds, labelled_rows
    from fourfold.datasets.table_columns import infer_task
    from fourfold.datasets.table_file import read_table
    from fourfold.recipes.schema import TableConfig

    frame = read_table(path)
    if not target:
        raise UsageError(text("auto.needs_target", path=path, columns=_columns(frame.columns)))
    config = TableConfig(train=str(path.resolve()), target=list(target), drop=list(drop),
                         test=str(Path(test).resolve()) if test else None)
    labelled, _ = labelled_rows(frame, config, path)
    info = infer_task(labelled[config.target], path=path, forced=task)
    kinds = {column.name: column.kind for column in feature_kinds(labelled, config, path)}
    from fourfold.tasks import get_task

    classification = get_task(info.task).stratify
    _, batch_size, epochs, patience = next(row for row in _TRAINING_BY_ROWS
                                           if row[0] is None or len(labelled) < row[0])
    counts = {kind: sum(1 for value in kinds.values() if value == kind) for kind in set(kinds.values())}
    left_out = counts.pop("ignore", 0)
    return {
        "name": name, "task": info.task,
        "description": text("auto.table_description", path=path.name, task=info.task,
                            target=", ".join(target), rows=len(labelled),
                            kinds=", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())),
                            left_out=left_out),
        "dataset": {"name": name, "table": {**config.model_dump(exclude_defaults=True),
                                           "target": list(target), "columns": kinds}},
        "split": {"method": "train_test_split", "test_size": 0.2, "stratify": classification},
        "evaluation": {"model_selection": "one_standard_error"},
        "preprocess": {"scaler": "standard", "flatten": True,
                       "scale_target": get_task(info.task).scales_target},
        "model": {"name": "dense-64-32", "kind": "dense", "hidden_units": [64, 32],
                  "dropout": 0.1},
        "compare_with": ([{"name": "linear", "kind": "dense", "hidden_units": []}]
                         if len(labelled) < LINEAR_BELOW_ROWS else []),
        "training": {"epochs": epochs, "batch_size": batch_size,
                     "early_stopping_patience": patience},
    }


def own_data_recipe(argument: str, *, target: Sequence[str] = (), task: str | None = None,
                    drop: Sequence[str] = (), test: str | Path | None = None,
                    overrides: list[str] | None = None, updates: dict | None = None) -> Recipe:
    """The recipe ``fourfold run`` uses for ``argument``: made from the data when it names a
    table or a photo folder (then ``--set`` and the like apply to it), else loaded.

    ``target``, ``drop`` take comma-separated lists too (``--target a,b,c``).

    Raises:
        UsageError: table options given with a recipe.
    """
    from fourfold.recipes.loading import load_recipe, recipe_from_mapping

    target, drop = split_names(target), split_names(drop)
    if not is_own_data(argument):
        given = [option for option, value in (("--target", target), ("--task", task),
                                              ("--drop", drop), ("--test", test)) if value]
        if given:
            raise UsageError(text("auto.own_data_only", option=", ".join(given), recipe=argument))
        return load_recipe(argument, overrides or [], updates)
    made = auto_recipe(argument, target=target, task=task, drop=drop, test=test)
    if (updates or {}).get("kfold.n_splits"):  # K-fold trains one model per fold
        made = made.model_copy(update={"compare_with": []})
    return recipe_from_mapping(made.model_dump(mode="json"), str(argument), overrides, updates)


def split_names(values: Sequence[str] | None) -> list[str]:
    """``["a,b", "c"]`` as ``["a", "b", "c"]``: options given repeated or comma-separated."""
    return [name.strip() for value in values or () for name in str(value).split(",")
            if name.strip()]


def recipe_yaml(recipe: Recipe) -> str:
    """A recipe as YAML for editing: every field, the defaults included."""
    import yaml

    return yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def _validated(data: dict, path: Path) -> Recipe:
    from pydantic import ValidationError

    try:
        return Recipe.model_validate(data)
    except ValidationError as error:  # a bug in the generated recipe, not the user's
        raise DataError(text("auto.invalid", path=path, error=str(error).splitlines()[0])) from None


def _name(path: Path) -> str:
    from fourfold.datasets.table import recipe_name

    return recipe_name(path.resolve() if str(path) in (".", "") else path)


def _columns(names) -> str:
    shown = [str(name) for name in list(names)[:30]]
    return ", ".join(shown) + (", \u2026" if len(names) > 30 else "")
