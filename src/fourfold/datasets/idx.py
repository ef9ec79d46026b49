"""Read IDX files (the format of MNIST and Fashion-MNIST), gzip-compressed or plain.

An IDX file is a 4-byte magic number -- two zero bytes, a data-type code and
the number of dimensions -- then one big-endian 32-bit size per dimension, then
the values, big-endian, in row-major order. Whether a file is gzip-compressed is
told by its first two bytes, never by its name.
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from fourfold.datasets.compression import open_payload
from fourfold.errors import DataError
from fourfold.messages import text

_CHUNK_SIZE = 1 << 22
_MAX_DIMENSIONS = 32

# IDX data-type codes and the big-endian numpy types they stand for.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file into a numpy array.

    The file may be gzip-compressed or plain; the first two bytes decide. The
    whole payload is read into one buffer and viewed with ``np.frombuffer``, so
    the 47 MB of MNIST's training images take a fraction of a second.

    Args:
        path: the file.

    Returns:
        A writable array with the header's shape, in native byte order:
        ``uint8`` for MNIST (images ``(n, 28, 28)``, labels ``(n,)``).

    Raises:
        DataError: naming the file and what was expected and found, when it
            cannot be read, is empty, is broken gzip (for example truncated),
            has no IDX magic number, an unknown data type, an impossible number
            of dimensions, or a payload whose length does not match the header.

    Example:
        >>> images = read_idx("mnist/train-images-idx3-ubyte.gz")  # doctest: +SKIP
        >>> images.shape, images.dtype  # doctest: +SKIP
        ((60000, 28, 28), dtype('uint8'))
    """
    path = Path(path)
    try:
        with open_payload(path) as (stream, _):
            return _read_stream(path, stream)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise DataError(text("data.idx.bad_gzip", path=path, error=error)) from None
    except OSError as error:
        raise DataError(text("data.idx.unreadable", path=path, error=error.strerror or error)) from None


def read_idx_pair(images_path: str | Path, labels_path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Read matching IDX image and label files.

    Args:
        images_path: IDX file of images, 3-D ``(n, rows, columns)``.
        labels_path: IDX file of labels, 1-D ``(n,)``.

    Returns:
        ``(images, labels)`` as read by :func:`read_idx`.

    Raises:
        DataError: as :func:`read_idx`; also when the images are not 3-D, the
            labels not 1-D, or their counts differ (naming both files and both
            counts).
    """
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3:
        raise DataError(text("data.idx.images_not_3d", path=images_path,
                             found=images.ndim, shape=images.shape))
    if labels.ndim != 1:
        raise DataError(text("data.idx.labels_not_1d", path=labels_path,
                             found=labels.ndim, shape=labels.shape))
    if len(images) != len(labels):
        raise DataError(text("data.idx.count_mismatch", images=images_path, labels=labels_path,
                             images_count=len(images), labels_count=len(labels)))
    return images, labels


def _read_stream(path: Path, stream: BinaryIO) -> np.ndarray:
    dtype, shape = _read_header(path, stream)
    expected = math.prod(shape) * dtype.itemsize
    payload = _read_payload(stream, expected)
    if len(payload) != expected:
        found = len(payload) + _count_rest(stream)
        raise DataError(text("data.idx.bad_length", path=path, shape=shape, dtype=dtype.name,
                             expected=expected, found=found))
    array = np.frombuffer(payload, dtype=dtype).reshape(shape)
    return array if dtype.itemsize == 1 else array.astype(dtype.newbyteorder("="))


def _read_header(path: Path, stream: BinaryIO) -> tuple[np.dtype, tuple[int, ...]]:
    magic = stream.read(4)
    if not magic:
        raise DataError(text("data.idx.empty", path=path))
    if len(magic) < 4:
        raise DataError(text("data.idx.short_header", path=path, expected=4, found=len(magic)))
    if magic[:2] != b"\x00\x00":
        raise DataError(text("data.idx.bad_magic", path=path, found=magic.hex(" ")))
    code, ndim = magic[2], magic[3]
    if code not in IDX_DTYPES:
        raise DataError(text("data.idx.bad_dtype", path=path, found=f"0x{code:02X}",
                             expected=", ".join(f"0x{known:02X}" for known in IDX_DTYPES)))
    if not 1 <= ndim <= _MAX_DIMENSIONS:
        raise DataError(text("data.idx.bad_ndim", path=path, found=ndim, maximum=_MAX_DIMENSIONS))
    sizes = stream.read(4 * ndim)
    if len(sizes) < 4 * ndim:
        raise DataError(text("data.idx.short_header", path=path, expected=4 + 4 * ndim,
                             found=4 + len(sizes)))
    return IDX_DTYPES[code], struct.unpack(f">{ndim}I", sizes)


def _read_payload(stream: BinaryIO, expected: int) -> bytearray:
    """Read at most ``expected + 1`` bytes (one more tells a too-long payload).

    The buffer grows with what the file really holds, so a header that claims a
    huge shape cannot make us allocate it. A ``bytearray`` makes the array
    writable (in-place shuffles work). Reading on to the end of a gzip stream
    also checks its CRC and catches truncation.
    """
    payload = bytearray()
    while (wanted := expected + 1 - len(payload)) > 0:
        chunk = stream.read(min(_CHUNK_SIZE, wanted))
        if not chunk:
            break
        payload += chunk
    return payload


def _count_rest(stream: BinaryIO) -> int:
    count = 0
    while chunk := stream.read(_CHUNK_SIZE):
        count += len(chunk)
    return count
