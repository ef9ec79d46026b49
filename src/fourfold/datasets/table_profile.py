"""What ``fourfold inspect data.csv`` shows: each column's kind and why, its missing
cells, its values; the target's task and class balance."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from fourfold.datasets.table_columns import ColumnRefused, infer_kind, infer_task
from fourfold.datasets.table_file import level_texts, read_table
from fourfold.errors import DataError
from fourfold.messages import text
from fourfold.messages.quoting import shorten

#: Most frequent levels shown per categorical column.
SHOWN_LEVELS = 4


def table_profile(path: str | Path, *, target: Sequence[str] = (), drop: Sequence[str] = ()
                  ) -> dict:
    """Profile a table file, as the run would read it.

    Args:
        path: the table.
        target: the target column(s); without one, only the columns are shown.
            Defaults to `()`.
        drop: columns to leave out. Defaults to `()`.

    Returns:
        A JSON-ready dict: ``rows``, ``columns`` (name, kind, why, missing,
        levels, summary), and with a target ``task``, ``task_reason`` and
        ``class_balance``.

    Raises:
        DataError: as :func:`~fourfold.datasets.table.load_table` would.
    """
    path = Path(path)
    frame = read_table(path)
    unknown = [name for name in [*target, *drop] if name not in frame.columns]
    if unknown:
        raise DataError(text("data.table.missing_columns", path=path,
                             missing=shorten(", ".join(unknown)),
                             found=shorten(", ".join(frame.columns))))
    result: dict = {"view": "columns", "path": str(path), "rows": len(frame), "columns": []}
    for name in frame.columns:
        if name in target or name in drop:
            continue
        try:
            kind = infer_kind(frame[name], path=path)
            entry = {"name": name, "kind": kind.kind, "missing": kind.missing,
                     "levels": kind.levels, "error": None,
                     "why": text(kind.reason + "_short") if kind.reason else ""}
        except ColumnRefused as error:  # shown as the run would refuse it, beside the others
            entry = {"name": name, "kind": "refused", "error": str(error),
                     "why": text(f"data.table.short.{error.reason}", column=name),
                     "missing": int(frame[name].isna().sum()), "levels": int(frame[name].nunique())}
        entry["summary"] = _summary(frame[name])
        result["columns"].append(entry)
    if target:
        _add_target(result, frame, list(target), path)
    return result


def _summary(column: pd.Series) -> str:
    """Range and mean of numbers; the most frequent levels of text."""
    present = column.dropna()
    if present.empty:
        return ""
    if isinstance(column.dtype, pd.CategoricalDtype) or present.dtype == bool:
        counts = level_texts(present).value_counts()
        shown = ", ".join(f"{_cut(level)} ({count})"
                          for level, count in counts.head(SHOWN_LEVELS).items())
        return shown + (", \u2026" if len(counts) > SHOWN_LEVELS else "")
    values = present.to_numpy(dtype=np.float64)
    return f"{values.min():.4g} .. {values.max():.4g}, mean {values.mean():.4g}"


def _cut(level: str, limit: int = 16) -> str:
    return level if len(level) <= limit else level[:limit - 1] + "\u2026"


def _add_target(result: dict, frame: pd.DataFrame, target: list[str], path: Path) -> None:
    labelled = frame[frame[target].notna().all(axis=1).to_numpy()]
    info = infer_task(labelled[target], path=path)
    result.update(task=info.task, task_reason=info.reason, target=target,
                  unlabelled=int(len(frame) - len(labelled)))
    from fourfold.tasks import get_task

    task = get_task(info.task)
    if task.stratify:
        counts = level_texts(labelled[target[0]]).value_counts()
        result["class_balance"] = [{"class": name, "rows": int(counts.get(name, 0))}
                                   for name in info.class_names]
    elif task.predicts_label_sets:
        result["class_balance"] = [
            {"class": name, "rows": int(level_texts(labelled[name]).isin(["1", "True"]).sum())}
            for name in target]
    else:
        values = labelled[target[0]].to_numpy(dtype=np.float64)
        result["target_summary"] = {"min": float(values.min()), "max": float(values.max()),
                                    "mean": float(values.mean()), "std": float(values.std())}


def frame_profile(data) -> dict:
    """The ``inspect`` profile of a loaded table (a recipe naming ``dataset.table``): its
    used columns with their kinds, the rows per part, and the class balance."""
    frame = data.x_train.frame
    result: dict = {"view": "columns", "path": data.source, "rows": len(frame) + len(data.x_test),
                    "columns": [{"name": name, "kind": kind, "why": "",
                                 "missing": int(frame[name].isna().sum()),
                                 "levels": int(frame[name].nunique()),
                                 "summary": _summary(frame[name])}
                                for name, kind in data.x_train.kinds.items()],
                    "notes": list(data.notes)}
    if data.class_names and np.asarray(data.y_train).ndim == 1:
        counts = np.bincount(np.asarray(data.y_train, dtype=np.int64), minlength=len(data.class_names))
        result["class_balance"] = [{"class": name, "rows": int(count)}
                                   for name, count in zip(data.class_names, counts)]
    return result
