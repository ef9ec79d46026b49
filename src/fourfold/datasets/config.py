"""What a recipe's ``dataset`` section says: a built-in data set by name, or the user's own
photos listed in CSVs, table, or folder of class sub-folders.

These are the data's own options, so they live with the data sets; the recipe schema
(:mod:`fourfold.recipes.schema`) includes them. Strict like every recipe section:
unknown keys and options that would be ignored are refused.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PositiveInt, model_validator

from fourfold.messages import text
from fourfold.messages.quoting import shorten


#: Longest recipe or model name: it names the run's folder and each model's sub-folder.
NAME_LENGTH = 100

class StrictModel(BaseModel):
    """A recipe section: unknown keys refused, assignments validated, and no float
    infinite or NaN (a learning rate of ``.inf`` trains nothing; a NaN passes every
    ``gt``/``lt`` bound unnoticed)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


#: Largest seed NumPy takes (``np.random.seed``, scikit-learn's ``random_state``).
LARGEST_SEED = 2**32 - 1


def _seed_in_range(seed: int) -> int:
    if not 0 <= seed <= LARGEST_SEED:
        raise ValueError(text("schema.seed_range", largest=LARGEST_SEED))
    return seed


#: A random seed or ``random_state``: what NumPy's seeding accepts, refused at the
#: recipe instead of failing inside Keras or scikit-learn.
Seed = Annotated[int, AfterValidator(_seed_in_range)]


class ImagesConfig(StrictModel):
    """Your own photos: CSV files with one row per photo, a path column and 0/1 label
    columns (multi-label), as the apparel data set's.

    Relative CSV paths are read from the recipe file's folder; the paths in
    the CSVs are relative to ``root`` (default: the training CSV's folder), with
    ``/`` or ``\\`` as separator, and may not leave it.
    """

    train: str
    test: str
    validation: str | None = None
    image_column: str = "image"
    label_columns: list[str] = Field(min_length=1)
    root: str | None = None

    @model_validator(mode="after")
    def _labels_unique(self) -> "ImagesConfig":
        repeated = sorted({name for name in self.label_columns if self.label_columns.count(name) > 1})
        if repeated:
            raise ValueError(text("schema.label_columns_repeat",
                                  names=shorten(", ".join(repeated))))
        if self.image_column in self.label_columns:
            raise ValueError(text("schema.image_column_is_label", name=shorten(self.image_column)))
        return self


#: How a table's feature column is read: ``numeric`` (imputed, scaled), ``categorical``
#: (one-hot, or an embedding when it has many levels), ``boolean`` (0/1), ``ignore``.
ColumnKind = Literal["numeric", "categorical", "boolean", "ignore"]


class TableConfig(StrictModel):
    """Your own table: a CSV/TSV (compressed or not) or Parquet file with a target column.

    The task follows from the target (``fourfold recipes init FILE --target COL``
    writes it into the recipe); ``columns`` types every feature column, and is
    filled in by that inference (edit it to change how a column is read).
    Without a ``test`` file, ``test_size`` of the rows (stratified for
    classification) are held out as the test set, with ``random_state``.
    Missing values are imputed with the training rows' median (numeric) or a
    "missing" level (categorical), plus a 0/1 indicator column.

    Attributes:
        train: the training table (relative paths from the recipe file's folder).
        test: a test table with the same columns. Defaults to `None`.
        target: the target column, or several 0/1 columns (multi-label).
        drop: columns left out. Defaults to `[]`.
        columns: the kind of each feature column; a column not listed is
            inferred from the training rows. Defaults to `{}`.
        test_size: fraction held out for testing when there is no ``test``
            file. Defaults to `0.2`.
        random_state: seed of that hold-out split. Defaults to `777`.
        embedding_levels: a categorical column with more levels than this is
            embedded instead of one-hot encoded. Defaults to `20`.
    """

    train: str
    test: str | None = None
    target: list[str] = Field(min_length=1)
    drop: list[str] = Field(default_factory=list)
    columns: dict[str, ColumnKind] = Field(default_factory=dict)
    test_size: float = Field(0.2, gt=0.0, lt=1.0)
    random_state: Seed = 777
    embedding_levels: PositiveInt = 20

    @model_validator(mode="after")
    def _columns_consistent(self) -> "TableConfig":
        clash = sorted(set(self.target) & set(self.drop))
        if clash:
            raise ValueError(text("schema.target_dropped", names=shorten(", ".join(clash))))
        typed = sorted(set(self.target) & set(self.columns))
        if typed:
            raise ValueError(text("schema.target_typed", names=shorten(", ".join(typed))))
        repeated = sorted({name for name in self.target if self.target.count(name) > 1})
        if repeated:
            raise ValueError(text("schema.target_repeats", names=shorten(", ".join(repeated))))
        if self.test is not None and self.test_size != type(self).model_fields["test_size"].default:
            raise ValueError(text("schema.table_test_size"))
        return self


class FolderConfig(StrictModel):
    """Your own photos sorted into one sub-folder per class (``photos/cat/*.jpg``,
    ``photos/dog/*.jpg``), or with ``train/`` and ``test/`` (and ``validation/``)
    folders each holding the class folders.

    Without a ``test/`` folder, ``test_size`` of each class's photos are held
    out as the test set, with ``random_state``.

    Attributes:
        path: the folder (relative paths from the recipe file's folder).
        test_size: fraction held out for testing when there is no ``test/``
            folder. Defaults to `0.2`.
        random_state: seed of that hold-out split. Defaults to `777`.
    """

    path: str
    test_size: float = Field(0.2, gt=0.0, lt=1.0)
    random_state: Seed = 777


class DatasetConfig(StrictModel):
    """Which data set to load, and for photo data sets how to decode the photos.

    Attributes:
        name: a built-in data set (`fourfold datasets` lists them), or any name
            for your own photos given in ``images``.
        images: your own photos' CSV files and columns. Defaults to `None`.
        table: your own table and its target column(s). Defaults to `None`.
        folder: your own photos, one sub-folder per class. Defaults to `None`.
        image_size: ``[height, width]`` photos are resized to (photo data sets
            only; default 112 x 112).
        channels: 3 (RGB) or 1 (grey), photo data sets only.
        cache: where decoded photos are kept: ``memory``, ``disk`` (a memmap
            in the user cache, reused by later runs on the same files) or
            ``auto`` (memory when they take at most a quarter of the available
            memory, else disk).
        skip_bad_rows: leave out rows (photo files) whose photo is missing,
            undecodable, damaged, a special file or folder, too large, changing
            while read, or outside the data folder (the run says how many and
            names the first) instead of stopping.
    """

    name: str
    images: ImagesConfig | None = None
    table: TableConfig | None = None
    folder: FolderConfig | None = None
    image_size: tuple[PositiveInt, PositiveInt] | None = None
    channels: Literal[1, 3] = 3
    cache: Literal["auto", "memory", "disk"] = "auto"
    skip_bad_rows: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> "DatasetConfig":
        given = [name for name in ("images", "table", "folder") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(text("schema.one_source", names=" and ".join(given)))
        return self

    @property
    def photos(self) -> bool:
        """Whether this is a photo data set (built-in, listed in CSVs, or in class folders)."""
        from fourfold.datasets.catalog import DATASETS

        builtin = DATASETS.get(self.name)
        return (self.images is not None or self.folder is not None
                or (builtin is not None and builtin.photos))
