"""Best epoch and overfitting onset from a training history.

The best epoch is where validation loss is lowest. Overfitting has set in
after it when, by the end of training, validation loss has risen clearly above
that minimum while the gap between validation and training loss has widened.
"""

from __future__ import annotations

import numpy as np

from fourfold.messages import text
from fourfold.runs.records import Curve

#: Validation loss must end this much (relative) above its minimum to count as a rise.
RISE = 0.02
#: Epochs averaged at the end of training, to smooth epoch-to-epoch noise.
TAIL = 3
#: An onset within this fraction of the epochs run is early: most of training then
#: only fitted the training rows better.
EARLY_ONSET = 0.5


def analyse_history(history: dict[str, list[float]], monitor: str = "val_loss") -> Curve:
    """Find the best epoch and the overfitting onset.

    Args:
        history: Keras' ``History.history``: lists per log key.
        monitor: the validation key to minimise. Defaults to `"val_loss"`.

    Returns:
        The ``curve`` record of ``metrics.json`` (:class:`~fourfold.runs.records.Curve`);
        ``onset_epoch`` is ``None`` when validation loss never turned up.

    Raises:
        KeyError: when ``monitor`` is not in ``history``, naming the keys there are.
    """
    if monitor not in history or not history[monitor]:
        raise KeyError(f"History has no '{monitor}'; keys are {sorted(history)}.")
    validation = np.asarray(history[monitor], dtype=np.float64)
    training = np.asarray(history.get(monitor.removeprefix("val_"), validation), dtype=np.float64)
    epochs = len(validation)
    best_index = int(np.nanargmin(validation))
    best_value = float(validation[best_index])
    tail = slice(max(best_index + 1, epochs - TAIL), epochs)
    after = validation[tail]
    rose = after.size > 0 and float(np.mean(after)) > best_value * (1 + RISE) + 1e-12
    gap_at_best = validation[best_index] - training[best_index]
    widened = after.size > 0 and float(np.mean(after - training[tail])) > gap_at_best
    best_epoch = best_index + 1
    if rose and widened:
        onset = best_epoch
        explanation = text("curve.onset", best=best_epoch, value=best_value)
    elif best_epoch >= epochs - 1 or after.size == 0:
        onset = None
        explanation = text("curve.no_onset", best=best_epoch, epochs=epochs)
    else:
        onset = None
        explanation = text("curve.flat", best=best_epoch, value=best_value)
    return Curve(monitor=monitor, best_epoch=best_epoch, best_value=best_value,
                 onset_epoch=onset, epochs_run=epochs, explanation=explanation)


def is_early_onset(curve: dict) -> bool:
    """Whether a ``metrics["curve"]`` shows overfitting setting in within the first
    :data:`EARLY_ONSET` of the epochs run (after epoch 4 of 30, say)."""
    onset, epochs = curve.get("onset_epoch"), curve.get("epochs_run")
    numbers = all(isinstance(value, (int, float)) and not isinstance(value, bool)
                  for value in (onset, epochs))
    return numbers and epochs > 0 and onset <= EARLY_ONSET * epochs
