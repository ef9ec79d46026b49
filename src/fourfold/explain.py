"""The chapter's softmax-versus-sigmoid lesson, computed on any scores.

Softmax turns K scores into K probabilities that sum to 1: the classes compete,
and raising one score lowers every other probability. Sigmoid judges each score
alone: its probabilities need not sum to anything, and raising one score leaves
the others where they were. That is why the rule table gives multiclass a
softmax output (one class per row) and binary and multi-label a sigmoid one
(each label yes or no on its own).

Example:
    >>> lesson = explain("softmax", [3.1, 3.0, 2.9])
    >>> [round(p, 3) for p in lesson.softmax]
    [0.367, 0.332, 0.301]
    >>> [round(p, 3) for p in lesson.sigmoid]
    [0.957, 0.953, 0.948]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The activations the lesson compares, as the rule table names them.
ACTIVATIONS = ("softmax", "sigmoid")

#: The chapter's example scores (three close logits: a "burger" barely ahead).
EXAMPLE_SCORES = (3.1, 3.0, 2.9)

#: How much the lesson raises the first score to show softmax's competition.
NUDGE = 1.0


@dataclass(frozen=True)
class Explanation:
    """Both activations on the same scores, and what raising the first score does.

    Attributes:
        activation: the activation asked about, ``softmax`` or ``sigmoid``.
        scores: the scores (logits), shape ``(K,)``, float64.
        softmax: softmax of the scores, shape ``(K,)``; sums to 1.
        sigmoid: sigmoid of each score, shape ``(K,)``; each in (0, 1).
        nudged_softmax: softmax after the first score is raised by :data:`NUDGE`.
        nudged_sigmoid: sigmoid after the same change.
        tasks: the registered tasks whose output layer uses ``activation``.
    """

    activation: str
    scores: np.ndarray
    softmax: np.ndarray
    sigmoid: np.ndarray
    nudged_softmax: np.ndarray
    nudged_sigmoid: np.ndarray
    tasks: tuple[str, ...]

    @property
    def probabilities(self) -> np.ndarray:
        """The asked-about activation's probabilities."""
        return self.softmax if self.activation == "softmax" else self.sigmoid


def explain(activation: str, scores) -> Explanation:
    """Softmax and sigmoid of ``scores``, for the lesson on ``activation``.

    Args:
        activation: ``softmax`` or ``sigmoid``.
        scores: one or more finite numbers (a model's logits for one row).

    Returns:
        The :class:`Explanation`.

    Raises:
        ValueError: an unknown activation, no scores, or a score that is not a
            finite number.
    """
    from scipy.special import expit, softmax

    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}; received {activation!r}")
    values = np.asarray(scores, dtype=np.float64).reshape(-1)
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError(f"scores must be one or more finite numbers; received {list(values)}")
    nudged = values.copy()
    nudged[0] += NUDGE
    from fourfold.tasks import TASKS

    return Explanation(
        activation=activation, scores=values, softmax=softmax(values), sigmoid=expit(values),
        nudged_softmax=softmax(nudged), nudged_sigmoid=expit(nudged),
        tasks=tuple(name for name, task in TASKS.items() if task.activation == activation))
