"""``--grid KEY=V1,V2``: the axes of a sweep, their combinations, and the recipe of each.

A grid value is YAML, as ``--set`` takes it. Values are separated by ``;`` when
the text has one (``model.hidden_units=[64,32];[128,128,32]``), else by the commas
outside brackets and quotes (``preprocess.scaler=standard,minmax`` or
``model.hidden_units=[64,32],[128,64]``). Each key and value goes through the
recipe loader (:func:`fourfold.recipes.loading.recipe_from_mapping`), so a
misspelt key gets the same help as ``--set`` (allowed keys, did you mean).
"""

from __future__ import annotations

import copy
import itertools
import math
from dataclasses import dataclass
from typing import Any

import yaml

from fourfold.errors import UsageError
from fourfold.messages import text
from fourfold.messages.quoting import shorten
from fourfold.recipes.schema import Recipe

#: Most trials one grid may make: a typo (``--grid seed=1,...``) should not start a week.
MAX_TRIALS = 10_000
#: The recipe key ``--kfold K`` sets.
KFOLD_KEY = "kfold.n_splits"


@dataclass(frozen=True)
class Axis:
    """One ``--grid`` option: a recipe key and the values it takes, in order."""

    key: str
    values: tuple[Any, ...]


def parse_axes(options: list[str]) -> list[Axis]:
    """The axes of ``--grid`` options, in the order given.

    Raises:
        UsageError: no option, one not shaped ``key=v1,v2``, an empty value, a value
            that is not YAML, a key given twice or a value twice (exit code 2).
    """
    if not options:
        raise UsageError(text("sweep.grid.none"))
    axes: list[Axis] = []
    for option in options:
        key, separator, values = option.partition("=")
        key = key.strip()
        if not separator or not key or not values.strip():
            raise UsageError(text("sweep.grid.form", option=shorten(option)))
        if any(axis.key == key for axis in axes):
            raise UsageError(text("sweep.grid.key_twice", key=shorten(key)))
        parsed = [_value(key, piece) for piece in split_values(values)]
        duplicates = [piece for index, piece in enumerate(parsed) if piece in parsed[:index]]
        if duplicates:
            raise UsageError(text("sweep.grid.value_twice", key=shorten(key),
                                  value=shorten(value_text(duplicates[0]))))
        axes.append(Axis(key, tuple(parsed)))
    return axes


def split_values(values: str) -> list[str]:
    """``"a,b"`` as ``["a", "b"]``; ``"[1,2];[3]"`` and ``"[1,2],[3]"`` as ``["[1,2]", "[3]"]``."""
    if ";" in values:
        return [piece.strip() for piece in values.split(";")]
    pieces, depth, quote, start = [], 0, "", 0
    for index, character in enumerate(values):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character in "[{":
            depth += 1
        elif character in "]}":
            depth -= 1
        elif character == "," and depth == 0:
            pieces.append(values[start:index].strip())
            start = index + 1
    return pieces + [values[start:].strip()]


def _value(key: str, piece: str) -> Any:
    from fourfold.recipes.loading import parse_yaml

    if not piece:
        raise UsageError(text("sweep.grid.empty_value", key=shorten(key)))
    try:
        return parse_yaml(piece, f"--grid {shorten(key)}")
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise UsageError(text("sweep.grid.bad_value", key=shorten(key), value=shorten(piece),
                              error=shorten(problem))) from None


def value_text(value: Any) -> str:
    """A grid value as one would type it: ``standard``, ``[64, 32]``, ``0.001``."""
    return yaml.safe_dump(value, default_flow_style=True, width=10_000).strip().removesuffix(
        "\n...").removesuffix("...").strip()


def grid_size(axes: list[Axis]) -> int:
    """How many combinations the axes make."""
    return math.prod(len(axis.values) for axis in axes)


def combinations(axes: list[Axis]) -> list[dict[str, Any]]:
    """Every combination of the axes' values, the last axis varying fastest.

    Raises:
        UsageError: more than :data:`MAX_TRIALS` combinations.
    """
    count = grid_size(axes)
    if count > MAX_TRIALS:
        raise UsageError(text("sweep.grid.too_many", count=count, limit=MAX_TRIALS))
    keys = [axis.key for axis in axes]
    return [dict(zip(keys, values)) for values in itertools.product(*(a.values for a in axes))]


def trial_recipe(base: dict, settings: dict[str, Any], source: str) -> Recipe:
    """The recipe of one trial: ``base`` (a resolved recipe mapping) with ``settings``.

    Raises:
        RecipeError: naming ``source`` and the key at fault, as ``--set`` does.
    """
    from fourfold.recipes.loading import recipe_from_mapping

    return recipe_from_mapping(copy.deepcopy(base), source, updates=settings)


def check_trials(base: dict, axes: list[Axis], kfold: int | None) -> list[dict[str, Any]]:
    """Every combination of the axes, each checked against the schema before anything
    trains. A trial the schema refuses for one ``--grid`` value's own fault (a misspelt
    key, a value out of range) is refused naming that ``--grid`` key, with the help
    ``--set`` gives (allowed keys, did you mean); values that only clash together (a
    cnn model on flattened inputs) are refused naming the trial and its settings.

    Returns:
        The combinations (:func:`combinations`).

    Raises:
        UsageError: ``--kfold`` and a grid over ``kfold.n_splits`` both given; too many
            combinations.
        RecipeError: a key the recipe does not have, a value its schema refuses.
    """
    from fourfold.errors import RecipeError

    if kfold is not None and any(axis.key == KFOLD_KEY for axis in axes):
        raise UsageError(text("sweep.grid.kfold_twice", key=KFOLD_KEY))
    found = combinations(axes)
    for number, settings in enumerate(found, 1):
        source = _trial_source(number, settings)
        try:
            trial_recipe(base, settings, source)
        except RecipeError as error:
            raise _own_fault(base, axes, settings, _problems(error, source)) or error from None
    return found


def _own_fault(base: dict, axes: list[Axis], settings: dict[str, Any],
               problems: set[str]):
    """The error of the first value of ``settings`` that, alone on the base recipe, is
    refused for problems the whole trial has too; `None` when none is."""
    from fourfold.errors import RecipeError

    for axis in axes:
        source = f"--grid {shorten(axis.key)}"
        try:
            trial_recipe(base, {axis.key: settings[axis.key]}, source)
        except RecipeError as error:
            if _problems(error, source) <= problems:
                return error
    return None


def _problems(error: Exception, source: str) -> set[str]:
    """The lines of a recipe error without the source each begins with."""
    return {line.replace(source, "", 1) for line in str(error).splitlines()}


def _trial_source(number: int, settings: dict[str, Any]) -> str:
    return text("sweep.trial.source", number=number, settings=shorten(settings_text(settings)))


def settings_text(settings: dict[str, Any]) -> str:
    """``preprocess.scaler=minmax, model.hidden_units=[64, 32]``: one trial's settings."""
    return ", ".join(f"{key}={value_text(value)}" for key, value in settings.items())


def check_trial(base: dict, settings: dict[str, Any], number: int) -> Recipe:
    """The recipe of trial ``number``; a combination the schema refuses (a cnn model on
    flattened inputs) is named with its settings.

    Raises:
        RecipeError: naming the trial and its settings.
    """
    return trial_recipe(base, settings, _trial_source(number, settings))
