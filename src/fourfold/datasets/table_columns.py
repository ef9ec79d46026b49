"""What each column of a user's table is: feature kinds, and the task its target implies.

Feature columns are typed from the training rows: numbers are ``numeric``, two
distinct values are ``boolean``, text and integers with a few values are
``categorical``. Columns that cannot help a model are set aside with a reason
shown to the user (``ignore``): a single value, every cell missing, or an
identifier (a distinct value in every row). Columns that would mislead it stop
the run (exit 3) naming the column and the fix: free text, numbers mixed with
text, more categories than the rows can teach.

The task follows from the target as scikit-learn's ``type_of_target`` sees it:
continuous is regression, two values binary, a few classes multiclass, several
0/1 columns multi-label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fourfold.datasets.table_file import level_text, level_texts
from fourfold.errors import DataError, RecipeError
from fourfold.messages import text

#: Integer columns with at most this many distinct values are categorical.
MAX_INTEGER_LEVELS = 10
#: A numeric target with more distinct integers than this is a quantity, not classes.
MAX_CLASSES_FROM_NUMBERS = 30
#: A categorical column needs on average this many training rows per level.
MIN_ROWS_PER_LEVEL = 2
#: Rows a class needs so the test and validation splits can each take some of it.
MIN_ROWS_PER_CLASS = 3
#: Identifiers and free text are told from categories only on tables this long.
MIN_ROWS_FOR_UNIQUE = 20
_IDENTIFIER_NAME = re.compile(r"(^|[_\s.-])(id|uuid|guid|key|index)$|^(id|row|index)", re.I)
_TRUE_WORDS = {"true", "yes", "y", "t", "1", "on"}


class ColumnRefused(DataError):
    """A feature column that would mislead a model (exit 3). ``reason`` names the check
    that refused it (``free_text``, ``mixed_types``, ``too_many_levels``, ``declared``)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ColumnKind:
    """How one feature column is read, and why (for ``inspect`` and the run's notes).

    Attributes:
        name: the column.
        kind: ``numeric``, ``categorical``, ``boolean`` or ``ignore``.
        reason: message key saying why, or `None` when the kind is plain.
        levels: distinct non-missing values.
        missing: missing cells.
    """

    name: str
    kind: str
    reason: str | None
    levels: int
    missing: int


def infer_kind(column: pd.Series, *, path, declared: str | None = None) -> ColumnKind:
    """The kind of a feature column, from its training rows.

    Args:
        column: the column's training rows (numbers, bools or a categorical).
        path: the file, for messages.
        declared: the recipe's kind for it, checked against the values.
            Defaults to `None` (infer).

    Raises:
        DataError: a column of free text, of numbers mixed with text, with more
            categories than its rows allow, or not fitting ``declared``.
    """
    name = str(column.name)
    present = column.dropna()
    levels, missing = int(present.nunique()), int(len(column) - len(present))
    kind, reason = _kind_of(column, present, levels, path, declared)
    return ColumnKind(name, kind, reason, levels, missing)


def _kind_of(column: pd.Series, present: pd.Series, levels: int, path,
             declared: str | None) -> tuple[str, str | None]:
    numeric = not isinstance(column.dtype, pd.CategoricalDtype)
    if declared == "ignore":  # say why, when the data alone would have said so too
        try:
            inferred, reason = _kind_of(column, present, levels, path, None)
        except ColumnRefused:
            inferred, reason = "refused", None
        return "ignore", reason if inferred == "ignore" else "data.table.why.declared"
    if declared is not None:
        _check_declared(column, present, levels, path, declared, numeric)
        return declared, None
    if levels == 0:
        return "ignore", "data.table.why.empty"
    if levels == 1:
        return "ignore", "data.table.why.constant"
    if levels == 2:
        return "boolean", None
    if numeric:
        return _numeric_kind(column, present, levels)
    return _text_kind(column, present, levels, path)


def _numeric_kind(column: pd.Series, present: pd.Series, levels: int) -> tuple[str, str | None]:
    values = present.to_numpy(dtype=np.float64)
    integers = bool(np.all(np.mod(values, 1) == 0))
    if integers and levels <= MAX_INTEGER_LEVELS:
        return "categorical", "data.table.why.few_integers"
    if integers and _identifier_like(column, present, levels):
        return "ignore", "data.table.why.identifier"
    return "numeric", None


def _text_kind(column: pd.Series, present: pd.Series, levels: int, path) -> tuple[str, str | None]:
    name = str(column.name)
    strings = pd.Series(present.cat.categories.astype(str))
    counts = present.value_counts(sort=False).reindex(present.cat.categories).to_numpy()
    numbers = pd.to_numeric(strings, errors="coerce").notna().to_numpy()
    share = float(counts[numbers].sum() / max(counts.sum(), 1))
    if 0.5 <= share < 1.0:
        row, value = _first_row(column, strings[~numbers].tolist())
        raise ColumnRefused(text("data.table.mixed_types", path=path, column=name, row=row,
                                 value=_shown(value), share=f"{share:.0%}"), "mixed_types")
    if _identifier_like(column, present, levels):
        if _free_text(strings):
            raise ColumnRefused(text("data.table.free_text", path=path, column=name,
                                     levels=levels, rows=len(present)), "free_text")
        return "ignore", "data.table.why.identifier"
    if levels * MIN_ROWS_PER_LEVEL > len(present):
        reason = "free_text" if _free_text(strings) else "too_many_levels"
        raise ColumnRefused(text(f"data.table.{reason}", path=path, column=name, levels=levels,
                                 rows=len(present)), reason)
    return "categorical", None


def _identifier_like(column: pd.Series, present: pd.Series, levels: int) -> bool:
    """A distinct value in (nearly) every row of a long enough table, or an id's name with
    a distinct value in every row."""
    if len(present) < MIN_ROWS_FOR_UNIQUE:
        return False
    return levels == len(present) or (levels >= 0.95 * len(present)
                                      and bool(_IDENTIFIER_NAME.search(str(column.name))))


def _free_text(strings: pd.Series) -> bool:
    """Words and sentences rather than codes: most values hold a space and are long."""
    sample = strings.head(1000)
    return bool(sample.str.contains(" ").mean() > 0.5 and sample.str.len().mean() >= 15)


def _check_declared(column: pd.Series, present: pd.Series, levels: int, path, declared: str,
                    numeric: bool) -> None:
    name = str(column.name)
    if declared == "numeric" and not numeric:
        strings = present.cat.categories.astype(str)
        bad = [value for value in strings if pd.isna(pd.to_numeric(value, errors="coerce"))]
        if bad:
            row, value = _first_row(column, bad)
            raise ColumnRefused(text("data.table.declared_numeric", path=path, column=name,
                                     row=row, value=_shown(value)), "declared")
    if declared == "boolean" and levels > 2:
        raise ColumnRefused(text("data.table.declared_boolean", path=path, column=name,
                                 levels=levels), "declared")


def _first_row(column: pd.Series, values: list[str]) -> tuple[int, str]:
    """The 1-based data row of the first cell holding one of ``values``, and that value."""
    position = int(np.flatnonzero(column.astype(object).isin(values).to_numpy())[0])
    return position + 1, str(column.iloc[position])


def _shown(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "\u2026")


def true_value(present: pd.Series):
    """Which of a boolean column's two values means 1: ``true``/``yes``/``1``..., else the
    larger (numbers) or the later in sort order (text)."""
    values = sorted(present.unique().tolist(), key=level_text)
    for value in values:
        if level_text(value).lower() in _TRUE_WORDS:
            return value.item() if hasattr(value, "item") else value
    if all(isinstance(value, (int, float, np.number, bool, np.bool_)) for value in values):
        return max(values).item() if hasattr(max(values), "item") else max(values)
    return values[-1]


@dataclass(frozen=True)
class TargetInfo:
    """What the target columns say: the task, the class names, and why that task."""

    task: str
    class_names: list[str]
    reason: str


def infer_task(targets: pd.DataFrame, *, path, forced: str | None = None) -> TargetInfo:
    """The task a target implies (or ``forced``'s, checked against the values).

    Args:
        targets: the target column(s) on the rows with a target value.
        path: the file, for messages.
        forced: ``--task``, or `None` to infer. Defaults to `None`.

    Raises:
        DataError: a target with one value, several targets that are not 0/1, a
            class with fewer than :data:`MIN_ROWS_PER_CLASS` rows.
        RecipeError: a ``forced`` task the target cannot have.
    """
    from sklearn.utils.multiclass import type_of_target

    if targets.shape[1] > 1:
        return _multilabel(targets, path, forced)
    column = targets.iloc[:, 0]
    name = str(column.name)
    levels = column.nunique()
    if levels < 2:
        raise DataError(text("data.table.one_target_value", path=path, column=name,
                             value=_shown(level_text(column.iloc[0])) if len(column) else "-"))
    numeric = not isinstance(column.dtype, pd.CategoricalDtype)
    kind = type_of_target(column.to_numpy()) if numeric else ("binary" if levels == 2
                                                             else "multiclass")
    if kind == "continuous" or (kind == "multiclass" and numeric and levels > MAX_CLASSES_FROM_NUMBERS):
        inferred, reason = "regression", text("data.table.task.regression", column=name, levels=levels)
    elif levels == 2:
        inferred, reason = "binary", text("data.table.task.binary", column=name)
    else:
        inferred, reason = "multiclass", text("data.table.task.multiclass", column=name, levels=levels)
    task = forced or inferred
    _check_task(task, column, numeric, levels, path)
    if task != inferred:
        reason = text("data.table.task.forced", task=task, inferred=inferred)
    if task == "regression":
        return TargetInfo(task, [], reason)
    names = class_names(column)
    _check_class_sizes(column, names, path)
    return TargetInfo(task, names, reason)


def class_names(column: pd.Series) -> list[str]:
    """The target's classes as text, in sorted order (numbers by value)."""
    values = column.dropna().unique().tolist()
    ordered = sorted(values, key=lambda value: (0, float(value), "") if _is_number(value)
                     else (1, 0.0, str(value)))
    return [level_text(value) for value in ordered]


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.number, bool, np.bool_)) or not pd.isna(
        pd.to_numeric(value, errors="coerce"))


def _check_task(task: str, column: pd.Series, numeric: bool, levels: int, path) -> None:
    name = str(column.name)
    if task == "regression" and not numeric:
        raise RecipeError(text("data.table.task.regression_needs_numbers", column=name))
    if task == "binary" and levels != 2:
        raise RecipeError(text("data.table.task.binary_needs_two", column=name, levels=levels))
    if task == "multilabel":
        raise RecipeError(text("data.table.task.multilabel_needs_columns", column=name))


def _check_class_sizes(column: pd.Series, names: list[str], path) -> None:
    counts = level_texts(column).value_counts()
    small = [(name, int(counts.get(name, 0))) for name in names
             if counts.get(name, 0) < MIN_ROWS_PER_CLASS]
    if small:
        name, count = min(small, key=lambda item: item[1])
        raise DataError(text("data.table.small_class", path=path, column=str(column.name),
                             value=_shown(name), count=count, minimum=MIN_ROWS_PER_CLASS,
                             more=len(small) - 1))


def _multilabel(targets: pd.DataFrame, path, forced: str | None) -> TargetInfo:
    if forced not in (None, "multilabel"):
        raise RecipeError(text("data.table.task.several_targets", task=forced))
    for name in targets.columns:
        values = set(level_texts(targets[name]).dropna().unique())
        if not values <= {"0", "1", "True", "False"}:
            raise DataError(text("data.table.not_binary_label", path=path, column=name,
                                 values=", ".join(sorted(values)[:5])))
    return TargetInfo("multilabel", [str(name) for name in targets.columns],
                      text("data.table.task.multilabel", count=targets.shape[1]))
