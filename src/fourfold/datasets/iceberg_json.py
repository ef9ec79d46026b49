"""Read the JSON of the Kaggle "Statoil/C-CORE Iceberg Classifier Challenge".

A file is one JSON array of row objects ``{"id": str, "band_1": [5625 numbers],
"band_2": [5625 numbers], "inc_angle": number or "na", "is_iceberg": 0 or 1}``;
the bands are 75x75 radar backscatter images in dB, row-major (band_1 is HH,
band_2 HV); ``test.json`` has no ``is_iceberg``. The file may be plain or
gzip-compressed; the first two bytes decide.

The real ``test.json`` is 1.5 GB of text. ``json.load`` would hold a Python
float (24 bytes plus an 8-byte list slot) for each of its 95 million numbers --
several GB -- so the array is streamed instead: one row object at a time is
decoded with :meth:`json.JSONDecoder.raw_decode` from a buffered read, checked,
and copied at once into growing float32 arrays. Peak memory stays near those
arrays plus one row and one read buffer.
"""

from __future__ import annotations

import codecs
import gzip
import itertools
import json
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from fourfold.datasets.compression import open_payload
from fourfold.errors import DataError
from fourfold.messages import text

BAND_SIDE = 75
BAND_SIZE = BAND_SIDE * BAND_SIDE
BAND_FIELDS = ("band_1", "band_2")
MISSING_ANGLE = "na"
LABEL_FIELD = "is_iceberg"
ROW_FIELDS = ("id", *BAND_FIELDS, "inc_angle")
MAX_ANGLE = 90

_CHUNK_BYTES = 1 << 22
# No valid row comes near this (a row is about 0.2 MB of text); a decode error
# in a longer stretch is a malformed file, not a row cut by the read buffer.
_MAX_ROW_CHARS = 1 << 25
# A decode error this close to the end of the buffer may be a row cut by it.
_CUT_SLACK = 64
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TYPES = frozenset({float, int})
_FLOAT32_MAX = float(np.finfo(np.float32).max)


@dataclass
class IcebergRows:
    """The rows of one competition JSON file, in file order.

    Args:
        ids: the rows' ``id`` strings, unique.
        bands: ``float32`` of shape ``(n, 75, 75, 2)``: ``band_1`` (HH) and
            ``band_2`` (HV) in dB, each row-major 75x75.
        inc_angle: ``float32`` of shape ``(n,)``, the incidence angle in
            degrees; NaN where the file says ``"na"``.
        is_iceberg: ``int64`` of shape ``(n,)``, 1 for an iceberg and 0 for a
            ship; `None` for an unlabelled file.
    """

    ids: list[str]
    bands: np.ndarray
    inc_angle: np.ndarray
    is_iceberg: np.ndarray | None


def read_iceberg_json(path: str | Path, *, labelled: bool) -> IcebergRows:
    """Read and validate a competition ``train.json`` or ``test.json``.

    The file is streamed row by row (see the module docstring): on the real
    8,424-row ``test.json`` the peak memory stays near the 380 MB of float32
    bands. Every row is checked; the first bad one stops the read.

    Args:
        path: the file, plain or gzip-compressed.
        labelled: whether each row must carry ``is_iceberg`` (``train.json``).

    Returns:
        The :class:`IcebergRows`; ``is_iceberg`` is `None` when not
        ``labelled``.

    Raises:
        DataError: naming the file -- and, for a bad row, its index (0-based)
            and id -- and what was expected: a file that cannot be read or is
            not UTF-8, malformed JSON (with line, column and character), no
            top-level array or an empty one, a row that is not an object, a
            missing field, a band that is not a list of exactly 5,625 finite
            numbers, an ``inc_angle`` neither a number from 0 to 90 nor ``"na"``, an
            ``is_iceberg`` other than 0 or 1 (when ``labelled``), a repeated id.

    Example:
        >>> rows = read_iceberg_json("iceberg/train.json", labelled=True)  # doctest: +SKIP
        >>> rows.bands.shape, rows.is_iceberg[:3]  # doctest: +SKIP
        ((1604, 75, 75, 2), array([0, 0, 1]))
    """
    path = Path(path)
    try:
        with open_payload(path) as (stream, size):
            return _read_rows(path, stream, size, labelled)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise DataError(text("data.iceberg.bad_gzip", path=path, error=error)) from None
    except OSError as error:
        raise DataError(text("data.iceberg.unreadable", path=path,
                             error=error.strerror or error)) from None


def _read_rows(path: Path, stream: BinaryIO, size: int | None, labelled: bool) -> IcebergRows:
    reader = _ArrayReader(path, stream)
    table = _RowTable(size, labelled)
    first_row: dict[str, int] = {}
    for index, (row, chars) in enumerate(reader.rows()):
        row_id = _check_row(path, index, row, labelled)
        if row_id in first_row:
            raise DataError(text("data.iceberg.duplicate_id", path=path, row=index, id=_describe(row_id),
                                 first=first_row[row_id]))
        first_row[row_id] = index
        table.add(path, index, row, chars)
    if not first_row:
        raise DataError(text("data.iceberg.empty", path=path))
    return table.finish()


class _ArrayReader:
    """Decodes a top-level JSON array element by element from a byte stream."""

    def __init__(self, path: Path, stream: BinaryIO) -> None:
        self._path = path
        self._stream = stream
        self._decoder = json.JSONDecoder()
        self._text_decoder = codecs.getincrementaldecoder("utf-8")()
        self._bytes_read = 0
        self._eof = False
        self._buffer = ""
        self._pos = 0
        # Where the buffer starts in the whole text, to report positions.
        self._offset = 0
        self._lines_before = 0
        self._line_start = 0

    def rows(self) -> Iterator[tuple[object, int]]:
        """Yield ``(element, characters of its text)`` for each array element."""
        self._expect_array_start()
        if self._peek() == "]":
            self._pos += 1
        else:
            for index in itertools.count():
                self._peek()
                start = self._pos
                yield self._decode(index), self._pos - start
                if self._after_element(index) == "]":
                    break
        if self._peek() != "":
            raise DataError(text("data.iceberg.trailing", path=self._path, **self._where(self._pos)))

    def _expect_array_start(self) -> None:
        first = self._peek()
        if first == "\ufeff" and self._offset == 0 and self._pos == 0:  # a UTF-8 byte-order mark
            self._pos += 1
            first = self._peek()
        if first != "[":
            found = repr(first) if first else text("data.iceberg.nothing")
            raise DataError(text("data.iceberg.not_array", path=self._path, found=found))
        self._pos += 1

    def _decode(self, index: int) -> object:
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if self._may_be_cut(error) and self._read_more():
                    continue
                raise DataError(text("data.iceberg.malformed", path=self._path, row=index,
                                     error=error.msg, **self._where(error.pos))) from None
            except (ValueError, RecursionError) as error:  # a 5,000-digit integer, deep nesting
                raise DataError(text("data.iceberg.malformed", path=self._path, row=index,
                                     error=str(error).split(":")[0], **self._where(self._pos))) from None
            # A number that ends with the buffer may go on after it.
            if end == len(self._buffer) and self._read_more():
                continue
            self._pos = end
            return value

    def _may_be_cut(self, error: json.JSONDecodeError) -> bool:
        if self._eof or len(self._buffer) - self._pos > _MAX_ROW_CHARS:
            return False
        return error.pos >= len(self._buffer) - _CUT_SLACK or error.msg.startswith("Unterminated string")

    def _after_element(self, index: int) -> str:
        separator = self._peek()
        if separator not in (",", "]"):
            error = "Expecting ',' delimiter" if separator else "Unexpected end of file"
            raise DataError(text("data.iceberg.malformed", path=self._path, row=index, error=error,
                                 **self._where(self._pos)))
        self._pos += 1
        return separator

    def _peek(self) -> str:
        """The next character after whitespace (consumed), or ``""`` at the end."""
        while True:
            self._pos = _WHITESPACE.match(self._buffer, self._pos).end()
            if self._pos < len(self._buffer) or not self._read_more():
                return self._buffer[self._pos:self._pos + 1]

    def _read_more(self) -> bool:
        """Append the next chunk, dropping what was consumed; False when already at the end.

        Buffer indexes held by the caller are invalid after a True return.
        """
        if self._eof:
            return False
        chunk = self._stream.read(_CHUNK_BYTES)
        self._eof = not chunk
        pending = len(self._text_decoder.getstate()[0])
        try:
            decoded = self._text_decoder.decode(chunk, final=self._eof)
        except UnicodeDecodeError as error:
            position = self._bytes_read - pending + error.start
            raise DataError(text("data.iceberg.not_utf8", path=self._path, position=position,
                                 error=error.reason)) from None
        self._bytes_read += len(chunk)
        self._drop_consumed()
        self._buffer += decoded
        return True

    def _drop_consumed(self) -> None:
        newlines = self._buffer.count("\n", 0, self._pos)
        if newlines:
            self._lines_before += newlines
            self._line_start = self._offset + self._buffer.rfind("\n", 0, self._pos) + 1
        self._offset += self._pos
        self._buffer = self._buffer[self._pos:]
        self._pos = 0

    def _where(self, pos: int) -> dict[str, int]:
        """Line, column (1-based) and character (0-based) of buffer index ``pos``."""
        last_newline = self._buffer.rfind("\n", 0, pos)
        line_start = self._offset + last_newline + 1 if last_newline >= 0 else self._line_start
        character = self._offset + pos
        return {"line": self._lines_before + self._buffer.count("\n", 0, pos) + 1,
                "column": character - line_start + 1, "position": character}


def _check_row(path: Path, index: int, row: object, labelled: bool) -> str:
    """Check one decoded row's fields (not the band values); return its id."""
    if not isinstance(row, dict):
        raise DataError(text("data.iceberg.row_not_object", path=path, row=index,
                             found=_describe(row)))
    row_id = row.get("id")
    shown_id = _describe(row_id) if isinstance(row_id, str) else text("data.iceberg.no_id")
    required = (*ROW_FIELDS, LABEL_FIELD) if labelled else ROW_FIELDS
    for field in required:
        if field not in row:
            raise DataError(text("data.iceberg.missing_field", path=path, row=index, id=shown_id,
                                 field=field, fields=", ".join(required)))
    if not isinstance(row_id, str) or not row_id:
        raise DataError(text("data.iceberg.bad_id", path=path, row=index, found=_describe(row_id)))
    angle = row["inc_angle"]
    if angle != MISSING_ANGLE and not (type(angle) in _NUMBER_TYPES and 0 <= angle <= MAX_ANGLE):
        raise DataError(text("data.iceberg.bad_angle", path=path, row=index, id=shown_id,
                             found=_describe(angle)))
    if labelled and not (type(row[LABEL_FIELD]) is int and row[LABEL_FIELD] in (0, 1)):
        raise DataError(text("data.iceberg.bad_label", path=path, row=index, id=shown_id,
                             found=_describe(row[LABEL_FIELD])))
    return row_id


def _band_values(path: Path, index: int, row: dict, field: str) -> np.ndarray:
    """``row[field]`` as float32 ``(75, 75)``, after checking it is 5,625 finite numbers."""
    band = row[field]
    shown_id = _describe(row["id"])
    if not isinstance(band, list) or len(band) != BAND_SIZE:
        found = (text("data.iceberg.list_of", count=len(band)) if isinstance(band, list)
                 else _describe(band))
        raise DataError(text("data.iceberg.bad_band", path=path, row=index, id=shown_id,
                             field=field, size=BAND_SIZE, found=found))
    # type(), not isinstance(): JSON true/false decode to bool, a subclass of int.
    if not set(map(type, band)) <= _NUMBER_TYPES:
        position, value = next((i, v) for i, v in enumerate(band) if type(v) not in _NUMBER_TYPES)
        raise DataError(text("data.iceberg.band_not_number", path=path, row=index, id=shown_id,
                             field=field, index=position, found=_describe(value)))
    try:
        with np.errstate(over="ignore"):  # beyond float32's range: inf, refused below
            values = np.array(band, dtype=np.float32)
    except OverflowError:  # an integer beyond even float64's range
        position = next(i for i, v in enumerate(band) if type(v) is int and abs(v) > _FLOAT32_MAX)
        raise DataError(text("data.iceberg.band_not_finite", path=path, row=index, id=shown_id,
                             field=field, index=position, found=_describe(band[position]))) from None
    if not np.isfinite(values).all():
        position = int(np.flatnonzero(~np.isfinite(values))[0])
        raise DataError(text("data.iceberg.band_not_finite", path=path, row=index, id=shown_id,
                             field=field, index=position, found=_describe(band[position])))
    return values.reshape(BAND_SIDE, BAND_SIDE)


def _describe(value: object) -> str:
    """A short rendering of a JSON value for a message, as JSON writes it."""
    if isinstance(value, dict):
        return text("data.iceberg.json_object")
    if isinstance(value, list):
        return text("data.iceberg.json_array")
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


class _RowTable:
    """Growing column arrays for the rows read so far.

    The bands array is allocated for the row count the file size suggests
    (untouched pages cost no memory) and grown or trimmed with
    ``ndarray.resize``, which reallocates in place where the allocator can.
    """

    _FIRST_CAPACITY = 256
    _MAX_FIRST_CAPACITY = 16384  # 737 MB; a file claiming more grows by half at a time

    def __init__(self, size: int | None, labelled: bool) -> None:
        self._size = size
        self._labelled = labelled
        self._bands: np.ndarray | None = None
        self._count = 0
        self.ids: list[str] = []
        self.angles: list[float] = []
        self.labels: list[int] = []

    def add(self, path: Path, index: int, row: dict, chars: int) -> None:
        band_1 = _band_values(path, index, row, BAND_FIELDS[0])
        band_2 = _band_values(path, index, row, BAND_FIELDS[1])
        if self._bands is None:
            self._bands = np.empty((self._capacity(chars), BAND_SIDE, BAND_SIDE, 2), np.float32)
        elif self._count == len(self._bands):
            self._bands.resize((len(self._bands) * 3 // 2 + 1, BAND_SIDE, BAND_SIDE, 2),
                               refcheck=False)
        self._bands[self._count, :, :, 0] = band_1
        self._bands[self._count, :, :, 1] = band_2
        self._count += 1
        self.ids.append(row["id"])
        angle = row["inc_angle"]
        self.angles.append(math.nan if angle == MISSING_ANGLE else float(angle))
        if self._labelled:
            self.labels.append(row[LABEL_FIELD])

    def _capacity(self, first_row_chars: int) -> int:
        if self._size is None:
            return self._FIRST_CAPACITY
        estimate = math.ceil(1.15 * self._size / max(first_row_chars, 1)) + 1
        return min(max(self._FIRST_CAPACITY, estimate), self._MAX_FIRST_CAPACITY)

    def finish(self) -> IcebergRows:
        bands = self._bands
        bands.resize((self._count, BAND_SIDE, BAND_SIDE, 2), refcheck=False)
        angles = np.array(self.angles, dtype=np.float32)
        return IcebergRows(
            ids=self.ids,
            bands=bands,
            inc_angle=angles,
            is_iceberg=np.array(self.labels, dtype=np.int64) if self._labelled else None,
        )
