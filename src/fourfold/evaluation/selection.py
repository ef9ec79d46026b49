"""Which of a run's models is *the* model: the one ``predict`` uses and the summary shows."""

from __future__ import annotations

from collections.abc import Sequence

from fourfold.runs.records import MemberMetrics


def select_primary(members: Sequence[MemberMetrics], rule: str = "lowest_loss") -> int:
    """The index of the run's model among ``members``.

    Args:
        members: the trained models' metrics (``curve.best_value`` is the validation
            loss of the kept epoch; ``validation["loss_se"]`` its standard error;
            ``parameters`` the model's size).
        rule: ``lowest_loss``, or ``one_standard_error``: the model with the fewest
            parameters whose validation loss is at most the lowest plus that lowest
            model's standard error. Defaults to `"lowest_loss"`.

    Returns:
        An index into ``members``; ties go to the earlier member.
    """
    losses = [member.curve.best_value for member in members]
    best = min(range(len(members)), key=lambda index: (losses[index], index))
    if rule != "one_standard_error":
        return best
    standard_error = members[best].validation.get("loss_se") or 0.0
    within = [index for index in range(len(members)) if losses[index] <= losses[best] + standard_error]
    return min(within, key=lambda index: (members[index].parameters or 0, index))
