"""Opening data files that may be gzipped, told by their first bytes, not their names."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"


@contextmanager
def open_payload(path: Path) -> Iterator[tuple[BinaryIO, int | None]]:
    """Open ``path`` for reading its payload: decompressed when it starts with gzip's magic.

    Yields:
        ``(stream, size)``: a binary stream of the payload and its size in
        bytes, or ``None`` for a gzip file (known only once read).

    Raises:
        OSError: when the file cannot be opened. A broken gzip file raises
            ``EOFError``, ``zlib.error`` or ``gzip.BadGzipFile`` on reading.
    """
    with Path(path).open("rb") as file:
        compressed = file.read(2) == GZIP_MAGIC
        file.seek(0)
        if compressed:
            with gzip.GzipFile(fileobj=file) as stream:
                yield stream, None
        else:
            yield file, os.fstat(file.fileno()).st_size
