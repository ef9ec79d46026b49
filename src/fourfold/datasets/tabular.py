"""Read numeric CSV files: a header line of column names, then one line of numbers per row.

:func:`read_numeric_csv` is the one place where fourfold reads tabular data: the
Boston housing file now, users' own CSVs later. The structure (quoting, field
counts, line numbers) is read with :mod:`csv`, so that every problem can name
the line it is on, even when blank lines or quoted line breaks make line and
row numbers differ; the values are then converted column by column with pandas.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fourfold.datasets.compression import open_payload
from fourfold.errors import DataError
from fourfold.messages import text

# Cells a person writes for "no value" (compared stripped and lower-cased).
MISSING_MARKERS = frozenset({"", "na", "n/a", "#n/a", "nan", "null", "none"})

_UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_DELIMITERS = (";", "\t", "|")
_SHOWN_CHARACTERS = 40  # a cell quoted in a message is cut to this length


@dataclass(frozen=True)
class _Table:
    """A CSV file's cells as text, with the line on which each row starts."""

    header: list[str]
    header_line: int
    rows: list[list[str]]
    lines: list[int]


def read_numeric_csv(path: str | Path, *, required_columns: Sequence[str] | None = None,
                     allowed_extra: bool = False, ignored_columns: Collection[str] = (),
                     skip_lines: int = 0) -> pd.DataFrame:
    """Read a CSV file of numbers into a ``float64`` data frame, validating everything.

    The file is UTF-8 text (a byte-order mark is accepted), plain or gzipped,
    comma-separated, with a header line naming every column. Blank lines are
    skipped. Every cell of a returned column must hold a finite number; empty
    cells and markers such as ``NA`` or ``NaN`` count as missing values.

    Args:
        path: the CSV file.
        required_columns: the columns that must be present; the frame holds
            them in this order, whatever their order in the file. `None`
            accepts any columns and keeps the file's order. Defaults to `None`.
        allowed_extra: whether columns outside ``required_columns`` are
            accepted (and returned after the required ones, in file order)
            rather than refused. Defaults to `False`.
        ignored_columns: columns that may be present and are dropped unread
            (a target column in prediction inputs, say). Defaults to `()`.
        skip_lines: lines above the header line to skip (a preamble).
            Defaults to `0`.

    Returns:
        A frame of ``float64`` columns, one row per data line, indexed from 0.

    Raises:
        DataError: naming the file and, where it applies, the line (1-based,
            counting every line of the file) and the column: a file that
            cannot be read or decoded, is empty or has no data rows, a header
            with an empty or repeated name, missing or unexpected columns, a
            row with too few or too many fields, a missing value or a cell
            that is not a finite number (the first one in the file).

    Example:
        >>> frame = read_numeric_csv("houses.csv", required_columns=["RM", "AGE"])  # doctest: +SKIP
        >>> frame.dtypes.unique().tolist()  # doctest: +SKIP
        [dtype('float64')]
    """
    path = Path(path)
    table = _parse(path, read_text(path), skip_lines)
    columns = _select_columns(path, table, required_columns, allowed_extra, set(ignored_columns))
    return _to_numbers(path, table, columns)


def read_text(path: str | Path) -> str:
    """The text of a UTF-8 file, plain or gzipped.

    Args:
        path: the file.

    Returns:
        Its text, without any byte-order mark.

    Raises:
        DataError: when the file cannot be read, is a broken gzip file, or is
            not UTF-8 (naming the line of the first bad byte).
    """
    path = Path(path)
    compressed = False
    try:
        with open_payload(path) as (stream, size):
            compressed = size is None
            payload = stream.read()
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise DataError(text("data.csv.bad_gzip", path=path, error=error)) from None
    except OSError as error:
        if compressed:  # a gzip stream cut short or corrupt raises a plain OSError too
            raise DataError(text("data.csv.bad_gzip", path=path, error=error)) from None
        raise DataError(text("data.csv.unreadable", path=path, error=error.strerror or error)) from None
    payload = payload.removeprefix(_UTF8_BOM)
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as error:
        line = payload.count(b"\n", 0, error.start) + 1
        raise DataError(text("data.csv.not_utf8", path=path, line=line,
                             byte=f"0x{payload[error.start]:02x}")) from None


def _parse(path: Path, source: str, skip_lines: int) -> _Table:
    """Split ``source`` into a checked header and rows of as many fields."""
    reader = csv.reader(io.StringIO(source, newline=""))
    header: list[str] | None = None
    header_line, rows, lines, previous = 0, [], [], 0
    try:
        for fields in reader:
            start, previous = previous + 1, reader.line_num
            if start <= skip_lines or _is_blank(fields):
                continue
            if header is None:
                header, header_line = [name.strip() for name in fields], start
                _check_header(path, header, header_line)
            elif len(fields) != len(header):
                raise DataError(text("data.csv.ragged", path=path, line=start, expected=len(header),
                                     found=len(fields), header_line=header_line))
            else:
                rows.append(fields)
                lines.append(start)
    except csv.Error as error:
        raise DataError(text("data.csv.bad_syntax", path=path, line=reader.line_num, error=error)) from None
    if header is None:
        raise DataError(text("data.csv.empty", path=path))
    if not rows:
        raise DataError(text("data.csv.no_rows", path=path, header_line=header_line))
    return _Table(header, header_line, rows, lines)


def _is_blank(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip())


def _check_header(path: Path, header: list[str], line: int) -> None:
    if len(header) == 1 and any(mark in header[0] for mark in _OTHER_DELIMITERS):
        raise DataError(text("data.csv.wrong_delimiter", path=path, line=line, name=_shorten(header[0])))
    first_positions: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name:
            raise DataError(text("data.csv.unnamed_column", path=path, line=line, position=position))
        if name in first_positions:
            raise DataError(text("data.csv.duplicate_column", path=path, line=line, name=_shorten(name),
                                 first=first_positions[name], position=position))
        first_positions[name] = position


def _select_columns(path: Path, table: _Table, required: Sequence[str] | None, allowed_extra: bool,
                    ignored: set[str]) -> list[str]:
    """The columns to return, in order; refuses missing and unexpected ones."""
    present = [name for name in table.header if name not in ignored]
    if required is None:
        return present
    missing = [name for name in required if name not in table.header]
    extra = [name for name in present if name not in required]
    if missing or (extra and not allowed_extra):
        raise DataError(_columns_message(path, table, required, missing, [] if allowed_extra else extra))
    return [*required, *extra]


def _columns_message(path: Path, table: _Table, required: Sequence[str], missing: list[str],
                     extra: list[str]) -> str:
    values = {"path": path, "line": table.header_line, "missing": ", ".join(missing),
              "extra": ", ".join(extra), "expected": ", ".join(required),
              "found": ", ".join(table.header)}
    if missing and extra:
        return text("data.csv.columns_mismatch", **values)
    return text("data.csv.missing_columns" if missing else "data.csv.extra_columns", **values)


def _to_numbers(path: Path, table: _Table, columns: list[str]) -> pd.DataFrame:
    """The chosen columns as ``float64``; raises on the first bad cell in file order."""
    cells = pd.DataFrame(table.rows, columns=range(len(table.header)), dtype=object)
    positions = {name: position for position, name in enumerate(table.header)}
    numbers, first_bad = {}, None
    for position in sorted(positions[name] for name in columns):
        values = pd.to_numeric(cells[position].str.strip(), errors="coerce")
        values = np.asarray(values, dtype=np.float64)
        bad = ~np.isfinite(values)
        if bad.any() and (first_bad is None or (int(np.argmax(bad)), position) < first_bad):
            first_bad = (int(np.argmax(bad)), position)
        numbers[table.header[position]] = values
    if first_bad is not None:
        raise DataError(_cell_message(path, table, *first_bad))
    return pd.DataFrame({name: numbers[name] for name in columns})


def _cell_message(path: Path, table: _Table, row: int, position: int) -> str:
    value = table.rows[row][position]
    key = "data.csv.missing_value" if value.strip().lower() in MISSING_MARKERS else "data.csv.not_numeric"
    return text(key, path=path, line=table.lines[row], column=table.header[position],
                value=_shorten(value))


def _shorten(value: str) -> str:
    """``value`` quoted (as Python writes it, so spaces show), cut to a readable length (``…``)."""
    if len(value) > _SHOWN_CHARACTERS:
        value = value[:_SHOWN_CHARACTERS] + "\u2026"
    return repr(value)
