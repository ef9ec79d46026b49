"""What differs between runs' recipes, and short labels that say it.

Two runs of one recipe both live in folders named ``mnist-<timestamp>``, and a
``--set model.hidden_units=[128,64]`` may leave the model's name as it was: a
page that labels them by folder or model name shows two identical columns.
Their ``config.yaml`` files (each run's fully resolved recipe) say what was
actually different, so labels and the "what differs" table are computed from
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Last parts of keys that name or describe a run rather than set it up.
_DESCRIPTIVE = frozenset({"name", "description", "summary"})
#: Settings shown in a label, at most; the table has them all.
_LABEL_ITEMS = 3
#: Longest value shown in a label, in characters.
_LABEL_VALUE = 28
#: The recipe key that turns K-fold on: labelled ``3-fold`` rather than ``n_splits=3``.
_FOLDS_KEY = "kfold.n_splits"
#: Shown for a key a run's recipe does not have.
MISSING = "—"


@dataclass(frozen=True)
class Difference:
    """One recipe key whose value is not the same in every run.

    Attributes:
        key: the dotted key (``model.hidden_units``), as ``--set`` takes it.
        values: its value in each run, as text (``[128,64]``; :data:`MISSING`
            where the run's recipe lacks the key).
        setting: whether it changes what is trained (``False`` for names,
            descriptions and file paths, which are listed after the settings).
    """

    key: str
    values: tuple[str, ...]
    setting: bool


def flatten(config: dict, prefix: str = "") -> dict[str, object]:
    """A nested recipe as ``{dotted key: value}``; lists are values, not flattened.

    Example:
        >>> flatten({"model": {"hidden_units": [64, 32]}, "seed": 1})
        {'model.hidden_units': [64, 32], 'seed': 1}
    """
    flat: dict[str, object] = {}
    for key, value in config.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def value_text(value: object) -> str:
    """A recipe value as ``--set`` would take it: ``[128,64]``, ``true``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(value_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {value_text(item)}" for key, item in value.items()) + "}"
    return str(value)


def differences(configs: Sequence[dict]) -> list[Difference]:
    """The keys whose values differ between ``configs``: settings first, then names,
    descriptions and paths; each group in the recipes' own key order."""
    flats = [flatten(config) for config in configs]
    keys = list(dict.fromkeys(key for flat in flats for key in flat))
    found = []
    for key in keys:
        values = tuple(value_text(flat[key]) if key in flat else MISSING for flat in flats)
        if len(set(values)) > 1:
            found.append(Difference(key=key, values=values, setting=_is_setting(key, values)))
    return sorted(found, key=lambda difference: not difference.setting)


def run_labels(recipes: Sequence[str], configs: Sequence[dict]) -> list[str]:
    """One short, distinct label per run: its recipe, then what differs from the other
    runs of the same recipe (``mnist · hidden_units=[128,64]``).

    A run whose recipe no other run shares is labelled by its recipe alone. Runs
    whose recipes differ in no setting are told apart by the names, descriptions
    or paths that differ; identical ones get ``#1``, ``#2``... in order.
    """
    labels = list(recipes)
    for recipe in dict.fromkeys(recipes):
        group = [index for index, name in enumerate(recipes) if name == recipe]
        if len(group) < 2:
            continue
        found = differences([configs[index] for index in group])
        settings = [d for d in found if d.setting] or found  # names, when nothing else differs
        names = _short_keys([d.key for d in settings[:_LABEL_ITEMS]])
        for position, index in enumerate(group):
            items = [_item(name, d.key, d.values[position]) for name, d in zip(names, settings)]
            items = [item for item in items if item]
            if len(settings) > _LABEL_ITEMS:
                items.append(f"+{len(settings) - _LABEL_ITEMS}")
            labels[index] = " · ".join([recipe, ", ".join(items)]) if items else recipe
    return _distinct(labels)


def _item(name: str, key: str, value: str) -> str:
    """``name=value``; the fold count as ``3-fold`` (nothing for a run on one split)."""
    if key == _FOLDS_KEY:
        return "" if value in ("null", MISSING) else f"{value}-fold"
    return f"{name}={_shorten(value)}"


def _is_setting(key: str, values: tuple[str, ...]) -> bool:
    if key.rsplit(".", 1)[-1] in _DESCRIPTIVE:
        return False
    return not any("/" in value or "\\" in value for value in values if value != MISSING)


def _short_keys(keys: list[str]) -> list[str]:
    """Each key's last part, or the whole dotted key where two last parts are alike."""
    last = [key.rsplit(".", 1)[-1] for key in keys]
    return [part if last.count(part) == 1 else key for key, part in zip(keys, last)]


def _shorten(value: str) -> str:
    return value if len(value) <= _LABEL_VALUE else value[:_LABEL_VALUE - 1] + "…"


def _distinct(labels: list[str]) -> list[str]:
    """Labels that occur more than once get ``#1``, ``#2``... in order."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        if labels.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} #{seen[label]}"
        result.append(label)
    return result
