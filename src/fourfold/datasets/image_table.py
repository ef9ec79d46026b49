"""Photos listed in CSV files, one row per photo: a path column and 0/1 label columns.

The apparel data set (``apparel/csv_data/colorinfo/{train,val,test}_color.csv``,
Windows-style paths relative to ``apparel/``) and users' own data
(``dataset.images`` in a recipe) load through :func:`load_image_table`: the
training and validation CSVs become the training part (the validation rows
are recorded for ``split.method: published``), the test CSV the test part.
Images are decoded once into a uint8 cache (:mod:`fourfold.datasets.images`);
a path that leaves the data folder, a missing file, a special file (FIFO, device),
a folder, a damaged, over-large or changing image stops the load naming the CSV
row and the file, unless ``dataset.skip_bad_rows`` leaves such rows out (the
run's notes say how many, and name the first).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fourfold.datasets.base import LoadedData
from fourfold.datasets.images import ImageFormat, ImageSet, resolve_image_path
from fourfold.errors import DataError
from fourfold.messages import text

#: Decoded size when a recipe gives none (the textbook's 112x112).
DEFAULT_IMAGE_SIZE = (112, 112)


@dataclass(frozen=True)
class ImageTables:
    """The CSV files of a photo data set and how to read them.

    Args:
        train: CSV of the training photos.
        test: CSV of the test photos.
        validation: CSV of the validation photos, or `None`.
        root: the folder the paths in the CSVs are relative to.
        image_column: the column holding each photo's path.
        label_columns: the 0/1 label columns, in label order.
    """

    train: Path
    test: Path
    validation: Path | None
    root: Path
    image_column: str
    label_columns: tuple[str, ...]


def load_image_table(tables: ImageTables, config, *, source: str,
                     label_groups: dict[str, list[str]] | None = None,
                     notes: list[str] | None = None) -> LoadedData:
    """Read the CSVs, check every path, decode every photo once.

    Args:
        tables: the files and columns.
        config: the recipe's ``dataset`` section (image size, channels, cache,
            ``skip_bad_rows``).
        source: where the data came from, for reports.
        label_groups: groups of labels of which each photo has exactly one
            (apparel: colour, type). Defaults to `None`.
        notes: lines for the report about the data. Defaults to `None`.

    Returns:
        The :class:`LoadedData`: ``x_train``/``x_test`` are :class:`ImageSet`
        (uint8 ``(n, height, width, channels)`` when indexed), ``y_train``/
        ``y_test`` uint8 ``(n, labels)``; ``validation_rows`` index the
        validation CSV's rows in ``x_train``.

    Raises:
        DataError: naming the CSV (and row) that is missing, malformed, or
            names an image that cannot be used.
    """
    height, width = config.image_size or DEFAULT_IMAGE_SIZE
    image_format = ImageFormat(height, width, config.channels)
    notes = list(notes or [])
    train = _read_part(tables.train, tables)
    validation_rows = None
    if tables.validation is not None:
        validation = _read_part(tables.validation, tables)
        validation_rows = np.arange(len(train.labels), len(train.labels) + len(validation.labels))
        train = train.join(validation)
    test = _read_part(tables.test, tables)
    if label_groups:
        for part in (train, test):
            _check_groups(part, tables.label_columns, label_groups)
    x_train, y_train, kept = decode_rows(train, image_format, config, "train", notes)
    x_test, y_test, _ = decode_rows(test, image_format, config, "test", notes)
    if validation_rows is not None:
        validation_rows = np.flatnonzero(np.isin(kept, validation_rows))
    return LoadedData(x_train, y_train, x_test, y_test,
                      class_names=list(tables.label_columns), source=source,
                      input_kind="image", target_names=list(tables.label_columns), notes=notes,
                      image_column=tables.image_column,
                      validation_rows=validation_rows, label_groups=label_groups)


@dataclass
class ImageRows:
    """The rows of one or more CSVs: image files, where each was named, labels, bad paths."""

    files: list[Path]
    origins: list[str]
    names: list[str]
    labels: np.ndarray
    bad: dict[int, str]

    def join(self, other: "ImageRows") -> "ImageRows":
        offset = len(self.files)
        return ImageRows(self.files + other.files, self.origins + other.origins,
                     self.names + other.names, np.concatenate([self.labels, other.labels]),
                     {**self.bad, **{offset + row: reason for row, reason in other.bad.items()}})


@dataclass(frozen=True)
class BadPhotoWording:
    """The messages that stop at, or note, photos that cannot be used: CSV rows say
    "row", photo folders say "file"."""

    one: str = "data.images.bad_rows_one"
    more: str = "data.images.bad_rows_more"
    skipped: str = "data.images.skipped"
    nothing_left: str = "data.images.nothing_left"


ROW_WORDING = BadPhotoWording()


def decode_rows(rows: ImageRows, image_format: ImageFormat, config, part: str, notes: list[str],
                wording: BadPhotoWording = ROW_WORDING
                ) -> tuple[ImageSet, np.ndarray, np.ndarray]:
    """Decode the rows' images; stop at bad rows, or leave them out with a note.

    The notes also say when the photo cache was damaged and rebuilt, and how many
    photos were animated (their first frame is used).

    Raises:
        DataError: the first bad row's reason, naming its file (and CSV row), unless
            ``config.skip_bad_rows``; or no row is left.
    """
    images = ImageSet(rows.files, rows.origins, image_format, rows.names)
    bad = dict(rows.bad)
    for position, reason in images.fill(cache=config.cache):
        bad.setdefault(position, reason)
    if images.cache.problem:
        notes.append(images.cache.problem)
    keep = np.arange(len(images))
    if bad:
        first = bad[min(bad)]
        if not config.skip_bad_rows:
            key = wording.more if len(bad) > 1 else wording.one
            raise DataError(text(key, first=first, more=len(bad) - 1))
        keep = np.setdiff1d(keep, list(bad))
        if len(keep) == 0:
            raise DataError(text(wording.nothing_left, first=first, count=len(bad)))
        notes.append(text(wording.skipped, count=len(bad), total=len(images), part=part,
                          first=first))
        images = images.subset(keep)
    animated = images.animated()
    if animated:
        notes.append(text("data.decode.animated", count=len(animated),
                          first=images.files[int(images.rows[animated[0]])]))
    return images, rows.labels[keep], keep


def _read_part(path: Path, tables: ImageTables) -> ImageRows:
    """One CSV: its image files (not yet decoded), labels, and rows whose path is unusable."""
    frame = read_image_csv(path, [tables.image_column, *tables.label_columns])
    labels = _labels(path, frame, tables.label_columns)
    values = frame[tables.image_column].tolist()
    files, origins, bad = image_paths(path, values, tables.root)
    return ImageRows(files, origins, [value.replace("\\", "/") for value in values], labels, bad)


def image_paths(path: Path, values: list[str], root: Path
                ) -> tuple[list[Path], list[str], dict[int, str]]:
    """The files a CSV's path cells name, relative to ``root``; where each was named
    (``file.csv, row R (line L)``); and, by position, why a path is unusable (it leaves
    ``root``: its file is then a placeholder that never exists)."""
    files, origins, bad = [], [], {}
    for position, value in enumerate(values):
        origin = text("data.images.origin", path=path, row=position + 1, line=position + 2)
        resolved = resolve_image_path(value, root)
        if resolved is None:
            bad[position] = text("data.images.outside", origin=origin, value=repr(value),
                                 root=root)
            resolved = Path(root) / ".fourfold-outside-the-data-folder"
        files.append(resolved)
        origins.append(origin)
    return files, origins, bad


def read_image_csv(path: Path, required: list[str]):
    """A CSV of photos as strings, with the ``required`` columns and at least one row.

    Raises:
        DataError: the file cannot be read, lacks a column, or has no rows.
    """
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise DataError(text("data.csv.unreadable", path=path, error=error)) from None
    except pd.errors.EmptyDataError:
        raise DataError(text("data.images.empty_csv", path=path,
                             columns=", ".join(required))) from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise DataError(text("data.csv.missing_columns", path=path, missing=", ".join(missing),
                             line=1, expected=", ".join(required),
                             found=", ".join(map(str, frame.columns))))
    if frame.empty:
        raise DataError(text("data.csv.no_rows", path=path, header_line=1))
    return frame


def _labels(path: Path, frame, columns: tuple[str, ...]) -> np.ndarray:
    """The label columns as uint8 0/1; any other value stops with its row and column."""
    cells = frame[list(columns)].to_numpy(dtype=object)
    valid = np.isin(cells, ["0", "1", "0.0", "1.0"])
    if not valid.all():
        row, column = (int(index) for index in np.argwhere(~valid)[0])
        raise DataError(text("data.images.bad_label", path=path, row=row + 1, line=row + 2,
                             column=columns[column], value=repr(cells[row, column])))
    return (cells == "1").astype(np.uint8) | (cells == "1.0").astype(np.uint8)


def _check_groups(rows: ImageRows, columns: tuple[str, ...], groups: dict[str, list[str]]) -> None:
    """Every photo carries exactly one label of each group (what group decoding assumes)."""
    columns = list(columns)
    for group, members in groups.items():
        counts = rows.labels[:, [columns.index(name) for name in members]].sum(axis=1)
        wrong = np.flatnonzero(counts != 1)
        if len(wrong):
            raise DataError(text("data.images.group_count", origin=rows.origins[wrong[0]],
                                 group=group, labels=", ".join(members),
                                 count=int(counts[wrong[0]])))


def user_tables(images_config, base: Path | None = None) -> ImageTables:
    """:class:`ImageTables` from a recipe's ``dataset.images`` section.

    Relative CSV paths are taken from ``base`` (the working folder by
    default); image paths are relative to ``images.root``, else the training
    CSV's folder.
    """
    base = Path(base or ".")
    train = base / images_config.train
    root = base / images_config.root if images_config.root else train.parent
    return ImageTables(
        train=train, test=base / images_config.test,
        validation=base / images_config.validation if images_config.validation else None,
        root=root, image_column=images_config.image_column,
        label_columns=tuple(images_config.label_columns))
