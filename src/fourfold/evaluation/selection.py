"""Which of a run's models is *the* model: the one ``predict`` uses and the summary shows."""

from __future__ import annotations


def select_primary(members: list[tuple[str, object, dict]], rule: str = "lowest_loss") -> int:
    """The index of the run's model among ``members`` (``(name, folder, metrics)``).

    Args:
        members: the trained models with their metrics (``curve.best_value`` is the
            validation loss of the kept epoch; ``validation.loss_se`` its standard
            error; ``parameters`` the model's size).
        rule: ``lowest_loss``, or ``one_standard_error``: the model with the fewest
            parameters whose validation loss is at most the lowest plus that
            lowest model's standard error. Defaults to `"lowest_loss"`.

    Returns:
        An index into ``members``; ties go to the earlier member.

    Example:
        >>> big = ("big", None, {"curve": {"best_value": 1.00}, "validation": {"loss_se": 0.1},
        ...                      "parameters": 900})
        >>> small = ("small", None, {"curve": {"best_value": 1.05}, "validation": {},
        ...                          "parameters": 10})
        >>> select_primary([big, small]), select_primary([big, small], "one_standard_error")
        (0, 1)
    """
    losses = [member[2]["curve"]["best_value"] for member in members]
    best = min(range(len(members)), key=lambda index: (losses[index], index))
    if rule != "one_standard_error":
        return best
    standard_error = members[best][2].get("validation", {}).get("loss_se") or 0.0
    within = [index for index in range(len(members)) if losses[index] <= losses[best] + standard_error]
    return min(within, key=lambda index: (members[index][2].get("parameters", 0), index))
