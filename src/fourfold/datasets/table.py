"""A user's own table as a data set: ``fourfold run data.csv --target price``.

:func:`table_recipe` reads the file once to choose the task (from the target) and
each column's kind, and writes them into a complete recipe; :func:`load_table`
loads what a recipe's ``dataset.table`` names: the feature columns as a
:class:`TableFrame` (the encoder fitted on the training rows turns it into numbers,
see :mod:`fourfold.preprocessing.table_encoder`), the targets as class ids, values
or 0/1 rows, and a test set (the ``test`` file, or a stratified share of the rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from fourfold.datasets.base import LoadedData
from fourfold.datasets.table_columns import (ColumnKind, ColumnRefused, class_names, infer_kind,
                                             infer_task)
from fourfold.datasets.table_file import level_texts, read_table
from fourfold.errors import DataError, RecipeError
from fourfold.messages import text
from fourfold.messages.quoting import shorten

#: What ``inputs.kind`` says in preprocess.json for a run on a user's table.
INPUT_KIND = "frame"


@dataclass
class TableFrame:
    """The feature columns of a table's rows, with each column's kind: the ``x`` of a
    table data set. Indexing with row numbers gives the rows, as NumPy arrays do.

    Attributes:
        frame: the columns, text ones as categoricals.
        kinds: ``{column: numeric | categorical | boolean}``, in column order.
    """

    frame: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, rows) -> "TableFrame":
        return TableFrame(self.frame.iloc[rows].reset_index(drop=True), self.kinds)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.frame), len(self.kinds))

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(object)

    @property
    def ndim(self) -> int:
        return 2


def load_table(config, *, task: str | None = None) -> LoadedData:
    """Load the table a recipe's ``dataset.table`` names.

    Args:
        config: the :class:`~fourfold.recipes.schema.TableConfig`.
        task: the recipe's task (it decides how the target is encoded); `None`
            infers it. Defaults to `None`.

    Returns:
        The :class:`LoadedData`: ``x_train``/``x_test`` are :class:`TableFrame`;
        ``y`` ``int64`` class ids (binary, multiclass), ``float64`` values
        (regression) or ``uint8`` ``(n, labels)`` (multi-label).

    Raises:
        DataError: naming the file, column (and row) at fault.
    """
    path = Path(config.train)
    frame, notes = labelled_rows(read_table(path), config, path)
    info = infer_task(frame[config.target], path=path, forced=task)
    notes.insert(0, info.reason)
    if config.test is None:
        train, test = _hold_out(frame, config, info.task)
        notes.append(text("data.table.test_split", share=f"{config.test_size:.0%}",
                          random_state=config.random_state, rows=len(test)))
    else:
        test_path = Path(config.test)
        train, (test, _) = frame, labelled_rows(read_table(test_path), config, test_path)
    kinds = feature_kinds(train, config, path)
    notes.extend(_kind_notes(kinds))
    used = {column.name: column.kind for column in kinds if column.kind != "ignore"}
    if not used:
        raise RecipeError(text("data.table.no_features", path=path))
    x_test = conform(test, used, Path(config.test or config.train))
    return LoadedData(
        TableFrame(train[list(used)].reset_index(drop=True), used),
        encode_targets(train[config.target], info),
        TableFrame(x_test.reset_index(drop=True), used),
        encode_targets(test[config.target], info),
        class_names=info.class_names, source=text("data.table.source", path=path),
        input_kind=INPUT_KIND, feature_names=list(used), target_names=list(config.target),
        notes=notes)


def labelled_rows(frame: pd.DataFrame, config, path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The rows with every target present, after checking the named columns exist."""
    named = [*config.target, *config.drop, *config.columns]
    missing = [name for name in dict.fromkeys(named) if name not in frame.columns]
    if missing:
        raise DataError(text("data.table.missing_columns", path=path,
                             missing=shorten(", ".join(missing)),
                             found=shorten(", ".join(frame.columns))))
    frame = frame.drop(columns=list(config.drop))
    labelled = frame[config.target].notna().all(axis=1)
    notes = []
    if not labelled.all():
        notes.append(text("data.table.unlabelled_rows", path=path, count=int((~labelled).sum())))
        frame = frame[labelled.to_numpy()].reset_index(drop=True)
    if frame.empty:
        raise DataError(text("data.table.no_labelled_rows", path=path,
                             target=", ".join(config.target)))
    return frame, notes


def _hold_out(frame: pd.DataFrame, config, task: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The test rows: ``test_size`` of the table, stratified by class for classification."""
    from sklearn.model_selection import train_test_split

    from fourfold.tasks import get_task

    stratify = None
    if get_task(task).stratify:
        stratify = level_texts(frame[config.target[0]]).to_numpy()
    _check_hold_out(len(frame), len(np.unique(stratify)) if stratify is not None else 1,
                    config.test_size)
    train, test = train_test_split(np.arange(len(frame)), test_size=config.test_size,
                                   random_state=config.random_state, stratify=stratify)
    return frame.iloc[np.sort(train)], frame.iloc[np.sort(test)]


def _check_hold_out(rows: int, need: int, test_size: float) -> None:
    """Refuse a ``test_size`` that leaves a side of the hold-out without ``need`` rows (one
    per class when stratified), counted as scikit-learn's ``train_test_split`` counts
    (the test side rounded up)."""
    import math

    test = math.ceil(test_size * rows)
    if test >= need and rows - test >= need:
        return
    if 2 * need > rows:
        raise RecipeError(text("data.table.too_small_to_hold_out", rows=rows, need=need))
    raise RecipeError(text("data.table.holdout_leaves_nothing", size=test_size, test=test,
                           rows=rows, train=rows - test, need=need, low=need / rows,
                           high=(rows - need) / rows))


def feature_kinds(frame: pd.DataFrame, config, path: Path) -> list[ColumnKind]:
    """Every feature column's kind: the recipe's ``columns`` where it names one (checked
    against the values), inferred from ``frame``'s rows otherwise."""
    kinds, refused = [], []
    for name in frame.columns:
        if name in config.target:
            continue
        try:
            kinds.append(infer_kind(frame[name], path=path, declared=config.columns.get(name)))
        except ColumnRefused as error:
            refused.append((name, error))
    if len(refused) == 1:
        raise refused[0][1]
    if refused:  # every column at fault in one message, not one per try
        listed = "; ".join(f"{name}: {text(f'data.table.label.{error.reason}')}"
                           for name, error in refused)
        raise DataError(text("data.table.refused_columns", path=path, count=len(refused),
                             columns=listed, drop=",".join(name for name, _ in refused)))
    return kinds


def _kind_notes(kinds: list[ColumnKind]) -> list[str]:
    return [text("data.table.ignored", column=column.name,
                 why=text(column.reason, column=column.name))
            for column in kinds if column.kind == "ignore"]


def conform(frame: pd.DataFrame, kinds: dict[str, str], path: Path) -> pd.DataFrame:
    """The feature columns of another table (a test file, ``predict``'s input) in the
    training columns' order and form: numeric columns as numbers (a text cell is an
    error naming its row), others as they are. Extra columns are left out.

    Raises:
        DataError: a feature column missing from the file, a numeric column holding
            text, or a number too large for ``float64``.
    """
    missing = [name for name in kinds if name not in frame.columns]
    if missing:
        raise DataError(text("data.table.predict_missing_columns", path=path,
                             missing=shorten(", ".join(missing)), expected=", ".join(kinds)))
    columns = {}
    for name, kind in kinds.items():
        column = frame[name]
        if kind == "numeric":
            column = _numbers(column, path)
        columns[name] = column
    return pd.DataFrame(columns)


def _numbers(column: pd.Series, path: Path) -> pd.Series:
    values = pd.to_numeric(column.astype(object), errors="coerce").astype(np.float64)
    bad = (values.isna() & column.notna()).to_numpy() | np.isinf(values.to_numpy())
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DataError(text("data.table.not_a_number", path=path, column=column.name, row=row + 1,
                             value=repr(str(column.iloc[row])[:40])))
    return values


def encode_targets(targets: pd.DataFrame, info) -> np.ndarray:
    """Targets as the task's loss and metrics expect them."""
    if info.task == "regression":
        return _numbers(targets.iloc[:, 0], Path("target")).to_numpy(dtype=np.float64)
    if info.task == "multilabel":
        return np.column_stack([level_texts(targets[name]).isin(["1", "True"])
                                for name in targets.columns]).astype(np.uint8)
    positions = {name: index for index, name in enumerate(info.class_names)}
    texts = level_texts(targets.iloc[:, 0])
    labels = texts.map(positions)
    if labels.isna().any():  # a test row's class the training rows never had
        unknown = texts[labels.isna()].iloc[0]
        raise DataError(text("data.table.unseen_class", value=repr(unknown),
                             classes=", ".join(info.class_names)))
    return labels.to_numpy(dtype=np.int64)


def recipe_name(path: Path) -> str:
    """A run name from a file name: ``house-prices`` for ``House Prices.csv.gz``."""
    from fourfold.datasets.config import NAME_LENGTH

    stem = Path(path).name.split(".")[0]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower())[:NAME_LENGTH].strip("-") or "table"


__all__ = ["INPUT_KIND", "TableFrame", "class_names", "conform", "encode_targets",
           "feature_kinds", "labelled_rows", "load_table", "recipe_name"]
