"""Turn a table's typed columns into one float32 matrix, fitted on the training rows only.

The matrix is laid out in blocks, left to right:

1. numeric and boolean columns (boolean as 0/1), missing cells imputed with the
   training median, then scaled by the recipe's scaler (scikit-learn's, through
   :class:`~fourfold.preprocessing.scaling.InputScaler`);
2. one 0/1 missing-value indicator per column that had missing training cells;
3. one-hot columns of each categorical column with at most ``embedding_levels``
   levels (a missing cell is a level of its own when training had one; a level
   never seen in training is all zeros);
4. one integer code per categorical column with more levels (0: unseen or
   missing), which the model feeds to an ``Embedding`` layer
   (:attr:`TableEncoder.embedded_levels` tells it how many codes each has).

Everything fitted is saved as JSON in ``preprocess.json`` (never pickled) and
restored by ``predict``. scikit-learn's ``ColumnTransformer`` does blocks 1-3 too,
but its fitted state can only be pickled, and it has no code block for embeddings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fourfold.datasets.table_columns import true_value
from fourfold.datasets.table_file import level_text, level_texts
from fourfold.preprocessing.scaling import InputScaler

#: The level a missing categorical cell becomes when training rows had missing cells.
MISSING_LEVEL = "(missing)"


@dataclass
class TableEncoder:
    """Encodes :class:`~fourfold.datasets.table.TableFrame` rows for a Dense network.

    Args:
        kinds: ``{column: numeric | categorical | boolean}`` of the features.
        scaler: the numeric block's scaler (``standard``, ``minmax``, ``robust``,
            ``none``...). Defaults to `"standard"`.
        embedding_levels: categorical columns with more levels are embedded.
            Defaults to `20`.
    """

    kinds: dict[str, str] = field(default_factory=dict)
    scaler: str = "standard"
    embedding_levels: int = 20
    true_values_: dict[str, object] = field(default_factory=dict)
    medians_: dict[str, float] = field(default_factory=dict)
    indicators_: list[str] = field(default_factory=list)
    levels_: dict[str, list[str]] = field(default_factory=dict)
    numeric_scaler_: InputScaler | None = None

    kind = "table"
    flatten = True
    in_model = False
    model_scale = None

    @property
    def numeric_columns(self) -> list[str]:
        return [name for name, kind in self.kinds.items() if kind in ("numeric", "boolean")]

    @property
    def one_hot_columns(self) -> list[str]:
        return [name for name, levels in self.levels_.items() if len(levels) <= self.embedding_levels]

    @property
    def embedded_columns(self) -> list[str]:
        return [name for name, levels in self.levels_.items() if len(levels) > self.embedding_levels]

    @property
    def embedded_levels(self) -> list[int]:
        """Codes of each embedded column (its levels plus 0 for unseen), in matrix order:
        the last ``len(embedded_levels)`` columns of :meth:`transform`'s output."""
        return [len(self.levels_[name]) + 1 for name in self.embedded_columns]

    def fit(self, x) -> "TableEncoder":
        """Learn medians, levels, boolean values and the scaler from training rows ``x``."""
        frame = _frame(x)
        for name in self.numeric_columns:
            column = frame[name]
            if self.kinds[name] == "boolean":
                present = column.dropna()
                self.true_values_[name] = true_value(present) if len(present) else 1
            values = self._numbers(name, column)
            median = np.nanmedian(values) if np.isfinite(values).any() else 0.0
            self.medians_[name] = float(median)
            if np.isnan(values).any():
                self.indicators_.append(name)
        for name, kind in self.kinds.items():
            if kind == "categorical":
                self.levels_[name] = _levels(frame[name])
        scaler = self.scaler if self.numeric_columns else "none"  # no columns to fit on
        self.numeric_scaler_ = InputScaler(kind=scaler).fit(self._numeric_block(frame))
        return self

    def transform(self, x) -> np.ndarray:
        """Rows ``x`` as a float32 matrix ``(n, width)``, blocks as the module says."""
        frame = _frame(x)
        blocks = [self.numeric_scaler_.transform(self._numeric_block(frame))]
        if self.indicators_:
            blocks.append(np.column_stack([np.isnan(self._numbers(name, frame[name]))
                                           for name in self.indicators_]).astype(np.float32))
        for name in self.one_hot_columns:
            codes = self._codes(name, frame[name])
            one_hot = np.zeros((len(frame), len(self.levels_[name]) + 1), np.float32)
            one_hot[np.arange(len(frame)), codes] = 1.0
            blocks.append(one_hot[:, 1:])  # code 0 (unseen) is all zeros
        for name in self.embedded_columns:
            blocks.append(self._codes(name, frame[name]).astype(np.float32)[:, None])
        return np.ascontiguousarray(np.concatenate(blocks, axis=1), dtype=np.float32)

    def _numeric_block(self, frame: pd.DataFrame) -> np.ndarray:
        """Numeric and boolean columns with missing cells imputed, before scaling."""
        columns = [np.where(np.isnan(values := self._numbers(name, frame[name])),
                            self.medians_.get(name, 0.0), values)
                   for name in self.numeric_columns]
        return (np.column_stack(columns) if columns
                else np.zeros((len(frame), 0), np.float64)).astype(np.float64)

    def _numbers(self, name: str, column: pd.Series) -> np.ndarray:
        if self.kinds[name] == "boolean":
            truth = level_text(self.true_values_.get(name, 1))
            texts = level_texts(column)
            return np.where(texts.isna(), np.nan, (texts == truth).astype(np.float64))
        return pd.to_numeric(column.astype(object) if isinstance(column.dtype, pd.CategoricalDtype)
                             else column, errors="coerce").to_numpy(dtype=np.float64)

    def _codes(self, name: str, column: pd.Series) -> np.ndarray:
        """1 + the level's index, 0 for a level training never saw."""
        levels = self.levels_[name]
        texts = _level_texts(column, missing=MISSING_LEVEL if MISSING_LEVEL in levels else None)
        return pd.Categorical(texts, categories=levels).codes.astype(np.int64) + 1

    def to_dict(self) -> dict:
        """The fitted encoder as plain JSON values."""
        return {"kind": self.kind, "kinds": dict(self.kinds), "scaler": self.scaler,
                "embedding_levels": self.embedding_levels,
                "true_values": {name: _json(value) for name, value in self.true_values_.items()},
                "medians": self.medians_, "indicators": self.indicators_, "levels": self.levels_,
                "numeric_scaler": self.numeric_scaler_.to_dict()}

    @classmethod
    def from_dict(cls, record: dict) -> "TableEncoder":
        """Rebuild a fitted encoder from :meth:`to_dict`'s output."""
        return cls(kinds=dict(record["kinds"]), scaler=record["scaler"],
                   embedding_levels=int(record["embedding_levels"]),
                   true_values_=dict(record["true_values"]), medians_=dict(record["medians"]),
                   indicators_=list(record["indicators"]), levels_=dict(record["levels"]),
                   numeric_scaler_=InputScaler.from_dict(record["numeric_scaler"]))


def _frame(x) -> pd.DataFrame:
    return x.frame if hasattr(x, "frame") else x


def _levels(column: pd.Series) -> list[str]:
    """The training rows' levels as text, sorted; the missing level last, if any."""
    texts = _level_texts(column, missing=MISSING_LEVEL)
    levels = sorted(set(texts.dropna()) - {MISSING_LEVEL})
    return levels + ([MISSING_LEVEL] if (texts == MISSING_LEVEL).any() else [])


def _level_texts(column: pd.Series, *, missing: str | None) -> pd.Series:
    texts = level_texts(column)
    return texts.where(texts.notna(), missing)


def _json(value):
    return value.item() if hasattr(value, "item") else value
