"""Photos named in a data frame, decoded once per run into a uint8 cache.

An :class:`ImageSet` behaves like a read-only uint8 array of shape
``(n, height, width, channels)``: indexing it returns decoded, resized images.
:meth:`ImageSet.fill` decodes every file once, in parallel threads (Pillow
releases the GIL while it decodes and resizes), into an :class:`ImageCache`:
a NumPy array in memory when it fits, else an on-disk memmap in the user cache
keyed by the files (path, size, modification time) and the target size, which
a later run with the same files reads instead of decoding again.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fourfold.errors import DataError
from fourfold.messages import text

#: Bump when decoding changes (resampling filter, colour conversion): old disk caches
#: then stop matching.
DECODER_VERSION = 1
#: Share of the available memory an in-memory cache may take under ``cache: auto``.
MEMORY_SHARE = 0.25


@dataclass(frozen=True)
class ImageFormat:
    """The size and colour mode images are decoded to.

    Args:
        height: rows of the decoded image.
        width: columns of the decoded image.
        channels: 3 for RGB, 1 for grey.
    """

    height: int
    width: int
    channels: int = 3

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.height, self.width, self.channels)

    @property
    def mode(self) -> str:
        return "RGB" if self.channels == 3 else "L"


def decode_image(path: Path, image_format: ImageFormat) -> np.ndarray:
    """One image file as uint8 ``(height, width, channels)``: converted to the format's
    colour mode and resized (bilinear, antialiased) when its size differs. Training and
    ``predict`` both decode through this function, so they see the same pixels.

    Raises:
        OSError: the file cannot be read, or Pillow cannot decode it (Pillow's
            ``UnidentifiedImageError`` is an ``OSError``).
    """
    from PIL import Image

    size = (image_format.width, image_format.height)
    with Image.open(path) as image:
        image.draft(image_format.mode, size)  # JPEG: decode at a reduced scale when it can
        image = image.convert(image_format.mode)
        if image.size != size:
            image = image.resize(size, Image.Resampling.BILINEAR)
        array = np.asarray(image, dtype=np.uint8)
    return array.reshape(image_format.shape)


def resolve_image_path(value: object, root: Path) -> Path | None:
    """The file a data frame's path cell names, relative to ``root``; `None` when it
    would leave ``root`` (``..`` or an absolute path elsewhere).

    Backslashes count as separators (Windows-style paths such as
    ``./clothes_dataset\\green_shoes\\x.jpg`` are read as published). The check is
    lexical, so a data folder reached through a symbolic link still works.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    relative = value.strip().replace("\\", "/")
    base = os.path.normpath(os.path.abspath(root))
    candidate = os.path.normpath(os.path.join(base, relative))
    if candidate != base and not candidate.startswith(base + os.sep):
        return None
    return Path(candidate)


class ImageCache:
    """Decoded images, uint8 ``(n, height, width, channels)``.

    Args:
        count: number of images.
        image_format: their decoded size and mode.
        disk_path: a ``.npy`` file to memmap instead of holding the images in memory.
            Defaults to `None` (memory).
    """

    def __init__(self, count: int, image_format: ImageFormat, disk_path: Path | None = None):
        shape = (count, *image_format.shape)
        self.disk_path = disk_path
        self.complete_on_disk = bool(disk_path and disk_path.is_file())
        if self.complete_on_disk:
            self.array = np.load(disk_path, mmap_mode="r")
            if self.array.shape != shape or self.array.dtype != np.uint8:
                self.complete_on_disk = False
        if not self.complete_on_disk:
            if disk_path is None:
                self.array = np.empty(shape, dtype=np.uint8)
            else:
                disk_path.parent.mkdir(parents=True, exist_ok=True)
                self.array = np.lib.format.open_memmap(_partial(disk_path), mode="w+",
                                                       dtype=np.uint8, shape=shape)

    @property
    def store(self) -> str:
        """``memory`` or ``disk``."""
        return "memory" if self.disk_path is None else "disk"

    def seal(self) -> None:
        """Publish a fully decoded on-disk cache under its key (atomically) for later runs."""
        if self.disk_path is None or self.complete_on_disk:
            return
        self.array.flush()
        os.replace(_partial(self.disk_path), self.disk_path)
        self.array = np.load(self.disk_path, mmap_mode="r")
        self.complete_on_disk = True

    def discard(self) -> None:
        """Drop an unfinished on-disk cache file."""
        if self.disk_path is not None and not self.complete_on_disk:
            del self.array
            Path(_partial(self.disk_path)).unlink(missing_ok=True)


def _partial(path: Path) -> str:
    return str(path.with_suffix(f".partial-{os.getpid()}.npy"))


@dataclass
class ImageSet:
    """Images named by files, indexed like a uint8 array of their decoded pixels.

    Args:
        files: one file per image.
        origins: where each file was named, for messages (``"train.csv, row 17"``).
        image_format: the decoded size and mode.
        names: each image's name as its data frame writes it (shown in predictions).
    """

    files: list[Path]
    origins: list[str]
    image_format: ImageFormat
    names: list[str]
    cache: ImageCache | None = field(default=None, repr=False)
    rows: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.rows is None:
            self.rows = np.arange(len(self.files))

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self), *self.image_format.shape)

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(np.uint8)

    @property
    def ndim(self) -> int:
        return 4

    def __getitem__(self, key) -> np.ndarray:
        if self.cache is None:
            raise RuntimeError("ImageSet read before fill().")
        return self.cache.array[self.rows[key]]

    def __array__(self, dtype=None, copy=None):
        array = self[:]
        return array if dtype is None else array.astype(dtype)

    def subset(self, keep: np.ndarray) -> "ImageSet":
        """The images at positions ``keep``, sharing this set's cache."""
        return ImageSet(self.files, self.origins, self.image_format, self.names, self.cache,
                        self.rows[np.asarray(keep, dtype=np.int64)])

    def name_of(self, positions) -> list[str]:
        """The names of the images at ``positions``."""
        return [self.names[int(row)] for row in np.atleast_1d(self.rows[positions])]

    def fill(self, *, cache: str = "auto", workers: int | None = None) -> list[tuple[int, str]]:
        """Decode every image once into the cache.

        Args:
            cache: ``memory``, ``disk`` or ``auto`` (memory when the decoded
                images take at most a quarter of the available memory). A
                complete disk cache for these files is reused under ``auto``
                and ``disk``. Defaults to `"auto"`.
            workers: decoding threads. Defaults to the number of CPUs.

        Returns:
            ``(position, reason)`` for each image that could not be decoded, in order.
            Their pixels are undefined: leave them out (:meth:`subset`) before reading.
        """
        count = len(self.files)
        nbytes = count * int(np.prod(self.image_format.shape))
        disk_path = cache_file(self.files, self.image_format)
        use_disk = cache == "disk" or (cache == "auto" and (
            disk_path.is_file() or nbytes > MEMORY_SHARE * available_memory()))
        self.cache = ImageCache(count, self.image_format, disk_path if use_disk else None)
        if self.cache.complete_on_disk:
            return []
        failures: dict[int, str] = {}
        workers = workers or os.cpu_count() or 1
        chunks = np.array_split(np.arange(count), max(1, min(count, workers * 8)))
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for chunk_failures in pool.map(self._decode_chunk, chunks):
                    failures.update(chunk_failures)
        except BaseException:
            self.cache.discard()
            raise
        if failures:
            decoded = self.cache
            if use_disk:  # keep the good rows readable without publishing the cache
                self.cache = ImageCache(count, self.image_format)
                self.cache.array[:] = decoded.array
            decoded.discard()
        else:
            self.cache.seal()
        positions = {int(row): index for index, row in enumerate(self.rows)}
        return [(positions[row], failures[row]) for row in sorted(failures) if row in positions]

    def _decode_chunk(self, chunk: np.ndarray) -> dict[int, str]:
        failures = {}
        for row in chunk:
            try:
                self._decode_into(int(row))
            except DataError as error:
                failures[int(row)] = str(error)
        return failures

    def _decode_into(self, row: int) -> None:
        path = self.files[row]
        try:
            self.cache.array[row] = decode_image(path, self.image_format)
        except FileNotFoundError:
            raise DataError(text("data.images.missing", origin=self.origins[row],
                                 path=path)) from None
        except (OSError, ValueError, SyntaxError) as error:  # Pillow's decoders raise all three
            raise DataError(text("data.images.undecodable", origin=self.origins[row], path=path,
                                 error=str(error).splitlines()[0][:200] or type(error).__name__)
                            ) from None


def cache_file(files: list[Path], image_format: ImageFormat) -> Path:
    """Where the on-disk cache of these files at this size lives: a hash of each file's
    path, size and modification time, of the target size and of the decoder's version."""
    from fourfold.datasets.resolve import cache_dir

    digest = hashlib.sha256(json.dumps(
        [DECODER_VERSION, list(image_format.shape)]).encode())
    for path in files:
        try:
            stat = os.stat(path)
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
    height, width, channels = image_format.shape
    return cache_dir() / "images" / f"{height}x{width}x{channels}-{digest.hexdigest()[:32]}.npy"


def available_memory() -> int:
    """Bytes of memory available now (``MemAvailable``), or the physical memory."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30
