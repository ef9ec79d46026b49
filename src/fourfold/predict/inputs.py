"""Read the inputs of `fourfold predict`: image files, IDX and NPZ batches.

Each reader returns raw inputs in the training data's own form (uint8 images of
the training shape) plus a name per input, and checks shapes against the run's
``preprocess.json``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fourfold.errors import DataError
from fourfold.messages import text

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def read_inputs(paths: list[Path], record: dict) -> tuple[np.ndarray, list[str], list[str]]:
    """Read every input for a run whose ``preprocess.json`` is ``record``.

    Returns:
        ``(x_raw, names, notes)``: the stacked inputs, one name per row, and
        notes to show the user (such as an inverted image).

    Raises:
        DataError: naming the file that cannot be read or has the wrong shape.
    """
    arrays, names, notes = [], [], []
    for path in map(Path, paths):
        if not path.is_file():
            raise DataError(f"{path}: no such file.")
        array, note = _read_one(path, record)
        arrays.append(array)
        names.extend([str(path)] if len(array) == 1 and _is_image(path)
                     else [f"{path}#{row}" for row in range(len(array))])
        notes.extend(note)
    return np.concatenate(arrays), names, notes


def _is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def _read_one(path: Path, record: dict) -> tuple[np.ndarray, list[str]]:
    kind = record["input"]["kind"]
    shape = tuple(record["input"]["shape"])
    if kind == "image" and _is_image(path):
        return _read_image(path, shape, record["input"].get("background"))
    if kind == "image" and (path.suffix == ".npz"):
        return _check_shape(path, _read_npz(path), shape), []
    if kind == "image" and _looks_like_idx(path):
        from fourfold.datasets.idx import read_idx

        return _check_shape(path, read_idx(path), shape), []
    expected = "an image (PNG, JPEG, ...), an IDX file or an NPZ file" if kind == "image" else kind
    raise DataError(text("predict.unsupported_input", path=path, kind=kind, expected=expected))


def _looks_like_idx(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return "idx" in name or "ubyte" in name or path.suffix.lower() in {".idx", ".gz"}


def _read_image(path: Path, shape: tuple[int, ...], background: str | None
                ) -> tuple[np.ndarray, list[str]]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            mode = "L" if len(shape) == 2 or shape[-1] == 1 else "RGB"
            image = image.convert(mode)
            height, width = shape[0], shape[1]
            if image.size != (width, height):
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            array = np.asarray(image, dtype=np.uint8)
    except (UnidentifiedImageError, OSError) as error:
        raise DataError(f"{path}: not a readable image ({error}).") from None
    notes = []
    if background == "dark" and mode == "L" and float(np.mean(_border(array))) >= 128:
        array = 255 - array
        notes.append(text("predict.inverted", path=path))
    return array.reshape((1, *shape)), notes


def _border(array: np.ndarray) -> np.ndarray:
    return np.concatenate([array[0], array[-1], array[:, 0], array[:, -1]])


def _read_npz(path: Path) -> np.ndarray:
    try:
        with np.load(path, allow_pickle=False) as archive:
            keys = list(archive.keys())
            for key in ("x", "x_test", "images"):
                if key in archive:
                    return archive[key]
            if len(keys) == 1:
                return archive[keys[0]]
    except (ValueError, OSError) as error:
        raise DataError(f"{path}: not a readable NPZ file ({error}).") from None
    raise DataError(f"{path}: found arrays {keys}; name the inputs 'x' (or keep a single array).")


def _check_shape(path: Path, array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    if tuple(array.shape[1:]) == shape:
        return array
    if array.ndim == 2 and array.shape[1] == int(np.prod(shape)):
        return array.reshape((-1, *shape))
    raise DataError(text("predict.bad_shape", path=path, expected=f"(n, {', '.join(map(str, shape))})",
                         received=tuple(array.shape)))
