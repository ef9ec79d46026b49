"""How a sweep picks its trials: ``grid`` (every combination, in order) or ``optuna``
(``--trials N`` sampled by Optuna's TPE sampler, the grid's values as categorical
choices). Optuna is imported only for an optuna search.
"""

from __future__ import annotations

from typing import Any

from fourfold.sweeps.grid import Axis, grid_size, value_text
from fourfold.sweeps.record import COMPLETE, FAILED, SweepRecord

#: Samples tried per trial wanted before an optuna search gives up finding a new
#: combination (the sampler may keep proposing ones already run).
_ATTEMPTS_PER_TRIAL = 50


class OptunaSearch:
    """Trials sampled by Optuna, told each trial's headline metric on its validation rows
    as it ends (:func:`~fourfold.sweeps.results.ranking_value`).

    Trials already in the record (a resumed sweep) are told to the study first,
    so sampling goes on from what is known. A combination already tried is not
    run again: the sampler is asked for another.

    Args:
        axes: the grid; each key's values become one categorical choice.
        higher_is_better: the direction of the task's headline metric.
        seed: the sampler's seed (the recipe's).
    """

    def __init__(self, axes: list[Axis], *, higher_is_better: bool, seed: int):
        from fourfold.sweeps.executors import import_optional

        optuna = import_optional("optuna", extra="optuna")
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        self._optuna = optuna
        self._axes = axes
        self._choices = {axis.key: [value_text(value) for value in axis.values] for axis in axes}
        self._distributions = {key: optuna.distributions.CategoricalDistribution(choices)
                               for key, choices in self._choices.items()}
        self.study = optuna.create_study(
            direction="maximize" if higher_is_better else "minimize",
            sampler=optuna.samplers.TPESampler(seed=seed))
        self._asked: dict[int, Any] = {}

    @property
    def size(self) -> int:
        """Combinations the grid has."""
        return grid_size(self._axes)

    def replay(self, record: SweepRecord) -> None:
        """Tell the study the trials the record holds that have ended."""
        from optuna.trial import TrialState, create_trial

        from fourfold.sweeps.results import ranking_value

        for trial in record.trials:
            value = ranking_value(trial)
            if trial.status == COMPLETE and value is not None:
                state = TrialState.COMPLETE
            elif trial.status == FAILED:
                state, value = TrialState.FAIL, None
            else:
                continue
            self.study.add_trial(create_trial(
                params=self._params(trial.settings), distributions=self._distributions,
                value=value, state=state))

    def sample(self, count: int, known: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Up to ``count`` new combinations (none of ``known``); fewer when the grid has no
        more, or the sampler keeps proposing known ones."""
        from optuna.trial import TrialState

        found: list[dict[str, Any]] = []
        for _ in range(count * _ATTEMPTS_PER_TRIAL):
            if len(found) == count or len(known) + len(found) >= self.size:
                break
            trial = self.study.ask(self._distributions)
            settings = {axis.key: axis.values[self._choices[axis.key].index(trial.params[axis.key])]
                        for axis in self._axes}
            if settings in known or settings in found:
                self.study.tell(trial, state=TrialState.PRUNED)
                continue
            self._asked[len(known) + len(found)] = trial
            found.append(settings)
        return found

    def tell(self, index: int, value: float | None) -> None:
        """The result of the ``index``-th trial of the sweep (0-based), if this study asked it."""
        from optuna.trial import TrialState

        trial = self._asked.pop(index, None)
        if trial is None:
            return
        if value is None:
            self.study.tell(trial, state=TrialState.FAIL)
        else:
            self.study.tell(trial, value)

    def _params(self, settings: dict[str, Any]) -> dict[str, str]:
        return {key: value_text(settings[key]) for key in self._choices}
