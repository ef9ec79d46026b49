"""The built-in data sets: which files each needs, where to find and fetch them.

One :class:`DatasetSpec` per data set, registered once in :data:`DATASETS`. The
resolver (:mod:`fourfold.datasets.resolve`) and the loaders read these specs;
nothing else hard-codes a file name, a checksum or a mirror.

A data set that cannot be downloaded (the Kaggle ones) has no ``mirrors`` and a
``how_to_get`` message telling the user which files to put where.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fourfold.errors import DataError
from fourfold.messages import text

# The four IDX files of MNIST and Fashion-MNIST share their names.
TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"
TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"

# The iceberg competition's files (train.json is required, test.json optional).
ICEBERG_TRAIN = "train.json"
ICEBERG_TEST = "test.json"


@dataclass(frozen=True)
class DataFile:
    """One file of a data set.

    Args:
        name: path relative to the data set's folder, without any ``.gz``
            (for example ``"train-images-idx3-ubyte"``). The file may be stored
            gzip-compressed as ``<name>.gz`` or plain as ``<name>``.
        sha256: hex SHA-256 of the decompressed payload, checked on download.
            Defaults to `None` (not downloadable, never checked).
        size: size in bytes of the decompressed payload. Defaults to `None`.
        optional: whether the data set is usable without this file. Defaults
            to `False`.
    """

    name: str
    sha256: str | None = None
    size: int | None = None
    optional: bool = False


@dataclass(frozen=True)
class TargetUnits:
    """A regression target's units: ``name`` shown after figures (``$1000s``), and how a
    value reads as an amount: ``prefix`` + value x ``scale`` + ``suffix`` (2.10 -> $2,100)."""

    name: str
    scale: float = 1.0
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class DatasetSpec:
    """Everything fourfold knows about one built-in data set.

    Args:
        name: registry key, as written in recipes (``"mnist"``).
        folder: sub-folder of a data folder or of the cache holding the files.
        files: the files of the data set.
        mirrors: base URLs, tried in turn; a file is fetched as
            ``mirror + name + ".gz"``. Empty when the data set cannot be
            downloaded.
        embedded: whether a copy ships inside the package
            (``fourfold/datasets/embedded/<folder>/``).
        system_dirs: folders where an operating-system package installs the
            files directly (no ``<folder>`` below them).
        task: the task name in :mod:`fourfold.tasks` (``"multiclass"``).
        description: message key of a one-line description.
        licence: the data set's licence, for reports and ``fourfold datasets``.
        how_to_get: message key of the instructions shown when the data set
            is missing; formatted with ``folder``, ``files`` and ``mirrors``.
        class_names: names of the classes, in label order. Defaults to `()`.
        loader: ``"module:function"`` that loads it (imported when used), called as
            ``function(spec, data_dir)``, or ``function(spec, data_dir, dataset_config)``
            for a photo set. Defaults to the IDX image loader.
        photos: whether it is a set of photo files decoded at a chosen size (the
            recipe's ``dataset.image_size``, ``channels``, ``cache`` and
            ``skip_bad_rows`` apply). Defaults to `False`.
        unlabelled: the file of rows without labels that a Kaggle submission
            predicts (``fourfold predict RUN_DIR FILE --out`` writes one later).
            Defaults to `None`.
        target_units: the units of a regression target, for the report's result
            card ("MAE 2.10 $1000s, about $2,100 off"). Defaults to `None`.
    """

    name: str
    folder: str
    files: tuple[DataFile, ...]
    mirrors: tuple[str, ...]
    embedded: bool
    system_dirs: tuple[Path, ...]
    task: str
    description: str
    licence: str
    how_to_get: str
    class_names: tuple[str, ...] = ()
    loader: str = "fourfold.datasets.loaders:load_idx_images"
    photos: bool = False
    unlabelled: str | None = None
    target_units: TargetUnits | None = None


_MNIST_FILES = (
    DataFile(TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47040016),
    DataFile(TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60008),
    DataFile(TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7840016),
    DataFile(TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10008),
)

_FASHION_MNIST_FILES = (
    DataFile(TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47040016),
    DataFile(TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60008),
    DataFile(TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7840016),
    DataFile(TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10008),
)

MNIST = DatasetSpec(
    name="mnist",
    folder="mnist",
    files=_MNIST_FILES,
    mirrors=(
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ),
    embedded=True,
    system_dirs=(),
    task="multiclass",
    description="data.description.mnist",
    licence="CC BY-SA 3.0",
    how_to_get="data.how_to_get.download",
    class_names=tuple(str(digit) for digit in range(10)),
)

FASHION_MNIST = DatasetSpec(
    name="fashion-mnist",
    folder="fashion-mnist",
    files=_FASHION_MNIST_FILES,
    mirrors=("https://storage.googleapis.com/tensorflow/tf-keras-datasets/",),
    embedded=False,
    system_dirs=(Path("/usr/share/datasets/fashion-mnist"),),
    task="multiclass",
    description="data.description.fashion-mnist",
    licence="MIT",
    how_to_get="data.how_to_get.download",
    class_names=(
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ),
)

BOSTON = DatasetSpec(
    name="boston",
    folder="boston",
    files=(DataFile("boston_house_prices.csv",
                    "04ea3ed0aa63691cfedf388349eafc1213e91e00f8e4d31747534692c0f1ce02", 35230),),
    # No mirror: no public HTTPS copy has been checked byte for byte against this
    # checksum (the how_to_get message says where the file ships).
    mirrors=(),
    embedded=False,
    system_dirs=(),
    task="regression",
    description="data.boston.description",
    licence="StatLib (Harrison & Rubinfeld, 1978); no licence stated",
    how_to_get="data.boston.how_to_get",
    loader="fourfold.datasets.boston:load_boston",
    target_units=TargetUnits(name="$1000s", scale=1000.0, prefix="$"),
)

ICEBERG = DatasetSpec(
    name="iceberg",
    folder="iceberg",
    # Kaggle's files: checksums and sizes are not published, and nothing is downloaded.
    files=(DataFile(ICEBERG_TRAIN), DataFile(ICEBERG_TEST, optional=True)),
    mirrors=(),
    embedded=False,
    system_dirs=(),
    task="binary",
    description="data.iceberg.description",
    licence="Kaggle competition rules (Statoil/C-CORE); no redistribution",
    how_to_get="data.iceberg.how_to_get",
    class_names=("ship", "iceberg"),
    loader="fourfold.datasets.iceberg:load_iceberg",
    unlabelled=ICEBERG_TEST,
)

# The apparel photo set's published splits (Kaggle "apparel-image-dataset-2").
APPAREL_TRAIN = "csv_data/colorinfo/train_color.csv"
APPAREL_VALIDATION = "csv_data/colorinfo/val_color.csv"
APPAREL_TEST = "csv_data/colorinfo/test_color.csv"
APPAREL_COLOURS = ("black", "blue", "brown", "green", "red", "white")
APPAREL_TYPES = ("dress", "shirt", "pants", "shorts", "shoes")

APPAREL = DatasetSpec(
    name="apparel",
    folder="apparel",
    # Kaggle's files: the photos are listed in the CSVs, which the loader checks row by row.
    files=(DataFile(APPAREL_TRAIN), DataFile(APPAREL_VALIDATION), DataFile(APPAREL_TEST)),
    mirrors=(),
    embedded=False,
    system_dirs=(),
    task="multilabel",
    description="data.apparel.description",
    licence="Kaggle data set 'apparel-image-dataset-2' (airplane2230); see its page",
    how_to_get="data.apparel.how_to_get",
    class_names=APPAREL_COLOURS + APPAREL_TYPES,
    loader="fourfold.datasets.loaders:load_apparel",
    photos=True,
)

DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec for spec in (MNIST, FASHION_MNIST, BOSTON, ICEBERG, APPAREL)}


def get_spec(name: str) -> DatasetSpec:
    """The registered data set called ``name``.

    Args:
        name: a key of :data:`DATASETS`.

    Returns:
        Its :class:`DatasetSpec`.

    Raises:
        DataError: for an unknown name, listing the known ones.
    """
    try:
        return DATASETS[name]
    except KeyError:
        import difflib

        from fourfold.messages.quoting import shorten

        close = difflib.get_close_matches(str(name).lower().replace("_", "-"), list(DATASETS),
                                          n=1, cutoff=0.6)
        raise DataError(text("data.unknown", name=shorten(name), names=", ".join(sorted(DATASETS)))
                        + (text("cli.did_you_mean", suggestion=close[0]) if close else "")
                        ) from None
