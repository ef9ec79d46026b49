"""Read the inputs of `fourfold predict`: image files, IDX and NPZ batches, CSV rows,
Statoil-style radar JSON.

Each reader returns raw inputs in the training data's own form (uint8 images of
the training shape, float64 rows of the training columns) plus a name per input,
and checks shapes against the run's ``preprocess.json``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fourfold.datasets.image_folder import IMAGE_SUFFIXES, visible
from fourfold.errors import DataError
from fourfold.messages import text

TABLE_SUFFIXES = {".csv", ".txt"}


@dataclass
class Inputs:
    """What `predict` read: raw inputs, a name per row, notes for the user, and for radar
    JSON the side features (incidence angle) and the rows' ids, in input order."""

    x: np.ndarray
    names: list[str]
    notes: list[str] = field(default_factory=list)
    side: np.ndarray | None = None
    ids: list[str] | None = None

    def __iter__(self):  # (x, names, notes), as the image and table readers give
        return iter((self.x, self.names, self.notes))


def read_inputs(paths: list[Path], record: dict, *, image_root: Path | None = None) -> Inputs:
    """Read every input for a run whose ``preprocess.json`` is ``record``.

    ``image_root`` is the folder the photo paths in a CSV are relative to
    (default: the CSV's own folder).

    Returns:
        The :class:`Inputs`, stacked over the files in the order given.

    Raises:
        DataError: naming the file that cannot be read or has the wrong shape; a FIFO,
            socket, device or loop of links is refused before any reader opens it
            (opening a FIFO can block forever).
    """
    from fourfold.datasets.images import check_regular_file
    from fourfold.datasets.kinds import get_kind

    paths = [Path(path) for path in paths]
    kind = get_kind(record["input"]["kind"])
    for path in paths:
        if path.is_dir() and kind.pictures:
            continue
        if not os.path.lexists(path) or path.is_dir():
            raise DataError(text("predict.no_such_file", path=path))
        check_regular_file(path)
    return kind.read_inputs(paths, record, image_root=image_root)


def read_images(paths: list[Path], record: dict, *, image_root: Path | None = None) -> Inputs:
    """Pictures: image files, folders of them and CSVs of photo paths for a photo run;
    image files, IDX and NPZ batches for an array run (MNIST)."""
    if _photos(record) and all(path.is_dir() or _is_image(path) or _is_table(path)
                               for path in paths):
        return _read_photos(paths, record, image_root)
    return _stacked(_folders_opened(paths), record, _read_picture_file)


def _folders_opened(paths: list[Path]) -> list[Path]:
    """``paths`` with each folder replaced by the image files inside it (sorted), so that an
    array run (MNIST) reads a folder of PNGs as it reads the PNGs named one by one."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = _folder_images(path)
        if not found:
            raise DataError(text("predict.empty_folder", path=path))
        files += found
    return files


def read_rows(paths: list[Path], record: dict, *, image_root: Path | None = None) -> Inputs:
    """Rows of numbers: CSV files with the training columns (Boston)."""
    return _stacked(paths, record, _read_row_file)


def _stacked(paths: list[Path], record: dict, read_file) -> Inputs:
    """Each file's rows read by ``read_file`` as the training arrays were, stacked in the
    order given."""
    arrays, names, notes = [], [], []
    for path in paths:
        array, note = read_file(path, record)
        arrays.append(array)
        names.extend([str(path)] if len(array) == 1 and _is_image(path)
                     else [f"{path}#{row}" for row in range(len(array))])
        notes.extend(note)
    return Inputs(np.concatenate(arrays), names, notes)


def read_radar(paths: list[Path], record: dict, *, image_root: Path | None = None) -> Inputs:
    """Statoil/C-CORE JSON files: bands, incidence angle (side feature) and ids."""
    from fourfold.datasets.iceberg_json import read_iceberg_json

    bands, angles, ids = [], [], []
    for path in paths:
        if path.suffix.lower() != ".json":
            raise DataError(text("predict.unsupported_input", path=path, kind="radar",
                                 expected=text("kinds.accepts.radar")))
        rows = read_iceberg_json(path, labelled=False)
        bands.append(_check_shape(path, rows.bands, tuple(record["input"]["shape"])))
        angles.append(rows.inc_angle.reshape(-1, 1))
        ids.extend(rows.ids)
    return Inputs(np.concatenate(bands), list(ids), [], np.concatenate(angles), list(ids))


def read_frames(paths: list[Path], record: dict, *, image_root: Path | None = None) -> Inputs:
    """Rows of tables for a run on a user's table: the training columns matched by name
    (extra columns left out and named in a note; a missing one is an error)."""
    import pandas as pd

    from fourfold.datasets.table import conform
    from fourfold.datasets.table_file import is_table_file, read_table

    kinds = record["scaler"]["kinds"]
    known = {*kinds, *_target_columns(record["input"])}
    frames, names, notes = [], [], []
    for path in paths:
        if not is_table_file(path):
            raise DataError(text("predict.unsupported_input", path=path, kind="table",
                                 expected=text("kinds.accepts.frame", columns=", ".join(kinds))))
        frame = read_table(path)
        extra = [name for name in frame.columns if name not in known]
        if extra:
            notes.append(text("data.table.predict_extra_columns", path=path,
                              columns=", ".join(extra)))
        frames.append(conform(frame, kinds, path))
        names.extend(f"{path}#{row}" for row in range(len(frame)))
    return Inputs(pd.concat(frames, ignore_index=True), names, notes)


def _photos(record: dict) -> bool:
    """Whether the run was trained on photos listed in CSVs (apparel, a user's own)."""
    return bool(record["input"].get("image_column"))


def _read_photos(paths: list[Path], record: dict, image_root: Path | None) -> Inputs:
    """Photos given one by one, as folders (every image inside, sorted), or as CSV files
    whose image column holds paths relative to the CSV's folder; decoded in parallel as
    in training."""
    from fourfold.datasets.image_table import image_paths, read_image_csv
    from fourfold.datasets.images import ImageFormat, ImageSet

    files, origins, names = [], [], []
    for path in paths:
        if path.is_dir():
            found = _folder_images(path)
            if not found:
                raise DataError(text("predict.empty_folder", path=path))
            files += found
            origins += [str(item) for item in found]
            names += [str(item) for item in found]
        elif _is_table(path):
            column = record["input"]["image_column"]
            values = read_image_csv(path, [column])[column].tolist()
            root = Path(image_root) if image_root is not None else path.parent
            found, named_at, bad = image_paths(path, values, root)
            if bad:
                raise DataError(bad[min(bad)])
            files += found
            origins += named_at
            names += values
        else:
            files.append(path)
            origins.append(str(path))
            names.append(str(path))
    height, width, channels = record["input"]["shape"]
    images = ImageSet(files, origins, ImageFormat(height, width, channels), names)
    failures = images.fill(cache="memory")
    if failures:
        raise DataError(failures[0][1])
    animated = images.animated()
    notes = [text("data.decode.animated", count=len(animated), first=files[animated[0]])
             ] if animated else []
    return Inputs(images[:], names, notes)


def _folder_images(folder: Path) -> list[Path]:
    """Every visible file with an image suffix inside ``folder``, sorted. Links to folders
    are not followed (a link to a parent would never end); special files with an image
    suffix are listed, so that decoding refuses them by name."""
    found = []
    for directory, subfolders, names in os.walk(folder):
        subfolders.sort()
        for name in names:
            item = Path(directory) / name
            if _is_image(item) and visible(item, folder):
                found.append(item)
    return sorted(found)


def _is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def _read_picture_file(path: Path, record: dict) -> tuple[np.ndarray, list[str]]:
    """One image, IDX or NPZ file as uint8 pictures of the training shape."""
    shape = tuple(record["input"]["shape"])
    if _is_image(path):
        return _read_image(path, shape, record["input"].get("background"))
    if path.suffix == ".npz":
        return _check_shape(path, _read_npz(path), shape), []
    if _looks_like_idx(path):
        from fourfold.datasets.idx import read_idx

        return _check_shape(path, read_idx(path), shape), []
    raise DataError(text("predict.unsupported_input", path=path, kind="image",
                         expected=text("kinds.accepts.image")))


def _read_row_file(path: Path, record: dict) -> tuple[np.ndarray, list[str]]:
    """One CSV file of the training columns as float64 rows."""
    if _is_table(path):
        return _check_shape(path, _read_table(path, record["input"]),
                            tuple(record["input"]["shape"])), []
    expected = text("data.csv.predict_expected",
                    columns=", ".join(record["input"].get("feature_names") or []) or "-")
    raise DataError(text("predict.unsupported_input", path=path, kind="table", expected=expected))


def _is_table(path: Path) -> bool:
    return Path(path.name.lower().removesuffix(".gz")).suffix in TABLE_SUFFIXES


def _read_table(path: Path, input_record: dict) -> np.ndarray:
    """The rows of a CSV, as float64 in the training columns' order; a target column is dropped."""
    from fourfold.datasets.tabular import read_numeric_csv

    frame = read_numeric_csv(path, required_columns=input_record.get("feature_names"),
                             ignored_columns=_target_columns(input_record))
    return frame.to_numpy(dtype=np.float64)


def _target_columns(input_record: dict) -> list[str]:
    """Columns an input CSV may carry besides the features (ignored): the run's targets."""
    return list(input_record.get("target_names") or [])


def _looks_like_idx(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return "idx" in name or "ubyte" in name or path.suffix.lower() in {".idx", ".gz"}


def _read_image(path: Path, shape: tuple[int, ...], background: str | None
                ) -> tuple[np.ndarray, list[str]]:
    from fourfold.datasets.images import ImageFormat, read_image

    grey = len(shape) == 2 or shape[-1] == 1
    decoded = read_image(path, ImageFormat(shape[0], shape[1], 1 if grey else 3))
    array = decoded.pixels.reshape(shape)
    notes = [text("data.decode.animated", count=1, first=path)] if decoded.animated else []
    if background == "dark" and grey and float(np.mean(_border(array))) >= 128:
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
        raise DataError(text("predict.unreadable_npz", path=path, error=error)) from None
    raise DataError(text("predict.npz_keys", path=path, keys=", ".join(keys)))


def _check_shape(path: Path, array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    if tuple(array.shape[1:]) == shape:
        return array
    if array.ndim == 2 and array.shape[1] == int(np.prod(shape)):
        return array.reshape((-1, *shape))
    raise DataError(text("predict.bad_shape", path=path, expected=f"(n, {', '.join(map(str, shape))})",
                         received=tuple(array.shape)))
