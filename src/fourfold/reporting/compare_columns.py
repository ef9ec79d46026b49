"""The columns of the compare page: one per model, a K-fold run as one column.

A K-fold run's folds are one experiment measured K times, so the run is one
column whose numbers are the folds' mean ± standard deviation, and whose
learning curve is the folds' curves averaged epoch by epoch. Every other run
gives one column per model it trained (a run with ``compare_with`` has several).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

import pandas as pd

from fourfold.numbers import finite
from fourfold.reporting.reading import Member, RunFolder
from fourfold.runs import layout
from fourfold.runs.records import KFold


@dataclass
class Column:
    """One model of the page, or one K-fold run.

    Attributes:
        label: the column's name on the page (distinct from every other's).
        run: the run folder it comes from.
        members: the model it shows, or a K-fold run's folds.
        kfold: the run's ``kfold`` record for a K-fold column, else `None`.
    """

    label: str
    run: RunFolder
    members: list[Member] = field(default_factory=list)
    kfold: KFold | None = None

    @property
    def member(self) -> Member:
        """The column's model (a K-fold column's first fold: all share the architecture)."""
        return self.members[0]

    @property
    def test(self) -> dict:
        """Test metrics: a model's own, or the folds' means."""
        return dict(self.kfold.test.mean) if self.kfold else self.member.test

    @property
    def test_std(self) -> dict:
        """The folds' standard deviations of the test metrics; empty for one model."""
        return dict(self.kfold.test.std) if self.kfold else {}

    @property
    def test_loss(self) -> float | None:
        return finite(self.test.get("loss"))

    @property
    def validation_loss(self) -> float | None:
        """Lowest validation loss (the folds' mean of theirs)."""
        values = [finite(m.curve.get("best_value")) for m in self.members
                  if m.curve.get("monitor", "val_loss") == "val_loss"]
        return _mean(values)

    @property
    def gap(self) -> float | None:
        """Validation minus training loss at the best epoch (the folds' mean)."""
        return _mean([_gap_at_best_epoch(member) for member in self.members])

    @property
    def onset(self) -> int | str | None:
        """The epoch after which validation loss turns up (the earliest fold's);
        ``"never"`` when it never did; `None` when unknown."""
        curves = [member.curve for member in self.members if "onset_epoch" in member.curve]
        if not curves:
            return None
        epochs = [int(curve["onset_epoch"]) for curve in curves if curve["onset_epoch"]]
        return min(epochs) if epochs else "never"

    @property
    def parameters(self) -> int | None:
        member = self.member
        value = member.summary.parameters or (member.record.parameters if member.record else None)
        return None if value is None else int(value)

    @property
    def history(self) -> pd.DataFrame | None:
        """The column's learning curves: the model's history, or the folds' mean per epoch."""
        frames = [member.history for member in self.members if member.history is not None]
        if not frames:
            return None
        if len(frames) == 1:
            return frames[0]
        merged = pd.concat(frames).groupby("epoch", as_index=False).mean(numeric_only=True)
        return merged.sort_values("epoch").reset_index(drop=True)


def columns_of(runs: list[RunFolder], labels: list[str]) -> list[Column]:
    """The page's columns, in the runs' order: a K-fold run is one column labelled
    as its run; each model of another run is one, ``<run label> / <model>`` when
    the run has several."""
    columns = []
    for run, label in zip(runs, labels):
        if run.record.kfold is not None:
            folds = [m for m in run.members if _is_fold(m)] or list(run.members)
            columns.append(Column(label=label, run=run, members=folds, kfold=run.record.kfold))
            continue
        for member in run.members:
            name = f"{label} / {member.name}" if len(run.members) > 1 else label
            columns.append(Column(label=name, run=run, members=[member]))
    return columns


def _is_fold(member: Member) -> bool:
    return member.dir.parent.name == layout.FOLDS


def _gap_at_best_epoch(member: Member) -> float | None:
    history, best = member.history, member.curve.get("best_epoch")
    if history is None or best is None or "val_loss" not in history:
        return None
    row = history[history["epoch"] == int(best)]
    if row.empty:
        return None
    return float(row["val_loss"].iloc[0] - row["loss"].iloc[0])


def _mean(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return mean(known) if known else None
