"""A run's status: ``running`` first, ``complete`` last, ``failed`` on any error.

The status lives in ``status.json`` (:class:`~fourfold.runs.records.StatusRecord`),
written atomically. A run whose status says ``running`` but whose process is
gone was interrupted.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from fourfold.errors import RunFolderError
from fourfold.runs.record_files import STATUS_FILE
from fourfold.runs.records import SCHEMA, StatusRecord

RUNNING = "running"
COMPLETE = "complete"
FAILED = "failed"
INTERRUPTED = "interrupted"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def write_status(run_dir: Path, status: str, **fields: object) -> StatusRecord:
    """Record ``status`` (and fields of :class:`StatusRecord` such as ``error``) for
    ``run_dir``, keeping what the status already said (``started``, ``backend``...).

    Raises:
        pydantic.ValidationError: ``fields`` names something ``status.json`` has no key for.
    """
    try:
        current = STATUS_FILE.read(run_dir)
    except RunFolderError:  # a damaged status is replaced, not kept
        current = None
    base = current.to_dict() if current else {
        "started": _now(), "updated": None, "pid": None, "host": None, "error": None,
        "backend": None, "jobs": None, "data_dir": None}
    record = StatusRecord.model_validate({
        **base, **fields, "schema": SCHEMA, "status": status, "updated": _now(),
        "pid": os.getpid(), "host": os.uname().nodename})
    STATUS_FILE.write(run_dir, record)
    return record


def read_status(run_dir: Path) -> str:
    """The run's status, with a dead ``running`` run reported as ``interrupted``.

    A folder with no readable status is reported as ``failed``: nothing may look
    complete that did not say so.
    """
    try:
        record = STATUS_FILE.read(run_dir)
    except RunFolderError:
        return FAILED
    if record is None:
        return FAILED
    if record.status == RUNNING and not _alive(record):
        return INTERRUPTED
    return record.status


def is_this_process(record: StatusRecord | None) -> bool:
    """Whether ``record`` was written last by this very process."""
    return (record is not None and record.pid == os.getpid()
            and record.host == os.uname().nodename)


def _alive(record: StatusRecord) -> bool:
    if record.host != os.uname().nodename:
        return True  # Another machine's run: we cannot tell, so trust the record.
    pid = record.pid
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process nobody has reaped yet still answers ``kill(pid, 0)``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"
