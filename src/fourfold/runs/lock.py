"""One writer per run folder: an exclusive lock held while a run trains.

Two processes training into one folder would interleave their checkpoints,
histories and statuses, and both would end saying "complete". :func:`hold`
takes an advisory ``flock`` on ``<run>/.lock`` and writes who holds it (pid,
host, since) into that file. The operating system drops the lock when its
process ends, however it ends, so a lock left by a killed run is simply taken
over by the next writer; there is no stale-lock timeout to guess.

``flock`` is not reliable across machines on some network file systems (NFS
before v4, some FUSE mounts): there the lock only keeps out writers on the
same host.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fourfold.errors import RunFolderError, UsageError
from fourfold.messages import text

#: The lock file inside a run folder.
LOCK_FILE = ".lock"


class RunLocked(UsageError):
    """Another process is writing the run folder. Exit code 2.

    Attributes:
        run_dir: the run folder.
        holder: what the holder wrote into the lock file (``pid``, ``host``,
            ``since``); empty when it could not be read.
    """

    def __init__(self, run_dir: Path, holder: dict):
        self.run_dir = Path(run_dir)
        self.holder = holder
        super().__init__(text("lock.held", path=run_dir, pid=holder.get("pid", "?"),
                              host=holder.get("host", "?"), since=holder.get("since", "?")))


@contextmanager
def hold(run_dir: Path) -> Iterator[dict]:
    """Hold the run folder's lock for the body; refuse at once if another process holds it.

    Args:
        run_dir: an existing run folder.

    Yields:
        What this process wrote into the lock file: ``pid``, ``host``, ``since``.

    Raises:
        RunLocked: another live process holds the lock (exit 2, naming it).
        RunFolderError: the lock file cannot be created (a read-only folder, say).

    Example:
        >>> with hold(run_dir):
        ...     train_into(run_dir)
    """
    path = Path(run_dir) / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise RunFolderError(text("lock.unwritable", path=path,
                                  error=error.strerror or error)) from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLocked(run_dir, _holder(descriptor)) from None
        mine = {"pid": os.getpid(), "host": socket.gethostname(),
                "since": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(mine).encode("utf-8"), 0)
        yield mine
    finally:
        os.close(descriptor)  # closing the last descriptor releases the flock


def holder(run_dir: Path) -> dict | None:
    """Who holds the run folder's lock now, or ``None`` when nobody does.

    Reads without writing: the probe takes a shared lock and lets it go at once.
    """
    path = Path(run_dir) / LOCK_FILE
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(descriptor)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return None
    finally:
        os.close(descriptor)


def _holder(descriptor: int) -> dict:
    """The holder's record from the lock file; ``{}`` when it is unreadable (it is
    being written at this moment, or was garbled)."""
    try:
        record = json.loads(os.pread(descriptor, 4096, 0).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
