"""A run's lifecycle as one context manager: its status and index entry kept true throughout.

``running`` is written (and indexed) on entry; ``complete`` on a clean exit; on an
error the folder is marked ``failed`` and the error comes out as :class:`RunFailed`,
which carries the run folder, so the CLI can say which folder it marked; on Ctrl-C
the folder is marked ``interrupted`` and :class:`RunInterrupted` carries it, so the
CLI can print the command that resumes it.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fourfold.errors import EXIT_FAILURE, FourfoldError, RunFolderError
from fourfold.messages import text
from fourfold.runs import index
from fourfold.runs import status as run_status


class RunFailed(FourfoldError):
    """A run that stopped on an error; its folder is marked failed.

    Attributes:
        run_dir: the run folder.
        cause: the error that stopped it; its message and exit code are the run's.
    """

    def __init__(self, run_dir: Path, cause: BaseException):
        super().__init__(str(cause) or type(cause).__name__)
        self.run_dir = Path(run_dir)
        self.cause = cause
        self.exit_code = getattr(cause, "exit_code", EXIT_FAILURE)


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; its folder is marked interrupted and can be resumed."""

    def __init__(self, run_dir: Path):
        super().__init__(str(run_dir))
        self.run_dir = Path(run_dir)


@dataclass
class RunOutcome:
    """What the body of :func:`run_lifecycle` reports for the index: the headline metric."""

    metric_name: str | None = None
    metric_value: float | None = None
    index_fields: dict = field(default_factory=dict)


@contextmanager
def run_lifecycle(run_dir: Path, *, recipe: str, task: str, backend: str, jobs: int,
                  data_dir: Path | None) -> Iterator[RunOutcome]:
    """Mark ``run_dir`` running, yield, then mark it complete, failed or interrupted.

    Args:
        run_dir: the run folder (it exists).
        recipe: the recipe's name, for the run index.
        task: the task's name, for the run index.
        backend: the Keras backend, recorded in ``status.json``.
        jobs: folds trained at once, recorded for ``--resume``.
        data_dir: the data folder named for the run, recorded for ``--resume``.

    Yields:
        A :class:`RunOutcome` whose headline the body fills in for the index.

    Raises:
        RunFailed: wrapping any error of the body (an unwritable output folder
            becomes a :class:`~fourfold.errors.RunFolderError` naming it).
        RunInterrupted: on Ctrl-C.
    """
    outcome = RunOutcome()
    indexed = {"recipe": recipe, "task": task, "started": ""}
    try:
        record = run_status.write_status(
            run_dir, run_status.RUNNING, backend=backend, jobs=jobs, error=None,
            data_dir=str(Path(data_dir).resolve()) if data_dir else None)
        indexed["started"] = record.started
        index.record_run(run_dir, status=run_status.RUNNING, **indexed)
        yield outcome
        run_status.write_status(run_dir, run_status.COMPLETE)
    except KeyboardInterrupt:
        _mark(run_dir, run_status.INTERRUPTED, None, indexed)
        raise RunInterrupted(run_dir) from None
    except Exception as error:
        cause = _output_trouble(error, run_dir) or error
        _mark(run_dir, run_status.FAILED, cause, indexed)
        raise RunFailed(run_dir, cause) from error
    index.record_run(run_dir, status=run_status.COMPLETE, metric_name=outcome.metric_name,
                     metric_value=outcome.metric_value, **indexed)


def _output_trouble(error: Exception, run_dir: Path) -> RunFolderError | None:
    """A full or read-only disk, or a run folder fourfold may not write, as the error that
    names it; `None` for any other error (reading input, say)."""
    if not isinstance(error, OSError):
        return None
    name = str(error.filename or "")
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or (
            error.errno in (errno.EACCES, errno.EPERM) and name.startswith(str(run_dir))):
        return RunFolderError(text("run.output_unwritable", path=run_dir,
                                   error=error.strerror or error))
    return None


def _mark(run_dir: Path, status: str, error: BaseException | None, indexed: dict) -> None:
    """Record the end where it can be recorded; a full disk may refuse even that, and then
    the missing ``complete`` status is what keeps the folder from looking finished."""
    try:
        run_status.write_status(run_dir, status,
                                error=None if error is None else str(error) or type(error).__name__)
        index.record_run(run_dir, status=status, **indexed)
    except OSError:
        pass
