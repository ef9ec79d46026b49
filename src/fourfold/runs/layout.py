"""The run folder contract: every file name a run writes, in one place.

A run folder ``<out>/<recipe>-<UTC timestamp>/`` holds the files below. A run
that trains several models (Fashion-MNIST's two, or K folds) keeps one member
folder per model under ``models/<name>/`` or ``folds/fold-<k>/``, each with the
member files; the top-level ``metrics.json`` summarises them.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import tempfile
from pathlib import Path

from fourfold.errors import FourfoldError, UsageError
from fourfold.messages import text

CONFIG = "config.yaml"
METRICS = "metrics.json"
HISTORY = "history.csv"
MODEL = "model.keras"
PREPROCESS = "preprocess.json"
PREDICTIONS = "predictions.csv"
REPORT = "report.html"
STATUS = "status.json"
SAMPLES = "samples.npz"
PLOTS = "plots"
MODELS = "models"
FOLDS = "folds"
BACKUP = "backup"


def new_run_dir(out: Path, recipe_name: str, now: _dt.datetime | None = None) -> Path:
    """Create and return a fresh run folder ``out/<recipe>-<UTC timestamp>``.

    Two runs started in the same second get ``-2``, ``-3``... suffixes.
    """
    now = now or _dt.datetime.now(_dt.timezone.utc)
    stem = f"{safe_name(recipe_name)}-{now.strftime('%Y%m%dT%H%M%SZ')}"
    out.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 1000):
        candidate = out / (stem if attempt == 1 else f"{stem}-{attempt}")
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"Could not create a new run folder under {out}.")


#: Most bytes of a folder name made from a name (file systems allow 255; a run folder
#: adds a timestamp and maybe a counter).
NAME_BYTES = 200


def safe_name(name: str) -> str:
    """``name`` reduced to characters safe in a folder name, at most :data:`NAME_BYTES`
    bytes of UTF-8 (100 Korean characters are 300 bytes)."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)
    cleaned = cleaned.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore")
    return cleaned.strip(".-") or "run"


def member_dir(run_dir: Path, kind: str, name: str) -> Path:
    """Folder of one member (``kind`` is :data:`MODELS` or :data:`FOLDS`)."""
    return run_dir / kind / safe_name(name)


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A reader sees the old file or the whole new one, never half of it.

    Args:
        path: the file to (re)write.
        data: text (UTF-8) or bytes.
        durable: ``fsync`` before the rename, so the file survives a power
            loss too; a per-epoch checkpoint, which only has to survive a
            killed process, skips it. Defaults to `True`.

    Raises:
        OSError: naming ``path`` itself (never the temporary file beside it):
            ``IsADirectoryError`` when ``path`` is a folder, ``PermissionError``
            when its folder may not be written, ``ENOSPC`` for a full disk...
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    try:
        _write_beside(path, data, durable)
    except OSError as error:
        if error.errno is None or error.filename == str(path):
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def write_output(path: Path, data: str | bytes, *, example: str = "predictions.csv") -> Path:
    """:func:`write_atomic` for a file the user named (``--out``): trouble is a fourfold
    error naming ``path``.

    Args:
        path: the file to write.
        data: its content.
        example: a file name to suggest when ``path`` is a folder. Defaults to
            `"predictions.csv"`.

    Raises:
        UsageError: ``path`` is a folder (exit code 2).
        FourfoldError: ``path`` cannot be written (exit code 1).
    """
    try:
        write_atomic(Path(path), data)
    except OSError as error:
        raise output_error(error, Path(path), example=example) from None
    return Path(path)


def output_error(error: OSError, path: Path, *, example: str = "predictions.csv"
                 ) -> FourfoldError:
    """The fourfold error for ``error``, raised writing ``path`` (or the file within it
    that ``error`` names): exit code 2 for a folder where a file belongs, else 1."""
    failed = Path(error.filename) if error.filename else Path(path)
    if isinstance(error, IsADirectoryError):
        return UsageError(text("output.is_folder", path=failed, example=failed / example))
    return FourfoldError(text("output.unwritable", path=failed,
                              error=error.strerror or error))


def _write_beside(path: Path, data: str | bytes, durable: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
