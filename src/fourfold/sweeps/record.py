"""``sweep.json``: a sweep's grid, its trials and their status, in one typed record.

The driver is its one writer (atomically, :func:`fourfold.runs.layout.write_atomic`,
after every change), :func:`read_sweep` its one reader. A trial's numbers come
from its run folder (``metrics.json``); ``sweep.json`` keeps a copy for the
results table, so the table can be printed from the sweep folder alone.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fourfold.errors import RunFolderError
from fourfold.messages import text
from fourfold.runs import layout
from fourfold.runs.record_files import DamagedFile, read_json_object

#: The file in a sweep folder.
SWEEP_FILE = "sweep.json"
#: The page of results in a sweep folder.
SWEEP_PAGE = "sweep.html"
#: Where the trials' run folders live: ``trials/trial-001/<recipe>-<timestamp>/``.
TRIALS = "trials"
#: The layout version written.
SWEEP_SCHEMA = 1

PENDING, RUNNING, COMPLETE, FAILED, INTERRUPTED = (
    "pending", "running", "complete", "failed", "interrupted")
TrialStatus = Literal["pending", "running", "complete", "failed", "interrupted"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class TrialHeadline(_Record):
    """A trial's headline metric as its run summarised it: ``value`` (± ``std`` over folds)
    on the test set, and ``validation``, the same metric on the rows that chose the
    run's epoch (a K-fold run's out-of-fold rows). Trials are ranked by ``validation``:
    the test set reports, it never chooses. ``validation_loss`` and its standard error
    over the validation rows (``validation_loss_se``) say how far apart two trials are
    against the noise of those rows (absent in sweeps written before they were kept)."""

    name: str
    value: float | None
    higher_is_better: bool
    std: float | None = None
    validation: float | None = None
    validation_loss: float | None = None
    validation_loss_se: float | None = None


class TrialRecord(_Record):
    """One trial: its settings (recipe key -> value), its folder and what came of it.

    Attributes:
        number: 1, 2, ... in the order the trials were made.
        settings: the grid keys and this trial's values.
        folder: the trial's folder, relative to the sweep folder.
        run: its run folder, relative to the sweep folder, once it exists.
        status: ``pending``, ``running``, ``complete``, ``failed`` or ``interrupted``.
        headline: the run's headline metric once complete.
        error: why it failed, one line.
    """

    number: int = Field(ge=1)
    settings: dict[str, Any]
    folder: str
    run: str | None = None
    status: TrialStatus = PENDING
    headline: TrialHeadline | None = None
    error: str | None = None


class SweepRecord(_Record):
    """``sweep.json``.

    Attributes:
        recipe: the recipe every trial starts from, resolved (``--set`` applied).
        grid: each ``--grid`` key and its values, in order.
        kfold: ``--kfold K``; `None` for a single split per trial.
        search: ``grid`` (every combination) or ``optuna`` (sampled).
        trials_wanted: ``--trials N`` of an optuna search.
        data_dir: the data folder the trials read.
        status: the sweep's: ``running``, ``complete``, ``interrupted``, ``failed``.
    """

    schema_version: int = Field(SWEEP_SCHEMA, alias="schema")
    recipe: dict[str, Any]
    grid: dict[str, list[Any]]
    kfold: int | None = None
    search: Literal["grid", "optuna"] = "grid"
    trials_wanted: int | None = None
    data_dir: str | None = None
    status: Literal["running", "complete", "interrupted", "failed"] = "running"
    started: str = Field(default_factory=lambda: _now())
    updated: str | None = None
    trials: list[TrialRecord] = Field(default_factory=list)

    @property
    def recipe_name(self) -> str:
        return str(self.recipe.get("name", "recipe"))

    @property
    def task(self) -> str:
        return str(self.recipe.get("task", ""))


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def write_sweep(sweep_dir: Path, record: SweepRecord) -> None:
    """Write ``sweep.json`` into ``sweep_dir`` atomically (old or new, never half)."""
    record.updated = _now()
    layout.write_atomic(Path(sweep_dir) / SWEEP_FILE,
                        json.dumps(record.model_dump(mode="json", by_alias=True), indent=2,
                                   ensure_ascii=False) + "\n")


def read_sweep(sweep_dir: Path) -> SweepRecord:
    """The sweep folder's ``sweep.json``.

    Raises:
        RunFolderError: ``sweep_dir`` has no ``sweep.json`` (exit 1, saying what to give).
        DamagedFile: the file does not read back as written (exit 3, naming it).
    """
    path = Path(sweep_dir) / SWEEP_FILE
    data = read_json_object(path, _damaged)
    if data is None:
        raise RunFolderError(text("sweep.not_a_sweep", path=sweep_dir, name=SWEEP_FILE))
    found = data.get("schema")
    if isinstance(found, int) and not isinstance(found, bool) and found > SWEEP_SCHEMA:
        raise RunFolderError(text("records.newer", path=path, found=found,
                                  supported=SWEEP_SCHEMA))
    try:
        return SweepRecord.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        raise _damaged(path, text("records.problem.value", field=field, error=problem["msg"],
                                  found=repr(problem.get("input"))[:60])) from None


def _damaged(path: Path, problem: str) -> DamagedFile:
    return DamagedFile(path, text("sweep.damaged", path=path, problem=problem), problem)
