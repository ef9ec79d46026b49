"""Photos named in a data frame, decoded once per run into a uint8 cache.

An :class:`ImageSet` behaves like a read-only uint8 array of shape
``(n, height, width, channels)``: indexing it returns decoded, resized images.
:meth:`ImageSet.fill` decodes every file once, in parallel threads (Pillow
releases the GIL while it decodes and resizes), into an :class:`ImageCache`:
a NumPy array in memory when it fits, else an on-disk memmap in the user cache
keyed by the files (path, size, modification time) and the target size, which
a later run with the same files reads instead of decoding again. A disk cache is
published with a completeness marker (its shape, size and CRC-32); one that does
not match its marker is rebuilt, with a one-line warning.

:func:`decode_image` is the one place images are decoded (training, photo folders
and ``predict``). Every picture Pillow opens is decoded to 8 bits the same way:

- 16-bit greyscale (``I;16``, ``I;16B``, ...) is divided by 257 (0..65535 -> 0..255);
  32-bit integer greyscale (``I``) is scaled by its format's range: a TIFF's bits per
  sample (signed: 2**31 - 1 for 32 bits), else 0..65535 (what Pillow gives for 16-bit
  PGM/PPM files); float greyscale (``F``) in 0..1 is multiplied by 255. Values outside
  the format's range (negative integers, floats outside 0..1, NaN) are refused naming
  the file: fourfold never stretches an image by its own minimum and maximum.
- 1-bit is 0 or 255; palettes are expanded (their transparency kept as alpha);
  CMYK, YCbCr, LAB and HSV are converted to RGB (Pillow's conversions). A CMYK JPEG
  with Adobe's APP14 marker stores inverted values, one without it plain values.
- Alpha (``LA``, ``RGBA``, ``PA``, transparent palettes) is composited on white, as
  a picture with a transparent background looks on a page.
- The EXIF orientation is applied (``ImageOps.exif_transpose``).
- Animated or multi-page images give their first frame; the run's notes count them.

Files are refused by name (:class:`~fourfold.errors.DataError`) before anything can
hang or exhaust memory: special files (FIFOs, sockets, devices) are refused before
they are opened, folders, link loops, unreadable, empty or over-large files
(:data:`MAX_FILE_BYTES`) and images over :data:`MAX_PIXELS` are refused, truncated
images are never completed, and a file whose size, modification time or identity
changes while it is read is refused.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import re
import stat
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fourfold import stages
from fourfold.errors import DataError
from fourfold.messages import text

logger = logging.getLogger(__name__)

#: Bump when decoding changes (resampling filter, colour conversion): old disk caches
#: then stop matching.
DECODER_VERSION = 2
#: Share of the available memory an in-memory cache may take under ``cache: auto``.
MEMORY_SHARE = 0.25
#: Largest picture decoded, in pixels (2**26, about 67 megapixels: more than most
#: cameras' photos). Pillow's own decompression-bomb limit is set to it.
MAX_PIXELS = 1 << 26
#: Largest image file read, in bytes (256 MiB: an uncompressed RGB picture of
#: :data:`MAX_PIXELS` fits). A file is read whole into memory, never past this bound.
MAX_FILE_BYTES = 256 << 20
#: Pillow formats never opened: reading EPS runs Ghostscript, an outside program.
UNSAFE_FORMATS = frozenset({"EPS"})
#: Pillow modes carrying an alpha channel, composited on white.
ALPHA_MODES = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})
#: Colour modes Pillow converts to RGB itself.
COLOUR_MODES = frozenset({"CMYK", "YCbCr", "LAB", "HSV", "RGBX"})
_SPECIAL_KINDS = ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"),
                  (stat.S_ISCHR, "char_device"), (stat.S_ISBLK, "block_device"))
_CHECKSUM_CHUNK = 64 << 20


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


@dataclass(frozen=True)
class DecodedImage:
    """One decoded image.

    Args:
        pixels: uint8 ``(height, width, channels)``.
        animated: whether the file held several frames or pages (the first is used).
    """

    pixels: np.ndarray
    animated: bool = False


def decode_image(path: Path, image_format: ImageFormat, *, origin: str | None = None
                 ) -> np.ndarray:
    """One image file as uint8 ``(height, width, channels)``: see :func:`read_image`."""
    return read_image(path, image_format, origin=origin).pixels


def read_image(path: Path, image_format: ImageFormat, *, origin: str | None = None
               ) -> DecodedImage:
    """Decode one image file to the format's size and colour mode (bilinear,
    antialiased resizing when its size differs), as the module's docstring lists.
    Training, photo folders and ``predict`` all decode through this function, so they
    see the same pixels.

    Args:
        path: the image file.
        image_format: the size and mode to decode to.
        origin: where the file was named (``"train.csv, row 3 (line 4)"``), put before
            the path in messages. Defaults to `None` (the path alone).

    Returns:
        The :class:`DecodedImage`.

    Raises:
        DataError: naming the file (and ``origin``) when it is not a regular, readable,
            complete image within the limits, or changed while it was read.
    """
    from PIL import Image

    _configure_pillow()
    name = image_name(path, origin)
    data, before = _read_bytes(path, name)
    try:
        with Image.open(io.BytesIO(data), formats=_formats()) as image:
            decoded = _decode_opened(image, image_format, name)
    except DataError:
        raise
    except Image.DecompressionBombError as error:
        found = re.search(r"\((\d+) pixels\)", str(error))
        raise DataError(text("data.decode.bomb", file=name, limit=MAX_PIXELS,
                             pixels=int(found.group(1)) if found else 2 * MAX_PIXELS)) from None
    except Image.UnidentifiedImageError:
        raise DataError(text("data.decode.not_image", file=name,
                             error="Pillow cannot identify its format")) from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError) as error:
        # Pillow's decoders raise all of these on damaged data
        raise DataError(text("data.decode.damaged", file=name, error=_first_line(error))
                        ) from None
    _check_unchanged(path, before, name)
    return decoded


def image_name(path: Path, origin: str | None = None) -> str:
    """How messages name an image file: ``origin: path``, or the path alone."""
    if not origin or origin == str(path):
        return str(path)
    return text("data.decode.named", origin=origin, path=path)


def check_regular_file(path: Path, name: str | None = None) -> os.stat_result:
    """The file's status, when ``path`` is (or links to) a regular file.

    Checked before the file is opened: opening a FIFO can block forever.

    Raises:
        DataError: naming the file that is missing, a broken link or a loop of links,
            a folder, a FIFO, socket or device, or whose status cannot be read.
    """
    name = name or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise DataError(text("data.decode.broken_link", file=name,
                                 target=os.readlink(path))) from None
        raise DataError(text("data.decode.missing", file=name)) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DataError(text("data.decode.link_loop", file=name)) from None
        raise DataError(text("data.decode.unreadable", file=name,
                             error=error.strerror or error)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(text("data.decode.folder", file=name))
    if not stat.S_ISREG(info.st_mode):
        kind = next((kind for test, kind in _SPECIAL_KINDS if test(info.st_mode)), "other")
        raise DataError(text("data.decode.special", file=name,
                             kind=text(f"data.decode.kind.{kind}")))
    return info


def probe_image(path: Path) -> tuple[tuple[int, int], str] | None:
    """The ``(width, height)`` and Pillow mode from an image file's header, or `None`
    when the file is not a regular, readable image (decoding names it later). Reads
    the header only, from a regular file (never a FIFO)."""
    from PIL import Image

    _configure_pillow()
    try:
        check_regular_file(path)
        with _open_regular(path, str(path)) as file, \
                Image.open(file, formats=_formats()) as image:
            return image.size, image.mode
    except (DataError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return None


def _configure_pillow() -> None:
    """Pillow's global limits as fourfold needs them, set explicitly on each decode: the
    decompression-bomb limit at :data:`MAX_PIXELS` (its warning silenced: every image
    over the limit is refused here anyway), and truncated images never completed."""
    import warnings

    from PIL import Image, ImageFile

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    if not any(entry[0] == "ignore" and entry[2] is Image.DecompressionBombWarning
               for entry in warnings.filters):
        warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def _formats() -> list[str]:
    from PIL import Image

    Image.init()
    return [name for name in Image.OPEN if name not in UNSAFE_FORMATS]


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [""])[0][:200] or type(error).__name__


@contextmanager
def _open_regular(path: Path, name: str, info: os.stat_result | None = None):
    """A regular file opened for reading without blocking, checked again once open (a
    FIFO swapped in after :func:`check_regular_file` is refused, not waited on)."""
    info = info or check_regular_file(path, name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DataError(text("data.decode.link_loop", file=name)) from None
        raise DataError(text("data.decode.unreadable", file=name,
                             error=error.strerror or error)) from None
    with os.fdopen(descriptor, "rb") as file:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode) or _identity(opened) != _identity(info):
            raise DataError(text("data.decode.replaced", file=name))
        yield file


def _identity(info: os.stat_result) -> tuple[int, int]:
    return (info.st_dev, info.st_ino)


def _read_bytes(path: Path, name: str) -> tuple[bytes, os.stat_result]:
    """The whole file, read once and never past :data:`MAX_FILE_BYTES`, and its status."""
    info = check_regular_file(path, name)
    if info.st_size == 0:
        raise DataError(text("data.decode.empty", file=name))
    if info.st_size > MAX_FILE_BYTES:
        raise DataError(text("data.decode.too_large", file=name, size=info.st_size,
                             limit=MAX_FILE_BYTES))
    with _open_regular(path, name, info) as file:
        try:
            data = file.read(info.st_size + 1)
        except OSError as error:
            raise DataError(text("data.decode.unreadable", file=name,
                                 error=error.strerror or error)) from None
    if len(data) != info.st_size:
        raise DataError(text("data.decode.changed", file=name, before=info.st_size,
                             after=len(data), changed_time=_changed_time(info, info)))
    return data, info


def _check_unchanged(path: Path, before: os.stat_result, name: str) -> None:
    """Refuse a file whose size, modification time or identity changed since it was read."""
    try:
        after = os.stat(path)
    except OSError:
        raise DataError(text("data.decode.replaced", file=name)) from None
    if _identity(after) != _identity(before):
        raise DataError(text("data.decode.replaced", file=name))
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise DataError(text("data.decode.changed", file=name, before=before.st_size,
                             after=after.st_size, changed_time=_changed_time(before, after)))


def _changed_time(before: os.stat_result, after: os.stat_result) -> str:
    from datetime import datetime

    def stamp(info):
        return datetime.fromtimestamp(info.st_mtime_ns / 1e9).isoformat(timespec="microseconds")

    first, second = stamp(before), stamp(after)
    return first if first == second else f"{first} -> {second}"


def _decode_opened(image, image_format: ImageFormat, name: str) -> DecodedImage:
    """An opened image's first frame as uint8 pixels of the format."""
    from PIL import Image, ImageChops, ImageOps

    width, height = image.size
    if width == 0 or height == 0:
        raise DataError(text("data.decode.zero_size", file=name, width=width, height=height))
    if width * height > MAX_PIXELS:
        raise DataError(text("data.decode.bomb", file=name, pixels=width * height,
                             limit=MAX_PIXELS))
    animated = bool(getattr(image, "is_animated", False))
    if animated:
        image.seek(0)
    if image.format == "JPEG" and image.mode in ("RGB", "L"):
        side = max(image_format.height, image_format.width)  # either way round after EXIF
        image.draft(image_format.mode, (side, side))  # decode at a reduced scale when it can
    image.load()
    top = _integer_top(image)  # read from the file's tags, which transposing drops
    if image.format == "JPEG" and image.mode == "CMYK" and "adobe" not in image.info:
        image = ImageChops.invert(image)  # Pillow reads every CMYK JPEG as Adobe's, inverted
    image = _eight_bit(ImageOps.exif_transpose(image), name, top)
    try:
        image = image.convert(image_format.mode)
    except ValueError as error:
        raise DataError(text("data.decode.unsupported_mode", file=name, mode=image.mode,
                             target=image_format.mode, error=_first_line(error))) from None
    size = (image_format.width, image_format.height)
    if image.size != size:
        image = image.resize(size, Image.Resampling.BILINEAR)
    pixels = np.asarray(image, dtype=np.uint8).reshape(image_format.shape)
    return DecodedImage(pixels, animated)


def _eight_bit(image, name: str, top: int):
    """The image as 8-bit ``L`` or ``RGB``, each mode read as the module's docstring says;
    ``top`` is the largest value of an integer greyscale image's format."""
    from PIL import Image

    mode = image.mode
    if mode in ("L", "RGB"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode == "P":
        return _eight_bit(image.convert("RGBA" if "transparency" in image.info else "RGB"),
                          name, top)
    if mode in ALPHA_MODES:
        layer = image.convert("RGBA")
        white = Image.new("RGBA", layer.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, layer).convert("RGB")
    if mode == "F":
        return _scaled_float(np.asarray(image, dtype=np.float64), name)
    if mode == "I" or mode.startswith("I;16"):
        return _scaled_integer(np.asarray(image), top, name)
    try:
        return image.convert("RGB")
    except ValueError as error:
        raise DataError(text("data.decode.unsupported_mode", file=name, mode=mode, target="RGB",
                             error=_first_line(error))) from None


def _integer_top(image) -> int:
    """The largest value of an integer greyscale image's format: 65535 for 16-bit modes;
    for mode ``I`` a TIFF's bits per sample (one bit fewer when signed), else 65535
    (Pillow reads 16-bit PGM/PPM samples as ``I``)."""
    if image.mode.startswith("I;16"):
        return 65535
    tags = getattr(image, "tag_v2", None)
    if image.format == "TIFF" and tags is not None:
        bits, sample_format = tags.get(258, 32), tags.get(339, 1)
        bits = int(bits[0] if isinstance(bits, tuple) else bits)
        signed = int(sample_format[0] if isinstance(sample_format, tuple) else sample_format) == 2
        return 2 ** (bits - signed) - 1
    return 65535


def _scaled_integer(values: np.ndarray, top: int, name: str):
    """Integer greyscale in ``0..top`` as 8-bit ``L`` (``round(v * 255 / top)``)."""
    from PIL import Image

    low, high = int(values.min()), int(values.max())
    if low < 0 or high > top:
        raise DataError(text("data.decode.integer_range", file=name, low=low, high=high, top=top))
    return Image.fromarray(np.rint(values.astype(np.float64) * (255 / top)).astype(np.uint8))


def _scaled_float(values: np.ndarray, name: str):
    """Float greyscale in 0..1 as 8-bit ``L`` (``round(v * 255)``); other values refused."""
    from PIL import Image

    if not np.isfinite(values).all():
        raise DataError(text("data.decode.not_finite", file=name))
    low, high = float(values.min()), float(values.max())
    if low < 0.0 or high > 1.0:
        raise DataError(text("data.decode.float_range", file=name, low=f"{low:g}",
                             high=f"{high:g}"))
    return Image.fromarray(np.rint(values * 255.0).astype(np.uint8))


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


class CacheDamage(Exception):
    """Why an on-disk cache cannot be used (a message of the catalogue)."""


class ImageCache:
    """Decoded images, uint8 ``(n, height, width, channels)``.

    An on-disk cache is complete only beside its marker (``<name>.json``: shape, dtype,
    size in bytes, CRC-32 of the pixels, the animated rows), written after the pixels.
    A cache file that does not match its marker (truncated, garbled, of another shape,
    without a marker) is removed and rebuilt, with a one-line warning (:attr:`problem`).

    Args:
        count: number of images.
        image_format: their decoded size and mode.
        disk_path: a ``.npy`` file to memmap instead of holding the images in memory.
            Defaults to `None` (memory).
    """

    def __init__(self, count: int, image_format: ImageFormat, disk_path: Path | None = None):
        shape = (count, *image_format.shape)
        self.disk_path = disk_path
        self.complete_on_disk = False
        self.problem: str | None = None
        self.animated: list[int] = []
        if disk_path is not None and (disk_path.exists() or marker_path(disk_path).exists()):
            try:
                self.array, self.animated = read_sealed(disk_path, shape)
                self.complete_on_disk = True
            except CacheDamage as damage:
                self.problem = text("data.decode.cache_damaged", path=disk_path, problem=damage)
                logger.warning(self.problem)
                for stale in (disk_path, marker_path(disk_path)):
                    stale.unlink(missing_ok=True)
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
        """Publish a fully decoded on-disk cache under its key (atomically) for later runs:
        the pixels first, then the marker that makes them complete."""
        if self.disk_path is None or self.complete_on_disk:
            return
        self.array.flush()
        partial = _partial(self.disk_path)
        marker = {"decoder": DECODER_VERSION, "shape": list(self.array.shape), "dtype": "uint8",
                  "bytes": os.path.getsize(partial), "crc32": _checksum(self.array),
                  "animated": sorted(self.animated)}
        del self.array
        os.replace(partial, self.disk_path)
        marker_file = marker_path(self.disk_path)
        temporary = marker_file.with_suffix(f".partial-{os.getpid()}.json")
        temporary.write_text(json.dumps(marker))
        os.replace(temporary, marker_file)
        self.array = np.load(self.disk_path, mmap_mode="r")
        self.complete_on_disk = True

    def discard(self) -> None:
        """Drop an unfinished on-disk cache file."""
        if self.disk_path is not None and not self.complete_on_disk:
            del self.array
            Path(_partial(self.disk_path)).unlink(missing_ok=True)


def marker_path(path: Path) -> Path:
    """The completeness marker of the on-disk cache ``path``."""
    return Path(path).with_suffix(".json")


def read_sealed(path: Path, shape: tuple[int, ...]) -> tuple[np.ndarray, list[int]]:
    """A complete on-disk cache, memory-mapped read-only, and its animated rows.

    Raises:
        CacheDamage: the marker is missing or unreadable, or the file's size, header,
            shape, dtype or CRC-32 differ from it.
    """
    marker_file = marker_path(path)
    if not marker_file.is_file():
        raise CacheDamage(text("data.decode.cache.no_marker"))
    try:
        marker = json.loads(marker_file.read_text())
        expected_bytes, crc = int(marker["bytes"]), int(marker["crc32"])
        animated = [int(row) for row in marker.get("animated", [])]
        recorded = (list(marker["shape"]), marker["dtype"], marker["decoder"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        raise CacheDamage(text("data.decode.cache.bad_marker", marker=marker_file)) from None
    expected = (list(shape), "uint8", DECODER_VERSION)
    if recorded != expected:
        raise CacheDamage(text("data.decode.cache.shape", found=_described(*recorded[:2]),
                               expected=_described(*expected[:2])))
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise CacheDamage(text("data.decode.cache.header", error=error)) from None
    if size != expected_bytes:
        raise CacheDamage(text("data.decode.cache.size", size=size, expected=expected_bytes))
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except Exception as error:  # noqa: BLE001 (a garbled header fails NumPy's parser in many ways)
        raise CacheDamage(text("data.decode.cache.header", error=_first_line(error))) from None
    if array.shape != tuple(shape) or array.dtype != np.uint8:
        raise CacheDamage(text("data.decode.cache.shape",
                               found=_described(array.shape, array.dtype),
                               expected=_described(shape, "uint8")))
    if _checksum(array) != crc:
        raise CacheDamage(text("data.decode.cache.checksum"))
    return array, animated


def _described(shape, dtype) -> str:
    return f"{dtype} {tuple(shape)}"


def _checksum(array: np.ndarray) -> int:
    """CRC-32 of the pixels, in chunks (a memmap is read page by page: ~0.15 s per 400 MB)."""
    flat = array.reshape(-1)
    crc = 0
    for start in range(0, flat.size, _CHECKSUM_CHUNK):
        crc = zlib.crc32(np.ascontiguousarray(flat[start:start + _CHECKSUM_CHUNK]), crc)
    return crc


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

    def animated(self) -> list[int]:
        """Positions of the images whose file held several frames (the first was used)."""
        rows = set(self.cache.animated) if self.cache is not None else set()
        return [position for position, row in enumerate(self.rows) if int(row) in rows]

    def fill(self, *, cache: str = "auto", workers: int | None = None) -> list[tuple[int, str]]:
        """Decode every image once into the cache.

        Args:
            cache: ``memory``, ``disk`` or ``auto`` (memory when the decoded
                images take at most a quarter of the available memory). A
                complete disk cache for these files is reused under ``auto``
                and ``disk``; a damaged one is rebuilt. Defaults to `"auto"`.
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
        try:  # shown as a stage with a count, rate and ETA when a display is active
            with stages.stage(text("progress.decoding"), total=count,
                              unit=text("progress.unit.photos")), \
                    ThreadPoolExecutor(max_workers=workers) as pool:
                for chunk, chunk_failures in zip(chunks, pool.map(self._decode_chunk, chunks)):
                    failures.update(chunk_failures)
                    stages.update(advance=len(chunk))
        except BaseException:
            self.cache.discard()
            raise
        if failures:
            decoded = self.cache
            if use_disk:  # keep the good rows readable without publishing the cache
                self.cache = ImageCache(count, self.image_format)
                self.cache.array[:] = decoded.array
                self.cache.animated, self.cache.problem = decoded.animated, decoded.problem
            decoded.discard()
        else:
            self.cache.seal()
        positions = {int(row): index for index, row in enumerate(self.rows)}
        return [(positions[row], failures[row]) for row in sorted(failures) if row in positions]

    def _decode_chunk(self, chunk: np.ndarray) -> dict[int, str]:
        failures = {}
        for row in chunk:
            row = int(row)
            try:
                decoded = read_image(self.files[row], self.image_format, origin=self.origins[row])
            except DataError as error:
                failures[row] = str(error)
                continue
            self.cache.array[row] = decoded.pixels
            if decoded.animated:
                self.cache.animated.append(row)
        return failures


def cache_file(files: list[Path], image_format: ImageFormat) -> Path:
    """Where the on-disk cache of these files at this size lives: a hash of each file's
    path, size and modification time, of the target size and of the decoder's version."""
    from fourfold.datasets.resolve import cache_dir

    digest = hashlib.sha256(json.dumps(
        [DECODER_VERSION, list(image_format.shape)]).encode())
    for path in files:
        try:
            info = os.stat(path)
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
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
