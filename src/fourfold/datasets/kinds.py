"""The data-kind registry: what each kind of input is and who reads it.

A run's inputs are of one kind — arrays of small images (MNIST's IDX files),
photos decoded from files (apparel, a photo folder), rows of numbers (Boston),
radar bands (the iceberg challenge's JSON) or a user's table of typed columns —
recorded as ``LoadedData.input_kind`` and as ``input.kind`` in ``preprocess.json``.
Each kind is registered once here with what the rest of fourfold asks of it: is
it pictures (sample grids in the report, a background to match in ``predict``),
which function reads ``fourfold predict``'s files for it, and which profiles it for
``fourfold inspect``. Nothing else branches on the kind's name.

The readers and profilers are named as ``"module:function"`` and imported when
first used, as plug-in entry points are: they live on higher floors (``predict``)
or pull heavy libraries, and this module is imported by the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from fourfold.errors import RunFolderError
from fourfold.messages import text


@dataclass(frozen=True)
class DataKind:
    """One kind of input.

    Attributes:
        name: the kind, as ``input_kind`` and ``preprocess.json`` write it.
        pictures: whether each row is a picture (the report shows sample images and a
            prediction grid; ``predict`` matches a photo's background).
        predict_reader: ``"module:function"`` reading ``predict``'s input files:
            ``function(paths, record, *, image_root)`` returning
            :class:`~fourfold.predict.inputs.Inputs`.
        profiler: ``"module:function"`` profiling loaded data for ``inspect``.
        accepts: message key naming the files ``predict`` takes for this kind.
    """

    name: str
    pictures: bool
    predict_reader: str
    profiler: str
    accepts: str

    def read_inputs(self, paths, record: dict, *, image_root=None):
        """Read ``predict``'s input files for a run whose ``preprocess.json`` is ``record``."""
        return _load(self.predict_reader)(paths, record, image_root=image_root)

    def profile(self, data) -> dict:
        """The ``inspect`` profile of loaded data of this kind."""
        return _load(self.profiler)(data)


def _load(target: str):
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


_ARRAYS_PROFILE = "fourfold.profiling:profile"

KINDS: dict[str, DataKind] = {kind.name: kind for kind in (
    DataKind("image", pictures=True, predict_reader="fourfold.predict.inputs:read_images",
             profiler=_ARRAYS_PROFILE, accepts="kinds.accepts.image"),
    DataKind("table", pictures=False, predict_reader="fourfold.predict.inputs:read_rows",
             profiler=_ARRAYS_PROFILE, accepts="kinds.accepts.table"),
    DataKind("radar", pictures=False, predict_reader="fourfold.predict.inputs:read_radar",
             profiler=_ARRAYS_PROFILE, accepts="kinds.accepts.radar"),
    DataKind("frame", pictures=False, predict_reader="fourfold.predict.inputs:read_frames",
             profiler="fourfold.datasets.table_profile:frame_profile",
             accepts="kinds.accepts.frame"),
)}


def get_kind(name: str) -> DataKind:
    """The registered kind ``name``.

    Raises:
        RunFolderError: for a kind this fourfold does not know (a run folder made by
            a newer version).
    """
    try:
        return KINDS[name]
    except KeyError:
        raise RunFolderError(text("kinds.unknown", kind=name, kinds=", ".join(sorted(KINDS)))) from None
