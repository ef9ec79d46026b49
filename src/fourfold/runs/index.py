"""The run index: an embedded SQLite table of past runs that `fourfold runs` reads.

It lives in ``$FOURFOLD_HOME/index.sqlite`` (default ``~/.local/state/fourfold``)
in WAL mode, so a crash mid-write leaves the previous rows readable. The run
folder's own ``status.json`` stays the source of truth for a run's status.

The index is a cache, never a reason to stop a run: a damaged index (not a
database, or not this table) is moved aside and a new one started; one that is
locked by another process, read-only, or under a ``FOURFOLD_HOME`` that cannot be
written is bypassed. Either way one warning line on stderr names it.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from fourfold.errors import FourfoldError, UsageError
from fourfold.messages import text
from fourfold.printable import printable
from fourfold.runs import status as run_status
from fourfold.runs.record_files import STATUS_FILE, DamagedFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_dir TEXT PRIMARY KEY,
    recipe TEXT NOT NULL,
    task TEXT NOT NULL,
    started TEXT NOT NULL,
    status TEXT NOT NULL,
    metric_name TEXT,
    metric_value REAL
)
"""
_COLUMNS = ("run_dir", "recipe", "task", "started", "status", "metric_name", "metric_value")
#: How long a write waits for another process's lock before the index is bypassed.
BUSY_SECONDS = 5.0
#: SQLite's result codes for a file that is not (or no longer) a database.
_DAMAGED_CODES = frozenset({sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT})
#: Warnings already printed by this process, so that one run warns once.
_warned: set[str] = set()


class RunIndexError(FourfoldError):
    """The run index cannot be read (locked, or a folder fourfold may not read). Exit code 1."""


def home() -> Path:
    """fourfold's state folder: ``FOURFOLD_HOME`` or ``~/.local/state/fourfold``."""
    configured = os.environ.get("FOURFOLD_HOME")
    return Path(configured) if configured else Path.home() / ".local" / "state" / "fourfold"


def index_path() -> Path:
    return home() / "index.sqlite"


@dataclass(frozen=True)
class RunRecord:
    """One row of the index, with its status as its folder tells it now.

    Attributes:
        unreadable: why the run's folder could not be read (its ``status.json`` is
            damaged), a sentence naming the file; `None` when it could.
    """

    run_dir: str
    recipe: str
    task: str
    started: str
    status: str
    metric_name: str | None
    metric_value: float | None
    unreadable: str | None = None


def record_run(run_dir: Path, *, recipe: str, task: str, started: str, status: str,
               metric_name: str | None = None, metric_value: float | None = None) -> None:
    """Insert or update the index row of ``run_dir``.

    Never raises: an index that cannot be written is bypassed (or, damaged, moved
    aside and started afresh) with one warning line on stderr.
    """
    row = (str(Path(run_dir).resolve()), recipe, task, started, status, metric_name,
           metric_value)
    try:
        with closing(_connect()) as connection, connection:
            connection.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_dir) DO UPDATE SET "
                "status=excluded.status, metric_name=excluded.metric_name, "
                "metric_value=excluded.metric_value", row)
    except (sqlite3.Error, OSError) as error:
        _warn(text("damage.index.bypassed", path=index_path(), error=_reason(error)))


def list_runs(limit: int | None = None) -> list[RunRecord]:
    """Past runs, newest first, each with its status as its folder tells it now.

    A damaged index is moved aside (with a warning) and lists nothing; a row whose
    folder's ``status.json`` is damaged is listed with status ``unreadable``.

    Raises:
        UsageError: ``FOURFOLD_HOME`` is a file.
        RunIndexError: the index is locked by another process or cannot be opened.
    """
    path = index_path()
    if path.parent.exists() and not path.parent.is_dir():
        raise UsageError(text("damage.index.home_not_folder", path=path.parent))
    if not path.exists():
        return []
    query = ("SELECT * FROM runs ORDER BY started DESC, run_dir DESC"
             + (" LIMIT ?" if limit else ""))
    try:
        try:
            with closing(sqlite3.connect(path, timeout=BUSY_SECONDS)) as connection:
                rows = connection.execute(query, (limit,) if limit else ()).fetchall()
            records = [_record(row) for row in rows]
        except (sqlite3.DatabaseError, _WrongShape) as error:
            if not _damaged(error):
                raise
            _move_aside(path, error)
            return []
    except (sqlite3.Error, OSError) as error:
        raise RunIndexError(text("damage.index.unreadable", path=path,
                                 error=_reason(error))) from None
    return [_with_current_status(record) for record in records]


class _WrongShape(Exception):
    """A row of the index that is not a run's row: the index is not fourfold's."""


def _record(row: tuple) -> RunRecord:
    if len(row) != len(_COLUMNS):
        raise _WrongShape(f"{len(row)} columns; expected {len(_COLUMNS)}")
    record = RunRecord(*row)
    texts = (record.run_dir, record.recipe, record.task, record.started, record.status)
    number = record.metric_value
    if (not all(isinstance(value, str) for value in texts)
            or not isinstance(record.metric_name, (str, type(None)))
            or not (number is None or (isinstance(number, (int, float))
                                       and not isinstance(number, bool)))):
        raise _WrongShape(f"the row of {record.run_dir!r} holds values of the wrong types")
    return record


def _with_current_status(record: RunRecord) -> RunRecord:
    folder = Path(record.run_dir)
    if not folder.exists():
        return RunRecord(**{**record.__dict__, "status": "missing"})
    try:
        STATUS_FILE.read(folder)
    except DamagedFile as damage:
        note = text("damage.runs.unreadable_note", path=damage.path, problem=damage.problem)
        return RunRecord(**{**record.__dict__, "status": text("damage.runs.unreadable"),
                            "unreadable": note})
    return RunRecord(**{**record.__dict__, "status": run_status.read_status(folder)})


def _connect() -> sqlite3.Connection:
    """The index, ready to write; a damaged one is moved aside and made afresh."""
    path = index_path()
    if path.parent.exists() and not path.parent.is_dir():
        raise OSError(_home_is_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path)
    except sqlite3.DatabaseError as error:
        if not _damaged(error):
            raise
        _move_aside(path, error)
        return _open(path)


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(_SCHEMA)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(runs)")]
        if tuple(columns) != _COLUMNS:
            raise sqlite3.DatabaseError(f"its table 'runs' has the columns {columns}")
    except BaseException:
        connection.close()
        raise
    return connection


def _damaged(error: BaseException) -> bool:
    """Whether ``error`` says the file is not a database of this table (rather than
    locked, or not readable by this user)."""
    if isinstance(error, _WrongShape):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return "no such table" in str(error) or "no such column" in str(error)
    code = getattr(error, "sqlite_errorcode", None)
    return code in _DAMAGED_CODES or type(error) is sqlite3.DatabaseError


def _move_aside(path: Path, error: BaseException) -> None:
    """Rename the damaged index (and its WAL files) to ``index.sqlite.damaged-<time>``."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    moved = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.replace(path, moved)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError as failure:
        raise failure from error  # the caller names the index it could not move
    _warn(text("damage.index.moved", path=path, error=_reason(error), moved=moved))


def _home_is_file() -> str:
    return text("damage.index.home_is_file", path=home())


def _reason(error: BaseException) -> str:
    """What went wrong, with the path the system named (a parent folder that cannot
    be made, say)."""
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    filename = getattr(error, "filename", None)
    return (f"{reason}: {filename}" if filename else reason).rstrip(".")


def _warn(message: str) -> None:
    """One line on stderr, once per process and message."""
    if message in _warned:
        return
    _warned.add(message)
    print(printable(message), file=sys.stderr, flush=True)
