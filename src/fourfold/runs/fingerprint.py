"""A run's inputs, fingerprinted: the data it trains on and the recipe it follows.

When a run starts, ``inputs.json`` records where its data set resolved from, every
file read with its size and SHA-256, and the SHA-256 of ``config.yaml`` as written.
``--resume`` recomputes the fingerprint and refuses (exit 3) when anything differs,
naming what changed: otherwise the epochs before the interruption would have been
trained on one data set and the rest on another, and the run would still end
``complete``.

Content decides, not location: a data folder moved or copied elsewhere and named
with ``--data-dir`` is the same data when its files are (names relative to the
data set's folder, sizes and hashes). Large photo sets are fingerprinted by every
file's name and size and the hash of a sample of files chosen by name (so the
same files are sampled each time), which keeps 11,385 photos well under a second;
other files are hashed whole, in 1 MiB chunks.

Example:
    >>> record = capture(recipe.dataset, data_dir, recipe_text=config_text)  # doctest: +SKIP
    >>> INPUTS_FILE.write(run_dir, record)  # doctest: +SKIP
    >>> verify(run_dir, recipe.dataset, data_dir)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import math
import os
import stat
from pathlib import Path

from pydantic import Field

from fourfold.errors import DataError
from fourfold.messages import text
from fourfold.runs import layout
from fourfold.runs.record_files import RecordFile
from fourfold.runs.records import SCHEMA, JsonRecord

INPUTS = "inputs.json"

# ``InputsRecord.source`` for the user's own data and for arrays given in memory; a
# built-in data set's is where it resolved from (``resolve.DATA_DIR``, ``CACHE``...).
TABLE = "table"
FOLDER = "folder"
IMAGES = "images"
MEMORY = "memory"

#: A photo set with more files than this is sampled: all names and sizes, some hashes.
FULL_HASH_LIMIT = 256
#: About this many photos of a sampled set are hashed.
SAMPLE_SIZE = 256
#: At most this many differences are named; the rest are counted.
SHOWN_CHANGES = 8
_CHUNK = 1 << 20


class InputFile(JsonRecord):
    """One file a run read.

    Attributes:
        path: relative to the record's ``location``, ``/``-separated.
        size: bytes.
        sha256: hex SHA-256 of the file as stored; `None` for a photo left out of the sample.
    """

    path: str
    size: int
    sha256: str | None


class InputsRecord(JsonRecord):
    """``inputs.json``: the fingerprint of a run's data and recipe.

    Attributes:
        dataset: the data set's name (the recipe's ``dataset.name``).
        source: where it came from: a built-in data set's resolution (``data_dir``,
            ``cache``, ``system``, ``embedded``, ``download``), or ``table``,
            ``folder``, ``images`` (the user's own files), ``memory`` (arrays given
            to ``fourfold.run(..., data=...)``).
        location: the folder the files were found in; `None` for ``memory``.
        files: every file read, sorted by path.
        sampled: whether only a sample of the photos was hashed.
        recipe_sha256: SHA-256 of ``config.yaml`` as the run wrote it.
    """

    schema_version: int = Field(SCHEMA, alias="schema")
    dataset: str
    source: str
    location: str | None
    files: list[InputFile]
    sampled: bool
    recipe_sha256: str


#: The run's ``inputs.json``, on one line (a photo set lists thousands of files).
INPUTS_FILE = RecordFile(INPUTS, InputsRecord, lambda data, path, found: data, indent=None)


def capture(dataset, data_dir: str | Path | None, *, recipe_text: str,
            in_memory: bool = False) -> InputsRecord:
    """Fingerprint the data that ``dataset`` resolves to, and the recipe.

    Args:
        dataset: the recipe's ``dataset`` section
            (:class:`~fourfold.datasets.config.DatasetConfig`).
        data_dir: the data folder named for the run, or `None`.
        recipe_text: ``config.yaml`` as written.
        in_memory: the run trains on arrays given in memory, not on files.
            Defaults to `False`.

    Returns:
        The :class:`InputsRecord`.

    Raises:
        DataError: the data set cannot be resolved (a named data folder lacks it),
            or a file cannot be read.
    """
    recipe_sha256 = hashlib.sha256(recipe_text.encode("utf-8")).hexdigest()
    if in_memory:
        return InputsRecord(dataset=dataset.name, source=MEMORY, location=None, files=[],
                            sampled=False, recipe_sha256=recipe_sha256)
    source, location, whole, photos = _inputs_of(dataset, data_dir)
    files = [_fingerprint(str(path), _relative(location, path), None, hashed=True)
             for path in whole if path.is_file()]
    listed = {file.path for file in files}
    found = [entry for entry in _walk(photos, _relative(location, photos))
             if entry[1] not in listed] if photos is not None else []
    rate = 1 if len(found) <= FULL_HASH_LIMIT else math.ceil(len(found) / SAMPLE_SIZE)
    files += [_fingerprint(path, relative, size, hashed=_picked(relative, rate))
              for path, relative, size in found]
    return InputsRecord(dataset=dataset.name, source=source, location=str(location),
                        files=sorted(files, key=lambda file: file.path), sampled=rate > 1,
                        recipe_sha256=recipe_sha256)


def verify(run_dir: Path, dataset, data_dir: str | Path | None) -> None:
    """Refuse to resume ``run_dir`` when its recipe or data changed since it started.

    A run folder made before fingerprints existed (no ``inputs.json``) is not checked.

    Args:
        run_dir: the run folder.
        dataset: its recipe's ``dataset`` section, as read from ``config.yaml``.
        data_dir: the data folder the resumed run will read, or `None`.

    Raises:
        DataError: ``config.yaml`` was edited; the run trained on arrays given in
            memory; the data cannot be found; or its files differ (each named,
            with its old and new size or hash). Each says how to go on.
        RunFolderError: ``inputs.json`` is damaged.
    """
    run_dir = Path(run_dir)
    recorded = INPUTS_FILE.read(run_dir)
    if recorded is None:
        return
    config = run_dir / layout.CONFIG
    if _sha256_of(config) != recorded.recipe_sha256:
        raise DataError(text("inputs.recipe_edited", path=config))
    if recorded.source == MEMORY:
        raise DataError(text("inputs.in_memory", path=run_dir, config=config))
    try:
        current = capture(dataset, data_dir, recipe_text=config.read_text(encoding="utf-8"))
    except DataError as error:
        raise DataError(text("inputs.gone", path=run_dir, location=recorded.location,
                             error=error, config=config)) from None
    changes = differences(recorded, current)
    if changes:
        raise DataError(text("inputs.changed", path=run_dir, location=recorded.location,
                             now=current.location, changes="\n".join(changes), config=config))


def differences(recorded: InputsRecord, current: InputsRecord) -> list[str]:
    """One line per file that is gone, new, or differs in size or hash (hashes are
    compared where both fingerprints have one); at most :data:`SHOWN_CHANGES`, then a
    count of the rest.

    Args:
        recorded: the fingerprint the run started with.
        current: the fingerprint now.

    Returns:
        The lines; empty when the data is the same.
    """
    old = {file.path: file for file in recorded.files}
    new = {file.path: file for file in current.files}
    lines = []
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        if after is None:
            lines.append(text("inputs.change.gone", path=path, size=before.size))
        elif before is None:
            lines.append(text("inputs.change.new", path=path, size=after.size))
        elif before.size != after.size:
            lines.append(text("inputs.change.size", path=path, old=before.size, new=after.size))
        elif before.sha256 and after.sha256 and before.sha256 != after.sha256:
            lines.append(text("inputs.change.content", path=path, old=before.sha256[:12],
                              new=after.sha256[:12]))
    if len(lines) > SHOWN_CHANGES:
        lines[SHOWN_CHANGES:] = [text("inputs.change.more", count=len(lines) - SHOWN_CHANGES)]
    return lines


def _inputs_of(dataset, data_dir) -> tuple[str, Path, list[Path], Path | None]:
    """``(source, location, files hashed whole, folder of photos or None)`` for ``dataset``:
    the same places its loader reads."""
    if dataset.table is not None:
        train = Path(dataset.table.train)
        whole = [train] + ([Path(dataset.table.test)] if dataset.table.test else [])
        return TABLE, train.parent, whole, None
    if dataset.folder is not None:
        folder = Path(dataset.folder.path)
        return FOLDER, folder, [], folder
    if dataset.images is not None:
        from fourfold.datasets.image_table import user_tables

        tables = user_tables(dataset.images)
        whole = [path for path in (tables.train, tables.test, tables.validation) if path]
        return IMAGES, tables.root, whole, tables.root
    from fourfold.datasets.catalog import get_spec
    from fourfold.datasets.resolve import resolve

    resolved = resolve(dataset.name, data_dir, allow_download=False)
    photos = resolved.location if get_spec(dataset.name).photos else None
    return resolved.source, resolved.location, list(resolved.files.values()), photos


def _walk(folder: Path, prefix: str) -> list[tuple[str, str, int]]:
    """``(path, path relative to the location, size)`` of every regular file under
    ``folder`` (whose own relative path is ``prefix``), hidden files and folders left out
    as the photo loaders leave them out, in a fixed order. Plain strings and
    ``os.scandir``: ``pathlib`` costs seconds on 11,385 photos."""
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = entry.name if prefix in ("", ".") else f"{prefix}/{entry.name}"
        if entry.is_dir():
            found += _walk(entry.path, relative)
        elif entry.is_file():
            found.append((entry.path, relative, entry.stat().st_size))
    return found


def _picked(relative: str, rate: int) -> bool:
    """Whether the photo at ``relative`` is in the hashed sample: chosen by its name, so a
    later fingerprint of the same files hashes the same ones."""
    if rate == 1:
        return True
    digest = hashlib.sha256(relative.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % rate == 0


def _fingerprint(path: str, relative: str, size: int | None, *, hashed: bool) -> InputFile:
    try:
        size = os.stat(path).st_size if size is None else size
        digest = _sha256_of(path) if hashed else None
    except OSError as error:
        raise DataError(text("inputs.unreadable", path=path, error=error.strerror or error)
                        ) from None
    return InputFile(path=relative, size=size, sha256=digest)


def _relative(location: Path, path: Path) -> str:
    return Path(os.path.relpath(path, location)).as_posix()


def _sha256_of(path: str | Path) -> str:
    """The file's SHA-256, read in chunks (a table of a million rows is never held twice).

    Opened without blocking and checked to be a regular file once open: a photo
    swapped for a FIFO (or linked to a device) between listing and hashing would
    otherwise block ``--resume`` or make it read forever.
    """
    from fourfold.datasets.images import check_regular_file

    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            check_regular_file(Path(path))  # raises, naming what the file is
        return hashlib.file_digest(handle, "sha256").hexdigest()
