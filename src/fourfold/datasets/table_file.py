"""Read a user's table — CSV or TSV, plain or compressed, or Parquet — into a data frame.

pandas' C parser reads the file in blocks of rows, so that a table of a million
rows never exists as Python strings: each block's text columns become pandas
categoricals at once (a code per cell, one string per distinct value), and the
blocks are joined with ``union_categoricals``. Numbers stay ``float64``/``int64``.
A column that is numeric in one block and text in another is kept as text, with
numbers written as the other blocks' parser would (``3``, not ``3.0``), so that
:mod:`fourfold.datasets.table_columns` can tell a mixed column from a clean one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from fourfold.errors import DataError
from fourfold.messages import text
from fourfold.messages.quoting import shorten
from fourfold.paths import answered

#: File endings read as tables (a compression ending may follow the text ones).
TEXT_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
COMPRESSION_SUFFIXES = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zip": "zip", ".zst": "zstd"}
#: Cells read as missing values, besides pandas' own (``NA``, ``NaN``, ``null``, empty...):
#: UCI's data sets write ``?``.
EXTRA_MISSING = ["?"]
#: Rows parsed at a time.
BLOCK_ROWS = 100_000
_DELIMITERS = ",;\t|"


def is_table_file(path: str | Path) -> bool:
    """Whether ``path`` names a table by its ending (``data.csv``, ``data.tsv.gz``,
    ``data.parquet``)."""
    name = Path(path).name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(TEXT_SUFFIXES + PARQUET_SUFFIXES)


def read_table(path: str | Path, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a table file, checking its header.

    Args:
        path: a ``.csv``/``.tsv``/``.txt`` file (``.gz``, ``.bz2``, ``.xz``,
            ``.zip``, ``.zst`` compressed or not; the delimiter is sniffed from
            the header line) or a ``.parquet`` file (needs pyarrow).
        columns: read only these columns (all must exist). Defaults to `None` (all).

    Returns:
        The frame, indexed from 0: numeric columns ``float64``/``int64``/``bool``,
        text columns ``category`` (strings), missing cells ``NaN``.

    Raises:
        DataError: naming the file (and line) when it cannot be read, is empty,
            has an unnamed or repeated column, a row with too many fields, or
            lacks a column of ``columns``; naming the row and column of a number
            that overflows (``1e400``, read as infinite; an integer beyond 64 bits
            among smaller numbers, which pandas would read as text).
    """
    path = Path(path)
    if not answered(Path.is_file, path):
        raise DataError(text("data.table.missing_file", path=shorten(path)))
    if Path(path.name.lower()).suffix in PARQUET_SUFFIXES:
        frame = _read_parquet(path)
        _check_header(path, [str(name) for name in frame.columns])
    else:
        frame = _read_text(path)
    frame.columns = [str(name).strip() for name in frame.columns]
    if columns is not None:
        missing = [name for name in columns if name not in frame.columns]
        if missing:
            raise DataError(text("data.table.missing_columns", path=path,
                                 missing=shorten(", ".join(missing)),
                                 found=shorten(", ".join(frame.columns))))
        frame = frame[columns]
    if frame.empty:
        raise DataError(text("data.table.no_rows", path=path))
    for name in frame.columns:
        _check_overflow(path, frame[name])
    return frame


#: The integers a 64-bit column holds; pandas reads a column with a bigger one as text.
_INT64 = (-(2**63), 2**63 - 1)


def _check_overflow(path: Path, column: pd.Series) -> None:
    """Refuse a number too large for its column, naming its row: an infinite float
    (``1e400`` parses as ``inf``), or a whole number beyond 64 bits in a column of
    numbers where most fit (a column of such numbers throughout is an identifier,
    read as text and left out as one)."""
    if pd.api.types.is_float_dtype(column.dtype):
        infinite = np.flatnonzero(np.isinf(column.to_numpy()))
        if len(infinite):
            raise DataError(text("data.table.overflow_float", path=path, row=int(infinite[0]) + 1,
                                 column=str(column.name)))
        return
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return
    levels = pd.Series(column.cat.categories.astype(str))
    numbers = pd.to_numeric(levels, errors="coerce")
    if numbers.isna().any():
        return  # text: not a column of numbers
    huge = levels[levels.map(_overflows)]
    if huge.empty:
        return
    rows = column.isin(huge.tolist()).to_numpy()
    if rows.sum() * 2 >= column.notna().sum():
        return  # mostly long numbers: an identifier
    row = int(np.flatnonzero(rows)[0])
    raise DataError(text("data.table.overflow_integer", path=path, row=row + 1,
                         column=str(column.name), value=_shown(str(column.iloc[row]))))


def _overflows(level: str) -> bool:
    """Whether ``level`` is a whole number beyond 64 bits, or one that parses as infinite."""
    stripped = level.strip()
    if stripped.lstrip("+-").isdigit():
        return not _INT64[0] <= int(stripped) <= _INT64[1]
    try:
        return not np.isfinite(float(stripped))
    except ValueError:
        return False


def _shown(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise DataError(text("data.table.needs_pyarrow", path=path)) from None
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises its own ArrowInvalid, OSError...
        raise DataError(text("data.table.unreadable", path=path, error=_first_line(error))) from None
    return _compact(frame)


def _read_text(path: Path) -> pd.DataFrame:
    """The blocks of a delimited text file, joined; text columns as categoricals."""
    compression = COMPRESSION_SUFFIXES.get(path.suffix.lower())
    delimiter, header = _header(path, compression)
    _check_header(path, header)
    try:
        reader = pd.read_csv(path, sep=delimiter, compression=compression, chunksize=BLOCK_ROWS,
                             na_values=EXTRA_MISSING, skipinitialspace=True, skip_blank_lines=True,
                             encoding="utf-8-sig", low_memory=True, on_bad_lines="error")
        blocks = [_compact(block) for block in reader]
    except pd.errors.EmptyDataError:
        raise DataError(text("data.table.empty", path=path)) from None
    except pd.errors.ParserError as error:
        raise DataError(text("data.table.bad_syntax", path=path, error=_first_line(error))) from None
    except UnicodeDecodeError as error:
        raise DataError(text("data.table.not_utf8", path=path, error=error.reason)) from None
    except (OSError, EOFError, ValueError) as error:
        raise DataError(text("data.table.unreadable", path=path, error=_first_line(error))) from None
    if not blocks:
        raise DataError(text("data.table.no_rows", path=path))
    return _join(blocks)


def _header(path: Path, compression: str | None) -> tuple[str, list[str]]:
    """The delimiter (``\t`` for ``.tsv``/``.tab``; else the one of ``, ; TAB |`` the
    header line uses most) and the column names as written in the header line."""
    name = path.name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    try:
        lines = pd.read_csv(path, sep="\x1f", compression=compression, nrows=1, header=None,
                            dtype=str, encoding="utf-8-sig", skip_blank_lines=True,
                            quoting=csv.QUOTE_NONE, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise DataError(text("data.table.empty", path=path)) from None
    except UnicodeDecodeError as error:
        raise DataError(text("data.table.not_utf8", path=path, error=error.reason)) from None
    except Exception as error:  # gzip, zip and OS errors, each with its own type
        raise DataError(text("data.table.unreadable", path=path, error=_first_line(error))) from None
    line = str(lines.iloc[0, 0]) if lines.size else ""
    if name.endswith((".tsv", ".tab")):
        delimiter = "\t"
    else:
        counts = {mark: line.count(mark) for mark in _DELIMITERS}
        delimiter = max(counts, key=counts.get) if max(counts.values()) else ","
    return delimiter, next(csv.reader([line], delimiter=delimiter))


def _compact(block: pd.DataFrame) -> pd.DataFrame:
    """A parsed block with its text columns as categoricals (one string per level)."""
    for name in block.columns:
        if is_text(block[name]):
            block[name] = _as_category(block[name])
    return block


def is_text(column: pd.Series) -> bool:
    """Whether a parsed column holds text (pandas' ``str`` or ``object`` dtype), not
    numbers, booleans or categories already."""
    dtype = column.dtype
    return not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
                or isinstance(dtype, pd.CategoricalDtype))


def _as_category(values: pd.Series) -> pd.Series:
    return level_texts(values).astype("category")


def level_texts(values: pd.Series) -> pd.Series:
    """Every cell as :func:`level_text` writes it (`None` for a missing one), computed once
    per distinct value rather than once per cell: a million-row column has few levels."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = np.array([level_text(value) for value in uniques] + [None], dtype=object)
    return pd.Series(names[codes], index=values.index, dtype=object)  # code -1: None


def level_text(value) -> str:
    """A cell as the text of a category level: ``3`` for 3.0, strings stripped."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    return str(value).strip()


def _join(blocks: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate blocks; a column that is text in any block is text in all."""
    if len(blocks) == 1:
        return blocks[0].reset_index(drop=True)
    columns = {}
    for name in blocks[0].columns:
        parts = [block[name] for block in blocks]
        if any(isinstance(part.dtype, pd.CategoricalDtype) for part in parts):
            parts = [part if isinstance(part.dtype, pd.CategoricalDtype) else _as_category(part)
                     for part in parts]
            columns[name] = pd.Series(pd.api.types.union_categoricals(parts, ignore_order=True))
        else:
            columns[name] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(columns)


def _check_header(path: Path, header: list[str]) -> None:
    """Every column named, and named once (pandas would rename a repeat to ``name.1``)."""
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        cleaned = name.strip()
        if not cleaned:
            raise DataError(text("data.table.unnamed_column", path=path, position=position))
        if cleaned in seen:
            raise DataError(text("data.table.duplicate_column", path=path, name=cleaned[:80],
                                 first=seen[cleaned], position=position))
        seen[cleaned] = position


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
