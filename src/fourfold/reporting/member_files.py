"""The report's readers of a run folder's CSV, NPZ and YAML files, each validated.

``history.csv``, ``predictions.csv`` and ``samples.npz`` only feed the report;
``config.yaml`` is the recipe the run was made from. Each reader returns `None` for a
missing file and refuses a damaged one (cut off, garbage, or another shape than
fourfold writes) with a :class:`~fourfold.runs.record_files.DamagedFile` naming the
file and the way out, instead of drawing a wrong page or crashing on it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from fourfold.messages import text
from fourfold.runs.record_files import damaged

#: The columns every ``history.csv`` has (Keras' ``loss`` and the epoch it belongs to).
HISTORY_COLUMNS = ("epoch", "loss")
#: The columns every ``predictions.csv`` has.
PREDICTION_COLUMNS = ("row", "predicted")
#: Cells of ``predictions.csv`` that may be empty: a label set may be empty, an
#: unlabelled test set has no truth.
_MAY_BE_EMPTY = frozenset({"true", "predicted", "image"})
#: The arrays of ``samples.npz``, in pairs that come together: each pair is one per row.
SAMPLE_PAIRS = (("train_images", "train_labels"), ("test_images", "test_rows"))


def read_config(path: Path, *, sha256: str | None = None) -> dict | None:
    """``config.yaml`` as a mapping; `None` when there is none.

    Args:
        path: the run's ``config.yaml``.
        sha256: its SHA-256 as the run wrote it (``inputs.json`` records it), to
            tell a file cut off at a line end, which still parses, from the one
            written; `None` when the run did not record it. Defaults to `None`.

    Raises:
        DamagedFile: it is not YAML, not a mapping of recipe fields, or not the
            file the run wrote.
    """
    import hashlib

    import yaml

    try:
        raw = path.read_bytes()
        content = raw.decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise damaged(path, text("damage.problem.yaml", error=_short(error))) from None
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        raise damaged(path, text("damage.problem.changed", record="inputs.json"))
    try:
        config = yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise damaged(path, text("damage.problem.yaml", error=_short(error))) from None
    if config is None:
        raise damaged(path, text("damage.problem.empty"))
    if not isinstance(config, dict):
        raise damaged(path, text("damage.problem.mapping", found=type(config).__name__))
    return config


def read_history(path: Path) -> pd.DataFrame | None:
    """``history.csv``: one row per epoch, numbers only, epochs counted from 1.

    Raises:
        DamagedFile: it cannot be parsed, lacks ``epoch`` or ``loss``, holds text
            where numbers belong, a cut-off last row, or epochs out of order.
    """
    frame = _read_csv(path)
    if frame is None:
        return None
    _require_columns(path, frame, HISTORY_COLUMNS)
    for column in frame.columns:
        _require_numbers(path, frame, column)
    for column in HISTORY_COLUMNS:
        _require_cells(path, frame, column)
    if len(frame) > 1:  # a cut-off file loses the end of its last row
        last = frame.iloc[-1]
        for column in frame.columns:
            if pd.isna(last[column]) and not pd.isna(frame.iloc[-2][column]):
                raise damaged(path, text("damage.problem.missing_cell", row=len(frame),
                                         column=column))
    epochs = frame["epoch"].to_numpy()
    if not len(epochs) or not np.array_equal(epochs, np.arange(1, len(epochs) + 1)):
        found = ", ".join(_number(value) for value in epochs[:6]) or "none"
        raise damaged(path, text("damage.problem.epochs", found=found))
    return frame


def read_predictions(path: Path) -> pd.DataFrame | None:
    """``predictions.csv``: one row per test row, ``row`` counting them, scores as numbers.

    Raises:
        DamagedFile: it cannot be parsed, lacks ``row`` or ``predicted``, or holds
            an empty cell or text where numbers or a row number belong.
    """
    frame = _read_csv(path)
    if frame is None:
        return None
    _require_columns(path, frame, PREDICTION_COLUMNS)
    for column in frame.columns:
        if column not in _MAY_BE_EMPTY:
            _require_cells(path, frame, column)
        if str(column).startswith("p_") or column in ("row", "confidence"):
            _require_numbers(path, frame, column)
    rows = frame["row"].to_numpy()
    if not np.array_equal(rows, np.round(rows)) or (len(rows) and rows.min() < 0):
        bad = next(index for index, value in enumerate(rows) if value < 0 or value != round(value))
        raise damaged(path, text("damage.problem.not_numbers", column="row",
                                 found=_number(rows[bad]), row=bad + 1))
    return frame


def read_samples(path: Path) -> dict[str, np.ndarray] | None:
    """``samples.npz``: training images with their labels and test images with their
    row numbers (either pair may be absent), one label or row per image.

    Raises:
        DamagedFile: it is not an ``.npz`` archive of plain arrays, holds other
            arrays, or a pair whose lengths differ.
    """
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except FileNotFoundError:
        return None
    except Exception as error:  # NumPy raises OSError, ValueError, zipfile's BadZipFile...
        raise damaged(path, text("damage.problem.npz", error=_short(error))) from None
    known = [name for pair in SAMPLE_PAIRS for name in pair]
    complete = all((first in arrays) == (second in arrays) for first, second in SAMPLE_PAIRS)
    if not arrays or set(arrays) - set(known) or not complete:
        raise damaged(path, text("damage.problem.arrays", expected=", ".join(known),
                                 found=", ".join(sorted(arrays)) or "none"))
    for images, per_row in SAMPLE_PAIRS:
        if images not in arrays:
            continue
        pictures, labels = arrays[images], arrays[per_row]
        if pictures.ndim < 2 or pictures.dtype.kind not in "biuf":
            raise damaged(path, text("damage.problem.array_shape", name=images,
                                     shape=pictures.shape, expected=_expected_images()))
        if labels.ndim < 1 or len(labels) != len(pictures) or labels.dtype.kind not in "biuf":
            raise damaged(path, text("damage.problem.array_shape", name=per_row,
                                     shape=labels.shape,
                                     expected=_expected_per_row(images, len(pictures))))
    return arrays


def _read_csv(path: Path) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path)
    except FileNotFoundError:
        return None
    except pd.errors.EmptyDataError:
        raise damaged(path, text("damage.problem.empty")) from None
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        raise damaged(path, text("damage.problem.csv", error=_short(error))) from None


def _require_columns(path: Path, frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise damaged(path, text("damage.problem.columns", columns=", ".join(missing)))


def _require_numbers(path: Path, frame: pd.DataFrame, column: str) -> None:
    """Every non-empty cell of ``column`` is a number."""
    values = frame[column]
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return
    numbers = pd.to_numeric(values, errors="coerce")
    bad = values[numbers.isna() & values.notna()]
    if len(bad):
        raise damaged(path, text("damage.problem.not_numbers", column=column,
                                 found=_cell(bad.iloc[0]), row=int(bad.index[0]) + 1))


def _require_cells(path: Path, frame: pd.DataFrame, column: str) -> None:
    empty = frame.index[frame[column].isna()]
    if len(empty):
        raise damaged(path, text("damage.problem.missing_cell", row=int(empty[0]) + 1,
                                 column=column))


def _expected_images() -> str:
    return text("damage.expected.images")


def _expected_per_row(images: str, count: int) -> str:
    return text("damage.expected.per_row", images=images, count=count)


def _cell(value: object) -> str:
    shown = str(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _number(value: object) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _short(error: BaseException) -> str:
    """The first line of a library's error, at most 200 characters."""
    line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return line if len(line) <= 200 else line[:197] + "..."
