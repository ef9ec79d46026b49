"""The results table of a sweep: trials ranked by the task's headline metric on
their validation rows, best first (its direction from the task: accuracy up, MAE
and log loss down) -- the rows that chose each run's epoch, never the test set,
which the table reports beside (mean ± std where the trials ran K folds); trials
without a number after them, in their order. The terminal table and the page's
table are these rows."""

from __future__ import annotations

from dataclasses import dataclass

from fourfold.messages import text
from fourfold.sweeps.grid import value_text
from fourfold.sweeps.record import COMPLETE, SweepRecord, TrialRecord


@dataclass(frozen=True)
class ResultsTable:
    """Column titles and one row of cell texts per trial, ranked."""

    columns: list[str]
    rows: list[list[str]]
    trials: list[TrialRecord]


def ranked(record: SweepRecord) -> list[TrialRecord]:
    """The trials best first by :func:`ranking_value`; those without one last, in order."""
    from fourfold.tasks import get_task

    higher = get_task(record.task).headline.higher_is_better
    scored = [trial for trial in record.trials if ranking_value(trial) is not None]
    others = [trial for trial in record.trials if ranking_value(trial) is None]
    scored.sort(key=lambda trial: (-ranking_value(trial) if higher else ranking_value(trial),
                                   trial.number))
    return scored + others


def ranking_value(trial: TrialRecord) -> float | None:
    """What a trial is ranked (and Optuna steered) by: the headline metric on its
    validation rows; `None` for a trial without a result."""
    if _value(trial) is None:
        return None
    return trial.headline.validation


def headline_name(record: SweepRecord) -> str:
    """The headline metric's name (the task's)."""
    from fourfold.tasks import get_task

    return get_task(record.task).headline.name


def results_table(record: SweepRecord) -> ResultsTable:
    """The table: rank, trial, each grid key's value, the headline metric, status."""
    from fourfold.messages.labels import metric_label

    trials = ranked(record)
    keys = list(record.grid)
    metric = metric_label(headline_name(record))
    columns = [text("sweep.column.rank"), text("sweep.column.trial"), *keys,
               text("sweep.column.validation", metric=metric),
               text("sweep.column.validation_loss"),
               text("sweep.column.test", metric=metric), text("sweep.column.status")]
    rows = []
    for rank, trial in enumerate(trials, 1):
        scored = ranking_value(trial) is not None
        rows.append([str(rank) if scored else "", str(trial.number),
                     *[value_text(trial.settings.get(key)) for key in keys],
                     validation_text(trial), validation_loss_text(trial), headline_text(trial),
                     text(f"sweep.status.{trial.status}")])
    return ResultsTable(columns, rows, trials)


def validation_loss_text(trial: TrialRecord) -> str:
    """``0.0572 ± 0.0028``: the trial's validation loss ± its standard error over the
    validation rows; the loss alone without one; ``—`` for none."""
    headline = trial.headline if ranking_value(trial) is not None else None
    loss = headline.validation_loss if headline else None
    if loss is None:
        return "—"
    se = headline.validation_loss_se
    return f"{loss:.4f}" if se is None else f"{loss:.4f} ± {se:.4f}"


def within_noise_of_best(record: SweepRecord) -> list[TrialRecord]:
    """The other complete trials whose validation loss lies within one standard error
    (the best trial's, over its validation rows) of the best trial's: on these rows their
    order against the best is noise, and the cheaper of them is as good a choice (the
    one-standard-error rule). Empty where the best trial has no loss or standard error."""
    return _best_and_within_noise(record)[1]


def _best_and_within_noise(record: SweepRecord) -> tuple[TrialRecord | None, list[TrialRecord]]:
    trials = ranked(record)
    if not trials or ranking_value(trials[0]) is None:
        return None, []
    winner, others = trials[0], trials[1:]
    loss, se = winner.headline.validation_loss, winner.headline.validation_loss_se
    if loss is None or se is None:
        return winner, []
    known = [trial for trial in others
             if ranking_value(trial) is not None and trial.headline.validation_loss is not None]
    return winner, [trial for trial in known if abs(trial.headline.validation_loss - loss) <= se]


def headline_text(trial: TrialRecord) -> str:
    """``2.0051 ± 0.0153`` for a K-fold trial, ``0.9712`` for one split, ``—`` for none."""
    value = _value(trial)
    if value is None:
        return "—"
    std = trial.headline.std
    return f"{value:.4f}" if std is None else f"{value:.4f} ± {std:.4f}"


def validation_text(trial: TrialRecord) -> str:
    """``0.9712``, the trial's headline metric on its validation rows; ``—`` for none."""
    value = ranking_value(trial)
    return "—" if value is None else f"{value:.4f}"


def best(record: SweepRecord) -> TrialRecord | None:
    """The best complete trial by validation, or `None`."""
    trials = ranked(record)
    return trials[0] if trials and ranking_value(trials[0]) is not None else None


def _value(trial: TrialRecord) -> float | None:
    if trial.status != COMPLETE or trial.headline is None:
        return None
    return trial.headline.value


def noise_text(record: SweepRecord) -> str | None:
    """The sentence naming the trials within one standard error of the best on validation
    loss (:func:`within_noise_of_best`); `None` when there are none."""
    winner, tied = _best_and_within_noise(record)
    if not tied:
        return None
    return text("sweep.within_noise", number=winner.number, loss=validation_loss_text(winner),
                trials=", ".join(f"{trial.number} ({validation_loss_text(trial)})"
                                 for trial in tied))
