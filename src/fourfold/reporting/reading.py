"""Load a run folder into memory: everything the report draws comes from here.

The report is built from the run folder alone (docs/run-folder.md). Only
``metrics.json`` is required; every other file is optional and its section of
the report is left out when it is missing. Every file read is validated
(:mod:`fourfold.runs.record_files`, :mod:`fourfold.reporting.member_files`): a
damaged one is refused by name, never drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from fourfold.errors import RunFolderError
from fourfold.messages import text
from fourfold.reporting.member_files import (read_config, read_history, read_predictions,
                                             read_samples)
from fourfold.runs import layout
from fourfold.runs import status as run_status
from fourfold.runs.record_files import (MEMBER_METRICS_FILE, PREPROCESS_FILE, RUN_METRICS_FILE,
                                        STATUS_FILE)
from fourfold.runs.records import (MemberMetrics, MemberSummary, PreprocessRecord, RunMetrics,
                                   StatusRecord)

#: History columns that are not metrics (Keras' log keys are everything else).
_NOT_METRICS = frozenset({"epoch", "epoch_seconds", "loss", "learning_rate", "lr"})


@dataclass
class Member:
    """One trained model of a run: the run folder itself (``dir`` ``"."``) or a
    member folder ``models/<name>/`` or ``folds/fold-<k>/``.

    Attributes:
        name: the member's name, as listed in the run's ``metrics.json``.
        dir: the member's folder.
        summary: the member's entry in the run's ``members``; its ``headline``
            and ``curve`` come from the member's own metrics when the entry
            lacks them.
        record: the member's own ``metrics.json`` (the run's, for ``"."``), or
            `None` when it has none.
        history: ``history.csv``, one row per epoch, or ``None``.
        predictions: ``predictions.csv``, one row per test row, or ``None``.
        samples: the arrays of ``samples.npz`` by name, or ``None``.
        preprocess_record: ``preprocess.json`` (what ``predict`` reloads: class
            names, scaler, a multi-label run's decoding), or ``None``.

    The properties ``entry``, ``metrics``, ``preprocess``, ``headline``,
    ``curve`` and ``test`` give the same as JSON objects, for code that reads
    them by key.
    """

    name: str
    dir: Path
    summary: MemberSummary
    record: MemberMetrics | None
    history: pd.DataFrame | None = None
    predictions: pd.DataFrame | None = None
    samples: dict[str, np.ndarray] | None = None
    preprocess_record: PreprocessRecord | None = None

    @cached_property
    def entry(self) -> dict:
        """:attr:`summary` as a JSON object."""
        return self.summary.to_dict()

    @cached_property
    def metrics(self) -> dict:
        """:attr:`record` as a JSON object; empty when the member has no ``metrics.json``."""
        return self.record.to_dict() if self.record else {}

    @cached_property
    def preprocess(self) -> dict | None:
        """:attr:`preprocess_record` as a JSON object, or ``None``."""
        return self.preprocess_record.to_dict() if self.preprocess_record else None

    @property
    def headline(self) -> dict:
        """``{"name", "value", "higher_is_better", "textbook"}``; empty if unknown."""
        return self.summary.headline.to_dict() if self.summary.headline else {}

    @property
    def curve(self) -> dict:
        """``{"best_epoch", "onset_epoch", "epochs_run", "explanation", ...}``; empty if unknown."""
        return self.summary.curve.to_dict() if self.summary.curve else {}

    @property
    def test(self) -> dict:
        """The member's test metrics; empty if unknown."""
        return self.record.test if self.record else {}

    @property
    def metric_column(self) -> str | None:
        """The history column drawn beside the loss.

        The headline metric when Keras logged it (``accuracy``, ``mae``), else
        the first logged metric that has a validation twin, else the first
        logged metric; ``None`` when the history holds only the loss.
        """
        if self.history is None:
            return None
        columns = [str(column) for column in self.history.columns]
        metrics = [c for c in columns if c not in _NOT_METRICS and not c.startswith("val_")]
        preferred = self.summary.headline.name if self.summary.headline else None
        if preferred in metrics:
            return preferred
        with_validation = [c for c in metrics if f"val_{c}" in columns]
        return (with_validation or metrics or [None])[0]


@dataclass
class RunFolder:
    """A run folder as read from disk.

    Attributes:
        path: the run folder.
        config: ``config.yaml``, the resolved recipe; empty when missing.
        record: ``metrics.json``.
        status: ``complete``, ``running``, ``failed`` or ``interrupted``.
        status_file: ``status.json``, or `None` when it is missing or damaged.
        members: the run's models, at least one.

    The properties ``metrics`` and ``status_record`` give ``metrics.json`` and
    ``status.json`` as JSON objects (``status_record`` empty without one), for
    code that reads them by key.
    """

    path: Path
    config: dict
    record: RunMetrics
    status: str
    status_file: StatusRecord | None = None
    members: list[Member] = field(default_factory=list)

    @cached_property
    def metrics(self) -> dict:
        """:attr:`record` as a JSON object."""
        return self.record.to_dict()

    @cached_property
    def status_record(self) -> dict:
        """:attr:`status_file` as a JSON object; empty without one."""
        return self.status_file.to_dict() if self.status_file else {}

    @property
    def name(self) -> str:
        """The run folder's name, ``<recipe>-<UTC timestamp>``."""
        return self.path.name

    @property
    def primary(self) -> Member:
        """The member named by the run's ``primary``, else the first."""
        return next((m for m in self.members if m.name == self.record.primary), self.members[0])


def read_run(run_dir: Path) -> RunFolder:
    """Read the run folder ``run_dir``.

    Args:
        run_dir: a folder written by ``fourfold run``.

    Returns:
        The :class:`RunFolder`, with one :class:`Member` per entry of its
        ``members`` (a run folder of an older fourfold without that list is its
        one member).

    Raises:
        RunFolderError: when ``metrics.json`` is missing or of an incompatible
            fourfold.
        DamagedFile: when a file of the folder is damaged (exit code 3).
    """
    run_dir = Path(run_dir)
    record = RUN_METRICS_FILE.read(run_dir)
    if record is None:
        raise RunFolderError(text("records.no_metrics", path=run_dir, name=layout.METRICS,
                                  status=layout.STATUS))
    status_file = STATUS_FILE.read(run_dir)  # damaged: refused, as whether it finished is unknown
    return RunFolder(
        path=run_dir,
        config=read_config(run_dir / layout.CONFIG, sha256=_recipe_sha256(run_dir)) or {},
        record=record,
        status=_status(run_dir, status_file),
        status_file=status_file,
        members=[_read_member(run_dir, record, entry) for entry in record.members],
    )


def _recipe_sha256(run_dir: Path) -> str | None:
    """The SHA-256 of ``config.yaml`` as the run wrote it, from its ``inputs.json``
    (`None` for a run folder without one)."""
    from fourfold.runs.fingerprint import INPUTS_FILE

    inputs = INPUTS_FILE.read(run_dir)
    return inputs.recipe_sha256 if inputs is not None else None


def _status(run_dir: Path, record: StatusRecord | None) -> str:
    """The run's status, as the finished report should show it.

    ``fourfold run`` builds the report as its last step, after ``metrics.json``
    and before it marks the run complete: a ``running`` status written by this
    very process is that finishing step, and the page says ``complete``.
    """
    status = run_status.read_status(run_dir)
    finishing = status == run_status.RUNNING and run_status.is_this_process(record)
    return run_status.COMPLETE if finishing else status


def _read_member(run_dir: Path, run_record: RunMetrics, entry: MemberSummary) -> Member:
    relative = entry.dir
    member_dir = (run_dir / relative).resolve()
    if not member_dir.is_relative_to(run_dir.resolve()):
        raise RunFolderError(text("records.member_outside", path=run_dir / layout.METRICS,
                                  dir=repr(relative)))
    record = run_record if relative in (".", "") else MEMBER_METRICS_FILE.read(member_dir)
    own = record or entry  # a member folder without metrics.json: what the run's entry says
    summary = entry.model_copy(update={"headline": entry.headline or own.headline,
                                       "curve": entry.curve or own.curve})
    return Member(
        name=entry.name or relative,
        dir=member_dir,
        summary=summary,
        record=record,
        history=read_history(member_dir / layout.HISTORY),
        predictions=read_predictions(member_dir / layout.PREDICTIONS),
        samples=read_samples(member_dir / layout.SAMPLES),
        preprocess_record=PREPROCESS_FILE.read(member_dir),
    )
