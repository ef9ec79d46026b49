"""The run index: an embedded SQLite table of past runs that `fourfold runs` reads.

It lives in ``$FOURFOLD_HOME/index.sqlite`` (default ``~/.local/state/fourfold``)
in WAL mode, so a crash mid-write leaves the previous rows readable. The run
folder's own ``status.json`` stays the source of truth for a run's status.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from fourfold.runs import status as run_status

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


def home() -> Path:
    """fourfold's state folder: ``FOURFOLD_HOME`` or ``~/.local/state/fourfold``."""
    configured = os.environ.get("FOURFOLD_HOME")
    return Path(configured) if configured else Path.home() / ".local" / "state" / "fourfold"


def index_path() -> Path:
    return home() / "index.sqlite"


@dataclass(frozen=True)
class RunRecord:
    run_dir: str
    recipe: str
    task: str
    started: str
    status: str
    metric_name: str | None
    metric_value: float | None


def _connect() -> sqlite3.Connection:
    path = index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(_SCHEMA)
    return connection


def record_run(run_dir: Path, *, recipe: str, task: str, started: str, status: str,
               metric_name: str | None = None, metric_value: float | None = None) -> None:
    """Insert or update the index row of ``run_dir``."""
    with closing(_connect()) as connection, connection:
        connection.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_dir) DO UPDATE SET "
            "status=excluded.status, metric_name=excluded.metric_name, "
            "metric_value=excluded.metric_value",
            (str(Path(run_dir).resolve()), recipe, task, started, status, metric_name, metric_value),
        )


def list_runs(limit: int | None = None) -> list[RunRecord]:
    """Past runs, newest first, each with its status as its folder tells it now."""
    if not index_path().exists():
        return []
    with closing(_connect()) as connection:
        rows = connection.execute(
            "SELECT * FROM runs ORDER BY started DESC, run_dir DESC"
            + (" LIMIT ?" if limit else ""), (limit,) if limit else (),
        ).fetchall()
    records = []
    for row in rows:
        record = RunRecord(*row)
        folder = Path(record.run_dir)
        current = run_status.read_status(folder) if folder.exists() else "missing"
        records.append(RunRecord(**{**record.__dict__, "status": current}))
    return records
