"""Find a data set's files, in SPEC's order, downloading them as the last resort.

A named data folder is the only place looked at: the ``data_dir`` argument
(``--data-dir``), else the ``FOURFOLD_DATA`` environment variable, with the files in
``<dir>/<folder>/``. When it lacks the data set that is an error naming the folder,
never a silent fall-back to another copy: a user who names a folder means that
data, and a run must not train on something else (a resumed run least of all).

Only when no data folder is named are the other places searched, in order:

1. the user cache, ``FOURFOLD_CACHE`` or ``~/.cache/fourfold``, same layout;
2. system copies (Debian's ``/usr/share/datasets/fashion-mnist``);
3. the copy embedded in the package (MNIST only);
4. download from each mirror in turn into the cache, verified by SHA-256.

A place counts only when it holds every (non-optional) file of the data set, as
``<name>.gz`` or plain ``<name>``. Local files are not checksummed on each load
(the IDX reader validates their structure); downloads always are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fourfold.datasets.catalog import DATASETS, DataFile, DatasetSpec, get_spec
from fourfold.errors import DataError
from fourfold.messages import text

DATA_ENV = "FOURFOLD_DATA"
CACHE_ENV = "FOURFOLD_CACHE"

# Where a data set was found: the values of ``Resolved.source``.
DATA_DIR = "data_dir"
CACHE = "cache"
SYSTEM = "system"
EMBEDDED = "embedded"
DOWNLOAD = "download"
MISSING = "missing"


@dataclass(frozen=True)
class Resolved:
    """Where a data set's files are.

    Args:
        name: the data set's name.
        files: file name (as in :class:`~fourfold.datasets.catalog.DataFile`)
            to the path found, ``.gz`` or plain.
        source: one of ``"data_dir"``, ``"cache"``, ``"system"``,
            ``"embedded"``, ``"download"`` (downloaded now, into the cache).
        location: the folder holding the files.
    """

    name: str
    files: dict[str, Path]
    source: str
    location: Path


def cache_dir() -> Path:
    """The user cache: ``FOURFOLD_CACHE`` if set, else ``~/.cache/fourfold``."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "fourfold"


def resolve(name: str, data_dir: str | Path | None = None, *, allow_download: bool = True) -> Resolved:
    """Find the files of data set ``name``.

    Args:
        name: a key of :data:`~fourfold.datasets.catalog.DATASETS`.
        data_dir: the data folder; `None` means the ``FOURFOLD_DATA``
            environment variable, if set. A named folder is the only place
            looked at. Defaults to `None`.
        allow_download: whether to download from the spec's mirrors when no
            local copy exists (never when a data folder is named). Defaults to `True`.

    Returns:
        A :class:`Resolved` naming every file found and where.

    Raises:
        DataError: for an unknown name; when a named data folder lacks the
            data set (naming the folder and the files looked for); or when no
            place holds all files (listing every place looked at, and each
            failed download). Each says how to get the data.

    Example:
        >>> resolve("mnist", allow_download=False).source  # doctest: +SKIP
        'embedded'
    """
    spec = get_spec(name)
    found, looked = _find_local(spec, data_dir)
    if found is not None:
        return found
    if named_data_dir(data_dir) is not None:  # the only place: no cache, copy or download
        looked.append(text("inputs.only_named_folder"))
    elif spec.mirrors and allow_download:
        found = _download(spec, looked)
        if found is not None:
            return found
    elif spec.mirrors:
        looked.append(text("data.place.download_off"))
    places = "\n".join(f"  - {place}" for place in looked)
    raise DataError(text("data.not_found", name=name, places=places, how_to_get=how_to_get(spec)))


def describe_source(resolved: Resolved) -> str:
    """A human-readable name of where ``resolved`` came from.

    Args:
        resolved: what :func:`resolve` returned.

    Returns:
        For example ``"data folder /data/mnist"`` or ``"embedded copy"``.
    """
    return text(f"data.source.{resolved.source}", path=resolved.location)


def how_to_get(spec: DatasetSpec) -> str:
    """The instructions for getting ``spec``'s files, in the user's language.

    Args:
        spec: the data set.

    Returns:
        The ``how_to_get`` message of the spec, filled in.
    """
    files = ", ".join(data_file.name for data_file in spec.files if not data_file.optional)
    return text(spec.how_to_get, folder=spec.folder, files=files,
                mirrors=", ".join(spec.mirrors) or "-", data_env=DATA_ENV)


def describe_all(data_dir: str | Path | None = None) -> list[dict]:
    """Where each built-in data set resolves from, without downloading.

    Args:
        data_dir: as for :func:`resolve`. Defaults to `None`.

    Returns:
        One dict per data set, in registry order, with keys ``name``,
        ``task``, ``description``, ``licence``, ``source`` (as
        :attr:`Resolved.source`, or ``"missing"``), ``location`` (the folder,
        or `None`), ``where`` (human-readable), ``how_to_get`` (the
        instructions when missing, else `None`) and ``size`` (bytes of the files
        on disk, 0 when missing).
    """
    return [_describe(spec, data_dir) for spec in DATASETS.values()]


def _describe(spec: DatasetSpec, data_dir: str | Path | None) -> dict:
    found, _ = _find_local(spec, data_dir)
    entry = {"name": spec.name, "task": spec.task, "description": text(spec.description),
             "licence": spec.licence}
    if found is None:
        return {**entry, "source": MISSING, "location": None, "where": text("data.source.missing"),
                "how_to_get": how_to_get(spec), "size": 0}
    size = sum(path.stat().st_size for path in found.files.values())
    return {**entry, "source": found.source, "location": str(found.location),
            "where": describe_source(found), "how_to_get": None, "size": size}


def named_data_dir(data_dir: str | Path | None = None) -> Path | None:
    """The data folder named for a run: ``data_dir``, else ``FOURFOLD_DATA``, else `None`.

    Args:
        data_dir: the ``--data-dir`` argument. Defaults to `None`.

    Returns:
        The folder (``~`` expanded), or `None` when none is named.
    """
    root = data_dir if data_dir is not None else os.environ.get(DATA_ENV) or None
    return Path(root).expanduser() if root is not None else None


def _find_local(spec: DatasetSpec, data_dir: str | Path | None) -> tuple[Resolved | None, list[str]]:
    """The first local place holding the data set, and a line per place looked at before
    (a named data folder is the only place)."""
    looked = []
    for source, folder in _local_places(spec, data_dir):
        if folder is None:
            looked.append(text("data.place.no_data_dir", data_env=DATA_ENV))
            continue
        files, missing = _match_files(spec, folder)
        if not missing:
            return Resolved(spec.name, files, source, folder), looked
        place = text(f"data.source.{source}", path=folder)
        if not folder.is_dir():
            looked.append(text("data.place.no_folder", place=place))
        else:
            looked.append(text("data.place.missing_files", place=place, files=", ".join(missing)))
    return None, looked


def _local_places(spec: DatasetSpec, data_dir: str | Path | None) -> Iterator[tuple[str, Path | None]]:
    """``(source, folder)`` pairs in search order: a named data folder alone, else
    ``(DATA_DIR, None)`` (none given) and the other places."""
    root = named_data_dir(data_dir)
    if root is not None:
        yield DATA_DIR, root / spec.folder
        return
    yield DATA_DIR, None
    yield CACHE, cache_dir() / spec.folder
    for folder in spec.system_dirs:
        yield SYSTEM, Path(folder)
    if spec.embedded:
        yield EMBEDDED, _embedded_folder(spec)


def _embedded_folder(spec: DatasetSpec) -> Path:
    # The package is installed as plain files (never zipped), so the resource
    # folder is a real path that the IDX reader can open.
    return Path(str(resources.files("fourfold.datasets").joinpath("embedded", spec.folder)))


def _match_files(spec: DatasetSpec, folder: Path) -> tuple[dict[str, Path], list[str]]:
    """The files of ``spec`` found in ``folder`` (plain preferred), and those missing."""
    files, missing = {}, []
    for data_file in spec.files:
        for candidate in (folder / data_file.name, folder / f"{data_file.name}.gz"):
            if candidate.is_file():
                files[data_file.name] = candidate
                break
        else:
            if not data_file.optional:
                missing.append(f"{data_file.name}[.gz]")
    return files, missing


def _download(spec: DatasetSpec, looked: list[str]) -> Resolved | None:
    """Download the missing files into the cache, trying each mirror in turn.

    Files fetched from one mirror are kept (they are verified) when a later file
    fails; the next mirror is asked only for those still missing. Each failure
    is added to ``looked``.
    """
    from fourfold.datasets.download import download  # urllib and ssl: only when needed

    folder = cache_dir() / spec.folder
    for mirror in spec.mirrors:
        try:
            for data_file in _not_in(spec, folder):
                download(f"{mirror}{data_file.name}.gz", folder / data_file.name,
                         sha256=data_file.sha256, decompress=True)
        except DataError as error:
            looked.append(text("data.place.mirror_failed", url=mirror, error=error))
            continue
        files, missing = _match_files(spec, folder)
        if not missing:
            return Resolved(spec.name, files, DOWNLOAD, folder)
    return None


def _not_in(spec: DatasetSpec, folder: Path) -> list[DataFile]:
    """The downloadable files of ``spec`` (those with a checksum) not yet in ``folder``."""
    present = _match_files(spec, folder)[0]
    return [data_file for data_file in spec.files
            if data_file.sha256 and data_file.name not in present]
