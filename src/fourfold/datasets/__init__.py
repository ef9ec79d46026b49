"""Built-in data sets: where to find them, how to fetch and read them.

:func:`resolve` finds a data set's files (data folder, cache, system copy,
embedded copy, verified download); :func:`load_dataset` reads them into a
:class:`LoadedData`; :func:`describe_all` feeds ``fourfold datasets``.
"""

from fourfold.datasets.base import LoadedData, UnlabelledRows
from fourfold.datasets.catalog import DATASETS
from fourfold.datasets.loaders import load_dataset
from fourfold.datasets.resolve import describe_all, resolve

__all__ = ["DATASETS", "LoadedData", "UnlabelledRows", "describe_all", "load_dataset", "resolve"]
