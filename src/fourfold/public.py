"""``fourfold.run``: the command line's ``fourfold run`` as one Python call.

Keywords mirror the command's options (``--epochs`` is ``epochs=``); any other
recipe field is set with scikit-learn's ``section__field`` spelling
(``training__learning_rate=0.001``), and ``data=`` trains on arrays instead of the
recipe's data set. The recipe is resolved and checked here, then
:func:`fourfold.api.run` does the work.
"""

from __future__ import annotations

import os
from pathlib import Path

from fourfold.errors import UsageError
from fourfold.messages import text

#: ``run``'s keywords, in its signature's order (named in the unknown-keyword error).
KEYWORDS = ("data", "data_dir", "out", "epochs", "batch_size", "seed", "kfold", "jobs",
            "target", "task", "drop", "test", "overrides", "show_progress", "build_report")


def run(recipe, /, *, data=None, data_dir=None, out="runs", epochs=None, batch_size=None,
        seed=None, kfold=None, jobs=1, target=None, task=None, drop=None, test=None,
        overrides=None, show_progress=True, build_report=True, **fields):
    """Train a recipe's model(s), evaluate them on the test set, write a run folder.

    The same as ``fourfold run``: one folder per run under ``out`` with the
    resolved ``config.yaml``, ``metrics.json``, ``history.csv``, the model and
    its preprocessing, ``predictions.csv`` and ``report.html``.

    Args:
        recipe: a built-in recipe name (``"mnist"``), the path of a YAML
            recipe, a :class:`fourfold.Recipe`, or your own data: a table
            file (with ``target``) or a folder of photos, one sub-folder per
            class.
        data: a :class:`fourfold.Data` (or ``LoadedData``) to train and test
            on instead of the recipe's data set. Defaults to `None`.
        data_dir: the folder holding the built-in data sets (else
            ``FOURFOLD_DATA``, the cache, ...). Defaults to `None`.
        out: where run folders are created. Defaults to `"runs"`.
        epochs: ``training.epochs``. Defaults to `None` (the recipe's).
        batch_size: ``training.batch_size``. Defaults to `None` (the recipe's).
        seed: the recipe's ``seed``. Defaults to `None` (the recipe's).
        kfold: K-fold cross-validation with this many folds, a fresh model
            per fold. Defaults to `None` (the recipe's).
        jobs: folds trained at once, each in its own process. Defaults to `1`.
        target: your table's target column(s): a name, several names
            (multi-label), or ``"a,b,c"``. Defaults to `None`.
        task: force the task of your table instead of inferring it from the
            target. Defaults to `None`.
        drop: columns of your table to leave out. Defaults to `None`.
        test: a test table with the same columns as your table; else a share
            of its rows is held out. Defaults to `None`.
        overrides: recipe fields as ``{"model.hidden_units": [128, 64]}``, or
            ``["model.hidden_units=[128,64]"]`` as ``--set`` takes them.
            Defaults to `None`.
        show_progress: draw a progress bar per epoch. Defaults to `True`.
        build_report: write ``report.html``. Defaults to `True`.
        **fields: any recipe field as ``section__field=value``
            (``model__dropout=0.2``) or a top-level one (``backend="jax"``).

    Returns:
        A ``RunResult`` with ``run_dir``, ``metrics`` (``metrics.json``),
        ``status`` (``"complete"``) and ``report_path``.

    Raises:
        UsageError: an unknown keyword (listing those allowed), or options
            that contradict each other.
        RecipeError: a recipe or field that does not validate.
        DataError: missing or bad data (``data`` arrays included).
        FourfoldError: any other failure; the run folder is then marked failed.

    Example:
        >>> import fourfold
        >>> result = fourfold.run("mnist", epochs=5)  # doctest: +SKIP
        >>> result.metrics["test"]["accuracy"]  # doctest: +SKIP
        0.9641
    """
    from fourfold import api

    settings, updates = _settings(fields, overrides, epochs=epochs, batch_size=batch_size,
                                  seed=seed, kfold=kfold)
    if data is not None:
        _check_data_options(recipe, data_dir=data_dir, jobs=jobs)
    resolved = _recipe(recipe, {"target": target, "task": task, "drop": drop, "test": test},
                       settings, updates)
    raw = None if data is None else _loaded(data, resolved.task)
    return api.run(resolved, data_dir=None if data_dir is None else Path(data_dir),
                   out=Path(out), show_progress=show_progress, build_report=build_report,
                   jobs=jobs, data=raw)


def _settings(fields: dict, overrides, **named) -> tuple[list[str], dict]:
    """The ``--set`` strings among ``overrides``, and ``{dotted.path: value}`` from the
    keywords, ``**fields`` and a mapping of overrides; a field given twice is refused
    rather than one of them silently winning."""
    from fourfold.recipes.schema import Recipe

    if not (overrides is None or isinstance(overrides, (dict, list, tuple))
            and all(isinstance(item, str) for item in overrides)):
        raise UsageError(text("api.bad_overrides", received=repr(overrides)[:80]))
    settings = [] if overrides is None or isinstance(overrides, dict) else list(overrides)
    paths = {"epochs": "training.epochs", "batch_size": "training.batch_size", "seed": "seed",
             "kfold": "kfold.n_splits"}
    given: dict[str, tuple[str, object]] = {}
    sources = [(f"{key}=", paths[key], value) for key, value in named.items() if value is not None]
    for key, value in fields.items():
        dotted = key.replace("__", ".")
        if dotted.split(".")[0] not in Recipe.model_fields:
            raise UsageError(_unknown(key, sorted(Recipe.model_fields)))
        sources.append((f"{key}=", dotted, value))
    if isinstance(overrides, dict):
        sources += [("overrides", str(key), value) for key, value in overrides.items()]
    for source, dotted, value in sources:
        if dotted in given:
            raise UsageError(text("api.given_twice", key=dotted, first=given[dotted][0],
                                  second=source))
        given[dotted] = (source, value)
    return settings, {dotted: value for dotted, (_, value) in given.items()}


def _unknown(keyword: str, fields: list[str]) -> str:
    import difflib

    section, nested, rest = keyword.partition("__")
    close = difflib.get_close_matches(section, fields if nested else [*KEYWORDS, *fields], n=1)
    return text("api.unknown_keyword", keyword=keyword,
                suggestion=text("api.did_you_mean", name=close[0] + nested + rest) if close else "",
                allowed=", ".join(KEYWORDS), fields=", ".join(fields))


def _recipe(recipe, own: dict, settings: list, updates: dict):
    """The validated recipe: a built-in, a YAML file, one made from the user's data, or a
    :class:`Recipe` with the overrides applied."""
    from fourfold.autorecipe import is_own_data, own_data_recipe
    from fourfold.recipes.loading import recipe_from_mapping
    from fourfold.recipes.schema import Recipe

    named = [f"{key}=" for key, value in own.items() if value]
    if isinstance(recipe, Recipe):
        if named:
            raise UsageError(text("auto.own_data_only", option=", ".join(named), recipe=recipe.name))
        return recipe_from_mapping(recipe.model_dump(mode="json"), f"recipe {recipe.name}",
                                   settings, updates)
    if not isinstance(recipe, (str, os.PathLike)):
        raise UsageError(text("api.bad_recipe", received=type(recipe).__name__))
    if named and not is_own_data(recipe):
        raise UsageError(text("auto.own_data_only", option=", ".join(named), recipe=recipe))
    target, drop = own["target"], own["drop"]
    return own_data_recipe(str(recipe), target=[target] if isinstance(target, str) else target or (),
                           task=own["task"], drop=[drop] if isinstance(drop, str) else drop or (),
                           test=own["test"], overrides=settings, updates=updates)


def _check_data_options(recipe, *, data_dir, jobs: int) -> None:
    """Refuse what ``data=`` would void: a recipe argument that is data itself, a data
    folder, fold processes (they load the recipe's data set from files)."""
    from fourfold.autorecipe import is_own_data

    if isinstance(recipe, (str, os.PathLike)) and is_own_data(recipe):
        raise UsageError(text("api.data_own_data", argument=recipe))
    if data_dir is not None:
        raise UsageError(text("api.data_ignores", option="data_dir"))
    if jobs != 1:
        raise UsageError(text("api.data_jobs", jobs=jobs))


def _loaded(data, task: str):
    """``data`` as the loaded data set the run trains on."""
    from fourfold.arrays import Data
    from fourfold.datasets.base import LoadedData

    if isinstance(data, LoadedData):
        return data
    if isinstance(data, Data):
        return data.loaded(task)
    raise UsageError(text("api.bad_data", received=type(data).__name__))
