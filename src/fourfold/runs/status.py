"""A run's status: ``running`` first, ``complete`` last, ``failed`` on any error.

The status lives in ``status.json``, written atomically. A run whose status
says ``running`` but whose process is gone was interrupted.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

from fourfold.runs import layout

RUNNING = "running"
COMPLETE = "complete"
FAILED = "failed"
INTERRUPTED = "interrupted"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def write_status(run_dir: Path, status: str, **fields: object) -> dict:
    """Record ``status`` (and extra fields such as ``error``) for ``run_dir``."""
    record = read_raw(run_dir) or {"started": _now()}
    record.update(fields)
    record.update(status=status, updated=_now(), pid=os.getpid(), host=os.uname().nodename)
    layout.write_atomic(run_dir / layout.STATUS, json.dumps(record, indent=2) + "\n")
    return record


def read_raw(run_dir: Path) -> dict | None:
    """The status record as written, or ``None`` when there is none."""
    try:
        return json.loads((run_dir / layout.STATUS).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def read_status(run_dir: Path) -> str:
    """The run's status, with a dead ``running`` run reported as ``interrupted``.

    A folder with no readable status is reported as ``failed``: nothing may look
    complete that did not say so.
    """
    record = read_raw(run_dir)
    if record is None:
        return FAILED
    status = record.get("status", FAILED)
    if status == RUNNING and not _alive(record):
        return INTERRUPTED
    return status


def _alive(record: dict) -> bool:
    if record.get("host") != os.uname().nodename:
        return True  # Another machine's run: we cannot tell, so trust the record.
    pid = record.get("pid")
    if not isinstance(pid, int):
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
