"""Load a run folder into memory: everything the report draws comes from here.

The report is built from the run folder alone (docs/run-folder.md). Only
``metrics.json`` is required; every other file is optional and its section of
the report is left out when it is missing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from fourfold.errors import RunFolderError
from fourfold.runs import layout
from fourfold.runs import status as run_status

#: History columns that are not metrics (Keras' log keys are everything else).
_NOT_METRICS = frozenset({"epoch", "epoch_seconds", "loss", "learning_rate", "lr"})


@dataclass
class Member:
    """One trained model of a run: the run folder itself (``dir`` ``"."``) or a
    member folder ``models/<name>/`` or ``folds/fold-<k>/``.

    Attributes:
        name: the member's name, as listed in the run's ``metrics.json``.
        dir: the member's folder.
        entry: the member's entry in the run's ``metrics["members"]``.
        metrics: the member's own ``metrics.json`` (the run's, for ``"."``);
            empty when it has none.
        history: ``history.csv``, one row per epoch, or ``None``.
        predictions: ``predictions.csv``, one row per test row, or ``None``.
        samples: the arrays of ``samples.npz`` by name, or ``None``.
        preprocess: ``preprocess.json`` (what ``predict`` reloads: class names,
            scaler, a multi-label run's thresholds), or ``None``.
    """

    name: str
    dir: Path
    entry: dict
    metrics: dict
    history: pd.DataFrame | None = None
    predictions: pd.DataFrame | None = None
    samples: dict[str, np.ndarray] | None = None
    preprocess: dict | None = None

    @property
    def headline(self) -> dict:
        """``{"name", "value", "higher_is_better", "textbook"?}``; empty if unknown."""
        return self.entry.get("headline") or self.metrics.get("headline") or {}

    @property
    def curve(self) -> dict:
        """``{"best_epoch", "onset_epoch", "epochs_run", "explanation", ...}``."""
        return self.entry.get("curve") or self.metrics.get("curve") or {}

    @property
    def test(self) -> dict:
        """The member's test metrics; empty if unknown."""
        return self.metrics.get("test") or {}

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
        preferred = self.headline.get("name")
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
        metrics: ``metrics.json``.
        status: ``complete``, ``running``, ``failed`` or ``interrupted``.
        status_record: ``status.json`` as written; empty when missing.
        members: the run's models, at least one.
    """

    path: Path
    config: dict
    metrics: dict
    status: str
    status_record: dict = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The run folder's name, ``<recipe>-<UTC timestamp>``."""
        return self.path.name

    @property
    def primary(self) -> Member:
        """The member named by ``metrics["primary"]``, else the first."""
        wanted = self.metrics.get("primary")
        return next((m for m in self.members if m.name == wanted), self.members[0])


def read_run(run_dir: Path) -> RunFolder:
    """Read the run folder ``run_dir``.

    Args:
        run_dir: a folder written by ``fourfold run``.

    Returns:
        The :class:`RunFolder`, with one :class:`Member` per entry of
        ``metrics["members"]`` (or the run folder itself when there is no such list).

    Raises:
        RunFolderError: when ``metrics.json`` is missing or unreadable, or
            another file of the folder cannot be parsed.
    """
    run_dir = Path(run_dir)
    metrics_path = run_dir / layout.METRICS
    if not metrics_path.is_file():
        raise RunFolderError(
            f"{run_dir} has no {layout.METRICS}: the run may be incomplete (still running, "
            f"interrupted or failed). Check its {layout.STATUS}, or resume it with "
            f"`fourfold run --resume {run_dir}`."
        )
    metrics = _read_json(metrics_path)
    entries = metrics.get("members") or [{"name": metrics.get("model") or run_dir.name, "dir": "."}]
    record = run_status.read_raw(run_dir) or {}
    return RunFolder(
        path=run_dir,
        config=_read_config(run_dir / layout.CONFIG),
        metrics=metrics,
        status=_status(run_dir, record),
        status_record=record,
        members=[_read_member(run_dir, metrics, entry) for entry in entries],
    )


def _status(run_dir: Path, record: dict) -> str:
    """The run's status, as the finished report should show it.

    ``fourfold run`` builds the report as its last step, after ``metrics.json``
    and before it marks the run complete: a ``running`` status written by this
    very process is that finishing step, and the page says ``complete``.
    """
    status = run_status.read_status(run_dir)
    finishing = (status == run_status.RUNNING and record.get("pid") == os.getpid()
                 and record.get("host") == os.uname().nodename)
    return run_status.COMPLETE if finishing else status


def _read_member(run_dir: Path, run_metrics: dict, entry: dict) -> Member:
    relative = str(entry.get("dir", "."))
    member_dir = (run_dir / relative).resolve()
    if not member_dir.is_relative_to(run_dir.resolve()):
        raise RunFolderError(
            f"{run_dir / layout.METRICS}: member dir {relative!r} points outside the run folder; "
            "expected a path such as 'models/<name>' or '.'."
        )
    if relative in (".", ""):
        metrics = run_metrics
    else:
        metrics_path = member_dir / layout.METRICS
        metrics = _read_json(metrics_path) if metrics_path.is_file() else {}
    return Member(
        name=str(entry.get("name") or relative),
        dir=member_dir,
        entry=entry,
        metrics=metrics,
        history=_read_csv(member_dir / layout.HISTORY),
        predictions=_read_csv(member_dir / layout.PREDICTIONS),
        samples=_read_samples(member_dir / layout.SAMPLES),
        preprocess=_read_json(member_dir / layout.PREPROCESS)
        if (member_dir / layout.PREPROCESS).is_file() else None,
    )


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RunFolderError(f"{path} cannot be read as JSON: {error}.") from error
    if not isinstance(data, dict):
        raise RunFolderError(f"{path} must hold a JSON object; found {type(data).__name__}.")
    return data


def _read_config(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise RunFolderError(f"{path} cannot be read as YAML: {error}.") from error
    return config if isinstance(config, dict) else {}


def _read_csv(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        return None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise RunFolderError(f"{path} cannot be read as CSV: {error}.") from error


def _read_samples(path: Path) -> dict[str, np.ndarray] | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (OSError, ValueError) as error:
        raise RunFolderError(f"{path} cannot be read as a NumPy .npz archive: {error}.") from error
